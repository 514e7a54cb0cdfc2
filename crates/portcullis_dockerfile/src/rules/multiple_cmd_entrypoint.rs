//! DF021: more than one `CMD` or `ENTRYPOINT` in a stage.

use super::StageCx;
use crate::syntax::Keyword;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every `CMD` or `ENTRYPOINT` of a stage that a later one of the
    /// same kind overrides.
    ///
    /// ## Why is this bad?
    /// Only the last one takes effect. The earlier ones mislead reviewers
    /// about what the container runs, which matters when judging what a
    /// container can do.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ["nginx"]
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## References
    /// - hadolint DL4003, DL4004; Trivy DS007, DS016
    pub struct MultipleCmdEntrypoint {
        id: "DF021",
        name: "multiple-cmd-or-entrypoint",
        domain: Dockerfile,
        severity: Low,
        summary: "A stage has several CMD or ENTRYPOINT instructions",
        tags: ["hygiene"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for MultipleCmdEntrypoint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        if s.history {
            return;
        }
        for (kw, name) in [(Keyword::Cmd, "CMD"), (Keyword::Entrypoint, "ENTRYPOINT")] {
            let all: Vec<_> = s.stage.effective().filter(|i| i.keyword == kw).collect();
            if let Some((_, earlier)) = all.split_last() {
                for ins in earlier {
                    cx.report(
                        &Self::META,
                        ins.keyword_span,
                        format!(
                            "this `{name}` is overridden by a later `{name}` in the same stage"
                        ),
                    );
                }
            }
        }
    }
}
