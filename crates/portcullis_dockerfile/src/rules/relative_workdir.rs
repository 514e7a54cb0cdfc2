//! DF020: a relative `WORKDIR`.

use super::StageCx;
use crate::syntax::{Args, Keyword};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `WORKDIR` that is a relative path.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` resolves against whatever the previous `WORKDIR`
    /// (possibly inherited from the base image) was, so files land in
    /// unexpected places and scripts that rely on the path break or write
    /// where they should not.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /app
    /// ```
    ///
    /// ## References
    /// - hadolint DL3000, Trivy DS009, Checkov CKV_DOCKER_10
    pub struct RelativeWorkdir {
        id: "DF020",
        name: "relative-workdir",
        domain: Dockerfile,
        severity: Low,
        summary: "WORKDIR is a relative path",
        tags: ["hygiene"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for RelativeWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        if s.history {
            return;
        }
        for ins in s.with_keyword(Keyword::Workdir) {
            let Args::Text(t) = &ins.args else { continue };
            let v = t.value.trim_matches(['"', '\'']);
            let windows = v.len() >= 2 && v.as_bytes()[1] == b':';
            if v.is_empty()
                || v.starts_with('/')
                || v.starts_with('$')
                || v.starts_with('\\')
                || windows
            {
                continue;
            }
            cx.report(
                &Self::META,
                t.span,
                format!("`WORKDIR {}` is relative; use an absolute path", t.value),
            );
        }
    }
}
