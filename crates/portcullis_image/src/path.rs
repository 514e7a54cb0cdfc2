//! Path normalisation inside the image root: every path an archive names is
//! turned into an absolute, `/`-separated path with `.` and `..` resolved
//! lexically and clamped at the root, so nothing can name a host path.

/// Normalises an archive member name (`./etc/../x`, `/abs`, `../../etc/x`) to an
/// absolute path inside the image root (`/x`, `/abs`, `/etc/x`). The root is `/`.
pub fn normalize(raw: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for comp in raw.split(['/', '\\']) {
        match comp {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    let mut out = String::with_capacity(raw.len() + 1);
    for p in &parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Resolves a symlink target found at `link_path` (absolute, normalised)
/// into an absolute normalised path inside the image root.
pub fn resolve_target(link_path: &str, target: &str) -> String {
    if target.starts_with('/') {
        normalize(target)
    } else {
        let parent = parent(link_path);
        normalize(&format!("{parent}/{target}"))
    }
}

/// The parent of a normalised path (`/` for `/x` and for `/`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// The last component of a normalised path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// True when `path` is `dir` or lies below it (both normalised).
pub fn is_within(path: &str, dir: &str) -> bool {
    if dir == "/" {
        return true;
    }
    path == dir || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_stays_inside_the_root() {
        assert_eq!(normalize("../../etc/x"), "/etc/x");
        assert_eq!(normalize("/abs/../../y"), "/y");
        assert_eq!(normalize("./etc/./passwd"), "/etc/passwd");
        assert_eq!(normalize("."), "/");
        assert_eq!(normalize("a//b/"), "/a/b");
        assert_eq!(
            resolve_target("/etc/os-release", "../usr/lib/os-release"),
            "/usr/lib/os-release"
        );
        assert_eq!(resolve_target("/bin", "usr/bin"), "/usr/bin");
        assert_eq!(resolve_target("/a/b", "/../../../x"), "/x");
        assert_eq!(parent("/x"), "/");
        assert_eq!(parent("/a/b"), "/a");
        assert!(is_within("/a/b", "/a"));
        assert!(!is_within("/ab", "/a"));
    }
}
