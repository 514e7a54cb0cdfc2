//! The detector table: for each secret format, the literal keywords that
//! trigger it (fed to one Aho-Corasick automaton), the byte regex run around a
//! keyword hit (`(?-u)`, so it is fast on arbitrary bytes), and the check that
//! throws out documentation stand-ins (`ghp_xxxx...`, `AKIA...EXAMPLE`).

use crate::kind::SecretKind;
use crate::value::{is_placeholder, is_weak_default};

/// How much text around a keyword hit a detector's regex sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Window {
    /// The line holding the hit (capped at [`MAX_LINE`] bytes each side).
    Line,
    /// A PEM block: from a `-----BEGIN` on the hit's line, up to this many bytes.
    PemBlock(usize),
}

/// Longest stretch of a line examined on each side of a keyword hit.
pub(crate) const MAX_LINE: usize = 4096;

/// One secret format.
pub(crate) struct Detector {
    /// What it finds.
    pub kind: SecretKind,
    /// Literal triggers (case-sensitive: list the spellings that occur).
    pub keywords: &'static [&'static str],
    /// Byte regex; capture group 1 is the secret itself.
    pub pattern: &'static str,
    /// Text the regex sees.
    pub window: Window,
    /// Checks the whole match and the secret; false drops the match.
    pub validate: fn(whole: &[u8], secret: &[u8]) -> bool,
    /// Build the preview from the whole match (key name shown) instead of the secret alone.
    pub preview_whole: bool,
    /// Cheap test on the line (and the hit's offset in it) before the regex runs.
    pub precheck: fn(line: &[u8], at: usize) -> bool,
}

/// Which optional detectors a scanner includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    /// Always on.
    Core,
    /// JSON Web Tokens (off for files: test fixtures and docs are full of them).
    Jwt,
    /// Google API keys (off for files: client tools such as the Cloud SDK and
    /// browsers ship their own public keys).
    GoogleApiKey,
    /// `password = ...` lines.
    Assignments,
    /// A `scheme://user:pass@host` URL alone on its line (`.git-credentials`).
    UrlLine,
    /// A `scheme://user:pass@host` URL anywhere (values).
    UrlAnywhere,
}

