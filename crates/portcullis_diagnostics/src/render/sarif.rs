//! `sarif`: SARIF 2.1.0, with rule metadata (descriptions, help, tags and a
//! `security-severity`) so code-scanning UIs such as GitHub's show findings
//! well. Hand-written structs: the SARIF crates generate code at build time.

use super::{RenderOptions, visible};
use crate::{Finding, Report, RuleInfo, Severity};
use serde::Serialize;
use serde_json::{Value, json};
use std::io::Write;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFO_URI: &str = "https://github.com/portcullis-dev/portcullis";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning reads this number (0.0–10.0) to rank security alerts.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// A relative path as a URI reference: `/`-separated, percent-encoded.
pub(crate) fn path_to_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let mut out = String::with_capacity(p.len());
    let absolute = p.starts_with('/');
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if absolute {
        format!("file://{out}")
    } else {
        out
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

fn result(f: &Finding, rule_index: Option<usize>) -> Value {
    let mut physical = json!({
        "artifactLocation": { "uri": path_to_uri(&f.location.path) }
    });
    if f.location.line > 0 {
        physical["region"] = serde_json::to_value(Region {
            start_line: f.location.line,
            start_column: f.location.column.max(1),
            end_line: f.location.end_line.max(f.location.line),
            // A region never ends before it starts.
            end_column: if f.location.end_line > f.location.line {
                f.location.end_column.max(1)
            } else {
                f.location.end_column.max(f.location.column.max(1))
            },
        })
        .unwrap_or(Value::Null);
    }
    let mut properties = serde_json::Map::new();
    properties.insert("severity".into(), f.severity.as_str().into());
    if let Some(o) = &f.object {
        properties.insert(
            "object".into(),
            serde_json::to_value(o).unwrap_or(Value::Null),
        );
    }
    if let Some(c) = &f.container {
        properties.insert("container".into(), c.clone().into());
    }
    if !f.standards.is_empty() {
        properties.insert("standards".into(), f.standards.clone().into());
    }
    for (k, v) in &f.properties {
        properties.insert(k.clone(), v.clone());
    }
    let mut r = json!({
        "ruleId": f.rule_id,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [ { "physicalLocation": physical } ],
        "partialFingerprints": { "portcullis/v1": crate::fingerprint_parts(f) },
        "properties": properties,
    });
    if let Some(i) = rule_index {
        r["ruleIndex"] = i.into();
    }
    if let Some(s) = &f.suppressed {
        // Comments and `portcullis.dev/ignore` annotations live in the scanned
        // file; config and baseline entries live elsewhere.
        let kind = if matches!(s.kind.as_str(), "inline" | "annotation") {
            "inSource"
        } else {
            "external"
        };
        r["suppressions"] = json!([{ "kind": kind, "justification": s.reason }]);
    }
    r
}

/// The `## What it does` section of a rule's docs as plain text, or the summary.
fn full_description(info: &RuleInfo) -> String {
    let Some((_, rest)) = info.docs.split_once("## What it does") else {
        return info.summary.clone();
    };
    let section = rest.split("\n## ").next().unwrap_or("");
    let text = section.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        info.summary.clone()
    } else {
        text
    }
}

fn rule(info: &RuleInfo) -> Value {
    // SARIF requires `tags` to be unique; a rule's tags and standards may repeat.
    let mut tags: Vec<&str> = vec!["security"];
    for t in info.tags.iter().chain(&info.standards) {
        if !tags.contains(&t.as_str()) {
            tags.push(t);
        }
    }
    json!({
        "id": info.id,
        "name": info.name,
        "shortDescription": { "text": info.summary },
        "fullDescription": { "text": full_description(info) },
        "help": { "text": info.docs, "markdown": info.docs },
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": {
            "tags": tags,
            "precision": "high",
            "problem.severity": level(info.severity),
            "security-severity": security_severity(info.severity),
        }
    })
}

