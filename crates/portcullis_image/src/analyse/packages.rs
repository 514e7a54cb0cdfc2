//! The package inventory and the distribution: packages of the final package
//! databases, each attributed to the layer whose database first listed it at
//! that version, dpkg licences from `/usr/share/doc/<pkg>/copyright`, and the
//! OS from `/etc/os-release` with its fallbacks.

use crate::collect::{Collector, resolve_symlinks};
use portcullis_pkgdb::{Distro, Package, PackageKind};

/// Builds the inventory; `diff_id(i)` names layer `i`.
pub fn inventory(c: &Collector<'_>, diff_id: &dyn Fn(usize) -> Option<String>) -> Vec<Package> {
    let mut out = Vec::new();
    for db in c.dbs.values() {
        for p in &db.packages {
            let mut p = p.clone();
            let first = c
                .first_seen
                .get(&(p.kind, p.name.clone(), p.version.clone(), p.arch.clone()))
                .copied()
                .unwrap_or(db.layer);
            p.layer = diff_id(first);
            if p.kind == PackageKind::Dpkg && p.licenses.is_empty() {
                let doc = format!("/usr/share/doc/{}/copyright", p.name);
                let lic = c.copyrights.get(&doc).or_else(|| {
                    resolve_symlinks(&c.nodes, &doc).and_then(|r| c.copyrights.get(&r))
                });
                if let Some(l) = lic {
                    p.licenses = l.clone();
                }
            }
            out.push(p);
        }
    }
    out.sort_by(|a, b| {
        (a.kind, &a.name, &a.version, &a.arch).cmp(&(b.kind, &b.name, &b.version, &b.arch))
    });
    out.dedup_by(|a, b| {
        a.kind == b.kind && a.name == b.name && a.version == b.version && a.arch == b.arch
    });
    out
}

/// The small file at `path` (following symlinks), as text.
pub fn small_text<'c>(c: &'c Collector<'_>, path: &str) -> Option<(&'c str, usize)> {
    let s = c.small.get(path).or_else(|| {
        let r = resolve_symlinks(&c.nodes, path)?;
        c.small.get(&r)
    })?;
    std::str::from_utf8(&s.data).ok().map(|t| (t, s.layer))
}

/// Detects the distribution from the collected release files.
pub fn distro(c: &Collector<'_>) -> Option<Distro> {
    for p in ["/etc/os-release", "/usr/lib/os-release"] {
        if let Some((text, _)) = small_text(c, p) {
            let d = portcullis_pkgdb::detect_distro(text);
            if !d.id.is_empty() {
                return Some(d);
            }
        }
    }
    if let Some((t, _)) = small_text(c, "/etc/alpine-release") {
        return Some(portcullis_pkgdb::distro_from_alpine_release(t));
    }
    if let Some((t, _)) = small_text(c, "/etc/debian_version") {
        return Some(portcullis_pkgdb::distro_from_debian_version(t));
    }
    for p in ["/etc/redhat-release", "/etc/system-release"] {
        if let Some((t, _)) = small_text(c, p) {
            let d = portcullis_pkgdb::distro_from_redhat_release(t);
            if !d.id.is_empty() {
                return Some(d);
            }
        }
    }
    None
}
