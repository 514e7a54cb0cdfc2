//! The rule catalogue's invariants: unique well-formed IDs, kebab-case names,
//! documentation with every required section, and `docs/rules/` up to date.

use portcullis::registry::{all_rules, index_page, rule_page};
use std::collections::HashSet;
use std::path::PathBuf;

#[test]
fn ids_and_names_are_unique_and_well_formed() {
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    for m in all_rules() {
        assert!(ids.insert(m.id), "duplicate rule ID {}", m.id);
        assert!(names.insert(m.name), "duplicate rule name {}", m.name);
        let (letters, digits) = m.id.split_at(m.id.len() - 3);
        assert!(
            (2..=3).contains(&letters.len())
                && letters.chars().all(|c| c.is_ascii_uppercase())
                && digits.chars().all(|c| c.is_ascii_digit()),
            "rule ID {} must be 2-3 capitals and 3 digits",
            m.id
        );
        assert!(
            !m.name.is_empty()
                && m.name.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "rule name `{}` must be kebab-case",
            m.name
        );
        assert!(
            !m.name.starts_with("no-"),
            "rule name `{}` must name the bad pattern",
            m.name
        );
        assert!(!m.summary.is_empty(), "{} has no summary", m.id);
    }
    assert!(all_rules().len() >= 3);
}

#[test]
fn every_rule_has_the_documentation_sections() {
    for m in all_rules() {
        let docs = m.docs_text();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## References",
        ] {
            assert!(
                docs.contains(section),
                "{} ({}) lacks `{section}`",
                m.id,
                m.name
            );
        }
    }
}

fn docs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules")
}

/// `docs/rules/` is generated from the rules; regenerate with
/// `PORTCULLIS_BLESS=1 cargo test -p portcullis --test registry`.
#[test]
fn docs_rules_folder_is_up_to_date() {
    let dir = docs_dir();
    let mut expected: Vec<(String, String)> = all_rules()
        .iter()
        .map(|m| (format!("{}.md", m.id), rule_page(m)))
        .collect();
    expected.push(("README.md".into(), index_page()));
    if std::env::var_os("PORTCULLIS_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(t) if t == *text => {}
            _ => stale.push(name.clone()),
        }
    }
    let present: HashSet<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let wanted: HashSet<String> = expected.iter().map(|(n, _)| n.clone()).collect();
    let extra: Vec<_> = present.difference(&wanted).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "docs/rules is stale (changed: {stale:?}, no longer a rule: {extra:?}); run \
         `PORTCULLIS_BLESS=1 cargo test -p portcullis --test registry`"
    );
}
