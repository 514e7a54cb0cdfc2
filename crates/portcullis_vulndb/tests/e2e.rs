//! End-to-end tests on real feed data from `shared/fixtures/vulndata`:
//! import, status, and matching of hand-built package lists.

mod common;

use common::{distro, pkg, vulndata};
use portcullis_pkgdb::PackageKind::{Apk, Dpkg};
use portcullis_vulndb::{Database, DbError, MatchOptions, import, status};
use std::time::Duration;

#[test]
fn alpine_310_openssl() {
    let Some(data) = vulndata() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("vuln.redb");
    let stats = import(&db_path, &[data.join("alpine-secdb")]).unwrap();
    assert_eq!(stats.files, 4);
    assert!(
        stats.ecosystems["Alpine:v3.10"] > 500,
        "{:?}",
        stats.ecosystems
    );
    assert!(stats.ecosystems.contains_key("Alpine:v3.11"));

    let db = Database::open(&db_path).unwrap();
    let packages = vec![
        pkg(Apk, "libcrypto1.1", "1.1.1c-r0", "openssl", "1.1.1c-r0"),
        pkg(Apk, "libssl1.1", "1.1.1c-r0", "openssl", "1.1.1c-r0"),
        // At or above their fix: nothing.
        pkg(Apk, "musl", "1.1.22-r3", "musl", "1.1.22-r3"),
        pkg(Apk, "openssl", "1.1.1d-r0", "openssl", "1.1.1d-r0"),
        pkg(Apk, "zlib", "1.2.11-r1", "zlib", "1.2.11-r1"),
        pkg(
            Apk,
            "alpine-baselayout",
            "3.1.2-r0",
            "alpine-baselayout",
            "3.1.2-r0",
        ),
    ];
    let matches = db
        .match_packages(
            &distro("alpine", "3.10.2", None),
            &packages,
            &MatchOptions::default(),
        )
        .unwrap();
    let got: Vec<(&str, &str, Option<&str>)> = matches
        .iter()
        .map(|m| {
            (
                m.package.as_str(),
                m.id.as_str(),
                m.fixed_version.as_deref(),
            )
        })
        .collect();
    let fix = Some("1.1.1d-r0");
    assert_eq!(
        got,
        vec![
            ("libcrypto1.1", "CVE-2019-1547", fix),
            ("libcrypto1.1", "CVE-2019-1549", fix),
            ("libcrypto1.1", "CVE-2019-1563", fix),
            ("libssl1.1", "CVE-2019-1547", fix),
            ("libssl1.1", "CVE-2019-1549", fix),
            ("libssl1.1", "CVE-2019-1563", fix),
        ]
    );
    let m = &matches[0];
    assert_eq!(m.source_package, "openssl");
    assert_eq!(m.installed_version, "1.1.1c-r0");
    assert_eq!(m.layer.as_deref(), Some("sha256:layer1"));
    assert_eq!(m.ecosystem, "Alpine:v3.10");
    assert_eq!(m.sources, vec!["alpine-secdb:main".to_string()]);

    // One release earlier than the fix of musl: affected.
    let musl = vec![pkg(Apk, "musl", "1.1.22-r2", "musl", "1.1.22-r2")];
    let m = db
        .match_packages(
            &distro("alpine", "3.10.9", None),
            &musl,
            &MatchOptions::default(),
        )
        .unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].id, "CVE-2019-14697");

    // Status lists ecosystems and the four source files.
    let st = status(&db_path).unwrap();
    assert_eq!(st.schema_version, portcullis_vulndb::SCHEMA_VERSION);
    assert_eq!(st.sources.len(), 4);
    assert!(st.age_secs < 60);
    db.ensure_fresh(Duration::from_secs(3600)).unwrap();

    // Re-importing the same files does not duplicate entries.
    let again = import(&db_path, &[data.join("alpine-secdb")]).unwrap();
    assert_eq!(again.ecosystems, stats.ecosystems);
}

