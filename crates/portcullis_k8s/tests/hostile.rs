//! Stable-Rust twin of the `check_file` fuzz target: mutated fixtures and
//! garbage through `check_file` must never panic.

use portcullis_k8s::testing::fuzz_check_file;
use portcullis_testkit::Rng;
use std::path::Path;

const TOKENS: &[&[u8]] = &[
    b"\n",
    b": ",
    b"- ",
    b"  ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"---\n",
    b"kind: List\nitems:\n",
    b"true",
    b"0",
    b"\"",
    b"'",
    b"|\n",
    b"#",
    b"\t",
    b"\xff",
    b"\xc3",
    b"securityContext:\n",
    b"containers:\n",
    b"spec:\n",
    b"apiVersion: v1\n",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let pos = rng.below(data.len() + 1);
        match rng.below(4) {
            0 if !data.is_empty() => {
                let end = (pos + rng.below(16)).min(data.len());
                data.drain(pos.min(end)..end);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                data.splice(pos..pos, t.iter().copied());
            }
            2 if !data.is_empty() => {
                let i = pos.min(data.len() - 1);
                data[i] = rng.next() as u8;
            }
            _ => {
                let len = rng.below(64);
                let start = rng.below(data.len() + 1);
                let chunk: Vec<u8> = data[start..(start + len).min(data.len())].to_vec();
                data.splice(pos..pos, chunk);
            }
        }
    }
    data
}

#[test]
fn mutated_fixtures_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pss");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .flatten()
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty());
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for i in 0..1500 {
        let seed = &seeds[i % seeds.len()];
        fuzz_check_file(&mutate(&mut rng, seed));
    }
}

#[test]
fn garbage_never_panics() {
    let mut rng = Rng(42);
    for _ in 0..300 {
        let len = rng.below(512);
        let data: Vec<u8> = (0..len)
            .map(|_| {
                let t = TOKENS[rng.below(TOKENS.len())];
                t[rng.below(t.len())]
            })
            .collect();
        fuzz_check_file(&data);
    }
    fuzz_check_file(b"");
    fuzz_check_file("a: &x [*x, *x]\nb: &y [*x, *x, *x]\nc: [*y, *y, *y, *y]\n".as_bytes());
    let deep = "[".repeat(10_000);
    fuzz_check_file(deep.as_bytes());
}
