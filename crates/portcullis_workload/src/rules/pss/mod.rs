//! The Pod Security Standards controls, one rule per control, exact to the
//! Kubernetes Pod Security Admission library (`policy/check_*.go`) and aware of
//! its policy versions (`Settings::pss_version`). Baseline controls are
//! KS001–KS012, restricted ones KS013–KS019, in the order of the PSS page.

mod allow_privilege_escalation;
mod app_armor;
mod capabilities_baseline;
mod capabilities_restricted;
mod host_namespaces;
mod host_path_volumes;
mod host_ports;
mod host_probes;
mod host_process;
mod privileged;
mod proc_mount;
mod proc_mount_restricted;
mod restricted_volumes;
mod run_as_non_root;
mod run_as_user;
mod se_linux;
mod seccomp_baseline;
mod seccomp_restricted;
mod sysctls;

pub use allow_privilege_escalation::AllowPrivilegeEscalation;
pub use app_armor::AppArmorUnconfined;
pub use capabilities_baseline::NonDefaultCapabilities;
pub use capabilities_restricted::UnrestrictedCapabilities;
pub use host_namespaces::HostNamespaces;
pub use host_path_volumes::HostPathVolume;
pub use host_ports::HostPort;
pub use host_probes::ProbeHost;
pub use host_process::WindowsHostProcess;
pub use privileged::PrivilegedContainer;
pub use proc_mount::UnmaskedProcMount;
pub use proc_mount_restricted::UnmaskedProcMountRestricted;
pub use restricted_volumes::RestrictedVolumeType;
pub use run_as_non_root::RunAsNonRootUnset;
pub use run_as_user::RunAsRootUser;
pub use se_linux::CustomSeLinuxOptions;
pub use seccomp_baseline::SeccompUnconfined;
pub use seccomp_restricted::SeccompProfileMissing;
pub use sysctls::UnsafeSysctls;

use crate::Workload;
use portcullis_rules::Rule;

/// The PSS rules in ID order.
pub static RULES: &[&dyn Rule<Workload>] = &[
    &WindowsHostProcess,
    &HostNamespaces,
    &PrivilegedContainer,
    &NonDefaultCapabilities,
    &HostPathVolume,
    &HostPort,
    &ProbeHost,
    &AppArmorUnconfined,
    &CustomSeLinuxOptions,
    &UnmaskedProcMount,
    &SeccompUnconfined,
    &UnsafeSysctls,
    &RestrictedVolumeType,
    &AllowPrivilegeEscalation,
    &RunAsNonRootUnset,
    &RunAsRootUser,
    &SeccompProfileMissing,
    &UnrestrictedCapabilities,
    &UnmaskedProcMountRestricted,
];

/// `container "name"`, as Pod Security Admission names containers.
pub(crate) fn container_label(c: &crate::Container) -> String {
    format!("container {:?}", c.name_str())
}

/// A seccomp or AppArmor profile type that PSA accepts.
pub(crate) fn confined_profile_type(t: &str) -> bool {
    t == "RuntimeDefault" || t == "Localhost"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sequential_and_levels_match() {
        for (i, rule) in RULES.iter().enumerate() {
            let meta = rule.meta();
            assert_eq!(meta.id, format!("KS{:03}", i + 1));
            let level = if i < 12 {
                "pss:baseline/"
            } else {
                "pss:restricted/"
            };
            assert!(
                meta.standards.iter().any(|s| s.starts_with(level)),
                "{}",
                meta.id
            );
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## References",
            ] {
                assert!(meta.docs.contains(section), "{} lacks {section}", meta.id);
            }
            assert!(
                meta.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                meta.name
            );
        }
    }
}
