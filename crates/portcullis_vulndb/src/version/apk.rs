//! Alpine apk version ordering, following the semantics of apk-tools
//! `version.c`: `digit{.digit}...{letter}{_suffix{N}}...{-rN}`. Pre-release
//! suffixes (`_alpha`, `_beta`, `_pre`, `_rc`) sort before the release, which
//! sorts before post-release suffixes (`_cvs`, `_svn`, `_git`, `_hg`, `_p`).
//! Dotted components compare numerically unless one has a leading zero, then
//! as strings (apk-tools 3; apk-tools 2's leading-zero tokens made `1.0_rc1`
//! sort above `1.0`). Empty components (`1.18.-r2`) are invalid, as in apk 3;
//! a final `.rN` (a typo found in secdb data) counts as the revision `-rN`.

use super::cmp_digits;
use std::cmp::Ordering;

const PRE: [&[u8]; 4] = [b"alpha", b"beta", b"pre", b"rc"];
const POST: [&[u8]; 5] = [b"cvs", b"svn", b"git", b"hg", b"p"];

/// What the next token of a version is expected to be (apk-tools' token types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    DigitOrZero,
    Digit,
    Letter,
    Suffix,
    SuffixNo,
    Revision,
    End,
    Invalid,
}

/// One token: its type and the bytes it covers.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    /// For digits: the digit run; for a letter: one byte; for an invalid
    /// tail: the rest of the string.
    bytes: &'a [u8],
    /// For a suffix: its index (pre: 0..4, post: 4..9).
    suffix: u8,
}

/// Walks a version string token by token, like apk-tools' `get_token`.
#[derive(Debug, Clone)]
struct Tokens<'a> {
    s: &'a [u8],
    pos: usize,
    next: Kind,
}

impl<'a> Tokens<'a> {
    fn new(s: &'a str) -> Self {
        Tokens {
            s: s.as_bytes(),
            pos: 0,
            next: if s.is_empty() { Kind::End } else { Kind::Digit },
        }
    }

    fn digits_end(&self, from: usize) -> usize {
        let mut i = from;
        while i < self.s.len() && self.s[i].is_ascii_digit() {
            i += 1;
        }
        i
    }

    /// The next token; `End` repeats once reached.
    fn next_token(&mut self) -> Token<'a> {
        let kind = self.next;
        let start = self.pos;
        let mut tok = Token {
            kind,
            bytes: &[],
            suffix: 0,
        };
        match kind {
            Kind::End => return tok,
            Kind::Invalid => {
                tok.bytes = &self.s[start..];
                self.pos = self.s.len();
                self.next = Kind::End;
                return tok;
            }
            Kind::DigitOrZero | Kind::Digit | Kind::SuffixNo | Kind::Revision => {
                let end = self.digits_end(start);
                if end == start {
                    // An empty number ("1.-r0", "1..2"): apk-tools 3 rejects it.
                    return self.invalid(start);
                }
                tok.bytes = &self.s[start..end];
                self.pos = end;
            }
            Kind::Letter => {
                tok.bytes = &self.s[start..start + 1];
                self.pos = start + 1;
            }
            Kind::Suffix => {
                let rest = &self.s[start..];
                let found = PRE
                    .iter()
                    .chain(POST.iter())
                    .position(|p| rest.starts_with(p));
                match found {
                    Some(i) => {
                        tok.suffix = i as u8;
                        let len = if i < PRE.len() {
                            PRE[i].len()
                        } else {
                            POST[i - PRE.len()].len()
                        };
                        self.pos = start + len;
                    }
                    None => return self.invalid(start),
                }
            }
        }
        if self.pos >= self.s.len() {
            self.next = Kind::End;
        } else {
            self.advance_separator(kind);
        }
        tok
    }

    fn invalid(&mut self, start: usize) -> Token<'a> {
        self.pos = self.s.len();
        self.next = Kind::End;
        Token {
            kind: Kind::Invalid,
            bytes: &self.s[start..],
            suffix: 0,
        }
    }

    /// apk-tools' `next_token`: decides the type of what follows the token
    /// just read, consuming a separator.
    fn advance_separator(&mut self, prev: Kind) {
        let c = self.s[self.pos];
        let mut n = Kind::Invalid;
        if matches!(prev, Kind::Digit | Kind::DigitOrZero) && c.is_ascii_lowercase() {
            n = Kind::Letter;
        } else if prev == Kind::Letter && c.is_ascii_digit() {
            n = Kind::Digit;
        } else if prev == Kind::Suffix && c.is_ascii_digit() {
            n = Kind::SuffixNo;
        } else {
            match c {
                // Real secdb data has `10.2.22.r0` for `10.2.22-r0`: a final
                // `.rN` is read as the revision it stands for.
                b'.' if self.s[self.pos + 1..]
                    .strip_prefix(b"r")
                    .is_some_and(|d| !d.is_empty() && d.iter().all(u8::is_ascii_digit)) =>
                {
                    n = Kind::Revision;
                    self.pos += 1;
                }
                b'.' => n = Kind::DigitOrZero,
                b'_' => n = Kind::Suffix,
                b'-' if self.s.get(self.pos + 1) == Some(&b'r') => {
                    n = Kind::Revision;
                    self.pos += 1;
                }
                _ => {}
            }
            if n != Kind::Invalid {
                self.pos += 1;
            }
        }
        if n != Kind::Invalid && n < prev {
            let allowed = (n == Kind::DigitOrZero && prev == Kind::Digit)
                || (n == Kind::Suffix && prev == Kind::SuffixNo)
                || (n == Kind::Digit && prev == Kind::Letter);
            if !allowed {
                n = Kind::Invalid;
            }
        }
        self.next = n;
    }
}

