//! The shared package and distribution types.

use serde::{Deserialize, Serialize};

/// Which package manager a package belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageKind {
    /// Debian/Ubuntu dpkg (`purl` type `deb`).
    Dpkg,
    /// Alpine apk (`purl` type `apk`).
    Apk,
    /// RPM (`purl` type `rpm`).
    Rpm,
}

/// The operating system of an image, from `/etc/os-release` or fallbacks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Distro {
    /// `ID` (`debian`, `alpine`, `ubuntu`, `rhel`, `amzn`, ...).
    pub id: String,
    /// `VERSION_ID` (`12`, `3.20.3`, `2023`).
    pub version_id: String,
    /// `VERSION_CODENAME` when given (`bookworm`).
    pub codename: Option<String>,
    /// `PRETTY_NAME`.
    pub pretty_name: Option<String>,
}

/// One installed OS package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// Package manager.
    pub kind: PackageKind,
    /// Binary package name.
    pub name: String,
    /// Full version as the package manager writes it (dpkg: `[epoch:]upstream[-revision]`;
    /// apk: `1.2.3-r0`; rpm: `[epoch:]version-release`).
    pub version: String,
    /// Source package name (dpkg `Source:`, apk `o:` origin, rpm source RPM name);
    /// equals `name` when the database gives none.
    pub source_name: String,
    /// Source package version (dpkg `Source: name (version)`), else `version`.
    pub source_version: String,
    /// Architecture (`amd64`, `x86_64`, `noarch`).
    pub arch: Option<String>,
    /// Licences as declared (SPDX expression where the database gives one).
    pub licenses: Vec<String>,
    /// Diff ID of the layer whose database first listed this package at this version.
    pub layer: Option<String>,
    /// Path of the database file it came from.
    pub db_path: String,
}
