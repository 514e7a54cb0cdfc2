//! RPM version ordering: `rpmvercmp` (alphanumeric segments, digits compare
//! numerically and beat letters, `~` sorts before everything, `^` after the
//! base version but before any further segment) and EVR comparison
//! (`[epoch:]version[-release]`, missing epoch = 0).

use super::cmp_digits;
use std::cmp::Ordering;

/// An `[epoch:]version[-release]` split, borrowing the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evr<'a> {
    /// Epoch digits (empty means 0).
    pub epoch: &'a str,
    /// Version.
    pub version: &'a str,
    /// Release (empty when absent).
    pub release: &'a str,
}

/// Splits `[epoch:]version[-release]`.
pub fn split(v: &str) -> Evr<'_> {
    let v = v.trim();
    let (epoch, rest) = match v.split_once(':') {
        Some((e, r)) if e.bytes().all(|c| c.is_ascii_digit()) => (e, r),
        _ => ("", v),
    };
    let (version, release) = match rest.rfind('-') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    Evr {
        epoch,
        version,
        release,
    }
}

/// Compares two `[epoch:]version[-release]` strings (missing epoch = 0).
pub fn compare_evr(a: &str, b: &str) -> Ordering {
    let a = split(a);
    let b = split(b);
    cmp_digits(a.epoch.as_bytes(), b.epoch.as_bytes())
        .then_with(|| rpmvercmp(a.version, b.version))
        .then_with(|| rpmvercmp(a.release, b.release))
}

fn is_sep(c: u8) -> bool {
    !c.is_ascii_alphanumeric() && c != b'~' && c != b'^'
}

/// RPM's `rpmvercmp` over one version or release string.
pub fn rpmvercmp(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0usize, 0usize);
    while i < a.len() || j < b.len() {
        while i < a.len() && is_sep(a[i]) {
            i += 1;
        }
        while j < b.len() && is_sep(b[j]) {
            j += 1;
        }
        let (ca, cb) = (a.get(i).copied(), b.get(j).copied());
        if ca == Some(b'~') || cb == Some(b'~') {
            if ca != Some(b'~') {
                return Ordering::Greater;
            }
            if cb != Some(b'~') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        if ca == Some(b'^') || cb == Some(b'^') {
            if ca.is_none() {
                return Ordering::Less;
            }
            if cb.is_none() {
                return Ordering::Greater;
            }
            if ca != Some(b'^') {
                return Ordering::Greater;
            }
            if cb != Some(b'^') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        let (Some(ca), Some(_)) = (ca, cb) else {
            break;
        };
        let numeric = ca.is_ascii_digit();
        let class = |c: u8| {
            if numeric {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        };
        let si = i;
        while i < a.len() && class(a[i]) {
            i += 1;
        }
        let sj = j;
        while j < b.len() && class(b[j]) {
            j += 1;
        }
        if sj == j {
            // Segments of different types: numeric beats alpha.
            return if numeric {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        let c = if numeric {
            cmp_digits(&a[si..i], &b[sj..j])
        } else {
            a[si..i].cmp(&b[sj..j])
        };
        if c != Ordering::Equal {
            return c;
        }
    }
    match (i >= a.len(), j >= b.len()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        _ => Ordering::Greater,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpm_examples() {
        let lt = [
            ("1.0", "1.0.1"),
            ("1.0~rc1", "1.0"),
            ("1.0", "1.0^git1"),
            ("1.0^git1", "1.0.1"),
            ("1.0a", "1.0.1"),
            ("a", "1"),
            ("1.0-1.el9", "1.0-1.el9_2"),
            ("0:1.0-1", "1:0.1-1"),
            ("2.9", "2.10"),
        ];
        for (a, b) in lt {
            assert_eq!(compare_evr(a, b), Ordering::Less, "{a} < {b}");
            assert_eq!(compare_evr(b, a), Ordering::Greater, "{b} > {a}");
        }
        assert_eq!(compare_evr("1.0-1", "0:1.0-1"), Ordering::Equal);
        assert_eq!(rpmvercmp("1.01", "1.1"), Ordering::Equal);
    }
}
