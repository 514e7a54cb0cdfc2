//! Acceptance over the shared Kubernetes corpus: every file parses without a
//! panic, and almost no document is rejected (PyYAML accepts all of them).

use portcullis_testkit::{files_under, shared_dir};
use portcullis_yaml::{Node, NodeKind, Options, ScalarStyle, parse_stream};

/// Checks that a node's span covers the text it was written as; returns the
/// number of nodes checked, or a description of the first bad span.
fn check_spans(text: &str, n: &Node, alias_ok: bool) -> Result<usize, String> {
    let mut stack = vec![(n, alias_ok)];
    let mut count = 0;
    while let Some((n, in_alias)) = stack.pop() {
        count += 1;
        let Some(s) = text.get(n.span.start as usize..n.span.end as usize) else {
            return Err(format!(
                "span {:?} out of bounds or not on a char boundary",
                n.span
            ));
        };
        let bad = |what: &str| Err(format!("{what}: {:?} at {:?}: {s:?}", n.kind, n.span));
        if s.starts_with('*') {
            // An expanded alias: children keep the spans of the anchored node.
            match &n.kind {
                NodeKind::Seq(items) => stack.extend(items.iter().map(|i| (i, true))),
                NodeKind::Map(entries) => {
                    for e in entries {
                        stack.push((&e.key, true));
                        stack.push((&e.value, true));
                    }
                }
                _ => {}
            }
            continue;
        }
        match &n.kind {
            NodeKind::Null => {
                if !(s.is_empty() || matches!(s, "~" | "null" | "Null" | "NULL")) {
                    return bad("null");
                }
            }
            NodeKind::Scalar(sc) => match sc.style {
                ScalarStyle::Plain => {
                    if !s.contains('\n') && s != sc.value {
                        return bad("plain");
                    }
                    let first = sc.value.split(' ').next().unwrap_or("");
                    let last = sc.value.rsplit(' ').next().unwrap_or("");
                    if s.contains('\n') && !(s.starts_with(first) && s.ends_with(last)) {
                        return bad("multi-line plain");
                    }
                }
                ScalarStyle::SingleQuoted => {
                    if !(s.starts_with('\'') && s.ends_with('\'') && s.len() >= 2) {
                        return bad("single-quoted");
                    }
                }
                ScalarStyle::DoubleQuoted => {
                    if !(s.starts_with('"') && s.ends_with('"') && s.len() >= 2) {
                        return bad("double-quoted");
                    }
                }
                ScalarStyle::Literal | ScalarStyle::Folded => {
                    if !(s.starts_with('|') || s.starts_with('>')) {
                        return bad("block scalar");
                    }
                }
            },
            NodeKind::Seq(items) => {
                let flow = s.starts_with('[');
                if !(flow && s.ends_with(']')
                    || !flow && s.starts_with('-')
                    || items.is_empty() && in_alias)
                {
                    return bad("sequence");
                }
                if !in_alias && items.iter().any(|i| n.span.cover(i.span) != n.span) {
                    return bad("sequence does not cover its items");
                }
                stack.extend(items.iter().map(|i| (i, in_alias)));
            }
            NodeKind::Map(entries) => {
                if s.starts_with('{') && !s.ends_with('}') {
                    return bad("flow mapping");
                }
                for e in entries {
                    if !in_alias && !n.span.cover(e.span()).eq(&n.span) && !s.starts_with('{') {
                        // merged entries may lie outside; only plain maps must cover their entries
                        let merged = entries.iter().any(|x| !n.span.contains(x.key.span.start));
                        if !merged {
                            return bad("mapping does not cover its entries");
                        }
                    }
                    stack.push((&e.key, in_alias));
                    stack.push((&e.value, in_alias));
                }
            }
        }
    }
    Ok(count)
}

#[test]
fn corpus_documents_parse() {
    let Some(dir) = shared_dir(env!("CARGO_MANIFEST_DIR"), "corpus/k8s") else {
        return;
    };
    let files = files_under(&dir, &["yaml", "yml", "json"]);
    let opts = Options::default();
    let (mut docs, mut fatal, mut nodes, mut bad_spans, mut warnings) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let Ok(text) = portcullis_yaml::decode(&bytes) else {
            eprintln!("undecodable: {}", f.display());
            continue;
        };
        let out = parse_stream(&text, &opts);
        docs += out.documents.len();
        for d in &out.documents {
            if let Some(r) = &d.root {
                match check_spans(&text, r, false) {
                    Ok(n) => nodes += n,
                    Err(e) => {
                        bad_spans += 1;
                        eprintln!("bad span: {}: {e}", f.display());
                    }
                }
                assert_eq!(d.span, r.span);
            }
        }
        warnings += out.errors.iter().filter(|e| !e.fatal).count();
        for e in out.errors.iter().filter(|e| e.fatal) {
            fatal += 1;
            eprintln!("fatal: {} @{}: {}", f.display(), e.span.start, e.message);
        }
    }
    println!(
        "corpus: {} files, {docs} documents, {fatal} with fatal errors, {warnings} warnings, \
         {nodes} nodes, {bad_spans} documents with a bad span",
        files.len()
    );
    assert_eq!(bad_spans, 0);
    assert!(files.len() > 100, "corpus looks empty");
    assert!(fatal <= 3, "{fatal} documents rejected");
}
