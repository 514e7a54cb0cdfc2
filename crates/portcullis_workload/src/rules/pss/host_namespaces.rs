//! KS002: sharing the host's network, PID or IPC namespace (PSS baseline
//! "Host Namespaces").

use crate::rules::wording::{say, service};
use crate::{Field, Workload};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a pod that sets `hostNetwork`, `hostPID` or `hostIPC` to `true`.
    /// In compose files it reports `network_mode: host`, `pid: host` and
    /// `ipc: host`.
    ///
    /// ## Why is this bad?
    /// Sharing the node's namespaces removes the isolation between the pod and
    /// the node: with `hostPID` it sees and can signal every process, with
    /// `hostNetwork` it can sniff and bind the node's interfaces, and with
    /// `hostIPC` it can read other processes' shared memory.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   hostNetwork: true
    ///   hostPID: true
    /// ```
    /// Use instead: leave the fields unset (or `false`).
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: Host Namespaces (`hostNamespaces`)
    /// - CIS Kubernetes Benchmark 5.2.2–5.2.4
    /// - Trivy KSV008, KSV009, KSV010; Checkov CKV_K8S_17, CKV_K8S_18, CKV_K8S_19;
    ///   Polaris `hostIPCSet`, `hostPIDSet`, `hostNetworkSet`
    pub struct HostNamespaces {
        id: "KS002",
        name: "host-namespaces",
        domain: Workload,
        severity: High,
        summary: "Pod shares the host's network, PID or IPC namespace",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/hostNamespaces"],
    }
}

impl Rule<Workload> for HostNamespaces {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let fields: [(&str, &str, &Option<Field<bool>>); 3] = [
            (
                "hostNetwork",
                "network (network_mode: host)",
                &w.pod.host_network,
            ),
            ("hostPID", "PID namespace (pid: host)", &w.pod.host_pid),
            ("hostIPC", "IPC namespace (ipc: host)", &w.pod.host_ipc),
        ];
        for (name, compose, field) in fields {
            if let Some(f) = field
                && f.value
            {
                let msg = say(
                    w,
                    || format!("pod must not set {name}=true"),
                    || format!("{} shares the host {compose}; remove it", service(w)),
                );
                cx.report(&Self::META, f.span, msg);
            }
        }
    }
}
