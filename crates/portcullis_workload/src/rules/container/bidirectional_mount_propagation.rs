//! KS042: a volume mount propagates mounts back to the host.

use crate::Workload;
use crate::rules::wording::say;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags volume mounts with `mountPropagation: Bidirectional` (compose:
    /// bind `propagation: shared` or `rshared`).
    ///
    /// ## Why is this bad?
    /// Mounts made inside the container propagate to the host and to every
    /// other pod that uses the same host path. A compromised container can
    /// mount over host directories the kubelet or other pods rely on, or expose
    /// devices to them. Kubernetes only allows it for privileged containers;
    /// storage drivers need it, applications never do.
    ///
    /// ## Example
    /// ```yaml
    /// volumeMounts:
    ///   - name: data
    ///     mountPath: /data
    ///     mountPropagation: Bidirectional
    /// ```
    /// Use instead: leave `mountPropagation` unset (`None`), or
    /// `HostToContainer` when the container must see host mounts.
    ///
    /// ## References
    /// - Kubernetes "Volumes: Mount propagation"; CWE-668
    pub struct BidirectionalMountPropagation {
        id: "KS042",
        name: "bidirectional-mount-propagation",
        domain: Workload,
        severity: High,
        summary: "Volume mount propagates mounts back to the host",
        tags: ["host"],
        standards: [],
    }
}

impl Rule<Workload> for BidirectionalMountPropagation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            for m in &c.volume_mounts {
                let Some(p) = &m.mount_propagation else {
                    continue;
                };
                let v = p.value.trim();
                if v.eq_ignore_ascii_case("bidirectional")
                    || v.eq_ignore_ascii_case("shared")
                    || v.eq_ignore_ascii_case("rshared")
                {
                    let path = m
                        .mount_path
                        .as_ref()
                        .map(|f| f.value.as_str())
                        .unwrap_or("?");
                    cx.report(
                        &Self::META,
                        p.span,
                        say(
                            w,
                            || {
                                format!(
                                    "mount `{path}` of container `{}` propagates mounts back to the host (`{}`)",
                                    c.name_str(),
                                    p.value
                                )
                            },
                            || {
                                format!(
                                    "bind mount `{path}` of service `{}` propagates mounts back to the host (`shared`/`rshared` propagation); remove it",
                                    c.name_str()
                                )
                            },
                        ),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}
