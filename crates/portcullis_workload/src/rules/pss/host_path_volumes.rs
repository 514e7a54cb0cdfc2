//! KS005: hostPath volumes (PSS baseline "HostPath Volumes").

use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every volume of the pod that is a `hostPath` volume.
    ///
    /// ## Why is this bad?
    /// A hostPath volume mounts a directory of the node into the container.
    /// Paths such as `/`, `/etc`, `/var/run/docker.sock` or `/var/lib/kubelet`
    /// give the container the node's credentials or its container runtime.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - name: docker
    ///     hostPath:
    ///       path: /var/run/docker.sock
    /// ```
    /// Use instead: a `persistentVolumeClaim`, `configMap`, `secret` or
    /// `emptyDir` volume.
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: HostPath Volumes (`hostPathVolumes`)
    /// - Trivy KSV023, Checkov CKV_K8S_27 (docker socket), Polaris `hostPathSet`
    pub struct HostPathVolume {
        id: "KS005",
        name: "host-path-volume",
        domain: Workload,
        severity: High,
        summary: "Pod mounts a directory of the node (hostPath volume)",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/hostPathVolumes"],
    }
}

impl Rule<Workload> for HostPathVolume {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        // The restricted volume-type check (KS013) replaces this one.
        if cx.settings.restricted() {
            return;
        }
        for v in &w.pod.volumes {
            let Some(src) = v.sources.iter().find(|s| s.value == "hostPath") else {
                continue;
            };
            let name = v.name.as_ref().map(|n| n.value.as_str()).unwrap_or("");
            let msg = match &v.host_path {
                Some(p) => format!("hostPath volume {name:?} (path {:?}) is forbidden", p.value),
                None => format!("hostPath volume {name:?} is forbidden"),
            };
            cx.report(&Self::META, src.span, msg);
        }
    }
}
