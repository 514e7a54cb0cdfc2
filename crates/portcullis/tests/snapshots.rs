//! Snapshot of the main job: `portcullis scan examples/` in concise and JSON
//! form. A change in any rule's findings on the bundled examples shows up
//! here as a diff; accept it with
//! `PORTCULLIS_BLESS=1 cargo test -p portcullis --test snapshots`.

use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scan(format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(["scan", "examples/", "--format", format, "--color", "never"])
        .current_dir(repo())
        .env("PORTCULLIS_TODAY", "2026-12-04")
        .output()
        .expect("run portcullis");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("PORTCULLIS_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the snapshot at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             accept with `PORTCULLIS_BLESS=1 cargo test -p portcullis --test snapshots`",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn examples_concise() {
    check("examples.concise.txt", &scan("concise"));
}

#[test]
fn examples_json() {
    let mut v: serde_json::Value = serde_json::from_str(&scan("json")).unwrap();
    v["version"] = "VERSION".into();
    check(
        "examples.json",
        &(serde_json::to_string_pretty(&v).unwrap() + "\n"),
    );
}
