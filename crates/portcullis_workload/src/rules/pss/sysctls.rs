//! KS012: sysctls outside the safe set (PSS baseline "Sysctls").

use crate::Workload;
use crate::rules::wording::{say, service};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

/// Safe sysctls and the policy version (minor) that allowed each.
const SAFE: &[(&str, u16)] = &[
    ("kernel.shm_rmid_forced", 0),
    ("net.ipv4.ip_local_port_range", 0),
    ("net.ipv4.tcp_syncookies", 0),
    ("net.ipv4.ping_group_range", 0),
    ("net.ipv4.ip_unprivileged_port_start", 0),
    ("net.ipv4.ip_local_reserved_ports", 27),
    ("net.ipv4.tcp_keepalive_time", 29),
    ("net.ipv4.tcp_fin_timeout", 29),
    ("net.ipv4.tcp_keepalive_intvl", 29),
    ("net.ipv4.tcp_keepalive_probes", 29),
    ("net.ipv4.tcp_rmem", 32),
    ("net.ipv4.tcp_wmem", 32),
    ("net.ipv4.tcp_slow_start_after_idle", 37),
    ("net.ipv4.tcp_notsent_lowat", 37),
];

/// Whether `name` is a safe sysctl at policy version `1.minor`.
pub fn is_safe_sysctl(name: &str, minor: u16) -> bool {
    SAFE.iter().any(|(n, since)| *n == name && minor >= *since)
}

declare_rule! {
    /// ## What it does
    /// Reports a pod `securityContext.sysctls` entry outside the safe set of
    /// the selected policy version: `kernel.shm_rmid_forced`,
    /// `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`,
    /// `net.ipv4.ping_group_range`, `net.ipv4.ip_unprivileged_port_start`;
    /// from 1.27 `net.ipv4.ip_local_reserved_ports`; from 1.29
    /// `net.ipv4.tcp_keepalive_time`, `tcp_fin_timeout`, `tcp_keepalive_intvl`,
    /// `tcp_keepalive_probes`; from 1.32 `net.ipv4.tcp_rmem`, `tcp_wmem`; from
    /// 1.37 `net.ipv4.tcp_slow_start_after_idle`, `tcp_notsent_lowat`. In
    /// compose files it reads the service's `sysctls`.
    ///
    /// ## Why is this bad?
    /// Sysctls outside the safe set are not isolated per pod: they can change
    /// the kernel of the whole node, disable security mechanisms or starve
    /// other pods.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   sysctls:
    ///     - name: kernel.msgmax
    ///       value: "65536"
    /// ```
    /// Use instead: only sysctls from the safe set, or configure the node.
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: Sysctls (`sysctls`)
    /// - Trivy KSV026
    pub struct UnsafeSysctls {
        id: "KS012",
        name: "unsafe-sysctls",
        domain: Workload,
        severity: Medium,
        summary: "Pod sets a sysctl outside the safe set",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/sysctls"],
    }
}

impl Rule<Workload> for UnsafeSysctls {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let minor = cx.settings.pss_version.minor;
        let Some(sc) = &w.pod.security_context else {
            return;
        };
        for (name, _) in &sc.sysctls {
            if !is_safe_sysctl(&name.value, minor) {
                cx.report(
                    &Self::META,
                    name.span,
                    say(
                        w,
                        || {
                            format!(
                                "pod must not set forbidden sysctl {:?} (not safe at policy v{})",
                                name.value, cx.settings.pss_version
                            )
                        },
                        || {
                            format!(
                                "{} must not set sysctl {:?} in sysctls (not safe at policy v{}); remove it",
                                service(w),
                                name.value,
                                cx.settings.pss_version
                            )
                        },
                    ),
                );
            }
        }
    }
}
