//! KS074: a Role or ClusterRole with a wildcard verb or resource.

use super::rbac::policy_rules;
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `*` in the `verbs` or `resources` of a Role or ClusterRole rule,
    /// unless the rule is a full wildcard (reported by KS073). A wildcard in
    /// `apiGroups` alone is not reported.
    ///
    /// ## Why is this bad?
    /// A wildcard verb includes `escalate`, `bind`, `impersonate` and `delete`
    /// along with the verbs that were meant; a wildcard resource includes
    /// Secrets, `pods/exec` and every resource added to the API later. Listing
    /// them keeps the grant to what was reviewed.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["pods"]
    ///     verbs: ["*"]
    /// ```
    /// Use instead:
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["pods"]
    ///     verbs: ["get", "list", "watch"]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.3; CWE-269
    /// - Trivy KSV045, KSV046, KSV112; Checkov CKV_K8S_49
    pub struct RbacWildcard {
        id: "KS074",
        name: "rbac-wildcard",
        domain: Kubernetes,
        severity: High,
        summary: "Role grants a wildcard verb or resource",
        tags: ["rbac"],
        standards: ["cis-k8s:5.1.3"],
    }
}

impl<'a> Rule<K8sObject<'a>> for RbacWildcard {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        for r in policy_rules(obj) {
            let wild =
                |items: &[super::rbac::Item<'a>]| items.iter().copied().find(|i| i.value == "*");
            let (g, res, v) = (wild(&r.api_groups), wild(&r.resources), wild(&r.verbs));
            if g.is_some() && res.is_some() && v.is_some() {
                continue;
            }
            if let Some(v) = v {
                let on = r.targets();
                cx.report(
                    &Self::META,
                    v.span,
                    format!("{} grants every verb on {on}", obj.object.kind),
                );
            }
            if let Some(res) = res {
                let verbs = r
                    .verbs
                    .iter()
                    .map(|i| i.value)
                    .collect::<Vec<_>>()
                    .join(", ");
                cx.report(
                    &Self::META,
                    res.span,
                    format!("{} grants `{verbs}` on every resource", obj.object.kind),
                );
            }
        }
    }
}
