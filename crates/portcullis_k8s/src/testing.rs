//! Test support shared by this crate's tests and by anyone writing Kubernetes
//! or container rules: fixture files whose lines that must fire carry a
//! trailing `# expect: ID[, ID...]` comment, checked for the exact set of
//! `(line, rule)` pairs.
//!
//! A fixture may start with a directive line choosing the settings:
//! `# portcullis-test: level=restricted version=1.34` (`level` is `baseline`,
//! `restricted` or `none`; `version` defaults to the newest), or
//! `# portcullis-test: select=KS070,KS071` to run only those rules (IDs, names
//! or tags). Without one, the default settings run (every default-enabled
//! rule, newest policy version).

use crate::check_file;
use portcullis_rules::{KubeVersion, PssLevel, Selector, Settings, SourceFile};
use portcullis_testkit::{check_fixtures, compare, directive_words, expect_comments};
use std::collections::BTreeSet;
use std::path::Path;

/// `(line, rule ID)` pairs.
pub type Expectations = BTreeSet<(u32, String)>;

/// The `(line, ID)` pairs announced by `# expect:` comments in `text`.
pub fn expected(text: &str) -> Expectations {
    expect_comments(text)
        .into_iter()
        .map(|(line, id)| (line, id.to_string()))
        .collect()
}

/// Settings chosen by a `# portcullis-test:` directive in `text` (see the
/// module docs), or the defaults.
pub fn settings_for(text: &str) -> Settings {
    let Some(words) = directive_words(text) else {
        return Settings::default();
    };
    let mut level = None;
    let mut version = KubeVersion::LATEST;
    let mut select = Vec::new();
    for word in words {
        if let Some(l) = word.strip_prefix("level=") {
            level = match l {
                "baseline" => Some(PssLevel::Baseline),
                "restricted" => Some(PssLevel::Restricted),
                _ => None,
            };
        } else if let Some(keys) = word.strip_prefix("select=") {
            select.extend(
                keys.split(',')
                    .filter(|k| !k.is_empty())
                    .map(Selector::parse),
            );
        } else if let Some(v) = word.strip_prefix("version=") {
            version = v
                .parse()
                .unwrap_or_else(|e| panic!("bad version in directive: {e}"));
        }
    }
    let mut settings = match level {
        Some(l) => Settings::pss(l, version),
        None => Settings {
            pss_version: version,
            ..Settings::default()
        },
    };
    if !select.is_empty() {
        settings.select = select;
    }
    settings
}

/// The `(line, ID)` pairs `check_file` reports for `text` under `settings`,
/// keeping only rules whose ID starts with one of `prefixes` (all when empty).
pub fn actual(path: &str, text: &str, settings: &Settings, prefixes: &[&str]) -> Expectations {
    let source = SourceFile::new(path, text);
    let outcome = check_file(&source, settings);
    outcome
        .hits
        .iter()
        .filter(|h| prefixes.is_empty() || prefixes.iter().any(|p| h.rule.id.starts_with(p)))
        .map(|h| (source.line_col(h.span.start).line, h.rule.id.to_string()))
        .collect()
}

/// Checks one fixture: the findings of the rules matching `prefixes` must be
/// exactly the `# expect:` comments. Returns a description of the difference.
pub fn check_fixture_text(path: &str, text: &str, prefixes: &[&str]) -> Result<(), String> {
    let settings = settings_for(text);
    let want = expected(text);
    let got = actual(path, text, &settings, prefixes);
    compare(&want, &got).map_err(|e| format!("{path}: {e}"))
}

/// Runs every `*.yaml` fixture under `dir` (recursively) and panics listing all
/// that fail. Returns how many fixtures ran.
pub fn check_fixture_dir(dir: &Path, prefixes: &[&str]) -> usize {
    check_fixtures(dir, &["yaml", "yml"], |f| {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        check_fixture_text(&f.display().to_string(), &text, prefixes)
    })
}

/// The fuzz body shared by `fuzz/fuzz_targets/check_file.rs` and the stable
/// test `tests/hostile.rs`: any bytes through `check_file` at both levels and
/// through `finish_file`; every hit must point inside the text.
pub fn fuzz_check_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let source = SourceFile::new("fuzz.yaml", text.as_ref());
    for settings in [
        Settings::default(),
        Settings::pss(PssLevel::Restricted, KubeVersion::new(24)),
        Settings::pss(PssLevel::Baseline, KubeVersion::LATEST),
    ] {
        let outcome = check_file(&source, &settings);
        for h in &outcome.hits {
            assert!(h.span.start <= h.span.end && h.span.end as usize <= text.len());
        }
        for e in &outcome.errors {
            if let Some(s) = e.span {
                assert!(s.start <= s.end && s.end as usize <= text.len());
            }
        }
        let report = portcullis_rules::finish_file(&source, outcome, &settings, "2026-01-01");
        assert!(report.findings.iter().all(|f| f.location.line >= 1));
    }
}
