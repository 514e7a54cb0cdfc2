//! KS015: containers allowed to run as root (PSS restricted "Running as Non-root").

use super::container_label;
use crate::Workload;
use crate::rules::wording::{say, service, service_of};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a pod or container that sets `runAsNonRoot: false`, and a
    /// container that leaves `runAsNonRoot` unset when the pod does not set it
    /// to `true`. From policy 1.35 a pod with `hostUsers: false` is exempt:
    /// root in its user namespace is not root on the node. In compose files a
    /// service passes when `user:` names a non-root user or UID.
    ///
    /// ## Why is this bad?
    /// Without `runAsNonRoot: true` the kubelet starts the container as
    /// whatever user the image names, often root. Root in a container is one
    /// kernel or runtime bug away from root on the node.
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
    ///     runAsNonRoot: true
    ///   containers:
    ///     - name: app
    ///       image: example/app
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, Restricted: Running as Non-root (`runAsNonRoot`)
    /// - CIS Kubernetes Benchmark 5.2.7; CWE-250
    /// - Trivy KSV012, Checkov CKV_K8S_23, Polaris `runAsRootAllowed`
    pub struct RunAsNonRootUnset {
        id: "KS015",
        name: "run-as-root-allowed",
        domain: Workload,
        severity: Medium,
        summary: "Containers may run as root (runAsNonRoot is not true)",
        tags: ["pss", "pss-restricted"],
        standards: ["pss:restricted/runAsNonRoot"],
    }
}

impl Rule<Workload> for RunAsNonRootUnset {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if cx.settings.pss_version.at_least(35) && w.in_user_namespace() {
            return;
        }
        let pod = w
            .pod
            .security_context
            .as_ref()
            .and_then(|s| s.run_as_non_root.as_ref());
        if let Some(f) = pod
            && !f.value
        {
            let msg = say(
                w,
                || "pod must not set securityContext.runAsNonRoot=false".to_string(),
                || format!("{} must run as a non-root user", service(w)),
            );
            cx.report(&Self::META, f.span, msg);
        }
        let pod_true = pod.is_some_and(|f| f.value);
        for c in w.containers() {
            let own = c
                .security_context
                .as_ref()
                .and_then(|s| s.run_as_non_root.as_ref());
            match own {
                Some(f) if !f.value => {
                    cx.report(
                        &Self::META,
                        f.span,
                        say(
                            w,
                            || {
                                format!(
                                    "{} must not set securityContext.runAsNonRoot=false",
                                    container_label(c)
                                )
                            },
                            || format!("{} must run as a non-root user", service_of(c)),
                        ),
                    )
                    .container(c.name_str());
                }
                Some(_) => {}
                None if !pod_true => {
                    cx.report(
                        &Self::META,
                        c.security_span(),
                        say(
                            w,
                            || {
                                format!(
                                    "pod or {} must set securityContext.runAsNonRoot=true",
                                    container_label(c)
                                )
                            },
                            || {
                                format!(
                                    "{} must run as a non-root user; set user: to a non-root UID (for example user: \"10001:10001\")",
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
