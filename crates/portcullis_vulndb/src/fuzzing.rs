//! Bodies of the fuzz targets, shared by `fuzz/` (cargo-fuzz, nightly) and
//! the stable mutation tests in `tests/fuzz_stable.rs`: each runs a parser on
//! arbitrary bytes and checks it neither panics nor breaks its laws.

use crate::feed::{self, alpine, debian, osv};
use crate::version::{apk, deb, rpm};
use std::cmp::Ordering;

/// Every feed parser on `data`: detection, then each format's parser directly.
pub fn feed_parsers(data: &[u8]) {
    let _ = feed::detect(data);
    if let Ok(p) = feed::parse(data, "fuzz/v3.10-main.yaml") {
        assert!(p.skipped <= p.records);
    }
    let _ = osv::parse_json(data);
    let _ = osv::parse_zip(data);
    let _ = alpine::parse_yaml(data, "v3.1");
    let _ = alpine::parse_json(data, "");
    let _ = debian::parse_json(data);
    let text = String::from_utf8_lossy(data);
    let _ = debian::looks_like_list(&text);
    let _ = debian::parse_list(&text);
}

/// One version parser on three strings cut from `data` (separated by `\n`):
/// validity checks run, and comparison is reflexive, antisymmetric and
/// transitive.
pub fn version_laws(scheme: crate::version::VersionScheme, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let a = parts.next().unwrap_or("");
    let b = parts.next().unwrap_or("");
    let c = parts.next().unwrap_or("");
    match scheme {
        crate::version::VersionScheme::Deb => {
            let _ = (deb::is_valid(a), deb::split(b));
        }
        crate::version::VersionScheme::Apk => {
            let _ = (apk::is_valid(a), apk::is_valid(b));
        }
        crate::version::VersionScheme::Rpm => {
            let _ = (rpm::split(a), rpm::rpmvercmp(b, c));
        }
    }
    let cmp = |x: &str, y: &str| scheme.compare(x, y);
    assert_eq!(cmp(a, a), Ordering::Equal);
    assert_eq!(cmp(a, b), cmp(b, a).reverse());
    if cmp(a, b).is_le() && cmp(b, c).is_le() {
        assert!(cmp(a, c).is_le(), "{a:?} {b:?} {c:?}");
    }
}
