//! Accounts: empty passwords (`/etc/shadow`, or `/etc/passwd` when it holds
//! the hash), duplicate UIDs and extra UID 0 accounts (IM022-IM024).

use crate::collect::FileHit;
use crate::rules;
use std::collections::BTreeMap;

fn hit(
    rule: &'static portcullis_rules::RuleMeta,
    path: &str,
    layer: usize,
    line: u32,
    message: String,
) -> FileHit {
    FileHit {
        rule,
        path: path.to_string(),
        layer,
        line,
        column: 1,
        message,
        properties: BTreeMap::new(),
        deleted: false,
        replaced: false,
    }
}

/// Account findings from `/etc/passwd` (and its layer) and `/etc/shadow`.
pub fn analyse(passwd: Option<(&str, usize)>, shadow: Option<(&str, usize)>) -> Vec<FileHit> {
    let mut out = Vec::new();
    // Accounts of /etc/shadow -> whether their shadow password is empty.
    let mut shadowed: BTreeMap<String, bool> = BTreeMap::new();
    if let Some((text, layer)) = shadow {
        for (i, line) in text.lines().enumerate() {
            let mut f = line.split(':');
            let (Some(user), Some(pw)) = (f.next(), f.next()) else {
                continue;
            };
            if user.is_empty() || user.starts_with('#') {
                continue;
            }
            shadowed.insert(user.to_string(), pw.is_empty());
            if pw.is_empty() {
                out.push(hit(
                    &rules::EmptyPassword::META,
                    "/etc/shadow",
                    layer,
                    i as u32 + 1,
                    format!("Account `{user}` has an empty password in /etc/shadow"),
                ));
            }
        }
    }
    if let Some((text, layer)) = passwd {
        let mut by_uid: BTreeMap<String, Vec<(String, u32)>> = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() < 4 || f[0].is_empty() || f[0].starts_with('#') || f[0].starts_with('+') {
                continue;
            }
            let (user, pw, uid) = (f[0], f[1], f[2]);
            let line_no = i as u32 + 1;
            // An empty passwd field means no password: /etc/shadow is only
            // consulted for `x`. Not reported twice when shadow's is empty too.
            if pw.is_empty() && shadowed.get(user) != Some(&true) {
                out.push(hit(
                    &rules::EmptyPassword::META,
                    "/etc/passwd",
                    layer,
                    line_no,
                    format!("Account `{user}` has an empty password in /etc/passwd"),
                ));
            }
            if uid == "0" && user != "root" {
                out.push(hit(
                    &rules::ExtraRootAccount::META,
                    "/etc/passwd",
                    layer,
                    line_no,
                    format!("Account `{user}` has UID 0 like root"),
                ));
            }
            by_uid
                .entry(uid.to_string())
                .or_default()
                .push((user.to_string(), line_no));
        }
        for (uid, users) in by_uid {
            if users.len() < 2 || uid == "0" {
                continue;
            }
            let names: Vec<&str> = users.iter().map(|(u, _)| u.as_str()).collect();
            for (user, line_no) in users.iter().skip(1) {
                out.push(hit(
                    &rules::DuplicateUid::META,
                    "/etc/passwd",
                    layer,
                    *line_no,
                    format!(
                        "Account `{user}` shares UID {uid} with {}",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_rules_fire_and_stay_silent() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\ndup:x:1000:1000::/:/bin/sh\nnopw::1001:1001::/:/bin/sh\n";
        let shadow = "root:*:19000:0:99999:7:::\napp:!:19000::::::\nempty::19000::::::\n";
        let hits = analyse(Some((passwd, 0)), Some((shadow, 0)));
        let ids: Vec<_> = hits.iter().map(|h| h.rule.id).collect();
        assert_eq!(ids.iter().filter(|i| **i == "IM022").count(), 2, "{hits:?}");
        assert!(ids.contains(&"IM024"));
        assert!(ids.contains(&"IM023"));
        // An empty passwd field wins over a shadow hash.
        let hits = analyse(
            Some(("app::1000:1000::/:/bin/sh\n", 0)),
            Some(("app:$6$salt$hash:1::::::\n", 0)),
        );
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].rule.id, "IM022");
        assert_eq!(hits[0].path, "/etc/passwd");
        let safe = analyse(
            Some(("root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n", 0)),
            Some(("root:*:1::::::\napp:!:1::::::\n", 0)),
        );
        assert!(safe.is_empty(), "{safe:?}");
    }
}
