//! Throughput over the shared Dockerfile corpus: parse + shell + every rule.
//! `cargo run --release -p portcullis_dockerfile --example corpus_bench [DIR] [ROUNDS]`

use portcullis_dockerfile::{Dockerfile, check_file};
use portcullis_rules::{Settings, SourceFile};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dockerfile")
    });
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let mut paths = Vec::new();
    walk(&dir, &mut paths);
    let files: Vec<SourceFile> = paths
        .iter()
        .filter_map(|p| {
            Some(SourceFile::new(
                p.display().to_string(),
                std::fs::read_to_string(p).ok()?,
            ))
        })
        .collect();
    let bytes: usize = files.iter().map(|f| f.text().len()).sum();
    let settings = Settings::default();
    // Parse only.
    let t = Instant::now();
    for _ in 0..rounds {
        for f in &files {
            std::hint::black_box(Dockerfile::parse(f.text()).ok());
        }
    }
    let parse = t.elapsed().as_secs_f64();
    // Full check.
    let t = Instant::now();
    let mut hits = 0;
    for _ in 0..rounds {
        for f in &files {
            hits += check_file(f, &settings).hits.len();
        }
    }
    let check = t.elapsed().as_secs_f64();
    let n = (files.len() * rounds) as f64;
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} files, {:.2} MB, {rounds} rounds (single thread)",
        files.len(),
        bytes as f64 / 1e6
    );
    println!(
        "parse (Dockerfile + shell): {:.0} files/s, {:.1} MB/s",
        n / parse,
        mb / parse
    );
    println!(
        "check_file (parse + all rules): {:.0} files/s, {:.1} MB/s, {} hits/round",
        n / check,
        mb / check,
        hits / rounds
    );
}
