//! dpkg: `/var/lib/dpkg/status`, the distroless `/var/lib/dpkg/status.d/<name>` files (same
//! format, one or more paragraphs, no `Status:` field) and licence names from DEP-5
//! `/usr/share/doc/<pkg>/copyright` files.

use crate::rfc822::{Flavor, Paragraph, Paragraphs, trim};
use crate::{Package, PackageKind, PkgDbError};

/// Parses a dpkg `status` file or a distroless `status.d/<name>` file.
///
/// Entries whose `Status:` says the package files are not on disk (current state
/// `not-installed` or `config-files`, as after `dpkg --remove`) are skipped; every other
/// state (`installed`, `unpacked`, `half-configured`, `half-installed`, `triggers-*`)
/// means the package's files are present and is kept. Trivy instead drops entries by the
/// *wanted* state (`deinstall`/`purge`), which misses files still on disk; syft keeps all.
/// A paragraph without `Status:` (distroless `status.d`) is installed. Paragraphs without
/// `Package:` or `Version:` are skipped; a structurally broken line is an error.
pub fn parse_dpkg_status(data: &[u8], db_path: &str) -> Result<Vec<Package>, PkgDbError> {
    first_error(parse_dpkg_status_partial(data, db_path))
}

/// Like [`parse_dpkg_status`], but a malformed paragraph only costs that
/// paragraph: the packages of every well-formed one are returned with the
/// errors. An image scanner must not lose a whole inventory (and so every
/// vulnerability) to one corrupt line.
pub fn parse_dpkg_status_partial(data: &[u8], db_path: &str) -> (Vec<Package>, Vec<PkgDbError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for para in Paragraphs::new(data, db_path, Flavor::Deb822) {
        match para {
            Ok(para) => out.extend(package_from(&para, db_path)),
            Err(e) => errors.push(e),
        }
    }
    (out, errors)
}

/// The packages, or the first error when there was one.
pub(crate) fn first_error(
    (packages, errors): (Vec<Package>, Vec<PkgDbError>),
) -> Result<Vec<Package>, PkgDbError> {
    match errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(packages),
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Whether a `Status: want flag state` value leaves the package's files installed.
fn status_is_installed(status: &[u8]) -> bool {
    let words: Vec<&[u8]> = status
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [_, _, state] => !matches!(*state, b"not-installed" | b"config-files"),
        // A status that does not have three words is not one dpkg writes: keep the
        // package rather than hide it from the vulnerability scan.
        _ => true,
    }
}

fn package_from(para: &Paragraph<'_>, db_path: &str) -> Option<Package> {
    let name = para.value("Package")?;
    let version = para.value("Version")?;
    if let Some(status) = para.value("Status")
        && !status_is_installed(status)
    {
        return None;
    }
    let name = text(name);
    let version = text(version);
    let (source_name, source_version) = match para.value("Source") {
        Some(src) => parse_source(src, &name, &version),
        None => (name.clone(), version.clone()),
    };
    Some(Package {
        kind: PackageKind::Dpkg,
        arch: para.value("Architecture").map(text),
        name,
        version,
        source_name,
        source_version,
        licenses: Vec::new(),
        layer: None,
        db_path: db_path.to_owned(),
    })
}

/// `Source: name` or `Source: name (version)`.
fn parse_source(src: &[u8], name: &str, version: &str) -> (String, String) {
    match src.iter().position(|&b| b == b'(') {
        Some(open) => {
            let src_name = trim(&src[..open]);
            let rest = &src[open + 1..];
            let close = rest.iter().position(|&b| b == b')').unwrap_or(rest.len());
            let src_version = trim(&rest[..close]);
            let src_name = if src_name.is_empty() {
                name.to_owned()
            } else {
                text(src_name)
            };
            let src_version = if src_version.is_empty() {
                version.to_owned()
            } else {
                text(src_version)
            };
            (src_name, src_version)
        }
        None => (text(trim(src)), version.to_owned()),
    }
}

