//! Matching installed packages against the database: binary packages are
//! looked up by their source package (distribution advisories name source
//! packages), evaluated with the ecosystem's version ordering, and the
//! advisories of all feeds are merged so each vulnerability is reported once
//! per binary package, under its CVE ID when it has one.

use crate::error::DbError;
use crate::model::{Advisory, Verdict, ecosystem_candidates};
use crate::store::{ADVISORIES, Database};
use crate::version::VersionScheme;
use portcullis_pkgdb::{Distro, Package};
use portcullis_rules::Severity;
use redb::ReadableDatabase;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Matching options.
#[derive(Debug, Clone, Copy, Default)]
pub struct MatchOptions {
    /// Hide vulnerabilities that have no fixed version yet.
    pub ignore_unfixed: bool,
}

/// One vulnerability of one installed binary package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VulnMatch {
    /// Primary ID (the CVE ID when any feed names one).
    pub id: String,
    /// Other IDs (DSA, DLA, GHSA, OSV record IDs), sorted.
    pub aliases: Vec<String>,
    /// Binary package name as installed.
    pub package: String,
    /// Installed binary version.
    pub installed_version: String,
    /// Source package the advisory names.
    pub source_package: String,
    /// Source version that was compared.
    pub source_version: String,
    /// Version that fixes it (source package version); `None` when unfixed.
    pub fixed_version: Option<String>,
    /// Rating: CVSS-derived or the distribution's urgency; `None` when unrated.
    pub severity: Option<Severity>,
    /// CVSS base score (v3 vectors).
    pub cvss_score: Option<f32>,
    /// CVSS vector.
    pub cvss_vector: Option<String>,
    /// Feeds that reported it (`osv`, `alpine-secdb:main`, `debian-dsa` ...).
    pub sources: Vec<String>,
    /// Ecosystem matched (`Debian:12`).
    pub ecosystem: String,
    /// Layer diff ID that installed the package.
    pub layer: Option<String>,
    /// One-line summary.
    pub summary: String,
}

/// The key that merges advisories of one vulnerability: its first CVE ID
/// (own ID or alias), else its own ID.
fn merge_key(a: &Advisory) -> &str {
    if a.id.starts_with("CVE-") {
        return &a.id;
    }
    a.aliases
        .iter()
        .find(|x| x.starts_with("CVE-"))
        .map(String::as_str)
        .unwrap_or(&a.id)
}

/// One vulnerability of one source package version, merged over feeds.
struct Merged {
    id: String,
    aliases: Vec<String>,
    fixed: Option<String>,
    severity: Option<Severity>,
    score: Option<f32>,
    vector: Option<String>,
    sources: Vec<String>,
    summary: String,
}

/// Evaluates a source package's advisories at `version` and merges those that
/// affect it per vulnerability.
fn merge(scheme: VersionScheme, advisories: &[Advisory], version: &str) -> Vec<Merged> {
    let mut groups: BTreeMap<&str, Vec<(&Advisory, Option<String>)>> = BTreeMap::new();
    for a in advisories {
        if let Verdict::Affected(fix) = a.evaluate(scheme, version) {
            groups.entry(merge_key(a)).or_default().push((a, fix));
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    for (key, hits) in groups {
        let mut aliases = BTreeSet::new();
        let mut sources = BTreeSet::new();
        let mut fixed: Option<String> = None;
        let mut severity: Option<Severity> = None;
        let (mut score, mut vector) = (None, None);
        let mut summary = String::new();
        for (a, fix) in hits {
            aliases.insert(a.id.as_str());
            aliases.extend(a.aliases.iter().map(String::as_str));
            sources.insert(a.source.as_str());
            // Feeds disagree at times; the highest fix is the safe advice.
            if let Some(f) = fix
                && fixed
                    .as_deref()
                    .is_none_or(|cur| scheme.compare(&f, cur).is_gt())
            {
                fixed = Some(f);
            }
            if a.severity.level > severity {
                severity = a.severity.level;
            }
            let has_cvss = a.severity.cvss_score.is_some() || a.severity.cvss_vector.is_some();
            if has_cvss && (a.severity.cvss_score > score || (score.is_none() && vector.is_none()))
            {
                score = a.severity.cvss_score;
                vector = a.severity.cvss_vector.clone();
            }
            if summary.is_empty() {
                summary = a.summary.clone();
            }
        }
        aliases.remove(key);
        out.push(Merged {
            id: key.to_string(),
            aliases: aliases.into_iter().map(str::to_string).collect(),
            fixed,
            severity,
            score,
            vector,
            sources: sources.into_iter().map(str::to_string).collect(),
            summary,
        });
    }
    out
}

impl Database {
    /// Matches the packages of an image of `distro`. Returns matches sorted
    /// by package, then ID. An unknown distribution yields no matches.
    pub fn match_packages(
        &self,
        distro: &Distro,
        packages: &[Package],
        opts: &MatchOptions,
    ) -> Result<Vec<VulnMatch>, DbError> {
        let ecosystems = ecosystem_candidates(distro);
        let Some(ecosystem) = ecosystems.first().cloned() else {
            return Ok(Vec::new());
        };
        let Some(scheme) = VersionScheme::for_ecosystem(&ecosystem) else {
            return Ok(Vec::new());
        };
        let txn = self
            .db
            .begin_read()
            .map_err(|e| DbError::corrupt(self.path(), e))?;
        let table = match txn.open_table(ADVISORIES) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(DbError::corrupt(self.path(), e)),
        };
        // Binary packages of one source share their source version: look up
        // and evaluate once per (source, version).
        let mut cache: HashMap<(&str, &str), Vec<Merged>> = HashMap::new();
        let mut out = Vec::new();
        for pkg in packages {
            let src = if pkg.source_name.is_empty() {
                pkg.name.as_str()
            } else {
                pkg.source_name.as_str()
            };
            let src_ver = if pkg.source_version.is_empty() {
                pkg.version.as_str()
            } else {
                pkg.source_version.as_str()
            };
            let merged = match cache.entry((src, src_ver)) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let mut advisories = self.lookup(&table, &ecosystem, src)?;
                    for other in &ecosystems[1..] {
                        advisories.extend(self.lookup(&table, other, src)?);
                    }
                    e.insert(merge(scheme, &advisories, src_ver))
                }
            };
            for m in merged.iter() {
                if opts.ignore_unfixed && m.fixed.is_none() {
                    continue;
                }
                out.push(VulnMatch {
                    id: m.id.clone(),
                    aliases: m.aliases.clone(),
                    package: pkg.name.clone(),
                    installed_version: pkg.version.clone(),
                    source_package: src.to_string(),
                    source_version: src_ver.to_string(),
                    fixed_version: m.fixed.clone(),
                    severity: m.severity,
                    cvss_score: m.score,
                    cvss_vector: m.vector.clone(),
                    sources: m.sources.clone(),
                    ecosystem: ecosystem.clone(),
                    layer: pkg.layer.clone(),
                    summary: m.summary.clone(),
                });
            }
        }
        out.sort_by(|a, b| {
            (
                a.package.as_str(),
                a.id.as_str(),
                a.installed_version.as_str(),
            )
                .cmp(&(
                    b.package.as_str(),
                    b.id.as_str(),
                    b.installed_version.as_str(),
                ))
        });
        out.dedup_by(|a, b| {
            a.package == b.package && a.id == b.id && a.installed_version == b.installed_version
        });
        Ok(out)
    }
}
