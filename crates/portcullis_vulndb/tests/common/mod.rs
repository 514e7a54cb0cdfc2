//! Helpers shared by the integration tests: locating `../shared` (skip with a
//! note when missing, fail under `PORTCULLIS_REQUIRE_SHARED=1`) and building
//! package lists.

#![allow(dead_code)]

use portcullis_pkgdb::{Distro, Package, PackageKind};
use std::path::PathBuf;

/// `shared/fixtures/vulndata`, or `None` (after printing why) when absent.
pub fn vulndata() -> Option<PathBuf> {
    portcullis_testkit::shared_dir(env!("CARGO_MANIFEST_DIR"), "fixtures/vulndata")
}

/// A package record.
pub fn pkg(
    kind: PackageKind,
    name: &str,
    version: &str,
    source: &str,
    source_version: &str,
) -> Package {
    Package {
        kind,
        name: name.into(),
        version: version.into(),
        source_name: source.into(),
        source_version: source_version.into(),
        arch: None,
        licenses: Vec::new(),
        layer: Some("sha256:layer1".into()),
        db_path: String::new(),
    }
}

/// A distribution.
pub fn distro(id: &str, version: &str, codename: Option<&str>) -> Distro {
    Distro {
        id: id.into(),
        version_id: version.into(),
        codename: codename.map(Into::into),
        pretty_name: None,
    }
}
