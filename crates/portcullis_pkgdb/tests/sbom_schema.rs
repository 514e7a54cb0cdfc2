//! The SBOM writers' output validated against the official JSON schemas, offline:
//! CycloneDX 1.5 (with the SPDX licence-id and JSF schemas it references) and SPDX 2.3.
//! The schema files are committed under `tests/schemas/` (see SOURCES.md there).

use std::path::PathBuf;

use jsonschema::{Registry, Resource, Validator};
use portcullis_pkgdb::sbom::{SbomInput, SbomVulnerability, cyclonedx_json, spdx_json};
use portcullis_pkgdb::{Distro, Package, PackageKind};
use serde_json::Value;

fn schema(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("schema {} missing: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn cyclonedx_validator() -> Validator {
    // The bom schema refers to its neighbours by relative name; register them under the
    // URIs those names resolve to, and refuse any other (network) reference.
    let base = "http://cyclonedx.org/schema/";
    let registry = Registry::new()
        .add(
            format!("{base}spdx.SNAPSHOT.schema.json"),
            Resource::from_contents(schema("spdx.SNAPSHOT.schema.json")),
        )
        .unwrap()
        .add(
            format!("{base}jsf-0.82.SNAPSHOT.schema.json"),
            Resource::from_contents(schema("jsf-0.82.SNAPSHOT.schema.json")),
        )
        .unwrap()
        .prepare()
        .unwrap();
    let bom = schema("bom-1.5.SNAPSHOT.schema.json");
    let registry: &'static Registry<'static> = Box::leak(Box::new(registry));
    jsonschema::options()
        .offline()
        .with_registry(registry)
        .should_validate_formats(true)
        .build(&bom)
        .unwrap()
}

fn spdx_validator() -> Validator {
    jsonschema::options()
        .offline()
        .should_validate_formats(true)
        .build(&schema("spdx-schema-2.3.json"))
        .unwrap()
}

fn assert_valid(v: &Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what} invalid:\n{}", errors.join("\n"));
}

fn pkg(kind: PackageKind, name: &str, version: &str, licenses: &[&str]) -> Package {
    Package {
        kind,
        name: name.into(),
        version: version.into(),
        source_name: format!("{name}-src"),
        source_version: version.into(),
        arch: Some("x86_64".into()),
        licenses: licenses.iter().map(|s| s.to_string()).collect(),
        layer: Some("sha256:abc".into()),
        db_path: "lib/apk/db/installed".into(),
    }
}

fn sample() -> SbomInput {
    SbomInput {
        name: "docker.io/library/alpine:3.20".into(),
        digest: Some(format!("sha256:{}", "ab".repeat(32))),
        distro: Some(Distro {
            id: "alpine".into(),
            version_id: "3.20.3".into(),
            codename: None,
            pretty_name: Some("Alpine Linux v3.20".into()),
        }),
        packages: vec![
            pkg(PackageKind::Apk, "musl", "1.2.5-r0", &["MIT"]),
            pkg(
                PackageKind::Apk,
                "ssl_client",
                "3.3.2-r0",
                &["Apache-2.0 AND MIT"],
            ),
            pkg(
                PackageKind::Apk,
                "libc++",
                "1:2+x",
                &["GPLv2+", "Public Domain", "BSD"],
            ),
            pkg(PackageKind::Apk, "nolicence", "1", &[]),
            pkg(PackageKind::Apk, "musl", "1.2.5-r0", &["MIT"]),
        ],
        vulnerabilities: vec![SbomVulnerability {
            id: "CVE-2019-1547".into(),
            aliases: vec!["GHSA-xxxx".into()],
            description: Some("ECDSA remote timing attack".into()),
            severity: "Medium".into(),
            cvss_score: Some(4.7),
            cvss_vector: Some("CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N".into()),
            package_purl: "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3".into(),
            installed_version: "1.2.5-r0".into(),
            fixed_version: Some("1.2.5-r1".into()),
            source_name: "alpine-secdb".into(),
        }],
        tool_version: "0.1.0".into(),
        database: Some("portcullis-db 2026-12-04".into()),
        timestamp: "2026-12-04T22:00:00.123Z".into(),
    }
}

