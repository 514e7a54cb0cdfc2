//! KS034: Container without a CPU request.

use super::check_resource;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers (regular and init) without a CPU request (`resources.requests.cpu`;
    /// compose: the service's `deploy.resources.reservations.cpus`). This rule is off by default:
    /// enable it with `enable = ["cpu-request-missing"]`.
    ///
    /// ## Why is this bad?
    /// Without a request the scheduler treats the container as needing no CPU, so it lands on full
    /// nodes and gets the smallest share under contention; a noisy neighbour can starve it. This is
    /// about availability more than security, which is why the rule is opt-in.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: app
    ///     image: example/app:1.0
    /// ```
    /// Use instead:
    /// ```yaml
    /// containers:
    ///   - name: app
    ///     image: example/app:1.0
    ///     resources:
    ///       requests: {cpu: 100m}
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.11; CWE-400
    /// - Trivy KSV015; Checkov CKV_K8S_10; Polaris `cpuRequestsMissing` (efficiency)
    pub struct CpuRequestMissing {
        id: "KS034",
        name: "cpu-request-missing",
        domain: Workload,
        severity: Low,
        summary: "Container without a CPU request",
        tags: ["resources"],
        standards: [],
        default_enabled: false,
    }
}

impl Rule<Workload> for CpuRequestMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        check_resource(
            w,
            cx,
            &Self::META,
            |r| r.requests_cpu.as_ref(),
            "CPU request",
            "`deploy.resources.reservations.cpus`",
        );
    }
}
