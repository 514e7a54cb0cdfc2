//! KS076: Role can exec or attach into pods.

use super::rbac::{Grant, report_grants};
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

/// The grant this rule reports: API groups, the resources whose grant is
/// dangerous, and the verbs that make it so.
const GRANT: Grant = Grant {
    groups: &[""],
    resources: &["pods/exec", "pods/attach", "pods/ephemeralcontainers"],
    verbs: &["create", "get", "update", "patch"],
};

impl<'a> Rule<K8sObject<'a>> for RbacPodExec {
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
            "it can run commands inside the pods in its scope",
        );
    }
}
