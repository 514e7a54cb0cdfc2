//! Findings and reports: what every domain (Kubernetes, Dockerfile, compose,
//! image, vulnerabilities) produces, and the renderers that turn a report into
//! human, concise, JSON, SARIF or JUnit output.

mod finding;
pub mod render;
mod severity;

pub use finding::{
    Finding, InputError, Location, ObjectRef, Report, RuleInfo, Snippet, Summary, SuppressionInfo,
};
pub use severity::{ParseSeverityError, Severity};

/// The identity of a finding that survives moving lines: rule, file, object,
/// container and message (the basis of baselines and SARIF fingerprints).
pub fn fingerprint_parts(f: &Finding) -> String {
    let obj = f
        .object
        .as_ref()
        .map(|o| {
            format!(
                "{}/{}/{}",
                o.kind,
                o.namespace.as_deref().unwrap_or(""),
                o.name.as_deref().unwrap_or("")
            )
        })
        .unwrap_or_default();
    format!(
        "{}|{}|{}|{}|{}",
        f.rule_id,
        f.location.path,
        obj,
        f.container.as_deref().unwrap_or(""),
        f.message
    )
}
