//! Our hand-written purls checked against the `packageurl` crate as an oracle: each purl
//! parses, and decodes back to exactly the package's name, version, arch, epoch and distro.

use std::str::FromStr;

use packageurl::PackageUrl;
use portcullis_pkgdb::{Distro, Package, PackageKind};

fn check(p: &Package, distro: Option<&Distro>) {
    let purl = p.purl(distro);
    let parsed = PackageUrl::from_str(&purl).unwrap_or_else(|e| panic!("{purl}: {e}"));
    assert_eq!(parsed.name(), p.name, "{purl}");
    let q = parsed.qualifiers();
    let (ty, version) = match p.kind {
        PackageKind::Dpkg => ("deb", p.version.clone()),
        PackageKind::Apk => ("apk", p.version.clone()),
        PackageKind::Rpm => {
            let (epoch, rest) = match p.version.split_once(':') {
                Some((e, r)) if e.bytes().all(|b| b.is_ascii_digit()) => (Some(e), r),
                _ => (None, p.version.as_str()),
            };
            assert_eq!(q.get("epoch").map(|v| v.as_ref()), epoch, "{purl}");
            ("rpm", rest.to_owned())
        }
    };
    assert_eq!(parsed.ty(), ty);
    assert_eq!(parsed.version(), Some(version.as_str()), "{purl}");
    assert_eq!(
        q.get("arch").map(|v| v.as_ref()),
        p.arch.as_deref(),
        "{purl}"
    );
    if let Some(d) = distro {
        assert_eq!(parsed.namespace(), Some(d.id.as_str()));
        let want = match p.kind {
            PackageKind::Apk => d.version_id.clone(),
            _ => format!("{}-{}", d.id, d.version_id),
        };
        assert_eq!(q.get("distro").map(|v| v.as_ref()), Some(want.as_str()));
    }
}

fn pkg(kind: PackageKind, name: &str, version: &str) -> Package {
    Package {
        kind,
        name: name.into(),
        version: version.into(),
        source_name: name.into(),
        source_version: version.into(),
        arch: Some("x86_64".into()),
        licenses: vec![],
        layer: None,
        db_path: String::new(),
    }
}

#[test]
fn awkward_names_and_versions_round_trip() {
    let d = Distro {
        id: "debian".into(),
        version_id: "12".into(),
        ..Distro::default()
    };
    for (kind, name, version) in [
        (PackageKind::Dpkg, "libstdc++6", "1:12.2.0-14+deb12u1"),
        (PackageKind::Dpkg, "g++", "4:12.2.0-3~bpo"),
        (PackageKind::Apk, "py3-a/b", "1.0_rc1-r0"),
        (
            PackageKind::Rpm,
            "perl-Text-Tabs+Wrap",
            "13:2013.0523-460.el9",
        ),
        (PackageKind::Rpm, "name with space", "1.0-1%2"),
        (PackageKind::Rpm, "ünïcode", "1-1"),
    ] {
        check(&pkg(kind, name, version), Some(&d));
        check(&pkg(kind, name, version), None);
    }
}

#[test]
fn real_packages_round_trip() {
    let Some(db) = portcullis_testkit::shared_file(
        env!("CARGO_MANIFEST_DIR"),
        "fixtures/rpmdb/amazonlinux2023-plain/rpmdb.sqlite",
        "skipped",
    ) else {
        return;
    };
    let d = Distro {
        id: "amzn".into(),
        version_id: "2023".into(),
        ..Distro::default()
    };
    let pkgs = portcullis_pkgdb::parse_rpmdb_sqlite(&db, "rpmdb.sqlite").unwrap();
    for p in &pkgs {
        check(p, Some(&d));
    }
}
