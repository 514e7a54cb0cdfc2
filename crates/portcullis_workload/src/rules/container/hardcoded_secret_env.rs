//! KS023: a secret-named environment variable with a literal value.

use crate::Workload;
use crate::rules::wording::{COMPOSE_ENV_HINT, key, subject};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_secrets::{classify_value, is_placeholder, is_secret_name, is_weak_default};

declare_rule! {
    /// ## What it does
    /// Flags environment variables whose name says they hold a credential
    /// (`DB_PASSWORD`, `API_KEY`, `SECRET_KEY_BASE`, `GITHUB_TOKEN`, ...) and
    /// whose value is written literally, unless the value is a placeholder
    /// (`${DB_PASSWORD}`, `<password>`, `changeit-in-prod`...). Values with a
    /// recognisable credential format are reported by KS022 instead.
    ///
    /// ## Why is this bad?
    /// The password is now in version control and in every copy of the
    /// manifest, readable by anyone who can read the workload, and it cannot be
    /// rotated without a deployment. Weak defaults such as `changeme` are
    /// reported too: they are guessed first.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: POSTGRES_PASSWORD
    ///     value: s3cr3t-Pa55
    /// ```
    /// Use instead:
    /// ```yaml
    /// env:
    ///   - name: POSTGRES_PASSWORD_FILE
    ///     value: /run/secrets/db/password
    /// ```
    ///
    /// ## References
    /// - CWE-798, CWE-259
    /// - Polaris `sensitiveContainerEnvVar`; KICS "Secrets as Environment Variables"
    pub struct HardcodedSecretEnv {
        id: "KS023",
        name: "hardcoded-secret-env",
        domain: Workload,
        severity: High,
        summary: "Secret-named environment variable with a literal value",
        tags: ["secrets"],
        standards: ["cwe:798"],
    }
}

impl Rule<Workload> for HardcodedSecretEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            for e in &c.env {
                let Some(v) = &e.value else { continue };
                if !is_secret_name(&e.name.value)
                    || is_placeholder(&v.value)
                    || classify_value(&v.value).is_some()
                {
                    continue;
                }
                let what = if is_weak_default(&v.value) {
                    "a well-known default password"
                } else {
                    "a literal value"
                };
                cx.report(
                    &Self::META,
                    v.span,
                    format!(
                        "environment variable `{}` of {} holds {what}{}",
                        e.name.value,
                        subject(w, c),
                        key(w, "", COMPOSE_ENV_HINT)
                    ),
                )
                .container(c.name_str());
            }
        }
    }
}
