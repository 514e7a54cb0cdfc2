//! KS018: capabilities not dropped (PSS restricted "Capabilities").

use super::{container_label, linux_control_applies, report_added_capability};
use crate::Workload;
use crate::rules::wording::{say, service_of};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a container that does not list `ALL` in
    /// `securityContext.capabilities.drop`, or that adds any capability other
    /// than `NET_BIND_SERVICE`. Dropping every capability by name is not
    /// enough: the list must contain `ALL`. Policy versions before 1.22 do not
    /// have this control; from 1.25 Windows pods are exempt. At the restricted
    /// level it replaces KS004. In compose files it reads `cap_drop` and
    /// `cap_add`: a service must list `ALL` in `cap_drop`.
    ///
    /// ## Why is this bad?
    /// Containers start with a default set of capabilities (`CHOWN`,
    /// `DAC_OVERRIDE`, `SETUID`, `NET_RAW`...) that most applications never
    /// use. Each one widens what an attacker in the container can do.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     add: ["SYS_TIME"]
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
    /// - Pod Security Standards, Restricted: Capabilities (`capabilities_restricted`)
    /// - CIS Kubernetes Benchmark 5.2.9
    /// - Trivy KSV003, Checkov CKV_K8S_28/CKV_K8S_37, Polaris `dangerousCapabilities`
    pub struct UnrestrictedCapabilities {
        id: "KS018",
        name: "unrestricted-capabilities",
        domain: Workload,
        severity: Medium,
        summary: "Container does not drop ALL capabilities or adds more than NET_BIND_SERVICE",
        tags: ["pss", "pss-restricted"],
        standards: ["pss:restricted/capabilities"],
    }
}

impl Rule<Workload> for UnrestrictedCapabilities {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if !linux_control_applies(cx, w, 22) {
            return;
        }
        for c in w.containers() {
            let caps = c
                .security_context
                .as_ref()
                .and_then(|s| s.capabilities.as_ref());
            let dropped_all = caps.is_some_and(|k| k.drop.iter().any(|d| d.value == "ALL"));
            if !dropped_all {
                let span = caps.map(|k| k.span).unwrap_or_else(|| c.security_span());
                cx.report(
                    &Self::META,
                    span,
                    say(
                        w,
                        || {
                            format!(
                                "{} must set securityContext.capabilities.drop=[\"ALL\"]",
                                container_label(c)
                            )
                        },
                        || {
                            format!(
                                "{} must drop all capabilities (cap_drop: [ALL])",
                                service_of(c)
                            )
                        },
                    ),
                )
                .container(c.name_str());
            }
            for cap in caps.map(|k| k.add.as_slice()).unwrap_or_default() {
                // Outside the restricted level KS004 reports non-default ones.
                let by_baseline = !cx.settings.restricted()
                    && !super::capabilities_baseline::ALLOWED_1_0.contains(&cap.value.as_str());
                if cap.value != "NET_BIND_SERVICE" && !by_baseline {
                    report_added_capability(
                        cx,
                        &Self::META,
                        w,
                        c,
                        cap,
                        " (cap_add may list only NET_BIND_SERVICE)",
                    );
                }
            }
        }
    }
}
