//! The image rules IM001-IM099: metadata and documentation. The analysers in
//! `crate::analyse` report against these. IDs: IM001-IM009 image config,
//! IM010-IM019 files and secrets, IM020-IM029 attack surface and accounts,
//! IM030-IM039 malware, IM040-IM049 distribution.

mod config;
mod distro;
mod files;
mod malware;
mod surface;

pub use config::{MissingHealthcheck, MutableTag, RemoteAdminPort, RootUser, SecretInEnv};
pub use distro::EndOfLifeDistro;
pub use files::{GitDirectory, SecretInFile, SensitiveFile};
pub use malware::{Cryptominer, YaraMatch};
pub use surface::{
    DuplicateUid, EmptyPassword, ExtraRootAccount, NetworkTool, SetuidFile, SudoBinary,
    WorldWritable,
};

use portcullis_rules::RuleMeta;

/// Every image rule, in ID order.
pub static ALL: &[&RuleMeta] = &[
    &RootUser::META,
    &SecretInEnv::META,
    &RemoteAdminPort::META,
    &MissingHealthcheck::META,
    &MutableTag::META,
    &SecretInFile::META,
    &SensitiveFile::META,
    &GitDirectory::META,
    &SetuidFile::META,
    &WorldWritable::META,
    &EmptyPassword::META,
    &DuplicateUid::META,
    &ExtraRootAccount::META,
    &NetworkTool::META,
    &SudoBinary::META,
    &Cryptominer::META,
    &YaraMatch::META,
    &EndOfLifeDistro::META,
];

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn ids_are_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for m in ALL {
            assert!(seen.insert(m.id), "duplicate {}", m.id);
            assert!(m.id.starts_with("IM") && m.id.len() == 5, "{}", m.id);
            assert!(
                m.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()),
                "{}",
                m.name
            );
            let docs = m.docs_text();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## References",
            ] {
                assert!(docs.contains(section), "{} lacks {section}", m.id);
            }
        }
        let mut ids: Vec<_> = ALL.iter().map(|m| m.id).collect();
        let sorted = {
            let mut s = ids.clone();
            s.sort();
            s
        };
        assert_eq!(ids, sorted, "ALL must be in ID order");
        ids.dedup();
    }
}
