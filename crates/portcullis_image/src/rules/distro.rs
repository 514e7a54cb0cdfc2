//! Rules about the operating system of the image (IM040-IM049).

use portcullis_rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Detects the distribution from `/etc/os-release` (and fallbacks) and flags
    /// a release past its end of life: Debian, Ubuntu, Alpine branches,
    /// RHEL/CentOS/Rocky/Alma, Amazon Linux, Fedora, SLES and openSUSE Leap.
    ///
    /// ## Why is this bad?
    /// A release past end of life gets no security updates, so every new
    /// vulnerability in its packages stays open and scanners may stop reporting them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.10
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.3 (do not install unnecessary packages) and 4.7; Trivy
    /// "OS is EOL" warning; endoflife.date.
    pub struct EndOfLifeDistro {
        id: "IM040",
        name: "end-of-life-distro",
        domain: Image,
        severity: High,
        summary: "Distribution is past end of life",
        tags: ["os"],
        standards: [],
    }
}
