//! Test support: fixture files whose lines that must fire carry a trailing
//! `# expect: ID[, ID...]` comment (in env files too), checked for the exact
//! set of `(file, line, rule)` triples. A directive line
//! `# portcullis-test: select=DC001,KS003` runs only those rules (IDs, names
//! or tags); without one every default-enabled rule runs. Also the fuzz body
//! shared by the cargo-fuzz target and the stable mutation test.

use crate::check::check_with;
use crate::service::EnvLoader;
use portcullis_rules::{Selector, Settings, SourceFile};
use portcullis_testkit::{check_fixtures, compare, directive_words, expect_comments};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// `(file name, line, rule ID)` triples.
pub type Expectations = BTreeSet<(String, u32, String)>;

/// The triples announced by `# expect:` comments in `text` (file `name`).
pub fn expected(name: &str, text: &str) -> Expectations {
    expect_comments(text)
        .into_iter()
        .map(|(line, id)| (name.to_string(), line, id.to_string()))
        .collect()
}

/// Settings from a `# portcullis-test: select=...` directive, or the defaults.
pub fn settings_for(text: &str) -> Settings {
    let mut settings = Settings::default();
    if let Some(words) = directive_words(text) {
        for word in words {
            if let Some(keys) = word.strip_prefix("select=") {
                settings.select.extend(
                    keys.split(',')
                        .filter(|k| !k.is_empty())
                        .map(Selector::parse),
                );
            }
        }
    }
    settings
}

/// Env files held in memory, by the path as written in `env_file`.
#[derive(Debug, Default)]
pub struct MemoryEnv {
    files: Vec<(String, Arc<SourceFile>)>,
}

impl MemoryEnv {
    /// Adds a file named `path` with `text`.
    pub fn add(&mut self, path: &str, text: &str) {
        let name = path.trim_start_matches("./").to_string();
        self.files
            .push((name.clone(), Arc::new(SourceFile::new(name, text))));
    }
}

impl EnvLoader for MemoryEnv {
    fn load(&mut self, path: &str) -> Option<Arc<SourceFile>> {
        let path = path.trim_start_matches("./");
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, f)| f.clone())
    }
}

/// Checks `text` (named `name`) with env files from `env`; the triples found.
pub fn actual(name: &str, text: &str, settings: &Settings, env: &mut MemoryEnv) -> Expectations {
    let source = SourceFile::new(name, text);
    let outcome = check_with(&source, settings, env);
    outcome
        .hits
        .iter()
        .map(|h| {
            let src = h.source.as_deref().unwrap_or(&source);
            (
                src.path().to_string(),
                src.line_col(h.span.start).line,
                h.rule.id.to_string(),
            )
        })
        .collect()
}

/// Checks one fixture folder entry: `file` plus the env files (`*.env`, `.env*`)
/// of the same folder. Returns the difference when it is not exact.
pub fn check_fixture(file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut env = MemoryEnv::default();
    let mut want = expected(&name, &text);
    if let Some(dir) = file.parent()
        && let Ok(rd) = std::fs::read_dir(dir)
    {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.ends_with(".env") || n.starts_with(".env") {
                let t = std::fs::read_to_string(e.path()).unwrap_or_default();
                want.extend(expected(&n, &t));
                env.add(&n, &t);
            }
        }
    }
    // Env-file expectations count only when this fixture reads that file.
    let got = actual(&name, &text, &settings_for(&text), &mut env);
    want.retain(|(f, _, _)| f == &name || got.iter().any(|(g, _, _)| g == f) || text.contains(f));
    compare(&want, &got).map_err(|e| format!("{}: {e}", file.display()))
}

/// Runs every `*.yml`/`*.yaml` fixture under `dir` (recursively); panics
/// listing all that fail. Returns how many ran.
pub fn check_fixture_dir(dir: &Path) -> usize {
    check_fixtures(dir, &["yml", "yaml"], check_fixture)
}

/// The fuzz body: any bytes through `check_file` (with an env file made of
/// the same bytes) and `finish_file`; every hit must point inside its file.
pub fn fuzz_check_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let source = SourceFile::new("fuzz.yml", text.as_ref());
    let mut env = MemoryEnv::default();
    env.add(".env", text.as_ref());
    let mut all = Settings::default();
    all.select.push(Selector::parse("compose"));
    all.select.push(Selector::parse("workload"));
    for settings in [Settings::default(), all] {
        let outcome = check_with(&source, &settings, &mut env);
        for h in &outcome.hits {
            let len = h.source.as_ref().map_or(text.len(), |s| s.text().len());
            assert!(h.span.start <= h.span.end && h.span.end as usize <= len);
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
