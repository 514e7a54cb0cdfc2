//! KS071: a ConfigMap that holds credentials.

use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_secrets::{classify_value, is_placeholder, is_secret_name, is_weak_default};
use portcullis_yaml::Node;

declare_rule! {
    /// ## What it does
    /// Flags `ConfigMap` entries that hold credentials: a key whose name says
    /// it is a credential (`password`, `DB_PASSWORD`, `apiKey`, ...) with a
    /// literal value that is not a placeholder; a value in a recognisable
    /// credential format (private key, cloud or CI token, URL with a password);
    /// or a line `name = value` / `name: value` of an embedded configuration
    /// file where the name is a credential name.
    ///
    /// ## Why is this bad?
    /// ConfigMaps are meant for non-secret data: they are readable by far more
    /// subjects than Secrets (many roles grant `get configmaps`), are shown in
    /// plain text by dashboards and `kubectl describe`, and are not encrypted at
    /// rest even where Secrets are. Move the credential into a Secret.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ConfigMap
    /// data:
    ///   DB_PASSWORD: s3cr3t-Pa55
    /// ```
    /// Use instead: a Secret holding `DB_PASSWORD`, mounted as a file.
    ///
    /// ## References
    /// - CWE-312, CWE-798
    /// - Trivy KSV109, KSV01010; Polaris `sensitiveConfigmapContent`
    pub struct ConfigmapCredential {
        id: "KS071",
        name: "configmap-credential",
        domain: Kubernetes,
        severity: High,
        summary: "ConfigMap holds a credential",
        tags: ["secrets"],
        standards: ["cwe:312"],
    }
}

/// Keys holding program code, whose `name = value` lines are code, not settings.
const CODE_EXTENSIONS: &[&str] = &[
    ".py", ".js", ".ts", ".sh", ".bash", ".go", ".rb", ".lua", ".java", ".pl", ".php", ".ps1",
];

/// A credential-named `name = value` / `name: value` line of an embedded
/// configuration file: the name.
fn credential_line(text: &str) -> Option<&str> {
    for line in text.lines() {
        let line = line.trim().trim_start_matches("export ");
        if line.starts_with('#') || line.starts_with(';') || line.starts_with("//") {
            continue;
        }
        let Some(i) = line.find(['=', ':']) else {
            continue;
        };
        let (name, value) = (line[..i].trim(), line[i + 1..].trim());
        let name = name.trim_matches(|c| c == '"' || c == '\'');
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        // Code (`token=os.environ["X"]`, `secret: f(x)`) is not a literal.
        let literal = !value.is_empty()
            && !value.contains(char::is_whitespace)
            && !value.contains(['(', '[', '{', ',', ';']);
        // A short word (`passwd: files` in nsswitch.conf) is a setting, not a
        // credential, unless it is a well-known default password.
        let long_enough = value.chars().count() >= 8 || is_weak_default(value);
        if literal
            && long_enough
            && !name.is_empty()
            && !name.contains(char::is_whitespace)
            && is_secret_name(name)
            && !is_placeholder(value)
        {
            return Some(name);
        }
    }
    None
}

impl<'a> Rule<K8sObject<'a>> for ConfigmapCredential {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        if obj.object.kind != "ConfigMap" || obj.object.api_version != "v1" {
            return;
        }
        let Some(entries) = obj.root.get("data").and_then(Node::as_map) else {
            return;
        };
        for e in entries {
            let (Some(key), Some(value)) = (e.key.as_str(), e.value.as_str()) else {
                continue;
            };
            let is_code = CODE_EXTENSIONS.iter().any(|x| key.ends_with(x));
            let msg = if let Some(kind) = classify_value(value) {
                format!("ConfigMap key `{key}` holds a {}", kind.title())
            } else if is_secret_name(key) && !is_placeholder(value) {
                format!("ConfigMap key `{key}` holds a literal credential")
            } else if let Some(name) = (value.contains('\n') && !is_code)
                .then(|| credential_line(value))
                .flatten()
            {
                format!("ConfigMap key `{key}` embeds a credential (`{name}`)")
            } else {
                continue;
            };
            cx.report(&Self::META, e.value.span, msg);
        }
    }
}
