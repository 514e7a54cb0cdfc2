//! Scans an image and prints a JSON summary (findings, errors, packages,
//! layers, metadata). Used by `bench/image-bench.sh`; the real CLI is
//! `portcullis image`.
//!
//! Usage: `image_scan PATH [--tag T] [--platform P] [--full]`

use portcullis_image::{ImageOptions, NoProgress, scan};
use portcullis_rules::Settings;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut opts = ImageOptions::default();
    let mut full = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--tag" => opts.tag = args.next(),
            "--platform" => opts.platform = args.next(),
            "--full" => full = true,
            _ => path = Some(a),
        }
    }
    let Some(path) = path else {
        eprintln!("usage: image_scan PATH [--tag T] [--platform P] [--full]");
        std::process::exit(2);
    };
    match scan(
        std::path::Path::new(&path),
        &opts,
        &Settings::default(),
        &NoProgress,
    ) {
        Ok(s) => {
            if full {
                println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
            } else {
                for f in &s.findings {
                    println!(
                        "{} {} {}:{}:{} {}",
                        f.rule_id,
                        f.severity,
                        f.location.path,
                        f.location.line,
                        f.location.column,
                        f.message
                    );
                }
                for e in &s.errors {
                    println!("ERROR {}: {}", e.path, e.message);
                }
                println!(
                    "packages={} distro={:?} layers={} reference={:?} digest={:?} metadata={}",
                    s.packages.len(),
                    s.distro
                        .as_ref()
                        .map(|d| format!("{} {}", d.id, d.version_id)),
                    s.layers.len(),
                    s.reference,
                    s.digest,
                    serde_json::to_string(&s.metadata).unwrap_or_default()
                );
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
