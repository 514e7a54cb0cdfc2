//! KS075: Role can read Secrets.

use super::rbac::{Grant, report_grants};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Role and ClusterRole rules that allow `get`, `list` or `watch` on `secrets`. Rules
    /// limited by `resourceNames` to named Secrets are not reported.
    ///
    /// ## Why is this bad?
    /// Secrets hold service account tokens, database passwords and TLS keys. `list` and `watch`
    /// return their contents too, not just names, so a subject that can read Secrets in a namespace
    /// can act as every service account there; in a ClusterRole, as any in the cluster.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["secrets"]
    ///     verbs: ["get", "list"]
    /// ```
    /// Use instead: restrict the rule to the Secrets the subject needs with `resourceNames`, or
    /// mount the Secret into the pod instead of reading it through the API.
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.2; CWE-522
    /// - Trivy KSV041, KSV113; Checkov CKV2_K8S_3
    pub struct RbacSecretsAccess {
        id: "KS075",
        name: "rbac-secrets-access",
        domain: Kubernetes,
        severity: High,
        summary: "Role can read Secrets",
        tags: ["rbac"],
        standards: [],
    }
}

/// The grant this rule reports: API groups, the resources whose grant is
/// dangerous, and the verbs that make it so.
const GRANT: Grant = Grant {
    groups: &[""],
    resources: &["secrets"],
    verbs: &["get", "list", "watch"],
};

impl<'a> Rule<K8sObject<'a>> for RbacSecretsAccess {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        report_grants(
            obj,
            cx,
            &Self::META,
            GRANT,
            |r| r.has_resource_names,
            "it can read every Secret in its scope",
        );
    }
}
