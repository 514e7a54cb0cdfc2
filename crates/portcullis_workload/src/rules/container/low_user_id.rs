//! KS037: a user ID below 10000 (opt-in).

use super::report_id_field;
use crate::Workload;
use crate::rules::wording::key;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `runAsUser` (compose: a numeric `user`) between 1 and 9999, at
    /// container level or inherited from the pod. User 0 is reported by the
    /// Pod Security Standards rule for running as root. This rule is off by
    /// default: enable it with `enable = ["low-user-id"]`.
    ///
    /// ## Why is this bad?
    /// Without user namespaces a container's UID is the host's UID. Low UIDs
    /// belong to real host accounts and system services, so a process that
    /// escapes, or that writes through a host mount, acts with that account's
    /// file permissions. A UID of 10000 or more is unlikely to own anything on
    /// the node. The risk only materialises after another failure, hence
    /// opt-in and low severity.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 1000
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 10001
    /// ```
    ///
    /// ## References
    /// - Trivy KSV020; Checkov CKV_K8S_40
    pub struct LowUserId {
        id: "KS037",
        name: "low-user-id",
        domain: Workload,
        severity: Low,
        summary: "Container runs with a user ID below 10000",
        tags: ["hardening"],
        standards: [],
        default_enabled: false,
    }
}

impl Rule<Workload> for LowUserId {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let pod = w
            .pod
            .security_context
            .as_ref()
            .and_then(|s| s.run_as_user.as_ref());
        report_id_field(
            w,
            cx,
            &Self::META,
            |c| {
                c.security_context
                    .as_ref()
                    .and_then(|s| s.run_as_user.as_ref())
            },
            pod,
            |v| (1..10000).contains(&v),
            |who, id| {
                format!(
                    "{who} runs as user ID {id}{}, which may belong to a host account; use 10000 or more",
                    key(w, "", " (`user:`)")
                )
            },
        );
    }
}
