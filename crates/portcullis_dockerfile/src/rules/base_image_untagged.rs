//! DF002: a base image without a tag or digest.

use super::StageCx;
use super::packages::{image_parts, skip_base};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image has neither a tag nor a digest, after
    /// global `ARG` defaults are substituted. `scratch` and earlier stages are fine.
    ///
    /// ## Why is this bad?
    /// An untagged image means `latest`: whatever the publisher pushed last.
    /// Builds stop being reproducible and a new major version or a compromised
    /// push reaches you without review.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.2 (use trusted base images), CWE-1357
    /// - hadolint DL3006, Trivy DS001, Checkov CKV_DOCKER_7
    pub struct BaseImageUntagged {
        id: "DF002",
        name: "base-image-untagged",
        domain: Dockerfile,
        severity: Medium,
        summary: "Base image has no tag",
        tags: ["supply-chain"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for BaseImageUntagged {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        if skip_base(s) {
            return;
        }
        let (_, tag, digest) = image_parts(&s.stage.image);
        if tag.is_none() && digest.is_none() {
            cx.report(
                &Self::META,
                s.stage.image_text().span,
                format!(
                    "base image `{}` has no tag, so it means whatever `latest` is at build time",
                    s.stage.image
                ),
            );
        }
    }
}
