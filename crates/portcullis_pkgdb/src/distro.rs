//! Which distribution an image runs: `/etc/os-release` (or `/usr/lib/os-release`), and the
//! older single-line release files for images that lack it.

use crate::Distro;

/// Parses `/etc/os-release` (`KEY=value` lines, values optionally quoted with shell
/// escapes, `#` comments). `ID` is lowercased; a missing `ID` gives `linux`, as the
/// os-release specification says.
pub fn detect_distro(os_release: &str) -> Distro {
    let mut d = Distro::default();
    for line in os_release.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = unquote(value.trim());
        match key.trim() {
            "ID" => d.id = value.to_ascii_lowercase(),
            "VERSION_ID" => d.version_id = value,
            "VERSION_CODENAME" if !value.is_empty() => d.codename = Some(value),
            "PRETTY_NAME" if !value.is_empty() => d.pretty_name = Some(value),
            _ => {}
        }
    }
    if d.id.is_empty() {
        d.id = "linux".into();
    }
    d
}

/// Removes shell quoting: `"a \"b\""`, `'a b'`, or a bare word (a trailing comment after an
/// unquoted value is dropped).
fn unquote(v: &str) -> String {
    let mut chars = v.chars();
    match chars.next() {
        Some(q @ ('"' | '\'')) => {
            let mut out = String::new();
            let mut escaped = false;
            for c in chars {
                if escaped {
                    // Inside double quotes only these are escapes; keep the backslash otherwise.
                    if !matches!(c, '$' | '"' | '\\' | '`') {
                        out.push('\\');
                    }
                    out.push(c);
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    break;
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => v.split(" #").next().unwrap_or("").trim().to_owned(),
    }
}

/// `/etc/alpine-release` (`3.20.3`).
pub fn distro_from_alpine_release(text: &str) -> Distro {
    Distro {
        id: "alpine".into(),
        version_id: text.trim().to_owned(),
        codename: None,
        pretty_name: None,
    }
}

/// `/etc/debian_version` (`12.7`, or `trixie/sid` on testing).
pub fn distro_from_debian_version(text: &str) -> Distro {
    let v = text.trim();
    let numeric = v.starts_with(|c: char| c.is_ascii_digit());
    Distro {
        id: "debian".into(),
        version_id: if numeric { v.to_owned() } else { String::new() },
        codename: (!numeric && !v.is_empty()).then(|| v.split('/').next().unwrap_or(v).to_owned()),
        pretty_name: None,
    }
}

/// `/etc/redhat-release` and friends (`Red Hat Enterprise Linux release 8.9 (Ootpa)`,
/// `CentOS Linux release 7.9.2009 (Core)`, `Fedora release 39 (Thirty Nine)`, Rocky,
/// AlmaLinux, Oracle Linux, Amazon Linux).
pub fn distro_from_redhat_release(text: &str) -> Distro {
    let line = text.lines().next().unwrap_or("").trim();
    let lower = line.to_ascii_lowercase();
    let id = [
        ("red hat", "rhel"),
        ("centos", "centos"),
        ("fedora", "fedora"),
        ("rocky", "rocky"),
        ("alma", "almalinux"),
        ("oracle", "ol"),
        ("amazon", "amzn"),
        ("mariner", "mariner"),
        ("azure linux", "azurelinux"),
    ]
    .iter()
    .find(|(needle, _)| lower.contains(needle))
    .map_or("rhel", |(_, id)| id);
    let version_id = line
        .split_whitespace()
        .skip_while(|w| !w.eq_ignore_ascii_case("release"))
        .nth(1)
        .unwrap_or("")
        .to_owned();
    let codename = line
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(c, _)| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    Distro {
        id: id.into(),
        version_id,
        codename,
        pretty_name: (!line.is_empty()).then(|| line.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_release() {
        let d = detect_distro(
            "# comment\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n\
VERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n",
        );
        assert_eq!(d.id, "debian");
        assert_eq!(d.version_id, "12");
        assert_eq!(d.codename.as_deref(), Some("bookworm"));
        assert_eq!(
            d.pretty_name.as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
        let a = detect_distro("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\n");
        assert_eq!((a.id.as_str(), a.version_id.as_str()), ("alpine", "3.20.3"));
        let q = detect_distro("ID='Amzn'\nVERSION_ID=\"2023\"\nPRETTY_NAME=\"a \\\"q\\\" \\x\"");
        assert_eq!(q.id, "amzn");
        assert_eq!(q.pretty_name.as_deref(), Some("a \"q\" \\x"));
        assert_eq!(detect_distro("garbage\n=\n").id, "linux");
    }

    #[test]
    fn fallbacks() {
        assert_eq!(distro_from_alpine_release("3.20.3\n").version_id, "3.20.3");
        assert_eq!(distro_from_debian_version("12.7\n").version_id, "12.7");
        let t = distro_from_debian_version("trixie/sid\n");
        assert_eq!(t.codename.as_deref(), Some("trixie"));
        let r = distro_from_redhat_release("Red Hat Enterprise Linux release 8.9 (Ootpa)\n");
        assert_eq!((r.id.as_str(), r.version_id.as_str()), ("rhel", "8.9"));
        assert_eq!(r.codename.as_deref(), Some("Ootpa"));
        let c = distro_from_redhat_release("CentOS Linux release 7.9.2009 (Core)");
        assert_eq!(
            (c.id.as_str(), c.version_id.as_str()),
            ("centos", "7.9.2009")
        );
        let f = distro_from_redhat_release("Fedora release 39 (Thirty Nine)");
        assert_eq!((f.id.as_str(), f.version_id.as_str()), ("fedora", "39"));
    }
}
