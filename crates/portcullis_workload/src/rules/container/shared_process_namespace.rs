//! KS041: containers of the pod share one process namespace.

use crate::Workload;
use crate::rules::wording::{say, service};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags pods with `shareProcessNamespace: true`, and compose services
    /// that join another container's PID namespace (`pid: service:<name>` or
    /// `pid: container:<name>`).
    ///
    /// ## Why is this bad?
    /// With a shared process namespace every container sees the others'
    /// processes, can signal them, and can read their environment and
    /// filesystem through `/proc/<pid>/environ` and `/proc/<pid>/root`. A
    /// compromised sidecar then gets the main container's secrets, and the
    /// reverse. Share it only for debugging or for sidecars that need it.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   shareProcessNamespace: true
    /// ```
    /// Use instead: leave `shareProcessNamespace` unset, and use
    /// `kubectl debug` with an ephemeral container for debugging.
    ///
    /// ## References
    /// - Kubernetes "Share Process Namespace between Containers in a Pod"; CWE-668
    pub struct SharedProcessNamespace {
        id: "KS041",
        name: "shared-process-namespace",
        domain: Workload,
        severity: Low,
        summary: "Containers of the pod share a process namespace",
        tags: ["isolation"],
        standards: [],
    }
}

impl Rule<Workload> for SharedProcessNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if let Some(f) = w.pod.share_process_namespace.as_ref().filter(|f| f.value) {
            let msg = say(
                w,
                || {
                    "containers share one process namespace and can read each other's environment and files"
                        .into()
                },
                || {
                    format!(
                        "{} joins another container's process namespace (pid: service:<name> or container:<name>) and can read its environment and files",
                        service(w)
                    )
                },
            );
            cx.report(&Self::META, f.span, msg);
        }
    }
}
