//! DF003: a base image tagged `latest`.

use super::StageCx;
use super::packages::{image_parts, skip_base};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image is tagged `:latest` without a digest.
    ///
    /// ## Why is this bad?
    /// `latest` moves. Two builds of the same Dockerfile can get different
    /// operating systems, and a bad or malicious push is picked up silently.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22.11-bookworm-slim
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.2, CWE-1357
    /// - hadolint DL3007, Trivy DS001, Checkov CKV_DOCKER_7
    pub struct BaseImageLatest {
        id: "DF003",
        name: "base-image-latest",
        domain: Dockerfile,
        severity: Medium,
        summary: "Base image uses the latest tag",
        tags: ["supply-chain"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for BaseImageLatest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        if skip_base(s) {
            return;
        }
        let (_, tag, digest) = image_parts(&s.stage.image);
        if tag.is_some_and(|t| t.eq_ignore_ascii_case("latest")) && digest.is_none() {
            cx.report(
                &Self::META,
                s.stage.image_text().span,
                format!(
                    "base image `{}` uses the moving `latest` tag",
                    s.stage.image
                ),
            );
        }
    }
}
