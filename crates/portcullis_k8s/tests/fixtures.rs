//! Per-rule fixtures: every line carrying `# expect: ID` must fire exactly
//! that rule, and nothing else may fire (see `portcullis_k8s::testing`).

use portcullis_k8s::testing::check_fixture_dir;
use std::path::Path;

#[test]
fn pss_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pss");
    let n = check_fixture_dir(&dir, &[]);
    assert!(n >= 19, "expected a fixture per PSS rule, found {n}");
}
