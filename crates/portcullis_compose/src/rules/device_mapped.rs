//! DC002: host devices mapped into a service.

use super::label;
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags every `devices` entry and every `device_cgroup_rules` rule of a
    /// service.
    ///
    /// ## Why is this bad?
    /// A device node gives the container direct access to host hardware and
    /// kernel drivers: a block device can be mounted and its file system
    /// rewritten, `/dev/mem` or `/dev/kmsg` expose the kernel, and driver bugs
    /// become container escapes. Device cgroup rules widen this to whole
    /// device classes.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     devices:
    ///       - /dev/sda:/dev/sda
    /// ```
    /// Use instead: no `devices`; if hardware access is truly needed, map the
    /// single device node with the narrowest permissions (`:r`).
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.17 (do not share host devices directly); CWE-250
    pub struct DeviceMapped {
        id: "DC002",
        name: "device-mapped",
        domain: Compose,
        severity: Medium,
        summary: "Host device mapped into the container",
        tags: ["host"],
        standards: ["cis-docker:5.17"],
    }
}

impl Rule<ComposeService> for DeviceMapped {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        for d in &s.devices {
            cx.report(
                &Self::META,
                d.span,
                format!("{} has access to host device `{}`", label(s), d.value),
            )
            .container(s.name.value.as_str());
        }
    }
}
