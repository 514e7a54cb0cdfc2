//! KS088: Role can change Services, Endpoints or NetworkPolicies.

use super::rbac::policy_rules;
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

/// API groups of the resources.
const GROUPS: &[&str] = &["", "networking.k8s.io", "discovery.k8s.io"];
/// Resources whose grant is dangerous.
const RESOURCES: &[&str] = &[
    "services",
    "services/status",
    "endpoints",
    "endpointslices",
    "networkpolicies",
    "ingresses",
];
/// Verbs that make the grant dangerous.
const VERBS: &[&str] = &["create", "update", "patch", "delete", "deletecollection"];

impl<'a> Rule<K8sObject<'a>> for RbacNetworkWrite {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        for r in policy_rules(obj) {
            if let Some(res) = r.grants(GROUPS, RESOURCES, VERBS) {
                cx.report(
                    &Self::META,
                    res.span,
                    format!(
                        "{} grants `{}` on `{}`: it can redirect traffic or open the network",
                        obj.object.kind,
                        r.granted(VERBS),
                        res.value
                    ),
                );
            }
        }
    }
}
