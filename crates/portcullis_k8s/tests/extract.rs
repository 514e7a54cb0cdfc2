//! Extraction: every pod-template kind, `List`s, init and ephemeral
//! containers, annotations, identities, spans and file-level outcome fields.

use portcullis_k8s::{check_file, extract};
use portcullis_rules::{KubeVersion, PssLevel, Settings, SourceFile};
use portcullis_workload::ContainerKind;
use portcullis_yaml::{Options, parse_stream};

fn baseline() -> Settings {
    Settings::pss(PssLevel::Baseline, KubeVersion::LATEST)
}

/// A privileged container, indented to sit under a `spec:` at `indent`.
fn pod_spec(indent: &str) -> String {
    format!(
        "{indent}spec:\n{indent}  containers:\n{indent}    - name: app\n{indent}      image: nginx\n{indent}      securityContext: {{privileged: true}}\n"
    )
}

#[test]
fn every_pod_template_kind_is_extracted() {
    let cases: &[(&str, &str, String)] = &[
        ("v1", "Pod", pod_spec("")),
        (
            "v1",
            "PodTemplate",
            format!("template:\n{}", pod_spec("  ")),
        ),
        (
            "apps/v1",
            "Deployment",
            format!("spec:\n  template:\n{}", pod_spec("    ")),
        ),
        (
            "apps/v1",
            "StatefulSet",
            format!("spec:\n  template:\n{}", pod_spec("    ")),
        ),
        (
            "apps/v1",
            "DaemonSet",
            format!("spec:\n  template:\n{}", pod_spec("    ")),
        ),
        (
            "apps/v1",
            "ReplicaSet",
            format!("spec:\n  template:\n{}", pod_spec("    ")),
        ),
        (
            "v1",
            "ReplicationController",
            format!("spec:\n  template:\n{}", pod_spec("    ")),
        ),
        (
            "batch/v1",
            "Job",
            format!("spec:\n  template:\n{}", pod_spec("    ")),
        ),
        (
            "batch/v1",
            "CronJob",
            format!(
                "spec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n{}",
                pod_spec("        ")
            ),
        ),
    ];
    for (api, kind, body) in cases {
        let text = format!(
            "apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: x\n  namespace: prod\n{body}"
        );
        let src = SourceFile::new("k.yaml", text.as_str());
        let out = check_file(&src, &baseline());
        assert!(out.recognized, "{kind}");
        assert_eq!(out.objects_checked, 1);
        assert_eq!(out.hits.len(), 1, "{kind}: {:?}", out.hits);
        let hit = &out.hits[0];
        assert_eq!(hit.rule.id, "KS003");
        assert_eq!(hit.container.as_deref(), Some("app"));
        let obj = hit.object.as_ref().expect("object");
        assert_eq!((obj.kind.as_str(), obj.api_version.as_str()), (*kind, *api));
        assert_eq!(obj.name.as_deref(), Some("x"));
        assert_eq!(obj.namespace.as_deref(), Some("prod"));
        // The finding points at the `true` of `privileged: true`.
        let line = text.lines().position(|l| l.contains("privileged")).unwrap() as u32 + 1;
        let pos = src.line_col(hit.span.start);
        assert_eq!(pos.line, line, "{kind}");
        assert_eq!(src.slice(hit.span), "true", "{kind}");
    }
}

#[test]
fn kinds_without_pod_templates_are_objects_but_not_workloads() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n";
    let out = check_file(&SourceFile::new("s.yaml", text), &baseline());
    assert!(out.recognized);
    assert_eq!(out.objects_checked, 1);
    assert!(out.hits.is_empty());
}

