//! Every compose file of the shared corpus: no panics, no parse errors, every
//! file recognised; prints per-rule finding counts. Skips when the corpus is
//! missing unless `PORTCULLIS_REQUIRE_SHARED=1`.

use portcullis_compose::check_file;
use portcullis_rules::{Settings, SourceFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/compose");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("PORTCULLIS_REQUIRE_SHARED").as_deref() != Ok("1"),
        "shared corpus missing at {} and PORTCULLIS_REQUIRE_SHARED=1",
        dir.display()
    );
    eprintln!("note: {} missing; corpus test skipped", dir.display());
    None
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
            out.push(p);
        }
    }
}

#[test]
fn corpus_checks_cleanly() {
    let Some(dir) = corpus_dir() else { return };
    let mut all = Vec::new();
    files(&dir, &mut all);
    all.sort();
    assert!(!all.is_empty());
    let settings = Settings::default();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut services = 0;
    let mut problems = Vec::new();
    for f in &all {
        let text = std::fs::read_to_string(f).unwrap();
        let source = SourceFile::new(f.display().to_string(), text);
        let outcome = check_file(&source, f.parent().unwrap(), &settings);
        if !outcome.recognized {
            problems.push(format!("{}: not recognised", f.display()));
        }
        // Duplicate keys are real mistakes in a few files (the last value
        // wins, as in compose); anything else is a parse failure.
        for e in outcome
            .errors
            .iter()
            .filter(|e| !e.message.starts_with("duplicate key"))
        {
            problems.push(format!("{}: {}", f.display(), e.message));
        }
        services += outcome.objects_checked;
        for h in &outcome.hits {
            *counts.entry(h.rule.id).or_default() += 1;
        }
        if std::env::var("COMPOSE_CORPUS_DUMP").is_ok() {
            let report = portcullis_rules::finish_file(&source, outcome, &settings, "2026-12-04");
            for fi in report.findings {
                println!(
                    "{}:{} {} {}",
                    fi.location.path, fi.location.line, fi.rule_id, fi.message
                );
            }
        }
    }
    println!("{} files, {services} services", all.len());
    for (id, n) in &counts {
        println!("{id} {n}");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
