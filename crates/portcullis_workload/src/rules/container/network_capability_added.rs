//! KS031: a capability that lets a process attack the network.

use super::check_added_capabilities;
use crate::Workload;
use crate::rules::wording::key;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers that add `NET_ADMIN` or `NET_RAW` (compose: in
    /// `cap_add`).
    ///
    /// ## Why is this bad?
    /// `NET_RAW` crafts arbitrary packets: ARP and DNS spoofing against other
    /// pods on the node, and kernel bugs reachable only through raw sockets
    /// (CVE-2020-14386). `NET_ADMIN` reconfigures interfaces, routes and
    /// firewall rules, which can bypass NetworkPolicies when the pod shares the
    /// host network. Only network plugins and service meshes need them. The
    /// Pod Security Standards allow `NET_RAW` at baseline (it is a Docker
    /// default) and reject it at restricted; this rule flags adding it
    /// explicitly at any level.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     add: ["NET_ADMIN"]
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: ["ALL"]
    /// ```
    ///
    /// ## References
    /// - capabilities(7); CIS Docker Benchmark 5.3
    /// - Trivy KSV119; Checkov CKV_K8S_28 (in part); Polaris `dangerousCapabilities`
    pub struct NetworkCapabilityAdded {
        id: "KS031",
        name: "network-capability-added",
        domain: Workload,
        severity: High,
        summary: "Container adds NET_ADMIN or NET_RAW",
        tags: ["capabilities"],
        standards: ["cis-docker:5.3"],
    }
}

impl Rule<Workload> for NetworkCapabilityAdded {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        check_added_capabilities(w, cx, &Self::META, |name| match name {
            "NET_ADMIN" => Some("it can reconfigure interfaces, routes and firewall rules"),
            "NET_RAW" => Some(key(
                w,
                "it can forge packets and spoof other pods",
                "it can forge packets and spoof other containers",
            )),
            _ => None,
        });
    }
}
