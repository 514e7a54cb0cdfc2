//! KS078: a Role or ClusterRole with the `escalate`, `bind` or `impersonate` verb.

use super::rbac::policy_rules;
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Role and ClusterRole rules that name the `escalate`, `bind` or
    /// `impersonate` verb (a `*` verb is reported by KS074).
    ///
    /// ## Why is this bad?
    /// These verbs switch off RBAC's own protection against privilege
    /// escalation. `escalate` lets a subject write roles with permissions it
    /// does not hold, `bind` lets it bind roles it does not hold (such as
    /// `cluster-admin`), and `impersonate` lets it act as another user, group
    /// or service account, for example `system:masters`.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["users", "groups", "serviceaccounts"]
    ///     verbs: ["impersonate"]
    /// ```
    /// Use instead: grant the needed permissions directly, and keep these
    /// verbs for cluster administrators.
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.8; CWE-269
    /// - Trivy KSV043; Checkov CKV_K8S_157, CKV_K8S_158, CKV2_K8S_5
    pub struct RbacEscalationVerb {
        id: "KS078",
        name: "rbac-escalation-verb",
        domain: Kubernetes,
        severity: High,
        summary: "Role grants escalate, bind or impersonate",
        tags: ["rbac"],
        standards: ["cis-k8s:5.1.8"],
    }
}

impl<'a> Rule<K8sObject<'a>> for RbacEscalationVerb {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        for r in policy_rules(obj) {
            for v in &r.verbs {
                let why = match v.value {
                    "escalate" => "it can write roles with permissions it does not hold",
                    "bind" => "it can bind roles it does not hold, such as cluster-admin",
                    "impersonate" => "it can act as other users, groups or service accounts",
                    _ => continue,
                };
                let on = r.targets();
                cx.report(
                    &Self::META,
                    v.span,
                    format!("{} grants `{}` on {on}: {why}", obj.object.kind, v.value),
                );
            }
        }
    }
}
