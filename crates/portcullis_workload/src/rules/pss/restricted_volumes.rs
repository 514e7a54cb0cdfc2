//! KS013: volume types outside the restricted set (PSS restricted "Volume Types").

use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

/// Volume sources the restricted level allows (PSA `restrictedVolumes`; `image`
/// was added to the 1.0 check itself, so it is allowed at every version).
const ALLOWED: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

declare_rule! {
    /// ## What it does
    /// Reports a volume whose source is not one of `configMap`, `csi`,
    /// `downwardAPI`, `emptyDir`, `ephemeral`, `image`,
    /// `persistentVolumeClaim`, `projected` or `secret`. A volume with no
    /// source at all is an `emptyDir` (the API server defaults it so).
    ///
    /// ## Why is this bad?
    /// Other volume types (`hostPath`, `nfs`, `iscsi`, `rbd`, `gitRepo`...)
    /// reach node paths or storage directly, bypassing the PersistentVolume
    /// layer where administrators control access.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - name: data
    ///     nfs:
    ///       server: nfs.example.com
    ///       path: /exports
    /// ```
    /// Use instead: a `persistentVolumeClaim` bound to a PersistentVolume.
    ///
    /// ## References
    /// - Pod Security Standards, Restricted: Volume Types (`restrictedVolumes`)
    /// - Trivy KSV028, KSV023 (hostPath); Checkov (none); Polaris (none)
    pub struct RestrictedVolumeType {
        id: "KS013",
        name: "restricted-volume-type",
        domain: Workload,
        severity: Medium,
        summary: "Pod uses a volume type outside the restricted set",
        tags: ["pss", "pss-restricted"],
        standards: ["pss:restricted/volumeTypes"],
    }
}

impl Rule<Workload> for RestrictedVolumeType {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for v in &w.pod.volumes {
            if v.sources.is_empty()
                || v.sources
                    .iter()
                    .any(|s| ALLOWED.contains(&s.value.as_str()))
            {
                continue;
            }
            // Outside the restricted level KS005 reports hostPath volumes.
            let only_host_path = v.sources.iter().all(|s| s.value == "hostPath");
            if only_host_path && !cx.settings.restricted() {
                continue;
            }
            let name = v.name.as_ref().map(|n| n.value.as_str()).unwrap_or("");
            for src in &v.sources {
                cx.report(
                    &Self::META,
                    src.span,
                    format!(
                        "volume {name:?} must not use the restricted volume type {:?}",
                        src.value
                    ),
                );
            }
        }
    }
}
