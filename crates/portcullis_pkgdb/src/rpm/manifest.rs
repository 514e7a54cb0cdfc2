//! CBL-Mariner / Azure Linux distroless images: `/var/lib/rpmmanifest/container-manifest-2`,
//! one tab-separated line per package (no rpmdb in the image).

use super::header::{evr, split_source_rpm};
use crate::{Package, PackageKind, PkgDbError};

/// Parses `container-manifest-2`. Columns: name, version-release, install time, build
/// time, vendor, epoch (`(none)` when unset), size, arch, checksum, source RPM. Blank
/// lines are skipped; a line with fewer than ten columns is an error naming the line.
pub fn parse_rpm_container_manifest(text: &str, db_path: &str) -> Result<Vec<Package>, PkgDbError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 {
            return Err(PkgDbError::syntax(
                db_path,
                i + 1,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let name = cols[0].trim();
        let Some((version, release)) = cols[1].trim().rsplit_once('-') else {
            return Err(PkgDbError::syntax(
                db_path,
                i + 1,
                "version column is not `version-release`",
            ));
        };
        let epoch = match cols[5].trim() {
            "" | "(none)" => None,
            e => Some(e.parse::<i32>().map_err(|_| {
                PkgDbError::syntax(db_path, i + 1, format!("epoch `{e}` is not a number"))
            })?),
        };
        if name.is_empty() {
            return Err(PkgDbError::syntax(db_path, i + 1, "empty package name"));
        }
        let full = evr(epoch, version, release);
        let (source_name, source_version) = match split_source_rpm(cols[9].trim()) {
            Some((n, v, r)) => (n.to_owned(), evr(epoch, v, r)),
            None => (name.to_owned(), full.clone()),
        };
        let arch = cols[7].trim();
        out.push(Package {
            kind: PackageKind::Rpm,
            name: name.to_owned(),
            version: full,
            source_name,
            source_version,
            arch: (!arch.is_empty() && arch != "(none)").then(|| arch.to_owned()),
            licenses: Vec::new(),
            layer: None,
            db_path: db_path.to_owned(),
        });
    }
    Ok(out)
}
