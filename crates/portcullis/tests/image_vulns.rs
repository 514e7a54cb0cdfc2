//! End to end on real data: the real `alpine:3.10` docker-save archive from
//! ../shared/fixtures, a vulnerability database imported from the real Alpine
//! secdb, `portcullis image`, `portcullis sbom --with-vulnerabilities` and
//! `portcullis db status`. The archive already carries openssl 1.1.1d-r2 (at
//! the fix), so the test also rewrites its apk database to 1.1.1c-r0 — the
//! version trivy's golden file lists — and expects exactly the three openssl
//! CVEs for libcrypto1.1 and libssl1.1.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("fixtures/images/trivy-alpine-310.tar.gz").is_file() {
        return Some(p);
    }
    if std::env::var_os("PORTCULLIS_REQUIRE_SHARED").is_some() {
        panic!("../shared/fixtures is missing and PORTCULLIS_REQUIRE_SHARED is set");
    }
    eprintln!("skipping: ../shared/fixtures is not present");
    None
}

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(args)
        .current_dir(dir)
        .env("PORTCULLIS_TODAY", "2026-12-04")
        .output()
        .expect("run portcullis")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// Rewrites the archive's apk database so openssl is 1.1.1c-r0, and writes
/// the result as a plain (uncompressed) docker-save archive.
fn downgrade_openssl(src: &Path, dst: &Path) {
    let mut gz = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(src).unwrap())
        .read_to_end(&mut gz)
        .unwrap();
    let mut outer = tar::Archive::new(&gz[..]);
    let mut out = tar::Builder::new(std::fs::File::create(dst).unwrap());
    for entry in outer.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if path.to_string_lossy().ends_with("layer.tar") {
            data = rewrite_layer(&data);
        }
        let mut header = entry.header().clone();
        header.set_size(data.len() as u64);
        header.set_cksum();
        out.append_data(&mut header, &path, &data[..]).unwrap();
    }
    out.finish().unwrap();
}

fn rewrite_layer(layer: &[u8]) -> Vec<u8> {
    let mut inner = tar::Archive::new(layer);
    let mut out = tar::Builder::new(Vec::new());
    for entry in inner.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().into_owned();
        let mut header = entry.header().clone();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if path == Path::new("lib/apk/db/installed") {
            let text = String::from_utf8(data).unwrap();
            assert!(text.contains("V:1.1.1d-r2"), "fixture changed");
            data = text.replace("V:1.1.1d-r2", "V:1.1.1c-r0").into_bytes();
            header.set_size(data.len() as u64);
            header.set_cksum();
        }
        if header.entry_type().is_symlink() || header.entry_type().is_hard_link() {
            let link = entry.link_name().unwrap().unwrap().into_owned();
            out.append_link(&mut header, &path, &link).unwrap();
        } else {
            out.append_data(&mut header, &path, &data[..]).unwrap();
        }
    }
    out.into_inner().unwrap()
}

