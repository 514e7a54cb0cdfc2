//! DF011: `sudo` in `RUN`.

use super::StageCx;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `sudo` (or `doas`) in a `RUN` command, including inside
    /// `sh -c` bodies and pipelines.
    ///
    /// ## Why is this bad?
    /// `sudo` in an image means the runtime user can become root, which undoes
    /// the point of a non-root `USER`; its TTY and signal handling also make
    /// builds unpredictable. Switch `USER` around the steps that need root.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// RUN sudo apt-get install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// USER root
    /// RUN apt-get install -y curl
    /// USER app
    /// ```
    ///
    /// ## References
    /// - CWE-250, CIS Docker Benchmark 4.1
    /// - hadolint DL3004, Trivy DS010, Checkov CKV2_DOCKER_1
    pub struct SudoInRun {
        id: "DF011",
        name: "sudo-in-run",
        domain: Dockerfile,
        severity: Medium,
        summary: "RUN uses sudo",
        tags: ["least-privilege"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for SudoInRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for (_, script) in s.runs() {
            for c in &script.commands {
                let word = c
                    .via_wrapper("sudo")
                    .or_else(|| c.via_wrapper("doas"))
                    .or_else(|| matches!(c.program(), "sudo" | "doas").then_some(&c.name));
                if let Some(w) = word {
                    let msg = if std::ptr::eq(w, &c.name) {
                        format!("`RUN` calls `{}`", w.text)
                    } else {
                        format!("`{}` runs through `{}`", c.program(), w.text)
                    };
                    cx.report(&Self::META, w.span, msg);
                }
            }
        }
    }
}
