//! KS084: a binding to anonymous or to every (un)authenticated user.

use super::rbac::{is_binding, role_ref, subjects};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags ClusterRoleBindings and RoleBindings whose subjects include the
    /// user `system:anonymous` or the groups `system:unauthenticated`,
    /// `system:authenticated` or `system:serviceaccounts`. The built-in
    /// discovery bindings (`system:public-info-viewer`, `system:discovery`,
    /// `system:basic-user`, `system:service-account-issuer-discovery`) are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// Anonymous and unauthenticated subjects are anyone who can reach the API
    /// server. `system:authenticated` is anyone with any valid credential:
    /// every service account of every namespace and, on some managed
    /// platforms, any account of the cloud provider; `system:serviceaccounts`
    /// is every pod that has a token. Clusters have been taken over through
    /// exactly such bindings.
    ///
    /// ## Example
    /// ```yaml
    /// subjects:
    ///   - kind: Group
    ///     name: system:authenticated
    /// ```
    /// Use instead: bind named users, groups of your identity provider, or
    /// service accounts.
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.1; CWE-284
    /// - Trivy KSV122, KSV01011 (AVD-KSV-0123)
    pub struct RbacPublicGroupBinding {
        id: "KS084",
        name: "rbac-public-group-binding",
        domain: Kubernetes,
        severity: Critical,
        summary: "Binding grants a role to anonymous or all authenticated users",
        tags: ["rbac"],
        standards: ["cis-k8s:5.1.1"],
    }
}

/// Built-in roles that are meant for everyone.
const BENIGN_ROLES: &[&str] = &[
    "system:public-info-viewer",
    "system:discovery",
    "system:basic-user",
    "system:service-account-issuer-discovery",
];

impl<'a> Rule<K8sObject<'a>> for RbacPublicGroupBinding {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        if !is_binding(obj) {
            return;
        }
        let role = role_ref(obj).map(|(_, n)| n.value).unwrap_or("?");
        if BENIGN_ROLES.contains(&role) {
            return;
        }
        for s in subjects(obj) {
            let who = match (s.kind, s.name.value) {
                ("User", "system:anonymous") => "anonymous requests",
                ("Group", "system:unauthenticated") => "every unauthenticated request",
                ("Group", "system:authenticated") => "every authenticated identity",
                ("Group", "system:serviceaccounts") => "every service account of every namespace",
                _ => continue,
            };
            cx.report(
                &Self::META,
                s.name.span,
                format!(
                    "{} grants `{role}` to `{}`: {who}",
                    obj.object.kind, s.name.value
                ),
            );
        }
    }
}
