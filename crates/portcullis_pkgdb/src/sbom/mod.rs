//! SBOM documents for an image's OS packages and their vulnerabilities: CycloneDX 1.5 JSON
//! and SPDX 2.3 JSON. Both are built as `serde_json::Value` from one `SbomInput`, and are
//! deterministic: the same input gives the same bytes (serial number and namespace are
//! derived from a hash of the content, not random).

mod cyclonedx;
mod license;
mod spdx_doc;

pub use cyclonedx::cyclonedx_json;
pub use license::{LicenseForm, classify_license};
pub use spdx_doc::spdx_json;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Distro, Package};

/// Everything an SBOM says about one scanned image or root filesystem.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SbomInput {
    /// Image reference or path that was scanned.
    pub name: String,
    /// Image digest (`sha256:...`) when known.
    pub digest: Option<String>,
    /// Detected operating system.
    pub distro: Option<Distro>,
    /// Installed OS packages.
    pub packages: Vec<Package>,
    /// Vulnerabilities found in those packages.
    pub vulnerabilities: Vec<SbomVulnerability>,
    /// portcullis version (`0.1.0`).
    pub tool_version: String,
    /// Which vulnerability database produced `vulnerabilities` (name and build date).
    pub database: Option<String>,
    /// Creation time, RFC 3339 UTC (`2026-12-04T22:00:00Z`); fractional seconds are dropped.
    pub timestamp: String,
}

/// One vulnerability affecting one package.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SbomVulnerability {
    /// Advisory or CVE ID (`CVE-2019-1547`).
    pub id: String,
    /// Other IDs of the same vulnerability (`GHSA-...`, `DSA-...`).
    pub aliases: Vec<String>,
    /// Human description.
    pub description: Option<String>,
    /// `critical`, `high`, `medium`, `low`, `negligible` or `unknown`.
    pub severity: String,
    /// CVSS base score.
    pub cvss_score: Option<f64>,
    /// CVSS vector (`CVSS:3.1/AV:N/...`).
    pub cvss_vector: Option<String>,
    /// purl of the affected package (as given by `Package::purl`).
    pub package_purl: String,
    /// Installed version of the affected package.
    pub installed_version: String,
    /// First fixed version, when a fix exists.
    pub fixed_version: Option<String>,
    /// Feed the finding came from (`alpine-secdb`, `debian-security-tracker`, `osv`).
    pub source_name: String,
}

/// `2026-12-04T22:00:00.123+00:00` -> `2026-12-04T22:00:00Z` (SPDX allows only this form).
pub(crate) fn normalise_timestamp(ts: &str) -> String {
    let ts = ts.trim();
    if ts.len() >= 19 && ts.is_char_boundary(19) {
        let base = &ts[..19];
        let rest = &ts[19..];
        let utc = rest.is_empty()
            || rest.ends_with('Z')
            || rest.ends_with("+00:00")
            || rest.ends_with("-00:00");
        if utc && base.as_bytes()[10] == b'T' {
            return format!("{base}Z");
        }
    }
    ts.to_owned()
}

/// A UUID derived from the document content: SHA-256 truncated to 128 bits, with the
/// version (5, name-based) and variant bits set so validators accept it.
pub(crate) fn content_uuid(input: &SbomInput) -> String {
    let mut h = Sha256::new();
    for part in [
        input.name.as_str(),
        input.digest.as_deref().unwrap_or(""),
        input.timestamp.as_str(),
        input.tool_version.as_str(),
        input.database.as_deref().unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    if let Some(d) = &input.distro {
        h.update(d.id.as_bytes());
        h.update([0]);
        h.update(d.version_id.as_bytes());
        h.update([0]);
    }
    for p in &input.packages {
        for part in [&p.name, &p.version, &p.db_path] {
            h.update(part.as_bytes());
            h.update([0]);
        }
    }
    for v in &input.vulnerabilities {
        h.update(v.id.as_bytes());
        h.update([0]);
        h.update(v.package_purl.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(
            normalise_timestamp("2026-12-04T22:00:00.5Z"),
            "2026-12-04T22:00:00Z"
        );
        assert_eq!(
            normalise_timestamp("2026-12-04T22:00:00+00:00"),
            "2026-12-04T22:00:00Z"
        );
        assert_eq!(normalise_timestamp("garbage"), "garbage");
    }

    #[test]
    fn uuid_shape() {
        let u = content_uuid(&SbomInput::default());
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "5");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
        assert_eq!(u, content_uuid(&SbomInput::default()));
    }
}
