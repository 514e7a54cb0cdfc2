//! Finding the inputs: walking folders (honouring `.gitignore`, skipping `.git`,
//! never following symlinks so loops cannot hang the walk) and deciding what
//! kind of file each one is.

use crate::cli::FileTypeArg;
use std::path::{Path, PathBuf};

/// The kind of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// YAML or JSON: Kubernetes objects, or a compose file when it has a top-level `services:`.
    Yaml,
    /// Kubernetes YAML or JSON only (`--type k8s`): never taken for a compose
    /// file or, on standard input, a Dockerfile.
    Kubernetes,
    /// A compose file by name.
    Compose,
    /// A Dockerfile or Containerfile.
    Dockerfile,
}

impl From<FileTypeArg> for FileKind {
    fn from(t: FileTypeArg) -> Self {
        match t {
            FileTypeArg::K8s => FileKind::Kubernetes,
            FileTypeArg::Compose => FileKind::Compose,
            FileTypeArg::Dockerfile => FileKind::Dockerfile,
        }
    }
}

/// One input to check.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path (`-` for standard input).
    pub path: PathBuf,
    /// What it is.
    pub kind: FileKind,
}

/// A compose file by name: `compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yml`, ...
pub fn is_compose_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    yaml && (lower.starts_with("compose.")
        || lower.starts_with("docker-compose")
        || lower.starts_with("compose-")
        || lower.contains(".compose."))
}

/// What kind of file `path` is, judged by its name; `None` when portcullis does not read it.
pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    if portcullis_dockerfile::is_dockerfile_path(path) {
        return Some(FileKind::Dockerfile);
    }
    if is_compose_name(name) {
        return Some(FileKind::Compose);
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json") {
        return Some(FileKind::Yaml);
    }
    None
}

/// Expands the command-line paths into inputs. Problems (missing paths) are
/// returned as `(path, message)`.
pub fn discover(
    paths: &[PathBuf],
    forced: Option<FileTypeArg>,
    exclude: &dyn Fn(&Path) -> bool,
) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input {
                path: p.clone(),
                kind: forced.map(FileKind::from).unwrap_or(FileKind::Yaml),
            });
            continue;
        }
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                problems.push((
                    p.display().to_string(),
                    format!("cannot read: {e}; check the path"),
                ));
                continue;
            }
        };
        if !meta.is_dir() {
            // A file named explicitly is read even without a known extension,
            // and so is a pipe or device (`scan <(helm template .)`): reading
            // stops at --max-file-size. Skipping them left the user with
            // "0 findings" and exit 0 for an input that was never checked.
            let kind = forced
                .map(FileKind::from)
                .or_else(|| classify(p))
                .unwrap_or(FileKind::Yaml);
            inputs.push(Input {
                path: p.clone(),
                kind,
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(p)
            .hidden(false)
            .follow_links(false)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        let mut found = Vec::new();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if !e.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let path = e.into_path();
                    if exclude(&path) {
                        continue;
                    }
                    let kind = match forced {
                        Some(f) => classify(&path).map(|_| FileKind::from(f)),
                        None => classify(&path),
                    };
                    if let Some(kind) = kind {
                        found.push(Input { path, kind });
                    }
                }
                Err(e) => problems.push((p.display().to_string(), e.to_string())),
            }
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        inputs.extend(found);
    }
    // A file reached twice (`scan k8s/ k8s/app.yaml`, `scan . ./k8s`) is
    // checked once: its findings would otherwise be reported twice.
    let mut seen = std::collections::HashSet::new();
    inputs
        .retain(|i| seen.insert(std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())));
    (inputs, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classified() {
        let k = |n: &str| classify(Path::new(n));
        assert_eq!(k("Dockerfile"), Some(FileKind::Dockerfile));
        assert_eq!(k("api.Dockerfile"), Some(FileKind::Dockerfile));
        assert_eq!(k("Dockerfile.prod"), Some(FileKind::Dockerfile));
        assert_eq!(k("Containerfile"), Some(FileKind::Dockerfile));
        assert_eq!(k("docker-compose.override.yml"), Some(FileKind::Compose));
        assert_eq!(k("compose.yaml"), Some(FileKind::Compose));
        assert_eq!(k("deploy.yaml"), Some(FileKind::Yaml));
        assert_eq!(k("x.json"), Some(FileKind::Yaml));
        assert_eq!(k("README.md"), None);
        assert_eq!(k(".dockerignore"), None);
    }

    #[test]
    fn a_file_reached_twice_is_checked_once() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("k8s");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app.yaml"), "a: 1\n").unwrap();
        let paths = [
            t.path().to_path_buf(),
            dir.clone(),
            dir.join("app.yaml"),
            dir.join(".").join("app.yaml"),
        ];
        let (inputs, problems) = discover(&paths, None, &|_| false);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(inputs.len(), 1, "{inputs:?}");
    }
}