/// The table. Patterns are compiled once per [`crate::Scanner`].
pub(crate) const DETECTORS: &[(Group, Detector)] = &[
    (
        Group::Core,
        Detector {
            kind: SecretKind::PrivateKey,
            keywords: &["PRIVATE KEY"],
            pattern: r"(?-u)\A(-----BEGIN[ A-Z0-9]{0,24} PRIVATE KEY(?: BLOCK)?-----(?s:.)*?-----END[ A-Z0-9]{0,24} PRIVATE KEY(?: BLOCK)?-----)",
            window: Window::PemBlock(64 * 1024),
            validate: valid_pem_block,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::AwsAccessKeyId,
            keywords: &["AKIA", "ASIA"],
            pattern: r"(?-u)\b((?:AKIA|ASIA)[A-Z2-7]{16})\b",
            window: Window::Line,
            validate: valid_aws_key_id,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::AwsSecretAccessKey,
            keywords: &[
                "secret_access_key",
                "SECRET_ACCESS_KEY",
                "SecretAccessKey",
                "secretAccessKey",
                "aws_secret_key",
                "AWS_SECRET_KEY",
            ],
            pattern: r#"(?-u)(?i)(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?[ \t]*(?::|=|=>|:=)[ \t]*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
            window: Window::Line,
            validate: valid_aws_secret,
            preview_whole: true,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::GithubToken,
            keywords: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
            pattern: r"(?-u)\b(gh[pousr]_[A-Za-z0-9]{36,251})\b",
            window: Window::Line,
            validate: valid_token,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::GithubToken,
            keywords: &["github_pat_"],
            pattern: r"(?-u)\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
            window: Window::Line,
            validate: valid_token,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::GitlabToken,
            keywords: &["glpat-"],
            pattern: r"(?-u)\b(glpat-[A-Za-z0-9_-]{20,})",
            window: Window::Line,
            validate: valid_token,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::SlackToken,
            keywords: &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"],
            pattern: r"(?-u)\b(xox[baprs]-[0-9A-Za-z]{1,40}-[0-9A-Za-z-]{10,})",
            window: Window::Line,
            validate: valid_token,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::SlackWebhook,
            keywords: &["hooks.slack.com/"],
            pattern: r"(?-u)(https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_]{8,12}/[A-Za-z0-9_]{8,12}/[A-Za-z0-9]{20,})",
            window: Window::Line,
            validate: valid_slack_webhook,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::StripeKey,
            keywords: &["sk_live_", "rk_live_"],
            pattern: r"(?-u)\b([sr]k_live_[0-9A-Za-z]{24,247})\b",
            window: Window::Line,
            validate: valid_token,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::NpmToken,
            keywords: &["npm_"],
            pattern: r"(?-u)\b(npm_[A-Za-z0-9]{36})\b",
            window: Window::Line,
            validate: valid_token,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::PypiToken,
            keywords: &["pypi-AgEIcHlwaS5vcmc"],
            pattern: r"(?-u)\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})",
            window: Window::Line,
            validate: valid_token,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::GoogleApiKey,
        Detector {
            kind: SecretKind::GoogleApiKey,
            keywords: &["AIza"],
            pattern: r"(?-u)(?:^|[^A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?:[^A-Za-z0-9_-]|$)",
            window: Window::Line,
            validate: valid_token,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::DockerConfigAuth,
            keywords: &["\"auth\""],
            pattern: r#"(?-u)"auth"[ \t]*:[ \t]*"([A-Za-z0-9+/]{6,}={0,2})""#,
            window: Window::Line,
            validate: valid_docker_auth,
            preview_whole: true,
            precheck: any_line,
        },
    ),
    (
        Group::Core,
        Detector {
            kind: SecretKind::NpmrcAuth,
            keywords: &["_auth", "password"],
            pattern: r#"(?-u)(?i)(?:^|[\s:])_(?:authtoken|auth|password)[ \t]*=[ \t]*["']?([^\s"']{6,})"#,
            window: Window::Line,
            validate: valid_npmrc,
            preview_whole: true,
            precheck: npmrc_line,
        },
    ),
    (
        Group::Jwt,
        Detector {
            kind: SecretKind::Jwt,
            keywords: &["eyJ"],
            pattern: r"(?-u)(?:^|[^A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})",
            window: Window::Line,
            validate: valid_jwt,
            preview_whole: false,
            precheck: any_line,
        },
    ),
    (
        Group::Assignments,
        Detector {
            kind: SecretKind::PasswordAssignment,
            keywords: &[
                "password", "PASSWORD", "Password", "passwd", "PASSWD", "Passwd",
            ],
            pattern: r#"(?-u)(?i)^[ \t]*(?:export[ \t]+)?(?:[A-Za-z0-9_.-]*[._-])?(?:password|passwd)["']?[ \t]*[=:][ \t]*(["']?)([^\s"'#;]{8,128})["']?[ \t]*\r?$"#,
            window: Window::Line,
            validate: valid_password_assignment,
            preview_whole: true,
            precheck: assignment_line,
        },
    ),
    (
        Group::UrlLine,
        Detector {
            kind: SecretKind::UrlCredentials,
            keywords: &["://"],
            pattern: r#"(?-u)^[ \t]*[a-z][a-z0-9+.-]{1,20}://[^\s:/?#@"'<>]{1,128}:([^\s/?#@"'<>]{1,256})@[A-Za-z0-9.-]{1,253}[^\s]*[ \t]*\r?$"#,
            window: Window::Line,
            validate: valid_url_line,
            preview_whole: true,
            precheck: url_line,
        },
    ),
    (
        Group::UrlAnywhere,
        Detector {
            kind: SecretKind::UrlCredentials,
            keywords: &["://"],
            pattern: r#"(?-u)\b[a-z][a-z0-9+.-]{1,20}://[^\s:/?#@"'<>]{1,128}:([^\s/?#@"'<>]{1,256})@[A-Za-z0-9.-]{1,253}"#,
            window: Window::Line,
            validate: valid_url_anywhere,
            preview_whole: true,
            precheck: url_anywhere,
        },
    ),
];

fn any_line(_line: &[u8], _at: usize) -> bool {
    true
}

/// `_auth...=` or `_password=`.
fn npmrc_line(line: &[u8], at: usize) -> bool {
    let at_auth = line[at..].starts_with(b"_auth");
    (at_auth || (at > 0 && line[at - 1] == b'_')) && memchr::memchr(b'=', &line[at..]).is_some()
}

/// `[export ]key.name_password = value`: only a key-ish prefix before the hit.
fn assignment_line(line: &[u8], at: usize) -> bool {
    line[..at]
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b" \t_.-\"'".contains(&b))
        && memchr::memchr2(b'=', b':', &line[at..]).is_some()
}

/// A URL alone on its line, with a `@` after the scheme.
fn url_line(line: &[u8], at: usize) -> bool {
    line[..at]
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b" \t+.-".contains(&b))
        && memchr::memchr(b'@', &line[at..]).is_some()
}

