//! Image history (`created_by` of each layer) back to Dockerfile text, one
//! instruction per line so line N is history entry N.

/// Turns `created_by` strings into Dockerfile lines: `/bin/sh -c #(nop) ENV X=1`
/// becomes `ENV X=1`, `/bin/sh -c apt-get ...` becomes `RUN apt-get ...`,
/// BuildKit's `RUN /bin/sh -c ... # buildkit` becomes `RUN ...`. Newlines inside
/// an entry are flattened so the line numbering holds; an empty entry becomes a
/// comment line.
pub fn history_to_dockerfile(created_by: &[String]) -> String {
    let mut out = String::new();
    for entry in created_by {
        out.push_str(&history_line(entry));
        out.push('\n');
    }
    out
}

fn history_line(entry: &str) -> String {
    let mut s = entry.trim();
    if let Some(rest) = s.strip_suffix("# buildkit") {
        s = rest.trim_end();
    }
    // BuildKit: `RUN |1 A=b /bin/sh -c ...`.
    if s.starts_with("RUN |") {
        s = &s[4..];
    }
    // `|2 A=1 B=2 /bin/sh -c ...`: the build args a RUN saw. Their values
    // are recorded in the history, so they are kept as assignments in front
    // of the command, where the secret rules can see them.
    let mut build_args: Vec<String> = Vec::new();
    if let Some(rest) = s.strip_prefix('|') {
        let mut it = rest.splitn(2, ' ');
        let count: usize = it.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let mut tail = it.next().unwrap_or("");
        for _ in 0..count {
            let (arg, t) = tail.split_once(' ').unwrap_or((tail, ""));
            if let Some((k, v)) = arg.split_once('=')
                && !k.is_empty()
                && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            {
                build_args.push(format!("{k}={}", shell_quote(v)));
            }
            tail = t;
        }
        s = tail.trim_start();
    }
    let mut body = s;
    let mut had_shell = false;
    for prefix in [
        "RUN /bin/sh -c ",
        "/bin/sh -c ",
        "/bin/bash -c ",
        "/bin/sh -o pipefail -c ",
        "cmd /S /C ",
        "RUN ",
    ] {
        if let Some(rest) = body.strip_prefix(prefix) {
            body = rest;
            had_shell = prefix.contains("-c") || prefix.contains("/C");
            break;
        }
    }
    let body = body.trim();
    let line = if let Some(nop) = body.strip_prefix("#(nop)") {
        go_formatted(nop.trim())
    } else if had_shell && !build_args.is_empty() {
        format!("RUN {} {body}", build_args.join(" "))
    } else if had_shell {
        format!("RUN {body}")
    } else if starts_with_instruction(body) {
        body.to_string()
    } else if body.is_empty() {
        "# (empty history entry)".to_string()
    } else {
        format!("RUN {body}")
    };
    flatten(&line)
}

/// Docker prints some `#(nop)` instructions with Go formatting:
/// `EXPOSE map[22/tcp:{} 80/tcp:{}]` and
/// `HEALTHCHECK &{["CMD-SHELL" "curl -f http://x/"] "30s" ...}`. Turns them
/// back into Dockerfile syntax; anything else is returned as is.
fn go_formatted(s: &str) -> String {
    if let Some(rest) = s.strip_prefix("EXPOSE map[") {
        let ports: Vec<&str> = rest
            .trim_end_matches(']')
            .split_whitespace()
            .map(|p| p.trim_end_matches(":{}"))
            .collect();
        return format!("EXPOSE {}", ports.join(" "));
    }
    if let Some(rest) = s.strip_prefix("HEALTHCHECK &{[") {
        let list = rest.split(']').next().unwrap_or("");
        let items = go_strings(list);
        return match items.split_first() {
            Some((kind, args)) if kind == "CMD-SHELL" => {
                format!("HEALTHCHECK CMD {}", args.join(" "))
            }
            Some((kind, args)) if kind == "CMD" => {
                let quoted: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
                format!("HEALTHCHECK CMD [{}]", quoted.join(", "))
            }
            _ => "HEALTHCHECK NONE".to_string(),
        };
    }
    s.to_string()
}

/// The double-quoted strings of a Go `%q` list (`"a" "b c"`), unescaped.
fn go_strings(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = list.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut cur = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n);
                    }
                }
                '"' => break,
                c => cur.push(c),
            }
        }
        out.push(cur);
    }
    out
}

/// Single-quotes `v` unless it is plain.
fn shell_quote(v: &str) -> String {
    if !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:@+,".contains(&b))
    {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', "'\\''"))
    }
}

fn starts_with_instruction(s: &str) -> bool {
    let kw = s.split_whitespace().next().unwrap_or("");
    matches!(
        kw,
        "ADD"
            | "ARG"
            | "CMD"
            | "COPY"
            | "ENTRYPOINT"
            | "ENV"
            | "EXPOSE"
            | "HEALTHCHECK"
            | "LABEL"
            | "MAINTAINER"
            | "ONBUILD"
            | "SHELL"
            | "STOPSIGNAL"
            | "USER"
            | "VOLUME"
            | "WORKDIR"
    )
}

/// Replaces newlines so one entry stays on one line (heredoc bodies and
/// continuations become `;`-separated shell).
fn flatten(s: &str) -> String {
    if !s.contains('\n') {
        return s.to_string();
    }
    s.replace("\\\r\n", " ")
        .replace("\\\n", " ")
        .replace("\r\n", "; ")
        .replace('\n', "; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_forms() {
        let h = vec![
            "/bin/sh -c #(nop) ADD file:abc in / ".to_string(),
            "/bin/sh -c #(nop)  CMD [\"bash\"]".to_string(),
            "/bin/sh -c apt-get update && apt-get install -y curl".to_string(),
            "RUN /bin/sh -c curl -k https://x | sh # buildkit".to_string(),
            "ENV A=1".to_string(),
            "|1 TOKEN=abc /bin/sh -c echo $TOKEN".to_string(),
            "".to_string(),
            "USER app".to_string(),
            "/bin/sh -c #(nop)  EXPOSE map[22/tcp:{} 80/tcp:{}]".to_string(),
            "/bin/sh -c #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f http://localhost/ || exit 1\"] \"30s\" \"3s\" \"0s\" '\\x00'}".to_string(),
            "RUN |1 TOKEN=abc /bin/sh -c make # buildkit".to_string(),
        ];
        let text = history_to_dockerfile(&h);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ADD file:abc in /");
        assert_eq!(lines[1], "CMD [\"bash\"]");
        assert_eq!(lines[2], "RUN apt-get update && apt-get install -y curl");
        assert_eq!(lines[3], "RUN curl -k https://x | sh");
        assert_eq!(lines[4], "ENV A=1");
        assert_eq!(lines[5], "RUN TOKEN=abc echo $TOKEN");
        assert!(lines[6].starts_with('#'));
        assert_eq!(lines[7], "USER app");
        assert_eq!(lines[8], "EXPOSE 22/tcp 80/tcp");
        assert_eq!(
            lines[9],
            "HEALTHCHECK CMD curl -f http://localhost/ || exit 1"
        );
        assert_eq!(lines[10], "RUN TOKEN=abc make");
    }
}
