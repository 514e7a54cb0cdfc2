//! End-to-end tests of the `portcullis` binary: each runs the real command in a
//! temporary folder and checks its output and exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_portcullis"));
    c.env_remove("NO_COLOR")
        .env("PORTCULLIS_TODAY", "2026-12-04");
    c
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run portcullis")
}

fn run_stdin(args: &[&str], dir: &Path, input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn rule_ids(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

const PRIVILEGED_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: apps
spec:
  containers:
    - name: c
      image: nginx:1.27
      securityContext:
        privileged: true
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

fn privileged_rule() -> String {
    let out = run(&["explain", "privileged-container"], &repo());
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).split_whitespace().nth(1).unwrap().to_string()
}

#[test]
fn examples_scan_fails_on_high_findings_and_hardened_ones_pass() {
    let out = run(&["scan", "examples/", "--format", "json"], &repo());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);
    assert!(report["summary"]["findings"].as_u64().unwrap() > 10);
    assert!(report["errors"].as_array().unwrap().is_empty(), "{report}");
    let hardened = run(
        &[
            "scan",
            "examples/k8s/hardened-deployment.yaml",
            "--format",
            "json",
        ],
        &repo(),
    );
    let r = json(&hardened);
    assert_eq!(hardened.status.code(), Some(0), "{r}");
    assert_eq!(r["summary"]["findings"], 0, "{r}");
}

#[test]
fn json_finding_carries_the_contract_fields() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        &[
            "scan",
            "pod.yaml",
            "--format",
            "json",
            "--select",
            "pss:baseline",
        ],
        t.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let r = json(&out);
    let f = &r["findings"][0];
    assert_eq!(f["path"], "pod.yaml");
    assert_eq!(f["line"], 11);
    assert_eq!(f["column"], 21);
    assert_eq!(f["object"]["kind"], "Pod");
    assert_eq!(f["object"]["namespace"], "apps");
    assert_eq!(f["object"]["name"], "p");
    assert_eq!(f["container"], "c");
    assert_eq!(f["standards"][0], "pss:baseline/privileged");
    for key in [
        "rule_id",
        "rule_name",
        "severity",
        "message",
        "end_line",
        "end_column",
        "suppressed",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert_eq!(r["summary"]["files_scanned"], 1);
}

#[test]
fn fail_on_threshold_sets_the_exit_code() {
    let t = tempfile::tempdir().unwrap();
    let host_port = PRIVILEGED_POD.replace(
        "      securityContext:\n        privileged: true\n",
        "      ports:\n        - containerPort: 80\n          hostPort: 80\n",
    );
    write(t.path(), "pod.yaml", &host_port);
    let only = [
        "scan",
        "pod.yaml",
        "--select",
        "host-port",
        "--format",
        "concise",
    ];
    // host-port is medium: below the default threshold (high).
    assert_eq!(run(&only, t.path()).status.code(), Some(0));
    let mut medium = only.to_vec();
    medium.extend(["--fail-on", "medium"]);
    assert_eq!(run(&medium, t.path()).status.code(), Some(1));
    write(
        t.path(),
        "portcullis.toml",
        "fail-on = \"low\"\n[rules.severity]\nhost-port = \"info\"\n",
    );
    assert_eq!(run(&only, t.path()).status.code(), Some(0));
}

#[test]
fn stdin_and_usage_errors() {
    let t = tempfile::tempdir().unwrap();
    let out = run_stdin(
        &["scan", "-", "--format", "concise"],
        t.path(),
        PRIVILEGED_POD.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("<stdin>:11:21"), "{}", stdout(&out));
    let bad = run(&["scan", "--select", "no-such-rule", "-"], t.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("portcullis rules"),
        "{}",
        stderr(&bad)
    );
    let missing = run(&["scan", "does-not-exist.yaml"], t.path());
    assert_eq!(missing.status.code(), Some(2));
    let version = run(&["scan", "--pss-version", "1.99", "-"], t.path());
    assert_eq!(version.status.code(), Some(2));
}

#[test]
fn broken_files_are_reported_and_the_scan_goes_on() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "k8s/bad.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n",
    );
    std::fs::write(t.path().join("k8s/latin1.yaml"), b"name: caf\xe9\n").unwrap();
    write(t.path(), "k8s/pod.yaml", PRIVILEGED_POD);
    write(
        t.path(),
        "k8s/values.yaml",
        "replicaCount: 2\nimage: {repository: x}\n",
    );
    let out = run(&["scan", "k8s", "--format", "json"], t.path());
    assert_eq!(out.status.code(), Some(1));
    let r = json(&out);
    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{r}");
    assert!(errors.iter().all(|e| e["line"].as_u64().is_some()), "{r}");
    assert!(!rule_ids(&r).is_empty());
    let verbose = run(
        &["scan", "k8s", "--verbose", "--format", "concise"],
        t.path(),
    );
    assert!(
        stderr(&verbose).contains("values.yaml"),
        "{}",
        stderr(&verbose)
    );
}

