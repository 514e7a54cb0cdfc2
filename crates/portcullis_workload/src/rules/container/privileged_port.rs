//! KS048: a container port below 1024 (opt-in).

use crate::Workload;
use crate::rules::wording::subject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags container ports below 1024 (`containerPort`; compose: the target
    /// port). This rule is off by default: enable it with
    /// `enable = ["privileged-port"]`.
    ///
    /// ## Why is this bad?
    /// Binding a port below 1024 needs root or the `NET_BIND_SERVICE`
    /// capability, so an application that listens on 80 or 443 usually keeps a
    /// privilege it needs only once, at start. Listening on 8080 or 8443 and
    /// mapping the public port in the Service lets the container drop every
    /// capability. The port field is informational in Kubernetes, so the rule is
    /// a hint, which is why it is opt-in.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - containerPort: 80
    /// ```
    /// Use instead:
    /// ```yaml
    /// ports:
    ///   - containerPort: 8080
    /// ```
    ///
    /// ## References
    /// - CWE-250
    /// - Trivy KSV117
    pub struct PrivilegedPort {
        id: "KS048",
        name: "privileged-port",
        domain: Workload,
        severity: Low,
        summary: "Container listens on a privileged port",
        tags: ["hardening"],
        standards: [],
        default_enabled: false,
    }
}

impl Rule<Workload> for PrivilegedPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            for p in &c.ports {
                let Some(port) = p.container_port.as_ref() else {
                    continue;
                };
                if (1..1024).contains(&port.value) {
                    cx.report(
                        &Self::META,
                        port.span,
                        format!(
                            "{} listens on privileged port {}, which needs root or NET_BIND_SERVICE",
                            subject(w, c),
                            port.value
                        ),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}
