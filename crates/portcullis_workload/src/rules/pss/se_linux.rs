//! KS009: custom SELinux type, user or role (PSS baseline "SELinux").

use crate::rules::wording::{is_compose, service, service_of};
use crate::{SeLinuxOptions, Workload};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

/// SELinux types allowed from policy 1.0.
const TYPES_1_0: &[&str] = &["", "container_t", "container_init_t", "container_kvm_t"];

fn allowed_type(t: &str, minor: u16) -> bool {
    TYPES_1_0.contains(&t) || (minor >= 31 && t == "container_engine_t")
}

declare_rule! {
    /// ## What it does
    /// Reports `seLinuxOptions` (pod or container) that set a `type` other than
    /// `container_t`, `container_init_t`, `container_kvm_t` (and, from policy
    /// 1.31, `container_engine_t`), or that set any `user` or `role`. In
    /// compose files it reports `security_opt: ["label:disable"]` (which runs
    /// the container as `spc_t`) and `label:type:`, `label:user:` or
    /// `label:role:` options.
    ///
    /// ## Why is this bad?
    /// SELinux confines what a container process may touch on the node.
    /// Types such as `spc_t` or `unconfined_t`, or a custom user or role, lift
    /// that confinement.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   seLinuxOptions:
    ///     type: spc_t
    /// ```
    /// Use instead: leave `seLinuxOptions` unset, or set only `level`.
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: SELinux (`seLinuxOptions`)
    /// - Trivy KSV025, Polaris (none), Checkov (none)
    pub struct CustomSeLinuxOptions {
        id: "KS009",
        name: "custom-selinux-options",
        domain: Workload,
        severity: Medium,
        summary: "SELinux type, user or role overridden",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/seLinuxOptions"],
    }
}

/// Reports the disallowed parts of `opts`; `who` names the pod or container
/// (Kubernetes wording) or the service (`compose`).
fn check_options(
    opts: &SeLinuxOptions,
    who: &str,
    container: Option<&str>,
    compose: bool,
    minor: u16,
    cx: &mut Checker,
) {
    let report = |cx: &mut Checker, span, msg: String| {
        let hit = cx.report(&CustomSeLinuxOptions::META, span, msg);
        if let Some(c) = container {
            hit.container(c);
        }
    };
    if let Some(t) = &opts.type_
        && !allowed_type(&t.value, minor)
    {
        let msg = if !compose {
            format!(
                "{who} must not set securityContext.seLinuxOptions.type to {:?}",
                t.value
            )
        } else if t.value == "spc_t" {
            format!(
                "{who} runs without SELinux confinement (security_opt: label:disable or label:type:spc_t); remove it"
            )
        } else {
            format!(
                "{who} must not set SELinux type {:?} (security_opt: label:type:{}); remove it",
                t.value, t.value
            )
        };
        report(cx, t.span, msg);
    }
    for (field, value) in [("user", &opts.user), ("role", &opts.role)] {
        if let Some(v) = value
            && !v.value.is_empty()
        {
            let msg = if compose {
                format!(
                    "{who} must not set the SELinux {field} (security_opt: label:{field}:{}); remove it",
                    v.value
                )
            } else {
                format!(
                    "{who} must not set securityContext.seLinuxOptions.{field} (set to {:?})",
                    v.value
                )
            };
            report(cx, v.span, msg);
        }
    }
}

impl Rule<Workload> for CustomSeLinuxOptions {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let minor = cx.settings.pss_version.minor;
        let pod = w.pod.security_context.as_ref();
        if let Some(o) = pod.and_then(|s| s.se_linux.as_ref()) {
            let who = if is_compose(w) {
                service(w)
            } else {
                "pod".to_string()
            };
            check_options(o, &who, None, is_compose(w), minor, cx);
        }
        for c in w.containers() {
            if let Some(o) = c
                .security_context
                .as_ref()
                .and_then(|s| s.se_linux.as_ref())
            {
                let who = if is_compose(w) {
                    service_of(c)
                } else {
                    super::container_label(c)
                };
                check_options(o, &who, Some(c.name_str()), is_compose(w), minor, cx);
            }
        }
    }
}
