//! Rule metadata and the `declare_rule!` macro that turns a rule's doc comment
//! into its user documentation.

use portcullis_diagnostics::{RuleInfo, Severity};

/// Which kind of input a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Domain {
    /// The normalised workload/container model (Kubernetes pods and compose services).
    Workload,
    /// Kubernetes-only objects (Secrets, ConfigMaps, namespaces, RBAC).
    Kubernetes,
    /// Dockerfiles.
    Dockerfile,
    /// Compose files.
    Compose,
    /// Container images (config, layers, files).
    Image,
    /// Known vulnerabilities of packages.
    Vulnerability,
    /// Findings about portcullis's own configuration and suppressions.
    Meta,
}

impl Domain {
    /// The tag used in configuration and `--select` (`k8s`, `dockerfile`, ...).
    pub fn tag(self) -> &'static str {
        match self {
            Domain::Workload => "workload",
            Domain::Kubernetes => "k8s",
            Domain::Dockerfile => "dockerfile",
            Domain::Compose => "compose",
            Domain::Image => "image",
            Domain::Vulnerability => "vulnerability",
            Domain::Meta => "meta",
        }
    }
}

/// Everything known about a rule except its check.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable ID: two or three capital letters and three digits (`KS002`).
    pub id: &'static str,
    /// Kebab-case name of the bad pattern (`privileged-container`).
    pub name: &'static str,
    /// The input the rule reads.
    pub domain: Domain,
    /// Default severity.
    pub severity: Severity,
    /// One-line summary for `portcullis rules`.
    pub summary: &'static str,
    /// Markdown documentation (the rule's doc comment).
    pub docs: &'static str,
    /// Topic tags (`secrets`, `pss`, `supply-chain`, ...).
    pub tags: &'static [&'static str],
    /// Standards implemented, e.g. `pss:baseline/privileged`.
    pub standards: &'static [&'static str],
    /// Whether the rule runs when the configuration does not mention it.
    pub default_enabled: bool,
}

impl RuleMeta {
    /// The rule's documentation with the leading space of each `///` line removed.
    pub fn docs_text(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }

    /// Metadata in the form renderers take.
    pub fn info(&self) -> RuleInfo {
        let mut tags = vec![self.domain.tag().to_string()];
        tags.extend(self.tags.iter().map(|t| t.to_string()));
        RuleInfo {
            id: self.id.to_string(),
            name: self.name.to_string(),
            severity: self.severity,
            summary: self.summary.to_string(),
            docs: self.docs_text(),
            standards: self.standards.iter().map(|s| s.to_string()).collect(),
            tags,
        }
    }

    /// True when `key` names this rule: its ID, its name, its domain tag or
    /// one of its tags (case-insensitive for IDs).
    pub fn matches(&self, key: &str) -> bool {
        self.id.eq_ignore_ascii_case(key)
            || self.name == key
            || self.domain.tag() == key
            || self.tags.contains(&key)
    }
}

/// Declares a rule: a unit struct whose doc comment becomes its documentation,
/// plus a `META` constant.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub struct PrivilegedContainer {
///         id: "KS002",
///         name: "privileged-container",
///         domain: Workload,
///         severity: High,
///         summary: "Container runs privileged",
///         tags: ["pss"],
///         standards: ["pss:baseline/privileged"],
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            id: $id:literal,
            name: $rname:literal,
            domain: $domain:ident,
            severity: $sev:ident,
            summary: $summary:literal,
            tags: [$($tag:literal),* $(,)?],
            standards: [$($std:literal),* $(,)?] $(,)?
            $(, default_enabled: $enabled:literal $(,)?)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            /// This rule's metadata.
            pub const META: $crate::RuleMeta = $crate::RuleMeta {
                id: $id,
                name: $rname,
                domain: $crate::Domain::$domain,
                severity: $crate::Severity::$sev,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
                tags: &[$($tag),*],
                standards: &[$($std),*],
                default_enabled: $crate::__default_enabled!($($enabled)?),
            };
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __default_enabled {
    () => {
        true
    };
    ($e:literal) => {
        $e
    };
}

#[cfg(test)]
mod tests {
    crate::declare_rule! {
        /// ## What it does
        /// Checks a thing.
        pub struct Example {
            id: "XX001",
            name: "example-thing",
            domain: Workload,
            severity: High,
            summary: "An example",
            tags: ["demo"],
            standards: ["pss:baseline/example"],
        }
    }

    #[test]
    fn macro_keeps_docs_and_meta() {
        let meta = Example::META;
        assert_eq!(meta.id, "XX001");
        assert_eq!(meta.docs_text(), "## What it does\nChecks a thing.\n");
        assert!(meta.matches("demo") && meta.matches("workload") && meta.matches("xx001"));
        assert!(meta.default_enabled);
    }
}
