//! KS049: the Docker API served or used over plain TCP.

use crate::Workload;
use crate::rules::wording::subject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers that expose the Docker Engine API without TLS (container
    /// port 2375, the port of `dockerd -H tcp://0.0.0.0:2375` and of
    /// `docker:dind` with TLS switched off) or that talk to it that way
    /// (`DOCKER_HOST=tcp://...:2375`).
    ///
    /// ## Why is this bad?
    /// The plain-TCP Docker API has no authentication: anyone who can reach the
    /// port can start a privileged container with the host's filesystem and own
    /// the machine. Internet-wide scans find such daemons within minutes and
    /// turn them into cryptominers. Within a cluster, every pod that can reach
    /// the port has the same power.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: DOCKER_HOST
    ///     value: tcp://docker:2375
    /// ```
    /// Use instead: TLS with client certificates (port 2376,
    /// `DOCKER_TLS_VERIFY=1`), or a rootless builder that needs no daemon.
    ///
    /// ## References
    /// - Docker "Protect the Docker daemon socket"; CIS Docker Benchmark 2.6; CWE-306
    pub struct PlaintextDockerApi {
        id: "KS049",
        name: "plaintext-docker-api",
        domain: Workload,
        severity: High,
        summary: "Docker API without TLS",
        tags: ["host", "network"],
        standards: ["cis-docker:2.6"],
    }
}

/// True for a `DOCKER_HOST` value that reaches a daemon over plain TCP.
fn plaintext_host(value: &str) -> bool {
    let v = value.trim();
    let Some(rest) = v.strip_prefix("tcp://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    authority.rsplit_once(':').map(|(_, port)| port) == Some("2375")
}

impl Rule<Workload> for PlaintextDockerApi {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            for p in &c.ports {
                let Some(port) = p.container_port.as_ref().filter(|f| f.value == 2375) else {
                    continue;
                };
                cx.report(
                    &Self::META,
                    port.span,
                    format!(
                        "{} exposes port 2375, the Docker API without TLS or authentication",
                        subject(w, c)
                    ),
                )
                .container(c.name_str());
            }
            for e in &c.env {
                let Some(v) = e.value.as_ref().filter(|_| e.name.value == "DOCKER_HOST") else {
                    continue;
                };
                if plaintext_host(&v.value) {
                    cx.report(
                        &Self::META,
                        v.span,
                        format!(
                            "{} uses the Docker API over plain TCP (`{}`)",
                            subject(w, c),
                            v.value
                        ),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}
