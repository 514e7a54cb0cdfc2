//! KS077: Role can create or change workloads.

use super::rbac::{Grant, report_grants};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Role and ClusterRole rules that allow `create`, `update` or `patch` on pods or on the
    /// controllers that create them (Deployments, DaemonSets, StatefulSets, ReplicaSets,
    /// ReplicationControllers, Jobs, CronJobs).
    ///
    /// ## Why is this bad?
    /// A subject that can create pods can mount any Secret and run as any service account of the
    /// namespace, so it holds all of their permissions; unless admission enforces the Pod Security
    /// Standards it can also start a privileged pod and take the node. Deployment tools need this;
    /// people and applications rarely do.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["apps"]
    ///     resources: ["deployments"]
    ///     verbs: ["create", "patch"]
    /// ```
    /// Use instead: give this only to the deployment pipeline's service account, in the namespaces
    /// it deploys to, with Pod Security admission at `restricted`.
    ///
    /// ## References
    /// - Kubernetes "RBAC good practices: workload creation"; CWE-269
    /// - Trivy KSV048
    pub struct RbacWorkloadCreate {
        id: "KS077",
        name: "rbac-workload-create",
        domain: Kubernetes,
        severity: Medium,
        summary: "Role can create or change workloads",
        tags: ["rbac"],
        standards: [],
    }
}

/// The grant this rule reports: API groups, the resources whose grant is
/// dangerous, and the verbs that make it so.
const GRANT: Grant = Grant {
    groups: &["", "apps", "batch"],
    resources: &[
        "pods",
        "deployments",
        "daemonsets",
        "statefulsets",
        "replicasets",
        "replicationcontrollers",
        "jobs",
        "cronjobs",
    ],
    verbs: &["create", "update", "patch"],
};

impl<'a> Rule<K8sObject<'a>> for RbacWorkloadCreate {
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
            "it can run any image with any service account and Secret of its scope",
        );
    }
}
