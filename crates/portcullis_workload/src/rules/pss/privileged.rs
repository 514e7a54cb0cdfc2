//! KS003: privileged containers (PSS baseline "Privileged Containers").

use super::container_label;
use crate::Workload;
use crate::rules::wording::{say, service_of};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a container (regular, init or ephemeral) that sets
    /// `securityContext.privileged: true`, or a compose service that sets
    /// `privileged: true`.
    ///
    /// ## Why is this bad?
    /// A privileged container gets every capability, every device of the node
    /// and no seccomp or AppArmor confinement. Escaping to the node from it
    /// takes one command.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   privileged: true
    /// ```
    /// Use instead: remove `privileged`, and add only the capability the
    /// workload needs.
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: Privileged Containers (`privileged`)
    /// - CIS Kubernetes Benchmark 5.2.1; CWE-250
    /// - Trivy KSV017, Checkov CKV_K8S_16, Polaris `runAsPrivileged`
    pub struct PrivilegedContainer {
        id: "KS003",
        name: "privileged-container",
        domain: Workload,
        severity: Critical,
        summary: "Container runs privileged",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/privileged"],
    }
}

impl Rule<Workload> for PrivilegedContainer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            let sc = c.security_context.as_ref();
            if let Some(f) = sc.and_then(|s| s.privileged.as_ref())
                && f.value
            {
                cx.report(
                    &Self::META,
                    f.span,
                    say(
                        w,
                        || {
                            format!(
                                "{} must not set securityContext.privileged=true",
                                container_label(c)
                            )
                        },
                        || {
                            format!(
                                "{} runs privileged; remove \"privileged: true\"",
                                service_of(c)
                            )
                        },
                    ),
                )
                .container(c.name_str());
            }
        }
    }
}
