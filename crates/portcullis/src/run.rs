//! What every checking command shares: resolving flags and `portcullis.toml`
//! into settings, applying `[[ignore]]` entries and the baseline, writing the
//! report and choosing the exit code.

use crate::cli::{ColorArg, FormatArg, OutputArgs};
use crate::registry;
use anyhow::{Context, bail};
use portcullis_diagnostics::render::{Format, RenderOptions, render};
use portcullis_diagnostics::{Finding, Location, Report, Severity};
use portcullis_rules::baseline::Baseline;
use portcullis_rules::config::Config;
use portcullis_rules::suppress::{
    ConfigIgnore, ExpiredSuppression, SuppressionWithoutReason, UNUSED_RULES_PROPERTY,
    UnusedSuppression, is_expired,
};
use portcullis_rules::{KubeVersion, PssLevel, RuleMeta, Selector, Settings};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

/// Exit codes.
pub mod exit {
    /// Nothing at or above `--fail-on`.
    pub const OK: i32 = 0;
    /// Findings at or above `--fail-on`.
    pub const FINDINGS: i32 = 1;
    /// Usage error, or nothing could be checked.
    pub const ERROR: i32 = 2;
}

/// Everything resolved before checking starts.
pub struct Prepared {
    /// Rule settings.
    pub settings: Settings,
    /// The configuration file (possibly empty).
    pub config: Config,
    /// Compiled `[[ignore]]` entries.
    pub ignores: Vec<ConfigIgnore>,
    /// Compiled `exclude` globs.
    exclude: globset::GlobSet,
    /// Canonical config root, for matching relative globs.
    root: Option<PathBuf>,
    /// Today as `YYYY-MM-DD` (for expiry dates).
    pub today: String,
    /// The severity that fails the run.
    pub fail_on: Severity,
}

impl Prepared {
    /// True when `path` matches an `exclude` glob.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let rel = self.relative(path);
        self.exclude.is_match(&rel) || self.exclude.is_match(path)
    }

    /// `path` relative to the config root, `/`-separated.
    pub fn relative(&self, path: &Path) -> String {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let rel = match &self.root {
            Some(root) => abs.strip_prefix(root).map(Path::to_path_buf).unwrap_or(abs),
            None => path.to_path_buf(),
        };
        rel.to_string_lossy().replace('\\', "/")
    }
}

/// Today's date, `YYYY-MM-DD` (overridable with `PORTCULLIS_TODAY` for reproducible runs).
pub fn today() -> String {
    std::env::var("PORTCULLIS_TODAY").unwrap_or_else(|_| portcullis_rules::suppress::today_utc())
}

/// Resolves flags and configuration. `first_path` is where `portcullis.toml` is
/// looked for; `pss_version` is the `--pss-version` flag.
pub fn prepare(
    out: &OutputArgs,
    first_path: Option<&Path>,
    pss_version: Option<&str>,
) -> anyhow::Result<Prepared> {
    let config = discover_config(out.config.as_ref(), first_path)?.unwrap_or_default();
    let mut settings = Settings::default();
    if let Some(v) = pss_version {
        settings.pss_version = v.parse::<KubeVersion>().map_err(anyhow::Error::msg)?;
    }
    config.apply(&mut settings, pss_version.is_some())?;
    check_config_rule_keys(&config)?;
    for sel in &out.select {
        let sel = Selector::parse(sel.trim());
        match &sel {
            Selector::Pss(level) => {
                settings.pss_level = Some(match (settings.pss_level, level) {
                    (Some(PssLevel::Restricted), _) | (_, PssLevel::Restricted) => {
                        PssLevel::Restricted
                    }
                    _ => PssLevel::Baseline,
                });
            }
            Selector::Key(k) => check_rule_key(k)?,
        }
        settings.select.push(sel);
    }
    for k in &out.disable {
        check_rule_key(k)?;
        settings.disable.push(k.clone());
    }
    let fail_on = match &out.fail_on {
        Some(s) => s.parse::<Severity>()?,
        None => config.fail_on()?.unwrap_or(Severity::High),
    };
    let ignores = config.ignores()?;
    let exclude = config.exclude_set()?;
    let root = config
        .path
        .as_ref()
        .and_then(|_| std::fs::canonicalize(&config.root).ok());
    Ok(Prepared {
        settings,
        ignores,
        exclude,
        root,
        config,
        today: today(),
        fail_on,
    })
}

