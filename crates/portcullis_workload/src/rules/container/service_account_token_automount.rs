//! KS025: the service account token is mounted into the pod.

use super::is_kubernetes;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags pods that do not set `automountServiceAccountToken: false`, so
    /// Kubernetes mounts a service account token into every container.
    /// Compose services have no service accounts and are not checked.
    ///
    /// ## Why is this bad?
    /// The token is a credential for the Kubernetes API. Most applications never
    /// call the API, yet an attacker who gets code execution in any of the
    /// containers can read the token and use whatever the service account is
    /// allowed to do, often more than intended. Setting the field on the
    /// ServiceAccount also works, but it is not visible in the pod's manifest.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: example/app:1.0
    /// ```
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   automountServiceAccountToken: false
    ///   containers:
    ///     - name: app
    ///       image: example/app:1.0
    /// ```
    /// Pods that call the API keep the token, ideally with a dedicated,
    /// least-privilege service account (see KS026).
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.1.6; CWE-522
    /// - Trivy KSV036; Checkov CKV_K8S_38; Polaris `automountServiceAccountToken`
    pub struct ServiceAccountTokenAutomount {
        id: "KS025",
        name: "service-account-token-automount",
        domain: Workload,
        severity: Medium,
        summary: "Service account token mounted into the pod",
        tags: ["credentials"],
        standards: ["cis-k8s:5.1.6"],
    }
}

impl Rule<Workload> for ServiceAccountTokenAutomount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if !is_kubernetes(w) {
            return;
        }
        match &w.pod.automount_service_account_token {
            Some(f) if !f.value => {}
            Some(f) => {
                cx.report(
                    &Self::META,
                    f.span,
                    "automountServiceAccountToken is true: every container gets an API token",
                );
            }
            None => {
                cx.report(
                    &Self::META,
                    w.pod.span,
                    "automountServiceAccountToken is not set to false: every container gets an API token",
                );
            }
        }
    }
}
