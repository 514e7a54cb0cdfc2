//! KS017: no seccomp profile (PSS restricted "Seccomp").

use super::seccomp_baseline::compose_message;
use super::{confined_profile_type, container_label};
use crate::Workload;
use crate::rules::wording::{say, service, service_of};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a pod or container whose `seccompProfile.type` is not
    /// `RuntimeDefault` or `Localhost`, and a container without a profile when
    /// the pod sets none. Policy versions before 1.19 do not have this
    /// control; from 1.25 Windows pods are exempt. At the restricted level it
    /// replaces KS011. Compose services get Docker's default profile unless
    /// `security_opt` sets `seccomp:unconfined`, which is what it reports there.
    ///
    /// ## Why is this bad?
    /// Without a seccomp profile many runtimes run containers unconfined, so
    /// every system call of the kernel is reachable from the container.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: example/app
    /// ```
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     seccompProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///     - name: app
    ///       image: example/app
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, Restricted: Seccomp (`seccompProfile_restricted`)
    /// - CIS Kubernetes Benchmark 5.7.2
    /// - Trivy KSV030, Checkov CKV_K8S_31, Polaris (none)
    pub struct SeccompProfileMissing {
        id: "KS017",
        name: "seccomp-profile-missing",
        domain: Workload,
        severity: Medium,
        summary: "Pod or container does not set a confining seccomp profile",
        tags: ["pss", "pss-restricted"],
        standards: ["pss:restricted/seccompProfile"],
    }
}

impl Rule<Workload> for SeccompProfileMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let v = cx.settings.pss_version;
        if !v.at_least(19) || (v.at_least(25) && w.is_windows()) {
            return;
        }
        // Outside the restricted level KS011 reports explicit bad types.
        let explicit = cx.settings.restricted();
        let mut pod_set = false;
        let pod = w
            .pod
            .security_context
            .as_ref()
            .and_then(|s| s.seccomp.as_ref());
        if let Some(p) = pod {
            let t = p.type_.as_ref();
            let value = t.map(|t| t.value.as_str()).unwrap_or("");
            if confined_profile_type(value) {
                pod_set = true;
            } else if explicit {
                cx.report(
                    &Self::META,
                    t.map(|t| t.span).unwrap_or(p.span),
                    say(
                        w,
                        || {
                            format!(
                                "pod must not set securityContext.seccompProfile.type to {value:?}"
                            )
                        },
                        || compose_message(&service(w), value),
                    ),
                );
            }
        }
        for c in w.containers() {
            match c.security_context.as_ref().and_then(|s| s.seccomp.as_ref()) {
                Some(p) => {
                    let t = p.type_.as_ref();
                    let value = t.map(|t| t.value.as_str()).unwrap_or("");
                    if explicit && !confined_profile_type(value) {
                        cx.report(
                            &Self::META,
                            t.map(|t| t.span).unwrap_or(p.span),
                            say(
                                w,
                                || {
                                    format!(
                                        "{} must not set securityContext.seccompProfile.type to {value:?}",
                                        container_label(c)
                                    )
                                },
                                || compose_message(&service_of(c), value),
                            ),
                        )
                        .container(c.name_str());
                    }
                }
                None if !pod_set => {
                    cx.report(
                        &Self::META,
                        c.security_span(),
                        say(
                            w,
                            || {
                                format!(
                                    "pod or {} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
                                    container_label(c)
                                )
                            },
                            || {
                                format!(
                                    "{} must keep a seccomp profile (remove security_opt: seccomp:unconfined)",
                                    service_of(c)
                                )
                            },
                        ),
                    )
                    .container(c.name_str());
                }
                None => {}
            }
        }
    }
}
