//! The shared workload rules word their compose findings in compose terms:
//! the key the user wrote and what to write instead, never the Kubernetes
//! field paths (`securityContext...`) used for pods.

use portcullis_compose::check_file;
use portcullis_rules::{PssLevel, Selector, Settings, SourceFile};
use std::path::Path;

const COMPOSE: &str = r#"services:
  web:
    image: nginx:latest
    privileged: true
    network_mode: host
    pid: host
    ipc: host
    user: root
    read_only: false
    cap_add: [SYS_ADMIN, NET_ADMIN]
    security_opt:
      - seccomp:unconfined
      - apparmor:unconfined
      - label:disable
      - systempaths=unconfined
    sysctls:
      net.core.somaxconn: 1024
    environment:
      DB_PASSWORD: Tr0ub4dor-and-3
    extra_hosts:
      - "metadata:169.254.169.254"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - /etc:/host/etc:rshared
  sidecar:
    image: busybox:1.36
    pid: service:web
    user: "1000:0"
"#;

/// `(rule ID, message)` of every finding with every KS rule selected, at
/// the given PSS level.
fn messages(level: Option<PssLevel>) -> Vec<(String, String)> {
    let source = SourceFile::new("compose.yml", COMPOSE);
    let mut settings = Settings {
        pss_level: level,
        ..Settings::default()
    };
    settings
        .select
        .extend((1..100).map(|i| Selector::parse(&format!("KS{i:03}"))));
    let outcome = check_file(&source, Path::new("."), &settings);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    outcome
        .hits
        .iter()
        .map(|h| (h.rule.id.to_string(), h.message.clone()))
        .collect()
}

/// The message of `id` that contains `needle`, or a panic listing them all.
fn has(all: &[(String, String)], id: &str, needle: &str) {
    assert!(
        all.iter().any(|(i, m)| i == id && m.contains(needle)),
        "no {id} message containing {needle:?} in {all:#?}"
    );
}

#[test]
fn compose_messages_use_compose_vocabulary() {
    let mut all = messages(None);
    all.extend(messages(Some(PssLevel::Restricted)));
    has(
        &all,
        "KS002",
        r#"service "web" shares the host network (network_mode: host)"#,
    );
    has(&all, "KS002", "pid: host");
    has(&all, "KS002", "ipc: host");
    has(
        &all,
        "KS003",
        r#"service "web" runs privileged; remove "privileged: true""#,
    );
    has(&all, "KS004", "cap_add");
    has(
        &all,
        "KS005",
        r#"bind-mounts host path "/var/run/docker.sock""#,
    );
    has(&all, "KS008", "apparmor:unconfined");
    has(&all, "KS009", "label:disable");
    has(&all, "KS010", "systempaths=unconfined");
    has(&all, "KS011", "seccomp:unconfined");
    has(&all, "KS012", "sysctls");
    has(&all, "KS013", r#"bind-mounts host path "/etc""#);
    has(
        &all,
        "KS014",
        r#"service "web" must set security_opt: ["no-new-privileges:true"]"#,
    );
    has(&all, "KS015", "user:");
    has(&all, "KS016", "user: root");
    has(
        &all,
        "KS018",
        r#"service "web" must drop all capabilities (cap_drop: [ALL])"#,
    );
    has(&all, "KS019", "systempaths=unconfined");
    has(
        &all,
        "KS020",
        "service `web` bind-mounts host path `/var/run/docker.sock`",
    );
    has(&all, "KS023", "top-level `secrets:`");
    has(&all, "KS030", "(cap_add)");
    has(&all, "KS033", "mem_limit");
    has(&all, "KS036", "read_only: true");
    has(&all, "KS039", "service `sidecar` runs with the root group");
    has(&all, "KS040", "extra_hosts");
    has(&all, "KS041", "pid: service:");
    has(&all, "KS042", "rshared");
    for (id, m) in &all {
        for k8s in [
            "securityContext",
            "hostNetwork",
            "hostPID",
            "hostIPC",
            "hostPath",
            "hostAliases",
            "shareProcessNamespace",
            "runAsNonRoot",
            "runAsUser",
            "allowPrivilegeEscalation",
            "mountPropagation",
            "container `",
            "pod ",
        ] {
            assert!(!m.contains(k8s), "{id}: {m:?} uses {k8s:?}");
        }
    }
}