/// Sort rank of a token type when two versions differ in what comes next:
/// a pre-release suffix sorts lowest, then the end of the version, then
/// revision, suffix number, post suffix, letter, digit and another dotted
/// component; an invalid tail sorts highest.
fn rank(t: &Token<'_>) -> u8 {
    match t.kind {
        Kind::Suffix if (t.suffix as usize) < PRE.len() => 0,
        Kind::End => 1,
        Kind::Revision => 2,
        Kind::SuffixNo => 3,
        Kind::Suffix => 4,
        Kind::Letter => 5,
        Kind::Digit => 6,
        Kind::DigitOrZero => 7,
        Kind::Invalid => 8,
    }
}

fn cmp_token(a: &Token<'_>, b: &Token<'_>) -> Ordering {
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match a.kind {
        Kind::End => Ordering::Equal,
        Kind::Suffix => a.suffix.cmp(&b.suffix),
        Kind::Letter | Kind::Invalid => a.bytes.cmp(b.bytes),
        // A dotted component with a leading zero compares as a string
        // ("1.05" < "1.1" < "1.10"); otherwise numbers compare by value.
        Kind::DigitOrZero if a.bytes.first() == Some(&b'0') || b.bytes.first() == Some(&b'0') => {
            a.bytes.cmp(b.bytes)
        }
        _ => cmp_digits(a.bytes, b.bytes),
    }
}

/// Compares two apk versions.
pub fn compare(a: &str, b: &str) -> Ordering {
    let mut ta = Tokens::new(a);
    let mut tb = Tokens::new(b);
    loop {
        let x = ta.next_token();
        let y = tb.next_token();
        let c = cmp_token(&x, &y);
        if c != Ordering::Equal || x.kind == Kind::End {
            return c;
        }
    }
}

/// True when apk would accept `v` as a version.
pub fn is_valid(v: &str) -> bool {
    let mut t = Tokens::new(v);
    if v.is_empty() || !v.as_bytes()[0].is_ascii_digit() {
        return false;
    }
    loop {
        match t.next_token().kind {
            Kind::End => return true,
            Kind::Invalid => return false,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apk_examples() {
        let lt = [
            ("1.1.1c-r0", "1.1.1d-r0"),
            ("1.1.1d-r0", "1.1.1d-r2"),
            ("1.0_rc1", "1.0"),
            ("1.0_alpha", "1.0_beta"),
            ("1.0_beta2", "1.0_rc1"),
            ("1.0", "1.0_p1"),
            ("1.0_p1", "1.0.1"),
            ("1.0", "1.0a"),
            ("1.0a", "1.0.1"),
            ("1.0-r1", "1.0-r10"),
            ("1.0", "1.0-r1"),
            ("1.0-r5", "1.0.1-r0"),
            ("1.01", "1.1"),
            ("1.001", "1.01"),
            ("1.0_git20200101", "1.0_p1"),
            ("1.0_cvs", "1.0_svn"),
            ("2.8.2-r0", "2.8.4-r0"),
            ("0.1.0_alpha_pre2", "0.1.0_alpha"),
            ("1.2.07.8", "1.2.12.04"),
            ("1.0.0", "006"),
            ("0.9.28.1", "087-r1"),
            ("2.12r-r4", "2.12r-r5"),
            ("1.0", "1.0bc"),
            ("4_beta", "23_foo"),
        ];
        for (a, b) in lt {
            assert_eq!(compare(a, b), Ordering::Less, "{a} < {b}");
            assert_eq!(compare(b, a), Ordering::Greater, "{b} > {a}");
        }
        assert_eq!(compare("1.1.1d-r0", "1.1.1d-r0"), Ordering::Equal);
        assert!(is_valid("6.6.2p1-r0"));
        assert!(is_valid("6.3_p20220416-r0"));
        assert!(!is_valid("1.18.-r2"));
        assert!(is_valid("10.2.22.r0"));
        assert_eq!(compare("10.2.22.r0", "10.2.22-r0"), Ordering::Equal);
        assert!(!is_valid("2.15.r-r1"));
        assert!(!is_valid("110.73-e0"));
        assert!(!is_valid("2.19.10.4_y8"));
    }
}
