//! Parsers against real databases in `../shared/fixtures` (see its SOURCES.md): package
//! counts, and for the rpmdbs an exact package-for-package comparison with `rpm -qa`.

use portcullis_testkit::shared_file;

use portcullis_pkgdb::{
    Package, parse_apk_installed, parse_dpkg_status, parse_rpm_container_manifest, parse_rpmdb,
    parse_rpmdb_bdb, parse_rpmdb_ndb, parse_rpmdb_sqlite, rpm::rpmdb_headers,
};

/// Reads a shared fixture; `None` (with a note) when shared is absent, unless CI requires it.
fn fixture(rel: &str) -> Option<Vec<u8>> {
    shared_file(
        env!("CARGO_MANIFEST_DIR"),
        &format!("fixtures/{rel}"),
        "skipped",
    )
}

/// The `-- path --` member of a txtar bundle.
fn txtar_member<'a>(bundle: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!("-- {name} --\n");
    let start = bundle.find(&marker)? + marker.len();
    let rest = &bundle[start..];
    let end = rest.find("\n-- ").map_or(rest.len(), |i| i + 1);
    Some(&rest[..end])
}

fn find<'a>(pkgs: &'a [Package], name: &str) -> &'a Package {
    pkgs.iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("package {name} missing"))
}

#[test]
fn apk_installed_counts() {
    for (file, count) in [
        ("apk/alpine-3.20.3-minirootfs.installed", 14),
        // 16 entries, one of which has no version and is skipped (as apk and Trivy do).
        ("apk/trivy-apk-installed", 15),
        ("apk/syft-multiple-2-installed", 14),
    ] {
        let Some(data) = fixture(file) else { return };
        let pkgs = parse_apk_installed(&data, "lib/apk/db/installed").unwrap();
        assert_eq!(pkgs.len(), count, "{file}");
        assert!(
            pkgs.iter()
                .all(|p| p.arch.is_some() && !p.version.is_empty())
        );
    }
    let Some(data) = fixture("apk/alpine-3.20.3-minirootfs.installed") else {
        return;
    };
    let pkgs = parse_apk_installed(&data, "lib/apk/db/installed").unwrap();
    let ssl = find(&pkgs, "libssl3");
    assert_eq!(ssl.source_name, "openssl");
    assert_eq!(ssl.source_version, ssl.version);
    assert_eq!(ssl.licenses, ["Apache-2.0"]);
    let busybox = find(&pkgs, "busybox");
    assert_eq!(busybox.arch.as_deref(), Some("x86_64"));
}

#[test]
fn dpkg_status_valid() {
    let Some(data) = fixture("dpkg/trivy-dpkg-valid.txtar") else {
        return;
    };
    let bundle = String::from_utf8(data).unwrap();
    let status = txtar_member(&bundle, "var/lib/dpkg/status").unwrap();
    let pkgs = parse_dpkg_status(status.as_bytes(), "var/lib/dpkg/status").unwrap();
    let paragraphs =
        status.matches("\nPackage: ").count() + usize::from(status.starts_with("Package: "));
    // Every paragraph but git, whose only remains are its conffiles.
    assert_eq!(pkgs.len(), paragraphs - 1);
    assert!(pkgs.iter().all(|p| p.name != "git"));
    let libc = find(&pkgs, "libc6");
    assert_eq!(libc.source_name, "glibc");
    assert_eq!(libc.arch.as_deref(), Some("amd64"));
    let fdisk = find(&pkgs, "fdisk");
    assert_eq!(fdisk.source_name, "util-linux");
    assert_eq!(fdisk.source_version, fdisk.version);
    for p in &pkgs {
        assert!(!p.version.is_empty() && p.arch.is_some(), "{p:?}");
    }
}

#[test]
fn dpkg_status_third_party() {
    let Some(data) = fixture("dpkg/trivy-dpkg-third-party.txtar") else {
        return;
    };
    let bundle = String::from_utf8(data).unwrap();
    let status = txtar_member(&bundle, "var/lib/dpkg/status").unwrap();
    let pkgs = parse_dpkg_status(status.as_bytes(), "var/lib/dpkg/status").unwrap();
    assert_eq!(pkgs.len(), 2);
    assert_eq!(pkgs[0].name, "docker-ce");
    assert_eq!(pkgs[0].version, "5:20.10.7~3-0~debian-buster");
    assert_eq!(pkgs[0].source_name, "docker-ce");
}

#[test]
fn dpkg_distroless_status_d() {
    for (file, name, version) in [
        ("dash", "dash", "0.5.8-2.4"),
        ("netbase", "netbase", "5.4"),
        ("libsqlite3-0", "libsqlite3-0", "3.34.1-3"),
    ] {
        let Some(data) = fixture(&format!("dpkg/distroless-status.d/{file}")) else {
            return;
        };
        let path = format!("var/lib/dpkg/status.d/{file}");
        let pkgs = parse_dpkg_status(&data, &path).unwrap();
        assert_eq!(pkgs.len(), 1, "{file}");
        assert_eq!(pkgs[0].name, name);
        assert_eq!(pkgs[0].version, version);
        assert_eq!(pkgs[0].db_path, path);
    }
}

