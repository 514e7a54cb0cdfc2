//! KS030: a capability that lets a process break out of the container.

use super::check_added_capabilities;
use crate::Workload;
use portcullis_rules::{Checker, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags containers that add a capability which, on its own, is a known
    /// path out of the container or into the kernel: `ALL`, `SYS_ADMIN`,
    /// `SYS_MODULE`, `SYS_RAWIO`, `SYS_PTRACE`, `DAC_READ_SEARCH`, `BPF`,
    /// `PERFMON`, `SYS_BOOT`, `MAC_ADMIN`, `MAC_OVERRIDE`. In compose files it
    /// reads `cap_add`.
    ///
    /// ## Why is this bad?
    /// `SYS_ADMIN` mounts filesystems and cgroups (the `release_agent` escape),
    /// `SYS_MODULE` loads kernel code, `SYS_RAWIO` reads physical memory,
    /// `SYS_PTRACE` injects code into other processes, `DAC_READ_SEARCH` opens
    /// host files by handle (the "shocker" escape), `BPF` and `PERFMON` load
    /// programs into and read from the kernel, and the `MAC_*` capabilities
    /// switch off AppArmor or SELinux. The Pod Security Standards reject any
    /// non-default capability (baseline) and anything but `NET_BIND_SERVICE`
    /// (restricted); this rule ranks the ones that mean host compromise.
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     add: ["SYS_ADMIN"]
    /// ```
    /// Use instead:
    /// ```yaml
    /// securityContext:
    ///   capabilities:
    ///     drop: ["ALL"]
    /// ```
    ///
    /// ## References
    /// - capabilities(7); CIS Docker Benchmark 5.3; CWE-250
    /// - Trivy KSV005, KSV120; Checkov CKV_K8S_39; Polaris `dangerousCapabilities`;
    ///   Pod Security Standards "Capabilities" (baseline, restricted)
    pub struct EscapeCapabilityAdded {
        id: "KS030",
        name: "escape-capability-added",
        domain: Workload,
        severity: Critical,
        summary: "Container adds a capability that allows escaping to the host",
        tags: ["capabilities", "escape"],
        standards: ["cis-docker:5.3"],
    }
}

/// Escape capabilities and what each allows.
const ESCAPE: &[(&str, &str)] = &[
    ("ALL", "every capability, including SYS_ADMIN"),
    (
        "SYS_ADMIN",
        "mounting filesystems and cgroups, the classic escape",
    ),
    ("SYS_MODULE", "loading kernel modules"),
    ("SYS_RAWIO", "raw access to devices and memory"),
    (
        "SYS_PTRACE",
        "tracing and injecting code into other processes",
    ),
    ("DAC_READ_SEARCH", "opening host files by handle"),
    ("BPF", "loading programs into the kernel"),
    (
        "PERFMON",
        "reading kernel memory through performance monitoring",
    ),
    ("SYS_BOOT", "rebooting the node and loading a new kernel"),
    ("MAC_ADMIN", "changing AppArmor or SELinux policy"),
    ("MAC_OVERRIDE", "bypassing AppArmor or SELinux policy"),
];

impl Rule<Workload> for EscapeCapabilityAdded {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, w: &Workload, cx: &mut Checker) {
        check_added_capabilities(w, cx, &Self::META, |name| {
            ESCAPE.iter().find(|(n, _)| *n == name).map(|(_, why)| *why)
        });
    }
}
