//! Acceptance over the shared Kubernetes corpus: every file parses without a
//! panic, and almost no document is rejected (PyYAML accepts all of them).

use std::path::{Path, PathBuf};

use portcullis_yaml::{Options, parse_stream};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/k8s");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("PORTCULLIS_REQUIRE_SHARED").as_deref() != Ok("1"),
        "shared corpus missing at {} and PORTCULLIS_REQUIRE_SHARED=1",
        dir.display()
    );
    eprintln!("note: {} missing; skipping", dir.display());
    None
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(p);
        }
    }
}

#[test]
fn corpus_documents_parse() {
    let Some(dir) = shared() else { return };
    let mut files = Vec::new();
    collect(&dir, &mut files);
    let opts = Options::default();
    let (mut docs, mut fatal) = (0usize, 0usize);
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
        for e in out.errors.iter().filter(|e| e.fatal) {
            fatal += 1;
            eprintln!("fatal: {} @{}: {}", f.display(), e.span.start, e.message);
        }
    }
    println!(
        "corpus: {} files, {docs} documents, {fatal} with fatal errors",
        files.len()
    );
    assert!(files.len() > 100, "corpus looks empty");
    assert!(fatal <= 3, "{fatal} documents rejected");
}
