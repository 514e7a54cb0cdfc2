//! KS016: running as UID 0 (PSS restricted "Running as Non-root user").

use super::container_label;
use crate::Workload;
use crate::rules::wording::{say, service, service_of};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a pod or container that sets `runAsUser: 0`. Policy versions
    /// before 1.23 do not have this control; from 1.35 a pod with
    /// `hostUsers: false` is exempt. In compose files it reports `user: root`
    /// and `user: 0` (with or without a group).
    ///
    /// ## Why is this bad?
    /// UID 0 is root. Even with `runAsNonRoot` elsewhere, an explicit
    /// `runAsUser: 0` runs the process as root, with root's access to
    /// anything the container can reach.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 0
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   runAsUser: 10001
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, Restricted: Running as Non-root user (`runAsUser`, v1.23+)
    /// - Trivy KSV105 (KSV020 for low UIDs), Checkov CKV_K8S_40
    pub struct RunAsRootUser {
        id: "KS016",
        name: "run-as-root-user",
        domain: Workload,
        severity: Medium,
        summary: "Pod or container runs as UID 0",
        tags: ["pss", "pss-restricted"],
        standards: ["pss:restricted/runAsUser"],
    }
}

impl Rule<Workload> for RunAsRootUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let v = cx.settings.pss_version;
        if !v.at_least(23) || (v.at_least(35) && w.in_user_namespace()) {
            return;
        }
        let pod = w
            .pod
            .security_context
            .as_ref()
            .and_then(|s| s.run_as_user.as_ref());
        if let Some(f) = pod
            && f.value == 0
        {
            let msg = say(
                w,
                || "pod must not set runAsUser=0".to_string(),
                || compose_message(&service(w), None),
            );
            cx.report(&Self::META, f.span, msg);
        }
        for c in w.containers() {
            let own = c
                .security_context
                .as_ref()
                .and_then(|s| s.run_as_user.as_ref());
            if let Some(f) = own
                && f.value == 0
            {
                cx.report(
                    &Self::META,
                    f.span,
                    say(
                        w,
                        || format!("{} must not set runAsUser=0", container_label(c)),
                        || {
                            let name = c
                                .security_context
                                .as_ref()
                                .and_then(|s| s.run_as_user_name.as_ref());
                            compose_message(&service_of(c), name.map(|n| n.value.as_str()))
                        },
                    ),
                )
                .container(c.name_str());
            }
        }
    }
}

/// The compose wording: `user:` names root (`name` is the user as written
/// when given by name).
fn compose_message(who: &str, name: Option<&str>) -> String {
    format!(
        "{who} runs as root (user: {}); set user: to a non-root UID such as \"10001\"",
        name.unwrap_or("0")
    )
}
