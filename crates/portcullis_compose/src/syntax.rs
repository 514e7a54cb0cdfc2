//! The compose short syntaxes, read without allocation: ports
//! (`[HOST_IP:][PUBLISHED:]TARGET[/PROTO]`, ranges, bracketed IPv6), volumes
//! (`SOURCE:TARGET[:MODE]`, Windows drive letters), `user` (`uid[:gid]`),
//! `environment` list items (`KEY=VALUE`) and `.env` files. Every part comes
//! with its byte offset in the input so callers can build spans.

/// A piece of the input and its byte offset in it.
pub type Part<'a> = (&'a str, usize);

fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// The parts of a short-syntax port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortParts<'a> {
    /// Host address (without IPv6 brackets), when written.
    pub host_ip: Option<Part<'a>>,
    /// Published (host) port or range; `None` when absent or empty (`ip::80`).
    pub published: Option<Part<'a>>,
    /// Container port or range.
    pub target: Part<'a>,
    /// Protocol after `/`.
    pub protocol: Option<Part<'a>>,
}

/// Splits a short-syntax port. `None` when there is no target.
pub fn port_parts<'a>(s: &'a str) -> Option<PortParts<'a>> {
    let (rest, protocol) = match s.rsplit_once('/') {
        Some((r, p)) => (r, Some((p, offset_in(s, p)))),
        None => (s, None),
    };
    let nonempty = |p: &'a str| (!p.trim().is_empty()).then(|| (p, offset_in(s, p)));
    if let Some(inner) = rest.strip_prefix('[') {
        // `[::1]:8080:80`
        let (ip, after) = inner.split_once(']')?;
        let after = after.strip_prefix(':')?;
        let (published, target) = match after.rsplit_once(':') {
            Some((p, t)) => (nonempty(p), t),
            None => (None, after),
        };
        return Some(PortParts {
            host_ip: Some((ip, offset_in(s, ip))),
            published,
            target: (target, offset_in(s, target)),
            protocol,
        });
    }
    let mut parts = rest.rsplitn(3, ':');
    let target = parts.next()?;
    if target.trim().is_empty() {
        return None;
    }
    let published = parts.next();
    let host_ip = parts.next();
    Some(PortParts {
        host_ip: host_ip.and_then(nonempty),
        published: published.and_then(nonempty),
        target: (target, offset_in(s, target)),
        protocol,
    })
}

/// A port or range (`8080`, `8080-8090`) as `(first, last)`; `None` when not
/// numeric (an unexpanded `${VAR}`, say).
pub fn port_range(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let a: u32 = a.trim().parse().ok()?;
    let b: u32 = b.trim().parse().ok()?;
    (a <= b && b <= 65535).then_some((a, b))
}

/// The parts of a short-syntax volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeParts<'a> {
    /// Host path or volume name; `None` for an anonymous volume (`/data`).
    pub source: Option<Part<'a>>,
    /// Path in the container.
    pub target: Part<'a>,
    /// Comma-separated options (`ro,z`), when written.
    pub mode: Option<Part<'a>>,
}

/// Length of a Windows drive prefix (`C:` before `\` or `/`), else 0.
fn drive_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    if b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && (b.len() == 2 || matches!(b[2], b'\\' | b'/'))
    {
        2
    } else {
        0
    }
}

/// Splits at the first `:` that is not part of a drive letter.
fn split_colon(s: &str) -> Option<(&str, &str)> {
    let skip = drive_prefix(s);
    let i = s[skip..].find(':')? + skip;
    Some((&s[..i], &s[i + 1..]))
}

/// Splits a short-syntax volume `SOURCE:TARGET[:MODE]` or `TARGET`.
pub fn volume_parts(s: &str) -> VolumeParts<'_> {
    match split_colon(s) {
        None => VolumeParts {
            source: None,
            target: (s, 0),
            mode: None,
        },
        Some((source, rest)) => {
            let (target, mode) = match split_colon(rest) {
                Some((t, m)) => (t, Some((m, offset_in(s, m)))),
                None => (rest, None),
            };
            VolumeParts {
                source: Some((source, 0)),
                target: (target, offset_in(s, target)),
                mode,
            }
        }
    }
}

/// True when a volume source is a host path (a bind mount) rather than a
/// named volume: named volumes are `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
pub fn is_bind_source(source: &str) -> bool {
    let mut chars = source.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() => {
            !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
                || drive_prefix(source) > 0
        }
        Some(_) => true,
        None => false,
    }
}