#[test]
fn lists_are_expanded() {
    let text = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: a}\n    spec:\n      hostPID: true\n      containers: [{name: c, image: i}]\n  - apiVersion: v1\n    kind: ConfigMapList\n    items:\n      - apiVersion: v1\n        kind: Pod\n        metadata: {name: b}\n        spec:\n          hostIPC: true\n          containers: [{name: c, image: i}]\n";
    let out = check_file(&SourceFile::new("l.yaml", text), &baseline());
    assert_eq!(out.objects_checked, 2);
    let names: Vec<_> = out
        .hits
        .iter()
        .map(|h| {
            (
                h.object
                    .as_ref()
                    .and_then(|o| o.name.clone())
                    .unwrap_or_default(),
                h.subject,
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![("a".to_string(), Some(0)), ("b".to_string(), Some(1))]
    );
}

#[test]
fn init_and_ephemeral_containers_are_checked() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: init\n      image: i\n      securityContext: {privileged: true}\n  containers:\n    - name: app\n      image: i\n  ephemeralContainers:\n    - name: debug\n      image: i\n      securityContext: {privileged: true}\n";
    let out = check_file(&SourceFile::new("p.yaml", text), &baseline());
    let containers: Vec<_> = out
        .hits
        .iter()
        .filter_map(|h| h.container.clone())
        .collect();
    assert_eq!(containers, vec!["init", "debug"]);

    let parsed = parse_stream(text, &Options::default());
    let root = parsed.documents[0].root.as_ref().unwrap();
    let obj = portcullis_k8s::object_ref(root).unwrap();
    let w = extract::workload(&obj, root, 0).unwrap();
    let kinds: Vec<_> = w
        .containers()
        .map(|c| (c.name_str().to_string(), c.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("app".to_string(), ContainerKind::Regular),
            ("init".to_string(), ContainerKind::Init),
            ("debug".to_string(), ContainerKind::Ephemeral),
        ]
    );
}

#[test]
fn workload_model_fields() {
    let text = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    team: payments
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: runtime/default
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      hostUsers: false
      os: {name: linux}
      securityContext:
        runAsUser: 1000
        fsGroup: 2000
        sysctls: [{name: kernel.shm_rmid_forced, value: "0"}]
      volumes:
        - name: empty
        - name: host
          hostPath: {path: /var/log, type: Directory}
      containers:
        - name: app
          image: nginx:1.27
          imagePullPolicy: Always
          command: [nginx]
          args: ["-g", "daemon off;"]
          ports: [{containerPort: 80, hostPort: 8080, hostIP: 127.0.0.1, protocol: TCP}]
          env:
            - {name: A, value: "1"}
            - name: B
              valueFrom: {secretKeyRef: {name: s, key: k}}
            - name: C
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
          envFrom: [{secretRef: {name: s}}, {configMapRef: {name: c}}]
          resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 1}}
          volumeMounts: [{name: host, mountPath: /logs, readOnly: true}]
          readinessProbe: {httpGet: {port: 80}}
          securityContext:
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
"#;
    let parsed = parse_stream(text, &Options::default());
    let root = parsed.documents[0].root.as_ref().unwrap();
    let obj = portcullis_k8s::object_ref(root).unwrap();
    let w = extract::workload(&obj, root, 3).unwrap();
    assert_eq!(w.subject, 3);
    assert_eq!(w.namespace.as_ref().unwrap().value, "shop");
    let pod_keys: Vec<_> = w.pod_annotations().map(|(k, _)| k.value.clone()).collect();
    assert_eq!(
        pod_keys,
        vec!["container.apparmor.security.beta.kubernetes.io/app"]
    );
    assert_eq!(w.annotation("team").unwrap().value, "payments");
    assert!(w.in_user_namespace() && !w.is_windows());
    assert_eq!(w.pod.service_account_name.as_ref().unwrap().value, "web");
    assert!(
        !w.pod
            .automount_service_account_token
            .as_ref()
            .unwrap()
            .value
    );
    let sc = w.pod.security_context.as_ref().unwrap();
    assert_eq!(sc.run_as_user.as_ref().unwrap().value, 1000);
    assert_eq!(sc.fs_group.as_ref().unwrap().value, 2000);
    assert_eq!(sc.sysctls[0].0.value, "kernel.shm_rmid_forced");
    assert!(w.pod.volumes[0].sources.is_empty());
    assert_eq!(
        w.pod.volumes[1].host_path.as_ref().unwrap().value,
        "/var/log"
    );
    assert_eq!(
        w.pod.volumes[1].host_path_type.as_ref().unwrap().value,
        "Directory"
    );
    let c = &w.pod.containers[0];
    assert_eq!(c.image.as_ref().unwrap().value, "nginx:1.27");
    assert_eq!(c.image_pull_policy.as_ref().unwrap().value, "Always");
    assert_eq!(c.args.len(), 2);
    assert_eq!(c.ports[0].host_port.as_ref().unwrap().value, 8080);
    assert_eq!(c.ports[0].host_ip.as_ref().unwrap().value, "127.0.0.1");
    assert!(c.env[1].from_secret.is_some() && c.env[2].from_other.is_some());
    assert_eq!(c.env_from[0].secret.as_ref().unwrap().value, "s");
    assert_eq!(c.env_from[1].config_map.as_ref().unwrap().value, "c");
    let r = c.resources.as_ref().unwrap();
    assert_eq!(r.limits_cpu.as_ref().unwrap().value, "500m");
    assert_eq!(r.requests_cpu.as_ref().unwrap().value, "1");
    assert!(r.requests_memory.is_none());
    assert!(c.volume_mounts[0].read_only.as_ref().unwrap().value);
    assert_eq!(c.handlers.len(), 1);
    assert_eq!(c.handlers[0].kind, "readinessProbe");
    let csc = c.security_context.as_ref().unwrap();
    assert!(csc.read_only_root_filesystem.as_ref().unwrap().value);
    let caps = csc.capabilities.as_ref().unwrap();
    assert_eq!(
        (caps.drop[0].value.as_str(), caps.add[0].value.as_str()),
        ("ALL", "NET_BIND_SERVICE")
    );
}

