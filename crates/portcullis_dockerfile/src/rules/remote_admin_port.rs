//! DF015: a remote-administration port exposed.

use super::StageCx;
use crate::syntax::{Args, Keyword};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `EXPOSE` of remote-administration ports: SSH (22), telnet (23),
    /// the Docker API (2375, 2376), RDP (3389), VNC (5800, 5900–5903) and
    /// WinRM (5985, 5986), alone or inside a range.
    ///
    /// ## Why is this bad?
    /// A container is managed through its orchestrator, not by logging in. An
    /// SSH or VNC daemon adds credentials to steal and an always-on way in, and
    /// an exposed Docker API hands out root on the host.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 22 8080
    /// ```
    /// Use instead: drop the daemon and use `docker exec` / `kubectl exec`:
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.8/5.7, CWE-284
    /// - Trivy DS004, Checkov CKV_DOCKER_1
    pub struct RemoteAdminPort {
        id: "DF015",
        name: "remote-admin-port-exposed",
        domain: Dockerfile,
        severity: Medium,
        summary: "A remote-administration port is exposed",
        tags: ["network"],
        standards: [],
    }
}

const PORTS: &[(u32, &str)] = &[
    (22, "SSH"),
    (23, "telnet"),
    (2375, "Docker API (plain)"),
    (2376, "Docker API"),
    (3389, "RDP"),
    (5800, "VNC over HTTP"),
    (5900, "VNC"),
    (5901, "VNC"),
    (5902, "VNC"),
    (5903, "VNC"),
    (5985, "WinRM"),
    (5986, "WinRM"),
];

impl Rule<StageCx<'_>> for RemoteAdminPort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for ins in s.with_keyword(Keyword::Expose) {
            let Args::Words(words) = &ins.args else {
                continue;
            };
            for w in words {
                let port = w.value.split('/').next().unwrap_or("");
                let (lo, hi) = match port.split_once('-') {
                    Some((a, b)) => (a.parse::<u32>(), b.parse::<u32>()),
                    None => (port.parse::<u32>(), port.parse::<u32>()),
                };
                let (Ok(lo), Ok(hi)) = (lo, hi) else { continue };
                if hi.saturating_sub(lo) > 1000 {
                    continue;
                }
                if let Some((p, what)) = PORTS.iter().find(|(p, _)| (lo..=hi).contains(p)) {
                    cx.report(&Self::META, w.span, format!("port {p} ({what}) is exposed; containers should not offer remote administration"));
                }
            }
        }
    }
}
