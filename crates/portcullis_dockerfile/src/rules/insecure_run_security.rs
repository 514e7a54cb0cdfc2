//! DF023: `RUN --security=insecure`.

use super::StageCx;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `RUN --security=insecure`, which runs the step without the
    /// build sandbox (like a privileged container).
    ///
    /// ## Why is this bad?
    /// The step gets all capabilities and device access on the build host. A
    /// malicious dependency fetched during that step can take over the
    /// builder and poison other builds.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN --security=insecure make test
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN make test
    /// ```
    ///
    /// ## References
    /// - CWE-250; BuildKit `security.insecure` entitlement
    pub struct InsecureRunSecurity {
        id: "DF023",
        name: "insecure-run-security",
        domain: Dockerfile,
        severity: High,
        summary: "RUN disables the build sandbox",
        tags: ["least-privilege"],
        standards: [],
    }
}

impl Rule<StageCx<'_>> for InsecureRunSecurity {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for (ins, _) in s.runs() {
            if let Some(f) = ins.flag("security")
                && f.value.as_ref().is_some_and(|v| v.value == "insecure")
            {
                cx.report(
                    &Self::META,
                    f.span,
                    "`RUN --security=insecure` runs this step without the build sandbox",
                );
            }
        }
    }
}
