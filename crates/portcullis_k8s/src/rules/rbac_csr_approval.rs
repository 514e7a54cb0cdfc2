//! KS081: Role can approve certificate signing requests.

use super::rbac::{Grant, report_grants};
use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags rules that allow `update` or `patch` on `certificatesigningrequests/approval`, or
    /// `approve` on `signers`.
    ///
    /// ## Why is this bad?
    /// Approving a CSR issues a client certificate for whatever user and groups the request names.
    /// With the `kubernetes.io/kube-apiserver-client` signer that can be a member of
    /// `system:masters`, which no RBAC rule can restrict or revoke before the certificate expires.
    ///
    /// ## Example
    /// ```yaml
    /// rules:
    ///   - apiGroups: ["certificates.k8s.io"]
    ///     resources: ["certificatesigningrequests/approval"]
    ///     verbs: ["update"]
    /// ```
    /// Use instead: leave CSR approval to the controller manager and to a narrowly scoped signer
    /// (`resourceNames` on `signers`).
    ///
    /// ## References
    /// - Kubernetes "RBAC good practices: CSRs and certificate issuing"; CWE-269
    /// - Checkov CKV_K8S_156
    pub struct RbacCsrApproval {
        id: "KS081",
        name: "rbac-csr-approval",
        domain: Kubernetes,
        severity: High,
        summary: "Role can approve certificate signing requests",
        tags: ["rbac"],
        standards: [],
    }
}

/// The grant this rule reports: API groups, the resources whose grant is
/// dangerous, and the verbs that make it so.
const GRANT: Grant = Grant {
    groups: &["certificates.k8s.io"],
    resources: &["certificatesigningrequests/approval", "signers"],
    verbs: &["update", "patch", "approve"],
};

impl<'a> Rule<K8sObject<'a>> for RbacCsrApproval {
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
            "it can issue client certificates, including for privileged identities",
        );
    }
}
