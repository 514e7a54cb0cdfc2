//! Pod-shaped model types. `Option<Field<T>>` is `None` when the field is
//! absent; every struct keeps its own `span` so a rule can point at the nearest
//! enclosing field when what it wants is missing.

use portcullis_rules::ObjectRef;
use portcullis_source::Span;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// Span of the value (or of the key when the value is implied).
    pub span: Span,
}

impl<T> Field<T> {
    /// A field holding `value` written at `span`.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// Where a workload came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A Kubernetes object with a pod template (or a Pod).
    Kubernetes,
    /// A compose service.
    Compose,
}

/// One pod-like subject.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The object's identity (for compose: kind `Service`, name = service name).
    pub object: ObjectRef,
    /// Index of the subject in its file: for Kubernetes, the object's position
    /// among the file's objects (documents and `List` items, in order); it is
    /// what `portcullis.dev/ignore` annotation suppressions are keyed by.
    pub subject: u32,
    /// Where it came from.
    pub origin: Origin,
    /// Span of the whole object (document root, compose service entry).
    pub span: Span,
    /// Span of the object's whole `metadata` entry (key and value; the
    /// document root when absent), or the service key, for object-level reports.
    pub metadata_span: Span,
    /// Namespace as written (`None` when absent), with its span.
    pub namespace: Option<Field<String>>,
    /// Annotations of the pod (template) metadata, key and value.
    pub annotations: Vec<(Field<String>, Field<String>)>,
    /// The pod spec.
    pub pod: PodSpec,
}

impl Workload {
    /// All containers: regular, init and ephemeral.
    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.pod.containers.iter()
    }

    /// The annotation value of `key`.
    pub fn annotation(&self, key: &str) -> Option<&Field<String>> {
        self.annotations
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }
}

/// The pod spec.
#[derive(Debug, Clone, Default)]
pub struct PodSpec {
    /// Span of the `spec` key/value (or the nearest enclosing field).
    pub span: Span,
    /// `hostNetwork` (compose: `network_mode: host`).
    pub host_network: Option<Field<bool>>,
    /// `hostPID` (compose: `pid: host`).
    pub host_pid: Option<Field<bool>>,
    /// `hostIPC` (compose: `ipc: host`).
    pub host_ipc: Option<Field<bool>>,
    /// `hostUsers` (compose: `userns_mode: host` → `true`).
    pub host_users: Option<Field<bool>>,
    /// `shareProcessNamespace`.
    pub share_process_namespace: Option<Field<bool>>,
    /// `os.name` (`linux`, `windows`).
    pub os_name: Option<Field<String>>,
    /// `securityContext`.
    pub security_context: Option<PodSecurityContext>,
    /// `serviceAccountName` (or deprecated `serviceAccount`).
    pub service_account_name: Option<Field<String>>,
    /// `automountServiceAccountToken`.
    pub automount_service_account_token: Option<Field<bool>>,
    /// `hostAliases` (span of the list) when present.
    pub host_aliases: Option<Span>,
    /// `volumes`.
    pub volumes: Vec<Volume>,
    /// Containers, init containers and ephemeral containers, in that order.
    pub containers: Vec<Container>,
}

/// Pod-level `securityContext`.
#[derive(Debug, Clone, Default)]
pub struct PodSecurityContext {
    /// Span of the `securityContext` key.
    pub span: Span,
    /// `runAsNonRoot`.
    pub run_as_non_root: Option<Field<bool>>,
    /// `runAsUser`.
    pub run_as_user: Option<Field<i64>>,
    /// `runAsGroup`.
    pub run_as_group: Option<Field<i64>>,
    /// `fsGroup`.
    pub fs_group: Option<Field<i64>>,
    /// `supplementalGroups`.
    pub supplemental_groups: Vec<Field<i64>>,
    /// `seLinuxOptions`.
    pub se_linux: Option<SeLinuxOptions>,
    /// `seccompProfile`.
    pub seccomp: Option<Profile>,
    /// `appArmorProfile`.
    pub app_armor: Option<Profile>,
    /// `sysctls` (name, value).
    pub sysctls: Vec<(Field<String>, Option<Field<String>>)>,
    /// `windowsOptions.hostProcess`.
    pub windows_host_process: Option<Field<bool>>,
}

