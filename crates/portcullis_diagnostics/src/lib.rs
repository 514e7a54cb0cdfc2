//! Findings and reports: what every domain (Kubernetes, Dockerfile, compose,
//! image, vulnerabilities) produces, and the renderers that turn a report into
//! human, concise, JSON, SARIF or JUnit output.

mod finding;
mod severity;

pub use finding::{
    Finding, InputError, Location, ObjectRef, Report, RuleInfo, Snippet, Summary, SuppressionInfo,
};
pub use severity::{ParseSeverityError, Severity};
