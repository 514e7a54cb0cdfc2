//! Version ordering laws (reflexive, antisymmetric, transitive) on arbitrary
//! strings, random agreement with the `debversion` and `rpm-version` crates,
//! and the apk version fixtures from OSV.

mod common;

use portcullis_vulndb::version::{apk, deb, rpm};
use proptest::prelude::*;
use std::cmp::Ordering;

type Cmp = fn(&str, &str) -> Ordering;
const SCHEMES: [(&str, Cmp); 3] = [
    ("deb", deb::compare),
    ("apk", apk::compare),
    ("rpm", rpm::compare_evr),
];

fn laws(a: &str, b: &str, c: &str) -> Result<(), TestCaseError> {
    for (name, cmp) in SCHEMES {
        prop_assert_eq!(cmp(a, a), Ordering::Equal, "{} reflexive {:?}", name, a);
        prop_assert_eq!(
            cmp(a, b),
            cmp(b, a).reverse(),
            "{} antisymmetric {:?} {:?}",
            name,
            a,
            b
        );
        let (ab, bc, ac) = (cmp(a, b), cmp(b, c), cmp(a, c));
        if ab.is_le() && bc.is_le() {
            prop_assert!(
                ac.is_le(),
                "{} transitive {:?} <= {:?} <= {:?}",
                name,
                a,
                b,
                c
            );
        }
        if ab.is_eq() && bc.is_eq() {
            prop_assert!(
                ac.is_eq(),
                "{} equality transitive {:?} {:?} {:?}",
                name,
                a,
                b,
                c
            );
        }
    }
    Ok(())
}

/// Version-like strings: short runs of digits, letters and separators,
/// including the special characters of all three schemes.
fn versionish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[0-9]{0,3}([.:~^_+-]?(r|rc|p|alpha|git|a|z|0|00|1|9|10)[0-9]{0,2}){0,4}",
    )
    .unwrap()
}

fn deb_version() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([0-9]{1,2}:)?[0-9]{1,3}([.+~]?[0-9a-z]{1,3}){0,3}(-[0-9a-z]{1,2}([.+~][0-9a-z]{1,3}){0,2})?",
    )
    .unwrap()
}

fn rpm_version() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([0-9]{1,2}:)?[0-9]{1,3}([._~^+]?[0-9a-z]{1,3}){0,3}(-[0-9a-z]{1,2}([._~^][0-9a-z]{1,3}){0,2})?",
    )
    .unwrap()
}

fn apk_version() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}[a-z]?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]{0,3}){0,2}(-r[0-9]{1,2})?",
    )
    .unwrap()
}

/// 3,000 cases by default; `PORTCULLIS_PROPTEST_CASES=200000` for a deep run.
fn cases() -> u32 {
    std::env::var("PORTCULLIS_PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(3000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn order_laws_on_arbitrary_strings(a in versionish(), b in versionish(), c in versionish()) {
        laws(&a, &b, &c)?;
    }

    #[test]
    fn order_laws_on_any_unicode(a in ".{0,12}", b in ".{0,12}", c in ".{0,12}") {
        laws(&a, &b, &c)?;
    }

    #[test]
    fn order_laws_on_well_formed(a in apk_version(), b in apk_version(), c in apk_version()) {
        laws(&a, &b, &c)?;
        prop_assert!(apk::is_valid(&a), "{:?}", a);
    }

    #[test]
    fn deb_agrees_with_debversion(a in deb_version(), b in deb_version()) {
        let (Ok(x), Ok(y)) = (a.parse::<debversion::Version>(), b.parse::<debversion::Version>()) else {
            return Ok(());
        };
        prop_assert_eq!(deb::compare(&a, &b), x.cmp(&y), "{:?} vs {:?}", a, b);
    }

    #[test]
    fn rpm_agrees_with_rpm_version(a in rpm_version(), b in rpm_version()) {
        prop_assert_eq!(
            rpm::compare_evr(&a, &b),
            rpm_version::rpm_evr_compare(&a, &b),
            "{:?} vs {:?}", a, b
        );
    }
}

#[test]
fn apk_fixture_versions() {
    let Some(data) = common::vulndata() else {
        return;
    };
    let read = |name: &str| -> Vec<String> {
        std::fs::read_to_string(data.join("osv").join(name))
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    let valid = read("apk-valid-versions.txt");
    let invalid = read("apk-invalid-versions.txt");
    assert!(valid.len() > 150 && invalid.len() >= 10);
    for v in &valid {
        assert!(apk::is_valid(v), "valid version rejected: {v}");
    }
    for v in &invalid {
        assert!(!apk::is_valid(v), "invalid version accepted: {v}");
    }
    // Sorting is consistent: after sorting, every pair is in order.
    let mut sorted = valid.clone();
    sorted.sort_by(|a, b| apk::compare(a, b));
    for i in 0..sorted.len() {
        for j in i + 1..sorted.len() {
            assert_ne!(
                apk::compare(&sorted[i], &sorted[j]),
                Ordering::Greater,
                "{} {}",
                sorted[i],
                sorted[j]
            );
        }
    }
    // Invalid versions still compare deterministically (no panic, antisymmetric).
    for a in valid.iter().chain(&invalid) {
        for b in &invalid {
            assert_eq!(apk::compare(a, b), apk::compare(b, a).reverse());
        }
    }
}