/// `seLinuxOptions`.
#[derive(Debug, Clone, Default)]
pub struct SeLinuxOptions {
    /// Span of the `seLinuxOptions` key.
    pub span: Span,
    /// `type`.
    pub type_: Option<Field<String>>,
    /// `user`.
    pub user: Option<Field<String>>,
    /// `role`.
    pub role: Option<Field<String>>,
    /// `level`.
    pub level: Option<Field<String>>,
}

/// A `seccompProfile` or `appArmorProfile`.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Span of the profile key.
    pub span: Span,
    /// `type` (`RuntimeDefault`, `Localhost`, `Unconfined`).
    pub type_: Option<Field<String>>,
    /// `localhostProfile`.
    pub localhost_profile: Option<Field<String>>,
}

/// A pod volume.
#[derive(Debug, Clone, Default)]
pub struct Volume {
    /// Span of the list item.
    pub span: Span,
    /// `name`.
    pub name: Option<Field<String>>,
    /// Every key of the item other than `name`: the volume source types
    /// (`hostPath`, `configMap`, ...). Compose bind mounts appear as `hostPath`.
    pub sources: Vec<Field<String>>,
    /// `hostPath.path` for host path volumes (compose: the bind source).
    pub host_path: Option<Field<String>>,
    /// `hostPath.type`.
    pub host_path_type: Option<Field<String>>,
}

/// Which list a container came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    /// `containers` (or a compose service).
    Regular,
    /// `initContainers`.
    Init,
    /// `ephemeralContainers`.
    Ephemeral,
}

/// One container.
#[derive(Debug, Clone)]
pub struct Container {
    /// Span of the list item (compose: the service key).
    pub span: Span,
    /// Which list it is in.
    pub kind: ContainerKind,
    /// `name`.
    pub name: Option<Field<String>>,
    /// `image`.
    pub image: Option<Field<String>>,
    /// `imagePullPolicy` (compose: `pull_policy`).
    pub image_pull_policy: Option<Field<String>>,
    /// `command` (compose: `entrypoint`).
    pub command: Vec<Field<String>>,
    /// `args` (compose: `command`).
    pub args: Vec<Field<String>>,
    /// `ports`.
    pub ports: Vec<Port>,
    /// `env`.
    pub env: Vec<EnvVar>,
    /// `envFrom` (compose: not used; env files are read into `env`).
    pub env_from: Vec<EnvFrom>,
    /// `resources`.
    pub resources: Option<Resources>,
    /// `securityContext`.
    pub security_context: Option<SecurityContext>,
    /// `volumeMounts`.
    pub volume_mounts: Vec<VolumeMount>,
    /// `livenessProbe`, `readinessProbe`, `startupProbe`, `lifecycle.postStart`,
    /// `lifecycle.preStop` handlers.
    pub handlers: Vec<Handler>,
}

impl Container {
    /// The container's name, or `""`.
    pub fn name_str(&self) -> &str {
        self.name.as_ref().map(|n| n.value.as_str()).unwrap_or("")
    }
}

/// A container port.
#[derive(Debug, Clone, Default)]
pub struct Port {
    /// Span of the list item.
    pub span: Span,
    /// `containerPort` (compose: target).
    pub container_port: Option<Field<i64>>,
    /// `hostPort` (compose: published).
    pub host_port: Option<Field<i64>>,
    /// `hostIP` (compose: host_ip; absent means all interfaces).
    pub host_ip: Option<Field<String>>,
    /// `protocol`.
    pub protocol: Option<Field<String>>,
}

/// An environment variable.
#[derive(Debug, Clone)]
pub struct EnvVar {
    /// Span of the list item.
    pub span: Span,
    /// `name`.
    pub name: Field<String>,
    /// `value` when written literally.
    pub value: Option<Field<String>>,
    /// `valueFrom.secretKeyRef` present (span of `valueFrom`).
    pub from_secret: Option<Span>,
    /// `valueFrom` of another kind (configMapKeyRef, fieldRef, ...).
    pub from_other: Option<Span>,
}

/// An `envFrom` item.
#[derive(Debug, Clone)]
pub struct EnvFrom {
    /// Span of the list item.
    pub span: Span,
    /// `secretRef.name` when the source is a Secret.
    pub secret: Option<Field<String>>,
    /// `configMapRef.name` when the source is a ConfigMap.
    pub config_map: Option<Field<String>>,
}

/// `resources`.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// Span of the `resources` key.
    pub span: Span,
    /// `limits.cpu`.
    pub limits_cpu: Option<Field<String>>,
    /// `limits.memory`.
    pub limits_memory: Option<Field<String>>,
    /// `requests.cpu`.
    pub requests_cpu: Option<Field<String>>,
    /// `requests.memory`.
    pub requests_memory: Option<Field<String>>,
}

