//! Throughput of `parse_stream`: `bench PATH [ITERS]`. PATH is a YAML file or
//! a directory whose *.yaml/*.yml/*.json files are concatenated into one
//! stream (joined with `---`). Prints best and median MB/s (1 MB = 10^6 B).

use std::path::{Path, PathBuf};
use std::time::Instant;

use portcullis_yaml::{Options, decode, parse_stream};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(p);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: bench PATH [ITERS]");
        std::process::exit(2);
    };
    let iters: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    let mut files = Vec::new();
    if path.is_dir() {
        collect(&path, &mut files);
    } else {
        files.push(path);
    }
    let mut stream = String::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let Ok(text) = decode(&bytes) else { continue };
        if !stream.is_empty() {
            if !stream.ends_with('\n') {
                stream.push('\n');
            }
            stream.push_str("---\n");
        }
        stream.push_str(&text);
    }
    let opts = Options::default();
    let mut times = Vec::new();
    let (mut docs, mut fatal) = (0, 0);
    for _ in 0..iters.max(1) {
        let t = Instant::now();
        let out = parse_stream(&stream, &opts);
        times.push(t.elapsed().as_secs_f64());
        docs = out.documents.len();
        fatal = out.errors.iter().filter(|e| e.fatal).count();
    }
    times.sort_by(f64::total_cmp);
    let mb = stream.len() as f64 / 1e6;
    println!(
        "{} files, {:.1} MB, {docs} documents, {fatal} fatal errors: best {:.1} MB/s, median {:.1} MB/s ({iters} runs)",
        files.len(),
        mb,
        mb / times[0],
        mb / times[times.len() / 2]
    );
}
