//! Suppressions with accountability: inline comments
//! (`# portcullis:ignore[ID,...] reason (expires YYYY-MM-DD)`), the object
//! annotation `portcullis.dev/ignore: "ID: reason"`, and `[[ignore]]` entries of
//! `portcullis.toml`. Expired, unused and reason-less suppressions are reported
//! as PT001–PT003 findings.

use crate::check::Hit;
use crate::declare_rule;
use crate::meta::RuleMeta;
use crate::outcome::{FileOutcome, to_finding};
use crate::settings::Settings;
use portcullis_diagnostics::{Finding, SuppressionInfo};
use portcullis_source::{SourceFile, Span};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The annotation key for object-level suppressions.
pub const IGNORE_ANNOTATION: &str = "portcullis.dev/ignore";

const MARKER: &str = "portcullis:ignore[";

/// Property of a PT002 finding: the rule keys the unused suppression names,
/// so the caller (which knows every rule) can tell a suppression of a rule
/// that did not run this time from one that is really dead.
pub const UNUSED_RULES_PROPERTY: &str = "suppressed_rules";

declare_rule! {
    /// ## What it does
    /// Reports a suppression (inline comment, annotation or `[[ignore]]` entry)
    /// whose `expires` date has passed. The suppression no longer hides anything.
    ///
    /// ## Why is this bad?
    /// An expiry date is a promise to revisit an accepted risk. Once it passes,
    /// the finding comes back and this reminder says which suppression to review.
    ///
    /// ## Example
    /// ```yaml
    /// # portcullis:ignore[KS002] CNI plugin needs it (expires 2024-01-31)
    /// ```
    /// Use instead: fix the finding, or renew the suppression with a new date and reason.
    ///
    /// ## References
    /// - portcullis suppression policy
    pub struct ExpiredSuppression {
        id: "PT001",
        name: "expired-suppression",
        domain: Meta,
        severity: Medium,
        summary: "A suppression's expiry date has passed",
        tags: ["suppression"],
        standards: [],
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a suppression that matched no finding in this run.
    ///
    /// ## Why is this bad?
    /// A suppression that hides nothing is dead weight, and it would silently
    /// hide a new finding of the same rule added later in the same place.
    ///
    /// ## Example
    /// ```yaml
    /// # portcullis:ignore[KS002] was privileged once
    /// securityContext: {privileged: false}
    /// ```
    /// Use instead: delete the comment.
    ///
    /// ## References
    /// - portcullis suppression policy
    pub struct UnusedSuppression {
        id: "PT002",
        name: "unused-suppression",
        domain: Meta,
        severity: Low,
        summary: "A suppression matched no finding",
        tags: ["suppression"],
        standards: [],
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a suppression that gives no reason.
    ///
    /// ## Why is this bad?
    /// Suppressions are accepted risks. Without a reason nobody can tell later
    /// whether the risk is still acceptable. The suppression still applies.
    ///
    /// ## Example
    /// ```yaml
    /// # portcullis:ignore[KS002]
    /// ```
    /// Use instead:
    /// ```yaml
    /// # portcullis:ignore[KS002] the CNI agent must configure host networking
    /// ```
    ///
    /// ## References
    /// - portcullis suppression policy
    pub struct SuppressionWithoutReason {
        id: "PT003",
        name: "suppression-without-reason",
        domain: Meta,
        severity: Low,
        summary: "A suppression gives no reason",
        tags: ["suppression"],
        standards: [],
    }
}

/// The meta rules owned by the engine.
pub static META_RULES: [&RuleMeta; 3] = [
    &ExpiredSuppression::META,
    &UnusedSuppression::META,
    &SuppressionWithoutReason::META,
];

/// A parsed inline ignore comment.
#[derive(Debug, Clone)]
pub struct InlineIgnore {
    /// The comment's span.
    pub span: Span,
    /// Rule IDs or names (or `*`).
    pub rules: Vec<String>,
    /// Reason text.
    pub reason: String,
    /// Expiry date, `YYYY-MM-DD`.
    pub expires: Option<String>,
    /// Lines covered, inclusive.
    pub lines: (u32, u32),
    /// Findings it suppressed.
    pub used: usize,
}

/// A `portcullis.dev/ignore` annotation on an object.
#[derive(Debug, Clone)]
pub struct AnnotationIgnore {
    /// Subject index the annotation belongs to (matches `Hit::subject`).
    pub subject: u32,
    /// Span of the annotation value.
    pub span: Span,
    /// Rule IDs or names.
    pub rules: Vec<String>,
    /// Reason text.
    pub reason: String,
    /// Expiry date, `YYYY-MM-DD`, from a trailing `(expires YYYY-MM-DD)`.
    pub expires: Option<String>,
    /// Findings it suppressed.
    pub used: usize,
}

/// Splits `text` after the marker into (rules, reason, expiry).
fn parse_directive(rest: &str) -> Option<(Vec<String>, String, Option<String>)> {
    let close = rest.find(']')?;
    let rules: Vec<String> = rest[..close]
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if rules.is_empty() {
        return None;
    }
    let (reason, expires) = split_expiry(rest[close + 1..].trim());
    Some((rules, reason, expires))
}

/// Separates a trailing `(expires YYYY-MM-DD)` or `expires=YYYY-MM-DD` from a reason.
pub fn split_expiry(text: &str) -> (String, Option<String>) {
    for pat in [
        "(expires ",
        "(expires=",
        "(expires:",
        "expires=",
        "expires:",
    ] {
        if let Some(pos) = text.find(pat) {
            let after = text[pos + pat.len()..].trim_start();
            let date: String = after
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            if date.len() == 10 {
                let reason = text[..pos].trim().trim_end_matches([',', ';']).trim();
                return (reason.to_string(), Some(date));
            }
        }
    }
    (text.trim().to_string(), None)
}

/// Finds the inline ignore comments of a `#`-comment file and the lines each covers.
pub fn parse_inline(source: &SourceFile, outcome: &FileOutcome) -> Vec<InlineIgnore> {
    let text = source.text();
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line_no in 1..=source.line_count() {
        let line = source.line_text(line_no);
        let Some(hash) = line.find('#') else { continue };
        let comment = &line[hash..];
        let Some(m) = comment.find(MARKER) else {
            continue;
        };
        let Some((rules, reason, expires)) = parse_directive(&comment[m + MARKER.len()..]) else {
            continue;
        };
        let start = source.line_start(line_no) + hash as u32;
        let span = Span::new(start, start + comment.len() as u32);
        let trailing = !line[..hash].trim().is_empty();
        let lines = if trailing {
            (line_no, scope_end(outcome, line_no))
        } else {
            let next = next_code_line(source, line_no);
            match document_headed_by(source, outcome, line_no, next) {
                Some((first, last)) => (first, last),
                None => (next, scope_end(outcome, next)),
            }
        };
        out.push(InlineIgnore {
            span,
            rules,
            reason,
            expires,
            lines,
            used: 0,
        });
    }
    out
}

/// The document whose top the comment on `line` is at, when `next` (the
/// first code line after it) is that document's first content line. Document
/// ranges start at the first content line, after any `---` and comments. A
/// comment before a `---` belongs to the previous document, so it heads the
/// next one only when no document comes before it (a file header).
fn document_headed_by(
    source: &SourceFile,
    outcome: &FileOutcome,
    line: u32,
    next: u32,
) -> Option<(u32, u32)> {
    let index = outcome
        .documents
        .iter()
        .position(|&(first, _)| first == next)?;
    let separated = (line + 1..next).any(|l| source.line_text(l).trim_start().starts_with("---"));
    let earlier = outcome.documents.iter().any(|&(first, _)| first < line);
    if separated && (index > 0 || earlier) {
        return None;
    }
    Some(outcome.documents[index])
}

fn scope_end(outcome: &FileOutcome, line: u32) -> u32 {
    outcome.scopes.get(&line).copied().unwrap_or(line).max(line)
}

/// The first line after `line` that is neither blank nor a comment.
fn next_code_line(source: &SourceFile, line: u32) -> u32 {
    let mut l = line + 1;
    while l <= source.line_count() {
        let t = source.line_text(l).trim();
        if !t.is_empty() && !t.starts_with('#') && t != "---" {
            return l;
        }
        l += 1;
    }
    l
}

fn names_rule(keys: &[String], finding: &Finding) -> bool {
    keys.iter()
        .any(|k| k == "*" || k.eq_ignore_ascii_case(&finding.rule_id) || *k == finding.rule_name)
}

/// Today's date (UTC) from the system clock, `YYYY-MM-DD`: the form expiry
/// dates and end-of-life dates are compared in.
pub fn today_utc() -> String {
    let now = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        now.month() as u8,
        now.day()
    )
}

/// True when `expires` (YYYY-MM-DD) is before `today` (YYYY-MM-DD).
pub fn is_expired(expires: Option<&str>, today: &str) -> bool {
    expires.is_some_and(|d| d < today)
}

/// Marks `finding` suppressed if an unexpired inline ignore covers it.
pub fn apply_inline(ignores: &mut [InlineIgnore], finding: &mut Finding, today: &str) {
    let line = finding.location.line;
    for ig in ignores.iter_mut() {
        if line >= ig.lines.0
            && line <= ig.lines.1
            && names_rule(&ig.rules, finding)
            && !is_expired(ig.expires.as_deref(), today)
        {
            ig.used += 1;
            finding.suppressed = Some(SuppressionInfo {
                kind: "inline".into(),
                reason: ig.reason.clone(),
                expires: ig.expires.clone(),
            });
            return;
        }
    }
}

/// Marks `finding` suppressed if its object carries a matching, unexpired
/// ignore annotation.
pub fn apply_annotations(
    ignores: &mut [AnnotationIgnore],
    hit: &Hit,
    finding: &mut Finding,
    today: &str,
) {
    let Some(subject) = hit.subject else { return };
    for ig in ignores.iter_mut() {
        if ig.subject == subject
            && names_rule(&ig.rules, finding)
            && !is_expired(ig.expires.as_deref(), today)
        {
            ig.used += 1;
            finding.suppressed = Some(SuppressionInfo {
                kind: "annotation".into(),
                reason: ig.reason.clone(),
                expires: ig.expires.clone(),
            });
            return;
        }
    }
}

/// Parses an annotation value: `"KS002: reason"`, several entries separated by
/// newlines or `;`, IDs separated by commas; a reason may end with
/// `(expires YYYY-MM-DD)`.
pub fn parse_annotation(subject: u32, span: Span, value: &str) -> Vec<AnnotationIgnore> {
    value
        .split(['\n', ';'])
        .filter_map(|entry| {
            let entry = entry.trim();
            if entry.is_empty() {
                return None;
            }
            let (ids, reason) = entry.split_once(':').unwrap_or((entry, ""));
            let rules: Vec<String> = ids
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if rules.is_empty() {
                return None;
            }
            let (reason, expires) = split_expiry(reason);
            Some(AnnotationIgnore {
                subject,
                span,
                rules,
                reason,
                expires,
                used: 0,
            })
        })
        .collect()
}

/// Adds PT001–PT003 findings for the file's inline and annotation suppressions.
pub fn accountability(
    source: &SourceFile,
    inline: &[InlineIgnore],
    annotations: &[AnnotationIgnore],
    settings: &Settings,
    today: &str,
    findings: &mut Vec<Finding>,
) {
    let mut cx = crate::Checker::new(settings);
    for ig in inline {
        let ids = ig.rules.join(",");
        if is_expired(ig.expires.as_deref(), today) {
            cx.report(
                &ExpiredSuppression::META,
                ig.span,
                format!(
                    "suppression of {ids} expired on {}; fix the finding or renew the suppression",
                    ig.expires.as_deref().unwrap_or("")
                ),
            );
        } else if ig.used == 0 {
            cx.report(
                &UnusedSuppression::META,
                ig.span,
                format!("suppression of {ids} matched no finding; remove it"),
            )
            .property(UNUSED_RULES_PROPERTY, ig.rules.clone());
        }
        if ig.reason.is_empty() {
            cx.report(
                &SuppressionWithoutReason::META,
                ig.span,
                format!("suppression of {ids} gives no reason; add one after the `]`"),
            );
        }
    }
    for ig in annotations {
        let ids = ig.rules.join(",");
        if is_expired(ig.expires.as_deref(), today) {
            cx.report(
                &ExpiredSuppression::META,
                ig.span,
                format!(
                    "`{IGNORE_ANNOTATION}` entry for {ids} expired on {}; fix the finding or \
                     renew the entry",
                    ig.expires.as_deref().unwrap_or("")
                ),
            );
        } else if ig.used == 0 {
            cx.report(
                &UnusedSuppression::META,
                ig.span,
                format!("`{IGNORE_ANNOTATION}` entry for {ids} matched no finding; remove it"),
            )
            .property(UNUSED_RULES_PROPERTY, ig.rules.clone());
        }
        if ig.reason.is_empty() {
            cx.report(
                &SuppressionWithoutReason::META,
                ig.span,
                format!(
                    "`{IGNORE_ANNOTATION}` entry for {ids} gives no reason; write `ID: reason`"
                ),
            );
        }
    }
    for hit in cx.take_hits() {
        if settings.is_enabled(hit.rule) {
            findings.push(to_finding(source, &hit, settings));
        }
    }
}

/// One `[[ignore]]` entry of `portcullis.toml`, compiled.
#[derive(Debug)]
pub struct ConfigIgnore {
    /// Rule IDs or names; empty means any rule.
    pub rules: Vec<String>,
    /// Path globs (relative to the config file's folder or absolute); empty means any path.
    pub paths: globset::GlobSet,
    /// Whether any path glob was given.
    pub has_paths: bool,
    /// Object patterns `Kind/namespace/name` or `Kind/name` with `*` wildcards.
    pub objects: Vec<String>,
    /// Vulnerability IDs or aliases.
    pub vulnerabilities: Vec<String>,
    /// Package name globs.
    pub packages: globset::GlobSet,
    /// Whether any package glob was given.
    pub has_packages: bool,
    /// Why.
    pub reason: String,
    /// Expiry date.
    pub expires: Option<String>,
    /// Where the entry is in the config file (`file:line`).
    pub origin: String,
    /// Findings suppressed by it, across threads.
    pub used: AtomicUsize,
}

impl ConfigIgnore {
    /// Whether this entry covers `finding` (whose path is `rel_path` relative
    /// to the config root).
    pub fn matches(&self, finding: &Finding, rel_path: &str) -> bool {
        if !self.rules.is_empty() && !names_rule(&self.rules, finding) {
            return false;
        }
        if self.has_paths
            && !self.paths.is_match(rel_path)
            && !self.paths.is_match(&finding.location.path)
        {
            return false;
        }
        if !self.objects.is_empty() {
            let Some(obj) = &finding.object else {
                return false;
            };
            let ns = obj.namespace.as_deref().unwrap_or("");
            let name = obj.name.as_deref().unwrap_or("");
            let full = format!("{}/{}/{}", obj.kind, ns, name);
            let short = format!("{}/{}", obj.kind, name);
            if !self
                .objects
                .iter()
                .any(|p| wildcard_match(p, &full) || wildcard_match(p, &short))
            {
                return false;
            }
        }
        if !self.vulnerabilities.is_empty() {
            let mut ids: Vec<&str> = Vec::new();
            if let Some(v) = finding
                .properties
                .get("vulnerability")
                .and_then(|v| v.as_str())
            {
                ids.push(v);
            }
            if let Some(a) = finding.properties.get("aliases").and_then(|v| v.as_array()) {
                ids.extend(a.iter().filter_map(|v| v.as_str()));
            }
            if !self
                .vulnerabilities
                .iter()
                .any(|v| ids.iter().any(|i| i.eq_ignore_ascii_case(v)))
            {
                return false;
            }
        }
        if self.has_packages {
            let Some(pkg) = finding.properties.get("package").and_then(|v| v.as_str()) else {
                return false;
            };
            if !self.packages.is_match(pkg) {
                return false;
            }
        }
        true
    }

    /// Suppresses `finding` if this entry applies and has not expired.
    pub fn apply(&self, finding: &mut Finding, rel_path: &str, today: &str) -> bool {
        if finding.suppressed.is_some()
            || is_expired(self.expires.as_deref(), today)
            || !self.matches(finding, rel_path)
        {
            return false;
        }
        self.used.fetch_add(1, Ordering::Relaxed);
        finding.suppressed = Some(SuppressionInfo {
            kind: "config".into(),
            reason: self.reason.clone(),
            expires: self.expires.clone(),
        });
        true
    }
}

/// `*` matches any run of characters; everything else is literal.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else if let Some(pos) = rest.find(part) {
            rest = &rest[pos + part.len()..];
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_an_iso_date() {
        let t = today_utc();
        assert_eq!(t.len(), 10);
        assert!(
            t.starts_with("20") && &t[4..5] == "-" && &t[7..8] == "-",
            "{t}"
        );
    }

    #[test]
    fn expiry_is_split_from_reason() {
        assert_eq!(
            split_expiry("needed by CNI (expires 2027-01-31)"),
            ("needed by CNI".to_string(), Some("2027-01-31".to_string()))
        );
        assert_eq!(
            split_expiry("just because"),
            ("just because".to_string(), None)
        );
    }

    #[test]
    fn inline_comment_covers_next_construct() {
        let text = "a: 1\n# portcullis:ignore[KS002] ok\nb:\n  c: 1\nd: 2\n";
        let src = SourceFile::new("x.yaml", text);
        let mut outcome = FileOutcome::default();
        outcome.add_scope(3, 4);
        let ig = parse_inline(&src, &outcome);
        assert_eq!(ig.len(), 1);
        assert_eq!(ig[0].lines, (3, 4));
        assert_eq!(ig[0].rules, vec!["KS002"]);
        assert_eq!(ig[0].reason, "ok");
    }

    #[test]
    fn header_comment_covers_document() {
        // Document ranges start at the first content line (as portcullis_yaml
        // reports them), after the comment and any `---`.
        let text = "# portcullis:ignore[*] generated\napiVersion: v1\nkind: Pod\n";
        let src = SourceFile::new("x.yaml", text);
        let outcome = FileOutcome {
            documents: vec![(2, 3)],
            ..FileOutcome::default()
        };
        let ig = parse_inline(&src, &outcome);
        assert_eq!(ig[0].lines, (2, 3));

        let text = "# portcullis:ignore[*] file header\n---\napiVersion: v1\nkind: Pod\n";
        let src = SourceFile::new("x.yaml", text);
        let outcome = FileOutcome {
            documents: vec![(3, 4)],
            ..FileOutcome::default()
        };
        assert_eq!(parse_inline(&src, &outcome)[0].lines, (3, 4));
    }

    #[test]
    fn header_comment_after_a_separator_covers_that_document_only() {
        let text = "a: 1\nb: 2\n# portcullis:ignore[KS001] end of the first\n---\n\
                    # portcullis:ignore[KS003] second document\nc: 1\nd:\n  e: 2\n";
        let src = SourceFile::new("x.yaml", text);
        let mut outcome = FileOutcome {
            documents: vec![(1, 2), (6, 8)],
            ..FileOutcome::default()
        };
        outcome.add_scope(6, 6);
        outcome.add_scope(7, 8);
        let ig = parse_inline(&src, &outcome);
        assert_eq!(ig.len(), 2);
        // Before the `---`: not a header of the next document, only its first line.
        assert_eq!(ig[0].lines, (6, 6));
        assert_eq!(ig[1].lines, (6, 8));
    }

    #[test]
    fn trailing_comment_covers_its_line() {
        let text = "a: 1\nb: 2 # portcullis:ignore[KS001,KS002] reason\n";
        let src = SourceFile::new("x.yaml", text);
        let ig = parse_inline(&src, &FileOutcome::default());
        assert_eq!(ig[0].lines, (2, 2));
        assert_eq!(ig[0].rules.len(), 2);
    }

    #[test]
    fn annotation_entries() {
        let v = parse_annotation(0, Span::default(), "KS002: cni; KS001,KS003: node agent");
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].rules, vec!["KS001", "KS003"]);
        assert_eq!(v[1].reason, "node agent");
    }

    #[test]
    fn expired_annotation_does_not_suppress_and_is_reported() {
        let meta = &ExpiredSuppression::META;
        let settings = Settings::default();
        let src = SourceFile::new("x.yaml", "a: 1\n");
        let mut anns = parse_annotation(0, Span::new(0, 1), "PT001: old (expires 2020-01-01)");
        assert_eq!(anns[0].reason, "old");
        assert_eq!(anns[0].expires.as_deref(), Some("2020-01-01"));
        let mut cx = crate::Checker::new(&settings);
        cx.set_subject(None, Some(0));
        cx.report(meta, Span::new(0, 1), "x");
        let hit = cx.take_hits().remove(0);
        let mut f = to_finding(&src, &hit, &settings);
        apply_annotations(&mut anns, &hit, &mut f, "2026-01-01");
        assert!(f.suppressed.is_none());
        let mut out = Vec::new();
        accountability(&src, &[], &anns, &settings, "2026-01-01", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule_id, "PT001");
        // Before the date it still applies.
        apply_annotations(&mut anns, &hit, &mut f, "2019-12-31");
        assert!(f.suppressed.is_some());
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("Deployment/*/web", "Deployment/prod/web"));
        assert!(wildcard_match("*", "x"));
        assert!(!wildcard_match("Pod/a", "Pod/b"));
    }
}
