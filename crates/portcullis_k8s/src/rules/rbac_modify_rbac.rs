//! KS079: Role can change roles or role bindings.

use super::rbac::{Grant, report_grants};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Role and ClusterRole rules that allow writing Roles, ClusterRoles, RoleBindings or
    /// ClusterRoleBindings.
    ///
    /// ## Why is this bad?
    /// Kubernetes stops a subject from granting permissions it does not hold, unless it also has
    /// `escalate` or `bind` (KS078); even so, writing bindings lets it hand its permissions to
    /// others, remove other subjects' access, or bind an existing powerful role such as `admin`
    /// where it already holds those rights.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["rbac.authorization.k8s.io"]
    ///     resources: ["rolebindings"]
    ///     verbs: ["create"]
    /// ```
    /// Use instead: manage RBAC through a reviewed pipeline with its own credentials, not through
    /// workload roles.
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.8 (in part); CWE-269
    /// - Trivy KSV050, KSV051, KSV052, KSV055
    pub struct RbacModifyRbac {
        id: "KS079",
        name: "rbac-modify-rbac",
        domain: Kubernetes,
        severity: High,
        summary: "Role can change roles or role bindings",
        tags: ["rbac"],
        standards: [],
    }
}

/// The grant this rule reports: API groups, the resources whose grant is
/// dangerous, and the verbs that make it so.
const GRANT: Grant = Grant {
    groups: &["rbac.authorization.k8s.io"],
    resources: &[
        "roles",
        "rolebindings",
        "clusterroles",
        "clusterrolebindings",
    ],
    verbs: &["create", "update", "patch", "delete", "deletecollection"],
};

impl<'a> Rule<K8sObject<'a>> for RbacModifyRbac {
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
            "it can change who may do what",
        );
    }
}
