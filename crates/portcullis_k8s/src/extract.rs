//! Pod templates → `Workload`s. A table maps each workload kind to the path of
//! its pod template; everything below the template is read into the
//! normalised model with the span of every field.

use portcullis_rules::ObjectRef;
use portcullis_workload::{
    Capabilities, Container, ContainerKind, EnvFrom, EnvVar, Field, Handler, Origin,
    PodSecurityContext, PodSpec, Port, Profile, Resources, SeLinuxOptions, SecurityContext, Volume,
    VolumeMount, Workload,
};
use portcullis_yaml::{Entry, Node, NodeKind};

/// Kinds that hold a pod template, and the keys leading from the object root
/// to the template (a mapping with `metadata` and `spec`). An empty path means
/// the object is itself the pod.
pub const POD_TEMPLATE_PATHS: &[(&str, &[&str])] = &[
    ("Pod", &[]),
    ("PodTemplate", &["template"]),
    ("Deployment", &["spec", "template"]),
    ("StatefulSet", &["spec", "template"]),
    ("DaemonSet", &["spec", "template"]),
    ("ReplicaSet", &["spec", "template"]),
    ("ReplicationController", &["spec", "template"]),
    ("Job", &["spec", "template"]),
    ("CronJob", &["spec", "jobTemplate", "spec", "template"]),
    // Widely used controllers outside core Kubernetes with the same shape.
    ("DeploymentConfig", &["spec", "template"]),
    ("Rollout", &["spec", "template"]),
];

/// The template path of `kind`, when it has a pod template.
pub fn template_path(kind: &str) -> Option<&'static [&'static str]> {
    POD_TEMPLATE_PATHS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, p)| *p)
}

/// Builds the workload of a recognised object, or `None` when its kind has no
/// pod template or the template is missing.
pub fn workload(object: &ObjectRef, root: &Node, subject: u32) -> Option<Workload> {
    let path = template_path(&object.kind)?;
    let template = if path.is_empty() {
        root
    } else {
        root.path(path)?
    };
    if !matches!(template.kind, NodeKind::Map(_)) {
        return None;
    }
    let meta_entry = root.entry("metadata");
    let metadata_span = meta_entry.map(Entry::span).unwrap_or(root.span);
    // An empty namespace is an absent one: the object lands in the
    // namespace chosen when applying, `default` unless told otherwise.
    let namespace = root
        .path(&["metadata", "namespace"])
        .and_then(string)
        .filter(|n| !n.value.is_empty());
    let mut annotations = annotations_of(template.get("metadata"));
    if !path.is_empty() {
        annotations.extend(annotations_of(root.get("metadata")));
    }
    let pod = match present(template, "spec") {
        Some(e) => pod_spec(e),
        None => PodSpec {
            span: template.span,
            ..PodSpec::default()
        },
    };
    Some(Workload {
        object: object.clone(),
        subject,
        origin: Origin::Kubernetes,
        span: root.span,
        metadata_span,
        namespace,
        annotations,
        pod,
    })
}

/// `(key, value)` pairs of `metadata.annotations` with string-ish values.
pub fn annotations_of(metadata: Option<&Node>) -> Vec<(Field<String>, Field<String>)> {
    let Some(map) = metadata
        .and_then(|m| m.get("annotations"))
        .and_then(Node::as_map)
    else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|e| Some((string(&e.key)?, string(&e.value)?)))
        .collect()
}

/// The entry of `key` unless its value is null: Kubernetes decodes
/// `securityContext: null` (or `~`, or an empty value) as an absent field.
fn present<'a>(n: &'a Node, key: &str) -> Option<&'a Entry> {
    n.entry(key).filter(|e| !e.value.is_null())
}

/// A scalar as text (any style) with its span.
pub(crate) fn string(n: &Node) -> Option<Field<String>> {
    n.as_str().map(|s| Field::new(s.to_string(), n.span))
}

fn boolean(n: &Node) -> Option<Field<bool>> {
    n.as_bool().map(|b| Field::new(b, n.span))
}

fn int(n: &Node) -> Option<Field<i64>> {
    n.as_i64().map(|i| Field::new(i, n.span))
}

fn get_str(n: &Node, key: &str) -> Option<Field<String>> {
    n.get(key).and_then(string)
}

fn get_bool(n: &Node, key: &str) -> Option<Field<bool>> {
    n.get(key).and_then(boolean)
}