/// One `rpm -qa --qf` row of packages.csv as (name, evr, arch, source rpm, licence).
type Row = (String, String, Option<String>, String, String);

fn csv_rows(csv: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = csv
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('¶').collect();
            let (epoch, name, version, release, arch, srpm, license) =
                (c[0], c[1], c[2], c[3], c[4], c[5], c[7]);
            let evr = if epoch.is_empty() {
                format!("{version}-{release}")
            } else {
                format!("{epoch}:{version}-{release}")
            };
            let arch = (!arch.is_empty()).then(|| arch.to_owned());
            (name.into(), evr, arch, srpm.into(), license.into())
        })
        .filter(|r| r.0 != "gpg-pubkey")
        .collect();
    rows.sort();
    rows
}

fn header_rows(data: &[u8]) -> Vec<Row> {
    let mut rows: Vec<Row> = rpmdb_headers(data, "Packages")
        .unwrap()
        .into_iter()
        .filter(|h| !h.is_gpg_pubkey())
        .map(|h| {
            let evr = h.evr();
            (
                h.name,
                evr,
                h.arch,
                h.source_rpm.unwrap_or_else(|| "(none)".into()),
                h.license.unwrap_or_default(),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn assert_rows_equal(got: &[Row], want: &[Row], what: &str) {
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w, "{what}: first differing package");
    }
    assert_eq!(got.len(), want.len(), "{what}: package count");
    println!("{what}: {} of {} packages match", got.len(), want.len());
}

#[test]
fn rpm_sqlite_amazonlinux2023_matches_rpm_qa() {
    let (Some(db), Some(csv)) = (
        fixture("rpmdb/amazonlinux2023-plain/rpmdb.sqlite"),
        fixture("rpmdb/amazonlinux2023-plain/packages.csv"),
    ) else {
        return;
    };
    let csv = String::from_utf8(csv).unwrap();
    assert_rows_equal(&header_rows(&db), &csv_rows(&csv), "amazonlinux2023");
    let pkgs = parse_rpmdb_sqlite(&db, "var/lib/rpm/rpmdb.sqlite").unwrap();
    // 103 rows, one of them the gpg-pubkey pseudo package.
    assert_eq!(pkgs.len(), 102);
    let all = rpmdb_headers(&db, "x").unwrap();
    assert_eq!(all.iter().filter(|h| h.is_gpg_pubkey()).count(), 1);
    let repo = find(&pkgs, "amazon-linux-repo-cdn");
    assert_eq!(repo.source_name, "system-release");
    assert_eq!(repo.source_version, "2023.1.20230825-0.amzn2023");
    assert_eq!(parse_rpmdb(&db, &pkgs[0].db_path).unwrap(), pkgs);
}

#[test]
fn rpm_ndb_sle15_matches_rpm_qa() {
    let (Some(db), Some(csv)) = (
        fixture("rpmdb/sle15-bci/Packages.db"),
        fixture("rpmdb/sle15-bci/packages.csv"),
    ) else {
        return;
    };
    let csv = String::from_utf8(csv).unwrap();
    assert_rows_equal(&header_rows(&db), &csv_rows(&csv), "sle15-bci");
    let pkgs = parse_rpmdb_ndb(&db, "usr/lib/sysimage/rpm/Packages.db").unwrap();
    assert_eq!(pkgs.len(), 36);
    assert_eq!(parse_rpmdb(&db, &pkgs[0].db_path).unwrap(), pkgs);
}

#[test]
fn rpm_sqlite_cbl_mariner() {
    let (Some(db), Some(curl)) = (
        fixture("rpmdb/cbl-mariner-2.0/rpmdb.sqlite"),
        fixture("rpmdb/cbl-mariner-2.0/curl.json"),
    ) else {
        return;
    };
    let pkgs = parse_rpmdb_sqlite(&db, "var/lib/rpm/rpmdb.sqlite").unwrap();
    assert_eq!(pkgs.len(), 129);
    let want: serde_json::Value = serde_json::from_slice(&curl).unwrap();
    let c = find(&pkgs, "curl");
    let s = |k: &str| want[k].as_str().unwrap().to_owned();
    assert_eq!(c.version, format!("{}-{}", s("Version"), s("Release")));
    assert_eq!(c.arch.as_deref(), Some(s("Arch").as_str()));
    assert_eq!(c.licenses, [s("License")]);
    assert_eq!(c.source_name, "curl");
    assert_eq!(c.source_version, "7.76.0-6.cm2");
}

#[test]
fn rpm_bdb_single_package() {
    for (file, name, version, srpm_name) in [
        (
            "rpmdb/rhel8-libuuid/Packages",
            "libuuid",
            "2.32.1-42.el8_8",
            "util-linux",
        ),
        ("rpmdb/syft-bdb/Packages", "dive", "0.9.2-1", "dive"),
    ] {
        let Some(db) = fixture(file) else { return };
        let pkgs = parse_rpmdb_bdb(&db, "var/lib/rpm/Packages").unwrap();
        assert_eq!(pkgs.len(), 1, "{file}");
        assert_eq!(pkgs[0].name, name);
        assert_eq!(pkgs[0].version, version);
        assert_eq!(pkgs[0].source_name, srpm_name);
        assert_eq!(parse_rpmdb(&db, &pkgs[0].db_path).unwrap(), pkgs);
    }
}

#[test]
fn rpm_container_manifest() {
    let Some(data) = fixture("rpmdb/syft-container-manifest-2") else {
        return;
    };
    let text = String::from_utf8(data).unwrap();
    let pkgs =
        parse_rpm_container_manifest(&text, "var/lib/rpmmanifest/container-manifest-2").unwrap();
    assert_eq!(
        pkgs.len(),
        text.lines().filter(|l| !l.trim().is_empty()).count()
    );
    let vim = find(&pkgs, "vim");
    assert_eq!(vim.version, "2:9.0-1.cm2");
    assert_eq!(vim.source_name, "vim");
    assert_eq!(vim.source_version, "2:9.0-1.cm2");
    let ssl = find(&pkgs, "openssl-libs");
    assert_eq!(ssl.version, "1.1.1k-15.cm2");
    assert_eq!(ssl.source_name, "openssl");
    assert_eq!(ssl.arch.as_deref(), Some("x86_64"));
}

/// `lib/apk/db/installed` from a `docker save` tarball (legacy layout, `<id>/layer.tar`).
fn apk_db_from_docker_save(gz: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut outer = tar::Archive::new(flate2::read::GzDecoder::new(gz));
    for entry in outer.entries().ok()? {
        let mut entry = entry.ok()?;
        if !entry.path().ok()?.to_string_lossy().ends_with("layer.tar") {
            continue;
        }
        let mut layer = Vec::new();
        entry.read_to_end(&mut layer).ok()?;
        let mut inner = tar::Archive::new(layer.as_slice());
        for f in inner.entries().ok()? {
            let mut f = f.ok()?;
            let path = f.path().ok()?.to_string_lossy().into_owned();
            if path.trim_start_matches("./") == "lib/apk/db/installed" {
                let mut db = Vec::new();
                f.read_to_end(&mut db).ok()?;
                return Some(db);
            }
        }
    }
    None
}

#[test]
fn apk_alpine_310_matches_trivy_golden() {
    let (Some(image), Some(golden)) = (
        fixture("images/trivy-alpine-310.tar.gz"),
        fixture("images/trivy-alpine-310.packages.golden.json"),
    ) else {
        return;
    };
    let db = apk_db_from_docker_save(&image).expect("lib/apk/db/installed in the image");
    let pkgs = parse_apk_installed(&db, "lib/apk/db/installed").unwrap();
    let golden: Vec<serde_json::Value> = serde_json::from_slice(&golden).unwrap();
    let mut want: Vec<(String, String, String, String, String)> = golden
        .iter()
        .map(|g| {
            let s = |k: &str| g[k].as_str().unwrap_or_default().to_owned();
            (
                s("Name"),
                s("Version"),
                s("Arch"),
                s("SrcName"),
                s("SrcVersion"),
            )
        })
        .collect();
    let mut got: Vec<_> = pkgs
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.version.clone(),
                p.arch.clone().unwrap_or_default(),
                p.source_name.clone(),
                p.source_version.clone(),
            )
        })
        .collect();
    want.sort();
    got.sort();
    // Trivy's golden was made from an older `alpine:3.10` build than the tarball stored
    // here: busybox/ssl_client (1.30.1-r2 -> r3) and openssl's libcrypto1.1/libssl1.1
    // (1.1.1c-r0 -> 1.1.1d-r2) differ. Names, architectures and source packages must all
    // match; versions must match for every other package.
    let newer = ["busybox", "ssl_client", "libcrypto1.1", "libssl1.1"];
    assert_eq!(got.len(), want.len());
    let mut same_version = 0;
    for (g, w) in got.iter().zip(&want) {
        assert_eq!((&g.0, &g.2, &g.3), (&w.0, &w.2, &w.3));
        if newer.contains(&g.0.as_str()) {
            assert_ne!(
                g.1, w.1,
                "{} now matches the golden: tighten this test",
                g.0
            );
        } else {
            assert_eq!((&g.1, &g.4), (&w.1, &w.4));
            same_version += 1;
        }
    }
    assert_eq!(find(&pkgs, "libssl1.1").version, "1.1.1d-r2");
    println!(
        "alpine-310: {} of {} packages match trivy by name/arch/source; {same_version} also by version",
        got.len(),
        want.len()
    );
}
