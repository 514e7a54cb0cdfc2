//! Pod Security Standards conformance: every fixture of the Kubernetes Pod
//! Security Admission test data (`../shared/conformance/pod-security`) judged
//! at its level and policy v1.37. A `pass` file must give no finding, a `fail`
//! file at least one.

use portcullis_k8s::check_file;
use portcullis_rules::{KubeVersion, PssLevel, Settings, SourceFile};
use portcullis_testkit::{shared_missing, shared_path};
use std::path::PathBuf;

fn suite_dir() -> Option<PathBuf> {
    let dir = shared_path(env!("CARGO_MANIFEST_DIR"), "conformance/pod-security");
    if dir.join("expected.tsv").is_file() {
        return Some(dir);
    }
    shared_missing(
        &dir.join("expected.tsv"),
        "is missing",
        "PSS conformance skipped",
    );
    None
}

#[test]
fn pod_security_admission_fixtures_v1_37() {
    let Some(dir) = suite_dir() else { return };
    let tsv = std::fs::read_to_string(dir.join("expected.tsv")).expect("read expected.tsv");
    let mut total = 0;
    let mut failures = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [path, level, expected, _control] = cols[..] else {
            continue;
        };
        total += 1;
        let level = match level {
            "baseline" => PssLevel::Baseline,
            "restricted" => PssLevel::Restricted,
            other => panic!("unknown level {other}"),
        };
        let settings = Settings::pss(level, KubeVersion::new(37));
        let text = std::fs::read_to_string(dir.join(path)).expect("read fixture");
        let source = SourceFile::new(path, text);
        let outcome = check_file(&source, &settings);
        assert!(outcome.recognized, "{path} not recognised");
        assert!(outcome.errors.is_empty(), "{path}: {:?}", outcome.errors);
        let ids: Vec<&str> = outcome.hits.iter().map(|h| h.rule.id).collect();
        let ok = match expected {
            "pass" => ids.is_empty(),
            "fail" => !ids.is_empty(),
            other => panic!("unknown expectation {other}"),
        };
        if !ok {
            let msgs: Vec<&str> = outcome.hits.iter().map(|h| h.message.as_str()).collect();
            failures.push(format!("{path} ({expected}): {ids:?} {msgs:?}"));
        }
    }
    let passed = total - failures.len();
    println!("PSS conformance v1.37: {passed}/{total}");
    assert_eq!(total, 148, "expected.tsv should list 148 fixtures");
    assert!(
        failures.is_empty(),
        "{passed}/{total}; failures:\n{}",
        failures.join("\n")
    );
}

/// The rule that must fire for a `fail` fixture of `control` at `level`
/// (restricted checks replace some baseline ones, as in PSA).
fn rule_for(control: &str, restricted: bool) -> &'static str {
    match (control, restricted) {
        ("windowshostprocess", _) => "KS001",
        ("hostnamespaces", _) => "KS002",
        ("privileged", _) => "KS003",
        ("capabilities_baseline", false) => "KS004",
        ("capabilities_baseline", true) => "KS018",
        ("hostpathvolumes", false) => "KS005",
        ("hostpathvolumes", true) => "KS013",
        ("hostports", _) => "KS006",
        ("hostprobesandhostlifecycle", _) => "KS007",
        ("apparmorprofile", _) => "KS008",
        ("selinuxoptions", _) => "KS009",
        ("procmount", false) => "KS010",
        ("procmount", true) => "KS019",
        ("seccompprofile_baseline", false) => "KS011",
        ("seccompprofile_baseline", true) => "KS017",
        ("sysctls", _) => "KS012",
        ("restrictedvolumes", _) => "KS013",
        ("allowprivilegeescalation", _) => "KS014",
        ("runasnonroot", _) => "KS015",
        ("runasuser", _) => "KS016",
        ("seccompprofile_restricted", _) => "KS017",
        ("capabilities_restricted", _) => "KS018",
        ("procmount_restricted", _) => "KS019",
        _ => "",
    }
}

#[test]
fn fail_fixtures_fire_the_rule_of_their_control() {
    let Some(dir) = suite_dir() else { return };
    let tsv = std::fs::read_to_string(dir.join("expected.tsv")).expect("read expected.tsv");
    let mut wrong = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [path, level, "fail", control] = cols[..] else {
            continue;
        };
        let restricted = level == "restricted";
        let level = if restricted {
            PssLevel::Restricted
        } else {
            PssLevel::Baseline
        };
        let settings = Settings::pss(level, KubeVersion::new(37));
        let text = std::fs::read_to_string(dir.join(path)).expect("read fixture");
        let outcome = check_file(&SourceFile::new(path, text), &settings);
        let want = rule_for(control, restricted);
        if !outcome.hits.iter().any(|h| h.rule.id == want) {
            let ids: Vec<&str> = outcome.hits.iter().map(|h| h.rule.id).collect();
            wrong.push(format!("{path}: wanted {want}, got {ids:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
