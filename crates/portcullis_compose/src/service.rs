//! One compose service read into a typed view ([`ComposeService`]) that holds
//! the compose-only facts DC rules read (ports with ranges and host
//! addresses, devices, pids limit, build args, env files...) and the
//! pod-shaped [`Workload`] the shared rules read. Every field keeps the span
//! where it was written; merge-key (`<<: *x`) values keep the anchor's span.

use crate::syntax;
use portcullis_rules::{ObjectRef, SourceFile, Span};
use portcullis_workload::{
    Capabilities, Container, ContainerKind, EnvVar, Field, Origin, PodSecurityContext, PodSpec,
    Port, Profile, Resources, SeLinuxOptions, SecurityContext, Volume, VolumeMount, Workload,
};
use portcullis_yaml::{Entry, Node, NodeKind, ScalarStyle};
use std::sync::Arc;

/// One published (or exposed-to-random-port) port of a service.
#[derive(Debug, Clone)]
pub struct PortSpec {
    /// Span of the `ports` item.
    pub span: Span,
    /// Container port range `(first, last)`, when numeric.
    pub target: Option<Field<(u32, u32)>>,
    /// Published host port range, when written and numeric.
    pub published: Option<Field<(u32, u32)>>,
    /// True when a published port was written but is not numeric (`${PORT}`).
    pub published_unknown: bool,
    /// Host address the port is bound to (absent: all interfaces).
    pub host_ip: Option<Field<String>>,
    /// Protocol (`tcp`, `udp`).
    pub protocol: Option<Field<String>>,
}

/// A build argument (`build.args`).
#[derive(Debug, Clone)]
pub struct BuildArg {
    /// Name and its span.
    pub name: Field<String>,
    /// Literal value, when written.
    pub value: Option<Field<String>>,
}

/// One assignment of an env file, located in that file.
#[derive(Debug, Clone)]
pub struct EnvFileVar {
    /// Name and its span in the env file.
    pub name: Field<String>,
    /// Value and its span in the env file.
    pub value: Field<String>,
}

/// An `env_file` reference and, when it could be read, its contents.
#[derive(Debug, Clone)]
pub struct EnvFile {
    /// The path as written, with its span in the compose file.
    pub path: Field<String>,
    /// `required: false` in the long form.
    pub optional: bool,
    /// The file, when it exists next to the compose file.
    pub file: Option<Arc<SourceFile>>,
    /// Its assignments (spans in `file`).
    pub vars: Vec<EnvFileVar>,
}

/// A compose service: compose-only facts plus the normalised workload.
#[derive(Debug, Clone)]
pub struct ComposeService {
    /// Service name and the span of its key.
    pub name: Field<String>,
    /// Span of the whole service entry.
    pub span: Span,
    /// Index of the service in the file (the subject index).
    pub index: u32,
    /// The pod-shaped view the shared workload rules read.
    pub workload: Workload,
    /// `ports`.
    pub ports: Vec<PortSpec>,
    /// `devices` (short or long form, as written) and `device_cgroup_rules`.
    pub devices: Vec<Field<String>>,
    /// `pids_limit`, or `deploy.resources.limits.pids`.
    pub pids_limit: Option<Field<i64>>,
    /// `cgroup_parent`.
    pub cgroup_parent: Option<Field<String>>,
    /// `cgroup` (`host` or `private`).
    pub cgroup: Option<Field<String>>,
    /// `uts` (`host`).
    pub uts: Option<Field<String>>,
    /// `userns_mode` (`host`).
    pub userns_mode: Option<Field<String>>,
    /// `build.args`.
    pub build_args: Vec<BuildArg>,
    /// `env_file` references.
    pub env_files: Vec<EnvFile>,
}

/// Reads env files for services (I/O lives in `check`, behind this trait).
pub(crate) trait EnvLoader {
    /// The env file at `path` (relative to the compose file's folder), or `None`.
    fn load(&mut self, path: &str) -> Option<Arc<SourceFile>>;
}

/// What service reading needs from the file.
pub(crate) struct Ctx<'a> {
    /// The compose file's text (spans index into it).
    pub text: &'a str,
    /// The document root (for top-level `volumes`).
    pub root: &'a Node,
}

/// A scalar as text with its span (any style; numbers and booleans as written).
fn string(n: &Node) -> Option<Field<String>> {
    n.as_str().map(|s| Field::new(s.to_string(), n.span))
}

