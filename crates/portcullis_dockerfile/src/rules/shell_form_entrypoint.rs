//! DF022: shell-form `CMD` / `ENTRYPOINT`.

use super::StageCx;
use crate::syntax::{Args, Command};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `ENTRYPOINT` and `CMD` in shell form (`CMD node server.js`) in
    /// the final stage, unless the command starts with `exec`.
    ///
    /// ## Why is this bad?
    /// The shell form runs `/bin/sh -c` as PID 1, which does not forward
    /// SIGTERM to your process: it is killed without a chance to shut down
    /// cleanly after the grace period, and a shell-form `ENTRYPOINT` ignores
    /// `CMD` and `docker run` arguments.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENTRYPOINT node server.js
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ENTRYPOINT ["node", "server.js"]
    /// ```
    ///
    /// ## References
    /// - hadolint DL3025
    pub struct ShellFormEntrypoint {
        id: "DF022",
        name: "shell-form-entrypoint",
        domain: Dockerfile,
        severity: Low,
        summary: "CMD or ENTRYPOINT uses the shell form",
        tags: ["availability"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for ShellFormEntrypoint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        if !s.is_final() {
            return;
        }
        for ins in s.stage.effective() {
            let (cmd, name) = match &ins.args {
                Args::Cmd(c) => (c, "CMD"),
                Args::Entrypoint(c) => (c, "ENTRYPOINT"),
                _ => continue,
            };
            if let Command::Shell { raw } = cmd {
                let t = raw.value.trim_start();
                if t.is_empty() || t.starts_with("exec ") || t.starts_with('[') {
                    continue;
                }
                cx.report(&Self::META, ins.span, format!("`{name}` in shell form runs under `/bin/sh -c`, which does not forward stop signals; use the JSON form"));
            }
        }
    }
}
