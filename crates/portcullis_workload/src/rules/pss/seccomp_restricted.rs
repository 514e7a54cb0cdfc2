//! KS017: no seccomp profile (PSS restricted "Seccomp").

use super::seccomp_baseline::{FIELD, compose_message};
use super::{
    confined_profile_type, container_label, linux_control_applies, profile_type,
    report_profile_type,
};
use crate::Workload;
use crate::rules::wording::{say, service_of};
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
        if !linux_control_applies(cx, w, 19) {
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
            if confined_profile_type(profile_type(p)) {
                pod_set = true;
            } else if explicit {
                report_profile_type(cx, &Self::META, w, None, p, FIELD, compose_message);
            }
        }
        for c in w.containers() {
            match c.security_context.as_ref().and_then(|s| s.seccomp.as_ref()) {
                Some(p) if explicit && !confined_profile_type(profile_type(p)) => {
                    report_profile_type(cx, &Self::META, w, Some(c), p, FIELD, compose_message);
                }
                Some(_) => {}
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
