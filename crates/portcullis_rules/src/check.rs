//! Running rules: the `Rule` trait each domain implements for its subject type,
//! and the `Checker` that collects what rules report.

use crate::meta::RuleMeta;
use crate::settings::Settings;
use portcullis_diagnostics::ObjectRef;
use portcullis_source::{SourceFile, Span};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A rule over subjects of type `S` (a workload, a Dockerfile, an image...).
pub trait Rule<S: ?Sized>: Sync {
    /// The rule's metadata (its `META` constant).
    fn meta(&self) -> &'static RuleMeta;
    /// Looks at `subject` and reports every violation into `cx`.
    fn check(&self, subject: &S, cx: &mut Checker);
}

/// One violation as a rule reports it, before positions are resolved and
/// suppressions applied.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The rule that fired.
    pub rule: &'static RuleMeta,
    /// Offending field, or nearest enclosing field when the problem is an absence.
    pub span: Span,
    /// When set, `span` points into this file instead of the file being checked
    /// (an `env_file` of a compose service, say).
    pub source: Option<Arc<SourceFile>>,
    /// One sentence naming the offending value.
    pub message: String,
    /// The object the finding is about.
    pub object: Option<ObjectRef>,
    /// The container, where there is one.
    pub container: Option<String>,
    /// Which subject of the file (document index) this hit belongs to, for
    /// annotation suppressions.
    pub subject: Option<u32>,
    /// Domain facts (layer, package, vulnerability ...), copied into the finding.
    pub properties: BTreeMap<String, serde_json::Value>,
}

impl Hit {
    /// Adds a domain fact to the finding.
    pub fn property(&mut self, key: &str, value: impl Into<serde_json::Value>) -> &mut Self {
        self.properties.insert(key.to_string(), value.into());
        self
    }

    /// Sets the container name.
    pub fn container(&mut self, name: impl Into<String>) -> &mut Self {
        self.container = Some(name.into());
        self
    }
}

/// Collects hits from rules. Holds the settings and the current subject's
/// identity so rules need not repeat it on every report.
#[derive(Debug)]
pub struct Checker<'a> {
    /// The run's settings.
    pub settings: &'a Settings,
    object: Option<ObjectRef>,
    subject: Option<u32>,
    hits: Vec<Hit>,
}

impl<'a> Checker<'a> {
    /// A checker with no hits.
    pub fn new(settings: &'a Settings) -> Self {
        Self {
            settings,
            object: None,
            subject: None,
            hits: Vec::new(),
        }
    }

    /// Sets the object (and subject index) that following reports are about.
    pub fn set_subject(&mut self, object: Option<ObjectRef>, subject: Option<u32>) {
        self.object = object;
        self.subject = subject;
    }

    /// Reports a violation of `rule` at `span`. The returned hit can be
    /// refined (container, properties).
    pub fn report(
        &mut self,
        rule: &'static RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Hit {
        self.hits.push(Hit {
            rule,
            span,
            source: None,
            message: message.into(),
            object: self.object.clone(),
            container: None,
            subject: self.subject,
            properties: BTreeMap::new(),
        });
        self.hits.last_mut().expect("just pushed")
    }

    /// Reports a violation located in another file (`source`).
    pub fn report_in(
        &mut self,
        source: Arc<SourceFile>,
        rule: &'static RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Hit {
        let hit = self.report(rule, span, message);
        hit.source = Some(source);
        hit
    }

    /// The hits reported so far.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Takes the hits, leaving the checker empty.
    pub fn take_hits(&mut self) -> Vec<Hit> {
        std::mem::take(&mut self.hits)
    }
}

/// Runs every enabled rule of `rules` on `subject`.
pub fn run_rules<S: ?Sized>(rules: &[&dyn Rule<S>], subject: &S, cx: &mut Checker) {
    for rule in rules {
        if cx.settings.is_enabled(rule.meta()) {
            rule.check(subject, cx);
        }
    }
}
