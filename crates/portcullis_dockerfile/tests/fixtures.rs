//! Fixture tests: every rule has `DFnnn-fires*.Dockerfile` files whose
//! `# expect: DFnnn` comment lines sit immediately above the instruction that
//! must fire, and `DFnnn-silent*.Dockerfile` files where the rule stays quiet.
//! The exact set of (instruction line, rule) pairs is asserted.

use portcullis_dockerfile::{check_file, rule_metas};
use portcullis_rules::{Settings, SourceFile};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    v.sort();
    v
}

fn all_rules() -> Settings {
    Settings {
        enable: vec!["dockerfile".to_string()],
        ..Settings::default()
    }
}

/// Expected (line of the instruction, rule) pairs from `# expect:` lines.
fn expectations(text: &str) -> BTreeSet<(u32, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = BTreeSet::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(ids) = l.trim().strip_prefix("# expect:") else {
            continue;
        };
        let mut target = i + 1;
        while target < lines.len() && lines[target].trim().starts_with("# expect:") {
            target += 1;
        }
        for id in ids.split([',', ' ']).filter(|s| !s.is_empty()) {
            out.insert((target as u32 + 1, id.to_string()));
        }
    }
    out
}

#[test]
fn every_fixture_matches_its_expectations() {
    let settings = all_rules();
    let mut failures = Vec::new();
    for path in fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let rule = name.split('-').next().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = expectations(&text);
        let mut checked: BTreeSet<String> = expected.iter().map(|(_, r)| r.clone()).collect();
        checked.insert(rule.clone());
        let src = SourceFile::new(name.clone(), text);
        let outcome = check_file(&src, &settings);
        assert!(outcome.errors.is_empty(), "{name}: {:?}", outcome.errors);
        let mut got = BTreeSet::new();
        for hit in &outcome.hits {
            if !checked.contains(hit.rule.id) {
                continue;
            }
            let line = src.line_col(hit.span.start).line;
            // Attribute the hit to the instruction that contains it.
            let first = outcome
                .scopes
                .iter()
                .filter(|(f, l)| **f <= line && line <= **l)
                .map(|(f, _)| *f)
                .max()
                .unwrap_or(line);
            got.insert((first, hit.rule.id.to_string()));
        }
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
        if name.contains("-silent") {
            assert!(
                expected.is_empty(),
                "{name}: silent fixtures carry no expectations"
            );
        } else {
            assert!(
                !expected.is_empty(),
                "{name}: a fires fixture needs expectations"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_fires_and_silent_fixtures() {
    let names: Vec<String> = fixtures()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    for meta in rule_metas() {
        assert!(
            names
                .iter()
                .any(|n| n.starts_with(&format!("{}-fires", meta.id))),
            "{} has no fires fixture",
            meta.id
        );
        assert!(
            names
                .iter()
                .any(|n| n.starts_with(&format!("{}-silent", meta.id))),
            "{} has no silent fixture",
            meta.id
        );
    }
}

#[test]
fn rule_metadata_is_well_formed() {
    let mut ids = BTreeSet::new();
    for meta in rule_metas() {
        assert!(ids.insert(meta.id), "duplicate {}", meta.id);
        assert!(
            meta.id.starts_with("DF") && meta.id.len() == 5,
            "{}",
            meta.id
        );
        assert!(
            meta.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            meta.name
        );
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
            "{} lacks `Use instead`",
            meta.id
        );
    }
}

#[test]
fn inline_suppression_covers_the_whole_instruction() {
    let text = "FROM alpine:3.20\n# portcullis:ignore[DF010] vendor installer, pinned by checksum elsewhere\nRUN apk add --no-cache bash=5 && \\\n    curl -s https://x/i.sh | sh\nUSER app\nHEALTHCHECK CMD true\n";
    let src = SourceFile::new("Dockerfile", text);
    let settings = Settings::default();
    let outcome = check_file(&src, &settings);
    assert_eq!(outcome.scopes.get(&3), Some(&4));
    let report = portcullis_rules::finish_file(&src, outcome, &settings, "2026-01-01");
    let df010: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "DF010")
        .collect();
    assert_eq!(df010.len(), 1);
    assert!(df010[0].suppressed.is_some(), "{df010:?}");
    assert!(
        !report.findings.iter().any(|f| f.rule_id.starts_with("PT")),
        "{:?}",
        report.findings
    );
}

#[test]
fn history_check_skips_file_only_rules() {
    let h: Vec<String> = [
        "/bin/sh -c #(nop) ADD file:abc in / ",
        "/bin/sh -c #(nop)  ENV NODE_TLS_REJECT_UNAUTHORIZED=0",
        "/bin/sh -c curl -s https://x/i.sh | bash",
        "WORKDIR app",
        "RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit",
        "|2 NPM_TOKEN=npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 VERSION=1 /bin/sh -c npm ci",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let text = portcullis_dockerfile::history_to_dockerfile(&h);
    let src = SourceFile::new("image-history", text);
    let outcome = portcullis_dockerfile::check_history(&src, &all_rules());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let got: BTreeSet<(u32, &str)> = outcome
        .hits
        .iter()
        .map(|h| (src.line_col(h.span.start).line, h.rule.id))
        .collect();
    assert!(got.contains(&(2, "DF012")), "{got:?}");
    assert!(got.contains(&(3, "DF010")), "{got:?}");
    assert!(got.contains(&(5, "DF016")), "{got:?}");
    assert!(got.contains(&(5, "DF017")), "{got:?}");
    assert!(got.contains(&(6, "DF025")), "{got:?}");
    // The image config rules judge the user (IM001) and exposed ports (IM003).
    for skipped in [
        "DF001", "DF002", "DF003", "DF009", "DF015", "DF019", "DF020",
    ] {
        assert!(
            !got.iter().any(|(_, r)| *r == skipped),
            "{skipped} in {got:?}"
        );
    }
}

#[test]
fn dockerfile_paths() {
    use portcullis_dockerfile::is_dockerfile_path;
    use std::path::Path;
    for p in [
        "Dockerfile",
        "a/Dockerfile.dev",
        "x.Dockerfile",
        "x.dockerfile",
        "Containerfile",
        "Containerfile.arm",
        "api.containerfile",
    ] {
        assert!(is_dockerfile_path(Path::new(p)), "{p}");
    }
    for p in [
        "Dockerfile-dev",
        ".dockerfile",
        "Dockerfile.dockerignore",
        "dockerfile.md.bak/x",
        "README.md",
        "docker-compose.yml",
    ] {
        assert!(!is_dockerfile_path(Path::new(p)), "{p}");
    }
}

#[test]
fn suppression_covers_heredoc_bodies_and_onbuild() {
    let text = "FROM alpine:3.20\n# portcullis:ignore[DF010] vendored installer\nRUN <<EOF\nset -e\ncurl -s https://x/i.sh | sh\nEOF\n# portcullis:ignore[DF011] base image for CI runners\nONBUILD RUN sudo make install\nUSER app\nHEALTHCHECK CMD true\n";
    let src = SourceFile::new("Dockerfile", text);
    let settings = Settings::default();
    let outcome = check_file(&src, &settings);
    assert_eq!(outcome.scopes.get(&3), Some(&6));
    let report = portcullis_rules::finish_file(&src, outcome, &settings, "2026-01-01");
    let active: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .map(|f| (f.location.line, f.rule_id.clone()))
        .collect();
    assert!(active.is_empty(), "{active:?}");
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.suppressed.is_some())
            .count(),
        2
    );
}