pub(super) fn render(
    report: &Report,
    rules: &[RuleInfo],
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut rules: Vec<&RuleInfo> = rules.iter().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    rules.dedup_by(|a, b| a.id == b.id);
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let mut loc = json!({ "artifactLocation": { "uri": path_to_uri(&e.path) } });
            if let Some(l) = e.line.filter(|&l| l > 0) {
                loc["region"] = json!({ "startLine": l });
                if let Some(c) = e.column {
                    loc["region"]["startColumn"] = c.max(1).into();
                }
            }
            json!({
                "level": "error",
                "message": { "text": e.message },
                "locations": [ { "physicalLocation": loc } ],
            })
        })
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "portcullis",
                "version": opts.tool_version,
                "semanticVersion": opts.tool_version,
                "informationUri": INFO_URI,
                "rules": rules.iter().map(|r| rule(r)).collect::<Vec<_>>(),
            }
        },
        "invocations": [ {
            "executionSuccessful": true,
            "toolExecutionNotifications": notifications,
        } ],
    });
    let doc = Log {
        schema: SCHEMA,
        runs: [Run {
            column_kind: "unicodeCodePoints",
            invocations: run["invocations"].take(),
            properties: (!report.metadata.is_empty())
                .then(|| serde_json::to_value(&report.metadata).unwrap_or(Value::Null)),
            results: Results {
                report,
                opts,
                rules: &rules,
            },
            tool: run["tool"].take(),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// The SARIF log. Fields are in alphabetical order, the order the previous
/// all-`Value` rendering produced, so the output is unchanged.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

/// The one run (fields in alphabetical order, see [`Log`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    invocations: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Value>,
    results: Results<'a>,
    tool: Value,
}

/// The results, each built as it is written: a `Value` tree of every result
/// at once took gigabytes for a few hundred thousand findings.
struct Results<'a> {
    report: &'a Report,
    opts: &'a RenderOptions,
    rules: &'a [&'a RuleInfo],
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            visible(self.report, self.opts)
                .map(|f| result(f, self.rules.iter().position(|r| r.id == f.rule_id))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, RenderOptions, sample};
    use super::path_to_uri;

    fn sarif(show: bool) -> serde_json::Value {
        let opts = RenderOptions {
            show_suppressed: show,
            tool_version: "0.1.0".into(),
            ..RenderOptions::default()
        };
        serde_json::from_str(&sample::rendered(Format::Sarif, &opts)).unwrap()
    }

    #[test]
    fn uris_are_escaped() {
        assert_eq!(
            path_to_uri("./k8s dir/pod é.yaml"),
            "k8s%20dir/pod%20%C3%A9.yaml"
        );
        assert_eq!(path_to_uri("/abs/x.yaml"), "file:///abs/x.yaml");
        assert_eq!(path_to_uri("img.tar!/etc/.env"), "img.tar%21/etc/.env");
    }

    #[test]
    fn results_rules_and_suppressions() {
        let doc = sarif(true);
        assert_eq!(doc["version"], "2.1.0");
        let run = &doc["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 2);
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        let ks = results.iter().find(|r| r["ruleId"] == "KS003").unwrap();
        assert_eq!(ks["level"], "error");
        assert_eq!(
            ks["locations"][0]["physicalLocation"]["region"]["startLine"],
            11
        );
        assert_eq!(
            run["tool"]["driver"]["rules"][ks["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "KS003"
        );
        let df = results.iter().find(|r| r["ruleId"] == "DF001").unwrap();
        assert!(
            df["locations"][0]["physicalLocation"]
                .get("region")
                .is_none()
        );
        assert_eq!(df["suppressions"][0]["kind"], "inSource");
        assert_eq!(
            run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
            "did not find expected key"
        );
        assert_eq!(
            sarif(false)["runs"][0]["results"].as_array().unwrap().len(),
            1
        );
    }
}
