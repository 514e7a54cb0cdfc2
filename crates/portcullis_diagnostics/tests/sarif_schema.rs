//! The SARIF renderer's output validated against the official OASIS SARIF 2.1.0
//! JSON schema (committed under `tests/data/`, see SOURCES.md there), offline,
//! plus the extra expectations of GitHub code scanning that the schema does not
//! encode (relative URIs, rule descriptions, `security-severity`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use jsonschema::Validator;
use portcullis_diagnostics::render::{Format, RenderOptions, render};
use portcullis_diagnostics::{
    Finding, InputError, Location, ObjectRef, Report, RuleInfo, Severity, Snippet, Summary,
    SuppressionInfo,
};
use serde_json::{Value, json};

fn validator() -> Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("schema {} missing: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .offline()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(doc: &Value) {
    let v = validator();
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
}

#[allow(clippy::too_many_arguments)]
fn finding(
    rule: &str,
    name: &str,
    severity: Severity,
    path: &str,
    pos: (u32, u32, u32, u32),
    object: Option<ObjectRef>,
    suppressed: Option<SuppressionInfo>,
    properties: BTreeMap<String, Value>,
) -> Finding {
    Finding {
        rule_id: rule.into(),
        rule_name: name.into(),
        severity,
        message: format!("{name}: \"quoted\" <tag> & ünïcode ✓ in {path}"),
        location: Location {
            path: path.into(),
            line: pos.0,
            column: pos.1,
            end_line: pos.2,
            end_column: pos.3,
        },
        object,
        container: Some("web".into()),
        standards: vec!["pss:baseline/privileged".into()],
        suppressed,
        properties,
        snippet: (pos.0 > 0).then(|| Snippet {
            first_line: pos.0,
            lines: vec!["    privileged: true".into()],
        }),
    }
}

fn rule(id: &str, name: &str, severity: Severity, tags: &[&str], standards: &[&str]) -> RuleInfo {
    RuleInfo {
        id: id.into(),
        name: name.into(),
        severity,
        summary: format!("{name} summary"),
        docs: format!(
            "## What it does\nChecks `{name}`.\n\n## Example\n```yaml\nprivileged: true\n```\n"
        ),
        standards: standards.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
    }
}

