//! apk: Alpine's `/lib/apk/db/installed` (one paragraph per package of `K:value` lines).

use crate::rfc822::{Flavor, Paragraphs};
use crate::{Package, PackageKind, PkgDbError};

/// Parses `/lib/apk/db/installed`: `P:` name, `V:` version, `A:` arch, `L:` licence,
/// `o:` origin (the source package; its version is the package version). Entries without
/// `P:` or `V:` are skipped, as apk and Trivy do; a line that is not `K:value` is an error.
pub fn parse_apk_installed(data: &[u8], db_path: &str) -> Result<Vec<Package>, PkgDbError> {
    crate::dpkg::first_error(parse_apk_installed_partial(data, db_path))
}

/// Like [`parse_apk_installed`], but a malformed entry only costs that entry:
/// the other packages are returned with the errors.
pub fn parse_apk_installed_partial(data: &[u8], db_path: &str) -> (Vec<Package>, Vec<PkgDbError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for para in Paragraphs::new(data, db_path, Flavor::Apk) {
        let para = match para {
            Ok(p) => p,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        // apk keys are case-sensitive (`a:` is file mode, `A:` is arch), so match exactly.
        let get = |k: u8| {
            para.fields
                .iter()
                .find(|f| f.name == [k])
                .map(|f| f.value)
                .filter(|v| !v.is_empty())
                .map(|v| String::from_utf8_lossy(v).into_owned())
        };
        let (Some(name), Some(version)) = (get(b'P'), get(b'V')) else {
            continue;
        };
        out.push(Package {
            kind: PackageKind::Apk,
            source_name: get(b'o').unwrap_or_else(|| name.clone()),
            source_version: version.clone(),
            arch: get(b'A'),
            licenses: get(b'L').into_iter().collect(),
            name,
            version,
            layer: None,
            db_path: db_path.to_owned(),
        });
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed() {
        let db = "C:Q1x=\nP:musl\nV:1.2.5-r0\nA:x86_64\nL:MIT\no:musl\na:0:0:755\n\n\
P:noversion\n\nP:ssl_client\nV:3.3.2-r0\nA:x86_64\nL:Apache-2.0 AND MIT\no:openssl\n";
        let p = parse_apk_installed(db.as_bytes(), "lib/apk/db/installed").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "musl");
        assert_eq!(p[0].arch.as_deref(), Some("x86_64"));
        assert_eq!(p[1].source_name, "openssl");
        assert_eq!(p[1].source_version, "3.3.2-r0");
        assert_eq!(p[1].licenses, ["Apache-2.0 AND MIT"]);
        let err = parse_apk_installed(b"P:x\nbad line\n", "db").unwrap_err();
        assert_eq!(err.to_string(), "db:2: expected `K:value`");
    }
}
