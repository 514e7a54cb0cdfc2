//! `portcullis image` and `portcullis sbom`: scan an image with
//! `portcullis_image`, match its packages against the vulnerability database,
//! and write the report or the SBOM.

use crate::cli::{ImageArgs, ImageInputArgs, SbomArgs, SbomFormat, VulnArgs};
use crate::run::{self, Prepared};
use anyhow::Context;
use portcullis_diagnostics::{Report, Severity};
use portcullis_image::{Detectors, ImageOptions, ImageScan, Progress};
use portcullis_pkgdb::sbom::{SbomInput, SbomVulnerability};
use portcullis_rules::config::Config;
use portcullis_rules::{Checker, SourceFile, Span, to_finding};
use portcullis_vulndb::{Database, MatchOptions, VulnMatch};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A progress bar on standard error when it is a terminal.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} {bytes} ({bytes_per_sec}) {elapsed}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            b
        });
        Self { bar }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn layer_start(&self, index: usize, total: usize, digest: &str, _size: Option<u64>) {
        if let Some(b) = &self.bar {
            b.set_message(format!(
                "layer {}/{} {}",
                index + 1,
                total,
                short_label(digest)
            ));
        }
    }

    fn bytes(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }
}

/// The first 12 characters of a layer label (a diff ID, digest or layer path
/// from the image, so not necessarily ASCII), without `sha256:`.
fn short_label(label: &str) -> &str {
    let short = label.trim_start_matches("sha256:");
    match short.char_indices().nth(12) {
        Some((end, _)) => &short[..end],
        None => short,
    }
}

fn image_options(input: &ImageInputArgs, today: &str) -> ImageOptions {
    ImageOptions {
        platform: input.platform.clone(),
        tag: input.tag.clone(),
        today: Some(today.to_string()),
        ..ImageOptions::default()
    }
}

fn scan_image(
    input: &ImageInputArgs,
    opts: &ImageOptions,
    settings: &portcullis_rules::Settings,
) -> anyhow::Result<ImageScan> {
    let bar = Bar::new();
    let result = portcullis_image::scan(&input.image, opts, settings, &bar);
    bar.finish();
    result.with_context(|| format!("cannot scan the image {}", input.image.display()))
}

/// The database path: flag, then `[db] path`, then the platform default.
pub fn db_path(flag: Option<&PathBuf>, config: &Config) -> PathBuf {
    flag.cloned()
        .or_else(|| config.options.db.path.as_ref().map(|p| config.root.join(p)))
        .unwrap_or_else(portcullis_vulndb::default_db_path)
}

/// Opens the database and checks its age, or explains how to get one.
fn open_db(args: &VulnArgs, config: &Config) -> anyhow::Result<Database> {
    let path = db_path(args.db.as_ref(), config);
    if !path.exists() {
        anyhow::bail!(
            "no vulnerability database at {}; run `portcullis db update` (or `portcullis db import FEED...`), \
             pass --db FILE, or use --skip-vulnerabilities",
            path.display()
        );
    }
    let db = Database::open(&path)?;
    if !args.skip_db_age_check {
        let days = args
            .max_db_age
            .or(config.options.db.max_age_days)
            .unwrap_or(7);
        db.ensure_fresh(max_age(days))?;
    }
    Ok(db)
}

/// `days` as a duration; a huge `--max-db-age` means "any age", not an
/// arithmetic overflow (a panic in debug builds, a wrapped tiny limit in release).
fn max_age(days: u64) -> Duration {
    Duration::from_secs(days.saturating_mul(86_400))
}

fn db_description(db: &Database) -> serde_json::Value {
    let info = db.info();
    serde_json::json!({
        "path": db.path().display().to_string(),
        "schema_version": portcullis_vulndb::SCHEMA_VERSION,
        "built_at": info.built_at,
        "updated_at": info.updated_at,
        "sources": info.sources.iter().map(|s| s.location.clone()).collect::<Vec<_>>(),
    })
}

fn matches(
    db: &Database,
    scan: &ImageScan,
    ignore_unfixed: bool,
) -> anyhow::Result<Vec<VulnMatch>> {
    let Some(distro) = &scan.distro else {
        return Ok(Vec::new());
    };
    Ok(db.match_packages(distro, &scan.packages, &MatchOptions { ignore_unfixed })?)
}