/// A `@` after the scheme.
fn url_anywhere(line: &[u8], at: usize) -> bool {
    memchr::memchr(b'@', &line[at..]).is_some()
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Documentation markers that never occur in a real random token.
fn has_doc_marker(s: &[u8]) -> bool {
    const MARKERS: &[&[u8]] = &[
        b"example",
        b"xxxx",
        b"0000",
        b"1234567",
        b"abcdefgh",
        b"sample",
        b"dummy",
        b"test",
        b"fake",
        b"your",
    ];
    MARKERS.iter().any(|m| contains_ci(s, m))
}

fn longest_run(s: &[u8]) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for &b in s {
        if Some(b) == prev {
            run += 1;
        } else {
            run = 1;
            prev = Some(b);
        }
        best = best.max(run);
    }
    best
}

fn distinct(s: &[u8]) -> usize {
    let mut seen = [false; 256];
    let mut n = 0;
    for &b in s {
        if !seen[b as usize] {
            seen[b as usize] = true;
            n += 1;
        }
    }
    n
}

/// Character classes present: lowercase, uppercase, digit.
fn classes(s: &[u8]) -> usize {
    usize::from(s.iter().any(u8::is_ascii_lowercase))
        + usize::from(s.iter().any(u8::is_ascii_uppercase))
        + usize::from(s.iter().any(u8::is_ascii_digit))
}

/// A random-looking token body: varied characters, no long runs, no doc markers.
pub(crate) fn looks_random(body: &[u8]) -> bool {
    !has_doc_marker(body)
        && longest_run(body) < 5
        && distinct(body) >= (body.len() / 3).clamp(6, 16)
        && classes(body) >= 2
}

/// The part after a vendor prefix such as `ghp_`, `glpat-`, `sk_live_`.
fn token_body(secret: &[u8]) -> &[u8] {
    for prefix in [
        &b"github_pat_"[..],
        b"pypi-AgEIcHlwaS5vcmc",
        b"sk_live_",
        b"rk_live_",
        b"glpat-",
        b"ghp_",
        b"gho_",
        b"ghu_",
        b"ghs_",
        b"ghr_",
        b"npm_",
        b"AIza",
    ] {
        if let Some(rest) = secret.strip_prefix(prefix) {
            return rest;
        }
    }
    if secret.starts_with(b"xox") && secret.len() > 5 {
        return &secret[5..];
    }
    secret
}

fn valid_token(_whole: &[u8], secret: &[u8]) -> bool {
    looks_random(token_body(secret))
}

fn valid_aws_key_id(_whole: &[u8], secret: &[u8]) -> bool {
    let body = &secret[4..];
    !has_doc_marker(secret) && longest_run(body) < 5 && distinct(body) >= 6
}

fn valid_aws_secret(_whole: &[u8], secret: &[u8]) -> bool {
    !has_doc_marker(secret) && classes(secret) == 3 && longest_run(secret) < 5
}

fn valid_slack_webhook(_whole: &[u8], secret: &[u8]) -> bool {
    let last = secret.rsplit(|&b| b == b'/').next().unwrap_or(secret);
    looks_random(last)
}

fn valid_jwt(_whole: &[u8], secret: &[u8]) -> bool {
    let sig = secret.rsplit(|&b| b == b'.').next().unwrap_or(secret);
    looks_random(sig) && !has_doc_marker(secret)
}

fn valid_pem_block(whole: &[u8], _secret: &[u8]) -> bool {
    // The body sits between the first `-----` line end and the END marker.
    let Some(hdr_end) = memchr::memmem::find(&whole[5..], b"-----").map(|i| i + 10) else {
        return false;
    };
    let Some(end) = memchr::memmem::rfind(whole, b"-----END") else {
        return false;
    };
    if end <= hdr_end {
        return false;
    }
    let body = &whole[hdr_end..end];
    if memchr::memmem::find(body, b"...").is_some() || has_doc_marker_pem(body) {
        return false;
    }
    let mut b64 = 0usize;
    let mut junk = 0usize;
    let mut i = 0;
    let mut line_has_colon = false;
    let mut line_b64 = 0usize;
    while i < body.len() {
        let c = body[i];
        match c {
            b'\\' if matches!(body.get(i + 1), Some(b'n' | b'r')) => {
                i += 1;
                line_has_colon = false;
                line_b64 = 0;
            }
            b'\n' | b'\r' => {
                line_has_colon = false;
                line_b64 = 0;
            }
            b' ' | b'\t' | b'"' | b',' => {}
            b':' => {
                // `Proc-Type: 4,ENCRYPTED` headers: not body.
                line_has_colon = true;
                b64 = b64.saturating_sub(line_b64);
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=' | b'-' => {
                if !line_has_colon {
                    b64 += 1;
                    line_b64 += 1;
                }
            }
            _ => junk += 1,
        }
        i += 1;
    }
    b64 >= 64 && junk * 50 <= b64 && longest_run(body) < 16
}

