//! DC011: a credentials folder of the user's home bind-mounted into a service.

use super::label;
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags bind mounts of credential folders and files in the user's home
    /// (`~/.ssh`, `~/.aws`, `~/.docker`, `~/.kube`, `~/.gnupg`, `~/.config/gcloud`,
    /// `~/.azure`, `~/.netrc`, `~/.git-credentials`...), written with `~`,
    /// `$HOME` or `${HOME}`. Absolute paths under `/home` and `/root` are
    /// reported by KS021.
    ///
    /// ## Why is this bad?
    /// The container gets the developer's SSH keys, cloud credentials, registry
    /// logins or cluster access. Any code in the image, including a
    /// compromised dependency, can use them well beyond the project.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - ~/.aws:/root/.aws:ro
    /// ```
    /// Use instead: compose `secrets:` holding only the credential the service
    /// needs, or short-lived credentials passed at run time.
    ///
    /// ## References
    /// - CWE-522, CWE-668
    pub struct HomeCredentialsMount {
        id: "DC011",
        name: "home-credentials-mount",
        domain: Compose,
        severity: High,
        summary: "Credentials folder of the user's home mounted into the container",
        tags: ["secrets", "host"],
        standards: ["cwe:522"],
    }
}

/// Credential locations relative to the home folder.
const CREDENTIALS: &[&str] = &[
    ".ssh",
    ".aws",
    ".azure",
    ".docker",
    ".kube",
    ".gnupg",
    ".config/gcloud",
    ".config/gh",
    ".netrc",
    ".git-credentials",
    ".npmrc",
    ".pypirc",
    ".vault-token",
    ".pgpass",
];

/// The path under the home folder of `~/x`, `$HOME/x`, `${HOME}/x`.
fn under_home(path: &str) -> Option<&str> {
    ["~/", "$HOME/", "${HOME}/"]
        .iter()
        .find_map(|p| path.trim().strip_prefix(p))
        .map(|r| r.trim_start_matches("./"))
}

impl Rule<ComposeService> for HomeCredentialsMount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        for v in &s.workload.pod.volumes {
            let Some(hp) = &v.host_path else { continue };
            let Some(rest) = under_home(&hp.value) else {
                continue;
            };
            let rest = rest.trim_end_matches('/');
            let hit = CREDENTIALS.iter().find(|c| {
                rest == **c || rest.strip_prefix(**c).is_some_and(|r| r.starts_with('/'))
            });
            if let Some(what) = hit {
                cx.report(
                    &Self::META,
                    hp.span,
                    format!(
                        "{} mounts `~/{what}` from the user's home, handing it the user's credentials",
                        label(s)
                    ),
                )
                .container(s.name.value.as_str());
            }
        }
    }
}