/// `portcullis image`.
pub fn image(args: &ImageArgs) -> anyhow::Result<i32> {
    let prep = run::prepare(&args.out, Some(&args.input.image), None)?;
    let mut opts = image_options(&args.input, &prep.today);
    opts.yara_rules = args.yara_rules.clone();
    if let Some(max) = args.max_layer_bytes {
        opts.max_layer_bytes = max;
    }
    opts.detectors = Detectors {
        secrets: !args.skip_secrets,
        malware: !args.skip_malware,
        ..Detectors::default()
    };
    let db = if args.skip_vulnerabilities {
        None
    } else {
        Some(open_db(&args.vuln, &prep.config)?)
    };
    let scan = scan_image(&args.input, &opts, &prep.settings)?;
    let mut report = Report {
        findings: scan.findings.clone(),
        errors: scan.errors.clone(),
        ..Report::default()
    };
    report.summary.files_scanned = 1;
    report.summary.objects_checked = 1;
    if let Some(db) = &db {
        let found = matches(db, &scan, args.vuln.ignore_unfixed)?;
        report.findings.extend(vulnerability_findings(
            &args.input.image,
            &scan,
            &found,
            &prep,
        ));
        report
            .metadata
            .insert("vulnerability_database".into(), db_description(db));
    }
    let meta = &mut report.metadata;
    meta.insert(
        "image".into(),
        args.input.image.display().to_string().into(),
    );
    meta.insert("input_kind".into(), scan.input_kind.clone().into());
    if let Some(r) = &scan.reference {
        meta.insert("reference".into(), r.clone().into());
    }
    if let Some(d) = &scan.digest {
        meta.insert("digest".into(), d.clone().into());
    }
    if let Some(d) = &scan.distro {
        meta.insert("distro".into(), serde_json::to_value(d)?);
    }
    meta.insert("packages".into(), scan.packages.len().into());
    meta.insert("layers".into(), serde_json::to_value(&scan.layers)?);
    meta.insert("attack_surface".into(), scan.attack_surface.clone());
    for (k, v) in &scan.metadata {
        meta.entry(k.clone()).or_insert_with(|| v.clone());
    }
    // Not an image at all (a YAML file taken for a rootfs tarball), or every
    // layer unreadable: nothing was checked, which is exit 2, not "clean".
    let nothing_checked = !scan.errors.is_empty()
        && scan.findings.is_empty()
        && scan.layers.iter().all(|l| l.entries == 0);
    run::finish_report(&mut report, &prep);
    run::emit(report, &args.out, &prep, nothing_checked)
}

/// Vulnerability findings, located in a synthesised listing of the packages
/// (`IMAGE!packages`, one package a line) so each points at its package.
fn vulnerability_findings(
    image: &Path,
    scan: &ImageScan,
    found: &[VulnMatch],
    prep: &Prepared,
) -> Vec<portcullis_diagnostics::Finding> {
    let mut text = String::new();
    let mut spans = std::collections::HashMap::new();
    for p in &scan.packages {
        let start = text.len() as u32;
        text += &format!("{} {}", p.name, p.version);
        spans.insert(
            (p.name.as_str(), p.version.as_str()),
            Span::new(start, text.len() as u32),
        );
        if p.source_name != p.name || p.source_version != p.version {
            text += &format!(" (source {} {})", p.source_name, p.source_version);
        }
        if let Some(layer) = &p.layer {
            text += &format!(" [{layer}]");
        }
        text.push('\n');
    }
    let source = SourceFile::new(format!("{}!packages", image.display()), text);
    let mut cx = Checker::new(&prep.settings);
    cx.set_subject(
        Some(portcullis_rules::ObjectRef {
            api_version: String::new(),
            kind: "Image".into(),
            namespace: None,
            name: Some(
                scan.reference
                    .clone()
                    .unwrap_or_else(|| image.display().to_string()),
            ),
        }),
        None,
    );
    for m in found {
        let span = spans
            .get(&(m.package.as_str(), m.installed_version.as_str()))
            .copied()
            .unwrap_or_default();
        portcullis_vulndb::report_matches(&mut cx, std::slice::from_ref(m), span);
    }
    let overridden = prep
        .settings
        .severity_overrides
        .keys()
        .any(|k| k == "VU001" || k == "vulnerable-package");
    cx.take_hits()
        .iter()
        .map(|hit| {
            let mut f = to_finding(&source, hit, &prep.settings);
            if !overridden
                && let Some(sev) = f
                    .properties
                    .get("severity")
                    .and_then(|v| v.as_str())
                    .and_then(|s| s.parse::<Severity>().ok())
            {
                f.severity = sev;
            }
            f
        })
        .collect()
}

