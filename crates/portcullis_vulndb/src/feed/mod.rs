//! Feed parsers: OSV JSON (records and `all.zip` archives), the Alpine secdb
//! (YAML and JSON) and the Debian security tracker (JSON export and DSA/DLA
//! list files). Each turns a feed into (ecosystem, package, advisory) entries;
//! the format is detected from the content, never from the file name.

pub mod alpine;
pub mod debian;
pub mod osv;

use crate::model::Advisory;

/// One advisory for one package of one ecosystem.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    /// OSV ecosystem (`Debian:12`, `Alpine:v3.10`).
    pub ecosystem: String,
    /// Source package name as the feed names it.
    pub package: String,
    /// The advisory.
    pub advisory: Advisory,
}

/// What one feed file yielded.
#[derive(Debug, Default)]
pub struct ParsedFeed {
    /// Entries to store.
    pub entries: Vec<FeedEntry>,
    /// Records read (advisories in the feed, including ones that yield no entry).
    pub records: u64,
    /// Records skipped (withdrawn, malformed inside an archive).
    pub skipped: u64,
    /// One entry per (ecosystem, package) of each withdrawn record: its own
    /// record ID, no ranges and no versions. Stored, it removes what an
    /// earlier import of that record wrote, and nothing else.
    pub withdrawn: Vec<FeedEntry>,
}

/// The feed formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// One OSV record (JSON object) or a JSON array of records.
    OsvJson,
    /// A zip archive of OSV records (OSV's `all.zip`).
    OsvZip,
    /// Alpine secdb, YAML.
    AlpineYaml,
    /// Alpine secdb, JSON.
    AlpineJson,
    /// Debian security tracker JSON export.
    DebianJson,
    /// Debian `data/DSA/list` or `data/DLA/list`.
    DebianList,
}

/// Errors of feed parsing.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The content is none of the supported formats.
    #[error(
        "unrecognised feed format (expected OSV JSON or zip, Alpine secdb, Debian tracker JSON or DSA/DLA list)"
    )]
    Unrecognised,
    /// JSON that does not have the expected shape.
    #[error("invalid JSON feed: {0}")]
    Json(#[from] serde_json::Error),
    /// YAML that does not have the expected shape.
    #[error("invalid YAML feed: {0}")]
    Yaml(String),
    /// A broken zip archive.
    #[error("invalid zip archive: {0}")]
    Zip(String),
}

/// Detects the format of `data` from its content.
pub fn detect(data: &[u8]) -> Option<FeedKind> {
    if data.starts_with(b"PK\x03\x04") || data.starts_with(b"PK\x05\x06") {
        return Some(FeedKind::OsvZip);
    }
    let text = std::str::from_utf8(data).ok()?;
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let mut n = trimmed.len().min(4096);
    while !trimmed.is_char_boundary(n) {
        n -= 1;
    }
    let head = &trimmed[..n];
    if debian::looks_like_list(trimmed) {
        return Some(FeedKind::DebianList);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if head.contains("\"distroversion\"") || head.contains("\"secfixes\"") {
            return Some(FeedKind::AlpineJson);
        }
        // The tracker export has no OSV `id`/`affected` keys; its CVE entries
        // carry `releases`.
        let osv_keys = head.contains("\"affected\"") || head.contains("\"id\"");
        if trimmed.starts_with('{')
            && (!osv_keys || (head.contains("\"releases\"") && !head.contains("\"affected\"")))
        {
            return Some(FeedKind::DebianJson);
        }
        return Some(FeedKind::OsvJson);
    }
    if head.contains("secfixes") || head.contains("distroversion") {
        return Some(FeedKind::AlpineYaml);
    }
    None
}

/// Detects and parses one feed file; `hint` (its path or URL) only supplies
/// an Alpine release the file itself does not name.
pub fn parse(data: &[u8], hint: &str) -> Result<ParsedFeed, FeedError> {
    match detect(data).ok_or(FeedError::Unrecognised)? {
        FeedKind::OsvZip => osv::parse_zip(data),
        FeedKind::OsvJson => osv::parse_json(data),
        FeedKind::AlpineJson => alpine::parse_json(data, hint),
        FeedKind::AlpineYaml => alpine::parse_yaml(data, hint),
        FeedKind::DebianJson => debian::parse_json(data),
        FeedKind::DebianList => Ok(debian::parse_list(
            std::str::from_utf8(data).map_err(|_| FeedError::Unrecognised)?,
        )),
    }
}

/// Splits a list of related IDs into primary IDs: each CVE named is its own
/// vulnerability (a DSA fixing five CVEs is five vulnerabilities); with no
/// CVE the record's own ID is the primary. Returns `(primary, aliases)`.
pub(crate) fn expand_ids(record_id: &str, related: &[String]) -> Vec<(String, Vec<String>)> {
    let is_cve = |s: &str| s.starts_with("CVE-");
    if is_cve(record_id) {
        let aliases = related
            .iter()
            .filter(|a| a.as_str() != record_id)
            .cloned()
            .collect();
        return vec![(record_id.to_string(), aliases)];
    }
    let cves: Vec<&String> = related.iter().filter(|a| is_cve(a)).collect();
    let others: Vec<String> = std::iter::once(record_id.to_string())
        .chain(related.iter().filter(|a| !is_cve(a)).cloned())
        .collect();
    if cves.is_empty() {
        return vec![(record_id.to_string(), others[1..].to_vec())];
    }
    let mut seen = std::collections::BTreeSet::new();
    cves.into_iter()
        .filter(|c| seen.insert(c.as_str()))
        .map(|c| (c.clone(), others.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_by_content() {
        assert_eq!(detect(b"PK\x03\x04rest"), Some(FeedKind::OsvZip));
        assert_eq!(
            detect(br#"{"id":"X","affected":[]}"#),
            Some(FeedKind::OsvJson)
        );
        assert_eq!(detect(br#"[{"id":"X"}]"#), Some(FeedKind::OsvJson));
        assert_eq!(
            detect(br#"{"distroversion":"v3.20","packages":[]}"#),
            Some(FeedKind::AlpineJson)
        );
        assert_eq!(
            detect(br#"{"curl":{"CVE-1":{"releases":{}}}}"#),
            Some(FeedKind::DebianJson)
        );
        assert_eq!(
            detect(br#"{"curl":{"CVE-1":{"description":"x"}}}"#),
            Some(FeedKind::DebianJson)
        );
        assert_eq!(
            detect(b"distroversion: v3.10\npackages: []\n"),
            Some(FeedKind::AlpineYaml)
        );
        assert_eq!(
            detect(b"[01 Apr 2023] DLA-3380-1 x - y\n"),
            Some(FeedKind::DebianList)
        );
        assert_eq!(detect(b"hello"), None);
        assert_eq!(detect(b"\xff\xfe"), None);
    }
}