fn has_doc_marker_pem(body: &[u8]) -> bool {
    contains_ci(body, b"xxxxxxxx") || contains_ci(body, b"your key") || contains_ci(body, b"<")
}

fn decode_base64(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

fn valid_docker_auth(_whole: &[u8], secret: &[u8]) -> bool {
    let Some(decoded) = decode_base64(secret) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&decoded) else {
        return false;
    };
    let Some((user, pass)) = text.split_once(':') else {
        return false;
    };
    !user.is_empty()
        && !text.chars().any(char::is_control)
        && !is_placeholder(pass)
        && !has_doc_marker(pass.as_bytes())
}

fn valid_npmrc(_whole: &[u8], secret: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(secret) else {
        return false;
    };
    // Tokens are npm_..., UUIDs or base64: long, varied, never code.
    secret.len() >= 12
        && classes(secret) >= 2
        && distinct(secret) >= 8
        && !secret.iter().any(|b| b"(){}[]<>$%`,\\".contains(b))
        && !is_placeholder(s)
        && !has_doc_marker(secret)
        && !contains_ci(secret, b"token")
}

fn valid_password_assignment(whole: &[u8], secret: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(secret) else {
        return false;
    };
    // Opening and closing quotes must agree.
    let trimmed = whole.trim_ascii_end();
    let opened = whole
        .iter()
        .position(|&b| b == b'=' || b == b':')
        .and_then(|i| whole[i + 1..].iter().find(|b| !b.is_ascii_whitespace()))
        .copied();
    let quoted_open = matches!(opened, Some(b'"' | b'\''));
    let quoted_close = matches!(trimmed.last(), Some(b'"' | b'\''));
    if quoted_open != quoted_close {
        return false;
    }
    if is_placeholder(s) || is_weak_default(s) || has_doc_marker(secret) {
        return false;
    }
    // Code, not configuration: calls, indexing, attribute access, YAML tags.
    if s.bytes().any(|b| b"()[]{}<>$%`,\\".contains(&b)) || s.starts_with(['!', '&', '*', '@']) {
        return false;
    }
    // A digit or a real symbol besides letters: `no-debconf-config`,
    // `Incomplete` and `SecretStr` (type annotations) are words, not passwords.
    let has_letter = s.bytes().any(|b| b.is_ascii_alphabetic());
    let has_digit = s.bytes().any(|b| b.is_ascii_digit());
    let has_symbol = s.bytes().any(|b| b"!#&*+=?^~|/;@".contains(&b));
    has_letter && (has_digit || has_symbol) && distinct(secret) >= 5
}

fn url_parts(whole: &[u8]) -> Option<(&str, &str, &str)> {
    let s = std::str::from_utf8(whole).ok()?.trim();
    let (_, rest) = s.split_once("://")?;
    let (userinfo, host) = rest.rsplit_once('@')?;
    let (user, pass) = userinfo.split_once(':')?;
    Some((user, pass, host))
}

fn valid_url_anywhere(whole: &[u8], secret: &[u8]) -> bool {
    let Some((user, _pass, host)) = url_parts(whole) else {
        return false;
    };
    let Ok(pass) = std::str::from_utf8(secret) else {
        return false;
    };
    !user.is_empty()
        && !is_placeholder(pass)
        && !contains_ci(host.as_bytes(), b"example")
        && !contains_ci(pass.as_bytes(), b"example")
        && !pass.bytes().all(|b| b.is_ascii_digit())
}

fn valid_url_line(whole: &[u8], secret: &[u8]) -> bool {
    valid_url_anywhere(whole, secret)
        && std::str::from_utf8(secret).is_ok_and(|p| !is_weak_default(p))
        && !has_doc_marker(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64() {
        assert_eq!(decode_base64(b"dXNlcjpwYXNz").unwrap(), b"user:pass");
        assert_eq!(decode_base64(b"YQ==").unwrap(), b"a");
        assert!(decode_base64(b"a b").is_none());
    }

    #[test]
    fn randomness() {
        assert!(looks_random(b"aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3gH5"));
        assert!(!looks_random(b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        assert!(!looks_random(b"abcdefghijklmnopqrstuvwxyzabcdefghij"));
        assert!(!looks_random(b"EXAMPLEaB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC"));
    }
}
