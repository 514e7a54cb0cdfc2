//! KS073: a Role or ClusterRole that grants everything.

use super::rbac::policy_rules;
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Role and ClusterRole rules with `*` in `apiGroups`, `resources`
    /// and `verbs` at once: the same power as `cluster-admin` (in the
    /// namespace, for a Role).
    ///
    /// ## Why is this bad?
    /// Whoever is bound to the role can do anything: read every Secret, start
    /// privileged pods, grant themselves more. It also covers resource types
    /// that do not exist yet, such as CRDs installed later. Name the groups,
    /// resources and verbs the subject needs.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["*"]
    ///     resources: ["*"]
    ///     verbs: ["*"]
    /// ```
    /// Use instead:
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["apps"]
    ///     resources: ["deployments"]
    ///     verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.3; CWE-269
    /// - Trivy KSV044; Checkov CKV_K8S_49; Polaris `clusterrolebindingClusterAdmin`,
    ///   `rolebindingClusterAdminRole` (wildcard roles)
    pub struct RbacFullWildcard {
        id: "KS073",
        name: "rbac-full-wildcard",
        domain: Kubernetes,
        severity: Critical,
        summary: "Role grants every verb on every resource",
        tags: ["rbac"],
        standards: ["cis-k8s:5.1.3"],
    }
}

impl<'a> Rule<K8sObject<'a>> for RbacFullWildcard {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        for r in policy_rules(obj) {
            let all = |items: &[super::rbac::Item<'_>]| items.iter().any(|i| i.value == "*");
            if all(&r.api_groups) && all(&r.resources) && all(&r.verbs) {
                cx.report(
                    &Self::META,
                    r.span,
                    format!(
                        "{} grants every verb on every resource of every API group",
                        obj.object.kind
                    ),
                );
            }
        }
    }
}
