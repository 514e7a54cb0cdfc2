//! Image configuration rules (IM001-IM005) over a synthesised source: the
//! config pretty-printed as JSON (credential values redacted), so findings
//! carry a real line, column and snippet.

use crate::config::ImageConfig;
use crate::rules;
use portcullis_rules::{Checker, ObjectRef, SourceFile, Span};

/// Ports of remote-administration services.
const ADMIN_PORTS: &[(u16, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (2375, "Docker API (plain)"),
    (2376, "Docker API (TLS)"),
    (3389, "RDP"),
    (5800, "VNC over HTTP"),
    (5900, "VNC"),
    (5901, "VNC"),
    (5902, "VNC"),
    (5903, "VNC"),
    (5985, "WinRM"),
    (5986, "WinRM (TLS)"),
    (10250, "kubelet API"),
];

/// An environment variable judged to hold a credential.
struct EnvSecret {
    index: usize,
    name: String,
    redacted: String,
    kind: Option<&'static str>,
}

fn env_secrets(cfg: &ImageConfig) -> Vec<EnvSecret> {
    let mut out = Vec::new();
    for (index, kv) in cfg.env.iter().enumerate() {
        let (name, value) = kv.split_once('=').unwrap_or((kv.as_str(), ""));
        if value.is_empty() {
            continue;
        }
        let kind = portcullis_secrets::classify_value(value);
        let by_name =
            portcullis_secrets::is_secret_name(name) && !portcullis_secrets::is_placeholder(value);
        if kind.is_some() || by_name {
            out.push(EnvSecret {
                index,
                name: name.to_string(),
                redacted: portcullis_secrets::redact(value.as_bytes()),
                kind: kind.map(|k| k.id()),
            });
        }
    }
    out
}

/// The synthesised config source (`<input>!config.json`) with credential values redacted.
pub fn config_source(input: &str, cfg: &ImageConfig) -> SourceFile {
    let mut value = cfg.value.clone();
    let secrets = env_secrets(cfg);
    for key in ["config", "container_config"] {
        if let Some(env) = value
            .get_mut(key)
            .and_then(|c| c.get_mut("Env"))
            .and_then(|e| e.as_array_mut())
        {
            for s in &secrets {
                if let Some(slot) = env.get_mut(s.index) {
                    *slot = format!("{}={}", s.name, s.redacted).into();
                }
            }
        }
    }
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    SourceFile::new(format!("{input}!config.json"), text + "\n")
}

fn find_from(text: &str, from: usize, needle: &str) -> Option<Span> {
    let start = from + text.get(from..)?.find(needle)?;
    Some(Span::new(start as u32, (start + needle.len()) as u32))
}

/// True when `user` means root.
pub fn is_root_user(user: Option<&str>) -> bool {
    let u = user.unwrap_or("").trim();
    if u.is_empty() {
        return true;
    }
    let name = u.split(':').next().unwrap_or("");
    name == "0" || name == "root"
}

/// Runs IM001-IM005 on `cfg`, reporting into `cx` against `source` (from [`config_source`]).
pub fn check(source: &SourceFile, cfg: &ImageConfig, reference: Option<&str>, cx: &mut Checker) {
    let text = source.text();
    let anchor = text.find("\"config\": {").unwrap_or(0);
    let config_span = find_from(text, 0, "\"config\"").unwrap_or(Span::new(0, 1));
    cx.set_subject(
        Some(ObjectRef {
            kind: "Image".into(),
            name: reference.map(str::to_string),
            ..ObjectRef::default()
        }),
        None,
    );

    if cx.settings.is_enabled(&rules::RootUser::META) && is_root_user(cfg.user.as_deref()) {
        match cfg.user.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(u) => {
                let span = find_from(text, anchor, "\"User\": ").unwrap_or(config_span);
                cx.report(
                    &rules::RootUser::META,
                    span,
                    format!("The image runs as root (`User` is `{u}`)"),
                );
            }
            None => {
                cx.report(
                    &rules::RootUser::META,
                    config_span,
                    "The image runs as root (no `User` is set)",
                );
            }
        }
    }

    if cx.settings.is_enabled(&rules::SecretInEnv::META) {
        let env_anchor = find_from(text, anchor, "\"Env\": [")
            .map(|s| s.start as usize)
            .unwrap_or(anchor);
        for s in env_secrets(cfg) {
            let needle =
                serde_json::to_string(&format!("{}={}", s.name, s.redacted)).unwrap_or_default();
            let span = find_from(text, env_anchor, &needle).unwrap_or(config_span);
            let what = match s.kind {
                Some(k) => format!("a credential ({k})"),
                None => "a credential".to_string(),
            };
            let hit = cx.report(
                &rules::SecretInEnv::META,
                span,
                format!(
                    "Environment variable `{}` holds {what}: `{}`",
                    s.name, s.redacted
                ),
            );
            hit.property("variable", s.name.clone());
            if let Some(k) = s.kind {
                hit.property("secret_kind", k);
            }
        }
    }

    if cx.settings.is_enabled(&rules::RemoteAdminPort::META) {
        for port in &cfg.exposed_ports {
            let (num, proto) = port.split_once('/').unwrap_or((port.as_str(), "tcp"));
            let Ok(n) = num.parse::<u16>() else { continue };
            if proto != "tcp" {
                continue;
            }
            if let Some((_, service)) = ADMIN_PORTS.iter().find(|(p, _)| *p == n) {
                let needle = serde_json::to_string(port).unwrap_or_default();
                let span = find_from(text, anchor, &needle).unwrap_or(config_span);
                cx.report(
                    &rules::RemoteAdminPort::META,
                    span,
                    format!("The image exposes port {port} ({service})"),
                )
                .property("port", n);
            }
        }
    }

    if cx.settings.is_enabled(&rules::MissingHealthcheck::META) {
        let none = match &cfg.healthcheck {
            None => true,
            Some(t) => t.first().is_some_and(|f| f == "NONE"),
        };
        if none {
            let span = find_from(text, anchor, "\"Healthcheck\": ").unwrap_or(config_span);
            cx.report(
                &rules::MissingHealthcheck::META,
                span,
                "The image defines no health check",
            );
        }
    }

    if cx.settings.is_enabled(&rules::MutableTag::META)
        && let Some(r) = reference
        && let Some(why) = mutable_reason(r)
    {
        cx.report(
            &rules::MutableTag::META,
            config_span,
            format!("Image reference `{r}` {why}"),
        )
        .property("reference", r.to_string());
    }
}

