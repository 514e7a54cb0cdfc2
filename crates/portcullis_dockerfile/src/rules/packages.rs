//! What the rules know about package managers and image references.

use crate::shell::{SimpleCmd, Word};

/// The package manager behind an install command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    /// apt-get / apt
    Apt,
    /// apk
    Apk,
    /// yum, dnf, microdnf, tdnf
    Yum,
    /// zypper
    Zypper,
    /// pip / pip3 / python -m pip
    Pip,
    /// npm / yarn / pnpm
    Npm,
    /// gem
    Gem,
    /// go install
    Go,
}

impl Manager {
    /// The tool's usual name, for messages.
    pub fn tool(self) -> &'static str {
        match self {
            Manager::Apt => "apt-get",
            Manager::Apk => "apk",
            Manager::Yum => "yum/dnf",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Npm => "npm",
            Manager::Gem => "gem",
            Manager::Go => "go install",
        }
    }
}

/// If `cmd` installs packages, its manager and the package operands.
pub fn install(cmd: &SimpleCmd) -> Option<(Manager, Vec<&Word>)> {
    let prog = cmd.program();
    let (mgr, verbs, args): (Manager, &[&str], &[Word]) = match prog {
        "apt-get" | "apt" => (Manager::Apt, &["install"], &cmd.args),
        "apk" => (Manager::Apk, &["add"], &cmd.args),
        "yum" | "dnf" | "microdnf" | "tdnf" => (Manager::Yum, &["install"], &cmd.args),
        "zypper" => (Manager::Zypper, &["install", "in"], &cmd.args),
        "pip" | "pip3" => (Manager::Pip, &["install"], &cmd.args),
        "python" | "python3" => {
            let pos = cmd.args.iter().position(|a| a.text == "-m")?;
            let module = cmd.args.get(pos + 1)?;
            if module.text != "pip" && module.text != "pip3" {
                return None;
            }
            (Manager::Pip, &["install"], &cmd.args[pos + 2..])
        }
        "npm" | "pnpm" => (Manager::Npm, &["install", "i", "add"], &cmd.args),
        "yarn" => (Manager::Npm, &["add"], &cmd.args),
        "gem" => (Manager::Gem, &["install"], &cmd.args),
        "go" => (Manager::Go, &["install"], &cmd.args),
        _ => return None,
    };
    let takes_value: &[&str] = match mgr {
        Manager::Apt => &["-o", "-t", "--target-release", "-c"],
        Manager::Apk => &["-t", "--virtual", "-X", "--repository", "--root", "-p"],
        Manager::Yum => &[
            "--setopt",
            "--enablerepo",
            "--disablerepo",
            "--releasever",
            "--installroot",
            "-c",
            "--repo",
            "--exclude",
            "-x",
        ],
        Manager::Zypper => &["-r", "--repo", "--from"],
        Manager::Pip => &[
            "-r",
            "--requirement",
            "-c",
            "--constraint",
            "-e",
            "--editable",
            "-i",
            "--index-url",
            "--extra-index-url",
            "-f",
            "--find-links",
            "-t",
            "--target",
            "--prefix",
            "--root",
            "--trusted-host",
            "--platform",
            "--python-version",
            "--only-binary",
            "--no-binary",
            "--implementation",
            "--abi",
            "--src",
            "--upgrade-strategy",
            "--progress-bar",
            "--cache-dir",
        ],
        Manager::Npm => &["--registry", "--prefix", "--cache"],
        Manager::Gem => &[
            "-v",
            "--version",
            "-i",
            "--install-dir",
            "-n",
            "--bindir",
            "-s",
            "--source",
            "-P",
            "--trust-policy",
            "--platform",
        ],
        Manager::Go => &["-tags", "-ldflags", "-gcflags", "-mod", "-o"],
    };
    let mut seen_verb = false;
    let mut pkgs = Vec::new();
    let mut skip_next = false;
    for a in args {
        let t = a.text.as_str();
        if skip_next {
            skip_next = false;
            continue;
        }
        if t.starts_with('-') {
            if takes_value.contains(&t) {
                skip_next = true;
            }
            continue;
        }
        if !seen_verb {
            if verbs.contains(&t) {
                seen_verb = true;
                continue;
            }
            // `apt-get -y install`: options may come first; any other
            // operand before the verb means a different sub-command.
            return None;
        }
        pkgs.push(a);
    }
    seen_verb.then_some((mgr, pkgs))
}

/// True when a package operand is a variable, path, URL or file rather than a name.
pub fn is_not_a_name(mgr: Manager, t: &str) -> bool {
    t.is_empty()
        || t.contains('$')
        || t.contains('/') && !t.starts_with('@') && mgr != Manager::Go
        || t.starts_with('.')
        || t.contains("://")
        || [
            ".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".tgz", ".zip", ".gem", ".txt",
        ]
        .iter()
        .any(|e| t.ends_with(e))
}

/// True when the operand `t` pins a version for `mgr`.
pub fn is_pinned(mgr: Manager, t: &str, cmd: &SimpleCmd) -> bool {
    match mgr {
        Manager::Apt | Manager::Apk | Manager::Zypper => t.contains('='),
        Manager::Yum => {
            // name-1.2.3 or name-1.2.3-1.el8
            let b = t.as_bytes();
            t.contains('=') || b.windows(2).any(|w| w[0] == b'-' && w[1].is_ascii_digit())
        }
        Manager::Pip => t.contains(['=', '<', '>', '~', '@']),
        Manager::Npm => {
            let body = t.strip_prefix('@').unwrap_or(t);
            body.contains('@') || t.contains('#')
        }
        Manager::Gem => {
            t.contains(':')
                || cmd.has_arg(&["-v", "--version"])
                || cmd.args.iter().any(|a| a.text.starts_with("--version="))
        }
        Manager::Go => t
            .rsplit_once('@')
            .is_some_and(|(_, v)| v != "latest" && !v.is_empty()),
    }
}

/// Splits an image reference into (name, tag, digest).
pub fn image_parts(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[slash..].rfind(':') {
        Some(c) => (&rest[..slash + c], Some(&rest[slash + c + 1..]), digest),
        None => (rest, None, digest),
    }
}

/// True when the stage's base needs no tag check (`scratch`, an earlier stage,
/// an unresolved variable, synthesised history).
pub fn skip_base(cx: &super::StageCx<'_>) -> bool {
    let image = cx.stage.image.as_str();
    cx.history
        || cx.stage.from_stage.is_some()
        || image.is_empty()
        || image.eq_ignore_ascii_case("scratch")
        || image.contains('$')
}
