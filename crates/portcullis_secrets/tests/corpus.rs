//! The file scanner over the shared corpus of real manifests and Dockerfiles:
//! the set of matches is pinned, so a detector change that adds noise on real
//! files fails here. Skips when `../shared` is absent unless
//! `PORTCULLIS_REQUIRE_SHARED=1`.

use portcullis_secrets::Scanner;
use portcullis_testkit::{files_under, shared_dir};

#[test]
fn corpus_matches_are_pinned() {
    let Some(root) = shared_dir(env!("CARGO_MANIFEST_DIR"), "corpus") else {
        return;
    };
    let files = files_under(&root, &[]);
    let scanner = Scanner::new();
    let mut got = Vec::new();
    for f in &files {
        let Ok(data) = std::fs::read(f) else { continue };
        for m in scanner.scan(&data) {
            let rel = f
                .strip_prefix(&root)
                .unwrap_or(f)
                .to_string_lossy()
                .into_owned();
            got.push(format!("{rel}:{} {}", m.line, m.kind.id()));
        }
    }
    assert!(
        files.len() > 1000,
        "corpus unexpectedly small: {}",
        files.len()
    );
    // Hardcoded passwords in manifests (Secret data, compose env) and one
    // sample private key: real findings, nothing else.
    let expected = [
        "compose/docker-library__docs/joomla/compose.yaml:16 password-assignment",
        "k8s/istio__istio/samples/jwt-server/jwt-server.yaml:65 private-key",
        "k8s/kubernetes__examples/_archived/persistent-volume-provisioning/quobyte/quobyte-admin-secret.yaml:7 password-assignment",
        "k8s/kubernetes__examples/_archived/volumes/iscsi/chap-secret.yaml:9 password-assignment",
        "k8s/kubernetes__examples/_archived/volumes/iscsi/chap-secret.yaml:13 password-assignment",
        "k8s/kubernetes__examples/_archived/volumes/scaleio/secret.yaml:8 password-assignment",
        "k8s/tektoncd__pipeline/examples/v1/pipelineruns/mapping-workspaces.yaml:34 password-assignment",
        "k8s/tektoncd__pipeline/examples/v1/pipelineruns/propagating-workspaces.yaml:25 password-assignment",
        "k8s/tektoncd__pipeline/examples/v1/pipelineruns/workspaces-projected.yaml:35 password-assignment",
        "k8s/tektoncd__pipeline/examples/v1/pipelineruns/workspaces.yaml:34 password-assignment",
    ];
    got.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want);
}
