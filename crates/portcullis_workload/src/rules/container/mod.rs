//! Container hardening rules beyond the Pod Security Standards: threats the
//! standards leave out (runtime sockets, credentials, service account tokens,
//! mutable images, resource limits, namespaces) and threat-specific views of
//! controls the standards cover (dangerous capabilities by what they enable).
//! Every rule reads the normalised model only, so it fires for Kubernetes pod
//! templates and compose services alike.

mod bidirectional_mount_propagation;
mod container_runtime_socket_mount;
mod cpu_limit_missing;
mod cpu_request_missing;
mod credential_in_args;
mod credential_in_env;
mod default_namespace;
mod default_service_account;
mod escape_capability_added;
mod git_sync_git_override;
mod hardcoded_secret_env;
mod host_aliases;
mod image_pull_policy_not_always;
mod image_without_digest;
mod kube_system_namespace;
mod kubernetes_dashboard_deployed;
mod latest_image_tag;
mod low_group_id;
mod low_user_id;
mod memory_limit_missing;
mod memory_request_missing;
mod network_capability_added;
mod plaintext_docker_api;
mod privileged_port;
mod root_group_id;
mod secret_env_var;
mod sensitive_host_path_mount;
mod service_account_token_automount;
mod shared_process_namespace;
mod tiller_deployed;
mod writable_root_filesystem;

pub use bidirectional_mount_propagation::BidirectionalMountPropagation;
pub use container_runtime_socket_mount::ContainerRuntimeSocketMount;
pub use cpu_limit_missing::CpuLimitMissing;
pub use cpu_request_missing::CpuRequestMissing;
pub use credential_in_args::CredentialInArgs;
pub use credential_in_env::CredentialInEnv;
pub use default_namespace::DefaultNamespace;
pub use default_service_account::DefaultServiceAccount;
pub use escape_capability_added::EscapeCapabilityAdded;
pub use git_sync_git_override::GitSyncGitOverride;
pub use hardcoded_secret_env::HardcodedSecretEnv;
pub use host_aliases::HostAliases;
pub use image_pull_policy_not_always::ImagePullPolicyNotAlways;
pub use image_without_digest::ImageWithoutDigest;
pub use kube_system_namespace::KubeSystemNamespace;
pub use kubernetes_dashboard_deployed::KubernetesDashboardDeployed;
pub use latest_image_tag::LatestImageTag;
pub use low_group_id::LowGroupId;
pub use low_user_id::LowUserId;
pub use memory_limit_missing::MemoryLimitMissing;
pub use memory_request_missing::MemoryRequestMissing;
pub use network_capability_added::NetworkCapabilityAdded;
pub use plaintext_docker_api::PlaintextDockerApi;
pub use privileged_port::PrivilegedPort;
pub use root_group_id::RootGroupId;
pub use secret_env_var::SecretEnvVar;
pub use sensitive_host_path_mount::SensitiveHostPathMount;
pub use service_account_token_automount::ServiceAccountTokenAutomount;
pub use shared_process_namespace::SharedProcessNamespace;
pub use tiller_deployed::TillerDeployed;
pub use writable_root_filesystem::WritableRootFilesystem;

use crate::rules::wording;
use crate::{Container, ContainerKind, Field, Origin, Volume, Workload};
use portcullis_rules::Rule;
use portcullis_source::Span;

/// The container rules in ID order.
pub static RULES: &[&dyn Rule<Workload>] = &[
    &ContainerRuntimeSocketMount,
    &SensitiveHostPathMount,
    &CredentialInEnv,
    &HardcodedSecretEnv,
    &SecretEnvVar,
    &ServiceAccountTokenAutomount,
    &DefaultServiceAccount,
    &LatestImageTag,
    &ImageWithoutDigest,
    &ImagePullPolicyNotAlways,
    &EscapeCapabilityAdded,
    &NetworkCapabilityAdded,
    &CpuLimitMissing,
    &MemoryLimitMissing,
    &CpuRequestMissing,
    &MemoryRequestMissing,
    &WritableRootFilesystem,
    &LowUserId,
    &LowGroupId,
    &RootGroupId,
    &HostAliases,
    &SharedProcessNamespace,
    &BidirectionalMountPropagation,
    &KubeSystemNamespace,
    &DefaultNamespace,
    &TillerDeployed,
    &KubernetesDashboardDeployed,
    &GitSyncGitOverride,
    &PrivilegedPort,
    &PlaintextDockerApi,
    &CredentialInArgs,
];

