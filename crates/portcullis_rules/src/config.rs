//! `portcullis.toml`: the options as the user writes them, parsed strictly
//! (unknown keys are errors that point at the line), and resolved together with
//! command-line flags into `Settings` and compiled `[[ignore]]` entries.

use crate::settings::{KubeVersion, Settings};
use crate::suppress::ConfigIgnore;
use portcullis_diagnostics::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

/// The file name looked for upward from the scanned path.
pub const CONFIG_FILE: &str = "portcullis.toml";

/// Top level of `portcullis.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Kubernetes version for Pod Security checks (`"1.35"` or `"latest"`).
    pub pss_version: Option<String>,
    /// Lowest severity that makes the run fail.
    pub fail_on: Option<String>,
    /// Path globs (relative to the config file) never scanned.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Rule selection and severities.
    #[serde(default)]
    pub rules: RuleOptions,
    /// Suppressions.
    #[serde(default)]
    pub ignore: Vec<IgnoreOptions>,
    /// Vulnerability database settings.
    #[serde(default)]
    pub db: DbOptions,
}

/// `[rules]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOptions {
    /// Rules (ID, name or tag) switched on in addition to the defaults.
    #[serde(default)]
    pub enable: Vec<String>,
    /// Rules (ID, name or tag) switched off.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Severity overrides by rule ID or name.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
}

/// One `[[ignore]]` entry.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreOptions {
    /// Rule IDs or names (empty: every rule).
    #[serde(default)]
    pub rules: Vec<String>,
    /// Path globs relative to the config file's folder.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Object patterns `Kind/namespace/name` or `Kind/name`, `*` wildcards.
    #[serde(default)]
    pub objects: Vec<String>,
    /// Vulnerability IDs or aliases.
    #[serde(default)]
    pub vulnerabilities: Vec<String>,
    /// Package name globs.
    #[serde(default)]
    pub packages: Vec<String>,
    /// Why the findings are accepted (required).
    pub reason: Option<String>,
    /// `YYYY-MM-DD` after which the entry stops applying.
    pub expires: Option<toml::Value>,
}

/// `[db]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DbOptions {
    /// Database file.
    pub path: Option<PathBuf>,
    /// Base URL of OSV archives for `db update`.
    pub url: Option<String>,
    /// Ecosystems to download.
    pub ecosystems: Option<Vec<String>>,
    /// Days after which scans refuse the database.
    pub max_age_days: Option<u64>,
}

