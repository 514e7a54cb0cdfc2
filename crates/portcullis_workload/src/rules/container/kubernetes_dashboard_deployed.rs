//! KS046: the Kubernetes Dashboard is deployed.

use super::ImageRef;
use crate::Workload;
use crate::rules::wording::subject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers running the Kubernetes Dashboard
    /// (`kubernetesui/dashboard`, `kubernetes-dashboard-amd64`, ...).
    ///
    /// ## Why is this bad?
    /// The Dashboard is a web front end to the Kubernetes API. Exposed
    /// Dashboards, often bound to an over-privileged service account, are a
    /// well-known entry point (the 2018 Tesla cryptojacking started there).
    /// `kubectl` with per-user credentials, or a hardened portal behind SSO, does
    /// the same job with less exposure.
    ///
    /// ## Example
    /// ```yaml
    /// image: kubernetesui/dashboard:v2.7.0
    /// ```
    /// Use instead: `kubectl`, or a portal with per-user authentication.
    ///
    /// ## References
    /// - CIS GKE Benchmark 6.10.1
    /// - Checkov CKV_K8S_33
    pub struct KubernetesDashboardDeployed {
        id: "KS046",
        name: "kubernetes-dashboard-deployed",
        domain: Workload,
        severity: Medium,
        summary: "Kubernetes Dashboard is deployed",
        tags: ["cluster"],
        standards: [],
    }
}

impl Rule<Workload> for KubernetesDashboardDeployed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            let Some(img) = &c.image else { continue };
            let r = ImageRef::parse(&img.value);
            let short = r.short_name();
            let is_dashboard = short.starts_with("kubernetes-dashboard")
                || (short == "dashboard" && r.name.contains("kubernetesui"));
            if is_dashboard {
                cx.report(
                    &Self::META,
                    img.span,
                    format!(
                        "{} runs the Kubernetes Dashboard (`{}`)",
                        subject(w, c),
                        img.value
                    ),
                )
                .container(c.name_str());
            }
        }
    }
}
