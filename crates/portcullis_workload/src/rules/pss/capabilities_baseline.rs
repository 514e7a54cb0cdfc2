//! KS004: adding capabilities beyond the container runtime's default set
//! (PSS baseline "Capabilities").

use super::{added_capabilities, report_added_capability};
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

/// Capabilities the baseline level lets a container add (PSA
/// `capabilities_allowed_1_0`, unchanged since): the runtime defaults.
pub(crate) const ALLOWED_1_0: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

declare_rule! {
    /// ## What it does
    /// Reports a container whose `securityContext.capabilities.add` lists a
    /// capability outside the runtime's default set (`AUDIT_WRITE`, `CHOWN`,
    /// `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`,
    /// `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`, `SYS_CHROOT`). Names are
    /// compared exactly, as Kubernetes does: `chown` and `CAP_CHOWN` are not
    /// `CHOWN`. In compose files it reads `cap_add`, where Docker accepts any
    /// case and the `CAP_` prefix.
    ///
    /// ## Why is this bad?
    /// Extra capabilities such as `SYS_ADMIN`, `NET_ADMIN` or `NET_RAW` hand the
    /// container kernel powers that are the usual first step of a container
    /// escape or of attacks on the pod network.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     add: ["NET_ADMIN", "SYS_ADMIN"]
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: ["ALL"]
    ///     add: ["NET_BIND_SERVICE"]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: Capabilities (`capabilities_baseline`)
    /// - CIS Kubernetes Benchmark 5.2.8, 5.2.9
    /// - Trivy KSV022, Checkov CKV_K8S_25/CKV_K8S_39, Polaris `insecureCapabilities`
    pub struct NonDefaultCapabilities {
        id: "KS004",
        name: "non-default-capabilities",
        domain: Workload,
        severity: High,
        summary: "Container adds capabilities beyond the runtime defaults",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/capabilities"],
    }
}

impl Rule<Workload> for NonDefaultCapabilities {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        // From 1.22 the restricted capabilities check (KS018) replaces this one.
        if cx.settings.restricted() && cx.settings.pss_version.at_least(22) {
            return;
        }
        for c in w.containers() {
            for cap in added_capabilities(c) {
                if !ALLOWED_1_0.contains(&cap.value.as_str()) {
                    report_added_capability(cx, &Self::META, w, c, cap, "; remove it from cap_add");
                }
            }
        }
    }
}