#[test]
fn debian_dsa_dla_lists() {
    let Some(data) = vulndata() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("vuln.redb");
    let tracker = data.join("debian-security-tracker");
    let stats = import(
        &db_path,
        &[tracker.join("DSA-list"), tracker.join("DLA-list")],
    )
    .unwrap();
    assert!(stats.records > 5000, "{stats:?}");
    assert!(stats.ecosystems.contains_key("Debian:11"));
    assert!(stats.ecosystems.contains_key("Debian:10"));
    let db = Database::open(&db_path).unwrap();

    // DSA-5380-1: xorg-server fixed in 2:1.20.11-1+deb11u6 for bullseye.
    let pk = vec![
        pkg(
            Dpkg,
            "xserver-common",
            "2:1.20.11-1+deb11u5",
            "xorg-server",
            "2:1.20.11-1+deb11u5",
        ),
        pkg(
            Dpkg,
            "xserver-xorg-core",
            "2:1.20.11-1+deb11u6",
            "xorg-server",
            "2:1.20.11-1+deb11u6",
        ),
    ];
    let m = db
        .match_packages(
            &distro("debian", "11", Some("bullseye")),
            &pk,
            &MatchOptions::default(),
        )
        .unwrap();
    assert_eq!(m.len(), 1, "{m:#?}");
    assert_eq!(m[0].id, "CVE-2023-1393");
    assert_eq!(m[0].aliases, vec!["DSA-5380-1".to_string()]);
    assert_eq!(m[0].package, "xserver-common");
    assert_eq!(m[0].fixed_version.as_deref(), Some("2:1.20.11-1+deb11u6"));
    assert_eq!(m[0].sources, vec!["debian-dsa".to_string()]);

    // DLA-3377-1: systemd 241-7~deb10u9 for buster; the binary libsystemd0.
    let pk = vec![pkg(
        Dpkg,
        "libsystemd0",
        "241-7~deb10u8",
        "systemd",
        "241-7~deb10u8",
    )];
    let m = db
        .match_packages(&distro("debian", "10", None), &pk, &MatchOptions::default())
        .unwrap();
    assert!(m.iter().any(|v| v.id == "CVE-2023-26604"
        && v.aliases == vec!["DLA-3377-1".to_string()]
        && v.fixed_version.as_deref() == Some("241-7~deb10u9")));
    // Every reported fix is above the installed version.
    for v in &m {
        let f = v.fixed_version.as_deref().unwrap();
        assert!(
            portcullis_vulndb::version::deb::compare(f, "241-7~deb10u8").is_gt(),
            "{v:?}"
        );
    }
    let pk = vec![pkg(
        Dpkg,
        "libsystemd0",
        "241-7~deb10u9",
        "systemd",
        "241-7~deb10u9",
    )];
    let m = db
        .match_packages(&distro("debian", "10", None), &pk, &MatchOptions::default())
        .unwrap();
    assert!(m.is_empty(), "{m:#?}");
}

#[test]
fn osv_records() {
    let Some(data) = vulndata() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("vuln.redb");
    let osv = data.join("osv");
    let stats = import(
        &db_path,
        &[osv.join("DSA-3029-1.json"), osv.join("DLA-3623-1.json")],
    )
    .unwrap();
    assert_eq!((stats.files, stats.records, stats.entries), (2, 2, 1));
    let db = Database::open(&db_path).unwrap();
    let d7 = distro("debian", "7", Some("wheezy"));
    let pk = vec![
        pkg(
            Dpkg,
            "nginx-common",
            "1.2.1-2.2+wheezy2",
            "nginx",
            "1.2.1-2.2+wheezy2",
        ),
        pkg(
            Dpkg,
            "nginx-full",
            "1.2.1-2.2+wheezy3",
            "nginx",
            "1.2.1-2.2+wheezy3",
        ),
    ];
    let m = db
        .match_packages(&d7, &pk, &MatchOptions::default())
        .unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].id, "CVE-2014-3616");
    assert_eq!(m[0].aliases, vec!["DSA-3029-1".to_string()]);
    assert_eq!(m[0].package, "nginx-common");
    assert_eq!(m[0].fixed_version.as_deref(), Some("1.2.1-2.2+wheezy3"));
    assert_eq!(m[0].summary, "nginx - security update");
    // The same nginx on Debian 8 is a different ecosystem.
    let m = db
        .match_packages(&distro("debian", "8", None), &pk, &MatchOptions::default())
        .unwrap();
    assert!(m.is_empty());
    // The folder form imports the JSON records and skips the version lists.
    let stats = import(&db_path, &[osv]).unwrap();
    assert_eq!(stats.files, 2);
}

