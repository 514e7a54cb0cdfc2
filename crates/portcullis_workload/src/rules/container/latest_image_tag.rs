//! KS027: an image without a tag or with the `latest` tag.

use super::concrete_images;
use crate::Workload;
use crate::rules::wording::subject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers whose image has no tag or the `latest` tag and is not
    /// pinned by digest.
    ///
    /// ## Why is this bad?
    /// `latest` names whatever was pushed last: a rollout, a restart or a node
    /// replacement can silently run different code from what was reviewed and
    /// scanned, and a rollback cannot go back. An attacker who can push to the
    /// repository reaches every deployment at its next pull.
    ///
    /// ## Example
    /// ```yaml
    /// image: nginx:latest
    /// ```
    /// Use instead:
    /// ```yaml
    /// image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.27 (in spirit); CWE-829
    /// - Trivy KSV013; Checkov CKV_K8S_14; Polaris `tagNotSpecified`; hadolint DL3007
    pub struct LatestImageTag {
        id: "KS027",
        name: "latest-image-tag",
        domain: Workload,
        severity: Medium,
        summary: "Image without a tag or with the latest tag",
        tags: ["supply-chain"],
        standards: [],
    }
}

impl Rule<Workload> for LatestImageTag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for (c, img, r) in concrete_images(w) {
            if r.digest.is_some() {
                continue;
            }
            let msg = match r.tag {
                None => format!(
                    "image `{}` of {} has no tag, so it means `latest`",
                    img.value,
                    subject(w, c)
                ),
                Some("latest") => format!(
                    "image `{}` of {} uses the mutable `latest` tag",
                    img.value,
                    subject(w, c)
                ),
                Some(_) => continue,
            };
            cx.report(&Self::META, img.span, msg)
                .container(c.name_str());
        }
    }
}
