//! The file-content scanner: one Aho-Corasick pass over the bytes finds
//! keyword hits (`ghp_`, `PRIVATE KEY`, `"auth"`...); only the line (or PEM
//! block) around a hit is handed to that detector's `(?-u)` byte regex. Build
//! a [`Scanner`] once and share it across threads (`Scanner: Send + Sync`).
//!
//! JWTs and Google API keys are off for files (docs, fixtures and client
//! tools are full of public ones) and on for values ([`Scanner::for_values`]).
//!
//! Binary data (a NUL byte in the first 8 KiB) is skipped by default, private
//! keys included: keys compiled into binaries are overwhelmingly test keys
//! (Go's `httptest`, OpenSSL test vectors), and the real ones ship as text.

use crate::detectors::{DETECTORS, Detector, Group, MAX_LINE, Window};
use crate::kind::SecretKind;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::bytes::Regex;

/// How much of a file is sniffed for NUL bytes to call it binary.
pub const BINARY_SNIFF_LEN: usize = 8192;

/// One secret found in a buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    /// What it is.
    pub kind: SecretKind,
    /// Byte offset of the secret in the scanned buffer.
    pub offset: usize,
    /// Length of the secret in bytes.
    pub len: usize,
    /// 1-based line of `offset`.
    pub line: u32,
    /// 1-based column of `offset`, in characters (UTF-8 continuation bytes are not counted).
    pub column: u32,
    /// A redacted rendering safe to print, e.g. `ghp_ab****` or `"auth": "dXNl****"`.
    pub preview: String,
}

/// Which optional detectors a [`Scanner`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanOptions {
    /// Report JSON Web Tokens (noisy in docs and test fixtures).
    pub jwt: bool,
    /// Report Google API keys (client tools embed their own public keys).
    pub google_api_keys: bool,
    /// Report `password = value` lines in configuration-like text (`.pypirc`, ini, `.env`).
    pub password_assignments: bool,
    /// Report `scheme://user:pass@host` anywhere (true), or only when the URL is
    /// alone on its line as in `.git-credentials` (false).
    pub url_credentials_anywhere: bool,
    /// Scan data that looks binary too.
    pub scan_binary: bool,
}

impl Default for ScanOptions {
    /// The file-scanning defaults: no JWTs or Google API keys, password assignments on, URLs only
    /// alone on a line, binary data skipped.
    fn default() -> Self {
        ScanOptions {
            jwt: false,
            google_api_keys: false,
            password_assignments: true,
            url_credentials_anywhere: false,
            scan_binary: false,
        }
    }
}

struct Compiled {
    det: &'static Detector,
    regex: Regex,
}

/// A compiled set of detectors; cheap to share, `scan` takes `&self`.
pub struct Scanner {
    ac: AhoCorasick,
    /// Keyword pattern index -> detector indices.
    pattern_detectors: Vec<Vec<usize>>,
    detectors: Vec<Compiled>,
    opts: ScanOptions,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("detectors", &self.detectors.len())
            .field("opts", &self.opts)
            .finish()
    }
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

/// True when the data looks binary: a NUL byte in the first [`BINARY_SNIFF_LEN`] bytes.
pub fn is_binary(data: &[u8]) -> bool {
    memchr::memchr(0, &data[..data.len().min(BINARY_SNIFF_LEN)]).is_some()
}

impl Scanner {
    /// A scanner with the file defaults ([`ScanOptions::default`]).
    pub fn new() -> Scanner {
        Scanner::with_options(ScanOptions::default())
    }

    /// A scanner for single values (env vars, build args): JWTs and URLs
    /// anywhere on, password assignments off, binary allowed.
    pub fn for_values() -> Scanner {
        Scanner::with_options(ScanOptions {
            jwt: true,
            google_api_keys: true,
            password_assignments: false,
            url_credentials_anywhere: true,
            scan_binary: true,
        })
    }

