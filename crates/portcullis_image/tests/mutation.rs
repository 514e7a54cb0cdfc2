//! Stable-Rust stand-in for the fuzz targets: the same bodies run over
//! deterministic mutations (bit flips, truncations, splices, random bytes) of
//! real layers, compressed and not, and of whole archives. Nothing may panic.

mod common;

use common::*;
use portcullis_image::{ImageOptions, NoProgress, analyse_layer_bytes, scan};
use portcullis_rules::Settings;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut d = base.to_vec();
    for _ in 0..1 + rng.below(8) {
        match rng.below(5) {
            0 if !d.is_empty() => {
                let i = rng.below(d.len());
                d[i] ^= 1 << rng.below(8);
            }
            1 if !d.is_empty() => {
                let i = rng.below(d.len());
                d[i] = rng.next() as u8;
            }
            2 => {
                let n = rng.below(d.len() + 1);
                d.truncate(n);
            }
            3 => {
                let i = rng.below(d.len() + 1);
                let extra: Vec<u8> = (0..rng.below(600)).map(|_| rng.next() as u8).collect();
                d.splice(i..i, extra);
            }
            _ if d.len() > 1024 => {
                // Copy one 512-byte block over another (header confusion).
                let a = rng.below(d.len() / 512) * 512;
                let b = rng.below(d.len() / 512) * 512;
                let block = d[a..(a + 512).min(d.len())].to_vec();
                let end = (b + block.len()).min(d.len());
                d[b..end].copy_from_slice(&block[..end - b]);
            }
            _ => {}
        }
    }
    d
}

fn sample_layer() -> Vec<u8> {
    let long = "x".repeat(150);
    let mut l = Layer::new();
    l.dir("etc/", 0o755)
        .file("etc/os-release", b"ID=debian\nVERSION_ID=12\n")
        .file(
            "etc/passwd",
            b"root:x:0:0::/root:/bin/sh\na::0:0::/:/bin/sh\n",
        )
        .file(
            "var/lib/dpkg/status",
            b"Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n",
        )
        .file("lib/apk/db/installed", b"P:musl\nV:1.2\nA:x86_64\n\n")
        .file(
            "app/.env",
            b"GITHUB_TOKEN=ghp_Zq8rT3vLw9XkP2mN7bC4dF6hJ1sY5uA0eRtG\n",
        )
        .file_mode("usr/bin/xmrig", 0o4755, b"\x7fELF stratum+tcp://p:1")
        .symlink("usr/bin/sh", "../../usr/bin/sh")
        .hardlink("usr/bin/h", "usr/bin/xmrig")
        .gnu_long(&format!("opt/{long}"), b"data")
        .pax_long(&format!("opt/{long}/p"), b"data")
        .sparse("opt/sparse", 2048, &[(0, &[1u8; 512]), (2044, b"tail")])
        .whiteout("etc/motd")
        .opaque("opt");
    l.finish()
}

fn opts() -> ImageOptions {
    ImageOptions {
        max_layer_bytes: 8 << 20,
        max_total_bytes: 8 << 20,
        today: Some("2026-12-04".into()),
        ..ImageOptions::default()
    }
}

#[test]
fn mutated_layers_never_panic() {
    let tar = sample_layer();
    assert!(analyse_layer_bytes(&tar, &opts()) > 0);
    let bases = [tar.clone(), gzip(&tar), zstd(&tar)];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..1500 {
        let base = &bases[i % bases.len()];
        let m = mutate(&mut rng, base);
        let _ = analyse_layer_bytes(&m, &opts());
    }
    // Pure garbage too.
    for n in [0usize, 1, 2, 4, 511, 512, 513, 1024, 4096] {
        let g: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
        let _ = analyse_layer_bytes(&g, &opts());
    }
}

#[test]
fn mutated_archives_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let layers = vec![Blob::gz(sample_layer())];
    let cfg = config_json(
        &layers,
        &["RUN x"],
        serde_json::json!({"User": "1", "Env": ["A=b"]}),
    );
    let archive = dir.path().join("a.tar");
    write_docker_archive(&archive, &layers, &cfg, "r/x:1", true);
    let base = std::fs::read(&archive).unwrap();
    let mut rng = Rng(42);
    let target = dir.path().join("m.tar");
    for _ in 0..300 {
        let m = mutate(&mut rng, &base);
        std::fs::write(&target, &m).unwrap();
        let _ = scan(&target, &opts(), &Settings::default(), &NoProgress);
    }
    // Mutated OCI index / manifest / config JSON.
    let oci = dir.path().join("oci");
    std::fs::create_dir_all(&oci).unwrap();
    write_oci(&oci, &layers, &cfg, Some("t"));
    let index = std::fs::read(oci.join("index.json")).unwrap();
    for _ in 0..300 {
        let m = mutate(&mut rng, &index);
        std::fs::write(oci.join("index.json"), &m).unwrap();
        let _ = scan(&oci, &opts(), &Settings::default(), &NoProgress);
    }
}
