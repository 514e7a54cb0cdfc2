//! KS045: Helm v2's Tiller server is deployed.

use super::ImageRef;
use crate::Workload;
use crate::rules::wording::subject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers running the Tiller image of Helm v2
    /// (`.../tiller:<tag>`).
    ///
    /// ## Why is this bad?
    /// Tiller is usually installed with cluster-admin rights and, by default,
    /// serves an unauthenticated gRPC API on port 44134 to every pod in the
    /// cluster: any pod can ask it to install a privileged workload. Helm v2 is
    /// unmaintained since 2020; Helm 3 has no server component.
    ///
    /// ## Example
    /// ```yaml
    /// image: gcr.io/kubernetes-helm/tiller:v2.16.12
    /// ```
    /// Use instead: Helm 3, which runs with the credentials of its user.
    ///
    /// ## References
    /// - CWE-306
    /// - Trivy KSV102; Checkov CKV_K8S_34 (and CKV_K8S_44, CKV_K8S_45, CKV_K8S_46)
    pub struct TillerDeployed {
        id: "KS045",
        name: "tiller-deployed",
        domain: Workload,
        severity: High,
        summary: "Helm v2 Tiller is deployed",
        tags: ["cluster"],
        standards: [],
    }
}

impl Rule<Workload> for TillerDeployed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            let Some(img) = &c.image else { continue };
            if ImageRef::parse(&img.value).short_name() == "tiller" {
                cx.report(
                    &Self::META,
                    img.span,
                    format!(
                        "{} runs Helm v2 Tiller (`{}`), an unauthenticated cluster-admin API",
                        subject(w, c),
                        img.value
                    ),
                )
                .container(c.name_str());
            }
        }
    }
}
