//! The rule engine shared by every domain: rule metadata (`declare_rule!`),
//! resolved settings, the `Checker` that rules report into, the per-file
//! outcome, suppressions (inline, annotation, configuration) and baselines.
//! Domain crates (workload, k8s, compose, dockerfile, image, vulndb) depend on
//! this crate and declare their rules with it.

pub mod baseline;
mod check;
pub mod config;
mod meta;
mod outcome;
mod settings;
pub mod suppress;

pub use check::{Checker, Hit, Rule, run_rules};
pub use meta::{Domain, RuleMeta};
pub use outcome::{FileOutcome, FileReport, SourceError, finish_file, to_finding};
pub use settings::{KubeVersion, PssLevel, Selector, Settings, pss_levels};

/// Re-exported so rule files need one import line.
pub use portcullis_diagnostics::{ObjectRef, Severity};
pub use portcullis_source::{SourceFile, Span};