/// A container image reference split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ImageRef<'a> {
    /// Registry and repository (`docker.io/library/nginx`, `nginx`).
    pub name: &'a str,
    /// The tag, when written.
    pub tag: Option<&'a str>,
    /// The digest (`sha256:...`), when written.
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    /// Splits `[registry[:port]/]repo[:tag][@digest]`.
    pub fn parse(image: &'a str) -> Self {
        let image = image.trim();
        let (rest, digest) = match image.split_once('@') {
            Some((r, d)) => (r, Some(d)),
            None => (image, None),
        };
        let last_slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
            None => (rest, None),
        };
        Self { name, tag, digest }
    }

    /// The last path component of the repository (`tiller` for `gcr.io/kubernetes-helm/tiller`).
    pub fn short_name(&self) -> &'a str {
        self.name.rsplit('/').next().unwrap_or(self.name)
    }
}

/// True when `image` holds an unexpanded variable (`${TAG}`), so its real
/// value is unknown.
pub(crate) fn is_templated(image: &str) -> bool {
    image.contains('$') || image.contains("{{")
}

/// The containers that mount `volume` (by volume name).
pub(crate) fn mounting_containers<'a>(
    w: &'a Workload,
    volume: &'a Volume,
) -> impl Iterator<Item = &'a Container> + 'a {
    let name = volume.name.as_ref().map(|n| n.value.as_str());
    w.containers().filter(move |c| {
        name.is_some_and(|n| {
            c.volume_mounts
                .iter()
                .any(|m| m.name.as_ref().is_some_and(|mn| mn.value == n))
        })
    })
}

/// Names of the containers mounting `volume`, for messages: `` `a`, `b` ``.
pub(crate) fn mounted_by(w: &Workload, volume: &Volume) -> Option<(String, String)> {
    let names: Vec<&str> = mounting_containers(w, volume)
        .map(|c| c.name_str())
        .collect();
    let first = names.first()?.to_string();
    let list = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some((first, list))
}

