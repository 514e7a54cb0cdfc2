//! DF012: TLS certificate verification turned off.

use super::StageCx;
use crate::shell::{SimpleCmd, Word};
use crate::syntax::Keyword;
use portcullis_rules::{Checker, Rule, RuleMeta, Span, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports downloads and package tools told to skip TLS certificate
    /// checks: `curl -k`/`--insecure`, `wget --no-check-certificate`,
    /// `pip --trusted-host`, `git -c http.sslVerify=false`, `npm config set
    /// strict-ssl false`, apt `Verify-Peer=false`, yum/dnf `sslverify=0`, and the
    /// variables `GIT_SSL_NO_VERIFY`, `NODE_TLS_REJECT_UNAUTHORIZED=0`,
    /// `PYTHONHTTPSVERIFY=0`, `NPM_CONFIG_STRICT_SSL=false`, `PIP_TRUSTED_HOST`
    /// set with `ENV` or in `RUN`.
    ///
    /// ## Why is this bad?
    /// Without certificate checks anyone on the network path can answer in the
    /// server's place and feed the build (or, for `ENV`, the running
    /// container) tampered code or data.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -k https://example.com/tool -o /usr/local/bin/tool
    /// ```
    /// Use instead: install the CA the server uses and keep verification on:
    /// ```dockerfile
    /// COPY corp-ca.crt /usr/local/share/ca-certificates/
    /// RUN update-ca-certificates && curl -fsSL https://example.com/tool -o /usr/local/bin/tool
    /// ```
    ///
    /// ## References
    /// - CWE-295 (improper certificate validation)
    /// - Checkov CKV2_DOCKER_2, _3, _4, _5, _6, _12, _13, _14, _15, _16
    pub struct TlsVerificationDisabled {
        id: "DF012",
        name: "tls-verification-disabled",
        domain: Dockerfile,
        severity: High,
        summary: "TLS certificate verification is disabled",
        tags: ["supply-chain", "tls"],
        standards: [],
    }
}

/// Whether setting variable `name` to `value` turns TLS verification off.
fn insecure_var(name: &str, value: &str) -> bool {
    let v = value.trim_matches(['"', '\'']).to_ascii_lowercase();
    let falsy = matches!(v.as_str(), "0" | "false" | "no" | "off");
    let truthy = !v.is_empty() && !falsy;
    match name.to_ascii_uppercase().as_str() {
        "GIT_SSL_NO_VERIFY" => truthy,
        "NODE_TLS_REJECT_UNAUTHORIZED" => v == "0",
        "PYTHONHTTPSVERIFY" => v == "0",
        "NPM_CONFIG_STRICT_SSL" | "YARN_STRICT_SSL" => falsy,
        "PIP_TRUSTED_HOST" => !v.is_empty(),
        "CURL_INSECURE" | "WGET_NO_CHECK_CERTIFICATE" => truthy,
        "GOINSECURE" | "GOFLAGS" => {
            name.eq_ignore_ascii_case("GOINSECURE") && !v.is_empty() || v.contains("-insecure")
        }
        _ => false,
    }
}

fn lower(w: &Word) -> String {
    w.text.to_ascii_lowercase()
}

/// The offending word of `c`, if it disables TLS checks.
fn insecure_arg(c: &SimpleCmd) -> Option<(&Word, &'static str)> {
    let prog = c.program();
    match prog {
        "curl" => {
            if let Some(w) = c.find_arg(&["--insecure", "-k"]) {
                return Some((w, "curl --insecure"));
            }
            if c.has_short('k') {
                return c
                    .args
                    .iter()
                    .find(|a| {
                        a.text.starts_with('-') && !a.text.starts_with("--") && a.text.contains('k')
                    })
                    .map(|w| (w, "curl -k"));
            }
        }
        "wget" => {
            if let Some(w) = c.find_arg(&["--no-check-certificate"]) {
                return Some((w, "wget --no-check-certificate"));
            }
        }
        "git" => {
            if let Some(w) = c.args.iter().find(|a| {
                let l = lower(a);
                l.starts_with("http.sslverify=") && l.ends_with("false") || l == "http.sslverify=0"
            }) {
                return Some((w, "git http.sslVerify=false"));
            }
            // git config [--global] http.sslVerify false
            let pos = c.args.iter().position(|a| lower(a) == "http.sslverify")?;
            let v = c.args.get(pos + 1)?;
            if matches!(lower(v).as_str(), "false" | "0" | "no") {
                return Some((&c.args[pos], "git config http.sslVerify false"));
            }
        }
        "npm" | "yarn" | "pnpm" => {
            if let Some(w) = c.args.iter().find(|a| lower(a) == "--strict-ssl=false") {
                return Some((w, "npm --strict-ssl=false"));
            }
            let pos = c
                .args
                .iter()
                .position(|a| lower(a) == "strict-ssl" || lower(a) == "strict-ssl=false")?;
            if lower(&c.args[pos]) == "strict-ssl=false" {
                return Some((&c.args[pos], "npm config strict-ssl false"));
            }
            let v = c.args.get(pos + 1)?;
            if lower(v) == "false" {
                return Some((&c.args[pos], "npm config set strict-ssl false"));
            }
        }
        "pip" | "pip3" | "python" | "python3" | "pipenv" | "poetry" | "uv" => {
            if let Some(w) = c.args.iter().find(|a| {
                a.text == "--trusted-host"
                    || a.text.starts_with("--trusted-host=")
                    || lower(a).contains("global.trusted-host")
            }) {
                return Some((w, "pip --trusted-host"));
            }
        }
        "apt-get" | "apt" => {
            if let Some(w) = c.args.iter().find(|a| {
                let l = lower(a);
                (l.contains("verify-peer") || l.contains("verify-host"))
                    && (l.ends_with("false") || l.ends_with("=0"))
            }) {
                return Some((w, "apt Verify-Peer=false"));
            }
        }
        "yum" | "dnf" | "microdnf" | "tdnf" | "yum-config-manager" | "dnf-config-manager" => {
            if let Some(w) = c.args.iter().find(|a| {
                let l = lower(a).replace(' ', "");
                l.contains("sslverify=0")
                    || l.contains("sslverify=false")
                    || l.contains("sslverify=no")
            }) {
                return Some((w, "sslverify=0"));
            }
        }
        _ => {}
    }
    None
}

impl Rule<StageCx<'_>> for TlsVerificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, s: &StageCx<'_>, cx: &mut Checker) {
        for ins in s.with_keyword(Keyword::Env) {
            for kv in ins.key_values() {
                if let Some(v) = &kv.value
                    && insecure_var(&kv.key.value, &v.value)
                {
                    cx.report(
                        &Self::META,
                        kv.span,
                        format!("`ENV {}={}` turns TLS certificate verification off for every process in the image", kv.key.value, v.value),
                    );
                }
            }
        }
        for (_, script) in s.runs() {
            let mut seen: Vec<Span> = Vec::new();
            for a in &script.assignments {
                if insecure_var(&a.name, &a.value.text) && !seen.contains(&a.value.span) {
                    seen.push(a.value.span);
                    cx.report(
                        &Self::META,
                        a.value.span,
                        format!(
                            "`{}={}` turns TLS certificate verification off",
                            a.name, a.value.text
                        ),
                    );
                }
            }
            for c in &script.commands {
                if let Some((w, what)) = insecure_arg(c)
                    && !seen.contains(&w.span)
                {
                    seen.push(w.span);
                    cx.report(
                        &Self::META,
                        w.span,
                        format!("`{what}` turns TLS certificate verification off"),
                    );
                }
            }
        }
    }
}
