//! KS011: seccomp explicitly disabled (PSS baseline "Seccomp").

use super::{confined_profile_type, profile_type, report_profile_type};
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

/// Pod-wide seccomp annotation (policy versions before 1.19).
pub(crate) const POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
/// Per-container seccomp annotation prefix (policy versions before 1.19).
pub(crate) const CONTAINER_ANNOTATION_PREFIX: &str =
    "container.seccomp.security.alpha.kubernetes.io/";

/// The `securityContext` key of the profile.
pub(crate) const FIELD: &str = "seccompProfile";

fn allowed_annotation(v: &str) -> bool {
    v == "runtime/default" || v == "docker/default" || v.starts_with("localhost/")
}

declare_rule! {
    /// ## What it does
    /// Reports a pod or container whose `seccompProfile.type` is set to
    /// anything but `RuntimeDefault` or `Localhost` (in practice `Unconfined`).
    /// For policy versions before 1.19 it reads the
    /// `seccomp.security.alpha.kubernetes.io/pod` and
    /// `container.seccomp.security.alpha.kubernetes.io/<name>` annotations instead.
    /// In compose files it reports `security_opt: ["seccomp:unconfined"]`.
    ///
    /// ## Why is this bad?
    /// Seccomp filters the system calls a container may make. Without it the
    /// whole kernel attack surface is reachable, including calls used in
    /// known container escapes.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   seccompProfile:
    ///     type: Unconfined
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   seccompProfile:
    ///     type: RuntimeDefault
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, Baseline: Seccomp (`seccompProfile_baseline`)
    /// - Trivy KSV104, Checkov CKV_K8S_31, Polaris (none)
    pub struct SeccompUnconfined {
        id: "KS011",
        name: "seccomp-unconfined",
        domain: Workload,
        severity: Medium,
        summary: "Seccomp is explicitly disabled",
        tags: ["pss", "pss-baseline"],
        standards: ["pss:baseline/seccompProfile"],
    }
}

impl Rule<Workload> for SeccompUnconfined {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        let v = cx.settings.pss_version;
        if !v.at_least(19) {
            check_annotations(w, cx);
            return;
        }
        // From 1.19 the restricted seccomp check (KS017) replaces this one.
        if cx.settings.restricted() {
            return;
        }
        let pod = w.pod.security_context.as_ref();
        if let Some(p) = pod.and_then(|s| s.seccomp.as_ref())
            && !confined_profile_type(profile_type(p))
        {
            report_profile_type(cx, &Self::META, w, None, p, FIELD, compose_message);
        }
        for c in w.containers() {
            if let Some(p) = c.security_context.as_ref().and_then(|s| s.seccomp.as_ref())
                && !confined_profile_type(profile_type(p))
            {
                report_profile_type(cx, &Self::META, w, Some(c), p, FIELD, compose_message);
            }
        }
    }
}

fn check_annotations(w: &Workload, cx: &mut Checker) {
    for (k, v) in w.pod_annotations() {
        let container = if k.value == POD_ANNOTATION {
            None
        } else if let Some(name) = k.value.strip_prefix(CONTAINER_ANNOTATION_PREFIX) {
            // Only annotations naming a container of the pod count.
            if !w.containers().any(|c| c.name_str() == name) {
                continue;
            }
            Some(name)
        } else {
            continue;
        };
        if allowed_annotation(&v.value) {
            continue;
        }
        let hit = cx.report(
            &SeccompUnconfined::META,
            v.span,
            format!("forbidden annotation {}={:?}", k.value, v.value),
        );
        if let Some(c) = container {
            hit.container(c);
        }
    }
}

/// The compose wording for a disallowed seccomp profile type (`who` names the
/// service).
pub(crate) fn compose_message(who: &str, value: &str) -> String {
    if value == "Unconfined" {
        format!(
            "{who} disables seccomp (security_opt: seccomp:unconfined); remove it to keep Docker's default profile"
        )
    } else {
        format!("{who} must not set seccomp profile {value:?} in security_opt")
    }
}