fn get_str(n: &Node, key: &str) -> Option<Field<String>> {
    n.get(key).and_then(string)
}

/// A boolean: YAML 1.1 plain booleans, and quoted `"true"`/`"false"` (compose
/// reads both).
fn boolean(n: &Node) -> Option<Field<bool>> {
    if let Some(b) = n.as_bool() {
        return Some(Field::new(b, n.span));
    }
    // Compose converts strings the way YAML 1.1 reads booleans, quoted or not.
    match n.as_str()?.trim().to_ascii_lowercase().as_str() {
        "true" | "y" | "yes" | "on" => Some(Field::new(true, n.span)),
        "false" | "n" | "no" | "off" => Some(Field::new(false, n.span)),
        _ => None,
    }
}

fn int(n: &Node) -> Option<Field<i64>> {
    n.as_i64()
        .or_else(|| n.as_str()?.trim().parse().ok())
        .map(|i| Field::new(i, n.span))
}

/// The span of `len` bytes at `off` of a scalar's value, when the value is
/// written verbatim in the source (plain, or quoted without escapes); else the
/// whole node.
fn sub_span(text: &str, n: &Node, off: usize, len: usize) -> Span {
    let Some(value) = n.as_str() else {
        return n.span;
    };
    let raw = text
        .get(n.span.start as usize..n.span.end as usize)
        .unwrap_or("");
    let base = if raw == value {
        n.span.start
    } else if raw.len() == value.len() + 2
        && raw.get(1..raw.len() - 1) == Some(value)
        && matches!(
            &n.kind,
            NodeKind::Scalar(s) if s.style != ScalarStyle::Plain
        )
    {
        n.span.start + 1
    } else {
        return n.span;
    };
    let start = base + off as u32;
    Span::new(start, start + len as u32)
}

/// A string or a list of strings (`command`, `entrypoint`, `env_file`...).
fn string_or_list(n: Option<&Node>) -> Vec<Field<String>> {
    match n.map(|n| &n.kind) {
        Some(NodeKind::Scalar(_)) => n.and_then(string).into_iter().collect(),
        Some(NodeKind::Seq(items)) => items.iter().filter_map(string).collect(),
        _ => Vec::new(),
    }
}

fn seq(n: Option<&Node>) -> &[Node] {
    n.and_then(Node::as_seq).unwrap_or_default()
}