fn get_int(n: &Node, key: &str) -> Option<Field<i64>> {
    n.get(key).and_then(int)
}

fn strings(n: Option<&Node>) -> Vec<Field<String>> {
    n.and_then(Node::as_seq)
        .map(|items| items.iter().filter_map(string).collect())
        .unwrap_or_default()
}

fn items<'a>(n: &'a Node, key: &str) -> &'a [Node] {
    n.get(key).and_then(Node::as_seq).unwrap_or_default()
}

/// Reads a pod spec from its `spec` entry.
pub fn pod_spec(entry: &Entry) -> PodSpec {
    let spec = &entry.value;
    let mut pod = PodSpec {
        span: entry.key.span,
        host_network: get_bool(spec, "hostNetwork"),
        host_pid: get_bool(spec, "hostPID"),
        host_ipc: get_bool(spec, "hostIPC"),
        host_users: get_bool(spec, "hostUsers"),
        share_process_namespace: get_bool(spec, "shareProcessNamespace"),
        os_name: spec.path(&["os", "name"]).and_then(string),
        security_context: present(spec, "securityContext").map(pod_security_context),
        service_account_name: get_str(spec, "serviceAccountName")
            .or_else(|| get_str(spec, "serviceAccount")),
        automount_service_account_token: get_bool(spec, "automountServiceAccountToken"),
        host_aliases: spec.get("hostAliases").map(|n| n.span),
        volumes: items(spec, "volumes").iter().map(volume).collect(),
        containers: Vec::new(),
    };
    for (key, kind) in [
        ("containers", ContainerKind::Regular),
        ("initContainers", ContainerKind::Init),
        ("ephemeralContainers", ContainerKind::Ephemeral),
    ] {
        pod.containers
            .extend(items(spec, key).iter().map(|c| container(c, kind)));
    }
    pod
}

fn se_linux(entry: &Entry) -> SeLinuxOptions {
    let v = &entry.value;
    SeLinuxOptions {
        span: entry.key.span,
        type_: get_str(v, "type"),
        user: get_str(v, "user"),
        role: get_str(v, "role"),
        level: get_str(v, "level"),
    }
}

fn profile(entry: &Entry) -> Profile {
    let v = &entry.value;
    Profile {
        span: entry.key.span,
        type_: get_str(v, "type"),
        localhost_profile: get_str(v, "localhostProfile"),
    }
}

fn host_process(sc: &Node) -> Option<Field<bool>> {
    sc.get("windowsOptions")
        .and_then(|w| get_bool(w, "hostProcess"))
}

fn pod_security_context(entry: &Entry) -> PodSecurityContext {
    let sc = &entry.value;
    PodSecurityContext {
        span: entry.key.span,
        run_as_non_root: get_bool(sc, "runAsNonRoot"),
        run_as_user: get_int(sc, "runAsUser"),
        run_as_group: get_int(sc, "runAsGroup"),
        fs_group: get_int(sc, "fsGroup"),
        supplemental_groups: items(sc, "supplementalGroups")
            .iter()
            .filter_map(int)
            .collect(),
        se_linux: present(sc, "seLinuxOptions").map(se_linux),
        seccomp: present(sc, "seccompProfile").map(profile),
        app_armor: present(sc, "appArmorProfile").map(profile),
        sysctls: items(sc, "sysctls")
            .iter()
            .filter_map(|s| Some((get_str(s, "name")?, get_str(s, "value"))))
            .collect(),
        windows_host_process: host_process(sc),
    }
}

fn security_context(entry: &Entry) -> SecurityContext {
    let sc = &entry.value;
    SecurityContext {
        span: entry.key.span,
        privileged: get_bool(sc, "privileged"),
        allow_privilege_escalation: get_bool(sc, "allowPrivilegeEscalation"),
        read_only_root_filesystem: get_bool(sc, "readOnlyRootFilesystem"),
        run_as_non_root: get_bool(sc, "runAsNonRoot"),
        run_as_user: get_int(sc, "runAsUser"),
        run_as_group: get_int(sc, "runAsGroup"),
        run_as_user_name: None,
        capabilities: present(sc, "capabilities").map(|e| Capabilities {
            span: e.key.span,
            add: strings(e.value.get("add")),
            drop: strings(e.value.get("drop")),
        }),
        proc_mount: get_str(sc, "procMount"),
        se_linux: present(sc, "seLinuxOptions").map(se_linux),
        seccomp: present(sc, "seccompProfile").map(profile),
        app_armor: present(sc, "appArmorProfile").map(profile),
        windows_host_process: host_process(sc),
    }
}