#[test]
fn feeds_merge_once_per_package_and_unfixed() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("vuln.redb");
    let list = dir.path().join("DSA-list");
    std::fs::write(
        &list,
        "[29 Mar 2023] DSA-5380-1 xorg-server - security update\n\t{CVE-2023-1393}\n\t[bookworm] - xorg-server 2:21.1.7-3\n",
    )
    .unwrap();
    let json = dir.path().join("tracker.json");
    std::fs::write(
        &json,
        r#"{"xorg-server":{"CVE-2023-1393":{"description":"use after free","releases":{"bookworm":{"status":"resolved","fixed_version":"2:21.1.7-3","urgency":"high"}}},
            "CVE-2099-0001":{"releases":{"bookworm":{"status":"open","urgency":"low"}}}}}"#,
    )
    .unwrap();
    let osv = dir.path().join("osv.json");
    std::fs::write(
        &osv,
        r#"{"id":"DEBIAN-CVE-2023-1393","upstream":["CVE-2023-1393"],"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"}],
            "affected":[{"package":{"ecosystem":"Debian:12","name":"xorg-server"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2:21.1.7-3"}]}]}]}"#,
    )
    .unwrap();
    import(&db_path, &[list, json, osv]).unwrap();
    let db = Database::open(&db_path).unwrap();
    let pk = vec![pkg(
        Dpkg,
        "xserver-common",
        "2:21.1.7-1",
        "xorg-server",
        "2:21.1.7-1",
    )];
    let d12 = distro("debian", "12", Some("bookworm"));
    let m = db
        .match_packages(&d12, &pk, &MatchOptions::default())
        .unwrap();
    assert_eq!(m.len(), 2, "{m:#?}");
    let cve = &m[0];
    assert_eq!(cve.id, "CVE-2023-1393");
    assert_eq!(
        cve.aliases,
        vec!["DEBIAN-CVE-2023-1393".to_string(), "DSA-5380-1".to_string()]
    );
    assert_eq!(cve.sources.len(), 3);
    assert_eq!(cve.cvss_score, Some(7.8));
    assert_eq!(cve.severity, Some(portcullis_rules::Severity::High));
    assert_eq!(m[1].id, "CVE-2099-0001");
    assert_eq!(m[1].fixed_version, None);
    let m = db
        .match_packages(
            &d12,
            &pk,
            &MatchOptions {
                ignore_unfixed: true,
            },
        )
        .unwrap();
    assert_eq!(m.len(), 1);

    // Hits for the CLI carry the facts and the per-match severity.
    let settings = portcullis_rules::Settings::default();
    let mut cx = portcullis_rules::Checker::new(&settings);
    portcullis_vulndb::report_matches(&mut cx, &m, portcullis_rules::Span::empty(0));
    let hit = &cx.hits()[0];
    assert_eq!(hit.rule.id, "VU001");
    assert_eq!(hit.properties["severity"], "high");
    assert_eq!(hit.properties["fixed_version"], "2:21.1.7-3");
    assert_eq!(hit.properties["layer"], "sha256:layer1");
    assert_eq!(hit.properties["vulnerability"], "CVE-2023-1393");
    assert!(hit.message.contains("fixed in 2:21.1.7-3"));
}

#[test]
fn schema_and_age_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("vuln.redb");
    assert!(matches!(Database::open(&db_path), Err(DbError::Missing(_))));
    let f = dir.path().join("a.json");
    std::fs::write(&f, r#"{"id":"CVE-1","affected":[]}"#).unwrap();
    import(&db_path, &[f]).unwrap();
    let meta: redb::TableDefinition<&str, &[u8]> = redb::TableDefinition::new("meta");
    let set = |schema: u32, info: Option<&str>| {
        let db = redb::Database::open(&db_path).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut t = txn.open_table(meta).unwrap();
            t.insert("schema_version", schema.to_le_bytes().as_slice())
                .unwrap();
            if let Some(i) = info {
                t.insert("info", i.as_bytes()).unwrap();
            }
        }
        txn.commit().unwrap();
    };
    set(1, Some(r#"{"built_at":0,"updated_at":0,"sources":[]}"#));
    let db = Database::open(&db_path).unwrap();
    let err = db.ensure_fresh(Duration::from_secs(24 * 3600)).unwrap_err();
    assert!(err.to_string().contains("--skip-db-age-check"), "{err}");
    assert!(err.to_string().contains("portcullis db update"), "{err}");
    drop(db);
    set(3, None);
    let err = Database::open(&db_path).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "database schema 3 is newer than this portcullis ({}); upgrade portcullis or run `portcullis db update` with --db pointing elsewhere",
            portcullis_vulndb::SCHEMA_VERSION
        )
    );
    set(0, None);
    assert!(matches!(
        Database::open(&db_path),
        Err(DbError::SchemaOlder { .. })
    ));
    // Garbage is an error, not a panic.
    let junk = dir.path().join("junk.redb");
    std::fs::write(&junk, b"not a database at all").unwrap();
    assert!(Database::open(&junk).is_err());
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"hello").unwrap();
    assert!(import(&db_path, &[bad]).is_err());
}

