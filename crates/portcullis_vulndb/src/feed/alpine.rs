//! The Alpine secdb (<https://secdb.alpinelinux.org/>), YAML or JSON: per
//! repository and release, each origin package's `secfixes` map from the
//! version that fixed a problem to the CVE IDs it fixed. A fix version of
//! `0` means the package was never affected and yields no entry.

use super::{FeedEntry, FeedError, ParsedFeed};
use crate::model::{Advisory, Event};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct SecDb {
    #[serde(default)]
    distroversion: Option<String>,
    #[serde(default)]
    reponame: Option<String>,
    #[serde(default)]
    packages: Vec<PkgWrap>,
}

#[derive(Deserialize)]
struct PkgWrap {
    pkg: Pkg,
}

#[derive(Deserialize)]
struct Pkg {
    name: String,
    #[serde(default)]
    secfixes: Option<BTreeMap<String, Option<Vec<Option<String>>>>>,
}

/// Parses the YAML form. `hint` (a file path) supplies the release when the
/// file has no `distroversion` (`.../v3.10/main.yaml`, `v3.10-main.yaml`).
pub fn parse_yaml(data: &[u8], hint: &str) -> Result<ParsedFeed, FeedError> {
    let db: SecDb = serde_saphyr::from_slice(data).map_err(|e| FeedError::Yaml(e.to_string()))?;
    Ok(convert(db, hint))
}

/// Parses the JSON form.
pub fn parse_json(data: &[u8], hint: &str) -> Result<ParsedFeed, FeedError> {
    let db: SecDb = serde_json::from_slice(data)?;
    Ok(convert(db, hint))
}

/// `v3.10` from a path like `v3.10-main.yaml` or `v3.10/main.json`.
fn release_from_hint(hint: &str) -> Option<String> {
    let i = hint
        .rfind("/v")
        .map(|i| i + 1)
        .or_else(|| hint.starts_with('v').then_some(0))?;
    let rest = &hint[i + 1..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let ver = rest[..end].trim_end_matches('.');
    (!ver.is_empty()).then(|| format!("v{ver}"))
}

/// `community` from a path like `v3.10-community.yaml` or `v3.10/community.json`.
fn repo_from_hint(hint: &str) -> Option<String> {
    let name = hint.rsplit(['/', '\\']).next()?;
    let stem = [".yaml", ".yml", ".json"]
        .iter()
        .find_map(|e| name.strip_suffix(e))
        .unwrap_or(name);
    let repo = stem.rsplit_once('-').map_or(stem, |(_, r)| r);
    let is_release = repo
        .strip_prefix('v')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    (!repo.is_empty() && !is_release).then(|| repo.to_string())
}

fn convert(db: SecDb, hint: &str) -> ParsedFeed {
    let mut out = ParsedFeed::default();
    let release = db
        .distroversion
        .filter(|d| !d.trim().is_empty())
        .map(|d| {
            let d = d.trim();
            if d.starts_with('v') || d == "edge" {
                d.to_string()
            } else {
                format!("v{d}")
            }
        })
        .or_else(|| release_from_hint(hint));
    let Some(release) = release else {
        return out;
    };
    let ecosystem = format!("Alpine:{release}");
    // The repository tells main and community apart; a file without
    // `reponame` takes it from its name (`v3.10-community.yaml`), so that
    // importing one repository never replaces the other's entries.
    let repo = db
        .reponame
        .filter(|r| !r.trim().is_empty())
        .or_else(|| repo_from_hint(hint));
    let source = match repo {
        Some(r) => format!("alpine-secdb:{}", r.trim()),
        None => "alpine-secdb".to_string(),
    };
    for PkgWrap { pkg } in db.packages {
        let Some(fixes) = pkg.secfixes else { continue };
        for (fixed, ids) in fixes {
            let fixed = fixed.trim();
            for id in ids.into_iter().flatten().flatten() {
                out.records += 1;
                // Entries look like "CVE-2019-1547" or "CVE-2019-1547 XSA-123".
                let mut words = id.split_whitespace();
                let Some(primary) = words.next() else {
                    continue;
                };
                if fixed == "0" || fixed.is_empty() {
                    continue;
                }
                out.entries.push(FeedEntry {
                    ecosystem: ecosystem.clone(),
                    package: pkg.name.clone(),
                    advisory: Advisory {
                        id: primary.to_string(),
                        aliases: words.map(str::to_string).collect(),
                        source: source.clone(),
                        ranges: vec![vec![
                            Event::Introduced("0".to_string()),
                            Event::Fixed(fixed.to_string()),
                        ]],
                        ..Advisory::default()
                    },
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_release_hint() {
        let y = b"packages:\n  - pkg:\n      name: openssl\n      secfixes:\n        1.1.1d-r0:\n          - CVE-2019-1547\n        0:\n          - CVE-2000-1\n";
        let out = parse_yaml(y, "x/v3.10-main.yaml").unwrap();
        assert_eq!(out.entries.len(), 1);
        assert_eq!(out.records, 2);
        assert_eq!(out.entries[0].ecosystem, "Alpine:v3.10");
        assert_eq!(out.entries[0].advisory.source, "alpine-secdb:main");
        let out = parse_yaml(y, "x/v3.10/community.yaml").unwrap();
        assert_eq!(out.entries[0].advisory.source, "alpine-secdb:community");
        let out = parse_yaml(y, "x/v3.10.yaml").unwrap();
        assert_eq!(out.entries[0].advisory.source, "alpine-secdb");
        assert_eq!(
            release_from_hint("secdb/v3.20/main.json").as_deref(),
            Some("v3.20")
        );
    }
}
