//! Stable-Rust twin of the fuzz targets: the same bodies
//! (`portcullis_vulndb::fuzzing`) over deterministic mutations of real and
//! synthetic feed files and version strings, plus pure garbage.

mod common;

use portcullis_testkit::Rng;
use portcullis_vulndb::fuzzing::{feed_parsers, version_laws};
use portcullis_vulndb::version::VersionScheme;
use std::io::Write;

const INTERESTING: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"null",
    b"-",
    b"~",
    b"^",
    b"_",
    b".",
    b"\n",
    b"\t",
    b"0",
    b"99999999999999999999999",
    b"-r",
    b"_rc",
    b"secfixes",
    b"affected",
    b"\"introduced\"",
    b"\"fixed\"",
    b"releases",
    b"{CVE-",
    b"[bookworm] - ",
    b"PK\x03\x04",
    b"\xff\xfe",
    b"&a",
    b"*a",
    b"!!binary",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            1 => {
                let i = rng.below(v.len() + 1);
                let ins = INTERESTING[rng.below(INTERESTING.len())];
                v.splice(i..i, ins.iter().copied());
            }
            2 if !v.is_empty() => {
                let i = rng.below(v.len());
                let j = (i + rng.below(16)).min(v.len());
                v.drain(i..j);
            }
            3 => {
                let n = rng.below(v.len() + 1);
                v.truncate(n);
            }
            4 if !v.is_empty() => {
                // Duplicate a slice (nesting, repeated keys).
                let i = rng.below(v.len());
                let j = (i + rng.below(64)).min(v.len());
                let dup = v[i..j].to_vec();
                v.splice(j..j, dup);
            }
            _ => {
                let n = rng.below(8);
                for _ in 0..n {
                    v.push(rng.next() as u8);
                }
            }
        }
    }
    v
}

fn small_zip() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("A.json", opts).unwrap();
    w.write_all(OSV.as_bytes()).unwrap();
    w.start_file("B.json", opts).unwrap();
    w.write_all(b"{\"id\":\"B\"}").unwrap();
    w.finish().unwrap().into_inner()
}

const OSV: &str = r#"{"id":"DSA-1-1","aliases":["CVE-2020-1"],"upstream":["CVE-2020-2"],"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],"affected":[{"package":{"ecosystem":"Debian:12","name":"foo"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.2-1"},{"introduced":"2.0"},{"last_affected":"2.3"}]}],"versions":["1.0-1"]}]}"#;

fn seeds() -> Vec<Vec<u8>> {
    let mut s: Vec<Vec<u8>> = vec![
        OSV.as_bytes().to_vec(),
        format!("[{OSV},{OSV}]").into_bytes(),
        small_zip(),
        b"---\ndistroversion: v3.10\nreponame: main\npackages:\n  - pkg:\n      name: openssl\n      secfixes:\n        1.1.1d-r0:\n          - CVE-2019-1547\n        0:\n          - CVE-2000-1\n".to_vec(),
        br#"{"distroversion":"v3.20","reponame":"main","packages":[{"pkg":{"name":"a","secfixes":{"1.0-r0":["CVE-1 XSA-2"]}}}]}"#.to_vec(),
        br#"{"openssl":{"CVE-2023-0286":{"releases":{"bookworm":{"status":"resolved","fixed_version":"3.0.8-1","urgency":"high"},"bullseye":{"status":"open"}}}}}"#.to_vec(),
        b"[29 Mar 2023] DSA-5380-1 xorg-server - security update\n\t{CVE-2023-1393}\n\t[bullseye] - xorg-server 2:1.20.11-1+deb11u6\n\t[buster] - x <not-affected> (y)\n".to_vec(),
    ];
    if let Some(data) = common::vulndata() {
        for f in [
            "alpine-secdb/v3.10-main.yaml",
            "debian-security-tracker/DSA-list",
            "debian-security-tracker/DLA-list",
            "osv/DSA-3029-1.json",
            "osv/DLA-3623-1.json",
        ] {
            let bytes = std::fs::read(data.join(f)).unwrap();
            s.push(bytes[..bytes.len().min(6000)].to_vec());
        }
    }
    s
}

#[test]
fn feed_parsers_survive_mutations_and_garbage() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let seeds = seeds();
    for seed in &seeds {
        feed_parsers(seed);
        for _ in 0..300 {
            feed_parsers(&mutate(&mut rng, seed));
        }
    }
    for len in [0usize, 1, 2, 7, 64, 512, 4096] {
        let garbage: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        feed_parsers(&garbage);
    }
}

#[test]
fn version_parsers_survive_mutations_and_garbage() {
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    let mut seeds: Vec<Vec<u8>> = [
        "1:2.30-1+deb12u1\n2.30~rc1-1\n1:2.30-1",
        "1.1.1d-r0\n1.1.1c-r0\n1.0_rc1_p2-r10",
        "1:1.0-1.el9_2\n1.0^git1~rc2-3\n1.0-1.el9",
        "10.2.22.r0\n6.6.2p1-r0\n1.18.-r2",
        "\n\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    if let Some(data) = common::vulndata() {
        let text = std::fs::read_to_string(data.join("osv/apk-valid-versions.txt")).unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        for w in lines.windows(3).step_by(7) {
            seeds.push(w.join("\n").into_bytes());
        }
    }
    for scheme in [VersionScheme::Deb, VersionScheme::Apk, VersionScheme::Rpm] {
        for seed in &seeds {
            version_laws(scheme, seed);
            for _ in 0..400 {
                version_laws(scheme, &mutate(&mut rng, seed));
            }
        }
        for _ in 0..200 {
            let garbage: Vec<u8> = (0..rng.below(40)).map(|_| rng.next() as u8).collect();
            version_laws(scheme, &garbage);
        }
    }
}
