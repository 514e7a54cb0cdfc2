//! KS028: an image that is not pinned by digest (opt-in).

use super::concrete_images;
use crate::Workload;
use crate::rules::wording::subject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers whose image is not pinned by digest
    /// (`name@sha256:...`). This rule is off by default: enable it with
    /// `enable = ["image-without-digest"]` (or the `supply-chain` tag) where
    /// images are promoted by digest.
    ///
    /// ## Why is this bad?
    /// Tags are mutable: whoever can push to the repository can change what
    /// `app:1.4.2` means, and a node pulls the new content at its next start.
    /// A digest names exactly one image, so what runs is what was built,
    /// scanned and signed. Most teams pin by digest through automation
    /// (Renovate, admission policies), which is why the rule is opt-in.
    ///
    /// ## Example
    /// ```yaml
    /// image: example/app:1.4.2
    /// ```
    /// Use instead:
    /// ```yaml
    /// image: example/app:1.4.2@sha256:4b1c1e4e0c6b1e3b0f4a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a
    /// ```
    ///
    /// ## References
    /// - SLSA; CWE-494
    /// - Checkov CKV_K8S_43
    pub struct ImageWithoutDigest {
        id: "KS028",
        name: "image-without-digest",
        domain: Workload,
        severity: Low,
        summary: "Image not pinned by digest",
        tags: ["supply-chain"],
        standards: [],
        default_enabled: false,
    }
}

impl Rule<Workload> for ImageWithoutDigest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for (c, img, r) in concrete_images(w) {
            if r.digest.is_none() {
                cx.report(
                    &Self::META,
                    img.span,
                    format!(
                        "image `{}` of {} is not pinned by digest",
                        img.value,
                        subject(w, c)
                    ),
                )
                .container(c.name_str());
            }
        }
    }
}
