//! DF019: no `HEALTHCHECK` in the final stage.

use super::StageCx;
use crate::syntax::Keyword;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a final stage (and the stages it is built from) without a
    /// `HEALTHCHECK`. `HEALTHCHECK NONE` counts as an explicit choice. Not
    /// applied to `FROM scratch` images, which have no shell or tools to probe with.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and Swarm only know whether the process
    /// exists, not whether it still serves; a hung service keeps receiving
    /// traffic. (Kubernetes ignores `HEALTHCHECK`; use probes there.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK --interval=30s CMD curl -fs http://localhost/ || exit 1
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.6
    /// - Trivy DS026, Checkov CKV_DOCKER_2
    pub struct MissingHealthcheck {
        id: "DF019",
        name: "missing-healthcheck",
        domain: Dockerfile,
        severity: Low,
        summary: "The image defines no HEALTHCHECK",
        tags: ["availability"],
        standards: ["cis-docker:4.6"],
    }
}

impl Rule<StageCx<'_>> for MissingHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        if !s.is_final() || s.history {
            return;
        }
        let lineage = s.lineage();
        if lineage
            .iter()
            .any(|st| st.effective().any(|i| i.keyword == Keyword::Healthcheck))
        {
            return;
        }
        if lineage
            .last()
            .is_some_and(|st| st.image.eq_ignore_ascii_case("scratch"))
        {
            return;
        }
        cx.report(
            &Self::META,
            s.stage.from.span,
            "the final stage defines no `HEALTHCHECK`",
        );
    }
}