    /// A scanner with the given options.
    pub fn with_options(opts: ScanOptions) -> Scanner {
        let mut keywords: Vec<&'static str> = Vec::new();
        let mut pattern_detectors: Vec<Vec<usize>> = Vec::new();
        let mut detectors = Vec::new();
        for (group, det) in DETECTORS {
            let on = match group {
                Group::Core => true,
                Group::Jwt => opts.jwt,
                Group::GoogleApiKey => opts.google_api_keys,
                Group::Assignments => opts.password_assignments,
                Group::UrlLine => !opts.url_credentials_anywhere,
                Group::UrlAnywhere => opts.url_credentials_anywhere,
            };
            if !on {
                continue;
            }
            let idx = detectors.len();
            // The patterns are constants covered by tests; a failure here is a bug.
            let regex = Regex::new(det.pattern).expect("detector pattern compiles");
            detectors.push(Compiled { det, regex });
            for kw in det.keywords {
                match keywords.iter().position(|k| k == kw) {
                    Some(p) => pattern_detectors[p].push(idx),
                    None => {
                        keywords.push(kw);
                        pattern_detectors.push(vec![idx]);
                    }
                }
            }
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&keywords)
            .expect("keyword automaton builds");
        Scanner {
            ac,
            pattern_detectors,
            detectors,
            opts,
        }
    }

    /// The options this scanner was built with.
    pub fn options(&self) -> ScanOptions {
        self.opts
    }

    /// Every secret in `data`, sorted by offset. Never panics, whatever the bytes.
    pub fn scan(&self, data: &[u8]) -> Vec<SecretMatch> {
        if !self.opts.scan_binary && is_binary(data) {
            return Vec::new();
        }
        let mut raw: Vec<(usize, usize, SecretKind, String)> = Vec::new();
        // Per detector: bytes before this were already examined.
        let mut done = vec![0usize; self.detectors.len()];
        // Cached position of the next `-----END` (outer None: not searched yet).
        let mut next_end: Option<Option<usize>> = None;
        for hit in self.ac.find_iter(data) {
            let pos = hit.start();
            for &di in &self.pattern_detectors[hit.pattern().as_usize()] {
                if pos < done[di] {
                    continue;
                }
                let c = &self.detectors[di];
                match c.det.window {
                    Window::Line => {
                        let (start, end) = line_window(data, pos);
                        done[di] = end;
                        let window = &data[start..end];
                        if !(c.det.precheck)(window, pos - start) {
                            continue;
                        }
                        for caps in c.regex.captures_iter(window) {
                            let Some(whole) = caps.get(0) else { continue };
                            let Some(secret) = caps.get(caps.len() - 1) else {
                                continue;
                            };
                            if (c.det.validate)(whole.as_bytes(), secret.as_bytes()) {
                                let rel =
                                    secret.start() - whole.start()..secret.end() - whole.start();
                                let preview = preview(c.det, whole.as_bytes(), rel);
                                raw.push((
                                    start + secret.start(),
                                    secret.len(),
                                    c.det.kind,
                                    preview,
                                ));
                            }
                        }
                    }
                    Window::PemBlock(max) => {
                        done[di] = pos + 1;
                        // `-----BEGIN <label> PRIVATE KEY`: the marker is a few bytes back.
                        let lo = pos.saturating_sub(48);
                        let Some(begin) = memchr::memmem::rfind(&data[lo..pos], b"-----BEGIN")
                        else {
                            continue;
                        };
                        let start = lo + begin;
                        // The next END marker, searched once per scan (amortised linear):
                        // none within `max` means prose or code naming the marker.
                        let next = match next_end {
                            Some(Some(e)) if e >= start => Some(e),
                            Some(None) => None,
                            _ => {
                                let found = memchr::memmem::find(&data[start..], b"-----END")
                                    .map(|i| start + i);
                                next_end = Some(found);
                                found
                            }
                        };
                        let Some(end_marker) = next.filter(|&e| e - start < max) else {
                            continue;
                        };
                        // The block this END closes starts at the last BEGIN before it;
                        // every hit up to the END line is settled here, so each END is
                        // examined once (no quadratic work on files full of markers).
                        let start = start
                            + memchr::memmem::rfind(&data[start..end_marker], b"-----BEGIN")
                                .unwrap_or(0);
                        let (_, end) = line_window(data, end_marker);
                        done[di] = end;
                        let window = &data[start..end];
                        if let Some(m) = c.regex.find(window)
                            && (c.det.validate)(m.as_bytes(), m.as_bytes())
                        {
                            let header_len =
                                memchr::memmem::find(&window[5..], b"-----").map_or(10, |i| i + 10);
                            let preview = format!(
                                "{}****",
                                String::from_utf8_lossy(&window[..header_len.min(m.end())])
                            );
                            raw.push((start, m.len(), c.det.kind, preview));
                        }
                    }
                }
            }
        }
        raw.sort_by_key(|a| (a.0, a.2));
        raw.dedup_by(|b, a| a.0 == b.0 && a.2 == b.2);
        drop_generic_overlaps(&mut raw);
        // Line and column in one forward pass over the sorted offsets.
        let mut out = Vec::with_capacity(raw.len());
        let mut line = 1u32;
        let mut line_start = 0usize;
        let mut cursor = 0usize;
        for (offset, len, kind, preview) in raw {
            for nl in memchr::memchr_iter(b'\n', &data[cursor..offset]) {
                line = line.saturating_add(1);
                line_start = cursor + nl + 1;
            }
            cursor = offset;
            let column = data[line_start..offset]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count();
            out.push(SecretMatch {
                kind,
                offset,
                len,
                line,
                column: u32::try_from(column + 1).unwrap_or(u32::MAX),
                preview,
            });
        }
        out
    }
}

