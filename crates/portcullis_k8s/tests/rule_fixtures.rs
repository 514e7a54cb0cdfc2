//! Fixtures of the container hardening rules (KS020-KS069) and the
//! Kubernetes-only rules (KS070-KS099): `tests/fixtures/rules/<rule-name>.yaml`.
//! Each fixture runs with only its rule selected (so opt-in rules run and other
//! rules stay quiet), and the findings must be exactly its `# expect:` lines.
//! Every rule must have a fixture that both fires and stays silent.

use portcullis_k8s::testing::{actual, expected};
use portcullis_rules::{RuleMeta, Selector, Settings};
use std::path::Path;

fn my_rules() -> Vec<&'static RuleMeta> {
    let mut metas: Vec<&'static RuleMeta> = portcullis_workload::rules::container::RULES
        .iter()
        .map(|r| r.meta())
        .collect();
    metas.extend(portcullis_k8s::rules::RULES.iter().map(|r| r.meta()));
    metas
}

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

#[test]
fn rule_fixtures_fire_exactly_where_expected() {
    let mut failures = Vec::new();
    for meta in my_rules() {
        let path = dir().join(format!("{}.yaml", meta.name));
        let Ok(text) = std::fs::read_to_string(&path) else {
            failures.push(format!("{}: no fixture {}", meta.id, path.display()));
            continue;
        };
        let settings = Settings {
            select: vec![Selector::Key(meta.id.to_string())],
            ..Settings::default()
        };
        let want = expected(&text);
        let got = actual(&path.display().to_string(), &text, &settings, &[]);
        if want.is_empty() {
            failures.push(format!("{}: fixture has no `# expect:` line", meta.id));
        }
        if want.iter().any(|(_, id)| id != meta.id) {
            failures.push(format!(
                "{}: fixture expects other rules: {want:?}",
                meta.id
            ));
        }
        if want != got {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            failures.push(format!(
                "{} ({}): missing {missing:?}, unexpected {extra:?}",
                meta.id, meta.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "fixture failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_fixture_belongs_to_a_rule() {
    let names: Vec<&str> = my_rules().iter().map(|m| m.name).collect();
    for entry in std::fs::read_dir(dir()).expect("fixture dir") {
        let p = entry.expect("entry").path();
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        assert!(names.contains(&stem), "{} names no rule", p.display());
    }
}

#[test]
fn rule_docs_and_ids_are_well_formed() {
    for meta in my_rules() {
        let n: u32 = meta.id[2..].parse().expect("numeric id");
        let range = if meta.domain == portcullis_rules::Domain::Workload {
            20..=69
        } else {
            70..=99
        };
        assert!(range.contains(&n), "{} outside its range", meta.id);
        let docs = meta.docs_text();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## References",
        ] {
            assert!(docs.contains(section), "{} lacks {section}", meta.id);
        }
        assert!(
            docs.contains("Use instead"),
            "{} lacks a good example",
            meta.id
        );
        assert!(
            meta.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{} name is not kebab-case",
            meta.id
        );
    }
}

/// Every rule of this file's set, opt-in ones included, over truncated and
/// byte-mutated fixtures: nothing may panic, whatever the tree looks like.
#[test]
fn rules_survive_mutated_fixtures() {
    let settings = Settings {
        select: my_rules()
            .iter()
            .map(|m| Selector::Key(m.id.to_string()))
            .collect(),
        ..Settings::default()
    };
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const SPECIAL: &[u8] = b"-:[]{}#&*!|>'\"%@`,? \n\t0";
    let mut runs = 0;
    for entry in std::fs::read_dir(dir()).expect("fixture dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        let bytes = text.as_bytes();
        // Truncations.
        for cut in (0..bytes.len()).step_by(37) {
            let t = String::from_utf8_lossy(&bytes[..cut]);
            let _ = actual("mutated.yaml", &t, &settings, &[]);
            runs += 1;
        }
        // Byte substitutions with YAML punctuation.
        for _ in 0..40 {
            let mut b = bytes.to_vec();
            for _ in 0..3 {
                if b.is_empty() {
                    break;
                }
                let i = (next() as usize) % b.len();
                b[i] = SPECIAL[(next() as usize) % SPECIAL.len()];
            }
            let t = String::from_utf8_lossy(&b);
            let _ = actual("mutated.yaml", &t, &settings, &[]);
            runs += 1;
        }
    }
    assert!(runs > 1000, "only {runs} mutated inputs ran");
}

/// Compose services reach the container rules through the same model, with
/// `Origin::Compose` and no namespace: the Kubernetes-only checks (service
/// account, namespaces) stay silent and the rest still fire.
#[test]
fn compose_origin_skips_kubernetes_only_checks() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: kube-system}\n\
                spec:\n  containers:\n    - name: web\n      image: nginx:latest\n";
    let parsed = portcullis_yaml::parse_stream(text, &portcullis_yaml::Options::default());
    let root = parsed.documents[0].root.as_ref().expect("root");
    let object = portcullis_k8s::object_ref(root).expect("object");
    let mut w = portcullis_k8s::extract::workload(&object, root, 0).expect("workload");
    let settings = Settings {
        select: my_rules()
            .iter()
            .map(|m| Selector::Key(m.id.to_string()))
            .collect(),
        ..Settings::default()
    };
    let run = |w: &portcullis_workload::Workload| {
        let mut cx = portcullis_rules::Checker::new(&settings);
        portcullis_rules::run_rules(portcullis_workload::rules::container::RULES, w, &mut cx);
        let mut ids: Vec<&str> = cx.hits().iter().map(|h| h.rule.id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let k8s = run(&w);
    for id in ["KS025", "KS026", "KS027", "KS036", "KS043"] {
        assert!(
            k8s.contains(&id),
            "{id} should fire for Kubernetes: {k8s:?}"
        );
    }
    w.origin = portcullis_workload::Origin::Compose;
    w.namespace = None;
    let compose = run(&w);
    for id in ["KS025", "KS026", "KS043", "KS044"] {
        assert!(
            !compose.contains(&id),
            "{id} fired for compose: {compose:?}"
        );
    }
    for id in ["KS027", "KS036"] {
        assert!(
            compose.contains(&id),
            "{id} should fire for compose: {compose:?}"
        );
    }
}
