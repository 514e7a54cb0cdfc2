//! DF005: a secret in `ENV`.

use super::StageCx;
use crate::syntax::Keyword;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `ENV` whose name says it holds a credential (`DB_PASSWORD`,
    /// `GITHUB_TOKEN`) and whose value is a literal, or whose value looks like
    /// a credential whatever its name (AWS key, GitHub token, private key,
    /// URL with a password). `LABEL` values are checked by value.
    ///
    /// ## Why is this bad?
    /// `ENV` values are stored in the image configuration. Anyone who can pull
    /// the image reads them with `docker inspect`, and every container started
    /// from it inherits them.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV DB_PASSWORD=hunter2
    /// ```
    /// Use instead: pass the secret at run time (an orchestrator secret, a
    /// mounted file) and keep only the reference in the image:
    /// ```dockerfile
    /// ENV DB_PASSWORD_FILE=/run/secrets/db_password
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.10, CWE-798, CWE-538
    /// - Trivy DS031, Checkov CKV_DOCKER_* secrets checks (CKV_SECRET_*)
    pub struct SecretInEnv {
        id: "DF005",
        name: "secret-in-env",
        domain: Dockerfile,
        severity: High,
        summary: "A secret is set with ENV",
        tags: ["secrets"],
        standards: ["cis-docker:4.10"],
    }
}

impl Rule<StageCx<'_>> for SecretInEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for ins in s.with_keyword(Keyword::Label) {
            for kv in ins.key_values() {
                if let Some(kind) = kv
                    .value
                    .as_ref()
                    .and_then(|v| portcullis_secrets::classify_value(&v.value))
                {
                    cx.report(
                        &Self::META,
                        kv.span,
                        format!(
                            "LABEL `{}` holds a {} that is stored in the image configuration",
                            kv.key.value,
                            kind.title()
                        ),
                    );
                }
            }
        }
        for ins in s.with_keyword(Keyword::Env) {
            for kv in ins.key_values() {
                let Some(value) = &kv.value else { continue };
                if let Some(kind) = portcullis_secrets::classify_value(&value.value) {
                    cx.report(
                        &Self::META,
                        kv.span,
                        format!(
                            "ENV `{}` holds a {} that is stored in the image configuration",
                            kv.key.value,
                            kind.title()
                        ),
                    );
                } else if portcullis_secrets::is_secret_name(&kv.key.value)
                    && !portcullis_secrets::is_placeholder(&value.value)
                {
                    cx.report(
                        &Self::META,
                        kv.span,
                        format!("ENV `{}` sets a literal secret that is stored in the image configuration", kv.key.value),
                    );
                }
            }
        }
    }
}