#[test]
fn inline_annotation_and_config_suppressions_are_accountable() {
    let t = tempfile::tempdir().unwrap();
    let id = privileged_rule();
    let inline = PRIVILEGED_POD.replace(
        "      securityContext:\n",
        &format!("      securityContext:\n        # portcullis:ignore[{id}] node agent needs it\n"),
    );
    write(t.path(), "a/pod.yaml", &inline);
    let out = run(
        &[
            "scan",
            "a",
            "--select",
            &id,
            "--format",
            "json",
            "--show-suppressed",
        ],
        t.path(),
    );
    let r = json(&out);
    assert_eq!(out.status.code(), Some(0), "{r}");
    assert_eq!(r["summary"]["suppressed"], 1);
    assert_eq!(r["findings"][0]["suppressed"]["kind"], "inline");
    assert_eq!(
        r["findings"][0]["suppressed"]["reason"],
        "node agent needs it"
    );

    let annotated = PRIVILEGED_POD.replace(
        "  namespace: apps\n",
        &format!(
            "  namespace: apps\n  annotations:\n    portcullis.dev/ignore: \"{id}: node agent\"\n"
        ),
    );
    write(t.path(), "b/pod.yaml", &annotated);
    let r = json(&run(
        &["scan", "b", "--select", &id, "--format", "json"],
        t.path(),
    ));
    assert_eq!(r["summary"]["findings"], 0, "{r}");
    assert_eq!(r["summary"]["suppressed"], 1, "{r}");

    write(t.path(), "c/pod.yaml", PRIVILEGED_POD);
    write(
        t.path(),
        "c/portcullis.toml",
        &format!(
            "[[ignore]]\nrules = [\"{id}\"]\nobjects = [\"Pod/apps/p\"]\nreason = \"lab cluster\"\n\n\
             [[ignore]]\nrules = [\"{id}\"]\npaths = [\"nothing/**\"]\nreason = \"stale\"\n\n\
             [[ignore]]\nrules = [\"{id}\"]\nreason = \"old\"\nexpires = 2020-01-01\n"
        ),
    );
    let out = run(
        &[
            "scan",
            "c",
            "--format",
            "json",
            "--select",
            &format!("{id},PT001,PT002"),
        ],
        t.path(),
    );
    let r = json(&out);
    let ids = rule_ids(&r);
    assert!(ids.contains(&"PT001".to_string()), "{r}");
    assert!(ids.contains(&"PT002".to_string()), "{r}");
    assert!(!ids.contains(&id), "{r}");
}

#[test]
fn expired_inline_suppression_stops_applying() {
    let t = tempfile::tempdir().unwrap();
    let id = privileged_rule();
    let text = PRIVILEGED_POD.replace(
        "        privileged: true\n",
        &format!(
            "        privileged: true # portcullis:ignore[{id}] temporary (expires 2025-01-01)\n"
        ),
    );
    write(t.path(), "pod.yaml", &text);
    let r = json(&run(
        &[
            "scan",
            "pod.yaml",
            "--format",
            "json",
            "--select",
            &format!("{id},PT001"),
        ],
        t.path(),
    ));
    let ids = rule_ids(&r);
    assert!(
        ids.contains(&id) && ids.contains(&"PT001".to_string()),
        "{r}"
    );
}

