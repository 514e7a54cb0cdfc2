//! `portcullis scan`: read every input once, check it with its domain in
//! parallel, resolve findings and suppressions, and build the report.

use crate::cli::ScanArgs;
use crate::discover::{self, FileKind, Input};
use crate::run::{Prepared, finish_report};
use portcullis_diagnostics::{InputError, Report};
use portcullis_rules::{FileOutcome, Settings, finish_file};
use portcullis_source::SourceFile;
use rayon::prelude::*;
use std::io::Read;
use std::path::Path;

/// What checking one input produced.
struct Checked {
    report: portcullis_rules::FileReport,
    objects: usize,
    recognized: bool,
    /// A Helm or other Go template (`{{ ... }}`): not YAML until rendered.
    template: bool,
}

/// Runs the scan and returns the report (before rendering).
pub fn run(args: &ScanArgs, prep: &Prepared) -> anyhow::Result<(Report, bool)> {
    let exclude = |p: &Path| prep.is_excluded(p);
    let (inputs, problems) = discover::discover(&args.paths, args.file_type, &exclude);
    // Only the human renderer shows source lines; other formats drop them
    // as each file finishes, so memory follows the findings, not the sources.
    let keep_snippets = args.out.format == crate::cli::FormatArg::Human;
    let results: Vec<(Input, Checked)> = inputs
        .into_par_iter()
        .map(|input| {
            let mut checked = check_input(&input, &prep.settings, args.max_file_size, &prep.today);
            if !keep_snippets {
                for f in &mut checked.report.findings {
                    f.snippet = None;
                }
            }
            (input, checked)
        })
        .collect();

    let mut report = Report::default();
    let mut any_read = false;
    let mut unparsed_templates = 0usize;
    let mut skipped = 0usize;
    for (input, checked) in results {
        let read_ok = checked.report.errors.is_empty() || checked.objects > 0;
        any_read |= read_ok;
        if !checked.recognized && (checked.report.errors.is_empty() || checked.template) {
            if checked.template && !checked.report.errors.is_empty() {
                unparsed_templates += 1;
            }
            skipped += 1;
            if args.out.verbose {
                let why = if checked.template {
                    "a template (`{{ }}`), not YAML until rendered"
                } else {
                    "not a Kubernetes manifest, compose file or Dockerfile"
                };
                eprintln!("skipped {}: {why}", input.path.display());
            }
            continue;
        }
        report.summary.files_scanned += 1;
        report.summary.objects_checked += checked.objects;
        report.findings.extend(checked.report.findings);
        report.errors.extend(checked.report.errors);
    }
    if unparsed_templates > 0 && !args.out.verbose {
        // Skipping them silently would hide a broken manifest that merely
        // mentions `{{` (in a comment or an annotation) behind "0 findings".
        let (s, was) = if unparsed_templates == 1 {
            ("", "was skipped as a template")
        } else {
            ("s", "were skipped as templates")
        };
        eprintln!(
            "note: {unparsed_templates} file{s} with `{{{{ }}}}` could not be parsed as YAML and \
             {was} (render them first; -v lists them)"
        );
    }
    if report.summary.files_scanned == 0 && skipped > 0 && !args.out.verbose {
        // "0 findings in 0 files" alone reads like a clean result.
        let what = if skipped == 1 {
            "1 file was read but it is not".to_string()
        } else {
            format!("{skipped} files were read but none is")
        };
        eprintln!(
            "note: {what} a Kubernetes manifest, compose file or Dockerfile (-v says why each \
             was skipped; --type forces a type)"
        );
    }
    for (path, message) in problems {
        report.errors.push(InputError {
            path,
            line: None,
            column: None,
            message,
        });
    }
    report.metadata.insert(
        "pss_version".into(),
        prep.settings.pss_version.to_string().into(),
    );
    let nothing_scanned = !any_read && !report.errors.is_empty();
    finish_report(&mut report, prep);
    Ok((report, nothing_scanned))
}

fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(max + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        if buf.len() as u64 > max {
            return Err(too_big(max));
        }
        return Ok(buf);
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > max {
        return Err(too_big(max));
    }
    let mut buf = Vec::with_capacity(len as usize);
    file.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read: {e}"))?;
    if buf.len() as u64 > max {
        return Err(too_big(max));
    }
    Ok(buf)
}

