//! KS090: a Service that claims external IP addresses.

use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_yaml::Node;

declare_rule! {
    /// ## What it does
    /// Flags `Service` objects that set `spec.externalIPs`.
    ///
    /// ## Why is this bad?
    /// kube-proxy routes traffic for every listed address to the Service's
    /// pods, on every node, whoever owns that address. Anyone allowed to create
    /// a Service can list the IP of a real external system (a database, an API,
    /// DNS) and receive the cluster's traffic for it (CVE-2020-8554, a design
    /// flaw with no patch). The `DenyServiceExternalIPs` admission plugin turns
    /// the field off; manifests that need it deserve a reviewed exception.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   externalIPs: ["198.51.100.10"]
    /// ```
    /// Use instead: a `LoadBalancer` Service, or an Ingress, whose addresses
    /// the platform assigns.
    ///
    /// ## References
    /// - CVE-2020-8554; CWE-300
    /// - CIS Kubernetes Benchmark 1.2.x (`DenyServiceExternalIPs`)
    pub struct ServiceExternalIps {
        id: "KS090",
        name: "service-external-ips",
        domain: Kubernetes,
        severity: Medium,
        summary: "Service claims external IP addresses",
        tags: ["network"],
        standards: ["cve:CVE-2020-8554"],
    }
}

impl<'a> Rule<K8sObject<'a>> for ServiceExternalIps {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        if obj.object.kind != "Service" || obj.object.api_version != "v1" {
            return;
        }
        let Some(ips) = obj.root.path(&["spec", "externalIPs"]) else {
            return;
        };
        let list: Vec<&str> = ips
            .as_seq()
            .unwrap_or_default()
            .iter()
            .filter_map(Node::as_str)
            .collect();
        if !list.is_empty() {
            cx.report(
                &Self::META,
                ips.span,
                format!(
                    "the Service takes traffic for external IP {}, whoever owns it (CVE-2020-8554)",
                    list.join(", ")
                ),
            );
        }
    }
}
