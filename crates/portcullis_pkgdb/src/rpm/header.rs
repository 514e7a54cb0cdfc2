//! The RPM header blob stored in every rpmdb backend: `il` index entries and `dl` bytes of
//! data, all big-endian. Only the tags a package inventory needs are decoded; every offset
//! and length is checked against the blob, since the database may be hostile.

use crate::{Package, PackageKind, PkgDbError};

/// RPM tag numbers this reader decodes.
mod tag {
    pub const NAME: u32 = 1000;
    pub const VERSION: u32 = 1001;
    pub const RELEASE: u32 = 1002;
    pub const EPOCH: u32 = 1003;
    pub const LICENSE: u32 = 1014;
    pub const VENDOR: u32 = 1011;
    pub const ARCH: u32 = 1022;
    pub const SOURCERPM: u32 = 1044;
}

/// RPM tag data types used here.
mod ty {
    pub const INT32: u32 = 4;
    pub const STRING: u32 = 6;
    pub const STRING_ARRAY: u32 = 8;
    pub const I18NSTRING: u32 = 9;
}

/// rpm refuses headers with more index entries than this (`hdrchkTags`).
const MAX_INDEX_ENTRIES: u32 = 0xffff;
/// rpm refuses headers bigger than this (`headerMaxbytes`).
const MAX_DATA_BYTES: u32 = 256 * 1024 * 1024;

/// The package identity fields of one RPM header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RpmHeader {
    /// `NAME` (1000).
    pub name: String,
    /// `VERSION` (1001).
    pub version: String,
    /// `RELEASE` (1002).
    pub release: String,
    /// `EPOCH` (1003), absent for most packages.
    pub epoch: Option<i32>,
    /// `ARCH` (1022); `None` for `gpg-pubkey` pseudo packages.
    pub arch: Option<String>,
    /// `LICENSE` (1014).
    pub license: Option<String>,
    /// `VENDOR` (1011).
    pub vendor: Option<String>,
    /// `SOURCERPM` (1044), e.g. `curl-7.76.0-6.cm2.src.rpm`.
    pub source_rpm: Option<String>,
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// Parses a header blob (as stored in `Packages`, without the lead or magic).
pub fn parse_rpm_header(blob: &[u8], db_path: &str) -> Result<RpmHeader, PkgDbError> {
    let bad = |m: String| PkgDbError::malformed(db_path, "RPM header", m);
    let (Some(il), Some(dl)) = (be32(blob, 0), be32(blob, 4)) else {
        return Err(bad(format!("{} bytes is too short", blob.len())));
    };
    if il == 0 || il > MAX_INDEX_ENTRIES {
        return Err(bad(format!("index entry count {il} out of range")));
    }
    if dl > MAX_DATA_BYTES {
        return Err(bad(format!("data length {dl} out of range")));
    }
    let store_start = 8 + 16 * il as usize;
    let store_end = store_start + dl as usize;
    let store = blob.get(store_start..store_end).ok_or_else(|| {
        bad(format!(
            "{il} entries and {dl} data bytes need {store_end} bytes, blob has {}",
            blob.len()
        ))
    })?;
    let mut h = RpmHeader::default();
    let mut seen_name = false;
    for i in 0..il as usize {
        let e = 8 + 16 * i;
        let (Some(tag), Some(kind), Some(offset), Some(count)) = (
            be32(blob, e),
            be32(blob, e + 4),
            be32(blob, e + 8),
            be32(blob, e + 12),
        ) else {
            return Err(bad(format!("index entry {i} truncated")));
        };
        let wanted = matches!(
            tag,
            tag::NAME
                | tag::VERSION
                | tag::RELEASE
                | tag::EPOCH
                | tag::LICENSE
                | tag::VENDOR
                | tag::ARCH
                | tag::SOURCERPM
        );
        if !wanted {
            continue;
        }
        let offset = offset as usize;
        if offset >= store.len() {
            return Err(bad(format!(
                "tag {tag}: offset {offset} beyond data ({dl})"
            )));
        }
        if tag == tag::EPOCH {
            if kind != ty::INT32 || count == 0 {
                return Err(bad(format!("tag {tag}: type {kind} is not INT32")));
            }
            let v =
                be32(store, offset).ok_or_else(|| bad(format!("tag {tag}: INT32 beyond data")))?;
            h.epoch = Some(v as i32);
            continue;
        }
        if !matches!(kind, ty::STRING | ty::STRING_ARRAY | ty::I18NSTRING) || count == 0 {
            return Err(bad(format!("tag {tag}: type {kind} is not a string")));
        }
        let rest = &store[offset..];
        let nul = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| bad(format!("tag {tag}: string not terminated")))?;
        let s = String::from_utf8_lossy(&rest[..nul]).into_owned();
        // rpm writes "(none)" for unset optional strings.
        let opt = || Some(s.clone()).filter(|s| !s.is_empty() && s != "(none)");
        match tag {
            tag::NAME => {
                h.name = s;
                seen_name = true;
            }
            tag::VERSION => h.version = s,
            tag::RELEASE => h.release = s,
            tag::LICENSE => h.license = opt(),
            tag::VENDOR => h.vendor = opt(),
            tag::ARCH => h.arch = opt(),
            tag::SOURCERPM => h.source_rpm = opt(),
            _ => {}
        }
    }
    if !seen_name || h.name.is_empty() {
        return Err(bad("no NAME tag".into()));
    }
    Ok(h)
}