#[test]
fn ubuntu_lts_ecosystem_and_last_affected() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("vuln.redb");
    let osv = dir.path().join("ubuntu.json");
    std::fs::write(
        &osv,
        r#"[{"id":"UBUNTU-CVE-2024-1","aliases":["CVE-2024-1"],"severity":[{"type":"Ubuntu","score":"medium"}],
             "affected":[{"package":{"ecosystem":"Ubuntu:22.04:LTS","name":"curl"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"7.81.0-1ubuntu1.16"}]}]}]},
            {"id":"UBUNTU-CVE-2024-2","aliases":["CVE-2024-2"],
             "affected":[{"package":{"ecosystem":"Ubuntu:22.04:LTS","name":"curl"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"7.80.0-1"},{"last_affected":"7.81.0-1ubuntu1.15"}]}]}]},
            {"id":"UBUNTU-CVE-2024-3","withdrawn":"2024-05-01T00:00:00Z","aliases":["CVE-2024-3"],
             "affected":[{"package":{"ecosystem":"Ubuntu:22.04:LTS","name":"curl"},"versions":["7.81.0-1ubuntu1.15"]}]}]"#,
    )
    .unwrap();
    let stats = import(&db_path, &[osv]).unwrap();
    assert_eq!((stats.records, stats.skipped, stats.entries), (3, 1, 2));
    let db = Database::open(&db_path).unwrap();
    let pk = vec![pkg(
        Dpkg,
        "libcurl4",
        "7.81.0-1ubuntu1.15",
        "curl",
        "7.81.0-1ubuntu1.15",
    )];
    let m = db
        .match_packages(
            &distro("ubuntu", "22.04", Some("jammy")),
            &pk,
            &MatchOptions::default(),
        )
        .unwrap();
    let got: Vec<_> = m
        .iter()
        .map(|v| (v.id.as_str(), v.fixed_version.as_deref(), v.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "CVE-2024-1",
                Some("7.81.0-1ubuntu1.16"),
                Some(portcullis_rules::Severity::Medium)
            ),
            ("CVE-2024-2", None, None),
        ]
    );
    let pk = vec![pkg(
        Dpkg,
        "libcurl4",
        "7.81.0-1ubuntu1.16",
        "curl",
        "7.81.0-1ubuntu1.16",
    )];
    let m = db
        .match_packages(
            &distro("ubuntu", "22.04", None),
            &pk,
            &MatchOptions::default(),
        )
        .unwrap();
    assert!(m.is_empty(), "{m:#?}");
}

