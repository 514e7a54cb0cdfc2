//! The fuzz body on stable Rust: every fixture truncated at every few bytes,
//! with bytes flipped and lines shuffled, plus hand-written hostile inputs
//! (alias bombs, deep nesting, odd types where mappings are expected).

use portcullis_compose::testing::fuzz_check_file;
use std::path::Path;

fn fixture_texts() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(t) = std::fs::read_to_string(&p) {
                out.push(t);
            }
        }
    }
    out.sort();
    out
}

/// A small deterministic generator (xorshift) so the test is stable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    const BYTES: &[u8] = b":-[]{}&*<>!|#'\"\n \t,?%@`$~0123456789abc";
    for text in fixture_texts() {
        let bytes = text.as_bytes();
        for cut in (0..bytes.len()).step_by(7) {
            fuzz_check_file(&bytes[..cut]);
        }
        for _ in 0..60 {
            let mut m = bytes.to_vec();
            for _ in 0..1 + rng.next() % 4 {
                if m.is_empty() {
                    break;
                }
                let i = (rng.next() as usize) % m.len();
                m[i] = BYTES[(rng.next() as usize) % BYTES.len()];
            }
            fuzz_check_file(&m);
        }
        let mut lines: Vec<&str> = text.lines().collect();
        for _ in 0..10 {
            let a = (rng.next() as usize) % lines.len().max(1);
            let b = (rng.next() as usize) % lines.len().max(1);
            if !lines.is_empty() {
                lines.swap(a, b);
            }
            fuzz_check_file(lines.join("\n").as_bytes());
        }
    }
}

#[test]
fn hostile_inputs_never_panic() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
                services:\n  s:\n    volumes: *f\n";
    let deep = format!("services:\n  s:\n    environment: {}\n", "[".repeat(5000));
    let inputs: Vec<String> = vec![
        bomb.to_string(),
        deep,
        "services:\n  s: 3\n  t: [1, 2]\n  u:\n".into(),
        "services:\n  s:\n    ports: [\":\", \"::\", \"[::\", \"/\", 99999999999, -1, {target: x}]\n".into(),
        "services:\n  s:\n    volumes: [\":\", \"::::\", \"C:\", {type: bind}, {source: ~}, 7]\n".into(),
        "services:\n  s:\n    user: \":\"\n    security_opt: [\":\", \"=\", label, \"label:\", seccomp]\n".into(),
        "services:\n  s:\n    environment: [\"=\", \"==\", \"\", 5]\n    sysctls: [\"=\", 3]\n".into(),
        "services:\n  s:\n    env_file: [{path: .env, required: maybe}, 3, {}]\n".into(),
        "services:\n  s:\n    build: {args: [\"=x\", {a: b}]}\n    devices: [{}, 1]\n".into(),
        "services:\n  s:\n    <<: [1, 2]\n    cap_add: [\"\", \"cap_\"]\n".into(),
        "services:\n  \"é\":\n    user: \"ü:ö\"\n    ports: [\"ä:1\"]\n".into(),
        "\u{feff}services: {s: {privileged: yes}}\n---\nservices: {t: {}}\n".into(),
    ];
    for i in &inputs {
        fuzz_check_file(i.as_bytes());
    }
}
