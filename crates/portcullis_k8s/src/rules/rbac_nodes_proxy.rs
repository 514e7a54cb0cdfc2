//! KS080: Role can reach the kubelet API through nodes/proxy.

use super::rbac::{Grant, report_grants};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags ClusterRole (and Role) rules that allow `get` or `create` on `nodes/proxy`.
    ///
    /// ## Why is this bad?
    /// `nodes/proxy` forwards requests to each node's kubelet API, which can run commands in every
    /// pod on the node. These requests bypass admission control and are logged only as proxy calls,
    /// so the grant is close to node takeover.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["nodes/proxy"]
    ///     verbs: ["get"]
    /// ```
    /// Use instead: grant `nodes/metrics` or `nodes/stats` to monitoring agents, which need only
    /// those.
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.8 (in part); CWE-269
    /// - Trivy KSV047; Checkov CKV2_K8S_2
    pub struct RbacNodesProxy {
        id: "KS080",
        name: "rbac-nodes-proxy",
        domain: Kubernetes,
        severity: High,
        summary: "Role can reach the kubelet API through nodes/proxy",
        tags: ["rbac"],
        standards: [],
    }
}

/// The grant this rule reports: API groups, the resources whose grant is
/// dangerous, and the verbs that make it so.
const GRANT: Grant = Grant {
    groups: &[""],
    resources: &["nodes/proxy"],
    verbs: &["get", "create"],
};

impl<'a> Rule<K8sObject<'a>> for RbacNodesProxy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        report_grants(
            obj,
            cx,
            &Self::META,
            GRANT,
            |_| false,
            "it can call the kubelet API, including exec into any pod on the node",
        );
    }
}
