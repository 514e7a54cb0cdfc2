//! KS006: container ports bound on the node (PSS baseline "Host Ports").

use super::container_label;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a container port with a non-zero `hostPort`. Compose services
    /// are judged by the compose port rules instead, since publishing ports is
    /// how they are reached.
    ///
    /// ## Why is this bad?
    /// A host port binds the node's network interface, bypassing Services and
    /// network policies, exposing the workload outside the cluster and tying
    /// the pod to nodes where the port is free.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - containerPort: 8080
    ///     hostPort: 80
    /// ```
    /// Use instead: drop `hostPort` and expose the port through a Service.
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: Host Ports (`hostPorts`)
    /// - Trivy KSV024, Checkov CKV_K8S_26, Polaris `hostPortSet`
    pub struct HostPort {
        id: "KS006",
        name: "host-port",
        domain: Workload,
        severity: Medium,
        summary: "Container binds a port on the node (hostPort)",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/hostPorts"],
    }
}

impl Rule<Workload> for HostPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        // Publishing ports is how compose services are reached at all; the
        // compose rules judge which published ports are dangerous (DC001).
        if w.origin == crate::Origin::Compose {
            return;
        }
        for c in w.containers() {
            for p in &c.ports {
                if let Some(h) = &p.host_port
                    && h.value != 0
                {
                    cx.report(
                        &Self::META,
                        h.span,
                        format!("{} uses hostPort {}", container_label(c), h.value),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}
