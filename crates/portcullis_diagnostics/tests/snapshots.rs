//! Snapshots (insta) of every output format for one small hand-built report:
//! a Kubernetes finding with a snippet, a multi-line span, a whole-file
//! Dockerfile finding, an image finding with properties, a suppressed finding
//! and two input errors. Review changes with `cargo insta review`.

use portcullis_diagnostics::render::{Format, RenderOptions, render};
use portcullis_diagnostics::{
    Finding, InputError, Location, ObjectRef, Report, RuleInfo, Severity, Snippet, Summary,
    SuppressionInfo,
};
use serde_json::json;
use std::collections::BTreeMap;

fn loc(path: &str, line: u32, column: u32, end_line: u32, end_column: u32) -> Location {
    Location {
        path: path.into(),
        line,
        column,
        end_line,
        end_column,
    }
}

fn finding(rule_id: &str, rule_name: &str, severity: Severity, message: &str) -> Finding {
    Finding {
        rule_id: rule_id.into(),
        rule_name: rule_name.into(),
        severity,
        message: message.into(),
        location: Location::default(),
        object: None,
        container: None,
        standards: vec![],
        suppressed: None,
        properties: BTreeMap::new(),
        snippet: None,
    }
}

fn report() -> Report {
    let pod = ObjectRef {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        namespace: Some("shop".into()),
        name: Some("web".into()),
    };
    let mut privileged = finding(
        "KS003",
        "privileged-container",
        Severity::Critical,
        "container \"app\" sets securityContext.privileged: true",
    );
    privileged.location = loc("deploy/web app.yaml", 21, 25, 21, 29);
    privileged.object = Some(pod.clone());
    privileged.container = Some("app".into());
    privileged.standards = vec!["pss:baseline/privileged".into()];
    privileged.snippet = Some(Snippet {
        first_line: 20,
        lines: vec![
            "          securityContext:".into(),
            "            privileged: true".into(),
            "            runAsUser: 0".into(),
        ],
    });

    let mut caps = finding(
        "KS012",
        "capabilities-added",
        Severity::High,
        "container \"app\" adds capabilities NET_ADMIN, SYS_TIME",
    );
    caps.location = loc("deploy/web app.yaml", 24, 17, 26, 25);
    caps.object = Some(pod.clone());
    caps.container = Some("app".into());
    caps.standards = vec!["pss:baseline/capabilities".into()];
    caps.snippet = Some(Snippet {
        first_line: 23,
        lines: vec![
            "            capabilities:".into(),
            "              add:".into(),
            "                - NET_ADMIN".into(),
            "                - SYS_TIME".into(),
        ],
    });

    let mut root = finding(
        "DF002",
        "root-user",
        Severity::Medium,
        "the final stage runs as root (no USER instruction) <&>",
    );
    root.location = loc("Dockerfile", 0, 0, 0, 0);
    root.object = Some(ObjectRef {
        api_version: String::new(),
        kind: "Stage".into(),
        namespace: None,
        name: Some("runtime".into()),
    });

    let mut secret = finding(
        "IM010",
        "secret-in-layer",
        Severity::High,
        "private key in /root/.ssh/id_rsa",
    );
    secret.location = loc("img.tar!/root/.ssh/id_rsa", 1, 1, 1, 32);
    secret.object = Some(ObjectRef {
        api_version: String::new(),
        kind: "Image".into(),
        namespace: None,
        name: Some("shop/web:1.2".into()),
    });
    secret.properties = BTreeMap::from([
        ("layer".to_string(), json!("sha256:0123abcd")),
        ("secret_kind".to_string(), json!("private-key")),
    ]);

    let mut suppressed = finding(
        "KS020",
        "readonly-root-filesystem-missing",
        Severity::Low,
        "container \"app\" has a writable root filesystem",
    );
    suppressed.location = loc("deploy/web app.yaml", 18, 11, 18, 14);
    suppressed.object = Some(pod);
    suppressed.container = Some("app".into());
    suppressed.suppressed = Some(SuppressionInfo {
        kind: "config".into(),
        reason: "the app writes its cache to /".into(),
        expires: Some("2027-06-30".into()),
    });

    let mut r = Report {
        version: "0.1.0".into(),
        findings: vec![privileged, caps, root, secret, suppressed],
        errors: vec![
            InputError {
                path: "broken.yaml".into(),
                line: Some(3),
                column: Some(7),
                message: "mapping values are not allowed here".into(),
            },
            InputError {
                path: "missing.yaml".into(),
                line: None,
                column: None,
                message: "No such file or directory (os error 2)".into(),
            },
        ],
        summary: Summary {
            files_scanned: 4,
            objects_checked: 3,
            ..Summary::default()
        },
        metadata: BTreeMap::from([("pss_version".to_string(), json!("1.37"))]),
    };
    r.finish();
    r
}

