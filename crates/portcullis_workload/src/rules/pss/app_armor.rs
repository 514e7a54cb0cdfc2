//! KS008: AppArmor disabled or overridden (PSS baseline "AppArmor").

use super::{confined_profile_type, container_label};
use crate::Workload;
use crate::rules::wording::{say, service, service_of};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

/// Annotation prefix of the per-container AppArmor profile (deprecated but
/// still read by Pod Security Admission).
pub(crate) const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

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
        if let Some(p) = pod.and_then(|s| s.app_armor.as_ref()) {
            let t = p.type_.as_ref();
            let value = t.map(|t| t.value.as_str()).unwrap_or("");
            if !confined_profile_type(value) {
                cx.report(
                    &Self::META,
                    t.map(|t| t.span).unwrap_or(p.span),
                    say(
                        w,
                        || {
                            format!(
                                "pod must not set securityContext.appArmorProfile.type to {value:?}"
                            )
                        },
                        || compose_message(&service(w), value),
                    ),
                );
            }
        }
        for c in w.containers() {
            let sc = c.security_context.as_ref();
            if let Some(p) = sc.and_then(|s| s.app_armor.as_ref()) {
                let t = p.type_.as_ref();
                let value = t.map(|t| t.value.as_str()).unwrap_or("");
                if !confined_profile_type(value) {
                    cx.report(
                        &Self::META,
                        t.map(|t| t.span).unwrap_or(p.span),
                        say(
                            w,
                            || {
                                format!(
                                    "{} must not set securityContext.appArmorProfile.type to {value:?}",
                                    container_label(c)
                                )
                            },
                            || compose_message(&service_of(c), value),
                        ),
                    )
                    .container(c.name_str());
                }
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
