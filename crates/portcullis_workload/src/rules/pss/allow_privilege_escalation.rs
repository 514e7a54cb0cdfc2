//! KS014: privilege escalation not disabled (PSS restricted "Privilege Escalation").

use super::{container_label, linux_control_applies};
use crate::Workload;
use crate::rules::wording::{say, service_of};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a container that does not set
    /// `securityContext.allowPrivilegeEscalation: false`. Policy versions
    /// before 1.8 do not have this control; from 1.25 Windows pods
    /// (`spec.os.name: windows`) are exempt. In compose files it reports a
    /// service without `security_opt: ["no-new-privileges:true"]`.
    ///
    /// ## Why is this bad?
    /// Unless it is disabled, a process can gain more privileges than its
    /// parent through setuid binaries or file capabilities, turning a
    /// foothold as an unprivileged user into root inside the container.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    ///   allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, Restricted: Privilege Escalation (`allowPrivilegeEscalation`)
    /// - CIS Kubernetes Benchmark 5.2.6
    /// - Trivy KSV001, Checkov CKV_K8S_20, Polaris `privilegeEscalationAllowed`
    pub struct AllowPrivilegeEscalation {
        id: "KS014",
        name: "privilege-escalation-allowed",
        domain: Workload,
        severity: Medium,
        summary: "Container does not disable privilege escalation",
        tags: ["pss", "pss-restricted"],
        standards: ["pss:restricted/allowPrivilegeEscalation"],
    }
}

impl Rule<Workload> for AllowPrivilegeEscalation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if !linux_control_applies(cx, w, 8) {
            return;
        }
        for c in w.containers() {
            let field = c
                .security_context
                .as_ref()
                .and_then(|s| s.allow_privilege_escalation.as_ref());
            let span = match field {
                Some(f) if !f.value => continue,
                Some(f) => f.span,
                None => c.security_span(),
            };
            cx.report(
                &Self::META,
                span,
                say(
                    w,
                    || {
                        format!(
                            "{} must set securityContext.allowPrivilegeEscalation=false",
                            container_label(c)
                        )
                    },
                    || {
                        format!(
                            "{} must set security_opt: [\"no-new-privileges:true\"]",
                            service_of(c)
                        )
                    },
                ),
            )
            .container(c.name_str());
        }
    }
}
