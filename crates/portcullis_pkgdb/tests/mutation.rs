//! No-panic tests on stable Rust: every parser runs over truncations, byte flips, field
//! overwrites and garbage derived from real and synthetic databases, with the same bodies
//! as the cargo-fuzz targets in `fuzz/`. Also checks the Berkeley DB walk stops on cycles.

use std::time::{Duration, Instant};

use portcullis_pkgdb::rpm::parse_rpm_header;
use portcullis_pkgdb::{
    detect_distro, distro_from_redhat_release, dpkg_licenses_from_copyright, parse_apk_installed,
    parse_dpkg_status, parse_rpm_container_manifest, parse_rpmdb, parse_rpmdb_bdb, parse_rpmdb_ndb,
    parse_rpmdb_sqlite,
};
use portcullis_testkit::{Rng, shared_file};

/// Mutants of `seed`: truncations, single and multiple byte flips, 32-bit fields set to
/// extreme values, a duplicated slice, and pure garbage.
fn mutants(seed: &[u8], rounds: usize, rng: &mut Rng) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let n = seed.len();
    for cut in [
        0,
        1,
        7,
        8,
        15,
        16,
        31,
        32,
        100,
        n / 3,
        n / 2,
        n.saturating_sub(1),
    ] {
        out.push(seed[..cut.min(n)].to_vec());
    }
    for _ in 0..rounds {
        let mut m = seed.to_vec();
        match rng.below(5) {
            0 if n > 0 => {
                let i = rng.below(n);
                m[i] ^= 1 << rng.below(8);
            }
            1 if n > 0 => {
                for _ in 0..8 {
                    let i = rng.below(n);
                    m[i] = rng.next() as u8;
                }
            }
            2 if n >= 4 => {
                let i = rng.below(n - 3) & !3;
                let v: [u8; 4] = match rng.below(4) {
                    0 => [0xff; 4],
                    1 => [0; 4],
                    2 => [0x7f, 0xff, 0xff, 0xff],
                    _ => [0xff, 0xff, 0xff, 0x7f],
                };
                m[i..i + 4].copy_from_slice(&v);
            }
            3 if n > 0 => {
                let a = rng.below(n);
                let b = (a + rng.below(64)).min(n);
                let chunk = m[a..b].to_vec();
                let at = rng.below(n);
                m.splice(at..at, chunk);
            }
            _ => {
                let len = rng.below(512);
                m = (0..len).map(|_| rng.next() as u8).collect();
            }
        }
        out.push(m);
    }
    out
}

fn shared(rel: &str) -> Option<Vec<u8>> {
    shared_file(
        env!("CARGO_MANIFEST_DIR"),
        &format!("fixtures/{rel}"),
        "synthetic seeds only",
    )
}

/// Runs `body` over the mutants of every seed, within a time budget.
fn run(seeds: &[Vec<u8>], rounds: usize, body: impl Fn(&[u8])) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = Instant::now();
    for seed in seeds {
        body(seed);
        for m in mutants(seed, rounds, &mut rng) {
            body(&m);
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "parser too slow on a mutant"
            );
        }
    }
}

// ---- synthetic databases -------------------------------------------------------------

fn header_blob(name: &str) -> Vec<u8> {
    let strings: [(u32, &str); 5] = [
        (1000, name),
        (1001, "1.0"),
        (1002, "1.el9"),
        (1014, "MIT"),
        (1044, "pkg-1.0-1.el9.src.rpm"),
    ];
    let mut index = Vec::new();
    let mut data = Vec::new();
    for (tag, s) in strings {
        index.extend_from_slice(&tag.to_be_bytes());
        index.extend_from_slice(&6u32.to_be_bytes());
        index.extend_from_slice(&(data.len() as u32).to_be_bytes());
        index.extend_from_slice(&1u32.to_be_bytes());
        data.extend_from_slice(s.as_bytes());
        data.push(0);
    }
    let mut out = Vec::new();
    out.extend_from_slice(&(strings.len() as u32).to_be_bytes());
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(&index);
    out.extend_from_slice(&data);
    out
}