#[test]
fn config_unknown_key_points_at_the_line() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "pod.yaml", PRIVILEGED_POD);
    write(
        t.path(),
        "portcullis.toml",
        "fail-on = \"low\"\n[rules]\ndisabel = [\"KS001\"]\n",
    );
    let out = run(&["scan", "pod.yaml"], t.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("portcullis.toml:3:1"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn baseline_hides_known_findings_even_when_lines_move() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        &["scan", "pod.yaml", "--write-baseline", "base.json"],
        t.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    write(
        t.path(),
        "pod.yaml",
        &format!("# moved down\n\n{PRIVILEGED_POD}"),
    );
    let r = json(&run(
        &[
            "scan",
            "pod.yaml",
            "--baseline",
            "base.json",
            "--format",
            "json",
        ],
        t.path(),
    ));
    assert_eq!(r["summary"]["findings"], 0, "{r}");
}

#[test]
fn every_format_renders() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "pod.yaml", PRIVILEGED_POD);
    for format in ["human", "concise", "json", "sarif", "junit"] {
        let out = run(&["scan", "pod.yaml", "--format", format], t.path());
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        assert!(!out.stdout.is_empty(), "{format}");
    }
    let human = stdout(&run(&["scan", "pod.yaml", "--color", "never"], t.path()));
    assert!(human.contains("pod.yaml:11:21"), "{human}");
    assert!(!human.contains('\u{1b}'), "colour without a terminal");
    let coloured = stdout(&run(&["scan", "pod.yaml", "--color", "always"], t.path()));
    assert!(coloured.contains('\u{1b}'));
    let sarif: serde_json::Value =
        serde_json::from_slice(&run(&["scan", "pod.yaml", "--format", "sarif"], t.path()).stdout)
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn rules_and_explain() {
    let out = run(&["rules"], &repo());
    assert!(out.status.success());
    assert!(stdout(&out).contains("PT001"));
    let out = run(&["explain", "pt002"], &repo());
    assert!(stdout(&out).contains("## What it does"));
    assert_eq!(run(&["explain", "XX999"], &repo()).status.code(), Some(2));
}

#[test]
fn oversized_files_are_errors_not_crashes() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "big.yaml", &"a: b\n".repeat(1000));
    let out = run(
        &[
            "scan",
            "big.yaml",
            "--max-file-size",
            "100",
            "--format",
            "json",
        ],
        t.path(),
    );
    let r = json(&out);
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--max-file-size"),
        "{r}"
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn reasonless_config_ignore_is_reported_as_pt003() {
    let t = tempfile::tempdir().unwrap();
    let id = privileged_rule();
    write(t.path(), "pod.yaml", PRIVILEGED_POD);
    write(
        t.path(),
        "portcullis.toml",
        &format!("[[ignore]]\nrules = [\"{id}\"]\n"),
    );
    let out = run(
        &[
            "scan",
            ".",
            "--format",
            "json",
            "--select",
            &format!("{id},PT003"),
        ],
        t.path(),
    );
    let r = json(&out);
    // The entry still applies, but its missing reason is reported.
    assert_eq!(rule_ids(&r), vec!["PT003".to_string()], "{r}");
}

