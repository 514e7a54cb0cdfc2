//! Compose-only rules (DC001–DC099): what the pod-shaped model cannot say —
//! ports published on every host interface, devices, pids limits, cgroup and
//! UTS namespaces, build arguments and env files. One file per rule, each
//! `impl Rule<ComposeService>`.

mod build_arg_secret;
mod cgroup_parent;
mod device_mapped;
mod env_file_secret;
mod home_credentials_mount;
mod host_cgroup_namespace;
mod host_user_namespace;
mod host_uts_namespace;
mod pids_limit_missing;
mod port_all_interfaces;
mod sensitive_port_exposed;

pub use build_arg_secret::BuildArgSecret;
pub use cgroup_parent::CgroupParent;
pub use device_mapped::DeviceMapped;
pub use env_file_secret::EnvFileSecret;
pub use home_credentials_mount::HomeCredentialsMount;
pub use host_cgroup_namespace::HostCgroupNamespace;
pub use host_user_namespace::HostUserNamespace;
pub use host_uts_namespace::HostUtsNamespace;
pub use pids_limit_missing::PidsLimitMissing;
pub use port_all_interfaces::PortAllInterfaces;
pub use sensitive_port_exposed::SensitivePortExposed;

use crate::ComposeService;
use portcullis_rules::Rule;

/// The DC rules in ID order.
pub static RULES: &[&dyn Rule<ComposeService>] = &[
    &SensitivePortExposed,
    &DeviceMapped,
    &PidsLimitMissing,
    &CgroupParent,
    &BuildArgSecret,
    &EnvFileSecret,
    &HostUtsNamespace,
    &HostCgroupNamespace,
    &HostUserNamespace,
    &PortAllInterfaces,
    &HomeCredentialsMount,
];

/// `service "name"` for messages.
pub(crate) fn label(s: &ComposeService) -> String {
    format!("service `{}`", s.name.value)
}

/// True when a host address means every interface (absent, `0.0.0.0`, `::`).
pub(crate) fn all_interfaces(ip: Option<&str>) -> bool {
    match ip.map(str::trim) {
        None | Some("") => true,
        Some(ip) => matches!(ip, "0.0.0.0" | "::" | "[::]" | "*"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_names_docs() {
        let mut seen = std::collections::HashSet::new();
        for (i, rule) in RULES.iter().enumerate() {
            let meta = rule.meta();
            assert_eq!(meta.id, format!("DC{:03}", i + 1));
            assert!(seen.insert(meta.name), "{}", meta.name);
            assert_eq!(meta.domain, portcullis_rules::Domain::Compose);
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## References",
            ] {
                assert!(meta.docs.contains(section), "{} lacks {section}", meta.id);
            }
            assert!(meta.docs.contains("Use instead"), "{}", meta.id);
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