/// Container `securityContext`.
#[derive(Debug, Clone, Default)]
pub struct SecurityContext {
    /// Span of the `securityContext` key.
    pub span: Span,
    /// `privileged`.
    pub privileged: Option<Field<bool>>,
    /// `allowPrivilegeEscalation` (compose: `no-new-privileges` gives `false`).
    pub allow_privilege_escalation: Option<Field<bool>>,
    /// `readOnlyRootFilesystem` (compose: `read_only`).
    pub read_only_root_filesystem: Option<Field<bool>>,
    /// `runAsNonRoot`.
    pub run_as_non_root: Option<Field<bool>>,
    /// `runAsUser` (compose: numeric part of `user`).
    pub run_as_user: Option<Field<i64>>,
    /// `runAsGroup`.
    pub run_as_group: Option<Field<i64>>,
    /// User name when given by name (compose `user: root`, `user: app`).
    pub run_as_user_name: Option<Field<String>>,
    /// `capabilities`.
    pub capabilities: Option<Capabilities>,
    /// `procMount`.
    pub proc_mount: Option<Field<String>>,
    /// `seLinuxOptions`.
    pub se_linux: Option<SeLinuxOptions>,
    /// `seccompProfile`.
    pub seccomp: Option<Profile>,
    /// `appArmorProfile`.
    pub app_armor: Option<Profile>,
    /// `windowsOptions.hostProcess`.
    pub windows_host_process: Option<Field<bool>>,
}

/// `capabilities`.
#[derive(Debug, Clone, Default)]
pub struct Capabilities {
    /// Span of the `capabilities` key.
    pub span: Span,
    /// `add` entries.
    pub add: Vec<Field<String>>,
    /// `drop` entries.
    pub drop: Vec<Field<String>>,
}

/// A volume mount.
#[derive(Debug, Clone, Default)]
pub struct VolumeMount {
    /// Span of the list item.
    pub span: Span,
    /// `name` (compose: the bind source or volume name).
    pub name: Option<Field<String>>,
    /// `mountPath`.
    pub mount_path: Option<Field<String>>,
    /// `readOnly`.
    pub read_only: Option<Field<bool>>,
    /// `mountPropagation`.
    pub mount_propagation: Option<Field<String>>,
}

/// A probe or lifecycle handler, reduced to what security rules read.
#[derive(Debug, Clone)]
pub struct Handler {
    /// Span of the handler key.
    pub span: Span,
    /// `livenessProbe`, `readinessProbe`, `startupProbe`, `postStart`, `preStop`.
    pub kind: String,
    /// `httpGet.host` or `tcpSocket.host`.
    pub host: Option<Field<String>>,
}

impl Workload {
    /// Annotations of the pod itself (the pod template's metadata), leaving
    /// out those of a controller's own metadata. For a Pod both are the same.
    /// Pod Security Admission reads only these (AppArmor, seccomp annotations).
    pub fn pod_annotations(&self) -> impl Iterator<Item = &(Field<String>, Field<String>)> {
        // Without a `metadata` entry of its own, `metadata_span` falls back
        // to the whole object: then no annotation belongs to the controller.
        let own = self.object.kind != "Pod"
            && self.origin == Origin::Kubernetes
            && self.metadata_span != self.span;
        let meta = self.metadata_span;
        self.annotations
            .iter()
            .filter(move |(k, _)| !(own && meta.contains(k.span.start)))
    }

    /// True when `spec.os.name` is `windows`.
    pub fn is_windows(&self) -> bool {
        self.pod
            .os_name
            .as_ref()
            .is_some_and(|o| o.value == "windows")
    }

    /// True when `spec.hostUsers` is explicitly `false` (a user namespace).
    pub fn in_user_namespace(&self) -> bool {
        self.pod.host_users.as_ref().is_some_and(|h| !h.value)
    }
}

impl Container {
    /// Span of the container's `securityContext` key, or of the container
    /// when it has none: where to report a missing security setting.
    pub fn security_span(&self) -> Span {
        self.security_context
            .as_ref()
            .map(|s| s.span)
            .unwrap_or(self.span)
    }
}

impl PodSpec {
    /// Span of the pod `securityContext` key, or of the spec when absent.
    pub fn security_span(&self) -> Span {
        self.security_context
            .as_ref()
            .map(|s| s.span)
            .unwrap_or(self.span)
    }
}