/// Loads `--config FILE`, or `portcullis.toml` found upward from `first_path`
/// (from the current folder when it is `-`, standard input).
pub fn discover_config(
    flag: Option<&PathBuf>,
    first_path: Option<&Path>,
) -> anyhow::Result<Option<Config>> {
    Ok(match flag {
        Some(p) => Some(Config::load(p)?),
        // Standard input has no folder: look from the current one.
        None => match first_path
            .map(|p| {
                if p.as_os_str() == "-" {
                    Path::new(".")
                } else {
                    p
                }
            })
            .and_then(Config::discover)
        {
            Some(p) => Some(Config::load(&p)?),
            None => None,
        },
    })
}

/// A `--select`/`--disable` key must name some rule, tag or domain.
fn check_rule_key(key: &str) -> anyhow::Result<()> {
    if registry::all_rules().iter().any(|m| m.matches(key)) {
        return Ok(());
    }
    bail!("`{key}` names no rule, tag or domain; run `portcullis rules` to list them")
}

/// The rule keys of `[rules]` in `portcullis.toml` must name some rule, as the
/// flags must: a typo would otherwise silently switch nothing off.
fn check_config_rule_keys(config: &Config) -> anyhow::Result<()> {
    let Some(path) = &config.path else {
        return Ok(());
    };
    let rules = registry::all_rules();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let at = |key: &str| {
        // Best effort: the first line that mentions the key.
        let quoted = format!("\"{key}\"");
        text.lines()
            .position(|l| {
                l.contains(&quoted)
                    || l.trim_start()
                        .strip_prefix(key)
                        .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map(|i| format!("{}:{}", path.display(), i + 1))
            .unwrap_or_else(|| path.display().to_string())
    };
    let o = &config.options.rules;
    for (list, key) in o
        .enable
        .iter()
        .map(|k| ("enable", k))
        .chain(o.disable.iter().map(|k| ("disable", k)))
    {
        if !rules.iter().any(|m| m.matches(key)) {
            bail!(
                "{}: [rules] {list}: `{key}` names no rule, tag or domain; run `portcullis rules` \
                 to list them",
                at(key)
            );
        }
    }
    for key in o.severity.keys() {
        if !rules.iter().any(|m| m.id == key || m.name == key) {
            bail!(
                "{}: [rules.severity]: `{key}` is not a rule ID or name (IDs are upper case, \
                 like KS002); run `portcullis rules` to list them",
                at(key)
            );
        }
    }
    Ok(())
}

/// True when every key names a known rule and none of them ran in this
/// run (`--select`, `--disable`, off by default): a suppression of such rules
/// is not "unused", it is waiting for them.
fn rules_did_not_run(keys: &[String], settings: &Settings) -> bool {
    !keys.is_empty()
        && keys.iter().all(|k| {
            let mut named = registry::all_rules()
                .iter()
                .filter(|m| m.id.eq_ignore_ascii_case(k) || m.name == k.as_str())
                .peekable();
            named.peek().is_some() && named.all(|m| !settings.is_enabled(m))
        })
}

/// Applies `[[ignore]]` entries, reports expired and unused ones, and sorts.
pub fn finish_report(report: &mut Report, prep: &Prepared) {
    // PT002 for an inline or annotation suppression of rules that did not run.
    report.findings.retain(|f| {
        f.rule_id != UnusedSuppression::META.id
            || !f
                .properties
                .get(UNUSED_RULES_PROPERTY)
                .and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok())
                .is_some_and(|keys| rules_did_not_run(&keys, &prep.settings))
    });
    if !prep.ignores.is_empty() {
        // One canonicalisation per file, not one per finding.
        let mut rel: std::collections::HashMap<String, String> = Default::default();
        for f in report.findings.iter_mut() {
            if f.suppressed.is_some() {
                continue;
            }
            let rel = rel
                .entry(f.location.path.clone())
                .or_insert_with(|| prep.relative(Path::new(&f.location.path)));
            for ig in &prep.ignores {
                if ig.apply(f, rel, &prep.today) {
                    break;
                }
            }
        }
    }
    let cfg_path = prep
        .config
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    for ig in &prep.ignores {
        let what = if ig.rules.is_empty() {
            "all rules".to_string()
        } else {
            ig.rules.join(",")
        };
        let mut found: Vec<(&'static RuleMeta, String)> = Vec::new();
        if ig.reason.trim().is_empty() {
            found.push((
                &SuppressionWithoutReason::META,
                format!(
                    "{} ({what}) gives no reason; add `reason = \"...\"` to the entry",
                    ig.origin
                ),
            ));
        }
        let state: Option<(&'static RuleMeta, String)> =
            if is_expired(ig.expires.as_deref(), &prep.today) {
                Some((
                    &ExpiredSuppression::META,
                    format!(
                        "{} ({what}) expired on {}; fix the findings or renew it",
                        ig.origin,
                        ig.expires.as_deref().unwrap_or("")
                    ),
                ))
            } else if ig.used.load(Ordering::Relaxed) == 0
                && !rules_did_not_run(&ig.rules, &prep.settings)
            {
                Some((
                    &UnusedSuppression::META,
                    format!("{} ({what}) matched no finding; remove it", ig.origin),
                ))
            } else {
                None
            };
        found.extend(state);
        for (meta, message) in found {
            if !prep.settings.is_enabled(meta) {
                continue;
            }
            report.findings.push(Finding {
                rule_id: meta.id.into(),
                rule_name: meta.name.into(),
                severity: prep.settings.severity(meta),
                message,
                location: Location {
                    path: cfg_path.clone(),
                    ..Location::default()
                },
                object: None,
                container: None,
                standards: Vec::new(),
                suppressed: None,
                properties: Default::default(),
                snippet: None,
            });
        }
    }
    report.version = env!("CARGO_PKG_VERSION").to_string();
    report.finish();
}

/// Applies `--baseline` / `--write-baseline`, renders the report, and returns the exit code.
pub fn emit(
    mut report: Report,
    out: &OutputArgs,
    prep: &Prepared,
    nothing_scanned: bool,
) -> anyhow::Result<i32> {
    if let Some(path) = &out.write_baseline {
        // No report is rendered in this mode, so input errors go to stderr;
        // when nothing could be checked, an existing baseline is kept rather
        // than overwritten with nothing.
        for e in &report.errors {
            let pos = match (e.line, e.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                (Some(l), None) => format!(":{l}"),
                _ => String::new(),
            };
            eprintln!("error: {}{pos}: {}", e.path, e.message);
        }
        if nothing_scanned {
            eprintln!(
                "nothing could be checked; the baseline {} was not written",
                path.display()
            );
            return Ok(exit::ERROR);
        }
        Baseline::from_findings(&report.findings)
            .save(path)
            .map_err(anyhow::Error::msg)?;
        eprintln!(
            "wrote {} findings to the baseline {}",
            report.summary.findings,
            path.display()
        );
        return Ok(exit::OK);
    }
    if let Some(path) = &out.baseline {
        let b = Baseline::load(path).map_err(anyhow::Error::msg)?;
        b.apply(&mut report.findings);
        report.finish();
    }
    let format = match out.format {
        FormatArg::Human => Format::Human,
        FormatArg::Concise => Format::Concise,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Junit => Format::Junit,
    };
    let to_terminal = out.output.is_none() && std::io::stdout().is_terminal();
    let color = match out.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let rules: Vec<_> = registry::all_rules()
        .iter()
        .filter(|m| report.findings.iter().any(|f| f.rule_id == m.id))
        .map(|m| m.info())
        .collect();
    let opts = RenderOptions {
        color,
        show_suppressed: out.show_suppressed,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    // Rendered straight into a buffered writer: a report of many findings is
    // never held a second time as text.
    let written = match &out.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            render(&report, &rules, format, &opts, &mut w).and_then(|_| w.flush())
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            render(&report, &rules, format, &opts, &mut w).and_then(|_| w.flush())
        }
    };
    match written {
        // A closed pipe (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    if nothing_scanned {
        return Ok(exit::ERROR);
    }
    Ok(match report.max_severity() {
        Some(s) if s >= prep.fail_on => exit::FINDINGS,
        _ => exit::OK,
    })
}