#[test]
fn config_rule_keys_that_name_no_rule_are_errors_with_the_line() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "pod.yaml", PRIVILEGED_POD);
    write(
        t.path(),
        "portcullis.toml",
        "fail-on = \"low\"\n[rules]\ndisable = [\"KS00\"]\n",
    );
    let out = run(&["scan", "."], t.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("portcullis.toml:3") && stderr(&out).contains("`KS00`"),
        "{}",
        stderr(&out)
    );
    write(
        t.path(),
        "portcullis.toml",
        "[rules.severity]\nprivileged-containr = \"low\"\n",
    );
    let out = run(&["scan", "."], t.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("portcullis.toml:2"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn comment_at_the_top_of_a_document_covers_that_document() {
    let t = tempfile::tempdir().unwrap();
    let id = privileged_rule();
    let pod = |name: &str| PRIVILEGED_POD.replace("name: p\n", &format!("name: {name}\n"));
    let text = format!(
        "# portcullis:ignore[{id}] generated by the vendor chart\n{}---\n\
         # portcullis:ignore[{id}] node agent\n{}---\n{}",
        pod("a"),
        pod("b"),
        pod("c")
    );
    write(t.path(), "pods.yaml", &text);
    let out = run(
        &[
            "scan",
            "pods.yaml",
            "--format",
            "json",
            "--select",
            &format!("{id},suppression"),
        ],
        t.path(),
    );
    let r = json(&out);
    // Only the third pod's finding is left; neither suppression is unused.
    assert_eq!(rule_ids(&r), vec![id.clone()], "{r}");
    assert_eq!(r["findings"][0]["object"]["name"], "c", "{r}");
    assert_eq!(r["summary"]["suppressed"], 2, "{r}");
}

#[test]
fn type_k8s_is_not_second_guessed() {
    let t = tempfile::tempdir().unwrap();
    let compose = "services:\n  a:\n    image: x:1\n    privileged: true\n";
    for input in ["FROM alpine\nUSER root\n", compose] {
        let out = run_stdin(
            &["scan", "--type", "k8s", "-", "--format", "json"],
            t.path(),
            input.as_bytes(),
        );
        let r = json(&out);
        assert_eq!(r["summary"]["findings"], 0, "{r}");
    }
    write(t.path(), "compose.yaml", compose);
    let r = json(&run(
        &["scan", "--type", "k8s", "compose.yaml", "--format", "json"],
        t.path(),
    ));
    assert_eq!(r["summary"]["findings"], 0, "{r}");
    // Without --type both are detected.
    let out = run_stdin(
        &["scan", "-", "--format", "json"],
        t.path(),
        compose.as_bytes(),
    );
    assert_ne!(json(&out)["summary"]["findings"], 0);
}

#[test]
fn write_baseline_reports_input_errors_and_keeps_the_baseline_when_nothing_was_checked() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        &["scan", "pod.yaml", "--write-baseline", "b.json"],
        t.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let saved = std::fs::read_to_string(t.path().join("b.json")).unwrap();
    // A mistyped path must not replace the baseline with an empty one.
    let out = run(
        &["scan", "pdo.yaml", "--write-baseline", "b.json"],
        t.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("pdo.yaml"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(t.path().join("b.json")).unwrap(),
        saved
    );
    // Errors next to checked files are shown, and the baseline is written.
    write(t.path(), "bad.yaml", "a: [\n");
    let out = run(
        &["scan", "pod.yaml", "bad.yaml", "--write-baseline", "b.json"],
        t.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.yaml:"), "{}", stderr(&out));
}

#[test]
fn paths_are_shown_the_same_however_the_folder_is_written() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "app/compose.yaml",
        "services:\n  db:\n    image: postgres:16\n    env_file: db.env\n",
    );
    write(
        t.path(),
        "app/db.env",
        "POSTGRES_PASSWORD=Sup3r-S3cret-value\n",
    );
    for arg in ["app", "./app", "app//", "./"] {
        let r = json(&run(
            &["scan", arg, "--format", "json", "--select", "DC006,KS014"],
            t.path(),
        ));
        let mut paths: Vec<&str> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        paths.dedup();
        assert_eq!(paths, ["app/compose.yaml", "app/db.env"], "{arg}: {r}");
    }
}

#[test]
fn suppressions_of_rules_that_did_not_run_are_not_unused() {
    let t = tempfile::tempdir().unwrap();
    let id = privileged_rule();
    let text = PRIVILEGED_POD.replace(
        "      securityContext:\n",
        &format!(
            "      # portcullis:ignore[{id}] node agent\n      securityContext:\n\
             \x20       # portcullis:ignore[KS00X] typo\n"
        ),
    );
    write(t.path(), "pod.yaml", &text);
    write(
        t.path(),
        "portcullis.toml",
        &format!("[[ignore]]\nrules = [\"{id}\"]\nreason = \"lab\"\n"),
    );
    let r = json(&run(
        &["scan", "pod.yaml", "--format", "json", "--disable", &id],
        t.path(),
    ));
    let unused: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "PT002")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    // Only the typo is unused; the suppressions of the disabled rule wait for it.
    assert_eq!(unused.len(), 1, "{r}");
    assert!(unused[0].contains("KS00X"), "{r}");
}

#[test]
fn image_that_cannot_be_read_at_all_exits_2() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        &[
            "image",
            "pod.yaml",
            "--skip-vulnerabilities",
            "--format",
            "json",
        ],
        t.path(),
    );
    let r = json(&out);
    assert_eq!(out.status.code(), Some(2), "{r}");
    assert_eq!(r["summary"]["errors"], 1, "{r}");
    // An empty root filesystem was read: nothing wrong, exit 0.
    std::fs::create_dir_all(t.path().join("rootfs")).unwrap();
    let out = run(&["image", "rootfs", "--skip-vulnerabilities"], t.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn standard_input_uses_the_configuration_of_the_current_folder() {
    let t = tempfile::tempdir().unwrap();
    let id = privileged_rule();
    write(
        t.path(),
        "portcullis.toml",
        &format!("[rules]\ndisable = [\"{id}\"]\n"),
    );
    let out = run_stdin(
        &["scan", "-", "--format", "json"],
        t.path(),
        PRIVILEGED_POD.as_bytes(),
    );
    let r = json(&out);
    assert!(!rule_ids(&r).contains(&id), "{r}");
}

#[test]
fn a_scan_that_recognised_nothing_says_so() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "values.yaml", "replicas: 3\n");
    let out = run(&["scan", "values.yaml"], t.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 file was read but it is not a Kubernetes manifest"),
        "{}",
        stderr(&out)
    );
    write(t.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(&["scan", "."], t.path());
    assert!(!stderr(&out).contains("note:"), "{}", stderr(&out));
}
