//! Benchmark: import time and database size for the fixture feeds and for a
//! synthetic OSV archive (generated here in a temporary directory, never
//! committed), then matching time for an image of 500 packages.
//!
//! ```text
//! cargo run --release -p portcullis_vulndb --example vulndb_bench -- [RECORDS] [SHARED_VULNDATA]
//! ```

use portcullis_pkgdb::{Distro, Package, PackageKind};
use portcullis_vulndb::{Database, MatchOptions, import};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let records: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(300_000);
    let shared = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/vulndata")
    });
    let dir = tempfile::tempdir().expect("temp dir");

    if shared.is_dir() {
        let db = dir.path().join("fixtures.redb");
        let tracker = shared.join("debian-security-tracker");
        let inputs = vec![
            shared.join("alpine-secdb"),
            tracker.join("DSA-list"),
            tracker.join("DLA-list"),
            shared.join("osv"),
        ];
        let t = Instant::now();
        let stats = import(&db, &inputs).expect("import fixtures");
        let secs = t.elapsed().as_secs_f64();
        let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
        println!(
            "fixture feeds: {} files, {} records, {} entries imported in {:.3} s; database {:.2} MB",
            stats.files,
            stats.records,
            stats.entries,
            secs,
            size as f64 / 1e6
        );
    } else {
        println!("fixture feeds: skipped ({} not found)", shared.display());
    }

    // Synthetic OSV archive: `records` records over 20,000 Debian:12 packages.
    let packages = 20_000usize;
    let zip_path = dir.path().join("all.zip");
    let t = Instant::now();
    {
        let file = std::fs::File::create(&zip_path).expect("create zip");
        let mut w = zip::ZipWriter::new(std::io::BufWriter::new(file));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in 0..records {
            let p = i % packages;
            let fixed_minor = i / packages;
            let sev = if i % 3 == 0 {
                r#","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N"}]"#
            } else {
                ""
            };
            w.start_file(format!("DEBIAN-CVE-2030-{i}.json"), opts)
                .expect("zip entry");
            write!(
                w,
                r#"{{"id":"DEBIAN-CVE-2030-{i}","modified":"2030-01-01T00:00:00Z","upstream":["CVE-2030-{i}"],"summary":"synthetic issue {i} in pkg{p}"{sev},"affected":[{{"package":{{"ecosystem":"Debian:12","name":"pkg{p}"}},"ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"1.{fixed_minor}.0-1+deb12u1"}}]}}]}}]}}"#
            )
            .expect("zip write");
        }
        w.finish().expect("zip finish");
    }
    let zip_size = std::fs::metadata(&zip_path).map(|m| m.len()).unwrap_or(0);
    println!(
        "synthetic archive: {records} records, {:.1} MB zip, generated in {:.2} s",
        zip_size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let db_path = dir.path().join("synthetic.redb");
    let t = Instant::now();
    let stats = import(&db_path, &[zip_path]).expect("import synthetic");
    let secs = t.elapsed().as_secs_f64();
    let size = std::fs::metadata(&db_path).map(|m| m.len()).unwrap_or(0);
    println!(
        "synthetic import: {} records, {} entries in {:.2} s ({:.0} records/s); database {:.1} MB",
        stats.records,
        stats.entries,
        secs,
        stats.records as f64 / secs,
        size as f64 / 1e6
    );

    // Matching: 500 installed packages (two binaries per source package).
    let t = Instant::now();
    let db = Database::open(&db_path).expect("open");
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let distro = Distro {
        id: "debian".into(),
        version_id: "12".into(),
        codename: Some("bookworm".into()),
        pretty_name: None,
    };
    let image: Vec<Package> = (0..500)
        .map(|i| {
            let src = format!("pkg{}", i / 2 * 7);
            Package {
                kind: PackageKind::Dpkg,
                name: format!("{src}-bin{}", i % 2),
                version: "1.5.0-1".into(),
                source_name: src,
                source_version: "1.5.0-1".into(),
                arch: Some("amd64".into()),
                licenses: Vec::new(),
                layer: None,
                db_path: String::new(),
            }
        })
        .collect();
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..30 {
        let t = Instant::now();
        let m = db
            .match_packages(&distro, &image, &MatchOptions::default())
            .expect("match");
        times.push(t.elapsed().as_secs_f64() * 1e3);
        found = m.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "match 500 packages, all vulnerable: median {:.2} ms, min {:.2} ms, max {:.2} ms ({found} matches; open {open_ms:.2} ms)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    // The same image patched: every advisory is looked up and evaluated, none match.
    let patched: Vec<Package> = image
        .into_iter()
        .map(|mut p| {
            p.version = "9.0.0-1".into();
            p.source_version = "9.0.0-1".into();
            p
        })
        .collect();
    let mut times = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let m = db
            .match_packages(&distro, &patched, &MatchOptions::default())
            .expect("match");
        times.push(t.elapsed().as_secs_f64() * 1e3);
        found = m.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "match 500 packages, patched: median {:.2} ms, min {:.2} ms, max {:.2} ms ({found} matches)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
