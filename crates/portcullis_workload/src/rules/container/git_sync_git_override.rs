//! KS047: git-sync told to run another program as `git`.

use crate::Workload;
use crate::rules::wording::subject;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers that set the `GITSYNC_GIT` (or legacy `GIT_SYNC_GIT`)
    /// environment variable.
    ///
    /// ## Why is this bad?
    /// git-sync runs the program named by this variable in place of `git`, with
    /// the container's credentials. Whoever can edit the workload (or the
    /// ConfigMap feeding it) can make the sidecar run any binary, which was
    /// shown to lead to code execution and credential theft on clusters that
    /// run git-sync (for example through Airflow or Argo integrations).
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: GITSYNC_GIT
    ///     value: /tmp/payload
    /// ```
    /// Use instead: leave `GITSYNC_GIT` unset so git-sync runs its own `git`.
    ///
    /// ## References
    /// - Akamai, "Kubernetes git-sync command injection" (DEF CON 32); CWE-78
    /// - Checkov CKV_K8S_159
    pub struct GitSyncGitOverride {
        id: "KS047",
        name: "git-sync-git-override",
        domain: Workload,
        severity: Medium,
        summary: "git-sync runs a program set in GITSYNC_GIT",
        tags: ["injection"],
        standards: [],
    }
}

impl Rule<Workload> for GitSyncGitOverride {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        for c in w.containers() {
            for e in &c.env {
                if e.name.value == "GITSYNC_GIT" || e.name.value == "GIT_SYNC_GIT" {
                    cx.report(
                        &Self::META,
                        e.name.span,
                        format!(
                            "{} sets `{}`, so git-sync runs that program instead of git",
                            subject(w, c),
                            e.name.value
                        ),
                    )
                    .container(c.name_str());
                }
            }
        }
    }
}
