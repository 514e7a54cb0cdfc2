//! KS024: Secrets consumed as environment variables.

use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags environment variables set from a Secret (`valueFrom.secretKeyRef`)
    /// and `envFrom` entries that load a whole Secret into the environment.
    /// Compose services have no such references, so it never fires on them
    /// (secrets in `environment` and `env_file` are KS022, KS023 and DC006).
    ///
    /// ## Why is this bad?
    /// Environment variables leak: they are inherited by every child process,
    /// printed by crash handlers and debug endpoints, shown by `docker inspect`
    /// and `/proc/<pid>/environ`, and copied into logs. A Secret mounted as a
    /// file with tight permissions is read only by the code that needs it, and
    /// is updated in place when the Secret changes.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: DB_PASSWORD
    ///     valueFrom:
    ///       secretKeyRef: {name: db, key: password}
    /// ```
    /// Use instead:
    /// ```yaml
    /// volumeMounts:
    ///   - {name: db, mountPath: /run/secrets/db, readOnly: true}
    /// ```
    ///
    /// ## References
    /// - Kubernetes "Good practices for Kubernetes Secrets"; CWE-526
    /// - Checkov CKV_K8S_35
    pub struct SecretEnvVar {
        id: "KS024",
        name: "secret-env-var",
        domain: Workload,
        severity: Low,
        summary: "Secret consumed as an environment variable",
        tags: ["secrets"],
        standards: [],
    }
}

impl Rule<Workload> for SecretEnvVar {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            for e in &c.env {
                if let Some(span) = e.from_secret {
                    cx.report(
                        &Self::META,
                        span,
                        format!(
                            "environment variable `{}` of container `{}` is read from a Secret; mount the Secret as a file instead",
                            e.name.value,
                            c.name_str()
                        ),
                    )
                    .container(c.name_str());
                }
            }
            for ef in &c.env_from {
                if let Some(s) = &ef.secret {
                    cx.report(
                        &Self::META,
                        s.span,
                        format!(
                            "container `{}` loads every key of Secret `{}` into its environment; mount the Secret as a file instead",
                            c.name_str(),
                            s.value
                        ),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}
