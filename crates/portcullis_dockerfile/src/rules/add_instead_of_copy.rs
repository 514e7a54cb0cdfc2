//! DF009: `ADD` where `COPY` does the job.

use super::StageCx;
use super::add_remote_url::is_remote;
use crate::syntax::{Args, Keyword, Source};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `ADD` whose sources are all local files that are not
    /// archives, where `COPY` does the same thing.
    ///
    /// ## Why is this bad?
    /// `ADD` also fetches URLs and silently unpacks archives. Using it for
    /// plain files hides which of those behaviours a reader should expect, and
    /// a source that later becomes a tarball or a URL changes meaning.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD app.py /srv/
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// COPY app.py /srv/
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.9
    /// - hadolint DL3020, Trivy DS005, Checkov CKV_DOCKER_4
    pub struct AddInsteadOfCopy {
        id: "DF009",
        name: "add-instead-of-copy",
        domain: Dockerfile,
        severity: Low,
        summary: "ADD is used where COPY suffices",
        tags: ["supply-chain"],
        standards: ["cis-docker:4.9"],
    }
}

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst",
    ".tar.lz", ".gz", ".bz2", ".xz",
];

impl Rule<StageCx<'_>> for AddInsteadOfCopy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for ins in s.with_keyword(Keyword::Add) {
            let Args::Copy { sources, .. } = &ins.args else {
                continue;
            };
            let plain = !sources.is_empty()
                && sources.iter().all(|src| match src {
                    Source::Path(p) => {
                        let l = p.value.to_ascii_lowercase();
                        !is_remote(&l)
                            && !l.contains('$')
                            && !ARCHIVES.iter().any(|e| l.ends_with(e))
                    }
                    Source::HereDoc(_) => true,
                });
            if plain {
                cx.report(
                    &Self::META,
                    ins.keyword_span,
                    "`ADD` copies local files that are not archives; use `COPY`",
                );
            }
        }
    }
}
