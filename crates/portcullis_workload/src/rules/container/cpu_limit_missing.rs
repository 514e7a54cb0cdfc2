//! KS032: Container without a CPU limit.

use super::check_resource;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers (regular and init) without a CPU limit (`resources.limits.cpu`;
    /// compose: the service's `cpus` or `deploy.resources.limits.cpus`). This rule is off by
    /// default: enable it with `enable = ["cpu-limit-missing"]`.
    ///
    /// ## Why is this bad?
    /// Without a limit a busy or compromised container can take every CPU of the node and starve
    /// its neighbours (cryptominers do exactly this). CPU limits also throttle legitimate bursts,
    /// and CPU requests already share CPU fairly under contention, which is why many teams leave
    /// them out on purpose and why the rule is opt-in.
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
    ///       limits: {cpu: 500m}
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.11; CWE-400
    /// - Trivy KSV011; Checkov CKV_K8S_11; Polaris `cpuLimitsMissing` (efficiency)
    pub struct CpuLimitMissing {
        id: "KS032",
        name: "cpu-limit-missing",
        domain: Workload,
        severity: Low,
        summary: "Container without a CPU limit",
        tags: ["resources"],
        standards: [],
        default_enabled: false,
    }
}

impl Rule<Workload> for CpuLimitMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        check_resource(
            w,
            cx,
            &Self::META,
            |r| r.limits_cpu.as_ref(),
            "CPU limit",
            "`cpus` or `deploy.resources.limits.cpus`",
        );
    }
}
