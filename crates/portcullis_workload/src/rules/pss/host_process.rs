//! KS001: Windows HostProcess containers (PSS baseline "HostProcess").

use super::container_label;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a pod or container that sets
    /// `securityContext.windowsOptions.hostProcess: true`. Compose files have
    /// no equivalent setting, so it never fires on them.
    ///
    /// ## Why is this bad?
    /// A Windows HostProcess container runs directly on the node with the
    /// privileges of a host process. It can read and change anything on the
    /// node, which is the same as giving the workload the machine.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   windowsOptions:
    ///     hostProcess: true
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   windowsOptions:
    ///     hostProcess: false
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: HostProcess (`windowsHostProcess`)
    /// - Trivy KSV103
    pub struct WindowsHostProcess {
        id: "KS001",
        name: "windows-host-process",
        domain: Workload,
        severity: Critical,
        summary: "Windows HostProcess container runs with host privileges",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/hostProcess"],
    }
}

impl Rule<Workload> for WindowsHostProcess {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let pod = w.pod.security_context.as_ref();
        if let Some(f) = pod.and_then(|s| s.windows_host_process.as_ref())
            && f.value
        {
            cx.report(
                &Self::META,
                f.span,
                "pod must not set securityContext.windowsOptions.hostProcess=true",
            );
        }
        for c in w.containers() {
            let sc = c.security_context.as_ref();
            if let Some(f) = sc.and_then(|s| s.windows_host_process.as_ref())
                && f.value
            {
                cx.report(
                    &Self::META,
                    f.span,
                    format!(
                        "{} must not set securityContext.windowsOptions.hostProcess=true",
                        container_label(c)
                    ),
                )
                .container(c.name_str());
            }
        }
    }
}
