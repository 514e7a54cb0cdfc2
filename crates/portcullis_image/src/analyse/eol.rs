//! Distribution end of life: an embedded table of release branches and the
//! date their security support ends (LTS where the project offers it), and the
//! lookup from a detected [`Distro`]. Dates are `YYYY-MM-DD`, compared as text;
//! each is the last day of support, so a release is past end of life from the
//! day after.

use portcullis_pkgdb::Distro;

/// (distro IDs, branch, end of security support).
const TABLE: &[(&[&str], &str, &str)] = &[
    // Debian: end of LTS.
    (&["debian"], "7", "2018-05-31"),
    (&["debian"], "8", "2020-06-30"),
    (&["debian"], "9", "2022-06-30"),
    (&["debian"], "10", "2024-06-30"),
    (&["debian"], "11", "2026-08-31"),
    (&["debian"], "12", "2028-06-30"),
    (&["debian"], "13", "2030-06-30"),
    // Ubuntu: end of standard support.
    (&["ubuntu"], "14.04", "2019-04-25"),
    (&["ubuntu"], "16.04", "2021-04-30"),
    (&["ubuntu"], "18.04", "2023-05-31"),
    (&["ubuntu"], "20.04", "2025-05-31"),
    (&["ubuntu"], "20.10", "2021-07-22"),
    (&["ubuntu"], "21.04", "2022-01-20"),
    (&["ubuntu"], "21.10", "2022-07-14"),
    (&["ubuntu"], "22.04", "2027-06-01"),
    (&["ubuntu"], "22.10", "2023-07-20"),
    (&["ubuntu"], "23.04", "2024-01-25"),
    (&["ubuntu"], "23.10", "2024-07-11"),
    (&["ubuntu"], "24.04", "2029-05-31"),
    (&["ubuntu"], "24.10", "2025-07-10"),
    (&["ubuntu"], "25.04", "2026-01-15"),
    (&["ubuntu"], "25.10", "2026-07-09"),
    // Alpine branches.
    (&["alpine"], "3.7", "2019-11-01"),
    (&["alpine"], "3.8", "2020-05-01"),
    (&["alpine"], "3.9", "2020-11-01"),
    (&["alpine"], "3.10", "2021-05-01"),
    (&["alpine"], "3.11", "2021-11-01"),
    (&["alpine"], "3.12", "2022-05-01"),
    (&["alpine"], "3.13", "2022-11-01"),
    (&["alpine"], "3.14", "2023-05-01"),
    (&["alpine"], "3.15", "2023-11-01"),
    (&["alpine"], "3.16", "2024-05-23"),
    (&["alpine"], "3.17", "2024-11-22"),
    (&["alpine"], "3.18", "2025-05-09"),
    (&["alpine"], "3.19", "2025-11-01"),
    (&["alpine"], "3.20", "2026-04-01"),
    (&["alpine"], "3.21", "2026-11-01"),
    (&["alpine"], "3.22", "2027-05-01"),
    (&["alpine"], "3.23", "2027-11-01"),
    // Enterprise Linux: end of maintenance support.
    (&["rhel", "centos", "ol"], "6", "2020-11-30"),
    (&["rhel", "centos", "ol"], "7", "2024-06-30"),
    (&["centos"], "8", "2021-12-31"),
    (&["rhel", "rocky", "almalinux", "ol"], "8", "2029-05-31"),
    (&["rhel", "rocky", "almalinux", "ol"], "9", "2032-05-31"),
    // CentOS Stream 9 follows RHEL 9's full support phase only.
    (&["centos"], "9", "2027-05-31"),
    (&["rhel", "rocky", "almalinux", "ol"], "10", "2035-05-31"),
    // Amazon Linux.
    (&["amzn"], "2018.03", "2023-12-31"),
    (&["amzn"], "1", "2023-12-31"),
    (&["amzn"], "2", "2026-06-30"),
    (&["amzn"], "2023", "2029-06-30"),
    // Fedora (about 13 months per release).
    (&["fedora"], "35", "2022-12-13"),
    (&["fedora"], "36", "2023-05-16"),
    (&["fedora"], "37", "2023-12-05"),
    (&["fedora"], "38", "2024-05-21"),
    (&["fedora"], "39", "2024-11-26"),
    (&["fedora"], "40", "2025-05-13"),
    (&["fedora"], "41", "2025-12-15"),
    (&["fedora"], "42", "2026-05-13"),
    // SUSE: general support of each service pack.
    (&["sles"], "12.5", "2024-10-31"),
    (&["sles"], "15.1", "2021-01-31"),
    (&["sles"], "15.2", "2021-12-31"),
    (&["sles"], "15.3", "2022-12-31"),
    (&["sles"], "15.4", "2023-12-31"),
    (&["sles"], "15.5", "2024-12-31"),
    (&["sles"], "15.6", "2025-12-31"),
    (&["opensuse-leap"], "15.2", "2022-01-04"),
    (&["opensuse-leap"], "15.3", "2022-12-31"),
    (&["opensuse-leap"], "15.4", "2023-12-07"),
    (&["opensuse-leap"], "15.5", "2024-12-31"),
    (&["opensuse-leap"], "15.6", "2026-04-30"),
];

