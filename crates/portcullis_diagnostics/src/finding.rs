//! The report contract: findings, input errors and the summary. The JSON output
//! is these structs serialised, so field names here are a public contract
//! (documented in `docs/json-output.md`).

use crate::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The Kubernetes-style identity of the object a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct ObjectRef {
    /// `apiVersion` (empty for non-Kubernetes subjects).
    pub api_version: String,
    /// `kind`, or the subject type (`Service` for compose, `Image`, `Stage`).
    pub kind: String,
    /// Namespace, when the object has one.
    pub namespace: Option<String>,
    /// Name, when the object has one.
    pub name: Option<String>,
}

/// Where a finding is: a path and a 1-based line/column range (end inclusive of
/// the last character's column + 1, like rustc). Line 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Location {
    /// Path as given on the command line (or a synthesised name such as
    /// `image.tar!history`).
    pub path: String,
    /// Start line (1-based; 0 when there is no position).
    pub line: u32,
    /// Start column (1-based, in characters; 0 when there is no position).
    pub column: u32,
    /// End line (1-based).
    pub end_line: u32,
    /// End column (exclusive, 1-based).
    pub end_column: u32,
}

/// The source lines around a finding, kept so renderers need not hold files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Snippet {
    /// Line number of `lines[0]`.
    pub first_line: u32,
    /// The lines, without line endings.
    pub lines: Vec<String>,
}

/// Why a finding was suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressionInfo {
    /// `inline`, `annotation`, `config` or `baseline`.
    pub kind: String,
    /// The reason the user gave.
    pub reason: String,
    /// Expiry date (`YYYY-MM-DD`) if one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// One rule violation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule ID, e.g. `KS002`.
    pub rule_id: String,
    /// Kebab-case rule name, e.g. `privileged-container`.
    pub rule_name: String,
    /// Effective severity (after configuration overrides).
    pub severity: Severity,
    /// What is wrong, in one sentence, naming the offending value.
    pub message: String,
    /// Where it is.
    #[serde(flatten)]
    pub location: Location,
    /// The object it is about.
    pub object: Option<ObjectRef>,
    /// The container it is about, where there is one.
    pub container: Option<String>,
    /// Standards this finding breaks, e.g. `pss:baseline/privileged`.
    pub standards: Vec<String>,
    /// Set when a suppression matched (shown only with `--show-suppressed`).
    pub suppressed: Option<SuppressionInfo>,
    /// Domain-specific facts (layer, package, vulnerability, ...).
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub properties: BTreeMap<String, serde_json::Value>,
    /// Source lines for the human renderer; not part of the JSON contract.
    #[serde(skip)]
    pub snippet: Option<Snippet>,
}

impl Finding {
    /// Sort key: path, position, rule, message.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.location.path,
            self.location.line,
            self.location.column,
            &self.rule_id,
            &self.message,
        )
    }
}

/// A file or document that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InputError {
    /// The file.
    pub path: String,
    /// 1-based line, if known.
    pub line: Option<u32>,
    /// 1-based column, if known.
    pub column: Option<u32>,
    /// What went wrong and what to do about it.
    pub message: String,
}

/// Counts for the report footer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Summary {
    /// Files (or images) read.
    pub files_scanned: usize,
    /// Documents / subjects checked.
    pub objects_checked: usize,
    /// Unsuppressed findings.
    pub findings: usize,
    /// Suppressed findings.
    pub suppressed: usize,
    /// Input errors.
    pub errors: usize,
    /// Unsuppressed findings per severity.
    pub by_severity: BTreeMap<Severity, usize>,
}

/// Rule metadata as renderers need it (SARIF `rules`, `explain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Stable ID.
    pub id: String,
    /// Kebab-case name.
    pub name: String,
    /// Default severity.
    pub severity: Severity,
    /// One-line summary.
    pub summary: String,
    /// Full Markdown documentation.
    pub docs: String,
    /// Standards implemented.
    pub standards: Vec<String>,
    /// Tags (domain and topic).
    pub tags: Vec<String>,
}

/// Everything one run produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Report {
    /// Tool version that produced the report.
    pub version: String,
    /// Findings, sorted by path, position, rule. Suppressed ones are present
    /// with `suppressed` set; renderers show them only when asked.
    pub findings: Vec<Finding>,
    /// Input errors.
    pub errors: Vec<InputError>,
    /// Counts.
    pub summary: Summary,
    /// Run facts: e.g. `vulnerability_database`, `image`, `pss_version`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub metadata: BTreeMap<String, serde_json::Value>,
}

impl Report {
    /// Sort findings and errors and recompute the summary.
    pub fn finish(&mut self) {
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.errors.sort();
        let mut summary = Summary {
            files_scanned: self.summary.files_scanned,
            objects_checked: self.summary.objects_checked,
            errors: self.errors.len(),
            ..Summary::default()
        };
        for f in &self.findings {
            if f.suppressed.is_some() {
                summary.suppressed += 1;
            } else {
                summary.findings += 1;
                *summary.by_severity.entry(f.severity).or_default() += 1;
            }
        }
        self.summary = summary;
    }

    /// The highest severity among unsuppressed findings.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings
            .iter()
            .filter(|f| f.suppressed.is_none())
            .map(|f| f.severity)
            .max()
    }
}
