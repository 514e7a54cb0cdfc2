//! KS072: the `default` ServiceAccount mounts its token into pods.

use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `ServiceAccount` named `default` that does not set
    /// `automountServiceAccountToken: false`.
    ///
    /// ## Why is this bad?
    /// Every pod of the namespace that names no service account runs as
    /// `default` and, unless the pod opts out, gets its token mounted. Turning
    /// automounting off on the `default` account makes "no API access" the
    /// namespace's default; workloads that need the API use their own account.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata:
    ///   name: default
    /// ```
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata:
    ///   name: default
    /// automountServiceAccountToken: false
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.5
    /// - Checkov CKV_K8S_41
    pub struct DefaultServiceAccountAutomount {
        id: "KS072",
        name: "default-service-account-automount",
        domain: Kubernetes,
        severity: Low,
        summary: "The default ServiceAccount mounts its token into pods",
        tags: ["credentials"],
        standards: ["cis-k8s:5.1.5"],
    }
}

impl<'a> Rule<K8sObject<'a>> for DefaultServiceAccountAutomount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        if obj.object.kind != "ServiceAccount" || obj.object.name.as_deref() != Some("default") {
            return;
        }
        match obj.root.entry("automountServiceAccountToken") {
            Some(e) if e.value.as_bool() == Some(false) => {}
            Some(e) => {
                cx.report(
                    &Self::META,
                    e.value.span,
                    "the `default` ServiceAccount mounts its token into every pod that does not opt out",
                );
            }
            None => {
                let span = obj
                    .root
                    .entry("metadata")
                    .map(|e| e.key.span)
                    .unwrap_or(obj.root.span);
                cx.report(
                    &Self::META,
                    span,
                    "the `default` ServiceAccount does not set automountServiceAccountToken: false",
                );
            }
        }
    }
}
