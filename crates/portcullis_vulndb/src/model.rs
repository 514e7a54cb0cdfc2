//! What the database stores per (ecosystem, package): advisories with OSV
//! affected-range semantics, plus the release-name mapping between image
//! distributions and feed ecosystems.

use crate::version::VersionScheme;
use portcullis_rules::Severity;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// One OSV range event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// Versions from here on are affected (`"0"` = from the beginning).
    Introduced(String),
    /// Versions from here on are not affected.
    Fixed(String),
    /// Versions after this one are not affected.
    LastAffected(String),
}

/// Severity facts of an advisory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SeverityInfo {
    /// CVSS vector as published (v3 or v4).
    pub cvss_vector: Option<String>,
    /// CVSS base score computed from a v3 vector (v4 vectors stay unscored).
    pub cvss_score: Option<f32>,
    /// Rating: from the CVSS score, else from the distribution's urgency label.
    pub level: Option<Severity>,
}

/// One vulnerability as it affects one package of one ecosystem.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    /// Primary ID (a CVE ID when the feed names one).
    pub id: String,
    /// Other IDs of the same vulnerability (DSA, DLA, GHSA, the OSV record ID).
    pub aliases: Vec<String>,
    /// Feed label (`osv`, `alpine-secdb`, `debian-tracker`, `debian-dsa`, `debian-dla`).
    pub source: String,
    /// Affected ranges; each is a list of events (OSV `ECOSYSTEM` semantics).
    pub ranges: Vec<Vec<Event>>,
    /// Explicitly affected versions.
    pub versions: Vec<String>,
    /// Severity facts.
    pub severity: SeverityInfo,
    /// One-line summary.
    pub summary: String,
}

/// How an advisory applies to one installed version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not affected.
    Unaffected,
    /// Affected; the fix (if any) is the given version.
    Affected(Option<String>),
}

impl Advisory {
    /// Whether `version` is affected, and the first fixed version above it.
    pub fn evaluate(&self, scheme: VersionScheme, version: &str) -> Verdict {
        let cmp = |a: &str, b: &str| scheme.compare(a, b);
        let mut affected = self.versions.iter().any(|v| cmp(v, version).is_eq());
        let mut fix: Option<&str> = None;
        for range in &self.ranges {
            if range_affects(scheme, range, version) {
                affected = true;
                for e in range {
                    if let Event::Fixed(f) = e
                        && cmp(f, version).is_gt()
                        && fix.is_none_or(|cur| cmp(f, cur).is_lt())
                    {
                        fix = Some(f);
                    }
                }
            }
        }
        if affected {
            Verdict::Affected(fix.map(str::to_string))
        } else {
            Verdict::Unaffected
        }
    }
}

/// OSV's evaluation of one range: walk the events in version order; an
/// `introduced` at or below the version turns it on, a `fixed` at or below or
/// a `last_affected` strictly below turns it off.
fn range_affects(scheme: VersionScheme, events: &[Event], version: &str) -> bool {
    fn key(e: &Event) -> (u8, &str) {
        match e {
            Event::Introduced(v) => (0, v),
            Event::Fixed(v) => (1, v),
            Event::LastAffected(v) => (2, v),
        }
    }
    let is_zero = |v: &str| v == "0";
    let cmp = |a: &Event, b: &Event| {
        let (ka, va) = key(a);
        let (kb, vb) = key(b);
        let c = match (is_zero(va) && ka == 0, is_zero(vb) && kb == 0) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => scheme.compare(va, vb),
        };
        c.then(ka.cmp(&kb))
    };
    // Feeds almost always list events in order (`introduced: 0`, `fixed`):
    // walk them as they are and sort only when they are not.
    let sorted;
    let order: &[Event] = if events.is_sorted_by(|a, b| cmp(a, b).is_le()) {
        events
    } else {
        let mut v = events.to_vec();
        v.sort_by(cmp);
        sorted = v;
        &sorted
    };
    let mut affected = false;
    for e in order {
        match e {
            Event::Introduced(v) => {
                if is_zero(v) || scheme.compare(version, v).is_ge() {
                    affected = true;
                }
            }
            Event::Fixed(v) => {
                if scheme.compare(version, v).is_ge() {
                    affected = false;
                }
            }
            Event::LastAffected(v) => {
                if scheme.compare(version, v).is_gt() {
                    affected = false;
                }
            }
        }
    }
    affected
}

/// Debian release codenames and their version numbers.
pub const DEBIAN_RELEASES: &[(&str, &str)] = &[
    ("squeeze", "6"),
    ("wheezy", "7"),
    ("jessie", "8"),
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
    ("duke", "15"),
];

/// `Debian:<n>` for a codename (`bookworm` → `Debian:12`); `sid` stays named.
pub fn debian_ecosystem(codename: &str) -> Option<String> {
    DEBIAN_RELEASES
        .iter()
        .find(|(c, _)| *c == codename)
        .map(|(_, n)| format!("Debian:{n}"))
}

