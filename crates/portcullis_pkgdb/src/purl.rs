//! Package URLs (<https://github.com/package-url/purl-spec>) for OS packages:
//! `pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12`,
//! `pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3`,
//! `pkg:rpm/rhel/vim-minimal@9.0-1.el9?arch=x86_64&epoch=2&distro=rhel-9.3`.

use std::fmt::Write;

use crate::{Distro, Package, PackageKind};

/// Percent-encodes everything but the RFC 3986 unreserved characters, so `+` becomes
/// `%2B` and `:` becomes `%3A`, as the purl spec asks for names, versions and values.
pub(crate) fn encode(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// Splits an rpm `[epoch:]version-release` into its epoch and the rest.
fn split_epoch(version: &str) -> (Option<&str>, &str) {
    match version.split_once(':') {
        Some((e, rest)) if !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()) => {
            (Some(e), rest)
        }
        _ => (None, version),
    }
}

impl Package {
    /// The package URL of this package, with `arch`, `epoch` (rpm) and `distro` qualifiers
    /// (sorted by key, as the spec requires). Without a distro the namespace falls back to
    /// `debian` / `alpine`, and rpm gets no namespace.
    pub fn purl(&self, distro: Option<&Distro>) -> String {
        let distro_id = distro
            .map(|d| d.id.to_ascii_lowercase())
            .filter(|s| !s.is_empty());
        let (ty, namespace) = match self.kind {
            PackageKind::Dpkg => ("deb", distro_id.or_else(|| Some("debian".into()))),
            PackageKind::Apk => ("apk", distro_id.or_else(|| Some("alpine".into()))),
            PackageKind::Rpm => ("rpm", distro_id),
        };
        let (epoch, version) = match self.kind {
            PackageKind::Rpm => split_epoch(&self.version),
            // dpkg and apk versions are kept whole (a dpkg epoch is part of the version).
            _ => (None, self.version.as_str()),
        };
        let distro_q = distro.and_then(|d| {
            let v = if d.version_id.is_empty() {
                d.codename.as_deref()?
            } else {
                d.version_id.as_str()
            };
            Some(match self.kind {
                PackageKind::Apk => v.to_owned(),
                _ => format!("{}-{v}", d.id.to_ascii_lowercase()),
            })
        });
        let mut out = String::with_capacity(64);
        out.push_str("pkg:");
        out.push_str(ty);
        out.push('/');
        if let Some(ns) = namespace {
            encode(&ns, &mut out);
            out.push('/');
        }
        encode(&self.name, &mut out);
        if !version.is_empty() {
            out.push('@');
            encode(version, &mut out);
        }
        let mut qualifiers: Vec<(&str, &str)> = Vec::with_capacity(3);
        if let Some(a) = self.arch.as_deref().filter(|a| !a.is_empty()) {
            qualifiers.push(("arch", a));
        }
        if let Some(d) = distro_q.as_deref() {
            qualifiers.push(("distro", d));
        }
        if let Some(e) = epoch {
            qualifiers.push(("epoch", e));
        }
        qualifiers.sort_by_key(|(k, _)| *k);
        for (i, (k, v)) in qualifiers.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(k);
            out.push('=');
            encode(v, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(kind: PackageKind, name: &str, version: &str, arch: &str) -> Package {
        Package {
            kind,
            name: name.into(),
            version: version.into(),
            source_name: name.into(),
            source_version: version.into(),
            arch: Some(arch.into()),
            licenses: vec![],
            layer: None,
            db_path: String::new(),
        }
    }

    fn distro(id: &str, v: &str) -> Distro {
        Distro {
            id: id.into(),
            version_id: v.into(),
            ..Distro::default()
        }
    }

    #[test]
    fn deb() {
        let p = pkg(PackageKind::Dpkg, "git", "1:2.39.2-1.1+deb12u1", "amd64");
        assert_eq!(
            p.purl(Some(&distro("debian", "12"))),
            "pkg:deb/debian/git@1%3A2.39.2-1.1%2Bdeb12u1?arch=amd64&distro=debian-12"
        );
        assert_eq!(
            p.purl(None),
            "pkg:deb/debian/git@1%3A2.39.2-1.1%2Bdeb12u1?arch=amd64"
        );
    }

    #[test]
    fn apk() {
        let p = pkg(PackageKind::Apk, "musl", "1.2.5-r0", "x86_64");
        assert_eq!(
            p.purl(Some(&distro("alpine", "3.20.3"))),
            "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3"
        );
    }

    #[test]
    fn rpm() {
        let p = pkg(PackageKind::Rpm, "vim-minimal", "2:9.0-1.el9", "x86_64");
        assert_eq!(
            p.purl(Some(&distro("rhel", "9.3"))),
            "pkg:rpm/rhel/vim-minimal@9.0-1.el9?arch=x86_64&distro=rhel-9.3&epoch=2"
        );
        let q = pkg(PackageKind::Rpm, "libstdc++", "12-1", "x86_64");
        assert_eq!(q.purl(None), "pkg:rpm/libstdc%2B%2B@12-1?arch=x86_64");
    }
}
