//! RPM package databases: the three rpmdb backends (SQLite, Berkeley DB hash, SUSE NDB)
//! all store the same header blobs, decoded by `header`; plus the CBL-Mariner distroless
//! container manifest. `gpg-pubkey` entries (imported signing keys, not packages: no
//! arch, no source RPM, nothing to patch) are left out, as claircore does; `rpm -qa`,
//! go-rpmdb and Trivy list them (Trivy with arch `None`). `rpmdb_headers` returns them.

mod bdb;
mod header;
mod manifest;
mod ndb;
mod sqlite;

pub use header::{RpmHeader, parse_rpm_header, split_source_rpm};
pub use manifest::parse_rpm_container_manifest;

use crate::{Package, PkgDbError};

fn packages<B: AsRef<[u8]>>(blobs: &[B], db_path: &str) -> Result<Vec<Package>, PkgDbError> {
    let mut out = Vec::with_capacity(blobs.len());
    for blob in blobs {
        let h = parse_rpm_header(blob.as_ref(), db_path)?;
        if !h.is_gpg_pubkey() {
            out.push(h.into_package(db_path));
        }
    }
    Ok(out)
}

/// Parses `rpmdb.sqlite` (needs the default `rpm-sqlite` feature).
pub fn parse_rpmdb_sqlite(data: &[u8], db_path: &str) -> Result<Vec<Package>, PkgDbError> {
    packages(&sqlite::sqlite_blobs(data, db_path)?, db_path)
}

/// Parses a Berkeley DB hash `Packages` file.
pub fn parse_rpmdb_bdb(data: &[u8], db_path: &str) -> Result<Vec<Package>, PkgDbError> {
    packages(&bdb::bdb_blobs(data, db_path)?, db_path)
}

/// Parses a SUSE NDB `Packages.db` file.
pub fn parse_rpmdb_ndb(data: &[u8], db_path: &str) -> Result<Vec<Package>, PkgDbError> {
    packages(&ndb::ndb_blobs(data, db_path)?, db_path)
}

/// Parses any rpmdb, choosing the backend from the file's magic bytes.
pub fn parse_rpmdb(data: &[u8], db_path: &str) -> Result<Vec<Package>, PkgDbError> {
    if sqlite::looks_like_sqlite(data) {
        parse_rpmdb_sqlite(data, db_path)
    } else if ndb::looks_like_ndb(data) {
        parse_rpmdb_ndb(data, db_path)
    } else if bdb::looks_like_bdb(data) {
        parse_rpmdb_bdb(data, db_path)
    } else {
        Err(PkgDbError::malformed(
            db_path,
            "rpmdb",
            "neither SQLite, NDB nor Berkeley DB",
        ))
    }
}

/// Every header of an rpmdb (any backend), `gpg-pubkey` entries included.
pub fn rpmdb_headers(data: &[u8], db_path: &str) -> Result<Vec<RpmHeader>, PkgDbError> {
    let blobs: Vec<Vec<u8>> = if sqlite::looks_like_sqlite(data) {
        sqlite::sqlite_blobs(data, db_path)?
    } else if ndb::looks_like_ndb(data) {
        ndb::ndb_blobs(data, db_path)?
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect()
    } else {
        bdb::bdb_blobs(data, db_path)?
    };
    blobs.iter().map(|b| parse_rpm_header(b, db_path)).collect()
}
