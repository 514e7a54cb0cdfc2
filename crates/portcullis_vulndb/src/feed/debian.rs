//! The Debian security tracker: its JSON export
//! (`{package: {CVE: {releases: {codename: {status, fixed_version, urgency}}}}}`)
//! and the advisory list files `data/DSA/list` and `data/DLA/list`
//! (`[date] DSA-NNNN-N pkg - desc`, `{CVE-…}`, `[codename] - pkg version`).
//! Releases map to OSV ecosystems by codename (`bookworm` → `Debian:12`).

use super::{FeedEntry, FeedError, ParsedFeed, expand_ids};
use crate::cvss;
use crate::model::{Advisory, Event, SeverityInfo, debian_ecosystem};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct CveEntry {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    releases: BTreeMap<String, Release>,
}

#[derive(Deserialize)]
struct Release {
    #[serde(default)]
    status: String,
    #[serde(default)]
    fixed_version: Option<String>,
    #[serde(default)]
    urgency: Option<String>,
}

/// Parses the tracker's JSON export. `open` and `undetermined` issues are
/// stored as unfixed; `resolved` with fixed version `0` means not affected.
pub fn parse_json(data: &[u8]) -> Result<ParsedFeed, FeedError> {
    let doc: BTreeMap<String, BTreeMap<String, CveEntry>> = serde_json::from_slice(data)?;
    let mut out = ParsedFeed::default();
    for (package, cves) in doc {
        for (cve, entry) in cves {
            out.records += 1;
            for (codename, rel) in &entry.releases {
                let Some(ecosystem) = debian_ecosystem(codename) else {
                    continue;
                };
                let range = match rel.status.as_str() {
                    "resolved" => match rel.fixed_version.as_deref().map(str::trim) {
                        Some("0") | None | Some("") => continue,
                        Some(v) => vec![Event::Introduced("0".into()), Event::Fixed(v.into())],
                    },
                    "open" | "undetermined" => vec![Event::Introduced("0".into())],
                    _ => continue,
                };
                out.entries.push(FeedEntry {
                    ecosystem,
                    package: package.clone(),
                    advisory: Advisory {
                        id: cve.clone(),
                        aliases: Vec::new(),
                        source: "debian-tracker".to_string(),
                        ranges: vec![range],
                        versions: Vec::new(),
                        severity: SeverityInfo {
                            level: rel.urgency.as_deref().and_then(cvss::severity_of_label),
                            ..SeverityInfo::default()
                        },
                        summary: entry
                            .description
                            .as_deref()
                            .unwrap_or("")
                            .lines()
                            .next()
                            .unwrap_or("")
                            .to_string(),
                    },
                });
            }
        }
    }
    Ok(out)
}

/// True when the text starts like a DSA/DLA list (`[29 Mar 2023] DSA-…`).
pub fn looks_like_list(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| parse_header(l).is_some())
}

/// `(advisory id, package, description)` of a header line.
fn parse_header(line: &str) -> Option<(&str, &str, &str)> {
    let rest = line.strip_prefix('[')?;
    let (date, rest) = rest.split_once(']')?;
    if date.len() > 16 || !date.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_start();
    let (id, rest) = rest.split_once(char::is_whitespace)?;
    if !(id.starts_with("DSA-") || id.starts_with("DLA-")) {
        return None;
    }
    let rest = rest.trim_start();
    let (pkg, desc) = match rest.split_once(char::is_whitespace) {
        Some((p, d)) => (p, d.trim().trim_start_matches('-').trim()),
        None => (rest, ""),
    };
    Some((id, pkg, desc))
}

struct Pending {
    id: String,
    summary: String,
    cves: Vec<String>,
    fixes: Vec<(String, String, String)>,
}

/// Parses a DSA or DLA list. Each advisory yields, per CVE it names (or its
/// own ID when it names none) and per `[release] - package version` line, an
/// entry fixed in that version. `<not-affected>`, `<unfixed>` and similar
/// markers yield nothing.
pub fn parse_list(text: &str) -> ParsedFeed {
    let mut out = ParsedFeed::default();
    let mut cur: Option<Pending> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some((id, pkg, desc)) = parse_header(t) {
            flush(cur.take(), &mut out);
            cur = Some(Pending {
                id: id.to_string(),
                summary: format!("{pkg} - {desc}"),
                cves: Vec::new(),
                fixes: Vec::new(),
            });
            continue;
        }
        let Some(p) = cur.as_mut() else { continue };
        if let Some(ids) = t.strip_prefix('{') {
            let ids = ids.trim_end_matches('}');
            p.cves.extend(ids.split_whitespace().map(str::to_string));
        } else if let Some(rest) = t.strip_prefix('[')
            && let Some((codename, rest)) = rest.split_once(']')
        {
            let mut words = rest.split_whitespace();
            if words.next() != Some("-") {
                continue;
            }
            let (Some(pkg), Some(ver)) = (words.next(), words.next()) else {
                continue;
            };
            if ver.starts_with('<') {
                continue;
            }
            p.fixes.push((
                codename.trim().to_string(),
                pkg.to_string(),
                ver.to_string(),
            ));
        }
    }
    flush(cur, &mut out);
    out
}

fn flush(p: Option<Pending>, out: &mut ParsedFeed) {
    let Some(p) = p else { return };
    out.records += 1;
    let source = if p.id.starts_with("DLA-") {
        "debian-dla"
    } else {
        "debian-dsa"
    };
    let ids = expand_ids(&p.id, &p.cves);
    for (codename, pkg, ver) in &p.fixes {
        let Some(ecosystem) = debian_ecosystem(codename) else {
            continue;
        };
        for (id, aliases) in &ids {
            out.entries.push(FeedEntry {
                ecosystem: ecosystem.clone(),
                package: pkg.clone(),
                advisory: Advisory {
                    id: id.clone(),
                    aliases: aliases.clone(),
                    source: source.to_string(),
                    ranges: vec![vec![
                        Event::Introduced("0".into()),
                        Event::Fixed(ver.clone()),
                    ]],
                    versions: Vec::new(),
                    severity: SeverityInfo::default(),
                    summary: p.summary.clone(),
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_and_json() {
        let list = "[29 Mar 2023] DSA-5380-1 xorg-server - security update\n\t{CVE-2023-1393}\n\t[bullseye] - xorg-server 2:1.20.11-1+deb11u6\n[17 Mar 2023] DSA-5356-2 sox - regression update\n\t[bullseye] - sox 14.4.2+git20190427-2+deb11u2\n\t[buster] - sox <not-affected> (x)\n";
        assert!(looks_like_list(list));
        let out = parse_list(list);
        assert_eq!(out.records, 2);
        assert_eq!(out.entries.len(), 2);
        assert_eq!(out.entries[0].advisory.id, "CVE-2023-1393");
        assert_eq!(
            out.entries[0].advisory.aliases,
            vec!["DSA-5380-1".to_string()]
        );
        assert_eq!(out.entries[0].ecosystem, "Debian:11");
        assert_eq!(out.entries[1].advisory.id, "DSA-5356-2");
        let json = br#"{"openssl":{"CVE-2023-0286":{"description":"X.400 confusion","releases":{"bookworm":{"status":"resolved","fixed_version":"3.0.8-1","urgency":"high"},"bullseye":{"status":"open","urgency":"low"},"buster":{"status":"resolved","fixed_version":"0"}}}}}"#;
        let out = parse_json(json).unwrap();
        assert_eq!(out.entries.len(), 2);
    }
}