#[test]
fn non_kubernetes_yaml_is_not_recognised() {
    for text in [
        "name: ci\non: push\n",
        "- a\n- b\n",
        "",
        "apiVersion: 1\nkind: 2\n",
        "kind: Pod\n",
    ] {
        let out = check_file(&SourceFile::new("x.yaml", text), &Settings::default());
        assert!(!out.recognized, "{text:?}");
        assert_eq!(out.objects_checked, 0);
        assert!(out.hits.is_empty());
    }
}

#[test]
fn yaml_errors_are_reported_and_other_documents_checked() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: a\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: i}]\n";
    let src = SourceFile::new("e.yaml", text);
    let out = check_file(&src, &baseline());
    assert!(!out.errors.is_empty());
    assert!(out.errors.iter().all(|e| e.span.is_some()));
    assert!(out.recognized);
    assert_eq!(out.hits.len(), 1);
    assert_eq!(src.line_col(out.hits[0].span.start).line, 9);
}

#[test]
fn documents_scopes_and_annotation_ignores() {
    let text = "# leading comment\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    portcullis.dev/ignore: \"KS002: node agent; KS003\"\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: i\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n";
    let out = check_file(&SourceFile::new("d.yaml", text), &baseline());
    assert_eq!(out.documents.len(), 2);
    assert_eq!(out.documents[0].1, 12);
    assert_eq!(out.documents[1], (14, 16));
    // `metadata:` (line 4) spans to line 7; `containers:` (10) to 12; the item (11) to 12.
    assert_eq!(out.scopes.get(&4), Some(&7));
    assert_eq!(out.scopes.get(&10), Some(&12));
    assert_eq!(out.scopes.get(&11), Some(&12));
    assert_eq!(out.annotation_ignores.len(), 2);
    assert_eq!(out.annotation_ignores[0].rules, vec!["KS002"]);
    assert_eq!(out.annotation_ignores[0].reason, "node agent");
    assert_eq!(out.annotation_ignores[0].subject, 0);
    assert_eq!(out.hits[0].subject, Some(0));
}

