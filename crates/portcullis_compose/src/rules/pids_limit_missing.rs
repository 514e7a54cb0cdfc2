//! DC003: no limit on the number of processes.

use super::label;
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags services without `pids_limit` (or `deploy.resources.limits.pids`),
    /// and services that set it to `0` or a negative number (unlimited).
    ///
    /// ## Why is this bad?
    /// Without a limit, a fork bomb or a runaway worker pool in one container
    /// exhausts the host's process table and takes every other container and
    /// the host down with it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.4
    /// ```
    /// Use instead:
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.4
    ///     pids_limit: 200
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.28 (use the PIDs cgroup limit); CWE-400
    /// - KICS "Pids Limit Not Set"
    pub struct PidsLimitMissing {
        id: "DC003",
        name: "pids-limit-missing",
        domain: Compose,
        severity: Low,
        summary: "No limit on the number of processes",
        tags: ["resources"],
        standards: ["cis-docker:5.28", "cwe:400"],
    }
}

impl Rule<ComposeService> for PidsLimitMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        match &s.pids_limit {
            Some(p) if p.value > 0 => {}
            Some(p) => {
                cx.report(
                    &Self::META,
                    p.span,
                    format!("{} sets an unlimited pids limit", label(s)),
                )
                .container(s.name.value.as_str());
            }
            None => {
                cx.report(
                    &Self::META,
                    s.name.span,
                    format!("{} has no pids_limit", label(s)),
                )
                .container(s.name.value.as_str());
            }
        }
    }
}
