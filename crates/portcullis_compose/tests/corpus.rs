//! Every compose file of the shared corpus: no panics, no parse errors, every
//! file recognised; prints per-rule finding counts. Skips when the corpus is
//! missing unless `PORTCULLIS_REQUIRE_SHARED=1`.

use portcullis_compose::check_file;
use portcullis_rules::{Settings, SourceFile};
use portcullis_testkit::{files_under, shared_dir};
use std::collections::BTreeMap;

#[test]
fn corpus_checks_cleanly() {
    let Some(dir) = shared_dir(env!("CARGO_MANIFEST_DIR"), "corpus/compose") else {
        return;
    };
    let all = files_under(&dir, &["yml", "yaml"]);
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
