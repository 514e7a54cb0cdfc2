//! KS083: a binding to the `cluster-admin` ClusterRole.

use super::rbac::{is_binding, role_ref};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags ClusterRoleBindings and RoleBindings whose `roleRef` is the
    /// `cluster-admin` ClusterRole.
    ///
    /// ## Why is this bad?
    /// `cluster-admin` can do anything on every resource: through a
    /// ClusterRoleBinding in every namespace, through a RoleBinding in its
    /// namespace (including that namespace's Secrets and RBAC). Applications and
    /// operators almost never need it; installers that ask for it should get a
    /// role listing what they manage.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ClusterRoleBinding
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: cluster-admin
    /// ```
    /// Use instead: a ClusterRole (or namespaced Role) that names the
    /// resources and verbs the subject needs.
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.1; CWE-269
    /// - Trivy KSV111; Polaris `clusterrolebindingClusterAdmin`,
    ///   `rolebindingClusterAdminClusterRole`
    pub struct RbacClusterAdminBinding {
        id: "KS083",
        name: "rbac-cluster-admin-binding",
        domain: Kubernetes,
        severity: High,
        summary: "Binding grants cluster-admin",
        tags: ["rbac"],
        standards: ["cis-k8s:5.1.1"],
    }
}

impl<'a> Rule<K8sObject<'a>> for RbacClusterAdminBinding {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        if !is_binding(obj) {
            return;
        }
        if let Some((kind, name)) = role_ref(obj)
            && kind == "ClusterRole"
            && name.value == "cluster-admin"
        {
            cx.report(
                &Self::META,
                name.span,
                format!("{} grants `cluster-admin` to its subjects", obj.object.kind),
            );
        }
    }
}