/// Kinds that describe where a secret sits rather than what it is; a vendor
/// format found in the same bytes wins (`password = pypi-...` is a PyPI token).
fn is_generic(kind: SecretKind) -> bool {
    matches!(
        kind,
        SecretKind::PasswordAssignment
            | SecretKind::NpmrcAuth
            | SecretKind::UrlCredentials
            | SecretKind::DockerConfigAuth
            | SecretKind::AwsSecretAccessKey
    )
}

fn drop_generic_overlaps(raw: &mut Vec<(usize, usize, SecretKind, String)>) {
    if raw.len() < 2 {
        return;
    }
    let specific: Vec<(usize, usize)> = raw
        .iter()
        .filter(|r| !is_generic(r.2))
        .map(|r| (r.0, r.0 + r.1))
        .collect();
    if specific.is_empty() {
        return;
    }
    raw.retain(|r| !is_generic(r.2) || !specific.iter().any(|&(s, e)| r.0 < e && s < r.0 + r.1));
}

/// The line around `pos` (without its `\n`), at most [`MAX_LINE`] bytes each side.
fn line_window(data: &[u8], pos: usize) -> (usize, usize) {
    let lo = pos.saturating_sub(MAX_LINE);
    let start = memchr::memrchr(b'\n', &data[lo..pos]).map_or(lo, |i| lo + i + 1);
    let hi = data.len().min(pos.saturating_add(MAX_LINE));
    let end = memchr::memchr(b'\n', &data[pos..hi]).map_or(hi, |i| pos + i);
    (start, end)
}

/// Redact a secret: keep a vendor prefix and two characters (`ghp_ab****`),
/// or at most four characters of an unprefixed secret (and never more than a quarter).
/// A vendor prefix is short (at most 12 characters, `github_pat_`) and followed by at
/// least 20 more, so `my_db_password` or `correct-horse-battery` keep four characters.
pub fn redact(secret: &[u8]) -> String {
    let s = String::from_utf8_lossy(secret);
    let chars: Vec<char> = s.chars().collect();
    let prefix = chars
        .iter()
        .take(20)
        .rposition(|&c| c == '_' || c == '-')
        .map_or(0, |i| i + 1);
    let keep = if prefix > 0 && prefix <= 12 && chars.len() - prefix >= 20 {
        (prefix + 2).min(chars.len() / 2)
    } else {
        4.min(chars.len() / 4)
    };
    let mut out: String = chars[..keep].iter().collect();
    out.push_str("****");
    out
}

fn preview(det: &Detector, whole: &[u8], secret: std::ops::Range<usize>) -> String {
    let masked = redact(&whole[secret.clone()]);
    if !det.preview_whole {
        return masked;
    }
    let before = String::from_utf8_lossy(&whole[..secret.start]);
    let after = String::from_utf8_lossy(&whole[secret.end..]);
    let before = before.trim_start();
    let mut out = String::new();
    // Keep the key name (bounded) so the preview says where the secret sits.
    let skip = before.chars().count().saturating_sub(60);
    out.extend(before.chars().skip(skip));
    out.push_str(&masked);
    out.extend(after.trim_end().chars().take(60));
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redact_keeps_vendor_prefix_only() {
        assert_eq!(
            redact(b"ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            "ghp_ab****"
        );
        assert_eq!(redact(b"glpat-abcdefghijklmnopqrst"), "glpat-ab****");
        // Passwords with separators are not vendor tokens: at most a quarter shows.
        for pw in [
            "my_secret_pass123",
            "my_long_random_password_xyz",
            "correct-horse-battery-staple-extra",
            "p-4ssw0rd",
        ] {
            let r = redact(pw.as_bytes());
            let shown = r.trim_end_matches('*').chars().count();
            assert!(shown <= 4 && shown <= pw.len() / 4, "{pw} -> {r}");
        }
        assert_eq!(redact(b"abc"), "****");
    }
}
