//! Version ordering of the three OS package managers, as zero-allocation
//! comparison functions: Debian (dpkg), Alpine (apk-tools) and RPM
//! (rpmvercmp). Every function is a total preorder on arbitrary strings, so
//! malformed input sorts deterministically instead of panicking.

pub mod apk;
pub mod deb;
pub mod rpm;

use std::cmp::Ordering;

/// Which ordering a version string follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionScheme {
    /// dpkg: `[epoch:]upstream[-revision]`.
    Deb,
    /// apk-tools: `1.2.3a_rc1-r0`.
    Apk,
    /// rpm: `[epoch:]version[-release]`.
    Rpm,
}

impl VersionScheme {
    /// Compares two versions under this scheme.
    pub fn compare(self, a: &str, b: &str) -> Ordering {
        match self {
            VersionScheme::Deb => deb::compare(a, b),
            VersionScheme::Apk => apk::compare(a, b),
            VersionScheme::Rpm => rpm::compare_evr(a, b),
        }
    }

    /// The scheme for an OSV ecosystem name (`Debian:12`, `Alpine:v3.20`,
    /// `Rocky Linux:9`); `None` for ecosystems this crate does not order.
    pub fn for_ecosystem(ecosystem: &str) -> Option<Self> {
        let base = ecosystem.split(':').next().unwrap_or(ecosystem);
        match base {
            "Debian" | "Ubuntu" => Some(VersionScheme::Deb),
            "Alpine" | "Wolfi" | "Chainguard" => Some(VersionScheme::Apk),
            "Red Hat" | "Rocky Linux" | "AlmaLinux" | "openSUSE" | "SUSE" | "Mageia"
            | "Photon OS" | "Azure Linux" | "openEuler" => Some(VersionScheme::Rpm),
            _ => None,
        }
    }
}

/// Compares two strings of ASCII digits by numeric value without overflow:
/// leading zeros are ignored, then the longer number is larger.
pub(crate) fn cmp_digits(a: &[u8], b: &[u8]) -> Ordering {
    let a = strip_zeros(a);
    let b = strip_zeros(b);
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn strip_zeros(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&c| c == b'0').count();
    &s[n..]
}
