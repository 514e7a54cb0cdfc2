//! Runs the parser and every rule over the shared Dockerfile corpus: no
//! panics, no parse errors, per-rule finding counts printed. Skips when the
//! corpus is missing unless `PORTCULLIS_REQUIRE_SHARED=1`.

use portcullis_dockerfile::{Dockerfile, check_file};
use portcullis_rules::{Settings, SourceFile};
use portcullis_testkit::{files_under, shared_dir};
use std::collections::BTreeMap;

#[test]
fn corpus_parses_and_checks() {
    let Some(dir) = shared_dir(env!("CARGO_MANIFEST_DIR"), "corpus/dockerfile") else {
        return;
    };
    let files = files_under(&dir, &[]);
    let settings = Settings {
        enable: vec!["dockerfile".to_string()],
        ..Settings::default()
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut shell_errors = 0usize;
    let mut runs = 0usize;
    let mut samples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let rel = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        if let Ok(df) = Dockerfile::parse(&text) {
            for ins in df.instructions() {
                if let Some(s) = ins.script() {
                    runs += 1;
                    if !s.errors.is_empty() {
                        shell_errors += 1;
                    }
                }
            }
        }
        let src = SourceFile::new(rel.clone(), text);
        let outcome = check_file(&src, &settings);
        for e in &outcome.errors {
            errors.push(format!("{rel}: {}", e.message));
        }
        for hit in &outcome.hits {
            *counts.entry(hit.rule.id).or_default() += 1;
            let s = samples.entry(hit.rule.id).or_default();
            if s.len() < 400 {
                let line = src.line_col(hit.span.start).line;
                s.push(format!("{rel}:{line}: {}", hit.message));
            }
        }
    }
    println!("files: {}", files.len());
    println!("parse errors: {}", errors.len());
    println!("RUN instructions: {runs}, with shell parse errors: {shell_errors}");
    for (id, n) in &counts {
        println!("{id}: {n}");
    }
    if std::env::var("PORTCULLIS_SHOW_SAMPLES").is_ok() {
        for (id, s) in &samples {
            for line in s {
                println!("  {id} {line}");
            }
        }
    }
    assert!(errors.is_empty(), "parse errors:\n{}", errors.join("\n"));
}

#[test]
#[ignore = "diagnostic: prints RUN bodies brush-parser rejects"]
fn corpus_shell_errors() {
    let Some(dir) = shared_dir(env!("CARGO_MANIFEST_DIR"), "corpus/dockerfile") else {
        return;
    };
    let files = files_under(&dir, &[]);
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(df) = Dockerfile::parse(&text) else {
            continue;
        };
        for ins in df.instructions() {
            if let Some(s) = ins.script()
                && !s.errors.is_empty()
            {
                let line = text[..ins.span.start as usize].lines().count() + 1;
                println!("{}:{line}: {}", path.display(), s.errors[0]);
            }
        }
    }
}
