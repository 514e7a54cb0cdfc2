//! KS038: a group ID below 10000 (opt-in).

use super::report_id_field;
use crate::Workload;
use crate::rules::wording::key;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `runAsGroup` between 1 and 9999, at container level or inherited
    /// from the pod (compose: the group part of `user: "uid:gid"`). Group 0 is
    /// reported by KS039. This rule is off by default:
    /// enable it with `enable = ["low-group-id"]`.
    ///
    /// ## Why is this bad?
    /// Without user namespaces a container's GID is the host's GID. Low GIDs
    /// belong to host groups (`adm`, `docker`, `disk`), so a process that
    /// escapes, or that writes through a host mount, gets that group's
    /// access. A GID of 10000 or more is unlikely to own anything on the node.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsGroup: 1000
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   runAsGroup: 10001
    /// ```
    ///
    /// ## References
    /// - Trivy KSV021
    pub struct LowGroupId {
        id: "KS038",
        name: "low-group-id",
        domain: Workload,
        severity: Low,
        summary: "Container runs with a group ID below 10000",
        tags: ["hardening"],
        standards: [],
        default_enabled: false,
    }
}

impl Rule<Workload> for LowGroupId {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let pod = w
            .pod
            .security_context
            .as_ref()
            .and_then(|s| s.run_as_group.as_ref());
        report_id_field(
            w,
            cx,
            &Self::META,
            |c| {
                c.security_context
                    .as_ref()
                    .and_then(|s| s.run_as_group.as_ref())
            },
            pod,
            |v| (1..10000).contains(&v),
            |who, id| {
                format!(
                    "{who} runs with group ID {id}{}, which may belong to a host group; use 10000 or more",
                    key(w, "", " (the group of `user:`)")
                )
            },
        );
    }
}
