//! DC007: the host's UTS namespace shared with a service.

use super::label;
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags services with `uts: host`.
    ///
    /// ## Why is this bad?
    /// The container shares the host's UTS namespace: it sees, and with
    /// `SYS_ADMIN` can change, the host name and NIS domain name of the whole
    /// machine, which other services, logs and TLS set-ups rely on.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     uts: host
    /// ```
    /// Use instead: leave `uts` unset (and set `hostname:` if the name matters).
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.20 (do not share the host's UTS namespace); CWE-668
    pub struct HostUtsNamespace {
        id: "DC007",
        name: "host-uts-namespace",
        domain: Compose,
        severity: Medium,
        summary: "Container shares the host's UTS namespace",
        tags: ["host"],
        standards: ["cis-docker:5.20", "cwe:668"],
    }
}

impl Rule<ComposeService> for HostUtsNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        if let Some(u) = &s.uts
            && u.value.trim() == "host"
        {
            cx.report(
                &Self::META,
                u.span,
                format!("{} shares the host's UTS namespace", label(s)),
            )
            .container(s.name.value.as_str());
        }
    }
}
