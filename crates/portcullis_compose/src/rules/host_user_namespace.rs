//! DC009: user namespace remapping switched off for a service.

use super::label;
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags services with `userns_mode: host`.
    ///
    /// ## Why is this bad?
    /// On a Docker daemon configured with user namespace remapping
    /// (`userns-remap`), root in a container is an unprivileged user on the
    /// host. `userns_mode: host` opts the container out: its root is the
    /// host's root, so any escape is a full host compromise.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     userns_mode: host
    /// ```
    /// Use instead: leave `userns_mode` unset.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.30 (do not share the host's user namespaces); CWE-250
    /// - KICS "Shared Host User Namespace", "Userns Set To Host"
    pub struct HostUserNamespace {
        id: "DC009",
        name: "host-user-namespace",
        domain: Compose,
        severity: Medium,
        summary: "Container opts out of user namespace remapping",
        tags: ["host"],
        standards: ["cis-docker:5.30", "cwe:250"],
    }
}

impl Rule<ComposeService> for HostUserNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        if let Some(u) = &s.userns_mode
            && u.value.trim() == "host"
        {
            cx.report(
                &Self::META,
                u.span,
                format!("{} uses the host's user namespace", label(s)),
            )
            .container(s.name.value.as_str());
        }
    }
}
