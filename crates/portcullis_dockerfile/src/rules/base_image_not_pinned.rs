//! DF004: a base image not pinned by digest (opt-in).

use super::StageCx;
use super::packages::{image_parts, skip_base};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` with a tag but no `@sha256:` digest. Off by default:
    /// enable it with `--enable DF004` where builds must be byte-reproducible.
    /// Untagged and `latest` images are reported by DF002 and DF003 instead.
    ///
    /// ## Why is this bad?
    /// Tags are mutable: the publisher (or anyone who takes over the
    /// repository) can point `python:3.12` at different content. Only a
    /// digest names exactly the image you reviewed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
    /// ```
    ///
    /// ## References
    /// - SLSA build L3 (pinned dependencies), CWE-1357
    /// - hadolint DL3006/DL3007 (stricter variant); Checkov CKV_DOCKER_7 (partly)
    pub struct BaseImageNotPinned {
        id: "DF004",
        name: "base-image-not-pinned",
        domain: Dockerfile,
        severity: Low,
        summary: "Base image is not pinned by digest",
        tags: ["supply-chain"],
        standards: [],
        default_enabled: false,
    }
}

impl Rule<StageCx<'_>> for BaseImageNotPinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        if skip_base(s) {
            return;
        }
        let (_, tag, digest) = image_parts(&s.stage.image);
        if digest.is_none() && tag.is_some_and(|t| !t.eq_ignore_ascii_case("latest")) {
            cx.report(
                &Self::META,
                s.stage.image_text().span,
                format!(
                    "base image `{}` is pinned by a mutable tag, not by digest",
                    s.stage.image
                ),
            );
        }
    }
}