#[test]
fn reimported_tracker_drops_issues_it_no_longer_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("vuln.redb");
    let json = dir.path().join("tracker.json");
    let osv = dir.path().join("osv.json");
    std::fs::write(
        &osv,
        r#"{"id":"DEBIAN-CVE-2099-0003","upstream":["CVE-2099-0003"],
            "affected":[{"package":{"ecosystem":"Debian:12","name":"foo"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]}"#,
    )
    .unwrap();
    std::fs::write(
        &json,
        r#"{"foo":{"CVE-2099-0001":{"releases":{"bookworm":{"status":"open","urgency":"low"}}},
                   "CVE-2099-0002":{"releases":{"bookworm":{"status":"open","urgency":"low"}}}}}"#,
    )
    .unwrap();
    import(&db_path, &[json.clone(), osv]).unwrap();
    // The tracker triages CVE-2099-0001 as not affecting bookworm.
    std::fs::write(
        &json,
        r#"{"foo":{"CVE-2099-0001":{"releases":{"bookworm":{"status":"resolved","fixed_version":"0","urgency":"low"}}},
                   "CVE-2099-0002":{"releases":{"bookworm":{"status":"open","urgency":"low"}}}}}"#,
    )
    .unwrap();
    import(&db_path, &[json]).unwrap();
    let db = Database::open(&db_path).unwrap();
    let pk = vec![pkg(Dpkg, "foo", "1.0-1", "foo", "1.0-1")];
    let m = db
        .match_packages(
            &distro("debian", "12", Some("bookworm")),
            &pk,
            &MatchOptions::default(),
        )
        .unwrap();
    let ids: Vec<&str> = m.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["CVE-2099-0002", "CVE-2099-0003"], "{m:#?}");
}

#[test]
fn writer_leaves_other_databases_temp_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.redb");
    let f = dir.path().join("feeds");
    std::fs::create_dir(&f).unwrap();
    std::fs::write(f.join("x.json"), r#"{"id":"CVE-1","affected":[]}"#).unwrap();
    // A download another writer of b.redb has in progress in the same folder,
    // and one an interrupted writer of a.redb left behind.
    let other = dir.path().join(".portcullis-dl-b.redb-XYZ.tmp");
    let stale = dir.path().join(".portcullis-dl-a.redb-XYZ.tmp");
    std::fs::write(&other, b"partial").unwrap();
    std::fs::write(&stale, b"partial").unwrap();
    import(&a, &[f]).unwrap();
    assert!(other.exists(), "b.redb's temporary file was deleted");
    assert!(!stale.exists(), "a.redb's stale temporary file was kept");
}

#[test]
fn reimported_withdrawn_record_removes_only_its_own_entries() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("vuln.redb");
    let rec = |id: &str, upstream: &str, withdrawn: bool| {
        let w = if withdrawn {
            r#""withdrawn":"2099-01-01T00:00:00Z","#
        } else {
            ""
        };
        format!(
            r#"{{"id":"{id}",{w}"upstream":["{upstream}"],"affected":[{{"package":{{"ecosystem":"Debian:12","name":"foo"}},"ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"2.0-1"}}]}}]}}]}}"#
        )
    };
    let (a, b, c) = (
        dir.path().join("a.json"),
        dir.path().join("b.json"),
        dir.path().join("c.json"),
    );
    std::fs::write(&a, rec("DEBIAN-CVE-2099-0005", "CVE-2099-0005", false)).unwrap();
    std::fs::write(&b, rec("DSA-9998-1", "CVE-2099-0005", false)).unwrap();
    std::fs::write(&c, rec("DSA-9999-1", "CVE-2099-0006", false)).unwrap();
    import(&db_path, &[&a, &b, &c]).unwrap();
    // DSA-9998-1 and DSA-9999-1 are withdrawn afterwards.
    std::fs::write(&b, rec("DSA-9998-1", "CVE-2099-0005", true)).unwrap();
    std::fs::write(&c, rec("DSA-9999-1", "CVE-2099-0006", true)).unwrap();
    import(&db_path, &[&b, &c]).unwrap();
    let db = Database::open(&db_path).unwrap();
    let pk = vec![pkg(Dpkg, "foo", "1.0-1", "foo", "1.0-1")];
    let m = db
        .match_packages(
            &distro("debian", "12", Some("bookworm")),
            &pk,
            &MatchOptions::default(),
        )
        .unwrap();
    assert_eq!(m.len(), 1, "{m:#?}");
    assert_eq!(m[0].id, "CVE-2099-0005");
    assert_eq!(m[0].aliases, vec!["DEBIAN-CVE-2099-0005".to_string()]);
}
