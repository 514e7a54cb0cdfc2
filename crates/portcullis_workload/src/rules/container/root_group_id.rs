//! KS039: the root group (GID 0) as primary, supplementary or fs group.

use super::report_id_field;
use crate::Workload;
use crate::rules::wording::key;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `runAsGroup: 0` (container or pod; compose: `user: "uid:0"`),
    /// `fsGroup: 0` and a `0` in
    /// `supplementalGroups`.
    ///
    /// ## Why is this bad?
    /// Group 0 owns many root-writable files, on the host and in images: a
    /// process in group root can often modify what a non-root user could not,
    /// and keeps that access through host mounts or after an escape. Running
    /// as a non-root user while in the root group undoes much of the benefit.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 10001
    ///   runAsGroup: 0
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 10001
    ///   runAsGroup: 10001
    /// ```
    ///
    /// ## References
    /// - CWE-250
    /// - Trivy KSV029, KSV116
    pub struct RootGroupId {
        id: "KS039",
        name: "root-group-id",
        domain: Workload,
        severity: Low,
        summary: "Container runs with the root group",
        tags: ["hardening"],
        standards: [],
    }
}

impl Rule<Workload> for RootGroupId {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let psc = w.pod.security_context.as_ref();
        report_id_field(
            w,
            cx,
            &Self::META,
            |c| {
                c.security_context
                    .as_ref()
                    .and_then(|s| s.run_as_group.as_ref())
            },
            psc.and_then(|s| s.run_as_group.as_ref()),
            |v| v == 0,
            |who, _| {
                format!(
                    "{who} runs with the root group (GID 0){}",
                    key(w, "", "; set a non-zero group in `user: \"uid:gid\"`")
                )
            },
        );
        let Some(psc) = psc else { return };
        if let Some(f) = psc.fs_group.as_ref().filter(|f| f.value == 0) {
            cx.report(
                &Self::META,
                f.span,
                "fsGroup 0 gives every container the root group on its volumes",
            );
        }
        for g in psc.supplemental_groups.iter().filter(|g| g.value == 0) {
            cx.report(
                &Self::META,
                g.span,
                "supplementalGroups adds the root group (GID 0) to every container",
            );
        }
    }
}
