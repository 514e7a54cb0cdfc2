//! Stable-Rust stand-in for the fuzz target: the same body over random bytes
//! and over mutations of inputs that reach every detector.

use portcullis_secrets::fuzz_body;

fn next(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

const SEEDS: &[&str] = &[
    "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n",
    "aws_secret_access_key = AKIA",
    "\"auth\": \"dXNlcjpwYXNz\"",
    "//r/:_authToken=abc",
    "password = x",
    "https://u:p@h\n",
    "ghp_ gho_ glpat- xoxb- sk_live_ npm_ pypi-AgEIcHlwaS5vcmc AIza eyJ hooks.slack.com/",
    "é\u{0}\u{ff}ÿ",
];

#[test]
fn random_and_mutated_inputs_never_panic() {
    let mut x = 0x1234_5678_9abc_def0_u64;
    for i in 0..3000 {
        let len = (next(&mut x) % 512) as usize;
        let mut data: Vec<u8> = if i % 2 == 0 {
            (0..len).map(|_| next(&mut x) as u8).collect()
        } else {
            let seed = SEEDS[(next(&mut x) % SEEDS.len() as u64) as usize];
            let mut d = seed.as_bytes().to_vec();
            for _ in 0..(next(&mut x) % 8) {
                let r = next(&mut x);
                match r % 4 {
                    0 if !d.is_empty() => {
                        let p = (r >> 8) as usize % d.len();
                        d[p] = (r >> 16) as u8;
                    }
                    1 => {
                        let p = (r >> 8) as usize % (d.len() + 1);
                        let other = SEEDS[(r >> 20) as usize % SEEDS.len()];
                        d.splice(p..p, other.bytes());
                    }
                    2 if !d.is_empty() => {
                        let p = (r >> 8) as usize % d.len();
                        d.truncate(p);
                    }
                    _ => d.extend_from_slice(b"\n-----END"),
                }
            }
            d
        };
        fuzz_body(&data);
        data.reverse();
        fuzz_body(&data);
    }
    fuzz_body(&[]);
    fuzz_body(&[b'\n'; 10_000]);
    fuzz_body("PRIVATE KEY".repeat(2000).as_bytes());
}