/// A report with something of everything a real run produces.
fn report() -> (Report, Vec<RuleInfo>) {
    let pod = ObjectRef {
        api_version: "v1".into(),
        kind: "Pod".into(),
        namespace: Some("apps".into()),
        name: Some("p".into()),
    };
    let image = ObjectRef {
        api_version: String::new(),
        kind: "Image".into(),
        namespace: None,
        name: Some("img.tar".into()),
    };
    let layer = BTreeMap::from([
        ("layer".to_string(), json!(2)),
        ("diff_id".to_string(), json!("sha256:0123abcd")),
        (
            "created_by".to_string(),
            json!("/bin/sh -c echo 'x' > /etc/.env"),
        ),
    ]);
    let vuln = BTreeMap::from([
        ("package".to_string(), json!("openssl")),
        ("installed_version".to_string(), json!("3.0.1-r0")),
        ("fixed_version".to_string(), Value::Null),
        ("vulnerability".to_string(), json!("CVE-2026-0001")),
        ("aliases".to_string(), json!(["GHSA-xxxx-yyyy-zzzz"])),
    ]);
    let mut findings = vec![
        finding(
            "KS003",
            "privileged-container",
            Severity::Critical,
            "k8s dir/pod é.yaml",
            (11, 21, 11, 25),
            Some(pod.clone()),
            None,
            BTreeMap::new(),
        ),
        // A multi-line span, and one whose end column is before its start
        // column on the same line (must still be a valid region).
        finding(
            "KS005",
            "host-path-volume",
            Severity::High,
            "./deploy/app.yaml",
            (3, 5, 9, 1),
            Some(pod.clone()),
            None,
            BTreeMap::new(),
        ),
        finding(
            "KS030",
            "image-tag-latest",
            Severity::Low,
            "deploy/app.yaml",
            (4, 7, 4, 0),
            Some(pod.clone()),
            None,
            BTreeMap::new(),
        ),
        // Whole-file findings: no position.
        finding(
            "DF001",
            "root-user",
            Severity::Medium,
            "Dockerfile",
            (0, 0, 0, 0),
            None,
            Some(SuppressionInfo {
                kind: "inline".into(),
                reason: "build image only".into(),
                expires: Some("2030-01-01".into()),
            }),
            BTreeMap::new(),
        ),
        finding(
            "KS017",
            "missing-resource-limits",
            Severity::Info,
            "deploy/app.yaml",
            (6, 3, 6, 9),
            Some(pod),
            Some(SuppressionInfo {
                kind: "baseline".into(),
                reason: "in the baseline".into(),
                expires: None,
            }),
            BTreeMap::new(),
        ),
        // Image-style paths.
        finding(
            "IM010",
            "secret-in-image",
            Severity::High,
            "img.tar!/etc/.env",
            (1, 1, 1, 20),
            Some(image.clone()),
            Some(SuppressionInfo {
                kind: "config".into(),
                reason: "test key".into(),
                expires: Some("2027-06-30".into()),
            }),
            layer,
        ),
        finding(
            "IM001",
            "image-runs-as-root",
            Severity::Medium,
            "img.tar!config.json",
            (0, 0, 0, 0),
            Some(image.clone()),
            None,
            BTreeMap::new(),
        ),
        finding(
            "VU001",
            "known-vulnerability",
            Severity::Critical,
            "registry.example/app:1.0!/lib/apk/db/installed",
            (0, 0, 0, 0),
            Some(image),
            None,
            vuln,
        ),
        finding(
            "KS003",
            "privileged-container",
            Severity::Critical,
            "<stdin>",
            (2, 1, 2, 5),
            None,
            None,
            BTreeMap::new(),
        ),
        finding(
            "KS003",
            "privileged-container",
            Severity::Critical,
            "/abs/path with space/%41#frag?.yaml",
            (2, 1, 2, 5),
            None,
            None,
            BTreeMap::new(),
        ),
        finding(
            "KS003",
            "privileged-container",
            Severity::Critical,
            "..\\windows\\style.yaml",
            (2, 1, 2, 5),
            None,
            None,
            BTreeMap::new(),
        ),
    ];
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut r = Report {
        version: "0.1.0".into(),
        findings,
        errors: vec![
            InputError {
                path: "bad dir/broken é.yaml".into(),
                line: Some(3),
                column: Some(7),
                message: "did not find expected key".into(),
            },
            InputError {
                path: "unreadable.yaml".into(),
                line: None,
                column: None,
                message: "cannot read: permission denied".into(),
            },
            InputError {
                path: "zero.yaml".into(),
                line: Some(0),
                column: Some(0),
                message: "position zero".into(),
            },
            InputError {
                path: "img.tar!/etc/passwd".into(),
                line: Some(1),
                column: None,
                message: "line without column".into(),
            },
        ],
        summary: Summary {
            files_scanned: 6,
            objects_checked: 4,
            ..Summary::default()
        },
        metadata: BTreeMap::from([
            ("pss_version".to_string(), json!("1.37")),
            ("image".to_string(), json!("img.tar")),
            ("digest".to_string(), json!("sha256:feedface")),
            (
                "attack_surface".to_string(),
                json!({"setuid": ["/bin/su"], "shells": 2}),
            ),
            (
                "vulnerability_database".to_string(),
                json!({"path": "/var/db", "schema": 1, "built": "2026-12-01", "sources": ["alpine"]}),
            ),
        ]),
    };
    r.finish();
    let rules = vec![
        rule(
            "KS003",
            "privileged-container",
            Severity::Critical,
            &["workload", "pss", "security"],
            &["pss:baseline/privileged"],
        ),
        // A duplicate entry (two domains registering the same rule) must not
        // produce two rules with one id.
        rule(
            "KS003",
            "privileged-container",
            Severity::Critical,
            &["workload"],
            &[],
        ),
        rule(
            "KS005",
            "host-path-volume",
            Severity::High,
            &["workload", "pss"],
            &["pss"],
        ),
        rule("KS017", "missing-resource-limits", Severity::Info, &[], &[]),
        rule(
            "KS030",
            "image-tag-latest",
            Severity::Low,
            &["workload"],
            &[],
        ),
        rule(
            "DF001",
            "root-user",
            Severity::Medium,
            &["dockerfile", "dockerfile"],
            &[],
        ),
        rule(
            "IM010",
            "secret-in-image",
            Severity::High,
            &["image", "secrets"],
            &[],
        ),
        rule(
            "IM001",
            "image-runs-as-root",
            Severity::Medium,
            &["image"],
            &[],
        ),
        rule(
            "VU001",
            "known-vulnerability",
            Severity::Critical,
            &["vulnerability"],
            &[],
        ),
    ];
    (r, rules)
}

