//! KS044: a workload in the `default` namespace.

use super::is_kubernetes;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Kubernetes workloads whose `metadata.namespace` is `default` or
    /// absent (which means `default` unless the namespace is chosen when
    /// applying, with `kubectl -n`, Helm or Kustomize). Compose services are
    /// not checked.
    ///
    /// ## Why is this bad?
    /// Namespaces are the unit of RBAC, NetworkPolicy, quotas and Pod Security
    /// admission. Workloads that all land in `default` share one set of
    /// permissions and policies, which is usually the loosest. Writing the
    /// namespace in the manifest also makes reviews and scans see where it runs.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: web
    /// ```
    /// Use instead:
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.7.4
    /// - Trivy KSV110; Checkov CKV_K8S_21
    pub struct DefaultNamespace {
        id: "KS044",
        name: "default-namespace",
        domain: Workload,
        severity: Low,
        summary: "Workload in the default namespace",
        tags: ["isolation"],
        standards: ["cis-k8s:5.7.4"],
    }
}

impl Rule<Workload> for DefaultNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if !is_kubernetes(w) {
            return;
        }
        match &w.namespace {
            Some(ns) if ns.value == "default" => {
                cx.report(
                    &Self::META,
                    ns.span,
                    "the workload runs in the `default` namespace",
                );
            }
            Some(_) => {}
            None => {
                cx.report(
                    &Self::META,
                    w.metadata_span,
                    "no namespace is set, so the workload runs in `default` unless one is chosen when applying",
                );
            }
        }
    }
}
