//! KS022: an environment variable whose literal value is a recognisable credential.

use crate::Workload;
use crate::rules::wording::{COMPOSE_ENV_HINT, key, subject};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_secrets::classify_value;

declare_rule! {
    /// ## What it does
    /// Flags environment variables whose literal value has the format of a
    /// credential, whatever the variable is called: private keys, AWS access
    /// keys, GitHub, GitLab, Slack, Stripe, npm and PyPI tokens, Google API keys,
    /// JSON Web Tokens and URLs with a password in them.
    ///
    /// ## Why is this bad?
    /// The manifest or compose file is now a copy of the credential: it sits in
    /// version control, CI logs, Helm release history and the cluster's object
    /// store, readable by anyone who can read the workload. Rotating it means
    /// rewriting history. Store it in a Secret (or an external secret manager)
    /// and mount it as a file.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: GIT_AUTH
    ///     value: ghp_R8fK2mQ9xLp4Tz7WvB3nYc6HjD1sA5eGuN0k
    /// ```
    /// Use instead:
    /// ```yaml
    /// volumeMounts:
    ///   - {name: git-credentials, mountPath: /run/secrets/git, readOnly: true}
    /// ```
    ///
    /// ## References
    /// - CWE-798; OWASP Kubernetes Top 10 K08
    /// - Polaris `sensitiveContainerEnvVar` (values); KICS "Secrets as Environment Variables"
    pub struct CredentialInEnv {
        id: "KS022",
        name: "credential-in-env",
        domain: Workload,
        severity: Critical,
        summary: "Environment variable holds a literal credential",
        tags: ["secrets"],
        standards: ["cwe:798"],
    }
}

impl Rule<Workload> for CredentialInEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            for e in &c.env {
                let Some(v) = &e.value else { continue };
                let Some(kind) = classify_value(&v.value) else {
                    continue;
                };
                cx.report(
                    &Self::META,
                    v.span,
                    format!(
                        "environment variable `{}` of {} holds a literal {}{}",
                        e.name.value,
                        subject(w, c),
                        kind.title(),
                        key(w, "", COMPOSE_ENV_HINT)
                    ),
                )
                .container(c.name_str())
                .property("secret_kind", kind.id());
            }
        }
    }
}