/// A configuration problem, with the position in the file when known.
#[derive(Debug, thiserror::Error)]
#[error("{path}{pos}: {message}", pos = match (line, column) { (Some(l), Some(c)) => format!(":{l}:{c}"), _ => String::new() })]
pub struct ConfigError {
    /// The config file.
    pub path: String,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// A loaded configuration file.
#[derive(Debug, Default)]
pub struct Config {
    /// The file, when one was found.
    pub path: Option<PathBuf>,
    /// Folder that relative paths in the file are relative to.
    pub root: PathBuf,
    /// Its options.
    pub options: Options,
}

impl Config {
    /// Parses `text` read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let options: Options = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| {
                    let src = portcullis_source::SourceFile::new("", text);
                    let lc = src.line_col(s.start as u32);
                    (Some(lc.line), Some(lc.column))
                })
                .unwrap_or((None, None));
            ConfigError {
                path: path.display().to_string(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Ok(Config {
            path: Some(path.to_path_buf()),
            root,
            options,
        })
    }

    /// Reads `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: None,
            column: None,
            message: format!("cannot read the configuration file: {e}"),
        })?;
        Self::parse(path, &text)
    }

    /// Looks for `portcullis.toml` in `start` (or its folder) and each parent.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let abs = std::fs::canonicalize(start).ok()?;
        let mut dir = if abs.is_dir() {
            abs
        } else {
            abs.parent()?.to_path_buf()
        };
        loop {
            let candidate = dir.join(CONFIG_FILE);
            if candidate.is_file() {
                return Some(candidate);
            }
            if !dir.pop() {
                return None;
            }
        }
    }

    fn err(&self, message: String) -> ConfigError {
        ConfigError {
            path: self
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            line: None,
            column: None,
            message,
        }
    }

    /// Applies the file's rule options to `settings` (flags already in it win
    /// for the PSS version when `flag_pss_version` is set).
    pub fn apply(
        &self,
        settings: &mut Settings,
        flag_pss_version: bool,
    ) -> Result<(), ConfigError> {
        let o = &self.options;
        if !flag_pss_version && let Some(v) = &o.pss_version {
            settings.pss_version = v.parse::<KubeVersion>().map_err(|e| self.err(e))?;
        }
        settings.enable.extend(o.rules.enable.iter().cloned());
        settings.disable.extend(o.rules.disable.iter().cloned());
        for (rule, sev) in &o.rules.severity {
            let sev: Severity = sev
                .parse()
                .map_err(|e| self.err(format!("[rules.severity] {rule}: {e}")))?;
            settings.severity_overrides.insert(rule.clone(), sev);
        }
        Ok(())
    }

    /// The `fail-on` severity, if set.
    pub fn fail_on(&self) -> Result<Option<Severity>, ConfigError> {
        self.options
            .fail_on
            .as_deref()
            .map(|s| s.parse().map_err(|e| self.err(format!("fail-on: {e}"))))
            .transpose()
    }

    /// Compiles the `exclude` globs.
    pub fn exclude_set(&self) -> Result<globset::GlobSet, ConfigError> {
        build_globs(&self.options.exclude).map_err(|e| self.err(format!("exclude: {e}")))
    }

    /// Compiles the `[[ignore]]` entries.
    pub fn ignores(&self) -> Result<Vec<ConfigIgnore>, ConfigError> {
        let origin = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        self.options
            .ignore
            .iter()
            .enumerate()
            .map(|(i, ig)| {
                let expires = match &ig.expires {
                    None => None,
                    Some(toml::Value::String(s)) => Some(s.clone()),
                    Some(toml::Value::Datetime(d)) => Some(d.to_string()),
                    Some(other) => {
                        return Err(self.err(format!(
                            "[[ignore]] #{}: expires must be a date like 2027-01-31, not {other}",
                            i + 1
                        )));
                    }
                };
                if let Some(d) = &expires
                    && !is_date(d)
                {
                    return Err(self.err(format!(
                        "[[ignore]] #{}: expires `{d}` is not a date like 2027-01-31",
                        i + 1
                    )));
                }
                Ok(ConfigIgnore {
                    rules: ig.rules.clone(),
                    paths: build_globs(&ig.paths)
                        .map_err(|e| self.err(format!("[[ignore]] #{}: {e}", i + 1)))?,
                    has_paths: !ig.paths.is_empty(),
                    objects: ig.objects.clone(),
                    vulnerabilities: ig.vulnerabilities.clone(),
                    packages: build_globs(&ig.packages)
                        .map_err(|e| self.err(format!("[[ignore]] #{}: {e}", i + 1)))?,
                    has_packages: !ig.packages.is_empty(),
                    reason: ig.reason.clone().unwrap_or_default(),
                    expires,
                    origin: format!("{origin} [[ignore]] #{}", i + 1),
                    used: AtomicUsize::new(0),
                })
            })
            .collect()
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn build_globs(patterns: &[String]) -> Result<globset::GlobSet, globset::Error> {
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        b.add(
            globset::GlobBuilder::new(p)
                .literal_separator(false)
                .build()?,
        );
        // `dir/` or `dir` should also exclude everything below it.
        if !p.contains('*') {
            b.add(globset::Glob::new(&format!(
                "{}/**",
                p.trim_end_matches('/')
            ))?);
        }
    }
    b.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_point_at_the_line() {
        let err = Config::parse(
            Path::new("p.toml"),
            "fail-on = \"high\"\n\n[rules]\nenabel = []\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("enabel"), "{}", err.message);
    }

    #[test]
    fn full_config_resolves() {
        let text = r#"
pss-version = "1.30"
fail-on = "medium"
exclude = ["vendor"]
[rules]
disable = ["KS030"]
[rules.severity]
KS002 = "low"
[[ignore]]
rules = ["KS001"]
objects = ["Deployment/*/web"]
reason = "legacy"
expires = 2030-01-01
"#;
        let cfg = Config::parse(Path::new("/x/portcullis.toml"), text).unwrap();
        let mut s = Settings::default();
        cfg.apply(&mut s, false).unwrap();
        assert_eq!(s.pss_version, KubeVersion::new(30));
        assert_eq!(s.disable, vec!["KS030"]);
        assert_eq!(s.severity_overrides["KS002"], Severity::Low);
        assert_eq!(cfg.fail_on().unwrap(), Some(Severity::Medium));
        let ig = cfg.ignores().unwrap();
        assert_eq!(ig[0].expires.as_deref(), Some("2030-01-01"));
        assert!(cfg.exclude_set().unwrap().is_match("vendor/a/b.yaml"));
    }

    #[test]
    fn bad_severity_is_an_error() {
        let cfg =
            Config::parse(Path::new("p.toml"), "[rules.severity]\nKS002 = \"huge\"\n").unwrap();
        assert!(cfg.apply(&mut Settings::default(), false).is_err());
    }
}
