//! DF008: `ADD` from a URL.

use super::StageCx;
use crate::syntax::{Args, Keyword, Source};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `ADD` that downloads a remote URL (or a git repository)
    /// without `--checksum`. A git source pinned to a full commit hash
    /// (`repo.git#<sha>`) is fine: the commit identifies the content.
    ///
    /// ## Why is this bad?
    /// The content is fetched at build time without any integrity check: a
    /// compromised server or a changed file goes straight into the image, and
    /// the build is not reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD https://example.com/tool.tar.gz /opt/
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.9, CWE-494
    /// - hadolint DL3020 (partly), Trivy DS005, Checkov CKV_DOCKER_4
    pub struct AddRemoteUrl {
        id: "DF008",
        name: "add-remote-url",
        domain: Dockerfile,
        severity: Medium,
        summary: "ADD downloads a URL without a checksum",
        tags: ["supply-chain"],
        standards: ["cis-docker:4.9"],
    }
}

/// True when an ADD source is remote.
pub(crate) fn is_remote(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("ftp://")
        || l.starts_with("git@")
        || l.starts_with("git://")
}

/// True when a Git source names a full commit hash (`repo.git#<40 or 64 hex>[:dir]`):
/// the commit identifies the content, as a checksum would.
fn git_commit_pinned(src: &str) -> bool {
    let Some((_, fragment)) = src.split_once('#') else {
        return false;
    };
    let r#ref = fragment.split(':').next().unwrap_or("");
    matches!(r#ref.len(), 40 | 64) && r#ref.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Rule<StageCx<'_>> for AddRemoteUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for ins in s.with_keyword(Keyword::Add) {
            if ins.flag("checksum").is_some() {
                continue;
            }
            let Args::Copy { sources, .. } = &ins.args else {
                continue;
            };
            for src in sources {
                if let Source::Path(p) = src
                    && is_remote(&p.value)
                    && !git_commit_pinned(&p.value)
                {
                    cx.report(
                        &Self::META,
                        p.span,
                        format!(
                            "`ADD {}` downloads content without verifying a checksum",
                            p.value
                        ),
                    );
                }
            }
        }
    }
}
