//! Policy-version boundaries: each behaviour that changed in a Pod Security
//! Admission policy version is checked on both sides of the change.

use portcullis_k8s::check_file;
use portcullis_rules::{KubeVersion, PssLevel, Settings, SourceFile};
use std::collections::BTreeSet;

const B: PssLevel = PssLevel::Baseline;
const R: PssLevel = PssLevel::Restricted;

/// Rule IDs reported for `yaml` at `level` and policy `1.minor`.
fn ids(yaml: &str, level: PssLevel, minor: u16) -> BTreeSet<&'static str> {
    let settings = Settings::pss(level, KubeVersion::new(minor));
    let outcome = check_file(&SourceFile::new("t.yaml", yaml), &settings);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    outcome.hits.iter().map(|h| h.rule.id).collect()
}

fn set(v: &[&'static str]) -> BTreeSet<&'static str> {
    v.iter().copied().collect()
}

/// A pod that passes the restricted level, with `extra_spec` lines added to
/// its spec and `extra_sc` lines added to its container's securityContext.
fn restricted_pod(extra_spec: &str, pod_sc: &str, extra_sc: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{extra_spec}  securityContext:\n    seccompProfile: {{type: RuntimeDefault}}\n{pod_sc}  containers:\n    - name: c\n      image: i\n      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities: {{drop: [ALL]}}\n{extra_sc}"
    )
}

fn sysctl_pod(name: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  securityContext:\n    sysctls:\n      - {{name: {name}, value: \"1\"}}\n  containers:\n    - {{name: c, image: i}}\n"
    )
}

#[test]
fn sysctl_allow_list_grows_with_versions() {
    for (name, since) in [
        ("kernel.shm_rmid_forced", 0),
        ("net.ipv4.ip_unprivileged_port_start", 0),
        ("net.ipv4.ip_local_reserved_ports", 27),
        ("net.ipv4.tcp_keepalive_time", 29),
        ("net.ipv4.tcp_fin_timeout", 29),
        ("net.ipv4.tcp_keepalive_intvl", 29),
        ("net.ipv4.tcp_keepalive_probes", 29),
        ("net.ipv4.tcp_rmem", 32),
        ("net.ipv4.tcp_wmem", 32),
        ("net.ipv4.tcp_slow_start_after_idle", 37),
        ("net.ipv4.tcp_notsent_lowat", 37),
    ] {
        let pod = sysctl_pod(name);
        assert!(
            ids(&pod, B, since).is_empty(),
            "{name} allowed at 1.{since}"
        );
        if since > 0 {
            assert_eq!(
                ids(&pod, B, since - 1),
                set(&["KS012"]),
                "{name} forbidden at 1.{}",
                since - 1
            );
        }
    }
    assert_eq!(ids(&sysctl_pod("kernel.msgmax"), B, 37), set(&["KS012"]));
}

#[test]
fn selinux_container_engine_t_from_1_31() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    seLinuxOptions: {type: container_engine_t}\n  containers:\n    - {name: c, image: i}\n";
    assert_eq!(ids(pod, B, 30), set(&["KS009"]));
    assert!(ids(pod, B, 31).is_empty());
}

#[test]
fn probe_host_from_1_34() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: i\n      livenessProbe:\n        httpGet: {host: example.com, port: 80}\n";
    assert!(ids(pod, B, 33).is_empty());
    assert_eq!(ids(pod, B, 34), set(&["KS007"]));
}

#[test]
fn proc_mount_user_namespace_relaxation_from_1_35() {
    let userns = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  containers:\n    - name: c\n      image: i\n      securityContext: {procMount: Unmasked}\n";
    assert_eq!(ids(userns, B, 34), set(&["KS010"]));
    assert!(ids(userns, B, 35).is_empty());
    let host = userns.replace("hostUsers: false", "hostUsers: true");
    assert_eq!(ids(&host, B, 35), set(&["KS010"]));

    let restricted = restricted_pod(
        "  hostUsers: false\n",
        "    runAsNonRoot: true\n",
        "        procMount: Unmasked\n",
    );
    assert_eq!(ids(&restricted, R, 34), set(&["KS010"]));
    assert_eq!(ids(&restricted, R, 35), set(&["KS019"]));
}

#[test]
fn run_as_non_root_and_user_relaxed_for_user_namespaces_from_1_35() {
    let userns = restricted_pod("  hostUsers: false\n", "    runAsUser: 0\n", "");
    assert_eq!(ids(&userns, R, 34), set(&["KS015", "KS016"]));
    assert!(ids(&userns, R, 35).is_empty());
    let host = restricted_pod("", "    runAsUser: 0\n", "");
    assert_eq!(ids(&host, R, 35), set(&["KS015", "KS016"]));
}

#[test]
fn run_as_user_from_1_23() {
    let pod = restricted_pod("", "    runAsNonRoot: true\n", "        runAsUser: 0\n");
    assert!(ids(&pod, R, 22).is_empty());
    assert_eq!(ids(&pod, R, 23), set(&["KS016"]));
}

#[test]
fn windows_pods_exempt_from_linux_controls_from_1_25() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: windows}\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - {name: c, image: i}\n";
    assert_eq!(ids(pod, R, 24), set(&["KS014", "KS017", "KS018"]));
    assert!(ids(pod, R, 25).is_empty());
    let linux = pod.replace("windows", "linux");
    assert_eq!(ids(&linux, R, 25), set(&["KS014", "KS017", "KS018"]));
}

#[test]
fn allow_privilege_escalation_from_1_8() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - {name: c, image: i}\n";
    assert!(ids(pod, R, 7).is_empty());
    assert_eq!(ids(pod, R, 8), set(&["KS014"]));
}

#[test]
fn seccomp_annotations_before_1_19_fields_after() {
    let annotated = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: unconfined\n    container.seccomp.security.alpha.kubernetes.io/c: unconfined\nspec:\n  containers:\n    - {name: c, image: i}\n";
    assert_eq!(ids(annotated, B, 18), set(&["KS011"]));
    assert!(ids(annotated, B, 19).is_empty());
    let ok = annotated.replace("unconfined", "docker/default");
    assert!(ids(&ok, B, 18).is_empty());

    let field = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    seccompProfile: {type: Unconfined}\n  containers:\n    - {name: c, image: i}\n";
    assert!(ids(field, B, 18).is_empty());
    assert_eq!(ids(field, B, 19), set(&["KS011"]));
    // Restricted: KS017 replaces KS011 from 1.19 and does not exist before.
    let restricted = restricted_pod(
        "",
        "    runAsNonRoot: true\n",
        "        seccompProfile: {type: Unconfined}\n",
    );
    assert_eq!(ids(&restricted, R, 19), set(&["KS017"]));
}

#[test]
fn restricted_capabilities_from_1_22_replace_baseline() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: c\n      image: i\n      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities: {add: [NET_RAW]}\n";
    assert_eq!(ids(pod, R, 18), set(&["KS004"]));
    assert_eq!(ids(pod, R, 21), set(&["KS004", "KS017"]));
    assert_eq!(ids(pod, R, 22), set(&["KS017", "KS018"]));
    assert_eq!(ids(pod, B, 22), set(&["KS004"]));
}

#[test]
fn restricted_volumes_replace_host_path() {
    let pod = restricted_pod(
        "  volumes:\n    - {name: v, hostPath: {path: /}}\n",
        "    runAsNonRoot: true\n",
        "",
    );
    assert_eq!(ids(&pod, R, 37), set(&["KS013"]));
    assert_eq!(ids(&pod, B, 37), set(&["KS005"]));
}