/// Messages name the program that runs the download, never a piece of a
/// substitution (`sh -c "$(curl .../install.sh)"` once said `install.sh)`).
#[test]
fn download_messages_name_the_runner() {
    let text = "FROM alpine:3.20\nRUN sh -c \"$(curl -fsSL https://example.com/install.sh)\"\nRUN bash <(curl -s https://example.com/i.sh)\n";
    let src = SourceFile::new("Dockerfile", text.to_string());
    let outcome = check_file(&src, &all_rules());
    let msgs: Vec<&str> = outcome
        .hits
        .iter()
        .filter(|h| h.rule.id == "DF010")
        .map(|h| h.message.as_str())
        .collect();
    assert_eq!(
        msgs,
        [
            "`curl` downloads a script that the shell executes without verification",
            "`curl` downloads a script that `bash` executes without verification",
        ]
    );
}

/// In image history a bare secret-named `ARG` followed by a `RUN` is not DF006:
/// the history shows the value the RUN saw (empty here: a secret mount was used,
/// whose flag history drops).
#[test]
fn history_bare_secret_arg_is_not_df006() {
    let h: Vec<String> = [
        "ARG GITHUB_TOKEN",
        "RUN |1 GITHUB_TOKEN= /bin/sh -c ./fetch.sh # buildkit",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let text = portcullis_dockerfile::history_to_dockerfile(&h);
    let src = SourceFile::new("image-history", text);
    let outcome = portcullis_dockerfile::check_history(&src, &all_rules());
    assert!(
        !outcome.hits.iter().any(|h| h.rule.id == "DF006"),
        "{:?}",
        outcome.hits
    );
}

/// DF011 names the command and the wrapper once (it said "`apk` runs `apk` through `sudo`").
#[test]
fn sudo_message_names_command_and_wrapper() {
    let text = "FROM alpine:3.20\nRUN sudo apk add curl\n";
    let src = SourceFile::new("Dockerfile", text.to_string());
    let outcome = check_file(&src, &all_rules());
    let msgs: Vec<&str> = outcome
        .hits
        .iter()
        .filter(|h| h.rule.id == "DF011")
        .map(|h| h.message.as_str())
        .collect();
    assert_eq!(msgs, ["`apk` runs through `sudo`"]);
}
