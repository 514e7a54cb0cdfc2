//! Rules about the image configuration (IM001-IM009).

use portcullis_rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags an image whose configuration runs the entrypoint as root: no `User`,
    /// or `User` set to `0`, `root`, `0:0` or `root:root`.
    ///
    /// ## Why is this bad?
    /// A process running as root inside the container is one kernel or runtime
    /// bug away from root on the host, and can change every file of the image.
    /// Orchestrators only catch this when a policy forces `runAsNonRoot`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd --uid 10001 app
    /// USER 10001
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.1 (create a user for the container); CWE-250.
    /// Trivy DS002, Checkov CKV_DOCKER_3 / CKV_DOCKER_8, hadolint DL3002.
    pub struct RootUser {
        id: "IM001",
        name: "image-root-user",
        domain: Image,
        severity: Medium,
        summary: "Image runs as root",
        tags: ["config"],
        standards: ["cis-docker:4.1"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags environment variables in the image configuration whose name says
    /// they hold a credential (`*_TOKEN`, `*_PASSWORD`, `*_SECRET_KEY`) with a
    /// real-looking value, or whose value has the shape of a known token.
    ///
    /// ## Why is this bad?
    /// The image configuration is readable by anyone who can pull the image,
    /// and `docker inspect` prints it. A credential baked in with `ENV` is
    /// published with every copy of the image and cannot be rotated per deployment.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV GH_TOKEN=ghp_0123456789abcdef0123456789abcdef0123
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// # pass the token at run time from a secret store
    /// RUN --mount=type=secret,id=gh_token ./fetch.sh
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.10 (do not store secrets in Dockerfiles); CWE-798.
    /// Trivy secret scanning of image config, Checkov CKV2_DOCKER_* secret checks, hadolint DL3000-series guidance.
    pub struct SecretInEnv {
        id: "IM002",
        name: "image-secret-in-env",
        domain: Image,
        severity: Critical,
        summary: "Credential in the image environment",
        tags: ["config", "secrets"],
        standards: ["cis-docker:4.10", "cwe:798"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags `ExposedPorts` entries for remote administration services: SSH (22),
    /// Telnet (23), the Docker API (2375, 2376), RDP (3389), VNC (5900-5903),
    /// and others such as WinRM (5985, 5986).
    ///
    /// ## Why is this bad?
    /// A container should run one application, not a remote login service.
    /// Administration ports widen the attack surface and usually mean an SSH
    /// daemon or an unauthenticated API is running inside the container.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 22
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.8 / 5.6 (do not run sshd in containers). Trivy DS004
    /// (port 22 exposed), Checkov CKV_DOCKER_1.
    pub struct RemoteAdminPort {
        id: "IM003",
        name: "remote-admin-port",
        domain: Image,
        severity: Medium,
        summary: "Image exposes a remote administration port",
        tags: ["config", "network"],
        standards: ["cis-docker:5.6"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags an image configuration without a `Healthcheck` (or with
    /// `HEALTHCHECK NONE`).
    ///
    /// ## Why is this bad?
    /// Without a health check the engine only knows whether the process is
    /// alive, not whether it serves requests, so a hung service is never restarted.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ["./server"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// HEALTHCHECK CMD ["./server", "--ping"]
    /// CMD ["./server"]
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.6 (add HEALTHCHECK instructions). Trivy DS026, Checkov CKV_DOCKER_2.
    pub struct MissingHealthcheck {
        id: "IM004",
        name: "image-missing-healthcheck",
        domain: Image,
        severity: Low,
        summary: "Image has no health check",
        tags: ["config"],
        standards: ["cis-docker:4.6"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags an image reference that has no tag or uses the `latest` tag, when
    /// the input names its image (an archive's repository tag or an OCI `ref.name`).
    ///
    /// ## Why is this bad?
    /// `latest` moves: the same reference names different images over time, so
    /// deployments are not reproducible and scan results go stale silently.
    ///
    /// ## Example
    /// ```text
    /// registry.example.com/app:latest
    /// ```
    /// Use instead:
    /// ```text
    /// registry.example.com/app:1.4.2@sha256:...
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.2 (use trusted base images). Trivy DS001, Checkov CKV_DOCKER_7, hadolint DL3007.
    pub struct MutableTag {
        id: "IM005",
        name: "mutable-tag",
        domain: Image,
        severity: Low,
        summary: "Image reference uses `latest` or no tag",
        tags: ["config", "supply-chain"],
        standards: [],
    }
}
