//! DF018: `dist-upgrade` during the build.

use super::StageCx;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get dist-upgrade` / `full-upgrade` (and the `apt` and
    /// `zypper dup` equivalents) in a `RUN`. A plain `upgrade` is not reported: applying security
    /// updates during the build is a legitimate way to ship patched packages.
    ///
    /// ## Why is this bad?
    /// `dist-upgrade` may add or remove packages and move the image to a
    /// different release than the base image's tag promises, so the build is
    /// neither reproducible nor what the base image's maintainers tested.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get dist-upgrade -y
    /// ```
    /// Use instead: a newer base image tag, or a plain security upgrade:
    /// ```dockerfile
    /// RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// - Trivy DS024; hadolint DL3035 and DL3005 (retired)
    pub struct PackageDistUpgrade {
        id: "DF018",
        name: "package-dist-upgrade",
        domain: Dockerfile,
        severity: Low,
        summary: "The build runs a distribution upgrade",
        tags: ["supply-chain"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for PackageDistUpgrade {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for (_, script) in s.runs() {
            for c in &script.commands {
                let Some(w) = c.operands().next() else {
                    continue;
                };
                let hit = match c.program() {
                    "apt-get" | "apt" | "aptitude" => {
                        matches!(w.text.as_str(), "dist-upgrade" | "full-upgrade")
                    }
                    "zypper" => matches!(w.text.as_str(), "dist-upgrade" | "dup"),
                    _ => false,
                };
                if hit {
                    cx.report(
                        &Self::META,
                        c.span,
                        format!(
                            "`{} {}` upgrades the distribution during the build",
                            c.program(),
                            w.text
                        ),
                    );
                }
            }
        }
    }
}