/// Licence names from a Debian copyright file: the `License:` short names of a DEP-5
/// (machine-readable) file, in order of first appearance, without duplicates. A file that
/// is not DEP-5 is scanned for `License:` lines and for references to
/// `/usr/share/common-licenses/<NAME>`, as Trivy does.
pub fn dpkg_licenses_from_copyright(text: &str) -> Vec<String> {
    fn push(out: &mut Vec<String>, s: &str) {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_owned());
        }
    }
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        // Continuation lines (licence texts) start with whitespace and are not fields.
        if let Some(rest) = line.strip_prefix("License:") {
            push(&mut out, rest);
        }
    }
    if out.is_empty() {
        const DIR: &str = "/usr/share/common-licenses/";
        let mut rest = text;
        while let Some(i) = rest.find(DIR) {
            rest = &rest[i + DIR.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+')))
                .unwrap_or(rest.len());
            push(&mut out, rest[..end].trim_end_matches('.'));
            rest = &rest[end..];
        }
    }
    out
}

#[cfg(test)]
mod partial_tests {
    use super::*;

    #[test]
    fn one_corrupt_paragraph_keeps_the_others() {
        let data = b"Package: a\nStatus: install ok installed\nVersion: 1\n\n\
Package: b\nthis line is corrupt\nVersion: 2\n\n\
Package: c\nStatus: install ok installed\nVersion: 3\n";
        let (pkgs, errors) = parse_dpkg_status_partial(data, "status");
        let names: Vec<&str> = pkgs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("status:6"), "{}", errors[0]);
        assert!(parse_dpkg_status(data, "status").is_err());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n\
Source: glibc (2.36-9+deb12u4)\nVersion: 2.36-9+deb12u4\nDescription: x\n long\n\n\
Package: git\nStatus: deinstall ok config-files\nVersion: 1:2.20.1-2\n\n\
Package: bash\nStatus: install ok half-configured\nVersion: 5.2.15-2+b2\nSource: bash\n\n\
Package: noversion\nStatus: install ok installed\n";

    #[test]
    fn status_file() {
        let pkgs = parse_dpkg_status(STATUS.as_bytes(), "var/lib/dpkg/status").unwrap();
        assert_eq!(pkgs.len(), 2);
        assert_eq!(pkgs[0].name, "libc6");
        assert_eq!(pkgs[0].source_name, "glibc");
        assert_eq!(pkgs[0].source_version, "2.36-9+deb12u4");
        assert_eq!(pkgs[0].arch.as_deref(), Some("amd64"));
        assert_eq!(pkgs[1].name, "bash");
        assert_eq!(pkgs[1].source_name, "bash");
        assert_eq!(pkgs[1].source_version, "5.2.15-2+b2");
    }

    #[test]
    fn states() {
        assert!(status_is_installed(b"install ok installed"));
        assert!(status_is_installed(b"deinstall ok installed"));
        assert!(status_is_installed(b"install reinstreq half-installed"));
        assert!(!status_is_installed(b"deinstall ok config-files"));
        assert!(!status_is_installed(b"purge ok not-installed"));
    }

    #[test]
    fn copyright_dep5() {
        let text = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n\
Files: *\nCopyright: 2000 X\nLicense: GPL-2+\n\nFiles: lib/*\nLicense: LGPL-2.1+ or BSD-3-clause\n\n\
License: GPL-2+\n This program is free software\n .\n License: not a field\n";
        assert_eq!(
            dpkg_licenses_from_copyright(text),
            ["GPL-2+", "LGPL-2.1+ or BSD-3-clause"]
        );
        let free = "see /usr/share/common-licenses/GPL-2. and /usr/share/common-licenses/Artistic";
        assert_eq!(dpkg_licenses_from_copyright(free), ["GPL-2", "Artistic"]);
    }
}
