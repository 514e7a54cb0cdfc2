//! KS085: a binding that grants a role to a `default` service account.

use super::rbac::{is_binding, role_ref, subjects};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags ClusterRoleBindings and RoleBindings with a subject of kind
    /// `ServiceAccount` named `default`.
    ///
    /// ## Why is this bad?
    /// Every pod of a namespace that names no service account runs as
    /// `default`, so a role bound to it is granted to all of them, including
    /// pods added later by other teams. Bind the role to a dedicated service
    /// account used only by the workload that needs it.
    ///
    /// ## Example
    /// ```yaml
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: default
    ///     namespace: shop
    /// ```
    /// Use instead:
    /// ```yaml
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: order-processor
    ///     namespace: shop
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.5
    /// - Checkov CKV_K8S_42
    pub struct RbacDefaultServiceAccountBinding {
        id: "KS085",
        name: "rbac-default-service-account-binding",
        domain: Kubernetes,
        severity: Medium,
        summary: "Binding grants a role to a default service account",
        tags: ["rbac"],
        standards: ["cis-k8s:5.1.5"],
    }
}

impl<'a> Rule<K8sObject<'a>> for RbacDefaultServiceAccountBinding {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        if !is_binding(obj) {
            return;
        }
        let role = role_ref(obj).map(|(_, n)| n.value).unwrap_or("?");
        for s in subjects(obj) {
            if s.kind == "ServiceAccount" && s.name.value == "default" {
                let ns = s
                    .namespace
                    .or(obj.object.namespace.as_deref())
                    .map(|n| format!(" of namespace `{n}`"))
                    .unwrap_or_default();
                cx.report(
                    &Self::META,
                    s.name.span,
                    format!(
                        "{} grants `{role}` to the `default` service account{ns}, which every pod without its own account uses",
                        obj.object.kind
                    ),
                );
            }
        }
    }
}
