//! KS033: Container without a memory limit.

use super::check_resource;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers (regular and init) without a memory limit (`resources.limits.memory`;
    /// compose: the service's `mem_limit` or `deploy.resources.limits.memory`).
    ///
    /// ## Why is this bad?
    /// Without a limit one container can use all the node's memory: the kernel then kills processes
    /// of other pods, and a leak or a deliberate allocation becomes a denial of service for
    /// everything scheduled beside it. A LimitRange in the namespace can supply a default; this
    /// rule only sees the manifest.
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
    ///       limits: {memory: 256Mi}
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.10; CWE-400
    /// - Trivy KSV018; Checkov CKV_K8S_13; Polaris `memoryLimitsMissing` (efficiency)
    pub struct MemoryLimitMissing {
        id: "KS033",
        name: "memory-limit-missing",
        domain: Workload,
        severity: Low,
        summary: "Container without a memory limit",
        tags: ["resources"],
        standards: [],
    }
}

impl Rule<Workload> for MemoryLimitMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        check_resource(
            w,
            cx,
            &Self::META,
            |r| r.limits_memory.as_ref(),
            "memory limit",
            "`mem_limit` or `deploy.resources.limits.memory`",
        );
    }
}
