//! OSV records (<https://ossf.github.io/osv-schema/>): single JSON records,
//! JSON arrays of records, and zip archives of records (`all.zip`). Withdrawn
//! records are skipped; `ECOSYSTEM` and `SEMVER` ranges, `versions` lists,
//! aliases, `upstream` IDs and CVSS / distribution severities are kept.

use super::{FeedEntry, FeedError, ParsedFeed, expand_ids};
use crate::cvss;
use crate::model::{Advisory, Event, SeverityInfo};
use serde::Deserialize;
use std::io::Read;

#[derive(Deserialize)]
struct Record {
    id: String,
    #[serde(default)]
    withdrawn: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    upstream: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    details: Option<String>,
    #[serde(default)]
    severity: Vec<Severity>,
    #[serde(default)]
    affected: Vec<Affected>,
    #[serde(default)]
    database_specific: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Severity {
    #[serde(rename = "type")]
    kind: String,
    score: String,
}

#[derive(Deserialize)]
struct Affected {
    #[serde(default)]
    package: Option<Package>,
    #[serde(default)]
    ranges: Vec<Range>,
    #[serde(default)]
    versions: Vec<String>,
    #[serde(default)]
    severity: Vec<Severity>,
    #[serde(default)]
    ecosystem_specific: Option<serde_json::Value>,
    #[serde(default)]
    database_specific: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Package {
    ecosystem: String,
    name: String,
}

#[derive(Deserialize)]
struct Range {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
struct RawEvent {
    introduced: Option<String>,
    fixed: Option<String>,
    last_affected: Option<String>,
}

/// Parses one JSON document: a record or an array of records.
pub fn parse_json(data: &[u8]) -> Result<ParsedFeed, FeedError> {
    let mut out = ParsedFeed::default();
    let first = data.iter().find(|c| !c.is_ascii_whitespace()).copied();
    if first == Some(b'[') {
        let records: Vec<Record> = serde_json::from_slice(data)?;
        for r in records {
            add_record(r, &mut out);
        }
    } else {
        add_record(serde_json::from_slice(data)?, &mut out);
    }
    Ok(out)
}

/// Parses a zip archive of OSV records. A malformed record is counted as
/// skipped; the rest of the archive is still read.
pub fn parse_zip(data: &[u8]) -> Result<ParsedFeed, FeedError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(data))
        .map_err(|e| FeedError::Zip(e.to_string()))?;
    let mut out = ParsedFeed::default();
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| FeedError::Zip(e.to_string()))?;
        if !file.is_file() || !file.name().ends_with(".json") {
            continue;
        }
        buf.clear();
        // Bound each entry: a single OSV record is a few KB.
        let limit = 64 << 20;
        (&mut file)
            .take(limit)
            .read_to_end(&mut buf)
            .map_err(|e| FeedError::Zip(e.to_string()))?;
        match serde_json::from_slice::<Record>(&buf) {
            Ok(r) => add_record(r, &mut out),
            Err(_) => {
                out.records += 1;
                out.skipped += 1;
            }
        }
    }
    Ok(out)
}

