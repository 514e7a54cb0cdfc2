//! DF014: world-writable permissions.

use super::StageCx;
use crate::syntax::Keyword;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `chmod`, `mkdir -m` and `install -m` in `RUN`, and `COPY`/`ADD
    /// --chmod`, that make files
    /// writable by everyone: octal modes with the others-write bit (`777`,
    /// `666`, `o2`), and symbolic modes `o+w`, `a+w`, `ugo+w`, `o=rwx`.
    /// Directories with the sticky bit (`1777`, like `/tmp`) are fine.
    ///
    /// ## Why is this bad?
    /// Any user in the container, including a compromised unprivileged process,
    /// can then replace binaries, scripts or configuration that more privileged
    /// processes trust.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN chmod -R 777 /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN chown -R app:app /app && chmod -R u+rwX,go-w /app
    /// ```
    ///
    /// ## References
    /// - CWE-732 (incorrect permission assignment for critical resource)
    /// - KICS "chmod 777", Semgrep dockerfile rules
    pub struct WorldWritable {
        id: "DF014",
        name: "world-writable-permissions",
        domain: Dockerfile,
        severity: Medium,
        summary: "Files are made world-writable",
        tags: ["least-privilege"],
        standards: [],
    }
}

/// True when `mode` grants write to others (and is not a sticky directory).
pub(crate) fn world_writable(mode: &str) -> bool {
    if !mode.is_empty() && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let digits = mode.as_bytes();
        let others = digits[digits.len() - 1] - b'0';
        let sticky = digits.len() == 4 && (digits[0] - b'0') & 1 == 1;
        return others & 2 != 0 && !sticky;
    }
    // `o+t,a+rwx` is as sticky as `a+rwxt`.
    let sticky = mode
        .split(',')
        .filter_map(clause)
        .any(|(_, perms)| perms.contains('t'));
    !sticky
        && mode
            .split(',')
            .filter_map(clause)
            .any(|(who, perms)| (who.contains('o') || who.contains('a')) && perms.contains('w'))
}

/// `who` and `perms` of a symbolic clause (`o+w` -> `o`, `w`).
fn clause(c: &str) -> Option<(&str, &str)> {
    c.find(['+', '=']).map(|op| (&c[..op], &c[op + 1..]))
}

/// Scratch directories (`mktemp -d`, `/tmp`, `$TMPDIR`, `/var/temp`) are expected
/// to be shared; `templates` is not one.
fn scratch_path(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    lower.contains("tmp") || (lower.contains("temp") && !lower.contains("templ"))
}

impl Rule<StageCx<'_>> for WorldWritable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for ins in s
            .stage
            .instructions
            .iter()
            .filter(|i| matches!(i.keyword, Keyword::Copy | Keyword::Add))
        {
            if let Some(v) = ins.flag("chmod").and_then(|f| f.value.as_ref())
                && world_writable(&v.value)
            {
                cx.report(
                    &Self::META,
                    v.span,
                    format!(
                        "`--chmod={}` makes the copied files writable by every user",
                        v.value
                    ),
                );
            }
        }
        for (_, script) in s.runs() {
            // mkdir -m 777 / install -m 0777
            for c in script
                .commands
                .iter()
                .filter(|c| matches!(c.program(), "mkdir" | "install"))
            {
                let mode = c.args.iter().enumerate().find_map(|(i, a)| {
                    if a.text == "-m" || a.text == "--mode" {
                        c.args.get(i + 1).map(|m| m.text.as_str())
                    } else {
                        a.text.strip_prefix("--mode=")
                    }
                });
                if let Some(mode) = mode
                    && world_writable(mode)
                {
                    cx.report(
                        &Self::META,
                        c.span,
                        format!(
                            "`{} -m {mode}` creates files writable by every user",
                            c.program()
                        ),
                    );
                }
            }
            for c in script.commands_named("chmod") {
                let Some(mode) = c.operands().next() else {
                    continue;
                };
                if world_writable(&mode.text) {
                    // The first target that is not a scratch directory (`chmod 777` alone: "").
                    let mut targets = c.operands().skip(1).map(|w| w.text.as_str()).peekable();
                    let target = if targets.peek().is_none() {
                        ""
                    } else if let Some(t) = targets.find(|t| !scratch_path(t)) {
                        t
                    } else {
                        continue;
                    };
                    cx.report(
                        &Self::META,
                        c.span,
                        format!(
                            "`chmod {} {target}` makes files writable by every user",
                            mode.text
                        ),
                    );
                }
            }
        }
    }
}
