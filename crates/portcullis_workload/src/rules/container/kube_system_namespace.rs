//! KS043: a workload placed in `kube-system`.

use super::is_kubernetes;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Kubernetes workloads whose `metadata.namespace` is `kube-system`.
    /// Compose services have no namespace and are not checked.
    ///
    /// ## Why is this bad?
    /// `kube-system` holds the control plane's add-ons and their highly
    /// privileged service accounts and Secrets. An application placed there
    /// shares that trust boundary: anyone allowed to manage it can reach those
    /// credentials, and policies that exempt `kube-system` exempt it too.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   namespace: kube-system
    /// ```
    /// Use instead: a namespace of the application's own.
    ///
    /// ## References
    /// - Trivy KSV037
    pub struct KubeSystemNamespace {
        id: "KS043",
        name: "kube-system-namespace",
        domain: Workload,
        severity: Medium,
        summary: "Workload placed in the kube-system namespace",
        tags: ["isolation"],
        standards: [],
    }
}

impl Rule<Workload> for KubeSystemNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if !is_kubernetes(w) {
            return;
        }
        if let Some(ns) = w.namespace.as_ref().filter(|n| n.value == "kube-system") {
            cx.report(
                &Self::META,
                ns.span,
                "the workload runs in `kube-system`, beside the cluster's most privileged credentials",
            );
        }
    }
}
