//! Debian version ordering, the dpkg algorithm: numeric epoch, then upstream
//! version and revision each compared with `verrevcmp` (`~` sorts before
//! everything, even the end; letters sort before other characters; digit runs
//! compare numerically).

use super::cmp_digits;
use std::cmp::Ordering;

/// A version split into its dpkg parts, borrowing the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DebVersion<'a> {
    /// Epoch digits (empty means 0).
    pub epoch: &'a str,
    /// Upstream version.
    pub upstream: &'a str,
    /// Debian revision (empty when absent).
    pub revision: &'a str,
}

/// Splits a version into epoch, upstream and revision. A prefix before `:`
/// that is not all digits is kept in the upstream part (dpkg would reject it).
pub fn split(v: &str) -> DebVersion<'_> {
    let v = v.trim();
    let (epoch, rest) = match v.split_once(':') {
        Some((e, r)) if !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit()) => (e, r),
        _ => ("", v),
    };
    let (upstream, revision) = match rest.rfind('-') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    DebVersion {
        epoch,
        upstream,
        revision,
    }
}

/// True when `v` is a well-formed Debian version (as dpkg's parser accepts).
pub fn is_valid(v: &str) -> bool {
    if v.is_empty() || v.trim() != v {
        return false;
    }
    if let Some((e, _)) = v.split_once(':')
        && (e.is_empty() || !e.bytes().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let p = split(v);
    let Some(first) = p.upstream.bytes().next() else {
        return false;
    };
    first.is_ascii_digit()
        && p.upstream
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b".+~-:".contains(&c))
        && p.revision
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b".+~".contains(&c))
}

/// Compares two Debian versions.
pub fn compare(a: &str, b: &str) -> Ordering {
    let a = split(a);
    let b = split(b);
    cmp_digits(a.epoch.as_bytes(), b.epoch.as_bytes())
        .then_with(|| verrevcmp(a.upstream.as_bytes(), b.upstream.as_bytes()))
        .then_with(|| verrevcmp(a.revision.as_bytes(), b.revision.as_bytes()))
}

/// dpkg's character weight: `~` lowest, then end/digit, letters, the rest.
fn order(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(b'~') => -1,
        Some(c) => i32::from(c) + 256,
    }
}

/// dpkg's `verrevcmp` over one version part.
pub fn verrevcmp(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        // Non-digit prefix, character by character.
        while (i < a.len() && !a[i].is_ascii_digit()) || (j < b.len() && !b[j].is_ascii_digit()) {
            let ac = order(a.get(i).copied().filter(|c| !c.is_ascii_digit()));
            let bc = order(b.get(j).copied().filter(|c| !c.is_ascii_digit()));
            if ac != bc {
                return ac.cmp(&bc);
            }
            if i < a.len() && !a[i].is_ascii_digit() {
                i += 1;
            }
            if j < b.len() && !b[j].is_ascii_digit() {
                j += 1;
            }
        }
        // Digit run, numerically.
        let si = i;
        while i < a.len() && a[i].is_ascii_digit() {
            i += 1;
        }
        let sj = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let c = cmp_digits(&a[si..i], &b[sj..j]);
        if c != Ordering::Equal {
            return c;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dpkg_examples() {
        let lt = [
            ("1.0~rc1", "1.0"),
            ("1.0", "1.0-1"),
            ("1.0-1", "1.0-1+deb12u1"),
            ("1.2.1-2.2+wheezy2", "1.2.1-2.2+wheezy3"),
            ("1.0-1+deb12u4", "1.0-1+deb12u10"),
            ("9:1.0", "10:0.1"),
            ("1:0.1", "2:0.0"),
            ("1.0a", "1.0b"),
            ("1.0a", "1.0."),
            ("1.0~~", "1.0~"),
            ("1.0~", "1.0"),
            ("2.4.56-1~deb11u1", "2.4.56-1"),
        ];
        for (a, b) in lt {
            assert_eq!(compare(a, b), Ordering::Less, "{a} < {b}");
            assert_eq!(compare(b, a), Ordering::Greater, "{b} > {a}");
        }
        assert_eq!(compare("1.0", "1.00"), Ordering::Equal);
        assert_eq!(compare("0:1.0", "1.0"), Ordering::Equal);
        assert!(is_valid("2:1.20.11-1+deb11u6"));
        assert!(!is_valid("a:1"));
        assert!(!is_valid(""));
    }
}
