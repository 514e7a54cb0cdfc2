//! DC005: a credential passed as a literal build argument.

use super::label;
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_secrets::{classify_value, is_placeholder, is_secret_name};

declare_rule! {
    /// ## What it does
    /// Flags `build.args` whose value is written literally and either has the
    /// format of a credential (a GitHub token, an AWS key, a private key...)
    /// or belongs to an argument whose name says it is one (`NPM_TOKEN`,
    /// `DB_PASSWORD`). Values taken from the environment (`${NPM_TOKEN}`, or
    /// a name without a value) are not reported.
    ///
    /// ## Why is this bad?
    /// Build arguments are recorded in the image history (`docker history`)
    /// and in the compose file in version control. Anyone who can pull the
    /// image or read the repository gets the credential.
    ///
    /// ## Example
    /// ```yaml
    /// build:
    ///   context: .
    ///   args:
    ///     NPM_TOKEN: npm_AbCdEf0123456789AbCdEf0123456789AbCd
    /// ```
    /// Use instead:
    /// ```yaml
    /// build:
    ///   context: .
    ///   secrets: [npm_token]
    /// ```
    ///
    /// ## References
    /// - CWE-798, CWE-538
    /// - Docker "Build secrets" documentation; hadolint and Trivy report the Dockerfile side (`ARG`/`ENV` with secrets)
    pub struct BuildArgSecret {
        id: "DC005",
        name: "build-arg-secret",
        domain: Compose,
        severity: High,
        summary: "Credential passed as a literal build argument",
        tags: ["secrets"],
        standards: ["cwe:798"],
    }
}

impl Rule<ComposeService> for BuildArgSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        for arg in &s.build_args {
            let Some(v) = &arg.value else { continue };
            let what = match classify_value(&v.value) {
                Some(kind) => format!("a literal {}", kind.title()),
                None if is_secret_name(&arg.name.value) && !is_placeholder(&v.value) => {
                    "a literal value".to_string()
                }
                None => continue,
            };
            cx.report(
                &Self::META,
                v.span,
                format!(
                    "build argument `{}` of {} holds {what}; it is kept in the image history",
                    arg.name.value,
                    label(s)
                ),
            )
            .container(s.name.value.as_str());
        }
    }
}