fn sarif(report: &Report, rules: &[RuleInfo], show_suppressed: bool) -> Value {
    let opts = RenderOptions {
        show_suppressed,
        tool_version: "0.1.0".into(),
        ..RenderOptions::default()
    };
    let mut out = Vec::new();
    render(report, rules, Format::Sarif, &opts, &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn realistic_report_is_valid_sarif() {
    let (report, rules) = report();
    for show in [false, true] {
        assert_valid(&sarif(&report, &rules, show));
    }
}

#[test]
fn empty_report_is_valid_sarif() {
    let report = Report::default();
    assert_valid(&sarif(&report, &[], false));
}

#[test]
fn github_code_scanning_expectations() {
    let (report, rules) = report();
    let doc = sarif(&report, &rules, true);
    let run = &doc["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "portcullis");
    let rules_out = driver["rules"].as_array().unwrap();
    let mut ids: Vec<&str> = rules_out
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "rule ids are unique");
    for r in rules_out {
        for key in ["shortDescription", "fullDescription", "help"] {
            let text = r[key]["text"].as_str().unwrap_or("");
            assert!(!text.is_empty(), "rule {} lacks {key}.text", r["id"]);
        }
        let sev: f64 = r["properties"]["security-severity"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("rule {} lacks security-severity", r["id"]));
        assert!((0.0..=10.0).contains(&sev));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        assert!(!r["message"]["text"].as_str().unwrap_or("").is_empty());
        let idx = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules_out[idx]["id"], id);
        let phys = &r["locations"][0]["physicalLocation"];
        let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.contains(' ') && !uri.contains('\\'),
            "uri {uri} is escaped"
        );
        if !uri.starts_with("file:///") {
            assert!(
                !uri.starts_with('/') && !uri.contains(':'),
                "uri {uri} is relative"
            );
        }
        if let Some(region) = phys.get("region") {
            let sl = region["startLine"].as_u64().unwrap();
            let sc = region["startColumn"].as_u64().unwrap();
            let el = region["endLine"].as_u64().unwrap();
            let ec = region["endColumn"].as_u64().unwrap();
            assert!(sl >= 1 && sc >= 1);
            assert!((el, ec) >= (sl, sc), "region end before start: {region}");
        }
    }
    // Positions are kept when known and left out when not.
    let by_uri = |u: &str| {
        results
            .iter()
            .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == u)
            .unwrap_or_else(|| panic!("no result for {u}"))
    };
    let ks = by_uri("k8s%20dir/pod%20%C3%A9.yaml");
    assert_eq!(
        ks["locations"][0]["physicalLocation"]["region"]["startLine"],
        11
    );
    assert!(
        by_uri("Dockerfile")["locations"][0]["physicalLocation"]
            .get("region")
            .is_none()
    );
    assert_eq!(by_uri("Dockerfile")["suppressions"][0]["kind"], "inSource");
    let im = by_uri("img.tar%21/etc/.env");
    assert_eq!(im["suppressions"][0]["kind"], "external");
    assert_eq!(im["properties"]["diff_id"], "sha256:0123abcd");
    assert_eq!(by_uri("deploy/app.yaml")["ruleId"], "KS005");
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let line_only = notes
        .iter()
        .find(|n| n["message"]["text"] == "line without column")
        .unwrap();
    assert_eq!(
        line_only["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    assert_eq!(run["properties"]["pss_version"], "1.37");
}