/// Reads the service `entry` (`name: {...}`); `None` when its value is not a
/// mapping (or null).
pub(crate) fn read_service(
    cx: &Ctx,
    entry: &Entry,
    index: u32,
    env: &mut dyn EnvLoader,
) -> Option<ComposeService> {
    let name = string(&entry.key)?;
    let empty = Node {
        span: entry.value.span,
        kind: NodeKind::Map(Vec::new()),
    };
    let svc = match &entry.value.kind {
        NodeKind::Map(_) => &entry.value,
        NodeKind::Null => &empty,
        _ => return None,
    };
    let key_span = entry.key.span;

    let mut sc = SecurityContext {
        span: key_span,
        privileged: svc.get("privileged").and_then(boolean),
        read_only_root_filesystem: svc.get("read_only").and_then(boolean),
        // Docker applies its default seccomp profile unless told otherwise:
        // the compose equivalent of `RuntimeDefault`.
        seccomp: Some(Profile {
            span: key_span,
            type_: Some(Field::new("RuntimeDefault".to_string(), key_span)),
            localhost_profile: None,
        }),
        ..SecurityContext::default()
    };
    read_user(cx, svc, &mut sc);
    read_capabilities(svc, &mut sc);
    for opt in seq(svc.get("security_opt")) {
        read_security_opt(opt, &mut sc);
    }

    let mut pod = PodSpec {
        span: key_span,
        host_network: namespace_host(svc, "network_mode"),
        host_pid: namespace_host(svc, "pid"),
        host_ipc: namespace_host(svc, "ipc"),
        host_users: namespace_host(svc, "userns_mode"),
        // `pid: service:x` / `container:x` joins another container's
        // process namespace, as `shareProcessNamespace` does in a pod.
        share_process_namespace: svc.get("pid").and_then(|v| {
            let s = v.as_str()?.trim();
            (s.starts_with("service:") || s.starts_with("container:"))
                .then(|| Field::new(true, v.span))
        }),
        os_name: get_str(svc, "platform").map(|p| {
            let os = p.value.split('/').next().unwrap_or("").to_string();
            Field::new(os, p.span)
        }),
        host_aliases: svc
            .entry("extra_hosts")
            .filter(|e| overrides_names(&e.value))
            .map(|e| e.key.span),
        ..PodSpec::default()
    };
    if let Some(e) = svc.entry("sysctls").filter(|e| !e.value.is_null()) {
        pod.security_context = Some(PodSecurityContext {
            span: e.key.span,
            sysctls: sysctls(cx, &e.value),
            ..PodSecurityContext::default()
        });
    }

    let mut container = Container {
        span: key_span,
        kind: ContainerKind::Regular,
        name: Some(name.clone()),
        image: get_str(svc, "image"),
        image_pull_policy: get_str(svc, "pull_policy"),
        command: string_or_list(svc.get("entrypoint")),
        args: string_or_list(svc.get("command")),
        ports: Vec::new(),
        env: env_vars(cx, svc.get("environment")),
        env_from: Vec::new(),
        resources: resources(svc),
        security_context: None,
        volume_mounts: Vec::new(),
        handlers: Vec::new(),
    };
    let mut ports = Vec::new();
    for item in seq(svc.get("ports")) {
        if let Some(p) = port(cx, item) {
            container.ports.push(Port {
                span: p.span,
                container_port: p
                    .target
                    .as_ref()
                    .map(|t| Field::new(t.value.0 as i64, t.span)),
                host_port: p
                    .published
                    .as_ref()
                    .map(|t| Field::new(t.value.0 as i64, t.span)),
                host_ip: p.host_ip.clone(),
                protocol: p.protocol.clone(),
            });
            ports.push(p);
        }
    }
    for item in seq(svc.get("volumes")) {
        mount(cx, item, &mut pod.volumes, &mut container.volume_mounts);
    }
    container.security_context = Some(sc);
    pod.containers.push(container);

    let limits = svc.path(&["deploy", "resources", "limits"]);
    let mut devices: Vec<Field<String>> = seq(svc.get("devices"))
        .iter()
        .filter_map(|d| string(d).or_else(|| get_str(d, "source")))
        .collect();
    devices.extend(
        seq(svc.get("device_cgroup_rules"))
            .iter()
            .filter_map(string),
    );

    let service = ComposeService {
        name: name.clone(),
        span: entry.span(),
        index,
        workload: Workload {
            object: ObjectRef {
                api_version: String::new(),
                kind: "Service".to_string(),
                namespace: None,
                name: Some(name.value.clone()),
            },
            subject: index,
            origin: Origin::Compose,
            span: entry.span(),
            metadata_span: key_span,
            namespace: None,
            annotations: Vec::new(),
            pod,
        },
        ports,
        devices,
        pids_limit: svc
            .get("pids_limit")
            .and_then(int)
            .or_else(|| limits.and_then(|l| l.get("pids")).and_then(int)),
        cgroup_parent: get_str(svc, "cgroup_parent"),
        cgroup: get_str(svc, "cgroup"),
        uts: get_str(svc, "uts"),
        userns_mode: get_str(svc, "userns_mode"),
        build_args: build_args(cx, svc.get("build")),
        env_files: env_files(svc.get("env_file"), env),
    };
    Some(service)
}

/// True when `extra_hosts` maps some name to an address other than
/// `host-gateway` (which only names the Docker host, as Docker Desktop does
/// by default).
fn overrides_names(n: &Node) -> bool {
    let gateway = |v: &str| v.trim().trim_matches(['[', ']']) == "host-gateway";
    match &n.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .any(|e| !e.value.as_str().is_some_and(gateway)),
        NodeKind::Seq(items) => items.iter().any(|i| {
            let t = i.as_str().unwrap_or("");
            let addr = t.split_once(['=', ':']).map_or(t, |(_, a)| a);
            !gateway(addr)
        }),
        _ => false,
    }
}

/// `key: host` as a `true` field at the value.
fn namespace_host(svc: &Node, key: &str) -> Option<Field<bool>> {
    let v = svc.get(key)?;
    let s = v.as_str()?;
    Some(Field::new(s.trim() == "host", v.span))
}

