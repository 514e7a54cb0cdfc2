//! KS086: an Ingress that serves plain HTTP only.

use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_yaml::Node;

declare_rule! {
    /// ## What it does
    /// Flags `Ingress` objects without a `spec.tls` section.
    ///
    /// ## Why is this bad?
    /// Without TLS the Ingress serves plain HTTP: credentials, session cookies
    /// and data cross the network readable and modifiable by anyone on the path.
    /// Terminating TLS elsewhere (a cloud load balancer) is fine; say so with a
    /// suppression that gives the reason.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// spec:
    ///   rules:
    ///     - host: shop.example
    /// ```
    /// Use instead:
    /// ```yaml
    /// kind: Ingress
    /// spec:
    ///   tls:
    ///     - hosts: ["shop.example"]
    ///       secretName: shop-tls
    ///   rules:
    ///     - host: shop.example
    /// ```
    ///
    /// ## References
    /// - CWE-319
    /// - Polaris `tlsSettingsMissing`
    pub struct IngressWithoutTls {
        id: "KS086",
        name: "ingress-without-tls",
        domain: Kubernetes,
        severity: Low,
        summary: "Ingress without TLS",
        tags: ["network"],
        standards: ["cwe:319"],
    }
}

impl<'a> Rule<K8sObject<'a>> for IngressWithoutTls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        if obj.object.kind != "Ingress" {
            return;
        }
        let spec = obj.root.get("spec");
        let has_tls = spec
            .and_then(|s| s.get("tls"))
            .and_then(Node::as_seq)
            .is_some_and(|t| !t.is_empty());
        if !has_tls {
            let span = obj
                .root
                .entry("spec")
                .map(|e| e.key.span)
                .unwrap_or(obj.root.span);
            cx.report(
                &Self::META,
                span,
                "the Ingress has no TLS section and serves plain HTTP",
            );
        }
    }
}
