//! KS089: Role can change ConfigMaps.

use super::rbac::{Grant, report_grants};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Role and ClusterRole rules that allow writing ConfigMaps.
    ///
    /// ## Why is this bad?
    /// ConfigMaps steer what other components do: on EKS, `aws-auth` in `kube-system` maps cloud
    /// identities to Kubernetes groups (write access to it is cluster-admin), and elsewhere they
    /// hold controller settings, scripts and feature flags that workloads load without further
    /// checks.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: ["configmaps"]
    ///     verbs: ["update", "patch"]
    /// ```
    /// Use instead: restrict writes to the ConfigMaps the subject owns with `resourceNames`, and
    /// never grant them on `kube-system`.
    ///
    /// ## References
    /// - CWE-284
    /// - Trivy KSV049, KSV115
    pub struct RbacConfigmapWrite {
        id: "KS089",
        name: "rbac-configmap-write",
        domain: Kubernetes,
        severity: Medium,
        summary: "Role can change ConfigMaps",
        tags: ["rbac"],
        standards: [],
    }
}

/// The grant this rule reports: API groups, the resources whose grant is
/// dangerous, and the verbs that make it so.
const GRANT: Grant = Grant {
    groups: &[""],
    resources: &["configmaps"],
    verbs: &["create", "update", "patch", "delete", "deletecollection"],
};

impl<'a> Rule<K8sObject<'a>> for RbacConfigmapWrite {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        report_grants(
            obj,
            cx,
            &Self::META,
            GRANT,
            |r| {
                // Writes limited to named ConfigMaps are fine, unless one is `aws-auth`.
                r.has_resource_names && !r.resource_names.iter().any(|n| n.value == "aws-auth")
            },
            "it can change the configuration other workloads trust",
        );
    }
}
