//! The Dockerfile rules, one file per rule, and the subject they read: one
//! build stage with access to the whole file.

use crate::shell::Script;
use crate::syntax::{Dockerfile, Instruction, Keyword, Stage};
use portcullis_rules::Rule;

mod packages;

mod add_instead_of_copy;
mod add_remote_url;
mod base_image_latest;
mod base_image_not_pinned;
mod base_image_untagged;
mod insecure_run_security;
mod missing_healthcheck;
mod multiple_cmd_entrypoint;
mod package_cache_left;
mod package_dist_upgrade;
mod package_update_alone;
mod pipe_download_to_shell;
mod relative_workdir;
mod remote_admin_port;
mod root_user;
mod run_host_network;
mod secret_in_build_arg;
mod secret_in_env;
mod secret_in_run;
mod sensitive_file_copied;
mod shell_form_entrypoint;
mod signature_check_disabled;
mod sudo_in_run;
mod system_directory_workdir;
mod tls_verification_disabled;
mod unpinned_package;
mod world_writable;

pub use add_instead_of_copy::AddInsteadOfCopy;
pub use add_remote_url::AddRemoteUrl;
pub use base_image_latest::BaseImageLatest;
pub use base_image_not_pinned::BaseImageNotPinned;
pub use base_image_untagged::BaseImageUntagged;
pub use insecure_run_security::InsecureRunSecurity;
pub use missing_healthcheck::MissingHealthcheck;
pub use multiple_cmd_entrypoint::MultipleCmdEntrypoint;
pub use package_cache_left::PackageCacheLeft;
pub use package_dist_upgrade::PackageDistUpgrade;
pub use package_update_alone::PackageUpdateAlone;
pub use pipe_download_to_shell::PipeDownloadToShell;
pub use relative_workdir::RelativeWorkdir;
pub use remote_admin_port::RemoteAdminPort;
pub use root_user::RootUser;
pub use run_host_network::RunHostNetwork;
pub use secret_in_build_arg::SecretInBuildArg;
pub use secret_in_env::SecretInEnv;
pub use secret_in_run::SecretInRun;
pub use sensitive_file_copied::SensitiveFileCopied;
pub use shell_form_entrypoint::ShellFormEntrypoint;
pub use signature_check_disabled::SignatureCheckDisabled;
pub use sudo_in_run::SudoInRun;
pub use system_directory_workdir::SystemDirectoryWorkdir;
pub use tls_verification_disabled::TlsVerificationDisabled;
pub use unpinned_package::UnpinnedPackage;
pub use world_writable::WorldWritable;

/// What a Dockerfile rule looks at: one stage, with the whole file at hand.
#[derive(Debug, Clone, Copy)]
pub struct StageCx<'a> {
    /// The parsed file.
    pub df: &'a Dockerfile,
    /// The stage being checked.
    pub stage: &'a Stage,
    /// The file text.
    pub text: &'a str,
    /// True when the text was synthesised from image history.
    pub history: bool,
}

impl<'a> StageCx<'a> {
    /// True for the last stage (the image that is shipped by default).
    pub fn is_final(&self) -> bool {
        self.stage.index + 1 == self.df.stages.len()
    }

    /// This stage and the earlier stages it is built `FROM`, nearest first.
    pub fn lineage(&self) -> Vec<&'a Stage> {
        let mut out = vec![self.stage];
        let mut cur = self.stage;
        while let Some(i) = cur.from_stage {
            match self.df.stages.get(i) {
                Some(s) if i < cur.index => {
                    out.push(s);
                    cur = s;
                }
                _ => break,
            }
        }
        out
    }

    /// `RUN` instructions of the stage (`ONBUILD RUN` included) with their scripts.
    pub fn runs(&self) -> impl Iterator<Item = (&'a Instruction, &'a Script)> + 'a {
        self.stage
            .instructions
            .iter()
            .filter_map(|i| i.script().map(|s| (i, s)))
    }

    /// Instructions of the stage with `keyword` (`ONBUILD` triggers included).
    pub fn with_keyword(&self, keyword: Keyword) -> impl Iterator<Item = &'a Instruction> + 'a {
        self.stage
            .instructions
            .iter()
            .filter(move |i| i.keyword == keyword)
    }
}

/// Rules that make no sense for Dockerfile text synthesised from image history,
/// or that the image config rules already judge from the final config (the
/// user: IM001; exposed ports: IM003).
pub const SKIP_IN_HISTORY: &[&str] = &[
    "DF001", "DF002", "DF003", "DF004", "DF009", "DF015", "DF019", "DF020",
];

/// Every Dockerfile rule in ID order.
pub static RULES: &[&dyn for<'a> Rule<StageCx<'a>>] = &[
    &RootUser,
    &BaseImageUntagged,
    &BaseImageLatest,
    &BaseImageNotPinned,
    &SecretInEnv,
    &SecretInBuildArg,
    &SensitiveFileCopied,
    &AddRemoteUrl,
    &AddInsteadOfCopy,
    &PipeDownloadToShell,
    &SudoInRun,
    &TlsVerificationDisabled,
    &SignatureCheckDisabled,
    &WorldWritable,
    &RemoteAdminPort,
    &UnpinnedPackage,
    &PackageCacheLeft,
    &PackageDistUpgrade,
    &MissingHealthcheck,
    &RelativeWorkdir,
    &MultipleCmdEntrypoint,
    &ShellFormEntrypoint,
    &InsecureRunSecurity,
    &RunHostNetwork,
    &SecretInRun,
    &SystemDirectoryWorkdir,
    &PackageUpdateAlone,
];
