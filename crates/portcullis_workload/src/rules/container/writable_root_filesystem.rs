//! KS036: the container's root filesystem is writable.

use super::security_context_span;
use crate::Workload;
use crate::rules::wording::say;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers that do not set `readOnlyRootFilesystem: true`
    /// (compose: `read_only: true`). Windows pods (`os.name: windows`), which
    /// cannot set it, are not checked.
    ///
    /// ## Why is this bad?
    /// A writable root filesystem lets an attacker who gets code execution drop
    /// tools, replace binaries and libraries the application loads later, and
    /// persist across process restarts. With a read-only root, writes go only to
    /// the `emptyDir` or tmpfs mounts the application really needs.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   readOnlyRootFilesystem: false
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   readOnlyRootFilesystem: true
    /// volumeMounts:
    ///   - {name: tmp, mountPath: /tmp}
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.12; NSA/CISA Kubernetes Hardening Guide; CWE-732
    /// - Trivy KSV014; Checkov CKV_K8S_22; Polaris `notReadOnlyRootFilesystem`
    pub struct WritableRootFilesystem {
        id: "KS036",
        name: "writable-root-filesystem",
        domain: Workload,
        severity: Medium,
        summary: "Container root filesystem is writable",
        tags: ["hardening"],
        standards: ["cis-docker:5.12"],
    }
}

impl Rule<Workload> for WritableRootFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        // Windows containers cannot have a read-only root filesystem.
        if w.pod.os_name.as_ref().is_some_and(|o| o.value == "windows") {
            return;
        }
        for c in w.containers() {
            let field = c
                .security_context
                .as_ref()
                .and_then(|s| s.read_only_root_filesystem.as_ref());
            match field {
                Some(f) if f.value => {}
                Some(f) => {
                    cx.report(
                        &Self::META,
                        f.span,
                        say(
                            w,
                            || format!("container `{}` has a writable root filesystem", c.name_str()),
                            || {
                                format!(
                                    "service `{}` has a writable root filesystem; set `read_only: true`",
                                    c.name_str()
                                )
                            },
                        ),
                    )
                    .container(c.name_str());
                }
                None => {
                    cx.report(
                        &Self::META,
                        security_context_span(c),
                        say(
                            w,
                            || {
                                format!(
                                    "container `{}` does not set a read-only root filesystem",
                                    c.name_str()
                                )
                            },
                            || format!("service `{}` does not set `read_only: true`", c.name_str()),
                        ),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}
