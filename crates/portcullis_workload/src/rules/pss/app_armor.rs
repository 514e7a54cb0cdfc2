//! KS008: AppArmor disabled or overridden (PSS baseline "AppArmor").

use super::{confined_profile_type, profile_type, report_profile_type};
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

/// Annotation prefix of the per-container AppArmor profile (deprecated but
/// still read by Pod Security Admission).
pub(crate) const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

/// The `securityContext` key of the profile.
const FIELD: &str = "appArmorProfile";

fn allowed_annotation(v: &str) -> bool {
    v.is_empty() || v == "runtime/default" || v.starts_with("localhost/")
}

declare_rule! {
    /// ## What it does
    /// Reports an `appArmorProfile` whose `type` is not `RuntimeDefault` or
    /// `Localhost` (pod or container), and a
    /// `container.apparmor.security.beta.kubernetes.io/*` annotation whose
    /// value is not `runtime/default` or `localhost/*`. In compose files it
    /// reports `security_opt: ["apparmor:unconfined"]`.
    ///
    /// ## Why is this bad?
    /// The runtime's default AppArmor profile blocks writes to sensitive
    /// kernel interfaces such as `/proc/sys` and mount operations. An
    /// `Unconfined` profile removes that layer of defence.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile:
    ///     type: Unconfined
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   appArmorProfile:
    ///     type: RuntimeDefault
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: AppArmor (`appArmorProfile`)
    /// - Trivy KSV002
    pub struct AppArmorUnconfined {
        id: "KS008",
        name: "apparmor-unconfined",
        domain: Workload,
        severity: Medium,
        summary: "AppArmor profile is disabled or not an allowed profile",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/appArmorProfile"],
    }
}

impl Rule<Workload> for AppArmorUnconfined {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let pod = w.pod.security_context.as_ref();
        if let Some(p) = pod.and_then(|s| s.app_armor.as_ref())
            && !confined_profile_type(profile_type(p))
        {
            report_profile_type(cx, &Self::META, w, None, p, FIELD, compose_message);
        }
        for c in w.containers() {
            let sc = c.security_context.as_ref();
            if let Some(p) = sc.and_then(|s| s.app_armor.as_ref())
                && !confined_profile_type(profile_type(p))
            {
                report_profile_type(cx, &Self::META, w, Some(c), p, FIELD, compose_message);
            }
        }
        for (k, v) in w.pod_annotations() {
            if let Some(container) = k.value.strip_prefix(ANNOTATION_PREFIX)
                && !allowed_annotation(&v.value)
            {
                cx.report(
                    &Self::META,
                    v.span,
                    format!("forbidden AppArmor profile {}={:?}", k.value, v.value),
                )
                .container(container);
            }
        }
    }
}

/// The compose wording for a disallowed AppArmor profile type.
fn compose_message(who: &str, value: &str) -> String {
    if value == "Unconfined" {
        format!(
            "{who} disables AppArmor (security_opt: apparmor:unconfined); remove it to keep Docker's default profile"
        )
    } else {
        format!("{who} must not set AppArmor profile {value:?} in security_opt")
    }
}
