//! Print every secret match and sensitive path under the given directories,
//! to hunt false positives on real OS trees.
//!
//! `cargo run --release -p portcullis_secrets --example scan_tree -- /usr /etc`

use portcullis_secrets::{Scanner, is_low_signal_path, sensitive_file_kind};

fn main() {
    let scanner = Scanner::new();
    let mut stack: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    while let Some(p) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
            continue;
        }
        let path = p.to_string_lossy();
        if let Some(kind) = sensitive_file_kind(&path) {
            println!("{path}: sensitive path ({kind})");
        }
        if !meta.is_file() || meta.len() > 64 << 20 {
            continue;
        }
        let Ok(data) = std::fs::read(&p) else {
            continue;
        };
        for m in scanner.scan(&data) {
            let low = if is_low_signal_path(&path) {
                " [low-signal path]"
            } else {
                ""
            };
            println!(
                "{path}:{}:{}: {} {}{low}",
                m.line,
                m.column,
                m.kind.id(),
                m.preview
            );
        }
    }
}
