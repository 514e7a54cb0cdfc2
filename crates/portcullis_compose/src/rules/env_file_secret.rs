//! DC006: a credential in an env file read by a service.

use super::label;
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_secrets::{classify_value, is_placeholder, is_secret_name, is_weak_default};

declare_rule! {
    /// ## What it does
    /// Reads every `env_file` of a service (relative to the compose file) and
    /// flags assignments whose value has the format of a credential, or whose
    /// name says it holds one (`POSTGRES_PASSWORD`, `API_KEY`) and whose value
    /// is not a placeholder. The finding points into the env file.
    ///
    /// ## Why is this bad?
    /// Env files sit next to the compose file and are easily committed,
    /// copied into images (`COPY . .`) and shared. Their values end up in the
    /// container's environment, visible to `docker inspect`, every child
    /// process and crash reports.
    ///
    /// ## Example
    /// ```text
    /// # .env.db
    /// POSTGRES_PASSWORD=Sup3r-S3cret!
    /// ```
    /// Use instead: compose `secrets:` mounted as files
    /// (`POSTGRES_PASSWORD_FILE=/run/secrets/db_password`), with the secret
    /// file kept out of version control.
    ///
    /// ## References
    /// - CWE-798, CWE-526
    /// - KICS "Passwords And Secrets" (generic); Docker "Secrets in Compose"
    pub struct EnvFileSecret {
        id: "DC006",
        name: "env-file-secret",
        domain: Compose,
        severity: High,
        summary: "Credential in an env file read by a service",
        tags: ["secrets"],
        standards: ["cwe:798"],
    }
}

impl Rule<ComposeService> for EnvFileSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        for ef in &s.env_files {
            let Some(file) = &ef.file else { continue };
            for var in &ef.vars {
                let v = &var.value.value;
                let what = match classify_value(v) {
                    Some(kind) => format!("a literal {}", kind.title()),
                    None if is_secret_name(&var.name.value) && !is_placeholder(v) => {
                        if is_weak_default(v) {
                            "a well-known default password".to_string()
                        } else {
                            "a literal value".to_string()
                        }
                    }
                    None => continue,
                };
                cx.report_in(
                    file.clone(),
                    &Self::META,
                    var.value.span,
                    format!(
                        "`{}` in env file `{}` (read by {}) holds {what}",
                        var.name.value,
                        ef.path.value,
                        label(s)
                    ),
                )
                .container(s.name.value.as_str());
            }
        }
    }
}