fn ndb_file(blobs: &[Vec<u8>]) -> Vec<u8> {
    let mut f = vec![0u8; 4096];
    f[0..4].copy_from_slice(b"RpmP");
    f[12..16].copy_from_slice(&1u32.to_le_bytes());
    for i in 0..(4096 / 16 - 2) {
        f[32 + i * 16..36 + i * 16].copy_from_slice(b"Slot");
    }
    for (i, blob) in blobs.iter().enumerate() {
        let offset = f.len();
        let slot = 32 + i * 16;
        f[slot + 4..slot + 8].copy_from_slice(&(i as u32 + 1).to_le_bytes());
        f[slot + 8..slot + 12].copy_from_slice(&((offset / 16) as u32).to_le_bytes());
        f.extend_from_slice(b"BlbS");
        f.extend_from_slice(&(i as u32 + 1).to_le_bytes());
        f.extend_from_slice(&0u32.to_le_bytes());
        f.extend_from_slice(&(blob.len() as u32).to_le_bytes());
        f.extend_from_slice(blob);
        while !f.len().is_multiple_of(16) {
            f.push(0);
        }
    }
    f
}

/// A little-endian Berkeley DB hash file: metadata, one hash page, overflow pages.
fn bdb_file(blob: &[u8]) -> Vec<u8> {
    const PS: usize = 512;
    let payload = PS - 26;
    let chunks: Vec<&[u8]> = blob.chunks(payload).collect();
    let pages = 2 + chunks.len();
    let mut f = vec![0u8; PS * pages];
    f[12..16].copy_from_slice(&0x0006_1561u32.to_le_bytes());
    f[20..24].copy_from_slice(&(PS as u32).to_le_bytes());
    f[25] = 8;
    f[32..36].copy_from_slice(&((pages - 1) as u32).to_le_bytes());
    let hp = PS;
    f[hp + 20..hp + 22].copy_from_slice(&2u16.to_le_bytes());
    f[hp + 25] = 13;
    let (key_at, val_at) = (PS - 8, PS - 24);
    f[hp + 26..hp + 28].copy_from_slice(&(key_at as u16).to_le_bytes());
    f[hp + 28..hp + 30].copy_from_slice(&(val_at as u16).to_le_bytes());
    f[hp + key_at] = 1;
    f[hp + val_at] = 3;
    f[hp + val_at + 4..hp + val_at + 8].copy_from_slice(&2u32.to_le_bytes());
    f[hp + val_at + 8..hp + val_at + 12].copy_from_slice(&(blob.len() as u32).to_le_bytes());
    for (i, chunk) in chunks.iter().enumerate() {
        let p = (2 + i) * PS;
        f[p + 25] = 7;
        let next = if i + 1 < chunks.len() {
            3 + i as u32
        } else {
            0
        };
        f[p + 16..p + 20].copy_from_slice(&next.to_le_bytes());
        f[p + 22..p + 24].copy_from_slice(&(chunk.len() as u16).to_le_bytes());
        f[p + 26..p + 26 + chunk.len()].copy_from_slice(chunk);
    }
    f
}

// ---- tests -----------------------------------------------------------------------------

#[test]
fn synthetic_databases_parse() {
    let blob = header_blob("synthetic");
    let ndb = parse_rpmdb_ndb(&ndb_file(&[blob.clone(), header_blob("two")]), "x").unwrap();
    assert_eq!(ndb.len(), 2);
    assert_eq!(ndb[1].name, "two");
    // A header bigger than a page spans several overflow pages.
    let mut big = header_blob(&"n".repeat(1500));
    let bdb = parse_rpmdb_bdb(&bdb_file(&big), "x").unwrap();
    assert_eq!(bdb[0].name.len(), 1500);
    big.truncate(20);
    assert!(parse_rpmdb_bdb(&bdb_file(&big), "x").is_err());
}

#[test]
fn bdb_overflow_cycle_is_an_error() {
    let blob = header_blob(&"n".repeat(1500));
    let mut f = bdb_file(&blob);
    // Point the third overflow page back at the first.
    let p = 4 * 512;
    f[p + 16..p + 20].copy_from_slice(&2u32.to_le_bytes());
    let err = parse_rpmdb_bdb(&f, "Packages").unwrap_err();
    assert!(err.to_string().contains("loops"), "{err}");
    if let Some(mut real) = shared("rpmdb/rhel8-libuuid/Packages") {
        let ps = 4096;
        let first = (0..real.len() / ps)
            .find(|&n| real[n * ps + 25] == 7)
            .unwrap();
        real[first * ps + 16..first * ps + 20].copy_from_slice(&(first as u32).to_le_bytes());
        assert!(parse_rpmdb_bdb(&real, "Packages").is_err());
    }
}

