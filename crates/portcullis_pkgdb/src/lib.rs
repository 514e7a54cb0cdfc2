//! OS package inventory: parsers for the dpkg, apk and rpm databases (bytes in,
//! packages out, no I/O), the `Package` and `Distro` types that the image
//! scanner, the SBOM writers and the vulnerability matcher share.

mod package;

pub use package::{Distro, Package, PackageKind};
