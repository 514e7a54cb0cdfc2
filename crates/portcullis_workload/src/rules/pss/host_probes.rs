//! KS007: probes and lifecycle hooks aimed at another host (PSS baseline
//! "Host Probes / Lifecycle Hooks", policy 1.34+).

use super::container_label;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `httpGet.host` or `tcpSocket.host` in a liveness, readiness or
    /// startup probe or in a `postStart` / `preStop` hook. Policy versions
    /// before 1.34 do not have this control. Compose health checks run inside
    /// the container, so it never fires on compose files.
    ///
    /// ## Why is this bad?
    /// The kubelet runs probes and hooks from the node. Pointing them at an
    /// arbitrary host turns the kubelet into a proxy that reaches addresses the
    /// pod itself cannot, including services bound to the node's loopback.
    ///
    /// ## Example
    /// ```yaml
    /// livenessProbe:
    ///   httpGet:
    ///     host: 169.254.169.254
    ///     port: 80
    /// ```
    /// Use instead: leave `host` unset so the probe targets the pod's own IP.
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: Host Probes / Lifecycle Hooks
    ///   (`hostProbesAndHostLifecycle`, v1.34+)
    /// - No Trivy, Checkov or Polaris equivalent at the time of writing
    pub struct ProbeHost {
        id: "KS007",
        name: "probe-host",
        domain: Workload,
        severity: Medium,
        summary: "Probe or lifecycle hook targets a host other than the pod",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/hostProbesAndHostLifecycle"],
    }
}

impl Rule<Workload> for ProbeHost {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if !cx.settings.pss_version.at_least(34) {
            return;
        }
        for c in w.containers() {
            for h in &c.handlers {
                if let Some(host) = &h.host
                    && !host.value.is_empty()
                {
                    cx.report(
                        &Self::META,
                        host.span,
                        format!(
                            "{} must not set host {:?} in {}",
                            container_label(c),
                            host.value,
                            h.kind
                        ),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}