fn add_record(r: Record, out: &mut ParsedFeed) {
    out.records += 1;
    if r.withdrawn.is_some() {
        out.skipped += 1;
        for pkg in r.affected.iter().filter_map(|a| a.package.as_ref()) {
            out.withdrawn.push(FeedEntry {
                ecosystem: pkg.ecosystem.clone(),
                package: pkg.name.clone(),
                advisory: Advisory {
                    id: r.id.clone(),
                    source: "osv".to_string(),
                    ..Advisory::default()
                },
            });
        }
        return;
    }
    let mut related: Vec<String> = r.aliases.clone();
    related.extend(r.upstream.iter().cloned());
    let ids = expand_ids(&r.id, &related);
    let summary = r
        .summary
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            r.details
                .as_deref()
                .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
                .map(str::to_string)
        })
        .unwrap_or_default();
    let record_sev = severity(&r.severity, r.database_specific.as_ref(), None);
    for aff in &r.affected {
        let Some(pkg) = &aff.package else { continue };
        let mut ranges = Vec::new();
        for range in &aff.ranges {
            if range.kind != "ECOSYSTEM" && range.kind != "SEMVER" {
                continue;
            }
            let events: Vec<Event> = range
                .events
                .iter()
                .filter_map(|e| {
                    if let Some(v) = &e.introduced {
                        Some(Event::Introduced(v.clone()))
                    } else if let Some(v) = &e.fixed {
                        Some(Event::Fixed(v.clone()))
                    } else {
                        e.last_affected.clone().map(Event::LastAffected)
                    }
                })
                .collect();
            if !events.is_empty() {
                ranges.push(events);
            }
        }
        if ranges.is_empty() && aff.versions.is_empty() {
            continue;
        }
        let sev = severity(
            &aff.severity,
            aff.database_specific.as_ref(),
            aff.ecosystem_specific.as_ref(),
        );
        let sev = if sev.level.is_some() || sev.cvss_vector.is_some() {
            sev
        } else {
            record_sev.clone()
        };
        for (id, aliases) in &ids {
            out.entries.push(FeedEntry {
                ecosystem: pkg.ecosystem.clone(),
                package: pkg.name.clone(),
                advisory: Advisory {
                    id: id.clone(),
                    aliases: aliases.clone(),
                    source: "osv".to_string(),
                    ranges: ranges.clone(),
                    versions: aff.versions.clone(),
                    severity: sev.clone(),
                    summary: summary.clone(),
                },
            });
        }
    }
}

/// Severity from OSV `severity` entries (CVSS v3 scored, v4 kept), else from
/// a textual rating (`Ubuntu` severity type, `database_specific.severity`,
/// `ecosystem_specific.urgency`).
fn severity(
    list: &[Severity],
    db: Option<&serde_json::Value>,
    eco: Option<&serde_json::Value>,
) -> SeverityInfo {
    let mut info = SeverityInfo::default();
    for s in list {
        match s.kind.as_str() {
            "CVSS_V3" => {
                if let Some(score) = cvss::score_v3(&s.score) {
                    info.cvss_vector = Some(s.score.clone());
                    info.cvss_score = Some(score.base);
                    info.level = Some(cvss::severity_of_score(score.base));
                    return info;
                }
            }
            "CVSS_V4" => {
                if info.cvss_vector.is_none() {
                    info.cvss_vector = Some(s.score.clone());
                }
            }
            _ => {
                if info.level.is_none() {
                    info.level = cvss::severity_of_label(&s.score);
                }
            }
        }
    }
    if info.level.is_none() {
        let label = |v: Option<&serde_json::Value>, key: &str| {
            v.and_then(|v| v.get(key))
                .and_then(|s| s.as_str())
                .and_then(cvss::severity_of_label)
        };
        info.level = label(db, "severity")
            .or_else(|| label(eco, "severity"))
            .or_else(|| label(eco, "urgency"));
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_with_cvss_and_withdrawn() {
        let rec = br#"{"id":"GHSA-x","aliases":["CVE-2020-1"],"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
          "affected":[{"package":{"ecosystem":"Debian:12","name":"foo"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.2-1"}]}]}]}"#;
        let out = parse_json(rec).unwrap();
        assert_eq!(out.entries.len(), 1);
        let a = &out.entries[0].advisory;
        assert_eq!(a.id, "CVE-2020-1");
        assert_eq!(a.aliases, vec!["GHSA-x".to_string()]);
        assert_eq!(a.severity.cvss_score, Some(9.8));
        let w = br#"{"id":"X-1","withdrawn":"2020-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"Debian:12","name":"foo"},"versions":["1"]}]}"#;
        let out = parse_json(w).unwrap();
        assert_eq!((out.entries.len(), out.skipped), (0, 1));
    }
}
