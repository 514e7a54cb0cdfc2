//! DF006: a secret passed as a build argument.

use super::StageCx;
use crate::syntax::{Args, Instruction, Keyword};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `ARG` that carries a credential: a default value that looks
    /// like one, a literal default for a secret-named argument, or a
    /// secret-named argument (`NPM_TOKEN`) followed by a `RUN` or read by an
    /// `ENV` of its stage. An `ARG` that only names a `--mount=type=secret`,
    /// or sits unread in a stage that uses secret mounts, is fine.
    ///
    /// ## Why is this bad?
    /// Build-argument values are recorded in the image history of every `RUN`
    /// that follows them (`docker history --no-trunc` shows `|1 NPM_TOKEN=...`),
    /// and defaults are part of the Dockerfile itself.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    /// ```
    /// Use instead: a BuildKit secret mount, which never reaches a layer or the history:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    /// ```
    ///
    /// ## References
    /// - CWE-798, CWE-538; Docker build secrets documentation
    /// - Trivy DS031; hadolint has no equivalent
    pub struct SecretInBuildArg {
        id: "DF006",
        name: "secret-in-build-arg",
        domain: Dockerfile,
        severity: High,
        summary: "A secret is passed as a build argument",
        tags: ["secrets"],
        standards: [],
    }
}

fn references(text: &str, name: &str) -> bool {
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        let after = &rest[pos + 1..];
        let after = after.strip_prefix('{').unwrap_or(after);
        if let Some(tail) = after.strip_prefix(name)
            && !tail.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            return true;
        }
        rest = &rest[pos + 1..];
    }
    false
}

fn used_after(s: &StageCx<'_>, decl: &Instruction, name: &str) -> Option<portcullis_rules::Span> {
    // The value reaches every later `RUN` (its environment and its history line),
    // read directly or not (`.npmrc` with `${NPM_TOKEN}`, a script, a Makefile).
    // A stage that uses secret mounts has moved to them: there only a direct
    // reference counts, the bare `ARG` is a leftover.
    let uses_secret_mounts = s.with_keyword(Keyword::Run).any(|i| {
        i.flags_named("mount").any(|f| {
            f.value
                .as_ref()
                .is_some_and(|v| v.value.split(',').any(|o| o == "type=secret"))
        })
    });
    let mut first_run = None;
    for ins in s
        .stage
        .instructions
        .iter()
        .filter(|i| i.span.start > decl.span.start)
    {
        match (&ins.keyword, &ins.args) {
            (Keyword::Run, Args::Run { .. }) => {
                let mounted = ins
                    .secret_mount_names()
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(name));
                if mounted {
                    continue;
                }
                first_run.get_or_insert(ins.span);
                let body = s
                    .text
                    .get(ins.span.start as usize..ins.span.end as usize)
                    .unwrap_or("");
                if references(body, name) {
                    return Some(ins.span);
                }
            }
            (Keyword::Env, _)
                if ins.key_values().iter().any(|kv| {
                    kv.value
                        .as_ref()
                        .is_some_and(|v| references(&v.value, name))
                }) =>
            {
                return Some(ins.span);
            }
            _ => {}
        }
    }
    // Image history records the value each RUN saw (`|1 NPM_TOKEN=...`, judged by
    // DF025) and drops `--mount` flags: there only a direct reference counts.
    first_run.filter(|_| !uses_secret_mounts && !s.history)
}

impl Rule<StageCx<'_>> for SecretInBuildArg {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        let globals = if s.stage.index == 0 {
            s.df.global_args.as_slice()
        } else {
            &[]
        };
        let args = globals
            .iter()
            .map(|i| (i, true))
            .chain(s.with_keyword(Keyword::Arg).map(|i| (i, false)));
        for (ins, global) in args {
            for kv in ins.key_values() {
                let name = kv.key.value.as_str();
                match &kv.value {
                    Some(v) => {
                        if let Some(kind) = portcullis_secrets::classify_value(&v.value) {
                            cx.report(
                                &Self::META,
                                kv.span,
                                format!("ARG `{name}` has a {} as its default value", kind.title()),
                            );
                        } else if portcullis_secrets::is_secret_name(name)
                            && !portcullis_secrets::is_placeholder(&v.value)
                        {
                            cx.report(
                                &Self::META,
                                kv.span,
                                format!("ARG `{name}` has a literal secret as its default value"),
                            );
                        }
                    }
                    None if !global
                        && portcullis_secrets::is_secret_name(name)
                        && used_after(s, ins, name).is_some() =>
                    {
                        cx.report(
                                &Self::META,
                                kv.span,
                                format!(
                                    "build argument `{name}` carries a secret into the build and is recorded in the image history; use `RUN --mount=type=secret`"
                                ),
                            );
                    }
                    None => {}
                }
            }
        }
    }
}
