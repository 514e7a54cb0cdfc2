//! DF013: package signature checks turned off.

use super::StageCx;
use crate::shell::{SimpleCmd, Word};
use portcullis_rules::{Checker, Rule, RuleMeta, Span, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports package installs told to accept unsigned or unverifiable
    /// packages: apt `--allow-unauthenticated`, `--allow-insecure-repositories`,
    /// `--force-yes`, `AllowUnauthenticated=true`, `[trusted=yes]` sources;
    /// yum/dnf `--nogpgcheck` or `gpgcheck=0`; `rpm --nosignature`/`--nodigest`;
    /// `apk --allow-untrusted`; `zypper --no-gpg-checks`; `gem -P NoSecurity`.
    ///
    /// ## Why is this bad?
    /// Package signatures are what ties a package to its publisher. Without
    /// them a mirror, proxy or attacker on the path can substitute any package,
    /// and it is installed as root.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --allow-untrusted /tmp/tool.apk
    /// ```
    /// Use instead: install the publisher's key and keep verification on:
    /// ```dockerfile
    /// COPY tool.rsa.pub /etc/apk/keys/
    /// RUN apk add /tmp/tool.apk
    /// ```
    ///
    /// ## References
    /// - CWE-347 (improper verification of cryptographic signature), CWE-494
    /// - Checkov CKV2_DOCKER_7, _8, _9, _10, _11
    pub struct SignatureCheckDisabled {
        id: "DF013",
        name: "signature-check-disabled",
        domain: Dockerfile,
        severity: High,
        summary: "Package signature verification is disabled",
        tags: ["supply-chain"],
        standards: [],
    }
}

fn offending(c: &SimpleCmd) -> Option<(&Word, &'static str)> {
    let find = |names: &[&str]| c.args.iter().find(|a| names.contains(&a.text.as_str()));
    let l = |w: &Word| w.text.to_ascii_lowercase().replace(' ', "");
    match c.program() {
        "apt-get" | "apt" | "aptitude" => {
            if let Some(w) = find(&[
                "--allow-unauthenticated",
                "--allow-insecure-repositories",
                "--force-yes",
                "--allow-downgrades",
            ]) && w.text != "--allow-downgrades"
            {
                return Some((w, "apt accepts unauthenticated packages"));
            }
            c.args
                .iter()
                .find(|a| {
                    let t = l(a);
                    (t.contains("allowunauthenticated")
                        || t.contains("allowinsecurerepositories")
                        || t.contains("allowdowngradetoinsecurerepositories"))
                        && (t.ends_with("true") || t.ends_with("=1") || t.ends_with("yes"))
                })
                .map(|w| (w, "apt accepts unauthenticated packages"))
        }
        "yum" | "dnf" | "microdnf" | "tdnf" | "yum-config-manager" | "dnf-config-manager" => {
            find(&["--nogpgcheck", "--nogpg"])
                .or_else(|| {
                    c.args.iter().find(|a| {
                        let t = l(a);
                        t.contains("gpgcheck=0")
                            || t.contains("gpgcheck=false")
                            || t.contains("gpgcheck=no")
                    })
                })
                .map(|w| (w, "yum/dnf skips GPG signature checks"))
        }
        "rpm" => find(&["--nosignature", "--nodigest", "--nogpgcheck", "--noverify"])
            .map(|w| (w, "rpm skips signature or digest checks")),
        "apk" if matches!(c.subcommand(), Some("add" | "upgrade" | "fix" | "update")) => {
            find(&["--allow-untrusted"]).map(|w| (w, "apk installs untrusted packages"))
        }
        "zypper" => {
            find(&["--no-gpg-checks", "--no-gpg-check"]).map(|w| (w, "zypper skips GPG checks"))
        }
        "gem" => {
            let pos = c
                .args
                .iter()
                .position(|a| a.text == "-P" || a.text == "--trust-policy")?;
            let v = c.args.get(pos + 1)?;
            matches!(v.text.as_str(), "NoSecurity" | "LowSecurity")
                .then_some((v, "gem installs without a signature trust policy"))
        }
        "pacman" => c
            .args
            .iter()
            .find(|a| l(a).contains("siglevel=never"))
            .map(|w| (w, "pacman skips signature checks")),
        _ => None,
    }
}

impl Rule<StageCx<'_>> for SignatureCheckDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for (_, script) in s.runs() {
            let mut seen: Vec<Span> = Vec::new();
            for c in &script.commands {
                if let Some((w, what)) = offending(c) {
                    if !seen.contains(&w.span) {
                        seen.push(w.span);
                        cx.report(&Self::META, w.span, format!("`{}`: {what}", w.text));
                    }
                    continue;
                }
                // echo "deb [trusted=yes] http://..." > /etc/apt/sources.list.d/x.list
                for a in std::iter::once(&c.name).chain(c.args.iter()) {
                    let t = a.text.to_ascii_lowercase();
                    // A local `file:` repository of packages built in the same
                    // step has nothing to verify against.
                    if (t.contains("trusted=yes") || t.contains("allow-insecure=yes"))
                        && !t.contains("file:/")
                        && !seen.contains(&a.span)
                    {
                        seen.push(a.span);
                        cx.report(&Self::META, a.span, "an apt source marked `[trusted=yes]` is installed without signature checks");
                    }
                }
            }
        }
    }
}
