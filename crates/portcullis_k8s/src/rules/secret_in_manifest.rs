//! KS070: a Secret manifest with its values written in it.

use crate::K8sObject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_yaml::Node;

declare_rule! {
    /// ## What it does
    /// Flags `Secret` objects whose `stringData` or `data` holds values in the
    /// manifest. Empty values and template references (`${DB_PASSWORD}`,
    /// `{{ .Values.password }}`, `<password>`) and PEM certificates (which are
    /// public) are not reported.
    ///
    /// ## Why is this bad?
    /// `stringData` is plain text and `data` is only base64, so the file is a
    /// copy of the credentials: in version control, in review tools, in every
    /// clone and CI log. Rotating them means rewriting history. Keep the
    /// manifest free of values and let a secret manager fill them in.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Secret
    /// stringData:
    ///   password: s3cr3t-Pa55
    /// ```
    /// Use instead: a SealedSecret, an ExternalSecret (External Secrets
    /// Operator), SOPS-encrypted files, or `kubectl create secret` at deploy time.
    ///
    /// ## References
    /// - Kubernetes "Good practices for Kubernetes Secrets"; CWE-312, CWE-798
    /// - Checkov CKV_SECRET_* (secret scanning of manifests)
    pub struct SecretInManifest {
        id: "KS070",
        name: "secret-in-manifest",
        domain: Kubernetes,
        severity: High,
        summary: "Secret values written in the manifest",
        tags: ["secrets"],
        standards: ["cwe:312"],
    }
}

/// True for a value that is a template reference rather than a credential.
fn is_template(v: &str) -> bool {
    let v = v.trim();
    v.is_empty()
        || v.contains("${")
        || v.contains("{{")
        || v.contains("$(")
        || (v.starts_with('<') && v.ends_with('>'))
}

/// Decodes standard or URL-safe base64 (padding optional); `None` when the
/// text is not base64.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b'\n' | b'\r' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

impl<'a> Rule<K8sObject<'a>> for SecretInManifest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, obj: &K8sObject<'a>, cx: &mut Checker) {
        if obj.object.kind != "Secret" || obj.object.api_version != "v1" {
            return;
        }
        for (field, encoded) in [("stringData", false), ("data", true)] {
            let Some(entries) = obj.root.get(field).and_then(Node::as_map) else {
                continue;
            };
            for e in entries {
                let (Some(key), Some(value)) = (e.key.as_str(), e.value.as_str()) else {
                    continue;
                };
                let plain = if encoded {
                    match decode_base64(value) {
                        Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                        None => value.to_string(),
                    }
                } else {
                    value.to_string()
                };
                // Certificates are public; only their keys are secret.
                let certificate_only =
                    plain.contains("-----BEGIN CERTIFICATE-----") && !plain.contains("PRIVATE KEY");
                if is_template(&plain) || is_template(value) || certificate_only {
                    continue;
                }
                let how = if encoded {
                    "base64-encoded"
                } else {
                    "in plain text"
                };
                cx.report(
                    &Self::META,
                    e.value.span,
                    format!("Secret key `{key}` holds its value {how} in the manifest ({field})"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::decode_base64;

    #[test]
    fn base64() {
        assert_eq!(
            decode_base64("cGFzc3dvcmQ=").as_deref(),
            Some(&b"password"[..])
        );
        assert_eq!(decode_base64("JHtQV30").as_deref(), Some(&b"${PW}"[..]));
        assert_eq!(decode_base64("not base64!"), None);
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
    }
}
