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

use crate::rules::wording::{say, service, service_of};
use crate::{Container, Field, Profile, Workload};
use portcullis_rules::{Checker, Rule, RuleMeta};

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

/// True when a Linux-only restricted control, added in policy version
/// `1.since`, applies to `w` at the configured policy version: from 1.25
/// Windows pods are exempt.
pub(crate) fn linux_control_applies(cx: &Checker, w: &Workload, since: u16) -> bool {
    let v = cx.settings.pss_version;
    v.at_least(since) && !(v.at_least(25) && w.is_windows())
}

/// A seccomp or AppArmor profile type that PSA accepts.
pub(crate) fn confined_profile_type(t: &str) -> bool {
    t == "RuntimeDefault" || t == "Localhost"
}

/// The `type` a seccomp or AppArmor profile sets (`""` when it sets none).
pub(crate) fn profile_type(p: &Profile) -> &str {
    p.type_.as_ref().map(|t| t.value.as_str()).unwrap_or("")
}

/// Reports the type of profile `p`, set on the pod (`c` is `None`) or on
/// container `c`, as not allowed: at its `type` (else the profile key).
/// `field` is the `securityContext` key (`seccompProfile`, `appArmorProfile`);
/// `compose_message(who, value)` words the finding for a compose service.
pub(crate) fn report_profile_type(
    cx: &mut Checker,
    meta: &'static RuleMeta,
    w: &Workload,
    c: Option<&Container>,
    p: &Profile,
    field: &str,
    compose_message: fn(&str, &str) -> String,
) {
    let value = profile_type(p);
    let span = p.type_.as_ref().map(|t| t.span).unwrap_or(p.span);
    let message = say(
        w,
        || {
            let who = c.map(container_label);
            format!(
                "{} must not set securityContext.{field}.type to {value:?}",
                who.as_deref().unwrap_or("pod")
            )
        },
        || {
            let who = c.map(service_of).unwrap_or_else(|| service(w));
            compose_message(&who, value)
        },
    );
    let hit = cx.report(meta, span, message);
    if let Some(c) = c {
        hit.container(c.name_str());
    }
}

/// The capabilities container `c` adds (`securityContext.capabilities.add`).
pub(crate) fn added_capabilities(c: &Container) -> &[Field<String>] {
    c.security_context
        .as_ref()
        .and_then(|s| s.capabilities.as_ref())
        .map(|k| k.add.as_slice())
        .unwrap_or_default()
}

/// Reports capability `cap` added by container `c` as not allowed;
/// `compose_hint` ends the compose wording (what `cap_add` may hold).
pub(crate) fn report_added_capability(
    cx: &mut Checker,
    meta: &'static RuleMeta,
    w: &Workload,
    c: &Container,
    cap: &Field<String>,
    compose_hint: &str,
) {
    cx.report(
        meta,
        cap.span,
        say(
            w,
            || {
                format!(
                    "{} must not include {:?} in securityContext.capabilities.add",
                    container_label(c),
                    cap.value
                )
            },
            || {
                format!(
                    "{} must not add capability {:?}{compose_hint}",
                    service_of(c),
                    cap.value
                )
            },
        ),
    )
    .container(c.name_str());
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