fn too_big(max: u64) -> String {
    format!("file is larger than --max-file-size ({max} bytes); raise the limit to scan it")
}

fn display_path(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "<stdin>".to_string();
    }
    tidy(path).display().to_string()
}

/// `path` without `.` components and doubled separators (`./k8s//a.yaml` ->
/// `k8s/a.yaml`), so one file is always shown (and fingerprinted) the same way.
fn tidy(path: &Path) -> std::path::PathBuf {
    let tidy: std::path::PathBuf = path
        .components()
        .filter(|c| *c != std::path::Component::CurDir)
        .collect();
    if tidy.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        tidy
    }
}

fn error_only(path: &Path, message: String, line: Option<u32>, column: Option<u32>) -> Checked {
    Checked {
        report: portcullis_rules::FileReport {
            findings: Vec::new(),
            errors: vec![InputError {
                path: display_path(path),
                line,
                column,
                message,
            }],
        },
        objects: 0,
        recognized: true,
        template: false,
    }
}

/// Reads and checks one input with its domain.
fn check_input(input: &Input, settings: &Settings, max: u64, today: &str) -> Checked {
    let bytes = match read_input(&input.path, max) {
        Ok(b) => b,
        Err(e) => return error_only(&input.path, e, None, None),
    };
    let text = match portcullis_yaml::decode(&bytes) {
        Ok(t) => t.into_owned(),
        Err(e) => {
            let src = SourceFile::new("", String::from_utf8_lossy(&bytes).into_owned());
            let lc = src.line_col(e.span.start);
            return error_only(&input.path, e.message, Some(lc.line), Some(lc.column));
        }
    };
    drop(bytes);
    let source = SourceFile::new(display_path(&input.path), text);
    let kind = if input.path.as_os_str() == "-" && input.kind == FileKind::Yaml {
        sniff_stdin(source.text())
    } else {
        input.kind
    };
    let outcome = check_source(&source, kind, &input.path, settings);
    let objects = outcome.objects_checked;
    let recognized = outcome.recognized;
    let template = !recognized && source.text().contains("{{");
    let report = finish_file(&source, outcome, settings, today);
    Checked {
        report,
        objects,
        recognized,
        template,
    }
}

/// Standard input without `--type`: a Dockerfile when its first instruction
/// looks like one, YAML otherwise.
fn sniff_stdin(text: &str) -> FileKind {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let word = first
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    if word == "FROM" || (word == "ARG" && text.to_ascii_uppercase().contains("\nFROM ")) {
        FileKind::Dockerfile
    } else {
        FileKind::Yaml
    }
}

/// Dispatches a decoded source to its domain. YAML that is not Kubernetes is
/// tried as a compose file when it has a top-level `services:` map.
pub fn check_source(
    source: &SourceFile,
    kind: FileKind,
    path: &Path,
    settings: &Settings,
) -> FileOutcome {
    // Files a compose file names (env_file) are shown relative to its
    // folder written the same way as the compose file itself.
    let tidy = tidy(path);
    let base = tidy.parent().unwrap_or(Path::new("."));
    match kind {
        FileKind::Yaml => {
            let outcome = portcullis_k8s::check_file(source, settings);
            if outcome.recognized || !has_top_level_services(source.text()) {
                return outcome;
            }
            let compose = portcullis_compose::check_file(source, base, settings);
            if compose.recognized { compose } else { outcome }
        }
        FileKind::Kubernetes => portcullis_k8s::check_file(source, settings),
        FileKind::Compose => portcullis_compose::check_file(source, base, settings),
        FileKind::Dockerfile => portcullis_dockerfile::check_file(source, settings),
    }
}

/// A line `services:` at column 0 (cheap pre-check before parsing as compose).
fn has_top_level_services(text: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix("services:").is_some_and(|rest| {
            rest.trim().is_empty()
                || rest.trim_start().starts_with('#')
                || rest.trim_start().starts_with('{')
        })
    }) || text.trim_start().starts_with('{') && text.contains("\"services\"")
}