/// `user: uid[:gid]` / `name[:group]`: numeric parts to `runAsUser` /
/// `runAsGroup`, names to `run_as_user_name` (`root` is UID 0). A non-root
/// user given explicitly also counts as `runAsNonRoot`.
fn read_user(cx: &Ctx, svc: &Node, sc: &mut SecurityContext) {
    let Some(node) = svc.get("user") else { return };
    let Some(text) = node.as_str() else { return };
    if text.contains('$') {
        return;
    }
    let ((user, u_off), group) = syntax::user_parts(text);
    let user = user.trim();
    if user.is_empty() {
        return;
    }
    let u_span = sub_span(cx.text, node, u_off, user.len());
    let uid = user
        .parse::<i64>()
        .ok()
        .or_else(|| (user == "root").then_some(0));
    if !user.bytes().all(|b| b.is_ascii_digit()) {
        sc.run_as_user_name = Some(Field::new(user.to_string(), u_span));
    }
    if let Some(uid) = uid {
        sc.run_as_user = Some(Field::new(uid, u_span));
    }
    if uid != Some(0) {
        sc.run_as_non_root = Some(Field::new(true, u_span));
    }
    if let Some((g, g_off)) = group {
        let g = g.trim();
        let gid = g.parse::<i64>().ok().or_else(|| (g == "root").then_some(0));
        if let Some(gid) = gid {
            sc.run_as_group = Some(Field::new(gid, sub_span(cx.text, node, g_off, g.len())));
        }
    }
}

/// A capability as Docker reads it: any case, with or without `CAP_`.
fn capability(f: Field<String>) -> Field<String> {
    let up = f.value.trim().to_ascii_uppercase();
    let v = up.strip_prefix("CAP_").map(str::to_string).unwrap_or(up);
    Field::new(v, f.span)
}

fn read_capabilities(svc: &Node, sc: &mut SecurityContext) {
    let add = svc.entry("cap_add");
    let drop = svc.entry("cap_drop");
    let Some(first) = add.or(drop) else { return };
    let list = |e: Option<&Entry>| -> Vec<Field<String>> {
        seq(e.map(|e| &e.value))
            .iter()
            .filter_map(string)
            .map(capability)
            .collect()
    };
    sc.capabilities = Some(Capabilities {
        span: first.key.span,
        add: list(add),
        drop: list(drop),
    });
}

/// One `security_opt` item: `name`, `name:value` or `name=value`.
fn read_security_opt(opt: &Node, sc: &mut SecurityContext) {
    let Some(text) = opt.as_str() else { return };
    let text = text.trim();
    let (name, value) = match text.find([':', '=']) {
        Some(i) => (&text[..i], Some(text[i + 1..].trim())),
        None => (text, None),
    };
    let field = |v: &str| Some(Field::new(v.to_string(), opt.span));
    let profile = |t: &str, local: Option<&str>| Profile {
        span: opt.span,
        type_: field(t),
        localhost_profile: local.and_then(field),
    };
    match name.trim().to_ascii_lowercase().as_str() {
        "no-new-privileges" => {
            let on = !matches!(value, Some(v) if v.eq_ignore_ascii_case("false"));
            sc.allow_privilege_escalation = Some(Field::new(!on, opt.span));
        }
        "seccomp" => {
            sc.seccomp = Some(match value.unwrap_or("") {
                v if v.eq_ignore_ascii_case("unconfined") => profile("Unconfined", None),
                "" | "default" | "builtin" | "runtime/default" | "docker/default" => {
                    profile("RuntimeDefault", None)
                }
                v => profile("Localhost", Some(v)),
            });
        }
        "apparmor" => {
            sc.app_armor = Some(match value.unwrap_or("") {
                v if v.eq_ignore_ascii_case("unconfined") => profile("Unconfined", None),
                "" | "docker-default" | "runtime/default" => profile("RuntimeDefault", None),
                v => profile("Localhost", Some(v)),
            });
        }
        "label" => {
            let se = sc.se_linux.get_or_insert_with(|| SeLinuxOptions {
                span: opt.span,
                ..SeLinuxOptions::default()
            });
            let value = value.unwrap_or("");
            let (k, v) = value.split_once([':', '=']).unwrap_or((value, ""));
            match k {
                // `label=disable` runs the container with the unconfined
                // `spc_t` type, as a privileged container would.
                "disable" => se.type_ = field("spc_t"),
                "type" => se.type_ = field(v),
                "user" => se.user = field(v),
                "role" => se.role = field(v),
                "level" => se.level = field(v),
                _ => {}
            }
        }
        // `systempaths=unconfined` unmasks /proc and /sys paths: `procMount: Unmasked`.
        "systempaths" if value.is_some_and(|v| v.eq_ignore_ascii_case("unconfined")) => {
            sc.proc_mount = field("Unmasked");
        }
        _ => {}
    }
}