fn vulns(report: &serde_json::Value) -> Vec<(String, String, String, String)> {
    let mut v: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "VU001")
        .map(|f| {
            let p = &f["properties"];
            (
                p["package"].as_str().unwrap().to_string(),
                p["installed_version"].as_str().unwrap().to_string(),
                p["vulnerability"].as_str().unwrap().to_string(),
                p["fixed_version"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn alpine_310_against_the_alpine_secdb() {
    let Some(shared) = shared() else { return };
    let t = tempfile::tempdir().unwrap();
    let db = t.path().join("vuln.redb");
    let db_s = db.to_str().unwrap();
    let secdb = shared.join("fixtures/vulndata/alpine-secdb");
    let out = run(
        &["db", "import", secdb.to_str().unwrap(), "--db", db_s],
        t.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let status = json(&run(&["db", "status", "--json", "--db", db_s], t.path()));
    assert!(
        status["ecosystems"]
            .as_object()
            .unwrap()
            .keys()
            .any(|k| k.contains("Alpine")),
        "{status}"
    );

    // The real archive: openssl is already at the fix, so nothing for it.
    let real = shared.join("fixtures/images/trivy-alpine-310.tar.gz");
    let out = run(
        &[
            "image",
            real.to_str().unwrap(),
            "--db",
            db_s,
            "--format",
            "json",
            "--fail-on",
            "critical",
        ],
        t.path(),
    );
    let report = json(&out);
    assert!(
        !vulns(&report)
            .iter()
            .any(|v| v.0 == "libssl1.1" || v.0 == "libcrypto1.1"),
        "{:?}",
        vulns(&report)
    );
    assert_eq!(report["metadata"]["vulnerability_database"]["path"], db_s);
    assert_eq!(report["metadata"]["distro"]["id"], "alpine");

    // Downgraded to 1.1.1c-r0: exactly the three openssl CVEs, for both packages.
    let old = t.path().join("alpine-310-openssl-1.1.1c.tar");
    downgrade_openssl(&real, &old);
    let out = run(
        &[
            "image",
            old.to_str().unwrap(),
            "--db",
            db_s,
            "--format",
            "json",
        ],
        t.path(),
    );
    let report = json(&out);
    let openssl: Vec<_> = vulns(&report)
        .into_iter()
        .filter(|v| v.0 == "libssl1.1" || v.0 == "libcrypto1.1")
        .collect();
    let mut expected = Vec::new();
    for pkg in ["libcrypto1.1", "libssl1.1"] {
        for cve in ["CVE-2019-1547", "CVE-2019-1549", "CVE-2019-1563"] {
            expected.push((
                pkg.to_string(),
                "1.1.1c-r0".to_string(),
                cve.to_string(),
                "1.1.1d-r0".to_string(),
            ));
        }
    }
    assert_eq!(openssl, expected);

    // --ignore-unfixed keeps them (they have fixes); suppression by package hides them.
    std::fs::write(
        t.path().join("portcullis.toml"),
        "[[ignore]]\npackages = [\"libssl*\"]\nreason = \"accepted until the rebuild\"\n",
    )
    .unwrap();
    let out = run(
        &[
            "image",
            old.to_str().unwrap(),
            "--db",
            db_s,
            "--format",
            "json",
            "--ignore-unfixed",
            "--config",
            t.path().join("portcullis.toml").to_str().unwrap(),
        ],
        t.path(),
    );
    let r = json(&out);
    let left = vulns(&r);
    assert!(left.iter().any(|v| v.0 == "libcrypto1.1"));
    assert!(!left.iter().any(|v| v.0 == "libssl1.1"), "{left:?}");

    // The SBOM carries the vulnerabilities and says which database made them.
    let out = run(
        &[
            "sbom",
            old.to_str().unwrap(),
            "--format",
            "cyclonedx",
            "--with-vulnerabilities",
            "--db",
            db_s,
        ],
        t.path(),
    );
    let bom = json(&out);
    assert_eq!(bom["bomFormat"], "CycloneDX");
    let ids: Vec<&str> = bom["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["id"].as_str())
        .collect();
    assert!(ids.contains(&"CVE-2019-1547"), "{ids:?}");
    let libraries = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "library")
        .count();
    assert_eq!(libraries, 14);
    let spdx = json(&run(
        &["sbom", old.to_str().unwrap(), "--format", "spdx"],
        t.path(),
    ));
    assert_eq!(spdx["spdxVersion"], "SPDX-2.3");
}

#[test]
fn image_without_database_explains_what_to_do() {
    let Some(shared) = shared() else { return };
    let t = tempfile::tempdir().unwrap();
    let real = shared.join("fixtures/images/trivy-alpine-310.tar.gz");
    let missing = t.path().join("none.redb");
    let out = run(
        &[
            "image",
            real.to_str().unwrap(),
            "--db",
            missing.to_str().unwrap(),
        ],
        t.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("portcullis db update") && err.contains("--skip-vulnerabilities"),
        "{err}"
    );
    let out = run(
        &[
            "image",
            real.to_str().unwrap(),
            "--skip-vulnerabilities",
            "--format",
            "json",
            "--fail-on",
            "critical",
        ],
        t.path(),
    );
    let r = json(&out);
    assert_eq!(r["metadata"]["packages"], 14, "{r}");
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule_id"].as_str().unwrap().starts_with("IM"))
    );
}
