//! Resolved settings: the only configuration rules ever see. Built by the CLI
//! from flags and `portcullis.toml` (see `config`).

use crate::meta::RuleMeta;
use portcullis_diagnostics::Severity;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// A Kubernetes minor version `1.N`, for version-aware Pod Security checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KubeVersion {
    /// The minor number N of `1.N`.
    pub minor: u16,
}

impl KubeVersion {
    /// The newest policy version portcullis implements.
    pub const LATEST: KubeVersion = KubeVersion { minor: 37 };

    /// `1.minor`.
    pub const fn new(minor: u16) -> Self {
        Self { minor }
    }

    /// True when this version is `1.minor` or newer.
    pub fn at_least(self, minor: u16) -> bool {
        self.minor >= minor
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

impl FromStr for KubeVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().trim_start_matches('v');
        if t == "latest" {
            return Ok(Self::LATEST);
        }
        let bad = || {
            format!(
                "invalid Pod Security version `{s}`: use `latest` or 1.0 to {}",
                Self::LATEST
            )
        };
        let (major, minor) = t.split_once('.').ok_or_else(bad)?;
        if major != "1" {
            return Err(bad());
        }
        let minor: u16 = minor.parse().map_err(|_| bad())?;
        if minor > Self::LATEST.minor {
            return Err(bad());
        }
        Ok(Self { minor })
    }
}

/// A Pod Security Standards level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PssLevel {
    /// The baseline level.
    Baseline,
    /// The restricted level (includes baseline).
    Restricted,
}

/// One `--select` / `enable` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Exactly the rules of a Pod Security level (`pss:baseline`, `pss:restricted`).
    Pss(PssLevel),
    /// A rule ID, name, domain tag or tag.
    Key(String),
}

impl Selector {
    /// Parses `pss:baseline`, `pss:restricted` or any other key.
    pub fn parse(s: &str) -> Self {
        match s {
            "pss:baseline" => Selector::Pss(PssLevel::Baseline),
            "pss:restricted" => Selector::Pss(PssLevel::Restricted),
            other => Selector::Key(other.to_string()),
        }
    }

    /// True when this selector picks `meta`.
    pub fn matches(&self, meta: &RuleMeta) -> bool {
        match self {
            Selector::Pss(level) => pss_levels(meta).any(|l| l <= *level),
            Selector::Key(k) => meta.matches(k),
        }
    }
}

/// The PSS levels a rule implements (from its `pss:<level>/...` standards).
pub fn pss_levels(meta: &RuleMeta) -> impl Iterator<Item = PssLevel> + '_ {
    meta.standards.iter().filter_map(|s| {
        if s.starts_with("pss:baseline/") {
            Some(PssLevel::Baseline)
        } else if s.starts_with("pss:restricted/") {
            Some(PssLevel::Restricted)
        } else {
            None
        }
    })
}

/// Resolved settings for one run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Kubernetes version whose Pod Security Standards apply.
    pub pss_version: KubeVersion,
    /// The PSS level selected with `--select pss:...`, which decides which
    /// restricted-level overrides apply. `None`: every rule runs on its own.
    pub pss_level: Option<PssLevel>,
    /// When non-empty, only rules matching one of these run.
    pub select: Vec<Selector>,
    /// Rules (by ID, name or tag) switched on in addition to the defaults.
    pub enable: Vec<String>,
    /// Rules (by ID, name or tag) switched off.
    pub disable: Vec<String>,
    /// Severity overrides by rule ID or name.
    pub severity_overrides: HashMap<String, Severity>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            pss_version: KubeVersion::LATEST,
            pss_level: None,
            select: Vec::new(),
            enable: Vec::new(),
            disable: Vec::new(),
            severity_overrides: HashMap::new(),
        }
    }
}

impl Settings {
    /// Settings that run exactly the rules of one Pod Security level at `version`.
    pub fn pss(level: PssLevel, version: KubeVersion) -> Self {
        Self {
            pss_version: version,
            pss_level: Some(level),
            select: vec![Selector::Pss(level)],
            ..Self::default()
        }
    }

    /// Whether `meta` runs under these settings.
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        if !self.select.is_empty() {
            return self.select.iter().any(|s| s.matches(meta))
                && !self.disable.iter().any(|k| meta.matches(k));
        }
        if self.disable.iter().any(|k| meta.matches(k)) {
            return false;
        }
        meta.default_enabled || self.enable.iter().any(|k| meta.matches(k))
    }

    /// The effective severity of `meta`.
    pub fn severity(&self, meta: &RuleMeta) -> Severity {
        self.severity_overrides
            .get(meta.id)
            .or_else(|| self.severity_overrides.get(meta.name))
            .copied()
            .unwrap_or(meta.severity)
    }

    /// True when the restricted level is selected (so restricted overrides of
    /// baseline checks apply).
    pub fn restricted(&self) -> bool {
        self.pss_level == Some(PssLevel::Restricted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse() {
        assert_eq!("1.35".parse::<KubeVersion>().unwrap(), KubeVersion::new(35));
        assert_eq!("v1.0".parse::<KubeVersion>().unwrap(), KubeVersion::new(0));
        assert_eq!(
            "latest".parse::<KubeVersion>().unwrap(),
            KubeVersion::LATEST
        );
        assert!("1.38".parse::<KubeVersion>().is_err());
        assert!("2.1".parse::<KubeVersion>().is_err());
        assert!("1.x".parse::<KubeVersion>().is_err());
    }
}
