//! `check_file`: one Kubernetes manifest file in, one `FileOutcome` out.
//! Parses the stream once, recognises objects (expanding `List`s), extracts a
//! workload from every pod template and runs the workload and Kubernetes rules.

use crate::K8sObject;
use crate::extract;
use portcullis_rules::suppress::{IGNORE_ANNOTATION, parse_annotation};
use portcullis_rules::{
    Checker, FileOutcome, ObjectRef, RuleMeta, Settings, SourceError, SourceFile,
};
use portcullis_yaml::{
    Node, NodeKind, Options, ScalarStyle, document_lines, line_scopes, parse_stream,
};

/// Checks one Kubernetes manifest file (YAML or JSON, multi-document).
///
/// YAML problems become `errors` and the rest of the file is still checked.
/// `recognized` is false when no document is a Kubernetes object (a string
/// `apiVersion` and `kind`); callers skip such files quietly.
pub fn check_file(source: &SourceFile, settings: &Settings) -> FileOutcome {
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
    let mut subject: u32 = 0;
    let mut scopes = Vec::new();
    for doc in &parsed.documents {
        outcome.documents.push(document_lines(source, doc));
        let Some(root) = &doc.root else { continue };
        scopes.clear();
        line_scopes(root, source, &mut scopes);
        for &(first, last) in &scopes {
            if last > first {
                outcome.add_scope(first, last);
            }
        }
        for obj_root in objects(root) {
            let Some(object) = object_ref(obj_root) else {
                continue;
            };
            outcome.recognized = true;
            outcome.objects_checked += 1;
            collect_ignores(obj_root, &object.kind, subject, &mut outcome);
            cx.set_subject(Some(object.clone()), Some(subject));
            let k8s = K8sObject {
                object: &object,
                root: obj_root,
                subject,
            };
            for rule in crate::rules::RULES {
                if settings.is_enabled(rule.meta()) {
                    rule.check(&k8s, &mut cx);
                }
            }
            if let Some(w) = extract::workload(&object, obj_root, subject) {
                portcullis_rules::run_rules(&workload_rules, &w, &mut cx);
            }
            subject += 1;
        }
    }
    outcome.hits = cx.take_hits();
    outcome
}

/// Metadata of every rule `check_file` can run: workload rules (PSS and
/// container) and Kubernetes-only rules.
pub fn rule_metas() -> Vec<&'static RuleMeta> {
    let mut metas: Vec<&'static RuleMeta> = portcullis_workload::rules::rules()
        .iter()
        .map(|r| r.meta())
        .collect();
    metas.extend(crate::rules::RULES.iter().map(|r| r.meta()));
    metas
}

/// The identity of an object root: a mapping with string `apiVersion` and `kind`.
pub fn object_ref(root: &Node) -> Option<ObjectRef> {
    let api_version = string_value(root.get("apiVersion")?)?;
    let kind = string_value(root.get("kind")?)?;
    if api_version.is_empty() || kind.is_empty() {
        return None;
    }
    let meta = root.get("metadata");
    let text = |k: &str| {
        meta.and_then(|m| m.get(k))
            .and_then(Node::as_str)
            .map(str::to_string)
    };
    Some(ObjectRef {
        api_version: api_version.to_string(),
        kind: kind.to_string(),
        namespace: text("namespace"),
        name: text("name").or_else(|| text("generateName")),
    })
}

/// The text of a scalar that YAML reads as a string (quoted, or plain and not
/// a boolean or number).
fn string_value(n: &Node) -> Option<&str> {
    let NodeKind::Scalar(s) = &n.kind else {
        return None;
    };
    if s.style == ScalarStyle::Plain
        && (n.as_bool().is_some() || n.as_i64().is_some() || s.value.parse::<f64>().is_ok())
    {
        return None;
    }
    Some(&s.value)
}

/// The objects of a document: the root itself, or the `items` of a `List`
/// (`kind: List` or any `*List`), recursively.
fn objects(root: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    push_objects(root, &mut out, 0);
    out
}

fn push_objects<'a>(node: &'a Node, out: &mut Vec<&'a Node>, depth: usize) {
    let kind = node.get("kind").and_then(Node::as_str).unwrap_or("");
    let items = node.get("items").and_then(Node::as_seq);
    match items {
        Some(items) if kind.ends_with("List") && depth < 8 => {
            for item in items {
                push_objects(item, out, depth + 1);
            }
        }
        _ => out.push(node),
    }
}

/// `portcullis.dev/ignore` annotations of the object and of its pod template.
fn collect_ignores(root: &Node, kind: &str, subject: u32, outcome: &mut FileOutcome) {
    let mut metas = vec![root.get("metadata")];
    if let Some(path) = extract::template_path(kind)
        && !path.is_empty()
    {
        metas.push(root.path(path).and_then(|t| t.get("metadata")));
    }
    for meta in metas {
        for (k, v) in extract::annotations_of(meta) {
            if k.value == IGNORE_ANNOTATION {
                outcome
                    .annotation_ignores
                    .extend(parse_annotation(subject, v.span, &v.value));
            }
        }
    }
}