/// Lexically normalised absolute path (`//`, `.`, `..` and trailing `/`
/// removed), or `None` for a relative path.
pub(crate) fn normalise_host_path(path: &str) -> Option<String> {
    let path = path.trim();
    if !path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

/// True when `path` is `base` or lies under it.
pub(crate) fn is_under(path: &str, base: &str) -> bool {
    path == base
        || (path.starts_with(base)
            && (base == "/" || path.as_bytes().get(base.len()) == Some(&b'/')))
}

/// A capability name without `CAP_` and in upper case.
pub(crate) fn normalise_capability(cap: &str) -> String {
    let up = cap.trim().to_ascii_uppercase();
    up.strip_prefix("CAP_").map(str::to_string).unwrap_or(up)
}

/// The span to report a container's missing field at: its `securityContext`
/// when present, else the container.
pub(crate) fn security_context_span(c: &Container) -> Span {
    c.security_context
        .as_ref()
        .map(|s| s.span)
        .unwrap_or(c.span)
}

/// True for Kubernetes workloads (compose services have no namespaces or
/// service accounts).
pub(crate) fn is_kubernetes(w: &Workload) -> bool {
    w.origin == Origin::Kubernetes
}

/// True for containers that can carry resources (ephemeral containers cannot).
pub(crate) fn takes_resources(c: &Container) -> bool {
    c.kind != ContainerKind::Ephemeral
}

/// Reports for a user or group ID set at container level (per container) and
/// at pod level (once, when some container inherits it). `get_c` and `get_p`
/// pick the field; `bad` decides.
pub(crate) fn check_id_field(
    w: &Workload,
    get_c: impl Fn(&Container) -> Option<&Field<i64>>,
    pod: Option<&Field<i64>>,
    bad: impl Fn(i64) -> bool,
    mut report: impl FnMut(&Field<i64>, Option<&Container>),
) {
    let mut inherited = w.pod.containers.is_empty();
    for c in w.containers() {
        match get_c(c) {
            Some(f) => {
                if bad(f.value) {
                    report(f, Some(c));
                }
            }
            None => inherited = true,
        }
    }
    if let Some(f) = pod
        && inherited
        && bad(f.value)
    {
        report(f, None);
    }
}

/// Reports, like [`check_id_field`], every bad user or group ID for rule
/// `meta`: at the field, naming the container (or "the pod" for a pod-level
/// value). `message(who, id)` words the finding.
pub(crate) fn report_id_field(
    w: &Workload,
    cx: &mut portcullis_rules::Checker,
    meta: &'static portcullis_rules::RuleMeta,
    get_c: impl Fn(&Container) -> Option<&Field<i64>>,
    pod: Option<&Field<i64>>,
    bad: impl Fn(i64) -> bool,
    message: impl Fn(&str, i64) -> String,
) {
    check_id_field(w, get_c, pod, bad, |f, c| {
        let who = c.map(|c| wording::subject(w, c));
        let hit = cx.report(
            meta,
            f.span,
            message(who.as_deref().unwrap_or("the pod"), f.value),
        );
        if let Some(c) = c {
            hit.container(c.name_str());
        }
    });
}

/// Reports every capability a container adds (`capabilities.add`; compose:
/// `cap_add`) for which `why` gives a reason, quoting that reason.
pub(crate) fn check_added_capabilities(
    w: &Workload,
    cx: &mut portcullis_rules::Checker,
    meta: &'static portcullis_rules::RuleMeta,
    why: impl Fn(&str) -> Option<&'static str>,
) {
    for c in w.containers() {
        let Some(caps) = c
            .security_context
            .as_ref()
            .and_then(|s| s.capabilities.as_ref())
        else {
            continue;
        };
        for cap in &caps.add {
            let Some(why) = why(&normalise_capability(&cap.value)) else {
                continue;
            };
            cx.report(
                meta,
                cap.span,
                wording::say(
                    w,
                    || {
                        format!(
                            "container `{}` adds capability `{}`: {why}",
                            c.name_str(),
                            cap.value
                        )
                    },
                    || {
                        format!(
                            "service `{}` adds capability `{}` (cap_add): {why}; remove it",
                            c.name_str(),
                            cap.value
                        )
                    },
                ),
            )
            .container(c.name_str());
        }
    }
}

/// The containers whose image is written out (neither empty nor templated),
/// with the image field and its parsed reference.
pub(crate) fn concrete_images(
    w: &Workload,
) -> impl Iterator<Item = (&Container, &Field<String>, ImageRef<'_>)> {
    w.containers().filter_map(|c| {
        let img = c.image.as_ref()?;
        if is_templated(&img.value) || img.value.trim().is_empty() {
            return None;
        }
        Some((c, img, ImageRef::parse(&img.value)))
    })
}

/// The host path volumes of a workload, with the lexically normalised path
/// (volumes with a relative path are left out).
pub(crate) fn host_path_volumes(
    w: &Workload,
) -> impl Iterator<Item = (&Volume, &Field<String>, String)> {
    w.pod.volumes.iter().filter_map(|v| {
        let hp = v.host_path.as_ref()?;
        let path = normalise_host_path(&hp.value)?;
        Some((v, hp, path))
    })
}

/// Reports host path volume `v` at `span`: with `mounted(list)` at the first
/// container mounting it when some container does (`list` names them all),
/// else with `declared()`.
pub(crate) fn report_host_path_volume(
    w: &Workload,
    cx: &mut portcullis_rules::Checker,
    meta: &'static portcullis_rules::RuleMeta,
    v: &Volume,
    span: Span,
    mounted: impl FnOnce(&str) -> String,
    declared: impl FnOnce() -> String,
) {
    match mounted_by(w, v) {
        Some((first, list)) => {
            cx.report(meta, span, mounted(&list)).container(first);
        }
        None => {
            cx.report(meta, span, declared());
        }
    }
}

/// Reports every container (not ephemeral) where `pick` finds no value in
/// `resources`: at `resources` when present, else at the container. `what`
/// names the missing value; `compose_keys` says where a compose service sets
/// it.
pub(crate) fn check_resource(
    w: &Workload,
    cx: &mut portcullis_rules::Checker,
    meta: &'static portcullis_rules::RuleMeta,
    pick: fn(&crate::Resources) -> Option<&Field<String>>,
    what: &str,
    compose_keys: &str,
) {
    for c in w.containers().filter(|c| takes_resources(c)) {
        let set = c
            .resources
            .as_ref()
            .and_then(pick)
            .is_some_and(|f| !f.value.trim().is_empty());
        if !set {
            let span = c.resources.as_ref().map(|r| r.span).unwrap_or(c.span);
            let msg = wording::say(
                w,
                || format!("container `{}` has no {what}", c.name_str()),
                || {
                    format!(
                        "service `{}` has no {what}; set {compose_keys}",
                        c.name_str()
                    )
                },
            );
            cx.report(meta, span, msg).container(c.name_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_refs() {
        let r = ImageRef::parse("registry:5000/team/app:1.2@sha256:abc");
        assert_eq!(r.name, "registry:5000/team/app");
        assert_eq!(r.tag, Some("1.2"));
        assert_eq!(r.digest, Some("sha256:abc"));
        let r = ImageRef::parse("registry:5000/app");
        assert_eq!((r.name, r.tag), ("registry:5000/app", None));
        assert_eq!(ImageRef::parse("nginx").tag, None);
        assert_eq!(
            ImageRef::parse("gcr.io/kubernetes-helm/tiller:v2").short_name(),
            "tiller"
        );
        assert_eq!(ImageRef::parse("").name, "");
    }

    #[test]
    fn host_paths() {
        assert_eq!(
            normalise_host_path("/var//run/./docker.sock/").as_deref(),
            Some("/var/run/docker.sock")
        );
        assert_eq!(normalise_host_path("/../etc").as_deref(), Some("/etc"));
        assert_eq!(normalise_host_path("./data"), None);
        assert_eq!(normalise_host_path("/").as_deref(), Some("/"));
        assert!(
            is_under("/proc/1", "/proc") && !is_under("/procfs", "/proc") && is_under("/x", "/")
        );
    }
}