/// The branch key of a distro version (`3.20.3` -> `3.20` for Alpine, `8.9` -> `8` for EL).
fn branch(d: &Distro) -> Option<String> {
    let v = d.version_id.trim();
    if v.is_empty() {
        return None;
    }
    let mut parts = v.split('.');
    let major = parts.next()?.to_string();
    let minor = parts.next();
    Some(match d.id.as_str() {
        "alpine" | "sles" | "opensuse-leap" | "ubuntu" => match minor {
            Some(m) => format!("{major}.{m}"),
            None => major,
        },
        "amzn" if major == "2018" => "2018.03".to_string(),
        _ => major,
    })
}

/// The end-of-life date of `d`'s branch, with the branch, when the table knows it.
pub fn end_of_life(d: &Distro) -> Option<(String, &'static str)> {
    let b = branch(d)?;
    TABLE
        .iter()
        .find(|(ids, br, _)| ids.contains(&d.id.as_str()) && *br == b)
        .map(|(_, _, date)| (b, *date))
}

/// `Some((branch, date))` when `d` is past end of life on `today` (`YYYY-MM-DD`).
pub fn is_past_eol(d: &Distro, today: &str) -> Option<(String, &'static str)> {
    end_of_life(d).filter(|(_, date)| *date < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: &str, v: &str) -> Distro {
        Distro {
            id: id.into(),
            version_id: v.into(),
            ..Distro::default()
        }
    }

    #[test]
    fn eol_lookup() {
        assert_eq!(
            is_past_eol(&d("alpine", "3.10.9"), "2026-12-04").map(|x| x.1),
            Some("2021-05-01")
        );
        assert!(is_past_eol(&d("alpine", "3.22.1"), "2026-12-04").is_none());
        assert!(is_past_eol(&d("debian", "12"), "2026-12-04").is_none());
        assert!(is_past_eol(&d("debian", "11"), "2026-12-04").is_some());
        assert!(is_past_eol(&d("debian", "11"), "2026-01-01").is_none());
        assert!(is_past_eol(&d("centos", "7.9.2009"), "2026-12-04").is_some());
        assert!(is_past_eol(&d("fedora", "42"), "2026-12-04").is_some());
        assert!(is_past_eol(&d("ubuntu", "22.04"), "2026-12-04").is_none());
        assert_eq!(
            end_of_life(&d("centos", "9")).map(|x| x.1),
            Some("2027-05-31")
        );
        assert_eq!(
            end_of_life(&d("rocky", "9.4")).map(|x| x.1),
            Some("2032-05-31")
        );
        assert!(is_past_eol(&d("debian", ""), "2026-12-04").is_none());
    }
}
