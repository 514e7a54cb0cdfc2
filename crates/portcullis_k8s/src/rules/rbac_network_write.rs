//! KS088: Role can change Services, Endpoints or NetworkPolicies.

use super::rbac::{Grant, report_grants};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Role and ClusterRole rules that allow writing Services (and their status), Endpoints,
    /// EndpointSlices, NetworkPolicies or Ingresses.
    ///
    /// ## Why is this bad?
    /// Whoever controls these decides where traffic goes: a Service with `externalIPs` or a patched
    /// `status.loadBalancer` intercepts traffic meant for other addresses (CVE-2020-8554), edited
    /// Endpoints send a service's clients to a pod of the attacker's choosing, and a deleted
    /// NetworkPolicy opens the namespace.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["networking.k8s.io"]
    ///     resources: ["networkpolicies"]
    ///     verbs: ["create", "delete"]
    /// ```
    /// Use instead: leave these to the deployment pipeline and the platform team; applications need
    /// `get` at most.
    ///
    /// ## References
    /// - CVE-2020-8554; CWE-284
    /// - Trivy KSV056; Checkov CKV2_K8S_4
    pub struct RbacNetworkWrite {
        id: "KS088",
        name: "rbac-network-write",
        domain: Kubernetes,
        severity: Medium,
        summary: "Role can change Services, Endpoints or NetworkPolicies",
        tags: ["rbac"],
        standards: [],
    }
}

/// The grant this rule reports: API groups, the resources whose grant is
/// dangerous, and the verbs that make it so.
const GRANT: Grant = Grant {
    groups: &["", "networking.k8s.io", "discovery.k8s.io"],
    resources: &[
        "services",
        "services/status",
        "endpoints",
        "endpointslices",
        "networkpolicies",
        "ingresses",
    ],
    verbs: &["create", "update", "patch", "delete", "deletecollection"],
};

impl<'a> Rule<K8sObject<'a>> for RbacNetworkWrite {
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
            "it can redirect traffic or open the network",
        );
    }
}
