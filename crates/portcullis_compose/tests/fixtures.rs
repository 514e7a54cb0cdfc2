//! Fixture files under `tests/fixtures`: every line that must fire carries a
//! `# expect: ID` comment (env files too); the exact set must match.

use portcullis_compose::check_file;
use portcullis_compose::testing::{check_fixture_dir, settings_for};
use portcullis_rules::{SourceFile, finish_file};
use std::path::Path;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn all_fixtures_match_their_expectations() {
    let n = check_fixture_dir(&fixtures());
    assert!(n >= 20, "only {n} fixtures ran");
}

#[test]
fn env_file_findings_point_into_the_env_file() {
    let dir = fixtures().join("envfile");
    let text = std::fs::read_to_string(dir.join("compose.yml")).unwrap();
    let source = SourceFile::new("compose.yml", text.as_str());
    let settings = settings_for(&text);
    let outcome = check_file(&source, &dir, &settings);
    let report = finish_file(&source, outcome, &settings, "2026-12-04");
    let env: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "DC006")
        .collect();
    // Two services read db.env; each finding is reported once.
    assert_eq!(env.len(), 3, "{env:#?}");
    for f in &env {
        assert!(f.location.path.ends_with("db.env"), "{}", f.location.path);
        let snippet = f.snippet.as_ref().unwrap();
        assert!(snippet.lines[0].contains('='), "{snippet:?}");
    }
    assert_eq!(
        env.iter().map(|f| f.location.line).collect::<Vec<_>>(),
        [3, 4, 6]
    );
}

#[test]
fn inline_ignore_suppresses_a_compose_finding() {
    let text = std::fs::read_to_string(fixtures().join("anchors/suppress.yml")).unwrap();
    let source = SourceFile::new("suppress.yml", text.as_str());
    let settings = settings_for(&text);
    let outcome = check_file(&source, Path::new("."), &settings);
    let report = finish_file(&source, outcome, &settings, "2026-12-04");
    let by_id = |id: &str| report.findings.iter().find(|f| f.rule_id == id).unwrap();
    assert!(by_id("KS003").suppressed.is_some());
    assert!(by_id("DC004").suppressed.is_none());
}

#[test]
fn services_are_workloads_with_compose_identity() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n";
    let source = SourceFile::new("compose.yml", text);
    let outcome = check_file(&source, Path::new("."), &Default::default());
    assert!(outcome.recognized);
    assert_eq!(outcome.objects_checked, 1);
    let hit = outcome.hits.iter().find(|h| h.rule.id == "KS003").unwrap();
    let obj = hit.object.as_ref().unwrap();
    assert_eq!(
        (obj.kind.as_str(), obj.name.as_deref()),
        ("Service", Some("web"))
    );
    assert_eq!(hit.container.as_deref(), Some("web"));
    assert_eq!(hit.subject, Some(0));
}

#[test]
fn non_compose_yaml_is_not_recognised_and_errors_do_not_stop() {
    let source = SourceFile::new("x.yml", "apiVersion: v1\nkind: Pod\n");
    assert!(!check_file(&source, Path::new("."), &Default::default()).recognized);
    let source = SourceFile::new("x.yml", "services: [a]\n");
    assert!(!check_file(&source, Path::new("."), &Default::default()).recognized);
    let text = "services:\n  a:\n    image: x:1\n    privileged: true\n  b: {c: [\n";
    let source = SourceFile::new("x.yml", text);
    let outcome = check_file(&source, Path::new("."), &Default::default());
    assert!(!outcome.errors.is_empty());
}

#[test]
fn looks_like_compose_and_rule_metas() {
    use portcullis_compose::{looks_like_compose, rule_metas};
    use portcullis_yaml::{Options, parse_stream};
    let root = |t: &str| {
        parse_stream(t, &Options::default()).documents[0]
            .root
            .clone()
            .unwrap()
    };
    assert!(looks_like_compose(&root("services:\n  a: {}\n")));
    assert!(looks_like_compose(&root("{\"services\": {\"a\": {}}}")));
    assert!(!looks_like_compose(&root("services: [a]\n")));
    assert!(!looks_like_compose(&root("kind: Pod\n")));
    let metas = rule_metas();
    assert!(metas.len() >= 11);
    assert!(metas.iter().all(|m| m.id.starts_with("DC")));
}

#[test]
fn json_compose_files_are_checked() {
    let text = "{\"services\": {\"web\": {\"image\": \"nginx:1.27\", \"privileged\": true}}}";
    let source = SourceFile::new("compose.json", text);
    let outcome = check_file(&source, Path::new("."), &Default::default());
    assert!(outcome.hits.iter().any(|h| h.rule.id == "KS003"));
}
