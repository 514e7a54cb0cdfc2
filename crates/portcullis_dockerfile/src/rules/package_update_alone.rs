//! DF027: a package index update in a `RUN` of its own.

use super::StageCx;
use super::packages::install;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that refreshes the package index (`apt-get update`,
    /// `apk update`, `yum/dnf makecache`, `zypper refresh`) without installing
    /// anything in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// The build cache keeps that layer: later `RUN ... install` steps reuse an
    /// index from whenever the layer was first built and install outdated
    /// packages with known vulnerabilities, long after fixes were published.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// - CWE-1104 (use of unmaintained third-party components)
    /// - Trivy DS017, Checkov CKV_DOCKER_5, hadolint DL3009 (related)
    pub struct PackageUpdateAlone {
        id: "DF027",
        name: "package-update-alone",
        domain: Dockerfile,
        severity: Low,
        summary: "The package index is updated in a RUN of its own",
        tags: ["supply-chain"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for PackageUpdateAlone {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for (_, script) in s.runs() {
            let update = script.commands.iter().find(|c| {
                let sub = c.subcommand();
                match c.program() {
                    "apt-get" | "apt" | "apk" => sub == Some("update"),
                    "yum" | "dnf" | "microdnf" => sub == Some("makecache"),
                    "zypper" => matches!(sub, Some("refresh" | "ref")),
                    _ => false,
                }
            });
            let Some(update) = update else { continue };
            let installs = script.commands.iter().any(|c| {
                install(c).is_some()
                    || matches!(
                        c.subcommand(),
                        Some(
                            "upgrade"
                                | "dist-upgrade"
                                | "full-upgrade"
                                | "build-dep"
                                | "source"
                                | "update"
                        )
                    ) && c.span != update.span
            });
            if !installs {
                cx.report(
                    &Self::META,
                    update.span,
                    format!(
                        "`{} {}` runs alone; later installs reuse this cached, ageing index",
                        update.program(),
                        update.subcommand().unwrap_or("")
                    ),
                );
            }
        }
    }
}
