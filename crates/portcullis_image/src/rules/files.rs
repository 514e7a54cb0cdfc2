//! Rules about files inside the layers (IM010-IM019).

use portcullis_rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Scans the text files of every layer for credentials with a known shape:
    /// private keys, cloud access keys, GitHub/GitLab/Slack/npm/PyPI tokens,
    /// registry auths. Files deleted in a later layer are reported too.
    ///
    /// ## Why is this bad?
    /// Every layer is shipped with the image. A secret copied in and removed by
    /// a later `RUN rm` is still in the earlier layer, and anyone who pulls the
    /// image can extract it with `tar`.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY .env /app/.env
    /// RUN ./build && rm /app/.env
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=env,target=/app/.env ./build
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.10; CWE-798, CWE-540. Trivy secret scanning (image), Checkov secrets checks.
    pub struct SecretInFile {
        id: "IM010",
        name: "secret-in-file",
        domain: Image,
        severity: Critical,
        summary: "Credential in a file of the image",
        tags: ["secrets"],
        standards: ["cis-docker:4.10", "cwe:798"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags files whose path says they hold credentials: `.env` files, private
    /// key files, `.aws/credentials`, `.docker/config.json`, `.npmrc`,
    /// `.pypirc`, `.netrc`, shell history and similar.
    ///
    /// ## Why is this bad?
    /// These files usually come from the build machine through a broad `COPY`
    /// and often hold working credentials or reveal commands typed with secrets.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// # .dockerignore lists .env, *.pem, .npmrc ...
    /// COPY . /app
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.10; CWE-538. Trivy secret scanning, Checkov CKV_DOCKER secrets guidance.
    pub struct SensitiveFile {
        id: "IM011",
        name: "sensitive-file",
        domain: Image,
        severity: High,
        summary: "Credential file in the image",
        tags: ["secrets"],
        standards: ["cis-docker:4.10"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags `.git` directories inside the image, one finding per repository.
    ///
    /// ## Why is this bad?
    /// A git directory holds the whole history of the source, including files
    /// and secrets deleted long ago, and remote URLs that may embed tokens.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . /src
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// # .dockerignore contains .git
    /// COPY . /src
    /// ```
    ///
    /// ## References
    /// CWE-527 (exposure of version-control repository). Trivy secret scanning skips
    /// `.git` by default; this rule reports it instead.
    pub struct GitDirectory {
        id: "IM012",
        name: "git-directory",
        domain: Image,
        severity: Medium,
        summary: "Git repository inside the image",
        tags: ["secrets"],
        standards: ["cwe:527"],
    }
}
