//! KS016: running as UID 0 (PSS restricted "Running as Non-root user").

use super::container_label;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a pod or container that sets `runAsUser: 0`. Policy versions
    /// before 1.23 do not have this control; from 1.35 a pod with
    /// `hostUsers: false` is exempt.
    ///
    /// ## Why is this bad?
    /// UID 0 is root. Even with `runAsNonRoot` elsewhere, an explicit
    /// `runAsUser: 0` runs the process as root, with root's access to
    /// anything the container can reach.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 0
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 10001
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, Restricted: Running as Non-root user (`runAsUser`, v1.23+)
    /// - Trivy KSV105 (KSV020 for low UIDs), Checkov CKV_K8S_40
    pub struct RunAsRootUser {
        id: "KS016",
        name: "run-as-root-user",
        domain: Workload,
        severity: Medium,
        summary: "Pod or container runs as UID 0",
        tags: ["pss", "pss-restricted"],
        standards: ["pss:restricted/runAsUser"],
    }
}

impl Rule<Workload> for RunAsRootUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let v = cx.settings.pss_version;
        if !v.at_least(23) || (v.at_least(35) && w.in_user_namespace()) {
            return;
        }
        let pod = w
            .pod
            .security_context
            .as_ref()
            .and_then(|s| s.run_as_user.as_ref());
        if let Some(f) = pod
            && f.value == 0
        {
            cx.report(&Self::META, f.span, "pod must not set runAsUser=0");
        }
        for c in w.containers() {
            let own = c
                .security_context
                .as_ref()
                .and_then(|s| s.run_as_user.as_ref());
            if let Some(f) = own
                && f.value == 0
            {
                cx.report(
                    &Self::META,
                    f.span,
                    format!("{} must not set runAsUser=0", container_label(c)),
                )
                .container(c.name_str());
            }
        }
    }
}