#[test]
fn cyclonedx_validates_against_official_1_5_schema() {
    let v = cyclonedx_validator();
    let doc = cyclonedx_json(&sample());
    assert_valid(&v, &doc, "CycloneDX");
    assert_eq!(doc["specVersion"], "1.5");
    // Duplicate package folded, OS component first.
    let comps = doc["components"].as_array().unwrap();
    assert_eq!(comps.len(), 5);
    assert_eq!(comps[0]["type"], "operating-system");
    assert_eq!(comps[2]["licenses"][0]["expression"], "Apache-2.0 AND MIT");
    assert_eq!(
        comps[3]["purl"],
        "pkg:apk/alpine/libc%2B%2B@1%3A2%2Bx?arch=x86_64&distro=3.20.3"
    );
    assert_eq!(comps[3]["licenses"][0]["license"]["id"], "GPL-2.0-or-later");
    assert_eq!(comps[3]["licenses"][1]["license"]["name"], "Public Domain");
    let vuln = &doc["vulnerabilities"][0];
    assert_eq!(vuln["affects"][0]["ref"], comps[1]["bom-ref"]);
    assert_eq!(vuln["ratings"][0]["method"], "CVSSv31");
    assert_eq!(vuln["ratings"][0]["severity"], "medium");
    // Deterministic.
    assert_eq!(doc, cyclonedx_json(&sample()));
    // Minimal input (no distro, nothing found) is valid too.
    let empty = SbomInput {
        name: "rootfs".into(),
        timestamp: "2026-12-04T22:00:00Z".into(),
        tool_version: "0.1.0".into(),
        ..SbomInput::default()
    };
    assert_valid(&v, &cyclonedx_json(&empty), "CycloneDX (empty)");
}

#[test]
fn cyclonedx_schema_rejects_a_broken_document() {
    let v = cyclonedx_validator();
    let mut doc = cyclonedx_json(&sample());
    doc["components"][1]["type"] = "not-a-type".into();
    assert!(!v.is_valid(&doc));
}

