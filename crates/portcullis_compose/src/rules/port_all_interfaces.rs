//! DC010: any published port not bound to a host address (opt-in).

use super::{all_interfaces, label};
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags every `ports` entry that is not bound to a specific host address
    /// (`host_ip`, or `IP:` in the short syntax). Off by default: publishing a
    /// web port on every interface is often intended. DC001 reports database
    /// and administration ports by default.
    ///
    /// ## Why is this bad?
    /// Docker publishes the port on every interface of the host, including
    /// public ones, and its firewall rules take precedence over the host
    /// firewall (`ufw`, `firewalld`). A service meant for local use becomes
    /// reachable from the network.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    ///   - "8080:80"
    /// ```
    /// Use instead:
    /// ```yaml
    /// ports:
    ///   - "127.0.0.1:8080:80"
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.13; CWE-668
    /// - KICS "Container Traffic Not Bound To Host Interface"
    pub struct PortAllInterfaces {
        id: "DC010",
        name: "port-on-all-interfaces",
        domain: Compose,
        severity: Low,
        summary: "Port published on every host interface",
        tags: ["network"],
        standards: ["cis-docker:5.13"],
        default_enabled: false,
    }
}

impl Rule<ComposeService> for PortAllInterfaces {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        if s.workload
            .pod
            .host_network
            .as_ref()
            .is_some_and(|h| h.value)
        {
            return;
        }
        for p in &s.ports {
            if !all_interfaces(p.host_ip.as_ref().map(|i| i.value.as_str())) {
                continue;
            }
            cx.report(
                &Self::META,
                p.span,
                format!(
                    "{} publishes a port on every host interface; set a host address such as 127.0.0.1",
                    label(s)
                ),
            )
            .container(s.name.value.as_str());
        }
    }
}
