//! KS035: Container without a memory request.

use super::check_resource;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers (regular and init) without a memory request (`resources.requests.memory`;
    /// compose: the service's `mem_reservation` or `deploy.resources.reservations.memory`). This rule is off by default:
    /// enable it with `enable = ["memory-request-missing"]`.
    ///
    /// ## Why is this bad?
    /// Without a request the scheduler can overcommit the node, and under memory pressure the
    /// container is among the first evicted. This is about availability more than security, which
    /// is why the rule is opt-in.
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
    ///       requests: {memory: 128Mi}
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.10; CWE-400
    /// - Trivy KSV016; Checkov CKV_K8S_12; Polaris `memoryRequestsMissing` (efficiency)
    pub struct MemoryRequestMissing {
        id: "KS035",
        name: "memory-request-missing",
        domain: Workload,
        severity: Low,
        summary: "Container without a memory request",
        tags: ["resources"],
        standards: [],
        default_enabled: false,
    }
}

impl Rule<Workload> for MemoryRequestMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        check_resource(
            w,
            cx,
            &Self::META,
            |r| r.requests_memory.as_ref(),
            "memory request",
            "`mem_reservation` or `deploy.resources.reservations.memory`",
        );
    }
}
