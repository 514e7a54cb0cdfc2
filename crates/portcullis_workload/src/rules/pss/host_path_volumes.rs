//! KS005: hostPath volumes (PSS baseline "HostPath Volumes").

use crate::Workload;
use crate::rules::wording::{say, service};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every volume of the pod that is a `hostPath` volume. In compose
    /// files it reports a bind mount (`volumes:`) of a host path outside the
    /// project folder, and a named volume declared as a bind with
    /// `driver_opts`.
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
            let path = v.host_path.as_ref().map(|p| p.value.as_str());
            let msg = say(
                w,
                || match path {
                    Some(p) => format!("hostPath volume {name:?} (path {p:?}) is forbidden"),
                    None => format!("hostPath volume {name:?} is forbidden"),
                },
                || compose_message(w, name, path.unwrap_or(name)),
            );
            cx.report(&Self::META, src.span, msg);
        }
    }
}

/// The compose wording: a bind mount written in the service, or a named
/// volume whose `driver_opts` bind a host path.
pub(crate) fn compose_message(w: &Workload, volume: &str, path: &str) -> String {
    if volume == path {
        format!(
            "{} bind-mounts host path {path:?}; use a named volume or a path inside the project folder",
            service(w)
        )
    } else {
        format!(
            "{} mounts volume {volume:?}, a bind mount of host path {path:?}; use a named volume without a bind device",
            service(w)
        )
    }
}
