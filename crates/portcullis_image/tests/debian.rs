//! The real Debian image built by `../shared/bench/make-debian-image.sh DIR
//! --with-test-layer`. Runs when PORTCULLIS_DEBIAN_IMAGE_DIR names that DIR,
//! and skips with a note otherwise. Checks the inventory against the ground
//! truth, the planted secrets, the whiteout, the config findings, and zero
//! secret/malware findings on the plain image.

use portcullis_image::{ImageOptions, ImageScan, NoProgress, scan};
use portcullis_rules::Settings;
use std::path::{Path, PathBuf};

fn image_dir() -> Option<PathBuf> {
    match std::env::var_os("PORTCULLIS_DEBIAN_IMAGE_DIR") {
        Some(d) => Some(PathBuf::from(d)),
        None => {
            eprintln!(
                "note: skipping, PORTCULLIS_DEBIAN_IMAGE_DIR is not set (see shared/bench/make-debian-image.sh)"
            );
            None
        }
    }
}

fn run(p: &Path, tag: Option<&str>) -> ImageScan {
    let opts = ImageOptions {
        tag: tag.map(str::to_string),
        today: Some("2026-12-04".into()),
        ..ImageOptions::default()
    };
    scan(p, &opts, &Settings::default(), &NoProgress).expect("scan")
}

fn by_rule<'a>(s: &'a ImageScan, id: &str) -> Vec<&'a portcullis_diagnostics::Finding> {
    s.findings.iter().filter(|f| f.rule_id == id).collect()
}

const NOISE_RULES: &[&str] = &["IM010", "IM011", "IM012", "IM030", "IM031"];

fn check_inventory(s: &ImageScan, tsv: &Path) {
    let mut want: Vec<String> = std::fs::read_to_string(tsv)
        .expect("packages.tsv")
        .lines()
        .map(str::to_string)
        .collect();
    want.sort();
    let mut got: Vec<String> = s
        .packages
        .iter()
        .map(|p| {
            format!(
                "{}\t{}\t{}\t{}",
                p.name,
                p.version,
                p.source_name,
                p.arch.clone().unwrap_or_default()
            )
        })
        .collect();
    got.sort();
    let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
    let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}\nextra {extra:?}"
    );
}

#[test]
fn debian_minbase_inventory_and_zero_noise() {
    let Some(dir) = image_dir() else { return };
    let tsv = dir.join("bookworm-minbase.packages.tsv");
    for (input, tag) in [
        (dir.join("oci"), Some("bookworm-minbase")),
        (dir.join("bookworm-minbase.docker.tar"), None),
    ] {
        let s = run(&input, tag);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        check_inventory(&s, &tsv);
        assert!(s.packages.iter().all(|p| p.layer.is_some()));
        let noise: Vec<_> = s
            .findings
            .iter()
            .filter(|f| NOISE_RULES.contains(&f.rule_id.as_str()))
            .map(|f| format!("{} {} {}", f.rule_id, f.location.path, f.message))
            .collect();
        assert!(
            noise.is_empty(),
            "false positives on the plain image: {noise:?}"
        );
        let d = s.distro.as_ref().unwrap();
        assert_eq!((d.id.as_str(), d.version_id.as_str()), ("debian", "12"));
        assert!(by_rule(&s, "IM040").is_empty());
        let licensed = s.packages.iter().filter(|p| !p.licenses.is_empty()).count();
        assert!(
            licensed * 2 > s.packages.len(),
            "licences for {licensed} of {}",
            s.packages.len()
        );
    }
}

#[test]
fn debian_layered_secrets_whiteout_and_config() {
    let Some(dir) = image_dir() else { return };
    for (input, tag) in [
        (dir.join("oci"), Some("bookworm-minbase-layered")),
        (dir.join("bookworm-minbase-layered.docker.tar"), None),
    ] {
        let s = run(&input, tag);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        check_inventory(&s, &dir.join("bookworm-minbase.packages.tsv"));
        let secrets: Vec<_> = by_rule(&s, "IM010");
        let kinds: Vec<&str> = secrets
            .iter()
            .map(|f| f.properties["secret_kind"].as_str().unwrap())
            .collect();
        for k in ["github-token", "aws-access-key-id", "aws-secret-access-key"] {
            assert!(kinds.contains(&k), "{k} not found in {kinds:?}");
        }
        assert!(
            secrets
                .iter()
                .all(|f| f.location.path.ends_with("!/app/.env"))
        );
        assert!(
            secrets
                .iter()
                .all(|f| f.properties["created_by"] == "COPY app/ /app/")
        );
        let wh = &s.metadata["files"]["whiteout_paths"];
        assert!(
            wh.as_array().unwrap().iter().any(|w| w[0] == "/etc/motd"),
            "{wh}"
        );
        assert_eq!(by_rule(&s, "IM001").len(), 1);
        assert_eq!(by_rule(&s, "IM003").len(), 1);
        let env = by_rule(&s, "IM002");
        assert_eq!(env.len(), 1);
        assert_eq!(env[0].properties["variable"], "GH_TOKEN");
        let others: Vec<_> = s
            .findings
            .iter()
            .filter(|f| {
                NOISE_RULES.contains(&f.rule_id.as_str())
                    && !f.location.path.ends_with("!/app/.env")
            })
            .map(|f| format!("{} {}", f.rule_id, f.message))
            .collect();
        assert!(others.is_empty(), "{others:?}");
    }
}
