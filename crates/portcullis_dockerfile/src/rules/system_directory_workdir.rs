//! DF026: `WORKDIR` inside a kernel or boot directory.

use super::StageCx;
use crate::syntax::{Args, Keyword};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `WORKDIR` under `/proc`, `/sys`, `/dev`, `/boot`, `/initrd`
    /// or `/lost+found`.
    ///
    /// ## Why is this bad?
    /// These paths are kernel interfaces or host-owned mounts at run time.
    /// Writing application files there either fails in surprising ways or,
    /// when such paths are mounted from the host, writes into the host:
    /// a known container-breakout pattern.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR /proc/self/cwd
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /app
    /// ```
    ///
    /// ## References
    /// - CWE-668; Trivy DS030
    pub struct SystemDirectoryWorkdir {
        id: "DF026",
        name: "system-directory-workdir",
        domain: Dockerfile,
        severity: High,
        summary: "WORKDIR points into a system directory",
        tags: ["least-privilege"],
        standards: [],
    }
}

const SYSTEM_DIRS: &[&str] = &["/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"];

impl Rule<StageCx<'_>> for SystemDirectoryWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for ins in s.with_keyword(Keyword::Workdir) {
            let Args::Text(t) = &ins.args else { continue };
            let v = t.value.trim_matches(['"', '\'']);
            if SYSTEM_DIRS
                .iter()
                .any(|d| v == *d || v.strip_prefix(d).is_some_and(|r| r.starts_with('/')))
            {
                cx.report(
                    &Self::META,
                    t.span,
                    format!(
                        "`WORKDIR {}` points into a kernel or boot directory",
                        t.value
                    ),
                );
            }
        }
    }
}
