//! KS026: the pod runs as the namespace's `default` service account.

use super::is_kubernetes;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags pods that run as the `default` service account, because
    /// `serviceAccountName` is absent or set to `default`. Compose services
    /// are not checked.
    ///
    /// ## Why is this bad?
    /// Every pod in the namespace that names no account shares the `default`
    /// one, so any permission granted to it (by a RoleBinding added for one
    /// application) is granted to all of them. A dedicated service account per
    /// workload keeps permissions separate and auditable.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   serviceAccountName: default
    /// ```
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   serviceAccountName: billing-api
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.5; CWE-250
    /// - Checkov CKV_K8S_41 and CKV_K8S_42 look at the same risk from the
    ///   ServiceAccount and RoleBinding side (portcullis KS072, KS085).
    pub struct DefaultServiceAccount {
        id: "KS026",
        name: "default-service-account",
        domain: Workload,
        severity: Low,
        summary: "Pod uses the default service account",
        tags: ["credentials"],
        standards: ["cis-k8s:5.1.5"],
    }
}

impl Rule<Workload> for DefaultServiceAccount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if !is_kubernetes(w) {
            return;
        }
        match &w.pod.service_account_name {
            Some(f) if f.value != "default" && !f.value.is_empty() => {}
            Some(f) => {
                cx.report(
                    &Self::META,
                    f.span,
                    "the pod runs as the `default` service account",
                );
            }
            None => {
                cx.report(
                    &Self::META,
                    w.pod.span,
                    "serviceAccountName is not set: the pod runs as the `default` service account",
                );
            }
        }
    }
}
