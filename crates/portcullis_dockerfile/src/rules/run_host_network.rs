//! DF024: `RUN --network=host`.

use super::StageCx;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `RUN --network=host`, which gives the build step the build
    /// host's network stack.
    ///
    /// ## Why is this bad?
    /// The step can reach services bound to the builder's localhost (cloud
    /// metadata endpoints, Docker sockets over TCP, internal admin ports) that
    /// a sandboxed step cannot.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN --network=host npm ci
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN npm ci
    /// ```
    ///
    /// ## References
    /// - CWE-668; BuildKit `network.host` entitlement
    pub struct RunHostNetwork {
        id: "DF024",
        name: "run-host-network",
        domain: Dockerfile,
        severity: Medium,
        summary: "RUN uses the host network",
        tags: ["network"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for RunHostNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for (ins, _) in s.runs() {
            if let Some(f) = ins.flag("network")
                && f.value.as_ref().is_some_and(|v| v.value == "host")
            {
                cx.report(
                    &Self::META,
                    f.span,
                    "`RUN --network=host` gives this step the build host's network",
                );
            }
        }
    }
}
