//! DC008: the host's cgroup namespace shared with a service.

use super::label;
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags services with `cgroup: host`.
    ///
    /// ## Why is this bad?
    /// The container sees the host's whole cgroup hierarchy instead of its
    /// own: the cgroups of every other container and system service, and,
    /// with write access to the cgroup file system, the means to change their
    /// limits or use release agents to escape.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     cgroup: host
    /// ```
    /// Use instead: leave `cgroup` unset or set `cgroup: private`.
    ///
    /// ## References
    /// - CWE-668; Docker documentation of `--cgroupns` (`private` is the default on cgroup v2)
    pub struct HostCgroupNamespace {
        id: "DC008",
        name: "host-cgroup-namespace",
        domain: Compose,
        severity: Medium,
        summary: "Container shares the host's cgroup namespace",
        tags: ["host"],
        standards: ["cwe:668"],
    }
}

impl Rule<ComposeService> for HostCgroupNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        if let Some(c) = &s.cgroup
            && c.value.trim() == "host"
        {
            cx.report(
                &Self::META,
                c.span,
                format!("{} shares the host's cgroup namespace", label(s)),
            )
            .container(s.name.value.as_str());
        }
    }
}
