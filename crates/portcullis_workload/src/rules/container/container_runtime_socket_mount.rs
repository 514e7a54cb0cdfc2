//! KS020: a container runtime socket mounted from the host.

use super::{host_path_volumes, report_host_path_volume};
use crate::Workload;
use crate::rules::wording::say;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags host path volumes and compose bind mounts that expose a container
    /// runtime socket: `docker.sock`, `containerd.sock`, `crio.sock`,
    /// `podman.sock`, `cri-dockerd.sock`, or a directory that holds one
    /// (`/var/run`, `/run`, `/var/run/docker`, `/run/containerd`, ...), and on
    /// Windows the runtime's named pipe (`\\.\pipe\docker_engine`,
    /// `\\.\pipe\containerd-containerd`).
    ///
    /// ## Why is this bad?
    /// Whoever can talk to the runtime socket can start a privileged container
    /// with the host's root filesystem mounted, which is full control of the
    /// node. A compromised or malicious process in the container gets that power
    /// without any other misconfiguration; mounting the socket read-only does not
    /// help, because the socket is used for writing requests.
    ///
    /// ## Example
    /// ```yaml
    /// volumes:
    ///   - name: docker
    ///     hostPath:
    ///       path: /var/run/docker.sock
    /// ```
    /// Use instead: a rootless builder (BuildKit rootless, kaniko, buildah) or a
    /// dedicated, access-controlled build service; never the node's socket.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.31; CWE-250
    /// - Trivy KSV006; Checkov CKV_K8S_27; KICS "Docker Daemon Socket is Exposed to Containers"
    pub struct ContainerRuntimeSocketMount {
        id: "KS020",
        name: "container-runtime-socket-mount",
        domain: Workload,
        severity: Critical,
        summary: "Container runtime socket mounted from the host",
        tags: ["host", "escape"],
        standards: ["cis-docker:5.31"],
    }
}

/// Socket file names of container runtimes and builders.
const SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "podman.sock",
    "cri-dockerd.sock",
    "dockershim.sock",
    "buildkitd.sock",
    "cri-containerd.sock",
];

/// Directories that hold runtime sockets (mounting them exposes the socket).
const SOCKET_DIRS: &[&str] = &[
    "/var/run",
    "/run",
    "/var/run/docker",
    "/run/docker",
    "/var/run/containerd",
    "/run/containerd",
    "/var/run/crio",
    "/run/crio",
    "/var/run/cri-dockerd",
    "/run/cri-dockerd",
    "/var/run/podman",
    "/run/podman",
    "/var/run/buildkit",
    "/run/buildkit",
];

/// The runtime a normalised host path exposes, if any.
pub(crate) fn runtime_socket(path: &str) -> Option<&'static str> {
    let file = path.rsplit('/').next().unwrap_or(path);
    if let Some(s) = SOCKETS
        .iter()
        .find(|s| file == **s || file.starts_with(&format!("{s}.")))
    {
        return Some(s);
    }
    SOCKET_DIRS
        .iter()
        .any(|d| path == *d || super::is_under(path, d) && *d != "/var/run" && *d != "/run")
        .then_some("runtime socket directory")
}

/// Windows named pipes of the container runtimes (`\\.\pipe\docker_engine`).
const PIPES: &[&str] = &["docker_engine", "containerd-containerd"];

/// The runtime pipe a Windows host path names, when it is one.
pub(crate) fn runtime_pipe(path: &str) -> Option<&'static str> {
    let p = path.trim().replace('\\', "/").to_ascii_lowercase();
    let name = p.strip_prefix("//./pipe/")?;
    PIPES.iter().copied().find(|s| name == *s)
}

impl Rule<Workload> for ContainerRuntimeSocketMount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let pipes = w.pod.volumes.iter().filter_map(|v| {
            let hp = v.host_path.as_ref()?;
            let pipe = runtime_pipe(&hp.value)?;
            Some((v, hp, format!("the container runtime named pipe `{pipe}`")))
        });
        let sockets = host_path_volumes(w).filter_map(|(v, hp, path)| {
            let what = runtime_socket(&path)?;
            let what = if what.ends_with(".sock") {
                format!("the container runtime socket `{what}`")
            } else {
                "a directory holding container runtime sockets".to_string()
            };
            Some((v, hp, what))
        });
        for (v, hp, what) in sockets.chain(pipes) {
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
                                "host path `{}` ({what}) is mounted into container {list}; it gives control of the host",
                                hp.value
                            )
                        },
                        || {
                            format!(
                                "service {list} bind-mounts host path `{}` ({what}); it gives control of the host",
                                hp.value
                            )
                        },
                    )
                },
                || {
                    say(
                        w,
                        || {
                            format!(
                                "host path `{}` ({what}) is declared as a volume; it gives control of the host",
                                hp.value
                            )
                        },
                        || {
                            format!(
                                "volume of host path `{}` ({what}) gives control of the host",
                                hp.value
                            )
                        },
                    )
                },
            );
        }
    }
}
