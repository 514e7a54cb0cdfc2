//! Read `NAME<TAB>VALUE` lines on stdin and print how the name/value helpers
//! judge each pair (to review false positives on real manifests).
//!
//! `... | cargo run --release -p portcullis_secrets --example classify_pairs`

use portcullis_secrets::{classify_value, is_placeholder, is_secret_name, is_weak_default};
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let (name, value) = line.split_once('\t').unwrap_or((&line, ""));
        let verdict = if let Some(kind) = classify_value(value) {
            format!("VALUE {}", kind.id())
        } else if is_secret_name(name) && !is_placeholder(value) {
            if is_weak_default(value) {
                "NAME weak-default".to_string()
            } else {
                "NAME".to_string()
            }
        } else if is_secret_name(name) && std::env::var_os("SHOW_PLACEHOLDERS").is_some() {
            "PLACEHOLDER".to_string()
        } else {
            continue;
        };
        println!("{verdict}\t{name}\t{value}");
    }
}
