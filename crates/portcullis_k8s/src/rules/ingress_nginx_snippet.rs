//! KS087: an ingress-nginx snippet annotation.

use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_yaml::Node;

declare_rule! {
    /// ## What it does
    /// Flags `Ingress` objects with an ingress-nginx snippet annotation
    /// (`nginx.ingress.kubernetes.io/configuration-snippet`, `server-snippet`,
    /// `auth-snippet`, `stream-snippet`, `modsecurity-snippet`, ...).
    ///
    /// ## Why is this bad?
    /// Snippets are pasted into the controller's NGINX configuration. Whoever
    /// can create an Ingress can then read files of the controller (`alias`),
    /// run Lua code in it, and so read its service account token, which can
    /// read every Secret of the cluster (CVE-2021-25742, and the 2025
    /// "IngressNightmare" CVE-2025-1974 family). Recent controller versions
    /// disable snippets by default for this reason.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/server-snippet: |
    ///       location /x { alias /var/run/secrets/; }
    /// ```
    /// Use instead: the dedicated annotations (`rewrite-target`,
    /// `configuration` ConfigMap set by the cluster administrator).
    ///
    /// ## References
    /// - CVE-2021-25742; CWE-94
    /// - Checkov CKV_K8S_152, CKV_K8S_153, CKV_K8S_154
    pub struct IngressNginxSnippet {
        id: "KS087",
        name: "ingress-nginx-snippet",
        domain: Kubernetes,
        severity: High,
        summary: "Ingress injects an NGINX configuration snippet",
        tags: ["network", "injection"],
        standards: ["cve:CVE-2021-25742"],
    }
}

impl<'a> Rule<K8sObject<'a>> for IngressNginxSnippet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        if obj.object.kind != "Ingress" {
            return;
        }
        let Some(annotations) = obj
            .root
            .path(&["metadata", "annotations"])
            .and_then(Node::as_map)
        else {
            return;
        };
        for e in annotations {
            let Some(key) = e.key.as_str() else { continue };
            let Some(name) = key.strip_prefix("nginx.ingress.kubernetes.io/") else {
                continue;
            };
            if name.ends_with("-snippet") || name.ends_with("-snippets") {
                cx.report(
                    &Self::META,
                    e.key.span,
                    format!("annotation `{key}` injects raw NGINX configuration into the ingress controller"),
                );
            }
        }
    }
}
