//! KS050: a credential written in a container's command or arguments.

use crate::Workload;
use crate::rules::wording::subject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};
use portcullis_secrets::{classify_value, is_placeholder, is_secret_name};

declare_rule! {
    /// ## What it does
    /// Flags `command` and `args` entries (compose: `entrypoint` and `command`)
    /// that hold a credential: a value in a recognisable credential format, or
    /// the value of a credential-named flag (`--password=...`,
    /// `--api-token ...`) that is not a placeholder such as `$(DB_PASSWORD)`.
    ///
    /// ## Why is this bad?
    /// Command lines are even more exposed than environment variables: any
    /// process on the node can read them from `/proc/<pid>/cmdline`, `ps` shows
    /// them, and they land in the manifest, in version control and in audit
    /// logs. Pass the credential in a mounted file (`--password-file`) instead.
    ///
    /// ## Example
    /// ```yaml
    /// args: ["--db-password=s3cr3t-Pa55"]
    /// ```
    /// Use instead:
    /// ```yaml
    /// args: ["--db-password-file=/run/secrets/db/password"]
    /// ```
    ///
    /// ## References
    /// - CWE-214, CWE-798
    pub struct CredentialInArgs {
        id: "KS050",
        name: "credential-in-args",
        domain: Workload,
        severity: High,
        summary: "Credential written in the command line",
        tags: ["secrets"],
        standards: ["cwe:214"],
    }
}

/// The credential-named flag an argument gives a value to, with that value:
/// `--password=x` alone, or `--password` followed by `x`.
fn flag_value<'a>(arg: &'a str, next: Option<&'a str>) -> Option<(&'a str, &'a str)> {
    let flag = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-'))?;
    let (name, value) = match flag.split_once('=') {
        Some((n, v)) => (n, v),
        None => (flag, next.filter(|n| !n.starts_with('-'))?),
    };
    (is_secret_name(name) && !is_placeholder(value)).then_some((name, value))
}

impl Rule<Workload> for CredentialInArgs {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            for list in [&c.command, &c.args] {
                for (i, item) in list.iter().enumerate() {
                    let next = list.get(i + 1).map(|f| f.value.as_str());
                    let what = if let Some(kind) = classify_value(&item.value) {
                        kind.title().to_string()
                    } else if let Some((name, _)) = flag_value(&item.value, next) {
                        format!("value for `{name}`")
                    } else {
                        continue;
                    };
                    cx.report(
                        &Self::META,
                        item.span,
                        format!(
                            "the command line of {} holds a literal {what}",
                            subject(w, c)
                        ),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::flag_value;

    #[test]
    fn flags() {
        assert!(flag_value("--password=s3cr3t-Pa55", None).is_some());
        assert!(flag_value("--api-token", Some("q8Lm2xV9rT4pZ7kW")).is_some());
        assert!(flag_value("--api-token", Some("--verbose")).is_none());
        assert!(flag_value("--password=$(DB_PASSWORD)", None).is_none());
        assert!(flag_value("--password-file=/run/secrets/pw", None).is_none());
        assert!(flag_value("--port=8080", None).is_none());
        assert!(flag_value("password", Some("x")).is_none());
    }
}
