//! CVSS base scores computed from vector strings: the CVSS 3.0 / 3.1 base
//! score formula (FIRST specification section 7), and the qualitative
//! severity rating scale. CVSS 4.0 vectors are kept but not scored.

use portcullis_rules::Severity;

/// A parsed CVSS 3.x base vector's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CvssScore {
    /// Base score, 0.0 to 10.0, one decimal.
    pub base: f32,
    /// `3.0` or `3.1`, as the vector's prefix says.
    pub minor: u8,
}

/// Computes the base score of a `CVSS:3.x/AV:../AC:../PR:../UI:../S:../C:../I:../A:..`
/// vector. Returns `None` when the vector is not CVSS 3 or misses a base metric.
pub fn score_v3(vector: &str) -> Option<CvssScore> {
    let mut parts = vector.trim().split('/');
    let minor = match parts.next()? {
        "CVSS:3.0" => 0,
        "CVSS:3.1" => 1,
        _ => return None,
    };
    let (mut av, mut ac, mut pr, mut ui, mut s, mut c, mut i, mut a) =
        (None, None, None, None, None, None, None, None);
    for part in parts {
        let (k, v) = part.split_once(':')?;
        let slot = match k {
            "AV" => &mut av,
            "AC" => &mut ac,
            "PR" => &mut pr,
            "UI" => &mut ui,
            "S" => &mut s,
            "C" => &mut c,
            "I" => &mut i,
            "A" => &mut a,
            _ => continue, // temporal / environmental metrics do not change the base score
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(v);
    }
    let changed = match s? {
        "U" => false,
        "C" => true,
        _ => return None,
    };
    let av = match av? {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        "P" => 0.2,
        _ => return None,
    };
    let ac = match ac? {
        "L" => 0.77,
        "H" => 0.44,
        _ => return None,
    };
    let pr = match (pr?, changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        ("H", false) => 0.27,
        ("H", true) => 0.5,
        _ => return None,
    };
    let ui = match ui? {
        "N" => 0.85,
        "R" => 0.62,
        _ => return None,
    };
    let cia = |v: Option<&str>| -> Option<f64> {
        match v? {
            "H" => Some(0.56),
            "L" => Some(0.22),
            "N" => Some(0.0),
            _ => None,
        }
    };
    let (c, i, a) = (cia(c)?, cia(i)?, cia(a)?);
    let iss = 1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a);
    let impact = if changed {
        7.52 * (iss - 0.029) - 3.25 * (iss - 0.02f64).powi(15)
    } else {
        6.42 * iss
    };
    let exploitability = 8.22 * av * ac * pr * ui;
    let roundup = if minor == 1 { roundup_31 } else { roundup_30 };
    let base = if impact <= 0.0 {
        0.0
    } else if changed {
        roundup((1.08 * (impact + exploitability)).min(10.0))
    } else {
        roundup((impact + exploitability).min(10.0))
    };
    Some(CvssScore {
        base: base as f32,
        minor,
    })
}

/// CVSS 3.1 Roundup: the smallest one-decimal number >= x, computed in
/// integers to avoid floating-point artefacts.
fn roundup_31(x: f64) -> f64 {
    let int_input = (x * 100_000.0).round() as i64;
    if int_input % 10_000 == 0 {
        int_input as f64 / 100_000.0
    } else {
        ((int_input / 10_000) + 1) as f64 / 10.0
    }
}

/// CVSS 3.0 round up to one decimal.
fn roundup_30(x: f64) -> f64 {
    (x * 10.0).ceil() / 10.0
}

/// The CVSS qualitative rating of a base score (0.0 is `Info`).
pub fn severity_of_score(score: f32) -> Severity {
    if score >= 9.0 {
        Severity::Critical
    } else if score >= 7.0 {
        Severity::High
    } else if score >= 4.0 {
        Severity::Medium
    } else if score > 0.0 {
        Severity::Low
    } else {
        Severity::Info
    }
}

/// Maps a distribution's textual rating (Debian urgency, Ubuntu priority,
/// OSV `database_specific.severity`) to a severity; `None` when unrated.
pub fn severity_of_label(label: &str) -> Option<Severity> {
    let l = label
        .trim()
        .trim_end_matches('*')
        .trim()
        .to_ascii_lowercase();
    match l.as_str() {
        "critical" => Some(Severity::Critical),
        "high" | "important" => Some(Severity::High),
        "medium" | "moderate" => Some(Severity::Medium),
        "low" | "negligible" | "unimportant" => Some(Severity::Low),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_scores() {
        let cases = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9),
            ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
            ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0.0),
            ("CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", 2.9),
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),
        ];
        for (v, want) in cases {
            let got = score_v3(v).expect(v).base;
            assert!((got - want).abs() < 1e-4, "{v}: {got} != {want}");
        }
        assert!(score_v3("CVSS:2.0/AV:N").is_none());
        assert!(score_v3("CVSS:3.1/AV:N/AC:L").is_none());
        assert_eq!(severity_of_score(9.8), Severity::Critical);
        assert_eq!(severity_of_label("low**"), Some(Severity::Low));
    }
}