/// Why a reference is mutable (`latest` tag, no tag), or `None`.
pub fn mutable_reason(reference: &str) -> Option<&'static str> {
    if reference.contains('@') {
        return None;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.rsplit_once(':') {
        Some((_, "latest")) => Some("uses the `latest` tag"),
        Some(_) => None,
        // A bare OCI ref.name such as `latest` or `1.2`: a tag without a repository.
        None if !reference.contains('/') => {
            (reference == "latest").then_some("uses the `latest` tag")
        }
        None => Some("has no tag"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_and_tags() {
        assert!(is_root_user(None));
        assert!(is_root_user(Some("0:0")));
        assert!(is_root_user(Some("root")));
        assert!(!is_root_user(Some("1000")));
        assert!(!is_root_user(Some("app:app")));
        assert_eq!(
            mutable_reason("alpine:latest"),
            Some("uses the `latest` tag")
        );
        assert_eq!(
            mutable_reason("docker.io/library/alpine"),
            Some("has no tag")
        );
        assert_eq!(mutable_reason("localhost:5000/app"), Some("has no tag"));
        assert_eq!(mutable_reason("localhost:5000/app:1.2"), None);
        assert_eq!(mutable_reason("latest"), Some("uses the `latest` tag"));
        assert_eq!(mutable_reason("bookworm-minbase"), None);
        assert_eq!(mutable_reason("app@sha256:abc"), None);
    }
}
