//! Renderers: one report, five formats. `human` (rustc-like, with the source
//! line and the span underlined), `concise` (one line a finding), `json` (the
//! documented contract), `sarif` (SARIF 2.1.0) and `junit` (JUnit XML).

mod concise;
mod human;
mod junit;
mod sarif;

use crate::{Finding, Report, RuleInfo};
use std::fmt;
use std::io::Write;
use std::str::FromStr;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-like, with snippets.
    Human,
    /// One line per finding.
    Concise,
    /// The JSON report.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "human" => Ok(Format::Human),
            "concise" => Ok(Format::Concise),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "junit" => Ok(Format::Junit),
            _ => Err(format!(
                "unknown format `{s}` (expected human, concise, json, sarif or junit)"
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
        })
    }
}

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Use ANSI colours (human format only).
    pub color: bool,
    /// Include suppressed findings.
    pub show_suppressed: bool,
    /// portcullis version for tool metadata.
    pub tool_version: String,
}

/// Writes `report` in `format`. `rules` is the metadata of the rules that
/// appear in the report (SARIF `rules`).
pub fn render(
    report: &Report,
    rules: &[RuleInfo],
    format: Format,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::render(report, opts, out),
        Format::Concise => concise::render(report, opts, out),
        Format::Json => {
            let shown = visible_report(report, opts);
            serde_json::to_writer_pretty(&mut *out, &shown)?;
            writeln!(out)
        }
        Format::Sarif => sarif::render(report, rules, opts, out),
        Format::Junit => junit::render(report, opts, out),
    }
}

/// The findings a renderer shows: suppressed ones only when asked.
pub(crate) fn visible<'a>(
    report: &'a Report,
    opts: &RenderOptions,
) -> impl Iterator<Item = &'a Finding> {
    let show = opts.show_suppressed;
    report
        .findings
        .iter()
        .filter(move |f| show || f.suppressed.is_none())
}

fn visible_report(report: &Report, opts: &RenderOptions) -> Report {
    Report {
        version: report.version.clone(),
        findings: visible(report, opts).cloned().collect(),
        errors: report.errors.clone(),
        summary: report.summary.clone(),
        metadata: report.metadata.clone(),
    }
}

/// `text` safe to print on a terminal line: control characters (escape
/// sequences, newlines, BEL, C1 controls) and bidirectional overrides from
/// scanned files are shown escaped (`\u{1b}`) instead of acting on the
/// terminal or breaking one-line formats.
pub(crate) fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `Kind ns/name` of a finding's object, or `""`, safe to print ([`clean`]).
pub(crate) fn object_label(f: &Finding) -> String {
    let Some(o) = &f.object else {
        return String::new();
    };
    let mut s = o.kind.clone();
    match (&o.namespace, &o.name) {
        (Some(ns), Some(n)) => s += &format!(" {ns}/{n}"),
        (None, Some(n)) => s += &format!(" {n}"),
        _ => {}
    }
    clean(&s).into_owned()
}

/// `path:line:col` of a finding, or just `path` when it has no position.
pub(crate) fn finding_origin(f: &Finding) -> String {
    let loc = &f.location;
    if loc.line > 0 {
        format!("{}:{}:{}", loc.path, loc.line, loc.column)
    } else {
        loc.path.clone()
    }
}

/// `path:line:col`, `path:line` or `path` of an input error.
pub(crate) fn error_origin(e: &crate::InputError) -> String {
    match (e.line, e.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", e.path),
        (Some(l), None) => format!("{}:{l}", e.path),
        _ => e.path.clone(),
    }
}

/// `Kind ns/name container=x` (either part may be missing, or both: `""`),
/// safe to print ([`clean`]).
pub(crate) fn subject_label(f: &Finding) -> String {
    let obj = object_label(f);
    match (f.container.as_deref().map(clean), obj.is_empty()) {
        (Some(c), false) => format!("{obj} container={c}"),
        (Some(c), true) => format!("container={c}"),
        (None, _) => obj,
    }
}

#[cfg(test)]
pub(crate) mod sample {
    use crate::*;
    use std::collections::BTreeMap;

    /// The sample report rendered in `format` with `opts`.
    pub fn rendered(format: crate::render::Format, opts: &crate::render::RenderOptions) -> String {
        let mut out = Vec::new();
        crate::render::render(&report(), &rules(), format, opts, &mut out).expect("render");
        String::from_utf8(out).expect("UTF-8 output")
    }

    /// A small report with one finding of each kind of interest.
    pub fn report() -> Report {
        let mut findings = vec![
            Finding {
                rule_id: "KS003".into(),
                rule_name: "privileged-container".into(),
                severity: Severity::Critical,
                message: "container \"web\" must not set securityContext.privileged=true".into(),
                location: Location {
                    path: "k8s dir/pod é.yaml".into(),
                    line: 11,
                    column: 21,
                    end_line: 11,
                    end_column: 25,
                },
                object: Some(ObjectRef {
                    api_version: "v1".into(),
                    kind: "Pod".into(),
                    namespace: Some("apps".into()),
                    name: Some("p".into()),
                }),
                container: Some("web".into()),
                standards: vec!["pss:baseline/privileged".into()],
                suppressed: None,
                properties: BTreeMap::new(),
                snippet: Some(Snippet {
                    first_line: 11,
                    lines: vec!["        privileged: true".into()],
                }),
            },
            Finding {
                rule_id: "DF001".into(),
                rule_name: "root-user".into(),
                severity: Severity::Medium,
                message: "the final stage runs as root <&> \"quoted\"".into(),
                location: Location {
                    path: "Dockerfile".into(),
                    line: 0,
                    column: 0,
                    end_line: 0,
                    end_column: 0,
                },
                object: None,
                container: None,
                standards: vec![],
                suppressed: Some(SuppressionInfo {
                    kind: "inline".into(),
                    reason: "build image only".into(),
                    expires: Some("2030-01-01".into()),
                }),
                properties: BTreeMap::from([("layer".to_string(), serde_json::json!("sha256:ab"))]),
                snippet: None,
            },
        ];
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut r = Report {
            version: "0.1.0".into(),
            findings,
            errors: vec![InputError {
                path: "bad.yaml".into(),
                line: Some(3),
                column: Some(7),
                message: "did not find expected key".into(),
            }],
            summary: Summary {
                files_scanned: 3,
                objects_checked: 2,
                ..Summary::default()
            },
            metadata: BTreeMap::new(),
        };
        r.finish();
        r
    }

    /// Rule metadata for the sample.
    pub fn rules() -> Vec<RuleInfo> {
        vec![
            RuleInfo {
                id: "DF001".into(),
                name: "root-user".into(),
                severity: Severity::Medium,
                summary: "Final stage runs as root".into(),
                docs: "## What it does\nChecks USER.\n".into(),
                standards: vec![],
                tags: vec!["dockerfile".into()],
            },
            RuleInfo {
                id: "KS003".into(),
                name: "privileged-container".into(),
                severity: Severity::Critical,
                summary: "Container runs privileged".into(),
                docs: "## What it does\nChecks privileged.\n".into(),
                standards: vec!["pss:baseline/privileged".into()],
                tags: vec!["workload".into(), "pss".into()],
            },
        ]
    }
}
