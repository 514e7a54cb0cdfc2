//! Baseline files: fingerprints of accepted findings. A fingerprint hashes the
//! rule, file, object, container and message, never the line, so moving code
//! around does not invalidate a baseline.

use portcullis_diagnostics::{Finding, SuppressionInfo};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// The on-disk baseline.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// File format version (1).
    pub version: u32,
    /// Accepted findings.
    pub findings: Vec<BaselineEntry>,
}

/// One accepted finding.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// Stable hash of the finding's identity.
    pub fingerprint: String,
    /// Rule ID (for humans reading the file).
    pub rule_id: String,
    /// File (for humans reading the file).
    pub path: String,
    /// Message (for humans reading the file).
    pub message: String,
}

/// The stable identity of a finding: a hash of
/// `portcullis_diagnostics::fingerprint_parts` (rule, file, object, container,
/// message; never the line).
pub fn fingerprint(f: &Finding) -> String {
    let digest = Sha256::digest(portcullis_diagnostics::fingerprint_parts(f).as_bytes());
    hex::encode(&digest[..12])
}

impl Baseline {
    /// A baseline holding every unsuppressed finding.
    pub fn from_findings(findings: &[Finding]) -> Self {
        let mut entries: Vec<BaselineEntry> = findings
            .iter()
            .filter(|f| f.suppressed.is_none())
            .map(|f| BaselineEntry {
                fingerprint: fingerprint(f),
                rule_id: f.rule_id.clone(),
                path: f.location.path.clone(),
                message: f.message.clone(),
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.path, &a.rule_id, &a.fingerprint).cmp(&(&b.path, &b.rule_id, &b.fingerprint))
        });
        Baseline {
            version: 1,
            findings: entries,
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a portcullis baseline: {e}; write one with --write-baseline",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if b.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// Writes the baseline as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())? + "\n";
        std::fs::write(path, text)
            .map_err(|e| format!("{}: cannot write the baseline: {e}", path.display()))
    }

    /// Marks findings present in the baseline as suppressed (kind `baseline`).
    /// Each baseline entry absorbs as many findings as it was recorded times.
    pub fn apply(&self, findings: &mut [Finding]) {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for e in &self.findings {
            *counts.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        for f in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
            let fp = fingerprint(f);
            if let Some(n) = counts.get_mut(fp.as_str())
                && *n > 0
            {
                *n -= 1;
                f.suppressed = Some(SuppressionInfo {
                    kind: "baseline".into(),
                    reason: "present in the baseline".into(),
                    expires: None,
                });
            }
        }
    }
}