fn rules() -> Vec<RuleInfo> {
    let rule = |id: &str, name: &str, severity, tags: &[&str], standards: &[&str]| RuleInfo {
        id: id.into(),
        name: name.into(),
        severity,
        summary: format!("Flags {name}"),
        docs: format!(
            "## What it does\nFlags `{name}`.\n\n## Why is this bad?\nIt widens what an attacker can do.\n"
        ),
        standards: standards.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        rule("DF002", "root-user", Severity::Medium, &["dockerfile"], &[]),
        rule(
            "IM010",
            "secret-in-layer",
            Severity::High,
            &["image", "secrets"],
            &[],
        ),
        rule(
            "KS003",
            "privileged-container",
            Severity::Critical,
            &["workload", "pss"],
            &["pss:baseline/privileged"],
        ),
        rule(
            "KS012",
            "capabilities-added",
            Severity::High,
            &["workload", "pss"],
            &["pss:baseline/capabilities"],
        ),
        rule(
            "KS020",
            "readonly-root-filesystem-missing",
            Severity::Low,
            &["workload"],
            &[],
        ),
    ]
}

fn out(format: Format, show_suppressed: bool) -> String {
    let opts = RenderOptions {
        color: false,
        show_suppressed,
        tool_version: "0.1.0".into(),
    };
    let mut buf = Vec::new();
    render(&report(), &rules(), format, &opts, &mut buf).expect("render to a Vec");
    String::from_utf8(buf).expect("renderers write UTF-8")
}

#[test]
fn human() {
    insta::assert_snapshot!(out(Format::Human, false));
}

#[test]
fn human_show_suppressed() {
    insta::assert_snapshot!(out(Format::Human, true));
}

#[test]
fn concise() {
    insta::assert_snapshot!(out(Format::Concise, true));
}

#[test]
fn json() {
    insta::assert_snapshot!(out(Format::Json, false));
}

#[test]
fn json_show_suppressed() {
    let text = out(Format::Json, true);
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["summary"]["suppressed"], 1);
    assert_eq!(v["summary"]["findings"], 4);
}

#[test]
fn sarif() {
    insta::assert_snapshot!(out(Format::Sarif, true));
}

#[test]
fn junit() {
    insta::assert_snapshot!(out(Format::Junit, true));
}

#[test]
fn formats_round_trip_through_their_names() {
    for f in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Junit,
    ] {
        assert_eq!(f.to_string().parse::<Format>(), Ok(f));
    }
    assert!("xml".parse::<Format>().is_err());
}

#[test]
fn sarif_suppression_kinds() {
    let mut r = report();
    let kinds = ["inline", "annotation", "config", "baseline"];
    for (f, k) in r.findings.iter_mut().zip(kinds) {
        f.suppressed = Some(SuppressionInfo {
            kind: k.into(),
            reason: "r".into(),
            expires: None,
        });
    }
    let opts = RenderOptions {
        show_suppressed: true,
        ..RenderOptions::default()
    };
    let mut buf = Vec::new();
    render(&r, &rules(), Format::Sarif, &opts, &mut buf).expect("render");
    let v: serde_json::Value = serde_json::from_slice(&buf).expect("JSON");
    let got: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .take(4)
        .map(|r| r["suppressions"][0]["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(got, ["inSource", "inSource", "external", "external"]);
}