/// `name-version-release.<arch>.rpm` (normally `.src.rpm`) -> (`name`, `version`,
/// `release`), split at the last two dashes as yum and Trivy do.
pub fn split_source_rpm(srpm: &str) -> Option<(&str, &str, &str)> {
    let (base, _arch) = srpm.strip_suffix(".rpm")?.rsplit_once('.')?;
    let (rest, release) = base.rsplit_once('-')?;
    let (name, version) = rest.rsplit_once('-')?;
    if name.is_empty() || version.is_empty() || release.is_empty() {
        return None;
    }
    Some((name, version, release))
}

impl RpmHeader {
    /// `[epoch:]version-release`.
    pub fn evr(&self) -> String {
        evr(self.epoch, &self.version, &self.release)
    }

    /// Whether this is a `gpg-pubkey` entry: an imported signing key, not a package.
    pub fn is_gpg_pubkey(&self) -> bool {
        self.name == "gpg-pubkey"
    }

    /// Converts to the shared `Package` type.
    pub fn into_package(self, db_path: &str) -> Package {
        let version = self.evr();
        let (source_name, source_version) =
            match self.source_rpm.as_deref().and_then(split_source_rpm) {
                // The source RPM carries no epoch; rpm tools assume the binary's.
                Some((n, v, r)) => (n.to_owned(), evr(self.epoch, v, r)),
                None => (self.name.clone(), version.clone()),
            };
        Package {
            kind: PackageKind::Rpm,
            name: self.name,
            version,
            source_name,
            source_version,
            arch: self.arch,
            licenses: self.license.into_iter().collect(),
            layer: None,
            db_path: db_path.to_owned(),
        }
    }
}

/// `[epoch:]version-release` (no `-release` when the release is empty).
pub(crate) fn evr(epoch: Option<i32>, version: &str, release: &str) -> String {
    let mut s = String::with_capacity(version.len() + release.len() + 4);
    if let Some(e) = epoch {
        s.push_str(&e.to_string());
        s.push(':');
    }
    s.push_str(version);
    if !release.is_empty() {
        s.push('-');
        s.push_str(release);
    }
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a header blob from (tag, type, payload) entries.
    pub(crate) fn blob(entries: &[(u32, u32, Vec<u8>)]) -> Vec<u8> {
        let mut index = Vec::new();
        let mut data = Vec::new();
        for (tag, kind, payload) in entries {
            if *kind == ty::INT32 {
                while !data.len().is_multiple_of(4) {
                    data.push(0);
                }
            }
            index.extend_from_slice(&tag.to_be_bytes());
            index.extend_from_slice(&kind.to_be_bytes());
            index.extend_from_slice(&(data.len() as u32).to_be_bytes());
            index.extend_from_slice(&1u32.to_be_bytes());
            data.extend_from_slice(payload);
        }
        let mut out = Vec::new();
        out.extend_from_slice(&(entries.len() as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(&index);
        out.extend_from_slice(&data);
        out
    }

    pub(crate) fn s(v: &str) -> Vec<u8> {
        let mut b = v.as_bytes().to_vec();
        b.push(0);
        b
    }

    pub(crate) fn sample() -> Vec<u8> {
        blob(&[
            (tag::NAME, ty::STRING, s("vim-minimal")),
            (tag::VERSION, ty::STRING, s("9.0")),
            (tag::RELEASE, ty::STRING, s("1.el9")),
            (tag::EPOCH, ty::INT32, 2u32.to_be_bytes().to_vec()),
            (tag::LICENSE, ty::STRING, s("Vim and MIT")),
            (tag::ARCH, ty::STRING, s("x86_64")),
            (tag::SOURCERPM, ty::STRING, s("vim-9.0-1.el9.src.rpm")),
        ])
    }

    #[test]
    fn decodes_identity() {
        let h = parse_rpm_header(&sample(), "db").unwrap();
        assert_eq!(h.evr(), "2:9.0-1.el9");
        let p = h.into_package("db");
        assert_eq!(p.name, "vim-minimal");
        assert_eq!(p.version, "2:9.0-1.el9");
        assert_eq!(p.source_name, "vim");
        assert_eq!(p.source_version, "2:9.0-1.el9");
        assert_eq!(p.licenses, ["Vim and MIT"]);
    }

    #[test]
    fn rejects_bad_offsets() {
        let mut b = sample();
        b[8 + 8..8 + 12].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
        assert!(parse_rpm_header(&b, "db").is_err());
        assert!(parse_rpm_header(&[0, 0, 0, 1], "db").is_err());
        assert!(parse_rpm_header(&[0xff; 16], "db").is_err());
    }

    #[test]
    fn source_rpm_names() {
        assert_eq!(
            split_source_rpm("system-release-2023.1.20230825-0.amzn2023.src.rpm"),
            Some(("system-release", "2023.1.20230825", "0.amzn2023"))
        );
        assert_eq!(split_source_rpm("(none)"), None);
        assert_eq!(
            split_source_rpm("kernel-5.14.0-1.el9.nosrc.rpm"),
            Some(("kernel", "5.14.0", "1.el9"))
        );
        assert_eq!(split_source_rpm("x-1.src.rpm"), None);
    }
}
