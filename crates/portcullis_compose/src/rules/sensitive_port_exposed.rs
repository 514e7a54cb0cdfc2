//! DC001: a database or remote-administration port published on every host interface.

use super::{all_interfaces, label};
use crate::ComposeService;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `ports` that publish a database, cache, message broker or
    /// remote-administration port (Docker API 2375/2376, SSH, RDP, VNC,
    /// MySQL, PostgreSQL, MongoDB, Redis, Elasticsearch, memcached, CouchDB,
    /// etcd...) without binding it to a specific host address. A port written
    /// alone (`- "5432"`) is published on a random host port, also on every
    /// interface. The SSH port of Git servers (Gitea, GitLab, Forgejo...) is
    /// meant to be reached and is not reported.
    ///
    /// ## Why is this bad?
    /// Docker publishes such ports on every interface of the host and inserts
    /// its own firewall rules ahead of the host firewall, so the service is
    /// reachable from the network. Databases and caches started for
    /// development often have no password or a default one; an exposed Docker
    /// API is a root shell on the host.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     ports:
    ///       - "5432:5432"
    /// ```
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     ports:
    ///       - "127.0.0.1:5432:5432"
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.13 (bind incoming traffic to a specific host interface); CWE-668
    /// - KICS "Container Traffic Not Bound To Host Interface" (for these ports)
    pub struct SensitivePortExposed {
        id: "DC001",
        name: "sensitive-port-exposed",
        domain: Compose,
        severity: High,
        summary: "Database or administration port published on every host interface",
        tags: ["network"],
        standards: ["cis-docker:5.13", "cwe:668"],
    }
}

/// Well-known ports of services that must not face the network.
const PORTS: &[(u32, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (1433, "SQL Server"),
    (1521, "Oracle Database"),
    (2181, "ZooKeeper"),
    (2375, "Docker API (plain HTTP)"),
    (2376, "Docker API"),
    (2379, "etcd"),
    (2380, "etcd peer"),
    (3306, "MySQL/MariaDB"),
    (3389, "RDP"),
    (4243, "Docker API"),
    (5432, "PostgreSQL"),
    (5900, "VNC"),
    (5901, "VNC"),
    (5984, "CouchDB"),
    (5985, "WinRM"),
    (5986, "WinRM"),
    (6379, "Redis"),
    (7474, "Neo4j"),
    (7687, "Neo4j Bolt"),
    (9042, "Cassandra"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch transport"),
    (10250, "kubelet"),
    (11211, "memcached"),
    (26257, "CockroachDB"),
    (27017, "MongoDB"),
    (27018, "MongoDB"),
    (28015, "RethinkDB"),
];

/// Images whose SSH port serves Git, meant to face users.
const GIT_SSH_IMAGES: &[&str] = &["gitea", "gitlab", "gogs", "forgejo", "soft-serve", "onedev"];

/// True when port 22 of this service is a Git server's SSH endpoint.
fn git_ssh(s: &ComposeService) -> bool {
    s.workload.pod.containers.iter().any(|c| {
        c.image.as_ref().is_some_and(|i| {
            let repo = i.value.rsplit('/').next().unwrap_or("");
            GIT_SSH_IMAGES.iter().any(|g| repo.contains(g))
                || i.value.contains("gitlab/")
                || i.value.contains("gitea/")
        })
    })
}

impl Rule<ComposeService> for SensitivePortExposed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &ComposeService, cx: &mut Checker) {
        if s.workload
            .pod
            .host_network
            .as_ref()
            .is_some_and(|h| h.value)
        {
            return;
        }
        for p in &s.ports {
            let Some(target) = &p.target else { continue };
            if !all_interfaces(p.host_ip.as_ref().map(|i| i.value.as_str())) {
                continue;
            }
            let (lo, hi) = target.value;
            let Some((port, what)) = PORTS.iter().find(|(port, _)| (lo..=hi).contains(port)) else {
                continue;
            };
            if *port == 22 && git_ssh(s) {
                continue;
            }
            let how = match &p.published {
                Some(h) if h.value.0 == h.value.1 => format!("host port {}", h.value.0),
                Some(h) => format!("host ports {}-{}", h.value.0, h.value.1),
                None if p.published_unknown => "a host port".to_string(),
                None => "a random host port".to_string(),
            };
            cx.report(
                &Self::META,
                p.span,
                format!(
                    "{} publishes {what} port {port} on {how} of every interface; bind it to 127.0.0.1 or do not publish it",
                    label(s)
                ),
            )
            .container(s.name.value.as_str());
        }
    }
}
