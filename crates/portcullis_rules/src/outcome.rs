//! What checking one file yields, and how that becomes findings: positions are
//! resolved, source lines kept for rendering, and inline and annotation
//! suppressions applied.

use crate::check::Hit;
use crate::settings::Settings;
use crate::suppress::{self, AnnotationIgnore, InlineIgnore};
use portcullis_diagnostics::{Finding, InputError, Location, Snippet};
use portcullis_source::{SourceFile, Span};
use std::collections::BTreeMap;

/// A problem reading or parsing part of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// Where, if known.
    pub span: Option<Span>,
    /// What went wrong and what to do about it.
    pub message: String,
}

/// Everything a domain produces for one file.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// Rule violations.
    pub hits: Vec<Hit>,
    /// Parse or read errors (the rest of the file was still checked).
    pub errors: Vec<SourceError>,
    /// Number of subjects (documents, objects, stages) checked.
    pub objects_checked: usize,
    /// False when the file is not this domain's input (non-Kubernetes YAML):
    /// such files are skipped quietly.
    pub recognized: bool,
    /// For each line where a construct (YAML node, Dockerfile instruction)
    /// starts, the last line it covers. An ignore comment just before that line
    /// covers the whole construct.
    pub scopes: BTreeMap<u32, u32>,
    /// Line ranges `(first, last)` of the documents in the file. An ignore
    /// comment before a document's first content line covers the whole document.
    pub documents: Vec<(u32, u32)>,
    /// `portcullis.dev/ignore` annotations found on objects.
    pub annotation_ignores: Vec<AnnotationIgnore>,
}

impl FileOutcome {
    /// Records that the construct starting at `first` ends at `last` (lines).
    pub fn add_scope(&mut self, first: u32, last: u32) {
        let e = self.scopes.entry(first).or_insert(last);
        if *e < last {
            *e = last;
        }
    }
}

/// Resolved findings and errors of one file.
#[derive(Debug, Default)]
pub struct FileReport {
    /// Findings, including suppressed ones and PT meta findings.
    pub findings: Vec<Finding>,
    /// Input errors.
    pub errors: Vec<InputError>,
}

/// Turns hits into findings: positions, snippet lines, effective severity,
/// inline (`# portcullis:ignore[ID] reason`) and annotation suppressions, and
/// the PT findings for expired, unused and reason-less suppressions.
pub fn finish_file(
    source: &SourceFile,
    outcome: FileOutcome,
    settings: &Settings,
    today: &str,
) -> FileReport {
    let mut inline: Vec<InlineIgnore> = suppress::parse_inline(source, &outcome);
    let mut annotations = outcome.annotation_ignores;
    let mut findings = Vec::with_capacity(outcome.hits.len());
    for hit in outcome.hits {
        let mut finding = to_finding(source, &hit, settings);
        if hit.source.is_none() {
            suppress::apply_inline(&mut inline, &mut finding, today);
        }
        if finding.suppressed.is_none() {
            suppress::apply_annotations(&mut annotations, &hit, &mut finding, today);
        }
        findings.push(finding);
    }
    suppress::accountability(
        source,
        &inline,
        &annotations,
        settings,
        today,
        &mut findings,
    );
    let errors = outcome
        .errors
        .into_iter()
        .map(|e| {
            let pos = e.span.map(|s| source.line_col(s.start));
            InputError {
                path: source.path().to_string(),
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
                message: e.message,
            }
        })
        .collect();
    FileReport { findings, errors }
}

/// Resolves one hit against its source file.
pub fn to_finding(source: &SourceFile, hit: &Hit, settings: &Settings) -> Finding {
    let src = hit.source.as_deref().unwrap_or(source);
    let start = src.line_col(hit.span.start);
    let end = src.line_col(hit.span.end.max(hit.span.start));
    let snippet = Snippet {
        first_line: start.line,
        lines: (start.line..=end.line.min(start.line + 4))
            .map(|l| src.line_text(l).to_string())
            .collect(),
    };
    Finding {
        rule_id: hit.rule.id.to_string(),
        rule_name: hit.rule.name.to_string(),
        severity: settings.severity(hit.rule),
        message: hit.message.clone(),
        location: Location {
            path: src.path().to_string(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        },
        object: hit.object.clone(),
        container: hit.container.clone(),
        standards: hit.rule.standards.iter().map(|s| s.to_string()).collect(),
        suppressed: None,
        properties: hit.properties.clone(),
        snippet: Some(snippet),
    }
}
