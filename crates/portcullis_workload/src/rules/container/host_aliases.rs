//! KS040: `hostAliases` rewrite the pod's `/etc/hosts`.

use crate::Workload;
use crate::rules::wording::{say, service};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags pods that set `hostAliases` (compose: `extra_hosts`).
    ///
    /// ## Why is this bad?
    /// Entries in `/etc/hosts` override DNS for every container of the pod. They
    /// are a quiet way to redirect traffic meant for a real service (a payment
    /// API, a package mirror, the cloud metadata endpoint) to an address that
    /// records or alters it, and they are rarely reviewed. Prefer DNS records
    /// or a Service, which are visible cluster-wide.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   hostAliases:
    ///     - ip: 203.0.113.7
    ///       hostnames: ["api.payments.example"]
    /// ```
    /// Use instead: a DNS record, or an ExternalName Service.
    ///
    /// ## References
    /// - CWE-350
    /// - Trivy KSV007
    pub struct HostAliases {
        id: "KS040",
        name: "host-aliases",
        domain: Workload,
        severity: Low,
        summary: "Pod overrides name resolution with hostAliases",
        tags: ["network"],
        standards: [],
    }
}

impl Rule<Workload> for HostAliases {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if let Some(span) = w.pod.host_aliases {
            let msg = say(
                w,
                || "hostAliases override name resolution in /etc/hosts for every container".into(),
                || {
                    format!(
                        "{} overrides name resolution in /etc/hosts (extra_hosts)",
                        service(w)
                    )
                },
            );
            cx.report(&Self::META, span, msg);
        }
    }
}
