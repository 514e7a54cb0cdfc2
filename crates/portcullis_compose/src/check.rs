//! `check_file`: one compose file in, one `FileOutcome` out. Parses the file
//! once (YAML 1.1, merge keys applied), reads every service into a
//! [`ComposeService`], loads its env files from the compose file's folder and
//! runs the shared workload rules and the DC rules on it.

use crate::service::{ComposeService, Ctx, EnvLoader, read_service};
use portcullis_rules::{Checker, FileOutcome, RuleMeta, Settings, SourceError, SourceFile};
use portcullis_yaml::{Node, NodeKind, Options, document_lines, last_content_line, parse_stream};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest env file read (bigger ones are not env files).
const MAX_ENV_FILE: u64 = 1 << 20;

/// True when `root` is a compose file: a mapping whose `services` is a mapping.
pub fn looks_like_compose(root: &Node) -> bool {
    matches!(
        root.get("services").map(|s| &s.kind),
        Some(NodeKind::Map(_))
    )
}

/// Metadata of the compose-only rules (DC). The shared workload rules that
/// also run on compose services are listed by `portcullis_workload`.
pub fn rule_metas() -> Vec<&'static RuleMeta> {
    crate::rules::RULES.iter().map(|r| r.meta()).collect()
}

/// Loads env files relative to the compose file's folder, once each.
struct FsEnv<'a> {
    base: &'a Path,
    /// Folders an env file may live in: the compose file's folder and the
    /// current directory (the project being scanned), canonicalised.
    roots: Vec<PathBuf>,
    cache: HashMap<PathBuf, Option<Arc<SourceFile>>>,
}

impl EnvLoader for FsEnv<'_> {
    fn load(&mut self, path: &str) -> Option<Arc<SourceFile>> {
        let full = self.base.join(path);
        if let Some(hit) = self.cache.get(&full) {
            return hit.clone();
        }
        let file = read_env_file(&full, &self.roots);
        self.cache.insert(full, file.clone());
        file
    }
}

/// Reads an env file, but only from inside the project: a compose file from an
/// untrusted repository must not make a CI run print the runner's own files
/// (`/etc/...`, `../../secrets`, a symlink pointing out) into its report.
fn read_env_file(path: &Path, roots: &[PathBuf]) -> Option<Arc<SourceFile>> {
    use std::io::Read;
    let real = std::fs::canonicalize(path).ok()?;
    if !roots.iter().any(|r| real.starts_with(r)) {
        return None;
    }
    let file = std::fs::File::open(&real).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    // Bounded read: the file may grow between any size check and the read.
    let mut bytes = Vec::new();
    file.take(MAX_ENV_FILE + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > MAX_ENV_FILE || portcullis_secrets::is_binary(&bytes) {
        return None;
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Some(Arc::new(SourceFile::new(path.display().to_string(), text)))
}

/// Checks one compose file. `base_dir` is the folder env files are read from
/// (the compose file's folder). YAML problems become `errors` and the rest is
/// still checked. `recognized` is false when no document has a top-level
/// `services` mapping.
pub fn check_file(source: &SourceFile, base_dir: &Path, settings: &Settings) -> FileOutcome {
    let roots = [Some(base_dir.to_path_buf()), std::env::current_dir().ok()]
        .into_iter()
        .flatten()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut env = FsEnv {
        base: base_dir,
        roots,
        cache: HashMap::new(),
    };
    check_with(source, settings, &mut env)
}

/// `check_file` with env files from `loader` (tests and fuzzing use no I/O).
pub(crate) fn check_with(
    source: &SourceFile,
    settings: &Settings,
    env: &mut dyn EnvLoader,
) -> FileOutcome {
    let parsed = parse_stream(source.text(), &Options::default());
    let mut outcome = FileOutcome {
        errors: parsed
            .errors
            .iter()
            .map(|e| SourceError {
                span: Some(e.span),
                message: e.message.clone(),
            })
            .collect(),
        ..FileOutcome::default()
    };
    let workload_rules = portcullis_workload::rules::rules();
    let mut cx = Checker::new(settings);
    let mut index: u32 = 0;
    for doc in &parsed.documents {
        outcome.documents.push(document_lines(source, doc));
        let Some(root) = &doc.root else { continue };
        if !looks_like_compose(root) {
            continue;
        }
        outcome.recognized = true;
        add_scopes(source, root, &mut outcome);
        let ctx = Ctx {
            text: source.text(),
            root,
        };
        for entry in root
            .get("services")
            .and_then(Node::as_map)
            .unwrap_or_default()
        {
            let Some(service) = read_service(&ctx, entry, index, env) else {
                continue;
            };
            index += 1;
            outcome.objects_checked += 1;
            run_service(&service, &workload_rules, &mut cx);
        }
    }
    // Several services may share an env file: report each finding once.
    let mut seen = HashSet::new();
    outcome.hits = cx
        .take_hits()
        .into_iter()
        .filter(|h| match &h.source {
            Some(src) => seen.insert((src.path().to_string(), h.span, h.rule.id)),
            None => true,
        })
        .collect();
    outcome
}

/// Runs the shared workload rules and the DC rules on one service.
pub(crate) fn run_service(
    service: &ComposeService,
    workload_rules: &[&dyn portcullis_rules::Rule<portcullis_workload::Workload>],
    cx: &mut Checker,
) {
    cx.set_subject(Some(service.workload.object.clone()), Some(service.index));
    portcullis_rules::run_rules(workload_rules, &service.workload, cx);
    portcullis_rules::run_rules(crate::rules::RULES, service, cx);
}

/// Records the lines every mapping entry and sequence item covers, so an
/// ignore comment above it covers the whole construct.
fn add_scopes(source: &SourceFile, node: &Node, outcome: &mut FileOutcome) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    // Merged entries keep the anchor's spans, so they are
                    // scoped where they were written.
                    let first = source.line_col(e.key.span.start).line;
                    let last = last_content_line(
                        source,
                        e.key.span.start,
                        e.value.span.end.max(e.key.span.end),
                    );
                    if last > first {
                        outcome.add_scope(first, last);
                    }
                    stack.push(&e.value);
                }
            }
            NodeKind::Seq(items) => {
                for item in items {
                    let first = source.line_col(item.span.start).line;
                    let last = last_content_line(source, item.span.start, item.span.end);
                    if last > first {
                        outcome.add_scope(first, last);
                    }
                    stack.push(item);
                }
            }
            _ => {}
        }
    }
}
