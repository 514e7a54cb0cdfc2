//! KS083: a binding to the `cluster-admin` ClusterRole.

use super::rbac::{is_binding, role_ref};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags ClusterRoleBindings and RoleBindings whose `roleRef` is the
    /// `cluster-admin` ClusterRole, and ClusterRoleBindings to the built-in
    /// `admin` and `edit` ClusterRoles (which are meant to be granted per
    /// namespace, with a RoleBinding).
    ///
    /// ## Why is this bad?
    /// `cluster-admin` can do anything on every resource: through a
    /// ClusterRoleBinding in every namespace, through a RoleBinding in its
    /// namespace (including that namespace's Secrets and RBAC). Applications and
    /// operators almost never need it; installers that ask for it should get a
    /// role listing what they manage. `admin` and `edit` granted cluster-wide
    /// read and write every Secret and workload in every namespace.
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
        summary: "Binding grants cluster-admin, or admin or edit cluster-wide",
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
        let Some((kind, name)) = role_ref(obj) else {
            return;
        };
        if kind != "ClusterRole" {
            return;
        }
        let cluster_wide = obj.object.kind == "ClusterRoleBinding";
        match name.value {
            "cluster-admin" => {
                cx.report(
                    &Self::META,
                    name.span,
                    format!("{} grants `cluster-admin` to its subjects", obj.object.kind),
                );
            }
            "admin" | "edit" if cluster_wide => {
                cx.report(
                    &Self::META,
                    name.span,
                    format!(
                        "ClusterRoleBinding grants `{}` in every namespace, including their Secrets",
                        name.value
                    ),
                );
            }
            _ => {}
        }
    }
}
