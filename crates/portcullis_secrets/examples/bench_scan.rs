//! Throughput of `Scanner::scan` on generated data.
//!
//! `cargo run --release -p portcullis_secrets --example bench_scan [MB] [DIR...]`
//!
//! With directories, also scans the real files under them (like an image
//! layer: text and binaries), up to MB megabytes.
//! Prints MB/s for: text files (configs, code, docs with URLs and the odd
//! `password`/`token`/`PRIVATE KEY` mention), a mixed set where a third of the
//! bytes are binary, and one binary blob scanned with `scan_binary` on.

use portcullis_secrets::{ScanOptions, Scanner};
use std::time::Instant;

fn xorshift(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

const LINES: &[&str] = &[
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n",
    "        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n",
    "def connect(host, port, password=None, timeout=30):\n    return Client(host=host, port=port, password=password)\n",
    "See https://www.debian.org/doc/ and http://example.com/path?q=1 for the token format.\n",
    "The -----BEGIN RSA PRIVATE KEY----- marker begins a PEM encoded private key.\n",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.\n",
    "[database]\nhost = db.internal\nuser = app\npassword = ${DB_PASSWORD}\n",
    "export PATH=/usr/local/bin:$PATH\nexport NODE_ENV=production\n",
    "{\"name\": \"left-pad\", \"version\": \"1.3.0\", \"auth\": false, \"dependencies\": {}}\n",
    "static const char *usage = \"usage: tool [--token TOKEN] [--secret-file PATH]\";\n",
];

fn text_file(seed: &mut u64, size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 256);
    while out.len() < size {
        let r = xorshift(seed);
        if r.is_multiple_of(17) {
            // A base64 line (certificate-like payload).
            for _ in 0..64 {
                let c = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    [(xorshift(seed) % 64) as usize];
                out.push(c);
            }
            out.push(b'\n');
        } else {
            out.extend_from_slice(LINES[(r % LINES.len() as u64) as usize].as_bytes());
        }
    }
    out
}

fn binary_file(seed: &mut u64, size: usize) -> Vec<u8> {
    let mut out = vec![0u8; size];
    for chunk in out.chunks_mut(8) {
        let r = xorshift(seed).to_le_bytes();
        chunk.copy_from_slice(&r[..chunk.len()]);
    }
    out[3] = 0;
    out
}

fn bench(name: &str, scanner: &Scanner, files: &[Vec<u8>]) {
    let total: usize = files.iter().map(Vec::len).sum();
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..5 {
        let t = Instant::now();
        found = files.iter().map(|f| scanner.scan(f).len()).sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{name:<28} {:>7.1} MB  {:>8.0} MB/s  ({found} matches)",
        total as f64 / 1e6,
        total as f64 / 1e6 / best
    );
}

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(64);
    let mut seed = 0x5eed_u64;
    let mut text = Vec::new();
    let mut mixed = Vec::new();
    let mut size = 0;
    while size < mb * 1_000_000 {
        let n = 4096 + (xorshift(&mut seed) % 200_000) as usize;
        let f = text_file(&mut seed, n);
        size += f.len();
        text.push(f.clone());
        mixed.push(f);
        if xorshift(&mut seed).is_multiple_of(2) {
            mixed.push(binary_file(&mut seed, n));
        }
    }
    let scanner = Scanner::new();
    bench("text files", &scanner, &text);
    bench("mixed text + binary", &scanner, &mixed);
    let all = Scanner::with_options(ScanOptions {
        scan_binary: true,
        jwt: true,
        ..ScanOptions::default()
    });
    let blob: Vec<Vec<u8>> = vec![binary_file(&mut seed, mb * 1_000_000)];
    bench("binary, scan_binary=true", &all, &blob);
    bench("mixed, every detector", &all, &mixed);
    let dirs: Vec<String> = std::env::args().skip(2).collect();
    if !dirs.is_empty() {
        let mut real = Vec::new();
        let mut size = 0;
        let mut stack: Vec<std::path::PathBuf> = dirs.iter().map(Into::into).collect();
        while let Some(p) = stack.pop() {
            if size >= mb * 1_000_000 {
                break;
            }
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.is_dir() {
                if let Ok(rd) = std::fs::read_dir(&p) {
                    stack.extend(rd.flatten().map(|e| e.path()));
                }
            } else if meta.is_file()
                && let Ok(data) = std::fs::read(&p)
            {
                size += data.len();
                real.push(data);
            }
        }
        let binaries = real
            .iter()
            .filter(|f| portcullis_secrets::is_binary(f))
            .count();
        println!("real files: {} ({} binary)", real.len(), binaries);
        bench("real files", &scanner, &real);
    }
}