/// `sysctls` as a map or a `name=value` list.
fn sysctls(cx: &Ctx, n: &Node) -> Vec<(Field<String>, Option<Field<String>>)> {
    match &n.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .filter_map(|e| Some((string(&e.key)?, string(&e.value))))
            .collect(),
        NodeKind::Seq(items) => items
            .iter()
            .filter_map(|i| {
                let text = i.as_str()?;
                let (k, v) = syntax::env_item(text);
                let k = k.trim();
                let name = Field::new(k.to_string(), sub_span(cx.text, i, 0, k.len()));
                let value =
                    v.map(|(v, off)| Field::new(v.to_string(), sub_span(cx.text, i, off, v.len())));
                Some((name, value))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `environment` as a map or a `KEY=VALUE` list. Values without `=` (or
/// null) come from the shell and have no literal value.
fn env_vars(cx: &Ctx, n: Option<&Node>) -> Vec<EnvVar> {
    let var = |span: Span, name: Field<String>, value: Option<Field<String>>| EnvVar {
        span,
        name,
        value,
        from_secret: None,
        from_other: None,
    };
    match n.map(|n| &n.kind) {
        Some(NodeKind::Map(entries)) => entries
            .iter()
            .filter_map(|e| Some(var(e.span(), string(&e.key)?, string(&e.value))))
            .collect(),
        Some(NodeKind::Seq(items)) => items
            .iter()
            .filter_map(|i| {
                let text = i.as_str()?;
                let (k, v) = syntax::env_item(text);
                let name = Field::new(k.trim().to_string(), sub_span(cx.text, i, 0, k.len()));
                let value =
                    v.map(|(v, off)| Field::new(v.to_string(), sub_span(cx.text, i, off, v.len())));
                Some(var(i.span, name, value))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Limits and reservations: `mem_limit`, `cpus`, `mem_reservation` and
/// `deploy.resources`.
fn resources(svc: &Node) -> Option<Resources> {
    let dr = svc.path(&["deploy"]).and_then(|d| d.entry("resources"));
    let q = |section: &str, key: &str| {
        dr.and_then(|e| e.value.get(section))
            .and_then(|s| get_str(s, key))
    };
    let r = Resources {
        span: Span::default(),
        limits_cpu: q("limits", "cpus").or_else(|| get_str(svc, "cpus")),
        limits_memory: q("limits", "memory").or_else(|| get_str(svc, "mem_limit")),
        requests_cpu: q("reservations", "cpus"),
        requests_memory: q("reservations", "memory").or_else(|| get_str(svc, "mem_reservation")),
    };
    let top = ["mem_limit", "cpus", "mem_reservation"]
        .iter()
        .find_map(|k| svc.entry(k));
    let span = dr.or(top).map(|e| e.key.span)?;
    Some(Resources { span, ..r })
}

/// A `ports` item, short or long syntax.
fn port(cx: &Ctx, item: &Node) -> Option<PortSpec> {
    let range = |n: &Node| -> (Option<Field<(u32, u32)>>, bool) {
        let Some(s) = n.as_str() else {
            return (None, false);
        };
        match syntax::port_range(s) {
            Some(r) => (Some(Field::new(r, n.span)), false),
            None => (None, !s.trim().is_empty()),
        }
    };
    match &item.kind {
        NodeKind::Scalar(_) => {
            let text = item.as_str()?;
            let parts = syntax::port_parts(text)?;
            let field = |(s, off): (&str, usize)| {
                Field::new(s.to_string(), sub_span(cx.text, item, off, s.len()))
            };
            let t = field(parts.target);
            let target = syntax::port_range(&t.value).map(|r| Field::new(r, t.span));
            let (published, published_unknown) = match parts.published.map(field) {
                Some(p) => match syntax::port_range(&p.value) {
                    Some(r) => (Some(Field::new(r, p.span)), false),
                    None => (None, true),
                },
                None => (None, false),
            };
            Some(PortSpec {
                span: item.span,
                target,
                published,
                published_unknown,
                host_ip: parts.host_ip.map(field),
                protocol: parts.protocol.map(field),
            })
        }
        NodeKind::Map(_) => {
            let (target, _) = item.get("target").map(range).unwrap_or((None, false));
            let (published, published_unknown) =
                item.get("published").map(range).unwrap_or((None, false));
            Some(PortSpec {
                span: item.span,
                target,
                published,
                published_unknown,
                host_ip: get_str(item, "host_ip"),
                protocol: get_str(item, "protocol"),
            })
        }
        _ => None,
    }
}

/// Mount propagation as Kubernetes names it.
fn propagation(p: &str) -> Option<&'static str> {
    match p.trim() {
        "shared" | "rshared" => Some("Bidirectional"),
        "slave" | "rslave" => Some("HostToContainer"),
        "private" | "rprivate" => Some("None"),
        _ => None,
    }
}

/// A `volumes` item of a service, short or long syntax: bind mounts outside
/// the project folder become `hostPath` volumes; project-relative binds,
/// named volumes and tmpfs keep their own source types.
fn mount(cx: &Ctx, item: &Node, volumes: &mut Vec<Volume>, mounts: &mut Vec<VolumeMount>) {
    let mut kind = "volume".to_string();
    let source: Option<Field<String>>;
    let target: Option<Field<String>>;
    let mut read_only: Option<Field<bool>> = None;
    let mut prop: Option<Field<String>> = None;
    match &item.kind {
        NodeKind::Scalar(_) => {
            let Some(text) = item.as_str() else { return };
            let parts = syntax::volume_parts(text);
            let field = |(s, off): (&str, usize)| {
                Field::new(s.to_string(), sub_span(cx.text, item, off, s.len()))
            };
            source = parts.source.map(field);
            target = Some(field(parts.target));
            if let Some((mode, off)) = parts.mode {
                let mut pos = off;
                for opt in mode.split(',') {
                    let span = sub_span(cx.text, item, pos, opt.len());
                    pos += opt.len() + 1;
                    match opt.trim() {
                        "ro" => read_only = Some(Field::new(true, span)),
                        "rw" => read_only = Some(Field::new(false, span)),
                        o => {
                            if let Some(p) = propagation(o) {
                                prop = Some(Field::new(p.to_string(), span));
                            }
                        }
                    }
                }
            }
            if source
                .as_ref()
                .is_some_and(|s| syntax::is_bind_source(&s.value))
            {
                kind = "bind".to_string();
            }
        }
        NodeKind::Map(_) => {
            kind = item
                .get("type")
                .and_then(Node::as_str)
                .unwrap_or("volume")
                .to_string();
            source = get_str(item, "source");
            target = get_str(item, "target");
            read_only = item.get("read_only").and_then(boolean);
            prop = item
                .path(&["bind", "propagation"])
                .and_then(string)
                .and_then(|p| propagation(&p.value).map(|k| Field::new(k.to_string(), p.span)));
        }
        _ => return,
    }
    // A named volume declared with `driver_opts: {o: bind, device: /path}`
    // is a bind mount of `device`.
    let mut host: Option<Field<String>> = None;
    if kind == "volume"
        && let Some(name) = &source
    {
        let opts = cx
            .root
            .get("volumes")
            .and_then(|v| v.get(&name.value))
            .and_then(|v| v.get("driver_opts"));
        if let Some(opts) = opts
            && opts.get("o").and_then(Node::as_str).is_some_and(|o| {
                o.split(',')
                    .any(|x| x.trim() == "bind" || x.trim() == "rbind")
            })
        {
            host = get_str(opts, "device");
        }
    }
    // A named pipe (`type: npipe`, Windows) is a host object like a bind.
    if (kind == "bind" || kind == "npipe")
        && let Some(s) = &source
        && !syntax::is_project_relative(&s.value)
    {
        host = Some(s.clone());
    }
    let vol_name = source
        .as_ref()
        .map(|s| s.value.clone())
        .or_else(|| target.as_ref().map(|t| format!("anonymous:{}", t.value)))
        .unwrap_or_default();
    let name_span = source
        .as_ref()
        .map(|s| s.span)
        .or(target.as_ref().map(|t| t.span))
        .unwrap_or(item.span);
    let mut volume = Volume {
        span: item.span,
        name: Some(Field::new(vol_name.clone(), name_span)),
        ..Volume::default()
    };
    match host {
        Some(h) => {
            volume
                .sources
                .push(Field::new("hostPath".to_string(), h.span));
            volume.host_path = Some(h);
        }
        None => volume.sources.push(Field::new(kind, name_span)),
    }
    volumes.push(volume);
    mounts.push(VolumeMount {
        span: item.span,
        name: Some(Field::new(vol_name, name_span)),
        mount_path: target,
        read_only,
        mount_propagation: prop,
    });
}

/// `build.args` as a map or a `NAME=VALUE` list.
fn build_args(cx: &Ctx, build: Option<&Node>) -> Vec<BuildArg> {
    let Some(args) = build.and_then(|b| b.get("args")) else {
        return Vec::new();
    };
    env_vars(cx, Some(args))
        .into_iter()
        .map(|v| BuildArg {
            name: v.name,
            value: v.value,
        })
        .collect()
}

/// `env_file`: a path, a list of paths, or long-form items `{path, required}`.
fn env_files(n: Option<&Node>, env: &mut dyn EnvLoader) -> Vec<EnvFile> {
    let mut refs: Vec<(Field<String>, bool)> = Vec::new();
    match n.map(|n| &n.kind) {
        Some(NodeKind::Scalar(_)) => refs.extend(n.and_then(string).map(|s| (s, false))),
        Some(NodeKind::Seq(items)) => {
            for i in items {
                if let Some(s) = string(i) {
                    refs.push((s, false));
                } else if let Some(p) = get_str(i, "path") {
                    let optional = i
                        .get("required")
                        .and_then(boolean)
                        .is_some_and(|r| !r.value);
                    refs.push((p, optional));
                }
            }
        }
        _ => {}
    }
    refs.into_iter()
        .map(|(path, optional)| {
            let file = if path.value.contains('$') {
                None
            } else {
                env.load(&path.value)
            };
            let vars = file
                .as_ref()
                .map(|f| {
                    syntax::env_file_lines(f.text())
                        .into_iter()
                        .map(|l| EnvFileVar {
                            name: Field::new(l.name.0, Span::new(l.name.1 as u32, l.name.2 as u32)),
                            value: Field::new(
                                l.value.0,
                                Span::new(l.value.1 as u32, l.value.2 as u32),
                            ),
                        })
                        .collect()
                })
                .unwrap_or_default();
            EnvFile {
                path,
                optional,
                file,
                vars,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use portcullis_yaml::{Options, parse_stream};

    struct NoEnv;
    impl EnvLoader for NoEnv {
        fn load(&mut self, _: &str) -> Option<Arc<SourceFile>> {
            None
        }
    }

    /// Reads the first service of `text` and returns it with the text.
    fn first(text: &str) -> ComposeService {
        let out = parse_stream(text, &Options::default());
        let root = out.documents[0].root.as_ref().unwrap();
        let cx = Ctx { text, root };
        let entry = &root.get("services").unwrap().as_map().unwrap()[0];
        read_service(&cx, entry, 0, &mut NoEnv).unwrap()
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.start as usize..span.end as usize]
    }

    #[test]
    fn user_and_capabilities() {
        let text = "services:\n  a:\n    user: \"1000:0\"\n    cap_add: [cap_sys_admin]\n    cap_drop: [all]\n";
        let s = first(text);
        let sc = s.workload.pod.containers[0]
            .security_context
            .as_ref()
            .unwrap();
        let uid = sc.run_as_user.as_ref().unwrap();
        assert_eq!((uid.value, at(text, uid.span)), (1000, "1000"));
        let gid = sc.run_as_group.as_ref().unwrap();
        assert_eq!((gid.value, at(text, gid.span)), (0, "0"));
        assert!(sc.run_as_non_root.as_ref().unwrap().value);
        let caps = sc.capabilities.as_ref().unwrap();
        assert_eq!(caps.add[0].value, "SYS_ADMIN");
        assert_eq!(caps.drop[0].value, "ALL");
        let s = first("services:\n  a:\n    user: root\n");
        let sc = s.workload.pod.containers[0]
            .security_context
            .as_ref()
            .unwrap();
        assert_eq!(sc.run_as_user.as_ref().unwrap().value, 0);
        assert_eq!(sc.run_as_user_name.as_ref().unwrap().value, "root");
        assert!(sc.run_as_non_root.is_none());
    }

    #[test]
    fn ports_and_env_keep_precise_spans() {
        let text = "services:\n  a:\n    ports:\n      - \"127.0.0.1:8080:80/udp\"\n      - target: 443\n        published: \"8443\"\n    environment:\n      - \"DB_PASSWORD=xyz\"\n      - PLAIN=v\n      - FROM_SHELL\n";
        let s = first(text);
        let p = &s.ports[0];
        assert_eq!(at(text, p.target.as_ref().unwrap().span), "80");
        assert_eq!(p.published.as_ref().unwrap().value, (8080, 8080));
        assert_eq!(p.host_ip.as_ref().unwrap().value, "127.0.0.1");
        assert_eq!(p.protocol.as_ref().unwrap().value, "udp");
        assert_eq!(s.ports[1].target.as_ref().unwrap().value, (443, 443));
        assert_eq!(s.ports[1].published.as_ref().unwrap().value, (8443, 8443));
        let env = &s.workload.pod.containers[0].env;
        assert_eq!(at(text, env[0].value.as_ref().unwrap().span), "xyz");
        assert_eq!(at(text, env[1].value.as_ref().unwrap().span), "v");
        assert_eq!(at(text, env[1].name.span), "PLAIN");
        assert!(env[2].value.is_none());
    }

    #[test]
    fn volumes_map_to_host_paths() {
        let text = "services:\n  a:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - ./conf:/conf\n      - data:/data\n      - /anon\n      - type: bind\n        source: /srv\n        target: /srv\n        bind: {propagation: rshared}\n";
        let s = first(text);
        let vols = &s.workload.pod.volumes;
        let mounts = &s.workload.pod.containers[0].volume_mounts;
        let hp = vols[0].host_path.as_ref().unwrap();
        assert_eq!(at(text, hp.span), "/var/run/docker.sock");
        assert!(mounts[0].read_only.as_ref().unwrap().value);
        assert_eq!(
            mounts[0].mount_path.as_ref().unwrap().value,
            "/var/run/docker.sock"
        );
        assert_eq!(vols[1].sources[0].value, "bind");
        assert_eq!(vols[2].sources[0].value, "volume");
        assert_eq!(vols[3].sources[0].value, "volume");
        assert_eq!(vols[4].host_path.as_ref().unwrap().value, "/srv");
        assert_eq!(
            mounts[4].mount_propagation.as_ref().unwrap().value,
            "Bidirectional"
        );
        assert_eq!(mounts[4].name, vols[4].name);
    }

    #[test]
    fn security_options_and_resources() {
        let text = "services:\n  a:\n    security_opt: [\"seccomp=unconfined\", \"apparmor:unconfined\", no-new-privileges]\n    mem_limit: 1g\n    deploy: {resources: {limits: {cpus: '0.5', pids: 10}, reservations: {memory: 128M}}}\n";
        let s = first(text);
        let c = &s.workload.pod.containers[0];
        let sc = c.security_context.as_ref().unwrap();
        let ty = |p: &Option<Profile>| p.as_ref().unwrap().type_.as_ref().unwrap().value.clone();
        assert_eq!(ty(&sc.seccomp), "Unconfined");
        assert_eq!(ty(&sc.app_armor), "Unconfined");
        assert!(!sc.allow_privilege_escalation.as_ref().unwrap().value);
        let r = c.resources.as_ref().unwrap();
        assert_eq!(r.limits_memory.as_ref().unwrap().value, "1g");
        assert_eq!(r.limits_cpu.as_ref().unwrap().value, "0.5");
        assert_eq!(r.requests_memory.as_ref().unwrap().value, "128M");
        assert_eq!(s.pids_limit.as_ref().unwrap().value, 10);
        // Without options the Docker default seccomp profile applies.
        let s = first("services:\n  a:\n    image: x\n");
        let sc = s.workload.pod.containers[0]
            .security_context
            .as_ref()
            .unwrap();
        assert_eq!(ty(&sc.seccomp), "RuntimeDefault");
    }
}
