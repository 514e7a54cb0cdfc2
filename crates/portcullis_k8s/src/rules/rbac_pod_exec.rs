//! KS076: Role can exec or attach into pods.

use super::rbac::policy_rules;
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Role and ClusterRole rules that allow `create` or `get` on `pods/exec` or
    /// `pods/attach`, or `update` or `patch` on `pods/ephemeralcontainers` (or any of
    /// them through `pods/*`).
    ///
    /// ## Why is this bad?
    /// Exec and attach run commands inside a running container, with its service account token,
    /// mounted Secrets and network position. A subject that can exec into a privileged pod owns the
    /// node; into any pod, it reads that pod's credentials.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["pods/exec"]
    ///     verbs: ["create"]
    /// ```
    /// Use instead: grant exec only to operators through a break-glass role, and debug with
    /// ephemeral containers under audit.
    ///
    /// ## References
    /// - CWE-269
    /// - Trivy KSV053, KSV054; Polaris `clusterrolePodExecAttach`, `rolePodExecAttach`
    pub struct RbacPodExec {
        id: "KS076",
        name: "rbac-pod-exec",
        domain: Kubernetes,
        severity: High,
        summary: "Role can exec or attach into pods",
        tags: ["rbac"],
        standards: [],
    }
}

/// API groups of the resources.
const GROUPS: &[&str] = &[""];
/// Resources whose grant is dangerous.
const RESOURCES: &[&str] = &["pods/exec", "pods/attach", "pods/ephemeralcontainers"];
/// Verbs that make the grant dangerous.
const VERBS: &[&str] = &["create", "get", "update", "patch"];

impl<'a> Rule<K8sObject<'a>> for RbacPodExec {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        for r in policy_rules(obj) {
            if let Some(res) = r.grants(GROUPS, RESOURCES, VERBS) {
                cx.report(
                    &Self::META,
                    res.span,
                    format!(
                        "{} grants `{}` on `{}`: it can run commands inside the pods in its scope",
                        obj.object.kind,
                        r.granted(VERBS),
                        res.value
                    ),
                );
            }
        }
    }
}
