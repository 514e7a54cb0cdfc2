//! KS019: unmasked /proc even in a user namespace (PSS restricted
//! "/proc Mount Type", policy 1.35+).

use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a container whose `securityContext.procMount` is anything but
    /// `Default`, whether or not the pod has its own user namespace
    /// (`hostUsers: false`). This is the restricted form of KS010, introduced
    /// with policy 1.35 when the baseline form started to allow `Unmasked` in
    /// user namespaces; it replaces KS010 at the restricted level. In compose
    /// files it reports `security_opt: ["systempaths=unconfined"]`.
    ///
    /// ## Why is this bad?
    /// An unmasked `/proc` exposes kernel interfaces that the runtime normally
    /// hides. A user namespace limits the damage but the restricted level
    /// still wants the masks in place.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   hostUsers: false
    ///   containers:
    ///     - name: app
    ///       securityContext:
    ///         procMount: Unmasked
    /// ```
    /// Use instead: leave `procMount` unset or `Default`.
    ///
    /// ## References
    /// - Pod Security Standards, Restricted: /proc Mount Type (`procMount_restricted`, v1.35+)
    /// - Trivy KSV027
    pub struct UnmaskedProcMountRestricted {
        id: "KS019",
        name: "unmasked-proc-mount-restricted",
        domain: Workload,
        severity: Medium,
        summary: "Container unmasks /proc (restricted, even with a user namespace)",
        tags: ["pss", "pss-restricted"],
        standards: ["pss:restricted/procMount"],
    }
}

impl Rule<Workload> for UnmaskedProcMountRestricted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        if !cx.settings.pss_version.at_least(35) {
            return;
        }
        // Outside the restricted level KS010 already reports pods without a
        // user namespace; report only what it lets through.
        if !cx.settings.restricted() && !w.in_user_namespace() {
            return;
        }
        super::proc_mount::report_proc_mounts(w, &Self::META, cx);
    }
}
