//! KS021: a sensitive host directory or file mounted into a container.

use super::container_runtime_socket_mount::runtime_socket;
use super::{host_path_volumes, is_under, report_host_path_volume};
use crate::Workload;
use crate::rules::wording::say;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags host path volumes and compose bind mounts of sensitive host
    /// locations: the root `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`,
    /// `/root`, `/home`, `/var/log`, `/var/lib/kubelet`, `/var/lib/docker`,
    /// `/var/lib/containerd`, `/var/lib/etcd`, `/etc/kubernetes`, `/lib/modules`
    /// and similar. Runtime sockets are reported by KS020 instead.
    ///
    /// ## Why is this bad?
    /// These paths hold the node's credentials (kubelet and etcd keys, SSH keys,
    /// `/etc/shadow`), every other container's files, or kernel interfaces. Read
    /// access leaks them; write access, even to `/var/log` through the kubelet's
    /// log symlinks, lets a container take over the node.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - name: host-etc
    ///     hostPath:
    ///       path: /etc
    /// ```
    /// Use instead: a ConfigMap, Secret, `emptyDir` or persistent volume that
    /// holds only what the container needs.
    ///
    /// ## References
    /// - Pod Security Standards "HostPath Volumes" reports every host path; this
    ///   rule singles out the ones that lead to node compromise.
    /// - CIS Docker Benchmark 5.5; CWE-668
    /// - Trivy KSV121 (and KSV023 in part); KICS "Volume Mount With OS Directory Write Permissions"
    pub struct SensitiveHostPathMount {
        id: "KS021",
        name: "sensitive-host-path-mount",
        domain: Workload,
        severity: High,
        summary: "Sensitive host path mounted into a container",
        tags: ["host"],
        standards: ["cis-docker:5.5"],
    }
}

/// Paths that are sensitive only as a whole (a sub-directory is often fine).
const EXACT: &[&str] = &[
    "/", "/etc", "/var", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/opt", "/var/lib", "/srv",
];

/// Paths that are sensitive together with everything under them.
const TREES: &[&str] = &[
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/root",
    "/home",
    "/var/log",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/lib/crio",
    "/var/lib/etcd",
    "/var/lib/rancher",
    "/etc/kubernetes",
    "/etc/shadow",
    "/etc/gshadow",
    "/etc/sudoers",
    "/etc/sudoers.d",
    "/etc/ssh",
    "/etc/cron.d",
    "/etc/crontab",
    "/etc/systemd",
    "/etc/docker",
    "/etc/containerd",
    "/lib/modules",
    "/usr/lib/modules",
];

/// True when a normalised host path is sensitive.
pub(crate) fn is_sensitive_host_path(path: &str) -> bool {
    EXACT.contains(&path) || TREES.iter().any(|t| is_under(path, t))
}

impl Rule<Workload> for SensitiveHostPathMount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for (v, hp, path) in host_path_volumes(w) {
            if runtime_socket(&path).is_some() || !is_sensitive_host_path(&path) {
                continue;
            }
            report_host_path_volume(
                w,
                cx,
                &Self::META,
                v,
                hp.span,
                |list| {
                    say(
                        w,
                        || {
                            format!(
                                "sensitive host path `{}` is mounted into container {list}",
                                hp.value
                            )
                        },
                        || {
                            format!(
                                "service {list} bind-mounts sensitive host path `{}`; use a named volume instead",
                                hp.value
                            )
                        },
                    )
                },
                || {
                    say(
                        w,
                        || format!("sensitive host path `{}` is declared as a volume", hp.value),
                        || format!("a volume binds sensitive host path `{}`", hp.value),
                    )
                },
            );
        }
    }
}