#[test]
fn rule_metas_cover_pss_rules() {
    let metas = portcullis_k8s::rule_metas();
    for i in 1..=19 {
        let id = format!("KS{i:03}");
        assert!(metas.iter().any(|m| m.id == id), "{id}");
    }
}

#[test]
fn json_manifests_are_read() {
    let text = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"},
 "spec": {"containers": [{"name": "c", "image": "i", "securityContext": {"privileged": true}}]}}"#;
    let out = check_file(&SourceFile::new("p.json", text), &baseline());
    assert_eq!(out.hits.len(), 1);
    assert_eq!(out.hits[0].rule.id, "KS003");
}

#[test]
fn null_fields_are_absent() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile: {type: RuntimeDefault}\n    seLinuxOptions: ~\n  volumes:\n    - name: v\n      hostPath: null\n  containers:\n    - name: c\n      image: i\n      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities: {drop: [ALL]}\n        seccompProfile: null\n        appArmorProfile:\n";
    let settings = Settings::pss(PssLevel::Restricted, KubeVersion::LATEST);
    let out = check_file(&SourceFile::new("n.yaml", text), &settings);
    assert!(out.hits.is_empty(), "{:?}", out.hits);
    // A null securityContext is no securityContext: reported at the container.
    let bare = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: c\n      image: i\n      securityContext: null\n";
    let src = SourceFile::new("b.yaml", bare);
    let out = check_file(&src, &settings);
    let lines: Vec<_> = out
        .hits
        .iter()
        .map(|h| (h.rule.id, src.line_col(h.span.start).line))
        .collect();
    assert_eq!(lines, vec![("KS014", 7), ("KS018", 7)]);
}

#[test]
fn messages_name_the_container_and_value() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls: [{name: kernel.msgmax, value: '1'}]\n  containers:\n    - name: web\n      image: i\n      securityContext:\n        capabilities: {add: [SYS_ADMIN]}\n        procMount: Unmasked\n";
    let settings = Settings::pss(PssLevel::Restricted, KubeVersion::LATEST);
    let out = check_file(&SourceFile::new("m.yaml", text), &settings);
    let msgs: Vec<_> = out
        .hits
        .iter()
        .map(|h| format!("{}: {}", h.rule.id, h.message))
        .collect();
    let expect = [
        "KS012: pod must not set forbidden sysctl \"kernel.msgmax\" (not safe at policy v1.37)",
        "KS014: container \"web\" must set securityContext.allowPrivilegeEscalation=false",
        "KS015: pod or container \"web\" must set securityContext.runAsNonRoot=true",
        "KS017: pod or container \"web\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
        "KS018: container \"web\" must set securityContext.capabilities.drop=[\"ALL\"]",
        "KS018: container \"web\" must not include \"SYS_ADMIN\" in securityContext.capabilities.add",
        "KS019: container \"web\" must not set securityContext.procMount to \"Unmasked\"",
    ];
    for e in expect {
        assert!(msgs.iter().any(|m| m == e), "missing {e}\nin {msgs:#?}");
    }
    assert_eq!(msgs.len(), expect.len(), "{msgs:#?}");
}

#[test]
fn suppressions_work_end_to_end() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    portcullis.dev/ignore: \"KS002: node agent\"\nspec:\n  hostPID: true\n  containers:\n    # portcullis:ignore[KS003] debug image, removed before release\n    - name: c\n      image: i\n      securityContext:\n        privileged: true\n    - name: d\n      image: i\n      securityContext: {privileged: true}\n";
    let src = SourceFile::new("s.yaml", text);
    let settings = baseline();
    let outcome = check_file(&src, &settings);
    let report = portcullis_rules::finish_file(&src, outcome, &settings, "2026-01-01");
    let found: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule_id.as_str(),
                f.location.line,
                f.suppressed.as_ref().map(|s| s.kind.as_str()),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("KS002", 8, Some("annotation")),
            ("KS003", 14, Some("inline")),
            ("KS003", 17, None),
        ]
    );
}
