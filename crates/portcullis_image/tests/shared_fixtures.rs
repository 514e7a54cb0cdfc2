//! Real images from `../shared/fixtures/images`: Alpine minirootfs, trivy's
//! `docker save` archives of alpine 3.10/3.11 (legacy layout) and the
//! hello-world OCI layout. Skipped with a note when the shared folder is
//! missing, unless PORTCULLIS_REQUIRE_SHARED=1.

mod common;

use portcullis_image::{ImageOptions, ImageScan, NoProgress, scan};
use portcullis_rules::Settings;
use std::path::PathBuf;

fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("PORTCULLIS_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("{} is missing and PORTCULLIS_REQUIRE_SHARED=1", p.display());
    }
    eprintln!("note: skipping, {} is missing", p.display());
    None
}

fn run(p: &std::path::Path) -> ImageScan {
    let opts = ImageOptions {
        today: Some("2026-12-04".into()),
        ..ImageOptions::default()
    };
    scan(p, &opts, &Settings::default(), &NoProgress).expect("scan")
}

fn no_noise(s: &ImageScan) {
    let noisy: Vec<_> = s
        .findings
        .iter()
        .filter(|f| {
            ["IM010", "IM011", "IM012", "IM030", "IM031", "IM025"].contains(&f.rule_id.as_str())
        })
        .map(|f| format!("{} {}", f.rule_id, f.message))
        .collect();
    assert!(noisy.is_empty(), "{noisy:?}");
}

/// `name version` lines of an apk installed database.
fn apk_names(db: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (mut n, mut v) = (None, None);
    for line in db.lines().chain(std::iter::once("")) {
        if let Some(x) = line.strip_prefix("P:") {
            n = Some(x.to_string());
        } else if let Some(x) = line.strip_prefix("V:") {
            v = Some(x.to_string());
        } else if line.is_empty()
            && let (Some(a), Some(b)) = (n.take(), v.take())
        {
            out.push((a, b));
        }
    }
    out.sort();
    out
}

#[test]
fn alpine_minirootfs_inventory_matches_the_apk_database() {
    let (Some(img), Some(db)) = (
        shared("fixtures/images/alpine-minirootfs-3.20.3/alpine-minirootfs-3.20.3-x86_64.tar.gz"),
        shared("fixtures/apk/alpine-3.20.3-minirootfs.installed"),
    ) else {
        return;
    };
    let s = run(&img);
    assert_eq!(s.input_kind, "rootfs-tar");
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let mut got: Vec<(String, String)> = s
        .packages
        .iter()
        .map(|p| (p.name.clone(), p.version.clone()))
        .collect();
    got.sort();
    let want = apk_names(&std::fs::read_to_string(db).unwrap());
    assert_eq!(want.len(), 14);
    assert_eq!(got, want);
    let d = s.distro.unwrap();
    assert_eq!((d.id.as_str(), d.version_id.as_str()), ("alpine", "3.20.3"));
    assert!(
        s.findings.iter().any(|f| f.rule_id == "IM040"),
        "3.20 ended 2026-04-01"
    );
    no_noise(&run(&img));
}

#[test]
fn trivy_alpine_310_docker_save_matches_trivy_golden() {
    let (Some(img), Some(golden)) = (
        shared("fixtures/images/trivy-alpine-310.tar.gz"),
        shared("fixtures/images/trivy-alpine-310.packages.golden.json"),
    ) else {
        return;
    };
    let s = run(&img);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(s.reference.as_deref(), Some("alpine:3.10"));
    let golden: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(golden).unwrap()).unwrap();
    let mut want: Vec<(String, String, String)> = golden
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["Name"].as_str().unwrap().to_string(),
                p["Arch"].as_str().unwrap().to_string(),
                p["SrcName"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    want.sort();
    let mut got: Vec<(String, String, String)> = s
        .packages
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.arch.clone().unwrap_or_default(),
                p.source_name.clone(),
            )
        })
        .collect();
    got.sort();
    // Names, architectures and source names match trivy's golden file. Its
    // versions come from an older `alpine:3.10` (openssl 1.1.1c-r0); the
    // archive itself holds 1.1.1d-r2, so versions are checked against that.
    assert_eq!(got, want);
    let ssl = s.packages.iter().find(|p| p.name == "libssl1.1").unwrap();
    assert_eq!(ssl.version, "1.1.1d-r2");
    let diff = s.layers[0].diff_id.clone();
    assert!(diff.is_some());
    assert!(s.packages.iter().all(|p| p.layer == diff));
    assert!(s.findings.iter().any(|f| f.rule_id == "IM040"));
    assert!(s.findings.iter().any(|f| f.rule_id == "IM001"));
    no_noise(&s);
}

#[test]
fn trivy_alpine_311_and_hello_world_oci() {
    if let Some(img) = shared("fixtures/images/trivy-alpine-311.tar.gz") {
        let s = run(&img);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(s.packages.len(), 14);
        assert_eq!(s.distro.as_ref().unwrap().version_id, "3.11.5");
        no_noise(&s);
    }
    if let Some(img) = shared("fixtures/images/trivy-hello-world.oci") {
        let s = run(&img);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(s.input_kind, "oci-layout");
        assert_eq!(s.layers.len(), 1);
        assert!(s.packages.is_empty());
        assert!(s.reference.is_none());
        no_noise(&s);
    }
}

#[test]
fn rpm_and_distroless_databases_in_layers() {
    let (Some(al), Some(sle), Some(bdb), Some(manifest), Some(status_d)) = (
        shared("fixtures/rpmdb/amazonlinux2023-plain/rpmdb.sqlite"),
        shared("fixtures/rpmdb/sle15-bci/Packages.db"),
        shared("fixtures/rpmdb/rhel8-libuuid/Packages"),
        shared("fixtures/rpmdb/syft-container-manifest-2"),
        shared("fixtures/dpkg/distroless-status.d"),
    ) else {
        return;
    };
    let read = |p: &std::path::Path| std::fs::read(p).unwrap();
    let cases: Vec<(&str, Vec<u8>, usize)> = vec![
        // 103 headers, one of them the gpg-pubkey pseudo-package
        ("var/lib/rpm/rpmdb.sqlite", read(&al), 102),
        ("usr/lib/sysimage/rpm/Packages.db", read(&sle), 36),
        ("var/lib/rpm/Packages", read(&bdb), 1),
        (
            "var/lib/rpmmanifest/container-manifest-2",
            read(&manifest),
            5,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (path, data, want) in cases {
        let mut l = common::Layer::new();
        l.file(path, &data);
        let p = dir.path().join("rpm.tar");
        std::fs::write(&p, l.finish()).unwrap();
        let s = run(&p);
        assert!(s.errors.is_empty(), "{path}: {:?}", s.errors);
        assert_eq!(s.packages.len(), want, "{path}");
    }
    let mut l = common::Layer::new();
    for name in ["dash", "libsqlite3-0", "netbase"] {
        l.file(
            &format!("var/lib/dpkg/status.d/{name}"),
            &read(&status_d.join(name)),
        );
        l.file(
            &format!("var/lib/dpkg/status.d/{name}.md5sums"),
            b"d41d8cd98f00b204e9800998ecf8427e  x\n",
        );
    }
    let p = dir.path().join("distroless.tar");
    std::fs::write(&p, l.finish()).unwrap();
    let s = run(&p);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let names: Vec<&str> = s.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["dash", "libsqlite3-0", "netbase"]);
}
