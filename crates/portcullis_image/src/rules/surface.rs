//! Rules about the attack surface and accounts of the image (IM020-IM029).

use portcullis_rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Lists files with the setuid or setgid bit in the final filesystem of the image.
    ///
    /// ## Why is this bad?
    /// setuid and setgid programs run with their owner's privileges whatever
    /// user starts them; they are the usual path from a foothold to root inside
    /// a container. Most applications need none.
    ///
    /// ## Example
    /// ```text
    /// -rwsr-xr-x root root /usr/bin/passwd
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.8 (remove setuid and setgid permissions); CWE-250.
    pub struct SetuidFile {
        id: "IM020",
        name: "setuid-file",
        domain: Image,
        severity: Low,
        summary: "setuid or setgid file in the image",
        tags: ["attack-surface"],
        standards: ["cis-docker:4.8"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags world-writable files, and world-writable directories without the
    /// sticky bit, in the final filesystem of the image.
    ///
    /// ## Why is this bad?
    /// Any user of the container can replace a world-writable file or a file in
    /// such a directory, including programs and configuration run by root.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN chmod 777 /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN chown app /app && chmod 755 /app
    /// ```
    ///
    /// ## References
    /// CWE-732 (incorrect permission assignment). CIS Distribution Independent Linux 6.1.10.
    pub struct WorldWritable {
        id: "IM021",
        name: "world-writable-path",
        domain: Image,
        severity: Medium,
        summary: "World-writable file or directory",
        tags: ["attack-surface"],
        standards: ["cwe:732"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags accounts in `/etc/shadow` (or `/etc/passwd`) whose password field is
    /// empty. Locked accounts (`!`, `*`) are fine.
    ///
    /// ## Why is this bad?
    /// An empty password lets anyone log in as that user, or `su` to it, without
    /// knowing anything.
    ///
    /// ## Example
    /// ```text
    /// app::19000:0:99999:7:::
    /// ```
    /// Use instead:
    /// ```text
    /// app:!:19000:0:99999:7:::
    /// ```
    ///
    /// ## References
    /// CIS Distribution Independent Linux 6.2.1 (password fields are not empty); CWE-258.
    pub struct EmptyPassword {
        id: "IM022",
        name: "empty-password",
        domain: Image,
        severity: High,
        summary: "Account with an empty password",
        tags: ["accounts"],
        standards: ["cwe:258"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags UIDs shared by several accounts in `/etc/passwd`.
    ///
    /// ## Why is this bad?
    /// Accounts with the same UID are the same user to the kernel: file
    /// ownership and audit trails can no longer tell them apart.
    ///
    /// ## Example
    /// ```text
    /// app:x:1000:1000::/app:/bin/sh
    /// backup2:x:1000:1000::/:/bin/sh
    /// ```
    /// Use instead:
    /// ```text
    /// app:x:1000:1000::/app:/bin/sh
    /// ```
    ///
    /// ## References
    /// CIS Distribution Independent Linux 6.2.16 (no duplicate UIDs exist).
    pub struct DuplicateUid {
        id: "IM023",
        name: "duplicate-uid",
        domain: Image,
        severity: Medium,
        summary: "Several accounts share a UID",
        tags: ["accounts"],
        standards: [],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags accounts other than `root` with UID 0 in `/etc/passwd`.
    ///
    /// ## Why is this bad?
    /// A second UID 0 account is root under another name: a classic backdoor
    /// that survives a root password change.
    ///
    /// ## Example
    /// ```text
    /// toor:x:0:0::/root:/bin/sh
    /// ```
    /// Use instead:
    /// ```text
    /// toor:x:1001:1001::/home/toor:/bin/sh
    /// ```
    ///
    /// ## References
    /// CIS Distribution Independent Linux 6.2.6 (root is the only UID 0 account).
    pub struct ExtraRootAccount {
        id: "IM024",
        name: "extra-root-account",
        domain: Image,
        severity: High,
        summary: "Account other than root with UID 0",
        tags: ["accounts"],
        standards: [],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags raw network tools that attackers use for reverse shells and
    /// pivoting: `nc`, `ncat`, `netcat`, `socat`, `telnet`, `nmap`.
    ///
    /// ## Why is this bad?
    /// These tools are rarely needed by an application at run time and turn a
    /// code-execution bug into an interactive shell or a scanner inside the cluster.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y netcat-openbsd
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// # install debugging tools only in a separate debug image
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.3 (do not install unnecessary packages); MITRE ATT&CK T1059.
    pub struct NetworkTool {
        id: "IM025",
        name: "network-tool",
        domain: Image,
        severity: Low,
        summary: "Raw network tool in the image",
        tags: ["attack-surface"],
        standards: ["cis-docker:4.3"],
    }
}

declare_rule! {
    /// ## What it does
    /// Flags `sudo` or `doas` in the image.
    ///
    /// ## Why is this bad?
    /// A container does not need privilege escalation: run it as the right user
    /// instead. sudo adds a setuid root binary and a policy file to get wrong.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y sudo
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// USER app
    /// ```
    ///
    /// ## References
    /// CIS Docker Benchmark 4.3; hadolint DL3004 (do not use sudo).
    pub struct SudoBinary {
        id: "IM026",
        name: "sudo-binary",
        domain: Image,
        severity: Low,
        summary: "sudo or doas in the image",
        tags: ["attack-surface"],
        standards: ["cis-docker:4.3"],
    }
}
