//! KS082: Role can change admission webhooks.

use super::rbac::{Grant, report_grants};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags rules that allow writing mutating or validating webhook configurations.
    ///
    /// ## Why is this bad?
    /// A mutating webhook sees, and can change, every object the API server admits, including
    /// Secrets and pods; a subject that can register one can inject containers everywhere or
    /// disable policy webhooks.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["admissionregistration.k8s.io"]
    ///     resources: ["mutatingwebhookconfigurations"]
    ///     verbs: ["create", "update"]
    /// ```
    /// Use instead: let only the installer of the admission controller manage its configuration,
    /// with `resourceNames`.
    ///
    /// ## References
    /// - Kubernetes "RBAC good practices: control admission webhooks"; CWE-269
    /// - Trivy KSV114; Checkov CKV_K8S_155
    pub struct RbacWebhookConfig {
        id: "KS082",
        name: "rbac-webhook-config",
        domain: Kubernetes,
        severity: High,
        summary: "Role can change admission webhooks",
        tags: ["rbac"],
        standards: [],
    }
}

/// The grant this rule reports: API groups, the resources whose grant is
/// dangerous, and the verbs that make it so.
const GRANT: Grant = Grant {
    groups: &["admissionregistration.k8s.io"],
    resources: &[
        "mutatingwebhookconfigurations",
        "validatingwebhookconfigurations",
    ],
    verbs: &["create", "update", "patch", "delete", "deletecollection"],
};

impl<'a> Rule<K8sObject<'a>> for RbacWebhookConfig {
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
            "it can read or rewrite every object sent to the API server",
        );
    }
}
