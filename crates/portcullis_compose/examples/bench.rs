//! Files per second over the shared compose corpus:
//! `cargo run --release -p portcullis_compose --example bench [DIR] [ROUNDS]`.

use portcullis_compose::check_file;
use portcullis_rules::{Settings, SourceFile};
use std::path::{Path, PathBuf};
use std::time::Instant;

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

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/compose")
    });
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let sources: Vec<(SourceFile, PathBuf)> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some((
                SourceFile::new(p.display().to_string(), text),
                p.parent()?.to_path_buf(),
            ))
        })
        .collect();
    let bytes: usize = sources.iter().map(|(s, _)| s.text().len()).sum();
    let settings = Settings::default();
    // For comparison: the YAML parse alone.
    let start = Instant::now();
    for _ in 0..rounds {
        for (s, _) in &sources {
            let out = portcullis_yaml::parse_stream(s.text(), &Default::default());
            std::hint::black_box(out);
        }
    }
    let parse = start.elapsed().as_secs_f64();
    println!(
        "YAML parse alone: {:.0} files/s",
        (sources.len() * rounds) as f64 / parse
    );
    let start = Instant::now();
    let mut hits = 0;
    for _ in 0..rounds {
        for (s, base) in &sources {
            hits += check_file(s, base, &settings).hits.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (sources.len() * rounds) as f64;
    // For comparison: extraction with no rule selected.
    let none = Settings {
        select: vec![portcullis_rules::Selector::parse("no-such-rule")],
        ..Settings::default()
    };
    let t = Instant::now();
    for _ in 0..rounds {
        for (s, base) in &sources {
            std::hint::black_box(check_file(s, base, &none));
        }
    }
    println!(
        "parse + extraction, no rules: {:.0} files/s",
        n / t.elapsed().as_secs_f64()
    );
    println!(
        "{} files ({} KiB) x {rounds} rounds: {:.0} files/s, {:.1} MiB/s, {} hits/round (one thread)",
        sources.len(),
        bytes / 1024,
        n / secs,
        (bytes * rounds) as f64 / secs / (1 << 20) as f64,
        hits / rounds
    );
}
