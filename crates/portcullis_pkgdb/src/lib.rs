//! OS package inventory: parsers for the dpkg, apk and rpm databases (bytes in,
//! packages out, no I/O), the `Package` and `Distro` types that the image
//! scanner, the SBOM writers and the vulnerability matcher share, package URLs,
//! and the CycloneDX / SPDX writers.

#![warn(missing_docs)]

mod apk;
mod distro;
mod dpkg;
mod error;
mod package;
mod purl;
mod rfc822;
pub mod rpm;
pub mod sbom;

pub use apk::{parse_apk_installed, parse_apk_installed_partial};
pub use distro::{
    detect_distro, distro_from_alpine_release, distro_from_debian_version,
    distro_from_redhat_release,
};
pub use dpkg::{dpkg_licenses_from_copyright, parse_dpkg_status, parse_dpkg_status_partial};
pub use error::PkgDbError;
pub use package::{Distro, Package, PackageKind};
pub use rpm::{
    parse_rpm_container_manifest, parse_rpmdb, parse_rpmdb_bdb, parse_rpmdb_ndb, parse_rpmdb_sqlite,
};