/// The feed ecosystem for an image's distribution: Debian `12` → `Debian:12`,
/// Alpine `3.20.3` → `Alpine:v3.20`, Ubuntu `22.04` → `Ubuntu:22.04`, the
/// RPM distributions by major version. `None` when unknown.
pub fn ecosystem_for(distro: &portcullis_pkgdb::Distro) -> Option<String> {
    let id = distro.id.trim().to_ascii_lowercase();
    let ver = distro.version_id.trim();
    let major = ver.split('.').next().unwrap_or("");
    let major_minor = || {
        let mut it = ver.split('.');
        match (it.next(), it.next()) {
            (Some(a), Some(b)) => Some(format!("{a}.{b}")),
            _ => None,
        }
    };
    match id.as_str() {
        "debian" => {
            if !major.is_empty() && major.bytes().all(|c| c.is_ascii_digit()) {
                Some(format!("Debian:{major}"))
            } else {
                distro.codename.as_deref().and_then(debian_ecosystem)
            }
        }
        "alpine" => major_minor().map(|mm| format!("Alpine:v{mm}")),
        "ubuntu" => (!ver.is_empty()).then(|| format!("Ubuntu:{ver}")),
        "rhel" | "redhat" => (!major.is_empty()).then(|| format!("Red Hat:{major}")),
        "rocky" => (!major.is_empty()).then(|| format!("Rocky Linux:{major}")),
        "almalinux" => (!major.is_empty()).then(|| format!("AlmaLinux:{major}")),
        "wolfi" => Some("Wolfi".to_string()),
        "chainguard" => Some("Chainguard".to_string()),
        _ => None,
    }
}

/// Every feed ecosystem that covers an image's distribution: the one of
/// [`ecosystem_for`] plus OSV's suffixed Ubuntu names (`Ubuntu:22.04:LTS`,
/// `Ubuntu:Pro:22.04:LTS`).
pub fn ecosystem_candidates(distro: &portcullis_pkgdb::Distro) -> Vec<String> {
    let Some(primary) = ecosystem_for(distro) else {
        return Vec::new();
    };
    let mut out = vec![primary.clone()];
    if let Some(ver) = primary.strip_prefix("Ubuntu:") {
        out.push(format!("Ubuntu:{ver}:LTS"));
        out.push(format!("Ubuntu:Pro:{ver}:LTS"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adv(ranges: Vec<Vec<Event>>) -> Advisory {
        Advisory {
            id: "CVE-1".into(),
            ranges,
            ..Advisory::default()
        }
    }

    #[test]
    fn osv_range_semantics() {
        use Event::*;
        let s = VersionScheme::Deb;
        let a = adv(vec![vec![Introduced("0".into()), Fixed("1.2-1".into())]]);
        assert_eq!(
            a.evaluate(s, "1.1-1"),
            Verdict::Affected(Some("1.2-1".into()))
        );
        assert_eq!(a.evaluate(s, "1.2-1"), Verdict::Unaffected);
        let b = adv(vec![vec![
            Introduced("1.0".into()),
            Fixed("1.5".into()),
            Introduced("2.0".into()),
            LastAffected("2.3".into()),
        ]]);
        assert_eq!(b.evaluate(s, "0.9"), Verdict::Unaffected);
        assert_eq!(b.evaluate(s, "1.4"), Verdict::Affected(Some("1.5".into())));
        assert_eq!(b.evaluate(s, "1.7"), Verdict::Unaffected);
        assert_eq!(b.evaluate(s, "2.3"), Verdict::Affected(None));
        assert_eq!(b.evaluate(s, "2.4"), Verdict::Unaffected);
        let c = Advisory {
            versions: vec!["3.0".into()],
            ..adv(vec![])
        };
        assert_eq!(c.evaluate(s, "3.0"), Verdict::Affected(None));
        assert_eq!(c.evaluate(s, "3.1"), Verdict::Unaffected);
    }

    #[test]
    fn release_mapping() {
        let d = |id: &str, v: &str, c: Option<&str>| portcullis_pkgdb::Distro {
            id: id.into(),
            version_id: v.into(),
            codename: c.map(Into::into),
            pretty_name: None,
        };
        assert_eq!(
            ecosystem_for(&d("debian", "12", None)).as_deref(),
            Some("Debian:12")
        );
        assert_eq!(
            ecosystem_for(&d("debian", "", Some("bookworm"))).as_deref(),
            Some("Debian:12")
        );
        assert_eq!(
            ecosystem_for(&d("alpine", "3.20.3", None)).as_deref(),
            Some("Alpine:v3.20")
        );
        assert_eq!(ecosystem_for(&d("plan9", "1", None)), None);
    }
}
