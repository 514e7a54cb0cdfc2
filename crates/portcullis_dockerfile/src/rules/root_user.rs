//! DF001: the final stage runs as root.

use super::StageCx;
use crate::syntax::{Args, Dockerfile, Instruction, Keyword, Stage};
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a final build stage that never switches to a non-root `USER`, or
    /// whose last `USER` is `root`, `0` or `0:0`. A `USER` in an earlier stage
    /// only counts when the final stage is built `FROM` that stage.
    ///
    /// ## Why is this bad?
    /// A container whose process runs as root turns any code-execution bug into
    /// root inside the container, one step away from the host when another
    /// isolation layer fails. Most images work fine as an unprivileged user.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// COPY app /app
    /// USER 10001
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.1, CWE-250
    /// - hadolint DL3002, Trivy DS002, Checkov CKV_DOCKER_3 and CKV_DOCKER_8
    pub struct RootUser {
        id: "DF001",
        name: "root-user",
        domain: Dockerfile,
        severity: Medium,
        summary: "The final stage runs as root",
        tags: ["least-privilege"],
        standards: ["cis-docker:4.1"],
    }
}

/// True for `root`, `0`, `root:root`, `0:0` and friends.
pub(crate) fn is_root_user(user: &str) -> bool {
    let u = user.split(':').next().unwrap_or(user).trim();
    u == "root" || u == "0"
}

/// The user part of `USER $NAME`, `${NAME}` or `${NAME:-default}`, resolved from the
/// `ARG`/`ENV` defaults of its stage before it (an `ARG NAME` without a default
/// takes the global one); `None` when it cannot be known.
fn resolve_user(df: &Dockerfile, stage: &Stage, user: &Instruction, text: &str) -> Option<String> {
    // The user part ends at the first `:` outside `${...}` (`${UID:-0}:${GID}`).
    let mut depth = 0usize;
    let end = text
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                ':' if depth == 0 => return true,
                _ => {}
            }
            false
        })
        .map_or(text.len(), |(i, _)| i);
    let u = text[..end].trim();
    if !u.contains('$') {
        return Some(u.to_string());
    }
    let inner = u.strip_prefix("${").and_then(|r| r.strip_suffix('}'));
    let (name, default) = match inner {
        Some(i) => match i.split_once(":-").or_else(|| i.split_once('-')) {
            Some((n, d)) => (n, Some(d)),
            None => (i, None),
        },
        None => (u.strip_prefix('$')?, None),
    };
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let mut value: Option<Option<String>> = None;
    for ins in stage
        .effective()
        .filter(|i| i.span.start < user.span.start)
        .filter(|i| matches!(i.keyword, Keyword::Arg | Keyword::Env))
    {
        for kv in ins.key_values().iter().filter(|kv| kv.key.value == name) {
            value = Some(match &kv.value {
                Some(v) => Some(v.value.clone()),
                None if ins.keyword == Keyword::Arg => {
                    df.global_arg_default(name).map(str::to_string)
                }
                None => None,
            });
        }
    }
    match value {
        Some(Some(v)) if !v.is_empty() && !v.contains('$') => Some(v),
        // Unset or empty (or only known at build time): Docker falls back to the default.
        _ => default.map(str::to_string),
    }
}

impl Rule<StageCx<'_>> for RootUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        if !s.is_final() {
            return;
        }
        for stage in s.lineage() {
            if let Some(user) = stage
                .effective()
                .filter(|i| i.keyword == Keyword::User)
                .last()
            {
                if let Args::Text(t) = &user.args
                    && resolve_user(s.df, stage, user, &t.value).is_some_and(|u| is_root_user(&u))
                {
                    cx.report(
                        &Self::META,
                        user.span,
                        format!(
                            "the final stage switches to `USER {}`, so the container runs as root",
                            t.value
                        ),
                    );
                }
                return;
            }
            if stage.from_stage.is_none() {
                let image = stage.image.to_ascii_lowercase();
                // Images whose tag says they already run unprivileged.
                if image.contains("nonroot")
                    || image.contains("non-root")
                    || image.contains("rootless")
                {
                    return;
                }
            }
        }
        let from = &s.stage.from;
        let what = if s.history {
            "the image history"
        } else {
            "the final stage"
        };
        cx.report(
            &Self::META,
            if s.history {
                s.stage.instructions.first().map_or(from.span, |i| i.span)
            } else {
                from.span
            },
            format!("{what} sets no `USER`, so the container runs as root"),
        );
    }
}
