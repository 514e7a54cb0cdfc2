//! DF010: a download executed by a shell (`curl ... | sh`).

use super::StageCx;
use crate::shell::{SimpleCmd, Via};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that executes what `curl`, `wget` or `fetch` downloads:
    /// a pipeline into a shell or interpreter (`curl ... | sh`, `wget -O- ... |
    /// sudo bash`), `bash <(curl ...)`, `sh -c "$(curl ...)"` and `eval "$(curl ...)"`.
    ///
    /// ## Why is this bad?
    /// The script runs as whoever builds the image with no integrity check. A
    /// compromised server, a hijacked DNS name or a truncated download runs
    /// arbitrary code in your build, and the build is not reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    /// Use instead: download, verify, then run:
    /// ```dockerfile
    /// RUN curl -fsSLo install.sh https://example.com/install.sh \
    ///  && echo "3f5e...  install.sh" | sha256sum -c - \
    ///  && sh install.sh
    /// ```
    ///
    /// ## References
    /// - CWE-494 (download of code without integrity check), SLSA
    /// - Checkov has no exact equivalent; KICS "Curl or Wget piped to shell"
    pub struct PipeDownloadToShell {
        id: "DF010",
        name: "pipe-download-to-shell",
        domain: Dockerfile,
        severity: High,
        summary: "A downloaded script is executed without verification",
        tags: ["supply-chain"],
        standards: [],
    }
}

const DOWNLOADERS: &[&str] = &["curl", "wget", "fetch"];
const INTERPRETERS: &[&str] = &[
    "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox", "python", "python2", "python3",
    "perl", "ruby", "node", "php", "source", ".", "eval",
];

fn interprets(c: &SimpleCmd) -> bool {
    let p = c.program();
    INTERPRETERS.contains(&p) || p.starts_with("python3.")
}

/// True when `c`, at the end of a pipe, runs what it reads as a program: not when
/// the program is given inline (`sh -c '...'`, `python3 -c`/`-m json.tool`,
/// `perl -ne`, `node -e`, `php -r`) or `busybox` runs another applet (`busybox tar`).
fn runs_stdin(c: &SimpleCmd) -> bool {
    if !interprets(c) {
        return false;
    }
    match c.program() {
        "busybox" => c
            .operands()
            .next()
            .is_some_and(|a| INTERPRETERS.contains(&a.text.as_str())),
        p if p.starts_with("python") => !c.has_short('c') && !c.has_short('m'),
        "perl" | "ruby" => !c.has_short('e') && !c.has_short('E'),
        "node" => !c.has_short('e') && !c.has_short('p') && !c.has_arg(&["--eval", "--print"]),
        "php" => !c.has_short('r'),
        "source" | "." | "eval" => true,
        _ => !c.has_short('c'),
    }
}

impl Rule<StageCx<'_>> for PipeDownloadToShell {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for (_, script) in s.runs() {
            for dl in script
                .commands
                .iter()
                .filter(|c| DOWNLOADERS.contains(&c.program()))
            {
                // curl ... | sh
                if dl.pipe_len > 1
                    && let Some(sh) = script
                        .pipeline_of(dl)
                        .find(|c| c.pipe_pos > dl.pipe_pos && runs_stdin(c))
                {
                    cx.report(
                        &Self::META,
                        dl.span.cover(sh.span),
                        format!(
                            "`{}` output is piped into `{}` and executed without verification",
                            dl.program(),
                            sh.program()
                        ),
                    );
                    continue;
                }
                let Some((p, via)) = dl.parent else { continue };
                let Some(parent) = script.commands.get(p) else {
                    continue;
                };
                let executes = match via {
                    Via::ProcessSubstitution => interprets(parent),
                    Via::CommandSubstitution => {
                        interprets(parent)
                            || parent.name.raw.contains("$(")
                            || parent.name.raw.contains('`')
                    }
                    Via::ShellC => false,
                };
                if executes {
                    // `sh -c "$(curl ...)"`: the command name is the substitution itself.
                    let runner = if interprets(parent) {
                        format!("`{}`", parent.program())
                    } else {
                        "the shell".to_string()
                    };
                    cx.report(
                        &Self::META,
                        parent.span.cover(dl.span),
                        format!(
                            "`{}` downloads a script that {runner} executes without verification",
                            dl.program(),
                        ),
                    );
                }
            }
        }
    }
}