#[test]
fn spdx_validates_against_official_2_3_schema() {
    let v = spdx_validator();
    let doc = spdx_json(&sample());
    assert_valid(&v, &doc, "SPDX");
    assert_eq!(doc["spdxVersion"], "SPDX-2.3");
    assert_eq!(doc["creationInfo"]["created"], "2026-12-04T22:00:00Z");
    let pkgs = doc["packages"].as_array().unwrap();
    // image, OS, four distinct packages
    assert_eq!(pkgs.len(), 6);
    let libcxx = pkgs.iter().find(|p| p["name"] == "libc++").unwrap();
    assert_eq!(
        libcxx["licenseDeclared"],
        "GPL-2.0-or-later AND LicenseRef-Public-Domain AND LicenseRef-BSD"
    );
    assert_eq!(
        libcxx["externalRefs"][0]["referenceLocator"],
        "pkg:apk/alpine/libc%2B%2B@1%3A2%2Bx?arch=x86_64&distro=3.20.3"
    );
    let ssl = pkgs.iter().find(|p| p["name"] == "ssl_client").unwrap();
    assert_eq!(ssl["licenseDeclared"], "Apache-2.0 AND MIT");
    let none = pkgs.iter().find(|p| p["name"] == "nolicence").unwrap();
    assert_eq!(none["licenseDeclared"], "NOASSERTION");
    for p in pkgs {
        let id = p["SPDXID"].as_str().unwrap();
        assert!(id.starts_with("SPDXRef-"));
        assert!(
            id[8..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        );
    }
    let rels = doc["relationships"].as_array().unwrap();
    assert_eq!(rels[0]["relationshipType"], "DESCRIBES");
    assert_eq!(rels.len(), 1 + 1 + 4);
    let refs = doc["hasExtractedLicensingInfos"].as_array().unwrap();
    assert_eq!(refs.len(), 2);
    assert_eq!(doc, spdx_json(&sample()));
}

#[test]
fn spdx_schema_rejects_a_broken_document() {
    let v = spdx_validator();
    let mut doc = spdx_json(&sample());
    doc["relationships"][0]["relationshipType"] = "IS_FRIENDS_WITH".into();
    assert!(!v.is_valid(&doc));
}

/// Real package sets (with their real licence strings) from the shared fixtures.
fn real_inputs() -> Vec<SbomInput> {
    let read = |rel: &str| {
        portcullis_testkit::shared_file(
            env!("CARGO_MANIFEST_DIR"),
            &format!("fixtures/{rel}"),
            "skipped",
        )
    };
    let distro = |id: &str, v: &str| {
        Some(Distro {
            id: id.into(),
            version_id: v.into(),
            codename: None,
            pretty_name: None,
        })
    };
    let mut out = Vec::new();
    let mut push = |name: &str, d: Option<Distro>, packages: Vec<Package>| {
        out.push(SbomInput {
            name: name.into(),
            distro: d,
            packages,
            tool_version: "0.1.0".into(),
            timestamp: "2026-12-04T22:00:00Z".into(),
            ..SbomInput::default()
        });
    };
    if let Some(db) = read("rpmdb/amazonlinux2023-plain/rpmdb.sqlite") {
        let p = portcullis_pkgdb::parse_rpmdb_sqlite(&db, "var/lib/rpm/rpmdb.sqlite").unwrap();
        push("amazonlinux:2023", distro("amzn", "2023"), p);
    }
    if let Some(db) = read("rpmdb/sle15-bci/Packages.db") {
        let p = portcullis_pkgdb::parse_rpmdb_ndb(&db, "usr/lib/sysimage/rpm/Packages.db").unwrap();
        push("bci-base:15", distro("sles", "15.4"), p);
    }
    if let Some(db) = read("apk/alpine-3.20.3-minirootfs.installed") {
        let p = portcullis_pkgdb::parse_apk_installed(&db, "lib/apk/db/installed").unwrap();
        push("alpine:3.20.3", distro("alpine", "3.20.3"), p);
    }
    if let Some(db) = read("apk/trivy-apk-installed") {
        let p = portcullis_pkgdb::parse_apk_installed(&db, "lib/apk/db/installed").unwrap();
        push("rootfs", None, p);
    }
    out
}

#[test]
fn real_package_sets_validate() {
    let cdx = cyclonedx_validator();
    let spdx = spdx_validator();
    for input in real_inputs() {
        let doc = cyclonedx_json(&input);
        assert_valid(&cdx, &doc, &format!("CycloneDX of {}", input.name));
        let doc = spdx_json(&input);
        assert_valid(&spdx, &doc, &format!("SPDX of {}", input.name));
        // Every declared licence is an SPDX expression whose LicenseRefs are all defined.
        let defined: Vec<&str> = doc["hasExtractedLicensingInfos"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["licenseId"].as_str()).collect())
            .unwrap_or_default();
        for p in doc["packages"].as_array().unwrap() {
            let decl = p["licenseDeclared"].as_str().unwrap();
            if decl == "NOASSERTION" {
                continue;
            }
            let expr = spdx::Expression::parse(decl)
                .unwrap_or_else(|e| panic!("{}: `{decl}` is not SPDX: {e}", input.name));
            for req in expr.requirements() {
                if let spdx::LicenseItem::Other(other) = &req.req.license {
                    let id = format!("LicenseRef-{}", other.lic_ref);
                    assert!(defined.contains(&id.as_str()), "{id} undefined");
                }
            }
        }
    }
}
