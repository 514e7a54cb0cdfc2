//! Attack surface of the final filesystem: setuid/setgid files, world-writable
//! paths, shells, package managers, compilers, network tools and privilege
//! escalation tools. Produces the summary for the report metadata and the
//! findings IM020, IM021, IM025, IM026.

use crate::collect::{FileHit, Node, TOOLS};
use crate::layer::EntryKind;
use crate::path::{file_name, parent};
use crate::rules;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Tools that IM025 reports.
const NETWORK_ATTACK_TOOLS: &[&str] = &["nc", "ncat", "netcat", "socat", "telnet", "nmap"];
/// Tools that IM026 reports.
const SUDO_TOOLS: &[&str] = &["sudo", "doas"];

fn hit(
    rule: &'static portcullis_rules::RuleMeta,
    path: &str,
    layer: usize,
    message: String,
) -> FileHit {
    FileHit {
        rule,
        path: path.to_string(),
        layer,
        line: 0,
        column: 0,
        message,
        properties: BTreeMap::new(),
        deleted: false,
        replaced: false,
    }
}

/// The summary and the findings.
pub fn analyse(nodes: &BTreeMap<String, Node>) -> (Value, Vec<FileHit>) {
    let mut hits = Vec::new();
    let mut setuid = Vec::new();
    let mut setgid = Vec::new();
    let mut world_writable = Vec::new();
    let mut tools: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (cat, _) in TOOLS {
        tools.insert(cat, Vec::new());
    }
    for (path, node) in nodes {
        match &node.kind {
            EntryKind::File => {
                if node.mode & 0o4000 != 0 {
                    setuid.push(path.clone());
                }
                if node.mode & 0o2000 != 0 {
                    setgid.push(path.clone());
                }
                if node.mode & 0o6000 != 0 {
                    let bits = match (node.mode & 0o4000 != 0, node.mode & 0o2000 != 0) {
                        (true, true) => "setuid and setgid",
                        (true, false) => "setuid",
                        _ => "setgid",
                    };
                    let mut h = hit(
                        &rules::SetuidFile::META,
                        path,
                        node.layer,
                        format!(
                            "`{path}` is {bits} (mode {:04o}, owner uid {})",
                            node.mode & 0o7777,
                            node.uid
                        ),
                    );
                    h.properties
                        .insert("mode".into(), format!("{:04o}", node.mode & 0o7777).into());
                    hits.push(h);
                }
                if node.mode & 0o002 != 0 {
                    world_writable.push(path.clone());
                    hits.push(hit(
                        &rules::WorldWritable::META,
                        path,
                        node.layer,
                        format!(
                            "File `{path}` is world-writable (mode {:04o})",
                            node.mode & 0o7777
                        ),
                    ));
                }
            }
            EntryKind::Dir => {
                world_writable.push(path.clone());
                hits.push(hit(
                    &rules::WorldWritable::META,
                    path,
                    node.layer,
                    format!(
                        "Directory `{path}` is world-writable without the sticky bit (mode {:04o})",
                        node.mode & 0o7777
                    ),
                ));
            }
            _ => {}
        }
        if !matches!(node.kind, EntryKind::File | EntryKind::Symlink(_)) {
            continue;
        }
        let name = file_name(path);
        if !matches!(
            parent(path),
            "/bin" | "/sbin" | "/usr/bin" | "/usr/sbin" | "/usr/local/bin" | "/usr/local/sbin"
        ) {
            continue;
        }
        for (cat, names) in TOOLS {
            if names.contains(&name)
                && let Some(list) = tools.get_mut(cat)
            {
                list.push(path.clone());
            }
        }
        // Busybox applets (`/usr/bin/nc -> /bin/busybox`) are listed in the
        // summary but not reported: every Alpine image has them.
        let busybox = matches!(&node.kind, EntryKind::Symlink(t) if t.ends_with("busybox"));
        if NETWORK_ATTACK_TOOLS.contains(&name) && !busybox {
            hits.push(hit(
                &rules::NetworkTool::META,
                path,
                node.layer,
                format!("Network tool `{path}` is in the image"),
            ));
        }
        if SUDO_TOOLS.contains(&name) {
            hits.push(hit(
                &rules::SudoBinary::META,
                path,
                node.layer,
                format!("`{path}` lets users escalate privileges"),
            ));
        }
    }
    let mut summary = serde_json::Map::new();
    summary.insert("setuid_count".into(), json!(setuid.len()));
    summary.insert("setgid_count".into(), json!(setgid.len()));
    summary.insert("world_writable_count".into(), json!(world_writable.len()));
    summary.insert("setuid".into(), json!(setuid));
    summary.insert("setgid".into(), json!(setgid));
    summary.insert("world_writable".into(), json!(world_writable));
    for (cat, list) in tools {
        summary.insert(format!("{cat}_count"), json!(list.len()));
        summary.insert(cat.to_string(), json!(list));
    }
    (Value::Object(summary), hits)
}
