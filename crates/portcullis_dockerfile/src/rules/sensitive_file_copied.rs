//! DF007: a credential file copied into the image.

use super::StageCx;
use crate::syntax::{Args, Keyword, Source};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` or `ADD` whose source names a credential file: `.env`,
    /// SSH keys (`id_rsa`), `*.pem` / `*.key`, `.npmrc`, `.pypirc`, `.netrc`,
    /// `.aws/credentials`, `.git-credentials`, `.docker/config.json`,
    /// kubeconfig files and the like, and inline heredoc files that hold a
    /// credential or are written to such a path.
    ///
    /// ## Why is this bad?
    /// A file copied into a layer stays in the image even when a later step
    /// deletes it, and anyone who can pull the image can extract it.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY .npmrc /root/.npmrc
    /// RUN npm ci && rm /root/.npmrc
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## References
    /// - CWE-538, CWE-312; CIS Docker Benchmark 4.10
    /// - Trivy DS031 (secret files), Checkov secrets scanning
    pub struct SensitiveFileCopied {
        id: "DF007",
        name: "sensitive-file-copied",
        domain: Dockerfile,
        severity: High,
        summary: "A credential file is copied into the image",
        tags: ["secrets"],
        standards: ["cis-docker:4.10"],
    }
}

impl Rule<StageCx<'_>> for SensitiveFileCopied {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for ins in s
            .stage
            .instructions
            .iter()
            .filter(|i| matches!(i.keyword, Keyword::Copy | Keyword::Add))
        {
            let Args::Copy { sources, dest } = &ins.args else {
                continue;
            };
            for src in sources {
                // `COPY <<EOF /root/.npmrc`: judge the destination and the content.
                if let Source::HereDoc(h) = src {
                    if let Some(kind) = portcullis_secrets::classify_value(&h.value) {
                        cx.report(
                            &Self::META,
                            h.span,
                            format!(
                                "an inline file written to `{}` contains a {}",
                                dest.value,
                                kind.title()
                            ),
                        );
                    } else if let Some(kind) = portcullis_secrets::sensitive_file_kind(&dest.value)
                        && h.value.contains(['=', ':'])
                    {
                        cx.report(
                            &Self::META,
                            h.span,
                            format!(
                                "an inline `{}` ({kind}) is written into an image layer",
                                dest.value
                            ),
                        );
                    }
                    continue;
                }
                let Source::Path(p) = src else { continue };
                let path = p.value.trim_end_matches('/');
                if path.contains("://") {
                    continue;
                }
                let kind = portcullis_secrets::sensitive_file_kind(path).or_else(|| {
                    // Directories that hold credentials.
                    let last = path.rsplit('/').next().unwrap_or(path);
                    matches!(last, ".aws" | ".ssh" | ".docker" | ".kube" | ".gnupg")
                        .then_some("credential-directory")
                });
                if let Some(kind) = kind {
                    cx.report(
                        &Self::META,
                        p.span,
                        format!("`{}` ({kind}) is copied into an image layer, where anyone with the image can read it", p.value),
                    );
                }
            }
        }
    }
}
