//! Robustness: hostile strings and ~2,000 deterministic mutations (byte flips,
//! truncations, splices, inserted YAML indicators) of real manifests go
//! through `decode` and `parse_stream`: no panic, spans inside the text and on
//! character boundaries, bounded time. The cargo-fuzz target in `fuzz/` runs
//! the same body on random input.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use portcullis_testkit::{Rng, files_under, shared_missing, shared_path};
use portcullis_yaml::{Node, NodeKind, Options, decode, parse_stream};

/// Time allowed for one input in a debug build.
const BUDGET: Duration = Duration::from_secs(3);

/// The fuzz body: parse, then check every span.
fn check(bytes: &[u8]) {
    let text = match decode(bytes) {
        Ok(t) => t.into_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    let start = Instant::now();
    let out = parse_stream(&text, &Options::default());
    let took = start.elapsed();
    assert!(
        took < BUDGET,
        "took {took:?} on {:?}",
        text.chars().take(200).collect::<String>()
    );
    let ok = |s: portcullis_source::Span| {
        s.start <= s.end && text.get(s.start as usize..s.end as usize).is_some()
    };
    for e in &out.errors {
        assert!(ok(e.span), "error span {:?} in {:?}", e.span, text);
    }
    for d in &out.documents {
        assert!(ok(d.span), "document span {:?}", d.span);
        let Some(root) = &d.root else { continue };
        let mut stack: Vec<&Node> = vec![root];
        while let Some(n) = stack.pop() {
            assert!(ok(n.span), "node span {:?} in {text:?}", n.span);
            match &n.kind {
                NodeKind::Seq(items) => stack.extend(items),
                NodeKind::Map(entries) => {
                    for e in entries {
                        stack.push(&e.key);
                        stack.push(&e.value);
                    }
                }
                _ => {}
            }
        }
    }
}

const SEEDS: &[&str] = &[
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: web\n        image: \"nginx:1.25\"\n        args: [--port, '8080']\n        securityContext:\n          privileged: true\n        command:\n        - sh\n        - -c\n        - |\n          echo hi\n          exec nginx\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n",
    "x-base: &base\n  image: nginx\n  restart: always\nservices:\n  web:\n    <<: *base\n    ports: [\"80:80\"]\n  db:\n    <<: [*base]\n    environment:\n      PASSWORD: >-\n        folded\n        text\n",
    "{\"kind\": \"Pod\", \"spec\": {\"containers\": [{\"name\": \"a\", \"image\": \"b\", \"env\": [{\"name\": \"é\", \"value\": \"日本\"}]}]}}\n",
    "# comment ünïcødé\n%YAML 1.1\n---\n? [complex, key]\n: value\n!!str tagged: !custom value\nanchored: &a [1, 2, {x: *a}]\n...\n",
];

const HOSTILE: &[&str] = &[
    "",
    "\0",
    "---",
    "...",
    "--- --- ---",
    ": : :",
    "? ? ?",
    "*a",
    "&a",
    "&a *a",
    "a: &a [*a]",
    "!<tag:yaml.org,2002:str> x",
    "%YAML 1.2\n%YAML 1.2\n---\n",
    "%TAG ! tag:x\n--- !a\n",
    "a:\tb",
    "\t- a",
    "- \t- a",
    "\u{feff}a: 1\n\u{feff}b: 2",
    "a: 'unterminated",
    "a: \"unterminated\\",
    "a: |\n\tbad",
    "a: |-2\n  x",
    "a: >+\n\n\n",
    "[a, {b: c], d}",
    "{a: [b, c}",
    "- a\nb: c",
    "a: b\n- c",
    "a:\n  b\n c: d",
    "\r\r\r a: \r b",
    "key with spaces and é: ü\n",
    "a: 1\na: 2\na: 3\n",
    "<<: *missing\n",
    "<<: 1\n",
    "<<: [1, {a: b}]\n",
    "a: !!binary |\n  R0lGODlh\n",
    "- !!map {a: b}\n- !!seq [c]\n- !!null ''\n",
];

fn hostile_generated() -> Vec<String> {
    let mut v = vec![
        "[".repeat(100_000),
        "{".repeat(100_000),
        "[{".repeat(50_000),
        "- ".repeat(50_000) + "x",
        "a: ".repeat(20_000) + "x",
        "&a ".repeat(10_000) + "x",
        "*a ".repeat(10_000),
        "? ".repeat(20_000),
        "x".repeat(1_000_000),
        format!("\"{}\"", "\\u00e9".repeat(100_000)),
        "é".repeat(200_000),
        "---\n".repeat(20_000),
        "\t".repeat(10_000),
        "#".repeat(100_000),
        ":".repeat(100_000),
    ];
    let mut dups = String::new();
    for i in 0..20_000 {
        dups.push_str(&format!("k{}: {i}\n", i % 7));
    }
    v.push(dups);
    let mut wide = String::new();
    for i in 0..50_000 {
        wide.push_str(&format!("key{i}: value\n"));
    }
    v.push(wide);
    let mut deep = String::new();
    for i in 0..3_000 {
        deep.push_str(&" ".repeat(i));
        deep.push_str("- k:\n");
    }
    v.push(deep);
    let mut laughs = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (i, c) in ('b'..='z').enumerate() {
        let prev = (b'a' + i as u8) as char;
        laughs.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    v.push(laughs);
    let mut merges = String::from("a: &a {x: 1}\n");
    for i in 0..5_000 {
        merges.push_str(&format!("m{i}: {{<<: [*a, *a, *a], y: {i}}}\n"));
    }
    v.push(merges);
    v
}

#[test]
fn hostile_strings() {
    for s in HOSTILE {
        check(s.as_bytes());
    }
    for s in hostile_generated() {
        check(s.as_bytes());
    }
    check(b"\xff\xfea\x00");
    check(b"a: \xc3\n");
}

fn shared_files() -> Vec<PathBuf> {
    let dir = shared_path(env!("CARGO_MANIFEST_DIR"), "corpus/k8s");
    if !dir.is_dir() {
        shared_missing(&dir, "is missing", "mutating built-in seeds only");
        return Vec::new();
    }
    files_under(&dir, &["yaml", "yml", "json"])
}

const INSERTS: &[&[u8]] = &[
    b"[",
    b"]",
    b"{",
    b"}",
    b":",
    b": ",
    b"- ",
    b"? ",
    b"*a",
    b"&a ",
    b"!",
    b"|",
    b">",
    b"\"",
    b"'",
    b"#",
    b"\t",
    b"\n",
    b"\n---\n",
    b"\n...\n",
    b"<<: *a\n",
    b"\xc3\xa9",
    b"\xe6\x97\xa5",
    b"\0",
    b"\\",
    b"%",
    b"@",
    b"`",
    b"\r",
];

fn mutate(rng: &mut Rng, base: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let pos = rng.below(v.len() + 1);
        match rng.below(6) {
            0 if !v.is_empty() => {
                let p = pos.min(v.len() - 1);
                v[p] ^= 1 << rng.below(8);
            }
            1 => v.truncate(pos),
            2 => {
                let ins = INSERTS[rng.below(INSERTS.len())];
                v.splice(pos..pos, ins.iter().copied());
            }
            3 if !other.is_empty() => {
                let a = rng.below(other.len());
                let b = (a + rng.below(400)).min(other.len());
                v.splice(pos..pos, other[a..b].iter().copied());
            }
            4 => {
                let end = (pos + rng.below(50)).min(v.len());
                v.drain(pos..end);
            }
            _ => {
                // re-indent a line
                let line_start = v[..pos]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |p| p + 1);
                let n = rng.below(5);
                v.splice(line_start..line_start, std::iter::repeat_n(b' ', n));
            }
        }
    }
    v
}

#[test]
fn deterministic_mutations() {
    let files = shared_files();
    let mut pool: Vec<Vec<u8>> = SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // A fixed sample of corpus files, small ones preferred for speed.
    for _ in 0..60 {
        if files.is_empty() {
            break;
        }
        let p = &files[rng.below(files.len())];
        if let Ok(b) = std::fs::read(p)
            && b.len() < 64 * 1024
        {
            pool.push(b);
        }
    }
    let start = Instant::now();
    for i in 0..2_000 {
        let base = &pool[i % pool.len()];
        let other = &pool[rng.below(pool.len())];
        let m = mutate(&mut rng, base, other);
        check(&m);
    }
    eprintln!("2000 mutations in {:?}", start.elapsed());
}