/// True for a bind source inside the project folder (`./conf`, `data/x`,
/// `.`): not absolute, not under `~`, not escaping with `..`, not starting
/// with a variable.
pub fn is_project_relative(source: &str) -> bool {
    let s = source.trim();
    // `$PWD` is the folder compose runs in, as a relative path would be.
    let s = ["${PWD}", "$PWD"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .map(|r| r.trim_start_matches('/'))
        .unwrap_or(s);
    let outside = s.starts_with(['/', '\\', '~', '$'])
        || s.starts_with("..")
        || drive_prefix(s) > 0
        || s.split(['/', '\\']).any(|seg| seg == "..");
    !outside
}

/// The `uid[:gid]` parts of `user`.
pub fn user_parts(s: &str) -> (Part<'_>, Option<Part<'_>>) {
    match s.split_once(':') {
        Some((u, g)) => ((u, 0), Some((g, offset_in(s, g)))),
        None => ((s, 0), None),
    }
}

/// `KEY=VALUE` (value with its offset) or `KEY` alone.
pub fn env_item(s: &str) -> (&str, Option<Part<'_>>) {
    match s.split_once('=') {
        Some((k, v)) => (k, Some((v, offset_in(s, v)))),
        None => (s, None),
    }
}

/// One `KEY=VALUE` line of a `.env` file, as byte ranges of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvLine {
    /// Variable name and its range.
    pub name: (String, usize, usize),
    /// Value (quotes removed) and its range.
    pub value: (String, usize, usize),
}

/// Reads the assignments of a `.env` file: `KEY=VALUE`, `export KEY=VALUE`,
/// single or double quoted values, `#` comments (whole-line, or after a
/// space in an unquoted value). Lines without `=` are skipped.
pub fn env_file_lines(text: &str) -> Vec<EnvLine> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    for raw in text.split_inclusive('\n') {
        let line_start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let body = trimmed
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(trimmed);
        let Some((key, value)) = body.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        let base = line_start;
        let key_at = base + offset_in(line, key);
        let v = value.trim_start();
        let (val, at) = match v.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &v[1..];
                let inner = match inner.find(q) {
                    Some(i) => &inner[..i],
                    None => inner,
                };
                (inner, base + offset_in(line, inner))
            }
            _ => {
                let end = v.find(" #").unwrap_or(v.len());
                let val = v[..end].trim_end();
                (val, base + offset_in(line, val))
            }
        };
        out.push(EnvLine {
            name: (key.to_string(), key_at, key_at + key.len()),
            value: (val.to_string(), at, at + val.len()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> (Option<&str>, Option<&str>, &str, Option<&str>) {
        let r = port_parts(s).unwrap();
        (
            r.host_ip.map(|x| x.0),
            r.published.map(|x| x.0),
            r.target.0,
            r.protocol.map(|x| x.0),
        )
    }

    #[test]
    fn ports() {
        assert_eq!(p("80"), (None, None, "80", None));
        assert_eq!(p("8080:80"), (None, Some("8080"), "80", None));
        assert_eq!(
            p("127.0.0.1:8080:80/tcp"),
            (Some("127.0.0.1"), Some("8080"), "80", Some("tcp"))
        );
        assert_eq!(
            p("127.0.0.1::5000"),
            (Some("127.0.0.1"), None, "5000", None)
        );
        assert_eq!(
            p("[::1]:6001:6001"),
            (Some("::1"), Some("6001"), "6001", None)
        );
        assert_eq!(
            p("8080-8090:80-90"),
            (None, Some("8080-8090"), "80-90", None)
        );
        let r = port_parts("127.0.0.1:8080:80").unwrap();
        assert_eq!(r.target.1, 15);
        assert_eq!(r.published.unwrap().1, 10);
        assert_eq!(port_range("80-90"), Some((80, 90)));
        assert_eq!(port_range("${P}"), None);
        assert!(port_parts(":").is_none());
    }

    #[test]
    fn volumes() {
        let v = volume_parts("/host:/ctr:ro,z");
        assert_eq!(v.source.unwrap().0, "/host");
        assert_eq!(v.target, ("/ctr", 6));
        assert_eq!(v.mode.unwrap(), ("ro,z", 11));
        let v = volume_parts("/data");
        assert!(v.source.is_none());
        let v = volume_parts("C:\\data:/data");
        assert_eq!(v.source.unwrap().0, "C:\\data");
        assert_eq!(v.target.0, "/data");
        assert!(is_bind_source("./x") && is_bind_source("~/x") && is_bind_source("/x"));
        assert!(!is_bind_source("db-data") && !is_bind_source("db_data.1"));
        assert!(is_project_relative("./conf") && is_project_relative("conf/x"));
        assert!(!is_project_relative("../x") && !is_project_relative("./a/../../b"));
        assert!(!is_project_relative("/etc") && !is_project_relative("~/.ssh"));
        assert!(is_project_relative("$PWD/conf") && is_project_relative("${PWD}"));
        assert!(!is_project_relative("${PWD}/../x") && !is_project_relative("${HOME}/x"));
    }

    #[test]
    fn env_files() {
        let text = "# c\nexport A=1\nB=\"two words\" \nC='x' # c\nD=v # c\nnoeq\n";
        let lines = env_file_lines(text);
        let got: Vec<_> = lines
            .iter()
            .map(|l| (l.name.0.as_str(), l.value.0.as_str()))
            .collect();
        assert_eq!(
            got,
            [("A", "1"), ("B", "two words"), ("C", "x"), ("D", "v")]
        );
        for l in &lines {
            assert_eq!(&text[l.value.1..l.value.2], l.value.0);
            assert_eq!(&text[l.name.1..l.name.2], l.name.0);
        }
    }
}
