//! Rule VU001 and the conversion of matches into rule hits for the CLI: one
//! hit per vulnerable package, carrying the package, versions, IDs and layer
//! as finding properties and the match's own severity in `properties["severity"]`.

use crate::matching::VulnMatch;
use portcullis_rules::{Checker, Hit, Rule, RuleMeta, Span, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every installed OS package whose version a vulnerability feed
    /// (OSV, Alpine secdb, Debian security tracker) lists as affected by a
    /// known vulnerability, with the version that fixes it when there is one.
    ///
    /// ## Why is this bad?
    /// A known vulnerability has public details and often public exploits, so
    /// attackers try it first. Distributions publish fixed package versions;
    /// running an older one leaves the hole open.
    ///
    /// ## Example
    /// ```text
    /// alpine:3.10 with openssl 1.1.1c-r0 (libssl1.1, libcrypto1.1)
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.10
    /// RUN apk upgrade --no-cache libssl1.1 libcrypto1.1
    /// ```
    ///
    /// ## References
    /// - CWE-1395: Dependency on Vulnerable Third-Party Component
    /// - CIS Docker Benchmark 4.4 (scan and rebuild images to include security patches)
    /// - Trivy `vuln` scanner, Grype; OSV schema <https://ossf.github.io/osv-schema/>
    pub struct VulnerablePackage {
        id: "VU001",
        name: "vulnerable-package",
        domain: Vulnerability,
        severity: Medium,
        summary: "Installed package has a known vulnerability",
        tags: ["vulnerability", "supply-chain"],
        standards: ["cwe:1395"],
    }
}

/// Every rule of this crate.
pub fn rule_metas() -> Vec<&'static RuleMeta> {
    vec![&VulnerablePackage::META]
}

/// The message of one match.
pub fn message(m: &VulnMatch) -> String {
    match &m.fixed_version {
        Some(f) => format!(
            "{} {} is affected by {} (fixed in {})",
            m.package, m.installed_version, m.id, f
        ),
        None => format!(
            "{} {} is affected by {} (no fix available yet)",
            m.package, m.installed_version, m.id
        ),
    }
}

fn fill(hit: &mut Hit, m: &VulnMatch) {
    hit.property("package", m.package.clone())
        .property("installed_version", m.installed_version.clone())
        .property("vulnerability", m.id.clone())
        .property("aliases", m.aliases.clone())
        .property("source_package", m.source_package.clone())
        .property("ecosystem", m.ecosystem.clone())
        .property("feeds", m.sources.clone());
    hit.property(
        "fixed_version",
        m.fixed_version
            .clone()
            .map_or(serde_json::Value::Null, Into::into),
    );
    hit.property(
        "layer",
        m.layer.clone().map_or(serde_json::Value::Null, Into::into),
    );
    if let Some(s) = m.severity {
        // Per-match severity: the CLI replaces the rule default with it
        // (unless the user overrode VU001's severity in configuration).
        hit.property("severity", s.as_str());
    }
    if let Some(score) = m.cvss_score {
        hit.property("cvss_score", f64::from(score));
    }
    if let Some(v) = &m.cvss_vector {
        hit.property("cvss_vector", v.clone());
    }
    if !m.summary.is_empty() {
        hit.property("summary", m.summary.clone());
    }
}

/// Reports every match into `cx` at `span` (the image's config or package
/// database location), when VU001 is enabled.
pub fn report_matches(cx: &mut Checker, matches: &[VulnMatch], span: Span) {
    if !cx.settings.is_enabled(&VulnerablePackage::META) {
        return;
    }
    for m in matches {
        let hit = cx.report(&VulnerablePackage::META, span, message(m));
        fill(hit, m);
    }
}

impl Rule<[VulnMatch]> for VulnerablePackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, subject: &[VulnMatch], cx: &mut Checker) {
        for m in subject {
            let hit = cx.report(&Self::META, Span::empty(0), message(m));
            fill(hit, m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(fixed: Option<&str>) -> VulnMatch {
        VulnMatch {
            id: "CVE-2019-1547".into(),
            aliases: vec![],
            package: "libssl1.1".into(),
            installed_version: "1.1.1c-r0".into(),
            source_package: "openssl".into(),
            source_version: "1.1.1c-r0".into(),
            fixed_version: fixed.map(Into::into),
            severity: None,
            cvss_score: None,
            cvss_vector: None,
            sources: vec!["alpine-secdb:main".into()],
            ecosystem: "Alpine:v3.10".into(),
            layer: None,
            summary: String::new(),
        }
    }

    #[test]
    fn rule_fires_per_match_and_is_silent_without() {
        let settings = portcullis_rules::Settings::default();
        let mut cx = Checker::new(&settings);
        VulnerablePackage.check(&[], &mut cx);
        assert!(cx.hits().is_empty());
        VulnerablePackage.check(&[m(Some("1.1.1d-r0")), m(None)], &mut cx);
        let hits = cx.take_hits();
        assert_eq!(hits.len(), 2);
        assert_eq!(
            hits[0].message,
            "libssl1.1 1.1.1c-r0 is affected by CVE-2019-1547 (fixed in 1.1.1d-r0)"
        );
        assert!(hits[1].message.ends_with("(no fix available yet)"));
        assert_eq!(hits[1].properties["fixed_version"], serde_json::Value::Null);
        assert!(!hits[0].properties.contains_key("severity"));
        let docs = VulnerablePackage::META.docs_text();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
            "## References",
        ] {
            assert!(docs.contains(section), "{section}");
        }
        assert_eq!(rule_metas()[0].id, "VU001");
    }
}
