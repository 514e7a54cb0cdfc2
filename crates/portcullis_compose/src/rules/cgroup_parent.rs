//! DC004: a custom parent cgroup.

use super::label;
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags services that set `cgroup_parent`.
    ///
    /// ## Why is this bad?
    /// The container's cgroup is placed under a parent of your choosing
    /// instead of Docker's own, so the resource limits and device rules that
    /// Docker and the host's administrators set up for containers may not
    /// apply. Placed under a host slice, the container competes with (or
    /// starves) system services.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     cgroup_parent: system.slice
    /// ```
    /// Use instead: leave `cgroup_parent` unset and set limits with
    /// `deploy.resources`.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.24 (confirm cgroup usage); CWE-400
    /// - KICS "Cgroup Not Default"
    pub struct CgroupParent {
        id: "DC004",
        name: "custom-cgroup-parent",
        domain: Compose,
        severity: Low,
        summary: "Container placed under a custom parent cgroup",
        tags: ["resources"],
        standards: ["cis-docker:5.24"],
    }
}

impl Rule<ComposeService> for CgroupParent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        if let Some(p) = &s.cgroup_parent
            && !p.value.trim().is_empty()
        {
            cx.report(
                &Self::META,
                p.span,
                format!(
                    "{} runs under the custom parent cgroup `{}`",
                    label(s),
                    p.value
                ),
            )
            .container(s.name.value.as_str());
        }
    }
}
