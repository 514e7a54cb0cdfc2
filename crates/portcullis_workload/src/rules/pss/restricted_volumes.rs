//! KS013: volume types outside the restricted set (PSS restricted "Volume Types").

use crate::Workload;
use crate::rules::wording::{say, service};
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

/// Every other volume source Kubernetes knows. Keys it does not know are
/// dropped when the API server decodes the pod, so they are ignored here too.
const RESTRICTED: &[&str] = &[
    "awsElasticBlockStore",
    "azureDisk",
    "azureFile",
    "cephfs",
    "cinder",
    "fc",
    "flexVolume",
    "flocker",
    "gcePersistentDisk",
    "gitRepo",
    "glusterfs",
    "hostPath",
    "iscsi",
    "nfs",
    "photonPersistentDisk",
    "portworxVolume",
    "quobyte",
    "rbd",
    "scaleIO",
    "storageos",
    "vsphereVolume",
];

declare_rule! {
    /// ## What it does
    /// Reports a volume whose source is not one of `configMap`, `csi`,
    /// `downwardAPI`, `emptyDir`, `ephemeral`, `image`,
    /// `persistentVolumeClaim`, `projected` or `secret`. A volume with no
    /// source at all is an `emptyDir` (the API server defaults it so). In
    /// compose files it reports bind mounts of host paths outside the project
    /// folder (`volumes:`), as KS005 does at the baseline level.
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
            // A volume with an allowed source passes whatever else it names;
            // one with no known source is defaulted to emptyDir.
            if v.sources
                .iter()
                .any(|s| ALLOWED.contains(&s.value.as_str()))
            {
                continue;
            }
            let name = v.name.as_ref().map(|n| n.value.as_str()).unwrap_or("");
            for src in &v.sources {
                if !RESTRICTED.contains(&src.value.as_str()) {
                    continue;
                }
                // Outside the restricted level KS005 reports hostPath volumes.
                if src.value == "hostPath" && !cx.settings.restricted() {
                    continue;
                }
                let msg = say(
                    w,
                    || {
                        format!(
                            "volume {name:?} must not use the restricted volume type {:?}",
                            src.value
                        )
                    },
                    || match &v.host_path {
                        Some(p) if src.value == "hostPath" => {
                            super::host_path_volumes::compose_message(w, name, &p.value)
                        }
                        _ => format!(
                            "{} must not mount volume {name:?} of type {:?}",
                            service(w),
                            src.value
                        ),
                    },
                );
                cx.report(&Self::META, src.span, msg);
            }
        }
    }
}
