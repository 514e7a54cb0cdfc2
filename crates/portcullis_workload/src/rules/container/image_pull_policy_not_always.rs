//! KS029: a mutable image tag pulled only when missing (opt-in).

use super::concrete_images;
use crate::Workload;
use crate::rules::wording::{key, subject};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers whose image is referenced by a tag (not a digest) and
    /// whose pull policy is not `Always`: set to `IfNotPresent` or `Never`
    /// (compose: `missing`, `never`, `build`), or left out for a tag other
    /// than `latest` (the default is then `IfNotPresent`). This rule is off by
    /// default: enable it with `enable = ["image-pull-policy-not-always"]`.
    ///
    /// ## Why is this bad?
    /// With a cached image the node never asks the registry, so registry
    /// credentials are not checked: on a shared node, a pod of another team can
    /// start a private image that someone else pulled. A moved tag is also never
    /// picked up. Pinning by digest (KS028) solves the same problem more
    /// precisely, which is why the rule is silent for digest references and
    /// opt-in.
    ///
    /// ## Example
    /// ```yaml
    /// image: registry.example/app:1.4
    /// imagePullPolicy: IfNotPresent
    /// ```
    /// Use instead:
    /// ```yaml
    /// image: registry.example/app:1.4
    /// imagePullPolicy: Always
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 1.2.11 (AlwaysPullImages admission plugin)
    /// - Checkov CKV_K8S_15; Polaris `pullPolicyNotAlways`
    pub struct ImagePullPolicyNotAlways {
        id: "KS029",
        name: "image-pull-policy-not-always",
        domain: Workload,
        severity: Low,
        summary: "Mutable image tag not pulled on every start",
        tags: ["supply-chain"],
        standards: [],
        default_enabled: false,
    }
}

impl Rule<Workload> for ImagePullPolicyNotAlways {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for (c, img, r) in concrete_images(w) {
            if r.digest.is_some() {
                continue;
            }
            match &c.image_pull_policy {
                Some(p) if p.value.eq_ignore_ascii_case("always") => {}
                Some(p) => {
                    cx.report(
                        &Self::META,
                        p.span,
                        format!(
                            "{} pulls the mutable image `{}` only when missing ({} `{}`)",
                            subject(w, c),
                            img.value,
                            key(w, "pull policy", "pull_policy:"),
                            p.value
                        ),
                    )
                    .container(c.name_str());
                }
                None if matches!(r.tag, None | Some("latest")) && super::is_kubernetes(w) => {}
                None => {
                    cx.report(
                        &Self::META,
                        img.span,
                        format!(
                            "{} pulls the mutable image `{}` only when missing (no {} set)",
                            subject(w, c),
                            img.value,
                            key(w, "pull policy", "pull_policy")
                        ),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}
