//! KS081: Role can approve certificate signing requests.

use super::rbac::policy_rules;
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

/// API groups of the resources.
const GROUPS: &[&str] = &["certificates.k8s.io"];
/// Resources whose grant is dangerous.
const RESOURCES: &[&str] = &["certificatesigningrequests/approval", "signers"];
/// Verbs that make the grant dangerous.
const VERBS: &[&str] = &["update", "patch", "approve"];

impl<'a> Rule<K8sObject<'a>> for RbacCsrApproval {
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
                        "{} grants `{}` on `{}`: it can issue client certificates, including for privileged identities",
                        obj.object.kind,
                        r.granted(VERBS),
                        res.value
                    ),
                );
            }
        }
    }
}
