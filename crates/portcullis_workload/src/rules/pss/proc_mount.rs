//! KS010: unmasked /proc (PSS baseline "/proc Mount Type").

use crate::Workload;
use crate::rules::wording::{say, service_of};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a container whose `securityContext.procMount` is anything but
    /// `Default`. From policy 1.35 a pod with `hostUsers: false` (its own user
    /// namespace) may set it; the restricted level (KS019) still may not. In
    /// compose files it reports `security_opt: ["systempaths=unconfined"]`.
    ///
    /// ## Why is this bad?
    /// The runtime masks parts of `/proc` (such as `/proc/kcore` and
    /// `/proc/sys`) to hide the node's kernel from the container. `Unmasked`
    /// removes those masks.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   procMount: Unmasked
    /// ```
    /// Use instead: leave `procMount` unset or `Default`.
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: /proc Mount Type (`procMount`)
    /// - Trivy KSV027
    pub struct UnmaskedProcMount {
        id: "KS010",
        name: "unmasked-proc-mount",
        domain: Workload,
        severity: Medium,
        summary: "Container unmasks /proc",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/procMount"],
    }
}

/// Reports every container with a non-`Default` procMount.
pub(crate) fn report_proc_mounts(w: &Workload, meta: &'static RuleMeta, cx: &mut Checker) {
    for c in w.containers() {
        if let Some(p) = c
            .security_context
            .as_ref()
            .and_then(|s| s.proc_mount.as_ref())
            && p.value != "Default"
        {
            cx.report(
                meta,
                p.span,
                say(
                    w,
                    || {
                        format!(
                            "{} must not set securityContext.procMount to {:?}",
                            super::container_label(c),
                            p.value
                        )
                    },
                    || {
                        format!(
                            "{} unmasks /proc and /sys (security_opt: systempaths=unconfined); remove it",
                            service_of(c)
                        )
                    },
                ),
            )
            .container(c.name_str());
        }
    }
}

impl Rule<Workload> for UnmaskedProcMount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let v = cx.settings.pss_version;
        if v.at_least(35) {
            // KS019 replaces this check at the restricted level.
            if cx.settings.restricted() || w.in_user_namespace() {
                return;
            }
        }
        report_proc_mounts(w, &Self::META, cx);
    }
}