fn volume(item: &Node) -> Volume {
    let mut v = Volume {
        span: item.span,
        name: get_str(item, "name"),
        ..Volume::default()
    };
    for e in item.as_map().unwrap_or_default() {
        let Some(key) = e.key.as_str() else { continue };
        // A null source is an absent one (a volume left with none is
        // defaulted to emptyDir by the API server).
        if key == "name" || e.value.is_null() {
            continue;
        }
        if key == "hostPath" {
            v.host_path = get_str(&e.value, "path");
            v.host_path_type = get_str(&e.value, "type");
        }
        v.sources.push(Field::new(key.to_string(), e.key.span));
    }
    v
}

fn handlers(c: &Node, out: &mut Vec<Handler>) {
    let probes = ["livenessProbe", "readinessProbe", "startupProbe"]
        .into_iter()
        .filter_map(|k| present(c, k).map(|e| (k.to_string(), e)));
    let hooks = ["postStart", "preStop"].into_iter().filter_map(|k| {
        c.get("lifecycle")
            .and_then(|l| present(l, k))
            .map(|e| (format!("lifecycle.{k}"), e))
    });
    for (kind, e) in probes.chain(hooks) {
        let hosts: Vec<Field<String>> = ["httpGet", "tcpSocket"]
            .into_iter()
            .filter_map(|a| e.value.get(a).and_then(|a| get_str(a, "host")))
            .collect();
        if hosts.is_empty() {
            out.push(Handler {
                span: e.key.span,
                kind: kind.clone(),
                host: None,
            });
        }
        for host in hosts {
            out.push(Handler {
                span: e.key.span,
                kind: kind.clone(),
                host: Some(host),
            });
        }
    }
}

fn env_var(item: &Node) -> Option<EnvVar> {
    let name = get_str(item, "name")?;
    let mut var = EnvVar {
        span: item.span,
        name,
        value: get_str(item, "value"),
        from_secret: None,
        from_other: None,
    };
    if let Some(e) = present(item, "valueFrom") {
        if e.value.get("secretKeyRef").is_some() {
            var.from_secret = Some(e.key.span);
        } else {
            var.from_other = Some(e.key.span);
        }
    }
    Some(var)
}

fn resources(entry: &Entry) -> Resources {
    let r = &entry.value;
    let q = |section: &str, key: &str| r.get(section).and_then(|s| get_str(s, key));
    Resources {
        span: entry.key.span,
        limits_cpu: q("limits", "cpu"),
        limits_memory: q("limits", "memory"),
        requests_cpu: q("requests", "cpu"),
        requests_memory: q("requests", "memory"),
    }
}

fn container(item: &Node, kind: ContainerKind) -> Container {
    let mut handler_list = Vec::new();
    handlers(item, &mut handler_list);
    Container {
        span: item.span,
        kind,
        name: get_str(item, "name"),
        image: get_str(item, "image"),
        image_pull_policy: get_str(item, "imagePullPolicy"),
        command: strings(item.get("command")),
        args: strings(item.get("args")),
        ports: items(item, "ports")
            .iter()
            .map(|p| Port {
                span: p.span,
                container_port: get_int(p, "containerPort"),
                host_port: get_int(p, "hostPort"),
                host_ip: get_str(p, "hostIP"),
                protocol: get_str(p, "protocol"),
            })
            .collect(),
        env: items(item, "env").iter().filter_map(env_var).collect(),
        env_from: items(item, "envFrom")
            .iter()
            .map(|e| EnvFrom {
                span: e.span,
                secret: e.get("secretRef").and_then(|s| get_str(s, "name")),
                config_map: e.get("configMapRef").and_then(|s| get_str(s, "name")),
            })
            .collect(),
        resources: present(item, "resources").map(resources),
        security_context: present(item, "securityContext").map(security_context),
        volume_mounts: items(item, "volumeMounts")
            .iter()
            .map(|m| VolumeMount {
                span: m.span,
                name: get_str(m, "name"),
                mount_path: get_str(m, "mountPath"),
                read_only: get_bool(m, "readOnly"),
                mount_propagation: get_str(m, "mountPropagation"),
            })
            .collect(),
        handlers: handler_list,
    }
}
