//! DF025: a literal secret in a `RUN` command line.

use super::StageCx;
use portcullis_rules::{Checker, Rule, RuleMeta, Span, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports credentials written into a `RUN` command: a value that looks
    /// like a credential (token, key, URL with a password), a literal assigned
    /// to a secret-named variable (`export DB_PASSWORD=...`), a literal after
    /// `--password`/`--token`-style options or `curl -u user:password`,
    /// passwords fed to `chpasswd`, and tokens, keys or `password=` lines in
    /// the heredocs of the `RUN` (`cat <<EOF > /etc/app.conf`).
    ///
    /// ## Why is this bad?
    /// The full `RUN` command line is stored in the image history, readable by
    /// anyone who can pull the image, and it sits in the Dockerfile's
    /// version-control history too.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN echo "root:Sup3rSecret" | chpasswd
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=rootpw sh -c 'echo "root:$(cat /run/secrets/rootpw)" | chpasswd'
    /// ```
    ///
    /// ## References
    /// - CWE-798, CWE-532
    /// - Checkov CKV2_DOCKER_17 (chpasswd), Trivy DS031
    pub struct SecretInRun {
        id: "DF025",
        name: "secret-in-run-command",
        domain: Dockerfile,
        severity: High,
        summary: "A secret is written into a RUN command",
        tags: ["secrets"],
        standards: [],
    }
}

const VALUE_OPTIONS: &[&str] = &[
    "--password",
    "--passwd",
    "--token",
    "--api-key",
    "--apikey",
    "--secret",
    "--auth-token",
    "--client-secret",
];

/// The file scanner (tokens, keys, `password=` lines) for heredoc bodies.
fn scanner() -> &'static portcullis_secrets::Scanner {
    static SCANNER: std::sync::OnceLock<portcullis_secrets::Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(portcullis_secrets::Scanner::new)
}

fn literal(v: &str) -> bool {
    !v.is_empty() && !v.contains('$') && !portcullis_secrets::is_placeholder(v)
}

impl Rule<StageCx<'_>> for SecretInRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for (ins, script) in s.runs() {
            let mut seen: Vec<Span> = Vec::new();
            let mut report = |cx: &mut Checker, span: Span, msg: String| {
                if !seen
                    .iter()
                    .any(|o| o.start < span.end.max(span.start + 1) && span.start < o.end)
                {
                    seen.push(span);
                    cx.report(&Self::META, span, msg);
                }
            };
            for a in &script.assignments {
                if let Some(kind) = portcullis_secrets::classify_value(&a.value.text) {
                    report(
                        cx,
                        a.value.span,
                        format!(
                            "`{}` is set to a {} in a RUN command, which the image history keeps",
                            a.name,
                            kind.title()
                        ),
                    );
                } else if portcullis_secrets::is_secret_name(&a.name) && literal(&a.value.text) {
                    report(
                        cx,
                        a.value.span,
                        format!(
                            "`{}` is set to a literal secret in a RUN command, which the image history keeps",
                            a.name
                        ),
                    );
                }
            }
            for c in &script.commands {
                for (i, w) in c.args.iter().enumerate() {
                    if let Some(kind) = portcullis_secrets::classify_value(&w.text) {
                        report(
                            cx,
                            w.span,
                            format!(
                                "`{}` gets a {} on its command line, which the image history keeps",
                                c.program(),
                                kind.title()
                            ),
                        );
                        continue;
                    }
                    let t = w.text.as_str();
                    let (opt, value) = match t.split_once('=') {
                        Some((o, v)) if VALUE_OPTIONS.contains(&o) => (o, Some(v.to_string())),
                        _ if VALUE_OPTIONS.contains(&t) => {
                            (t, c.args.get(i + 1).map(|n| n.text.clone()))
                        }
                        _ => continue,
                    };
                    if value.as_deref().is_some_and(literal) {
                        report(
                            cx,
                            w.span,
                            format!(
                                "`{} {opt}` is given a literal secret, which the image history keeps",
                                c.program()
                            ),
                        );
                    }
                }
                if c.program() == "curl"
                    && let Some(pos) = c
                        .args
                        .iter()
                        .position(|a| a.text == "-u" || a.text == "--user")
                    && let Some(v) = c.args.get(pos + 1)
                    && v.text.split_once(':').is_some_and(|(_, p)| literal(p))
                {
                    report(
                        cx,
                        v.span,
                        "`curl -u user:password` puts a password in the image history".to_string(),
                    );
                }
                if c.program() == "chpasswd" && !c.has_arg(&["-e", "--encrypted"]) {
                    // echo 'user:pass' | chpasswd
                    let fed = script
                        .pipeline_of(c)
                        .filter(|p| {
                            p.pipe_pos < c.pipe_pos && matches!(p.program(), "echo" | "printf")
                        })
                        .flat_map(|p| p.args.iter())
                        .find(|a| {
                            a.text
                                .split_once(':')
                                .is_some_and(|(_, p)| literal(p.trim()))
                        });
                    if let Some(w) = fed {
                        report(cx, w.span, "a literal password is piped into `chpasswd`, which the image history keeps".to_string());
                    }
                }
            }
            // `RUN cat <<EOF > /etc/app.conf`: heredoc bodies are part of the
            // instruction, kept in the Dockerfile and the build history.
            if let crate::syntax::Args::Run { heredocs, .. } = &ins.args {
                for h in heredocs {
                    let in_file = s
                        .text
                        .get(h.span.start as usize..h.span.end as usize)
                        .is_some_and(|t| t == h.value);
                    for m in scanner().scan(h.value.as_bytes()) {
                        let span = if in_file {
                            let start = h.span.start + m.offset as u32;
                            Span::new(start, start + m.len as u32)
                        } else {
                            h.span
                        };
                        report(
                            cx,
                            span,
                            format!(
                                "a heredoc of this RUN holds a {} ({}), which the Dockerfile and the image history keep",
                                m.kind.title(),
                                m.preview
                            ),
                        );
                    }
                }
            }
        }
    }
}