#[test]
fn huge_counts_are_rejected_quickly() {
    let mut ndb = ndb_file(&[header_blob("x")]);
    ndb[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(parse_rpmdb_ndb(&ndb, "x").is_err());
    let mut bdb = bdb_file(&header_blob("x"));
    bdb[32..36].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(parse_rpmdb_bdb(&bdb, "x").is_err());
    let mut h = header_blob("x");
    h[0..4].copy_from_slice(&0xffffu32.to_be_bytes());
    h[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(parse_rpm_header(&h, "x").is_err());
}

#[test]
fn rpm_header_no_panic() {
    let mut seeds = vec![header_blob("a"), header_blob(&"b".repeat(300))];
    if let Some(db) = shared("rpmdb/sle15-bci/Packages.db")
        && let Some(start) = db.windows(4).position(|w| w == b"BlbS")
    {
        let len = u32::from_le_bytes(db[start + 12..start + 16].try_into().unwrap()) as usize;
        seeds.push(db[start + 16..start + 16 + len].to_vec());
    }
    run(&seeds, 3000, |d| {
        let _ = parse_rpm_header(d, "fuzz");
    });
}

#[test]
fn rpm_ndb_no_panic() {
    let mut seeds = vec![ndb_file(&[header_blob("a"), header_blob("b")])];
    seeds.extend(shared("rpmdb/sle15-bci/Packages.db"));
    run(&seeds, 400, |d| {
        let _ = parse_rpmdb_ndb(d, "fuzz");
        let _ = parse_rpmdb(d, "fuzz");
    });
}

#[test]
fn rpm_bdb_no_panic() {
    let mut seeds = vec![bdb_file(&header_blob(&"c".repeat(1200)))];
    seeds.extend(shared("rpmdb/rhel8-libuuid/Packages"));
    seeds.extend(shared("rpmdb/syft-bdb/Packages"));
    run(&seeds, 1500, |d| {
        let _ = parse_rpmdb_bdb(d, "fuzz");
        let _ = parse_rpmdb(d, "fuzz");
    });
}

#[test]
fn rpm_sqlite_no_panic() {
    // SQLite copies and opens the whole image per run: fewer rounds.
    let mut seeds = vec![b"SQLite format 3\0".to_vec()];
    seeds.extend(shared("rpmdb/cbl-mariner-2.0/rpmdb.sqlite"));
    run(&seeds, 25, |d| {
        let _ = parse_rpmdb_sqlite(d, "fuzz");
    });
}

#[test]
fn text_parsers_no_panic() {
    let mut seeds: Vec<Vec<u8>> = vec![
        b"Package: a\nVersion: 1\nSource: b (2)\nStatus: install ok installed\n\n".to_vec(),
        b"P:a\nV:1\nA:x86_64\no:b\n\nP:c\n".to_vec(),
        b"a\t1-2\t0\t0\tv\t(none)\t1\tx86_64\t0\ta-1-2.src.rpm\n".to_vec(),
        b"ID=\"debian\"\nVERSION_ID='12'\nPRETTY_NAME=\"a \\\" b\"\n".to_vec(),
    ];
    for f in [
        "dpkg/trivy-dpkg-valid.txtar",
        "dpkg/distroless-status.d/dash",
        "apk/trivy-apk-installed",
        "rpmdb/syft-container-manifest-2",
    ] {
        seeds.extend(shared(f));
    }
    run(&seeds, 300, |d| {
        let _ = parse_dpkg_status(d, "fuzz");
        let _ = parse_apk_installed(d, "fuzz");
        let text = String::from_utf8_lossy(d);
        let _ = parse_rpm_container_manifest(&text, "fuzz");
        let _ = detect_distro(&text);
        let _ = distro_from_redhat_release(&text);
        let _ = dpkg_licenses_from_copyright(&text);
    });
}
