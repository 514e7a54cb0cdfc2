//! DF016: packages installed without a version.

use super::StageCx;
use super::packages::{Manager, install, is_not_a_name, is_pinned};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports package installs that name packages without a version:
    /// `apt-get install pkg` (no `=version`), `apk add pkg` (no `=`),
    /// `yum/dnf install pkg` (no `-version`), `pip install pkg` (no `==` or
    /// other specifier, no `-r`), `npm install pkg` (no `@version`), `gem
    /// install pkg` (no `-v`), `go install pkg` (no `@version`, or `@latest`).
    ///
    /// ## Why is this bad?
    /// Each build installs whatever the repository serves that day, so a
    /// rebuilt image can differ from the one you tested, and a compromised or
    /// typo-squatted release is picked up without review.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install requests
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN pip install requests==2.32.3
    /// ```
    ///
    /// ## References
    /// - SLSA (pinned dependencies), CWE-1357
    /// - hadolint DL3008, DL3013, DL3016, DL3018, DL3028, DL3033, DL3037, DL3041, DL3062
    pub struct UnpinnedPackage {
        id: "DF016",
        name: "unpinned-package-install",
        domain: Dockerfile,
        severity: Low,
        summary: "Packages are installed without pinned versions",
        tags: ["supply-chain"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for UnpinnedPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for (_, script) in s.runs() {
            for c in &script.commands {
                let Some((mgr, pkgs)) = install(c) else {
                    continue;
                };
                if mgr == Manager::Pip && c.has_arg(&["-r", "--requirement"]) && pkgs.is_empty() {
                    continue;
                }
                // `pip install --upgrade pip setuptools wheel` refreshes the
                // installer itself (hadolint exempts it too).
                let self_upgrade = mgr == Manager::Pip && c.has_arg(&["-U", "--upgrade"]);
                let unpinned: Vec<&str> = pkgs
                    .iter()
                    .map(|w| w.text.as_str())
                    .filter(|t| !is_not_a_name(mgr, t) && !is_pinned(mgr, t, c))
                    .filter(|t| !(self_upgrade && matches!(*t, "pip" | "setuptools" | "wheel")))
                    .collect();
                if unpinned.is_empty() {
                    continue;
                }
                let shown: Vec<&str> = unpinned.iter().take(4).copied().collect();
                let more = if unpinned.len() > 4 {
                    format!(" and {} more", unpinned.len() - 4)
                } else {
                    String::new()
                };
                cx.report(
                    &Self::META,
                    c.span,
                    format!(
                        "`{}` installs `{}`{more} without a pinned version",
                        mgr.tool(),
                        shown.join("`, `")
                    ),
                );
            }
        }
    }
}