/// `portcullis sbom`.
pub fn sbom(args: &SbomArgs) -> anyhow::Result<i32> {
    let config = crate::run::discover_config(None, Some(&args.input.image))?.unwrap_or_default();
    let today = run::today();
    let mut opts = image_options(&args.input, &today);
    opts.detectors = Detectors {
        secrets: false,
        malware: false,
        attack_surface: false,
        packages: true,
    };
    let db = if args.with_vulnerabilities {
        Some(open_db(&args.vuln, &config)?)
    } else {
        None
    };
    let settings = portcullis_rules::Settings::default();
    let scan = scan_image(&args.input, &opts, &settings)?;
    for e in &scan.errors {
        eprintln!("warning: {}: {}", e.path, e.message);
    }
    let mut vulnerabilities = Vec::new();
    let mut database = None;
    if let Some(db) = &db {
        let distro = scan.distro.as_ref();
        for m in matches(db, &scan, args.vuln.ignore_unfixed)? {
            let purl = scan
                .packages
                .iter()
                .find(|p| p.name == m.package && p.version == m.installed_version)
                .map(|p| p.purl(distro))
                .unwrap_or_default();
            vulnerabilities.push(SbomVulnerability {
                id: m.id.clone(),
                aliases: m.aliases.clone(),
                description: (!m.summary.is_empty()).then(|| m.summary.clone()),
                severity: m
                    .severity
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "unknown".into()),
                cvss_score: m.cvss_score.map(f64::from),
                cvss_vector: m.cvss_vector.clone(),
                package_purl: purl,
                installed_version: m.installed_version.clone(),
                fixed_version: m.fixed_version.clone(),
                source_name: m.sources.join(","),
            });
        }
        let info = db.info();
        database = Some(format!(
            "portcullis vulnerability database {} (schema {}, built {})",
            db.path().display(),
            portcullis_vulndb::SCHEMA_VERSION,
            unix_to_rfc3339(info.built_at)
        ));
    }
    let input = SbomInput {
        name: scan
            .reference
            .clone()
            .unwrap_or_else(|| args.input.image.display().to_string()),
        digest: scan.digest.clone(),
        distro: scan.distro.clone(),
        packages: scan.packages.clone(),
        vulnerabilities,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        database,
        timestamp: std::env::var("PORTCULLIS_SBOM_TIMESTAMP")
            .unwrap_or_else(|_| unix_to_rfc3339(now_unix())),
    };
    let doc = match args.format {
        SbomFormat::Cyclonedx => portcullis_pkgdb::sbom::cyclonedx_json(&input),
        SbomFormat::Spdx => portcullis_pkgdb::sbom::spdx_json(&input),
    };
    let text = serde_json::to_string_pretty(&doc)? + "\n";
    match &args.output {
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => crate::write_stdout(text.as_bytes())?,
    }
    Ok(run::exit::OK)
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `1733350000` -> `2024-12-04T22:06:40Z`.
pub fn unix_to_rfc3339(secs: i64) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_label_cuts_on_a_character_boundary() {
        assert_eq!(short_label("sha256:0123456789abcdef"), "0123456789ab");
        assert_eq!(short_label("ééééééééééééé/layer.tar"), "éééééééééééé");
        assert_eq!(short_label("abc"), "abc");
    }

    #[test]
    fn huge_max_db_age_saturates() {
        assert_eq!(max_age(7), Duration::from_secs(7 * 86_400));
        assert_eq!(max_age(u64::MAX), Duration::from_secs(u64::MAX));
    }
}
