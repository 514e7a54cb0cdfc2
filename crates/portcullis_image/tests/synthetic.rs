//! Images built in code: whiteouts, deleted secrets, symlinked layer.tar,
//! compression, tar quirks, hostile paths, bombs, many files, corrupt layers,
//! platform and tag selection, and each rule firing and staying silent.

mod common;

use common::*;
use portcullis_image::{ImageError, ImageOptions, ImageScan, NoProgress, scan};
use portcullis_rules::Settings;
use std::path::Path;

const GH: &str = "ghp_Zq8rT3vLw9XkP2mN7bC4dF6hJ1sY5uA0eRtG";

fn opts() -> ImageOptions {
    ImageOptions {
        today: Some("2026-12-04".into()),
        ..ImageOptions::default()
    }
}

fn run(path: &Path) -> ImageScan {
    scan(path, &opts(), &Settings::default(), &NoProgress).expect("scan")
}

fn ids(s: &ImageScan, id: &str) -> Vec<String> {
    s.findings
        .iter()
        .filter(|f| f.rule_id == id)
        .map(|f| format!("{} {}", f.location.path, f.message))
        .collect()
}

fn base_layer() -> Layer {
    let mut l = Layer::new();
    l.dir("etc/", 0o755)
        .file(
            "etc/os-release",
            b"ID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\n",
        )
        .file("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n")
        .file("etc/shadow", b"root:*:19000:0:99999:7:::\n")
        .file("etc/motd", b"hello\n");
    l
}

#[test]
fn whiteouts_and_deleted_secret_in_oci_layout() {
    let dir = tempfile::tempdir().unwrap();
    let mut l1 = base_layer();
    l1.dir("app/", 0o755)
        .file("app/.env", format!("GITHUB_TOKEN={GH}\n").as_bytes())
        .dir("opt/data/", 0o755)
        .file_mode("opt/data/suid", 0o4755, b"x");
    let mut l2 = Layer::new();
    l2.whiteout("app/.env")
        .whiteout("etc/motd")
        .opaque("opt/data")
        .file("opt/data/new", b"n");
    let layers = vec![Blob::gz(l1.finish()), Blob::zst(l2.finish())];
    let cfg = config_json(
        &layers,
        &["COPY app/ /app/", "RUN rm /app/.env"],
        serde_json::json!({"User": "1000"}),
    );
    write_oci(dir.path(), &layers, &cfg, Some("v1"));
    let s = run(dir.path());
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let secrets: Vec<_> = s.findings.iter().filter(|f| f.rule_id == "IM010").collect();
    assert_eq!(secrets.len(), 1, "{:?}", s.findings);
    let f = secrets[0];
    assert!(f.location.path.ends_with("!/app/.env"));
    assert_eq!((f.location.line, f.location.column), (1, 14));
    assert!(
        f.message.contains("deleted in a later layer"),
        "{}",
        f.message
    );
    assert_eq!(f.properties["created_by"], "COPY app/ /app/");
    assert_eq!(
        f.properties["diff_id"],
        format!("sha256:{}", sha256(&layers[0].tar))
    );
    assert!(!f.message.contains(GH), "secret must be redacted");
    // .env itself is also a sensitive file
    assert_eq!(ids(&s, "IM011").len(), 1);
    // opaque whiteout removed the setuid file of layer 1
    assert!(ids(&s, "IM020").is_empty(), "{:?}", ids(&s, "IM020"));
    assert_eq!(s.attack_surface["setuid_count"], 0);
    assert_eq!(s.distro.as_ref().unwrap().id, "alpine");
    assert_eq!(s.layers.len(), 2);
    assert_eq!(s.layers[1].created_by.as_deref(), Some("RUN rm /app/.env"));
    assert_eq!(s.reference.as_deref(), Some("v1"));
    assert!(s.digest.as_deref().unwrap().starts_with("sha256:"));
}

#[test]
fn setuid_world_writable_tools_and_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = base_layer();
    l.dir("usr/bin/", 0o755)
        .file_mode("usr/bin/passwd", 0o4755, b"\x7fELF")
        .file_mode("usr/bin/wall", 0o2755, b"\x7fELF")
        .file_mode("usr/bin/nc", 0o755, b"\x7fELF")
        .file_mode("usr/bin/sudo", 0o4755, b"\x7fELF")
        .file_mode("usr/bin/bash", 0o755, b"\x7fELF")
        .dir("data/", 0o777)
        .dir("tmp/", 0o1777)
        .file_mode("etc/ww.conf", 0o666, b"x")
        .file("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/:/bin/sh\na:x:5:5::/:/bin/sh\nb:x:5:5::/:/bin/sh\n")
        .file("etc/shadow", b"root:*:1::::::\ntoor::1::::::\na:!:1::::::\nb:!:1::::::\n");
    let layers = vec![Blob::plain(l.finish())];
    let cfg = config_json(
        &layers,
        &["ADD rootfs /"],
        serde_json::json!({"User": "app"}),
    );
    write_oci(dir.path(), &layers, &cfg, None);
    let s = run(dir.path());
    assert_eq!(ids(&s, "IM020").len(), 3, "{:?}", ids(&s, "IM020"));
    let ww = ids(&s, "IM021");
    assert_eq!(ww.len(), 2, "{ww:?}");
    assert!(ww.iter().all(|w| !w.contains("!/tmp")), "{ww:?}");
    assert_eq!(ids(&s, "IM025").len(), 1);
    assert_eq!(ids(&s, "IM026").len(), 1);
    assert_eq!(ids(&s, "IM022").len(), 1);
    assert_eq!(ids(&s, "IM023").len(), 1);
    assert_eq!(ids(&s, "IM024").len(), 1);
    assert_eq!(s.attack_surface["shells"][0], "/usr/bin/bash");
    assert_eq!(s.attack_surface["setuid_count"], 2);
    assert!(ids(&s, "IM001").is_empty());
}

#[test]
fn config_rules_fire_with_positions_and_stay_silent() {
    let dir = tempfile::tempdir().unwrap();
    let layers = vec![Blob::plain(base_layer().finish())];
    let cfg = config_json(
        &layers,
        &["ADD rootfs /"],
        serde_json::json!({"User": "0:0", "Env": ["PATH=/usr/bin", format!("GH_TOKEN={GH}"), "DB_PASSWORD=${DB_PASSWORD}"],
            "ExposedPorts": {"22/tcp": {}, "8080/tcp": {}}}),
    );
    write_oci(dir.path(), &layers, &cfg, Some("latest"));
    let s = run(dir.path());
    for id in ["IM001", "IM002", "IM003", "IM004", "IM005"] {
        assert_eq!(ids(&s, id).len(), 1, "{id}: {:?}", s.findings);
    }
    let env = s.findings.iter().find(|f| f.rule_id == "IM002").unwrap();
    assert!(env.location.path.ends_with("!config.json"));
    assert!(env.location.line > 1);
    let snippet = env.snippet.as_ref().unwrap();
    assert!(snippet.lines[0].contains("GH_TOKEN="));
    assert!(
        !snippet.lines[0].contains(GH),
        "config snippet must be redacted"
    );

    let dir2 = tempfile::tempdir().unwrap();
    let cfg = config_json(
        &layers,
        &["ADD rootfs /"],
        serde_json::json!({"User": "10001", "Env": ["PATH=/usr/bin", "GH_TOKEN=<your-token>"],
            "ExposedPorts": {"8080/tcp": {}}, "Healthcheck": {"Test": ["CMD", "true"]}}),
    );
    write_oci(dir2.path(), &layers, &cfg, Some("1.2.3"));
    let s = run(dir2.path());
    for id in ["IM001", "IM002", "IM003", "IM004", "IM005"] {
        assert!(ids(&s, id).is_empty(), "{id}: {:?}", ids(&s, id));
    }
}

#[test]
fn history_findings_name_the_history_line() {
    let dir = tempfile::tempdir().unwrap();
    let layers = vec![Blob::plain(base_layer().finish())];
    let cfg = config_json(
        &layers,
        &["/bin/sh -c curl -k https://x.example/install.sh | sh"],
        serde_json::json!({"User": "1"}),
    );
    write_oci(dir.path(), &layers, &cfg, None);
    let s = run(dir.path());
    let hist: Vec<_> = s
        .findings
        .iter()
        .filter(|f| f.location.path.ends_with("!history"))
        .collect();
    for f in &hist {
        assert_eq!(f.location.line, 1);
        assert_eq!(f.properties["layer_index"], 0);
    }
}

#[test]
fn docker_archive_legacy_symlinked_layers_plain_and_gzipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut l2 = Layer::new();
    l2.dir("root/", 0o700)
        .file("root/.bash_history", b"ls\n")
        .whiteout("etc/motd");
    let layers = vec![Blob::plain(base_layer().finish()), Blob::plain(l2.finish())];
    let cfg = config_json(
        &layers,
        &["ADD rootfs /", "RUN history"],
        serde_json::json!({"User": "1"}),
    );
    let tar_path = dir.path().join("image.tar");
    write_docker_archive(&tar_path, &layers, &cfg, "example/app:1.0", true);
    let s = run(&tar_path);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(s.input_kind, "archive");
    assert_eq!(s.reference.as_deref(), Some("example/app:1.0"));
    assert_eq!(s.layers.len(), 2);
    assert_eq!(ids(&s, "IM011").len(), 1, "{:?}", s.findings);
    assert!(s.layers.iter().all(|l| l.entries > 0));

    let gz_path = dir.path().join("image.tar.gz");
    std::fs::write(&gz_path, gzip(&std::fs::read(&tar_path).unwrap())).unwrap();
    let s2 = run(&gz_path);
    assert_eq!(s2.findings.len(), s.findings.len());
    // The outer archive is decompressed into a temp dir, within the per-image cap.
    let small = ImageOptions {
        max_total_bytes: 4096,
        ..opts()
    };
    let err = scan(&gz_path, &small, &Settings::default(), &NoProgress).unwrap_err();
    assert!(err.to_string().contains("decompression bomb"), "{err}");

    // The same archive unpacked into a folder.
    let unpacked = dir.path().join("unpacked");
    tar::Archive::new(std::fs::File::open(&tar_path).unwrap())
        .unpack(&unpacked)
        .unwrap();
    let s3 = run(&unpacked);
    assert_eq!(s3.input_kind, "docker-save-dir");
    assert_eq!(s3.findings.len(), s.findings.len());

    let plain = dir.path().join("plain.tar");
    write_docker_archive(&plain, &layers, &cfg, "example/app:1.0", false);
    assert_eq!(run(&plain).findings.len(), s.findings.len());
}

#[test]
fn tar_quirks_long_names_hardlinks_sparse_unterminated() {
    let dir = tempfile::tempdir().unwrap();
    let long_dir = "a".repeat(120);
    let mut l = base_layer();
    l.gnu_long(
        &format!("srv/{long_dir}/gnu.env"),
        format!("T={GH}\n").as_bytes(),
    )
    .pax_long(
        &format!("srv/{long_dir}/pax/.npmrc"),
        b"registry=https://r.example\n",
    )
    .sparse(
        "srv/sparse.img",
        100_000,
        &[(0, &[b'h'; 512]), (99_996, b"tail")],
    )
    .file("srv/after-sparse.txt", format!("key {GH}\n").as_bytes())
    .file_mode("usr/bin/orig", 0o4755, b"\x7fELF")
    .hardlink("usr/bin/linked", "usr/bin/orig");
    let path = dir.path().join("rootfs.tar");
    std::fs::write(&path, l.finish_unterminated()).unwrap();
    let s = run(&path);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(s.input_kind, "rootfs-tar");
    let secrets = ids(&s, "IM010");
    assert!(
        secrets
            .iter()
            .any(|p| p.contains(&format!("/srv/{long_dir}/gnu.env"))),
        "{secrets:?}"
    );
    assert!(
        secrets.iter().any(|p| p.contains("/srv/after-sparse.txt")),
        "{secrets:?}"
    );
    assert!(
        ids(&s, "IM011").iter().any(|p| p.contains("/pax/.npmrc")),
        "{:?}",
        ids(&s, "IM011")
    );
    assert_eq!(
        ids(&s, "IM020").len(),
        2,
        "hard link keeps setuid: {:?}",
        ids(&s, "IM020")
    );
    assert_eq!(s.metadata["files"]["hardlinks"], 1);
}

#[test]
fn hostile_paths_stay_inside_the_image() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Layer::new();
    l.file("../../etc/os-release", b"ID=debian\nVERSION_ID=11\n")
        .file("/abs/.env", format!("T={GH}\n").as_bytes())
        .symlink("loop-a", "loop-b")
        .symlink("loop-b", "loop-a")
        .symlink("etc/passwd", "/loop-a/x")
        .symlink("deep", "../../../../etc");
    let path = dir.path().join("evil.tar");
    std::fs::write(&path, l.finish()).unwrap();
    let s = run(&path);
    assert_eq!(s.distro.as_ref().unwrap().id, "debian");
    assert_eq!(
        ids(&s, "IM040").len(),
        1,
        "debian 11 is past EOL on 2026-12-04"
    );
    assert!(ids(&s, "IM010").iter().any(|p| p.contains("!/abs/.env")));
    // nothing was written next to the archive
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn rootfs_folder_and_symlinked_os_release() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::create_dir_all(root.join("usr/lib")).unwrap();
    std::fs::write(
        root.join("usr/lib/os-release"),
        "ID=alpine\nVERSION_ID=3.10.2\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("../usr/lib/os-release", root.join("etc/os-release")).unwrap();
    let s = run(root);
    assert_eq!(s.input_kind, "rootfs-dir");
    assert_eq!(s.distro.as_ref().unwrap().version_id, "3.10.2");
    assert_eq!(ids(&s, "IM040").len(), 1);
}

#[test]
fn big_text_files_are_scanned_in_chunks_with_exact_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "line {i} of a long SQL dump with nothing secret\n"
        ));
    }
    text.push_str(&format!("INSERT INTO tokens VALUES ('{GH}');\n"));
    let mut l = base_layer();
    l.file("srv/dump.sql", text.as_bytes());
    let path = dir.path().join("big.tar");
    std::fs::write(&path, l.finish()).unwrap();
    let o = ImageOptions {
        max_secret_file_bytes: 64 << 10,
        ..opts()
    };
    let s = scan(&path, &o, &Settings::default(), &NoProgress).unwrap();
    let f: Vec<_> = s.findings.iter().filter(|f| f.rule_id == "IM010").collect();
    assert_eq!(f.len(), 1, "{:?}", s.findings);
    assert_eq!((f[0].location.line, f[0].location.column), (20_001, 29));
    assert_eq!(s.metadata["files"]["secret_files_chunked"], 1);
}

#[test]
fn os_release_symlinked_to_an_unusual_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Layer::new();
    l.symlink("etc/os-release", "../opt/distro/os-release")
        .file("opt/distro/os-release", b"ID=ubuntu\nVERSION_ID=20.04\n")
        .symlink("etc/passwd", "/opt/accounts/passwd")
        .file(
            "opt/accounts/passwd",
            b"root:x:0:0::/root:/bin/sh\nop:x:0:0::/:/bin/sh\n",
        );
    let path = dir.path().join("odd.tar");
    std::fs::write(&path, l.finish()).unwrap();
    let s = run(&path);
    assert_eq!(s.distro.as_ref().unwrap().id, "ubuntu");
    assert_eq!(ids(&s, "IM040").len(), 1, "20.04 ended 2025-05-31");
    assert_eq!(ids(&s, "IM024").len(), 1);
}

#[test]
fn decompression_bomb_is_capped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    // Concatenated gzip members: a header for a 1 GiB file, then 1 MiB zero chunks.
    let mut h = tar::Header::new_gnu();
    h.set_path("zeros.bin").unwrap();
    h.set_size(1 << 30);
    h.set_mode(0o644);
    h.set_cksum();
    let mut stored = gzip(h.as_bytes());
    let chunk = gzip(&vec![0u8; 1 << 20]);
    for _ in 0..1024 {
        stored.extend_from_slice(&chunk);
    }
    stored.extend_from_slice(&gzip(&[0u8; 1024]));
    let l1 = Blob::plain(base_layer().finish());
    let bomb = Blob {
        stored,
        tar: b"bomb".to_vec(),
        media_type: "application/vnd.oci.image.layer.v1.tar+gzip",
    };
    let layers = vec![l1, bomb];
    let cfg = config_json(
        &layers,
        &["ADD rootfs /", "ADD bomb /"],
        serde_json::json!({"User": "1"}),
    );
    write_oci(dir.path(), &layers, &cfg, None);
    let o = ImageOptions {
        max_layer_bytes: 32 << 20,
        ..opts()
    };
    let s = scan(dir.path(), &o, &Settings::default(), &NoProgress).unwrap();
    assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
    let msg = &s.errors[0].message;
    assert!(
        msg.contains("decompression bomb") && msg.contains("layer 2 of 2"),
        "{msg}"
    );
    assert!(
        msg.contains(&format!("sha256:{}", sha256(b"bomb"))),
        "{msg}"
    );
    assert!(s.layers[1].uncompressed_size <= (32 << 20) + (1 << 20));
    assert_eq!(s.distro.as_ref().unwrap().id, "alpine");

    let o = ImageOptions {
        max_total_bytes: 16 << 20,
        ..opts()
    };
    let s = scan(dir.path(), &o, &Settings::default(), &NoProgress).unwrap();
    assert!(s.errors[0].message.contains("per-image"), "{:?}", s.errors);
}

#[test]
fn corrupt_second_layer_is_an_error_first_layer_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut l1 = base_layer();
    l1.file("app/.env", format!("T={GH}\n").as_bytes());
    let mut bad = gzip(&Layer::new().file("x", b"y").finish());
    let n = bad.len();
    bad[n / 2..].iter_mut().for_each(|b| *b ^= 0x5a);
    let layers = vec![
        Blob::gz(l1.finish()),
        Blob {
            stored: bad,
            tar: b"corrupt".to_vec(),
            media_type: "application/vnd.oci.image.layer.v1.tar+gzip",
        },
    ];
    let cfg = config_json(&layers, &["a", "b"], serde_json::json!({"User": "1"}));
    write_oci(dir.path(), &layers, &cfg, None);
    let s = run(dir.path());
    assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
    assert!(s.errors[0].message.contains("layer 2 of 2"));
    assert!(
        s.errors[0]
            .message
            .contains(&format!("sha256:{}", sha256(b"corrupt")))
    );
    assert_eq!(ids(&s, "IM010").len(), 1);
}

#[test]
fn many_tiny_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Layer::new();
    l.buf.reserve(200_001 * 512);
    for i in 0..200_000u32 {
        l.file(&format!("d{}/f{i}", i % 500), b"");
    }
    let path = dir.path().join("many.tar");
    std::fs::write(&path, l.finish()).unwrap();
    drop(l);
    let s = run(&path);
    assert_eq!(s.metadata["files"]["files"], 200_000);
    assert!(s.errors.is_empty());
}

#[test]
fn platform_and_tag_selection() {
    let dir = tempfile::tempdir().unwrap();
    let amd = vec![Blob::plain(base_layer().finish())];
    let mut arm_l = base_layer();
    arm_l.file("etc/arch", b"arm64");
    let arm = vec![Blob::plain(arm_l.finish())];
    let cfg_a = config_json(&amd, &["a"], serde_json::json!({"User": "1"}));
    let cfg_b = config_json(&arm, &["b"], serde_json::json!({"User": "2"}));
    let ma = oci_manifest(dir.path(), &amd, &cfg_a, Some(("linux", "amd64")), None);
    let mb = oci_manifest(dir.path(), &arm, &cfg_b, Some(("linux", "arm64")), None);
    let idx = nested_index(dir.path(), vec![ma, mb], Some("multi"));
    let single = oci_manifest(dir.path(), &amd, &cfg_a, None, Some("single"));
    oci_index(dir.path(), vec![idx, single]);

    let err = scan(dir.path(), &opts(), &Settings::default(), &NoProgress).unwrap_err();
    assert!(matches!(err, ImageError::Ambiguous { .. }), "{err}");
    let o = ImageOptions {
        tag: Some("multi".into()),
        ..opts()
    };
    let err = scan(dir.path(), &o, &Settings::default(), &NoProgress).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("linux/amd64") && msg.contains("linux/arm64"),
        "{msg}"
    );
    let o = ImageOptions {
        tag: Some("multi".into()),
        platform: Some("linux/arm64".into()),
        ..opts()
    };
    let s = scan(dir.path(), &o, &Settings::default(), &NoProgress).unwrap();
    assert_eq!(s.metadata["platform"], "linux/arm64");
    let o = ImageOptions {
        tag: Some("multi".into()),
        platform: Some("linux/s390x".into()),
        ..opts()
    };
    let err = scan(dir.path(), &o, &Settings::default(), &NoProgress).unwrap_err();
    assert!(err.to_string().contains("linux/arm64"), "{err}");
    let o = ImageOptions {
        tag: Some("single".into()),
        ..opts()
    };
    assert!(scan(dir.path(), &o, &Settings::default(), &NoProgress).is_ok());
    let o = ImageOptions {
        tag: Some("nope".into()),
        ..opts()
    };
    let err = scan(dir.path(), &o, &Settings::default(), &NoProgress).unwrap_err();
    assert!(err.to_string().contains("single"), "{err}");
}

#[test]
fn platform_not_found_in_a_top_level_index_names_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let amd = vec![Blob::plain(base_layer().finish())];
    let cfg = config_json(&amd, &["a"], serde_json::json!({}));
    let ma = oci_manifest(dir.path(), &amd, &cfg, Some(("linux", "amd64")), None);
    let mb = oci_manifest(dir.path(), &amd, &cfg, Some(("linux", "arm64")), None);
    oci_index(dir.path(), vec![ma.clone(), mb]);
    let o = ImageOptions {
        platform: Some("linux/s390x".into()),
        ..opts()
    };
    let err = scan(dir.path(), &o, &Settings::default(), &NoProgress).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("linux/amd64") && msg.contains("linux/arm64"),
        "{msg}"
    );

    // One manifest for another platform is not scanned in place of the one asked for.
    let dir = tempfile::tempdir().unwrap();
    let ma = oci_manifest(dir.path(), &amd, &cfg, Some(("linux", "amd64")), None);
    oci_index(dir.path(), vec![ma]);
    let err = scan(dir.path(), &o, &Settings::default(), &NoProgress).unwrap_err();
    assert!(matches!(err, ImageError::PlatformNotFound { .. }), "{err}");
    assert!(err.to_string().contains("linux/amd64"), "{err}");
    let o = ImageOptions {
        platform: Some("linux/amd64".into()),
        ..opts()
    };
    assert!(scan(dir.path(), &o, &Settings::default(), &NoProgress).is_ok());
}

#[test]
fn platform_of_a_single_image_is_checked_against_its_config() {
    let dir = tempfile::tempdir().unwrap();
    let layers = vec![Blob::plain(base_layer().finish())];
    let cfg = config_json(&layers, &["a"], serde_json::json!({}));
    let path = dir.path().join("image.tar");
    write_docker_archive(&path, &layers, &cfg, "app:1", false);
    let o = ImageOptions {
        platform: Some("linux/arm64".into()),
        ..opts()
    };
    let err = scan(&path, &o, &Settings::default(), &NoProgress).unwrap_err();
    assert!(matches!(err, ImageError::PlatformNotFound { .. }), "{err}");
    assert!(err.to_string().contains("linux/amd64"), "{err}");
    let o = ImageOptions {
        platform: Some("linux/amd64".into()),
        ..opts()
    };
    let s = scan(&path, &o, &Settings::default(), &NoProgress).unwrap();
    assert_eq!(s.metadata["platform"], "linux/amd64");
}

#[test]
fn zstd_layer_of_several_frames_with_a_skippable_frame() {
    let dir = tempfile::tempdir().unwrap();
    let tar = base_layer()
        .file("app/.env", format!("T={GH}\n").as_bytes())
        .finish();
    let (a, b) = tar.split_at(1536);
    let mut stored = zstd(a);
    // A skippable frame (magic 0x184D2A50, 4-byte length, payload) between data frames.
    stored.extend_from_slice(&[0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    stored.extend_from_slice(&zstd(b));
    let path = dir.path().join("rootfs.tar.zst");
    std::fs::write(&path, &stored).unwrap();
    let s = run(&path);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(ids(&s, "IM010").len(), 1);
    assert_eq!(s.distro.as_ref().unwrap().id, "alpine");
}

#[test]
fn git_directories_and_credential_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = base_layer();
    l.file("src/app/.git/config", b"[core]\n")
        .file("src/app/.git/HEAD", b"ref: refs/heads/main\n")
        .file("src/lib/.git/config", b"[core]\n")
        .file(
            "root/.docker/config.json",
            br#"{"auths": {"registry.example.com": {"auth": "dXNlcjpzM2NyM3RQYXNzdzByZDE="}}}"#,
        )
        .file(
            "home/app/.aws/credentials",
            b"[default]\nregion = eu-west-1\n",
        )
        .file(
            "etc/ssl/certs/ca.pem",
            b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        )
        .file(
            "usr/share/doc/pkg/examples/id_rsa.txt",
            b"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n",
        );
    let path = dir.path().join("g.tar");
    std::fs::write(&path, l.finish()).unwrap();
    let s = run(&path);
    let git = ids(&s, "IM012");
    assert_eq!(git.len(), 2, "{git:?}");
    assert!(git.iter().any(|g| g.contains("!/src/app ")));
    let sensitive = ids(&s, "IM011");
    assert!(
        sensitive
            .iter()
            .any(|x| x.contains("/root/.docker/config.json")),
        "{sensitive:?}"
    );
    assert!(
        sensitive
            .iter()
            .any(|x| x.contains("/home/app/.aws/credentials")),
        "{sensitive:?}"
    );
    assert!(!sensitive.iter().any(|x| x.contains("ca.pem")));
    let secrets = ids(&s, "IM010");
    assert!(
        secrets
            .iter()
            .any(|x| x.contains("/root/.docker/config.json")),
        "{secrets:?}"
    );
    assert!(
        !secrets.iter().any(|x| x.contains("/usr/share/doc/")),
        "{secrets:?}"
    );
}

#[test]
fn hard_link_keeps_a_secret_whose_first_name_is_deleted_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut l1 = base_layer();
    l1.dir("app/", 0o755)
        .file("app/settings.conf", format!("token = {GH}\n").as_bytes())
        .hardlink("app/settings.link", "app/settings.conf");
    let mut l2 = Layer::new();
    l2.whiteout("app/settings.conf");
    let layers = vec![Blob::gz(l1.finish()), Blob::gz(l2.finish())];
    let cfg = config_json(
        &layers,
        &["COPY . /app", "RUN rm settings.conf"],
        serde_json::json!({}),
    );
    write_oci(dir.path(), &layers, &cfg, None);
    let secrets = ids(&run(dir.path()), "IM010");
    assert_eq!(secrets.len(), 2, "{secrets:?}");
    let link: Vec<_> = secrets
        .iter()
        .filter(|s| s.contains("!/app/settings.link "))
        .collect();
    assert_eq!(link.len(), 1, "{secrets:?}");
    assert!(link[0].contains("`/app/settings.link`"), "{link:?}");
    assert!(!link[0].contains("deleted in a later layer"), "{link:?}");
    assert!(
        secrets
            .iter()
            .any(|s| s.contains("!/app/settings.conf ") && s.contains("deleted in a later layer")),
        "{secrets:?}"
    );
}

#[test]
fn file_findings_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..50 {
        text.push_str(&format!("token{i} = {GH}\n"));
    }
    let mut l = base_layer();
    for f in 0..10 {
        l.file(&format!("app/conf{f}.txt"), text.as_bytes());
    }
    let path = dir.path().join("many.tar");
    std::fs::write(&path, l.finish()).unwrap();
    let all = run(&path);
    let n = ids(&all, "IM010").len();
    assert!(n >= 100, "{n}");
    let o = ImageOptions {
        max_file_findings: 30,
        ..opts()
    };
    let s = scan(&path, &o, &Settings::default(), &NoProgress).unwrap();
    assert_eq!(ids(&s, "IM010").len(), 30);
    assert_eq!(
        s.metadata["files"]["findings_dropped"],
        serde_json::json!(n - 30)
    );
    assert!(
        s.errors
            .iter()
            .any(|e| e.message.contains("were not recorded")),
        "{:?}",
        s.errors
    );
}

#[test]
fn whiteouts_mark_only_what_they_remove_and_scale() {
    let dir = tempfile::tempdir().unwrap();
    let secret = format!("TOKEN={GH}\n");
    let mut l1 = base_layer();
    for p in [
        "app/.env",
        "app/sub/.env",
        "app2/.env",
        "app.env",
        "opt/o/.env",
    ] {
        l1.file(p, secret.as_bytes());
    }
    let mut l2 = Layer::new();
    l2.whiteout("app").opaque("opt/o");
    // Many whiteouts of paths that hold nothing.
    for i in 0..20_000 {
        l2.whiteout(&format!("tmp/none{i}"));
    }
    let layers = vec![Blob::gz(l1.finish()), Blob::gz(l2.finish())];
    let cfg = config_json(&layers, &["COPY . /", "RUN rm"], serde_json::json!({}));
    write_oci(dir.path(), &layers, &cfg, None);
    let started = std::time::Instant::now();
    let s = run(dir.path());
    assert!(started.elapsed().as_secs() < 60);
    let secrets = ids(&s, "IM010");
    let deleted = |p: &str| {
        secrets
            .iter()
            .find(|x| x.contains(&format!("!{p} ")))
            .unwrap_or_else(|| panic!("{p}: {secrets:?}"))
            .contains("deleted in a later layer")
    };
    assert!(deleted("/app/.env"));
    assert!(deleted("/app/sub/.env"));
    assert!(deleted("/opt/o/.env"));
    assert!(!deleted("/app2/.env"));
    assert!(!deleted("/app.env"));
}

#[test]
fn git_directory_deleted_or_merged_in_a_later_layer() {
    let dir = tempfile::tempdir().unwrap();
    let mut l1 = base_layer();
    l1.dir("src/", 0o755)
        .dir("src/app/", 0o755)
        .dir("src/app/.git/", 0o755)
        .file("src/app/.git/config", b"[core]\n");
    // `RUN rm -rf .git` in the repository: the layer re-lists the directory
    // and whites out `.git`.
    let mut l2 = Layer::new();
    l2.dir("src/app/", 0o755).whiteout("src/app/.git");
    let layers = vec![Blob::gz(l1.finish()), Blob::gz(l2.finish())];
    let cfg = config_json(
        &layers,
        &["COPY . /src", "RUN rm -rf .git"],
        serde_json::json!({}),
    );
    write_oci(dir.path(), &layers, &cfg, None);
    let git = ids(&run(dir.path()), "IM012");
    assert_eq!(git.len(), 1, "{git:?}");
    assert!(git[0].contains("deleted in a later layer"), "{git:?}");

    // A later layer that only adds a file to the repository keeps `.git`: not replaced.
    let dir = tempfile::tempdir().unwrap();
    let mut l2 = Layer::new();
    l2.dir("src/app/", 0o755)
        .dir("src/app/.git/", 0o755)
        .file("src/app/build.txt", b"ok\n");
    let layers = vec![Blob::gz(l1.finish()), Blob::gz(l2.finish())];
    let cfg = config_json(
        &layers,
        &["COPY . /src", "RUN build"],
        serde_json::json!({}),
    );
    write_oci(dir.path(), &layers, &cfg, None);
    let git = ids(&run(dir.path()), "IM012");
    assert_eq!(git.len(), 1, "{git:?}");
    assert!(!git[0].contains("in a later layer"), "{git:?}");
}

#[test]
#[cfg(feature = "malware")]
fn cryptominer_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = base_layer();
    l.file_mode("usr/local/bin/xmrig", 0o755, b"\x7fELF\0\0 plain")
        .file_mode(
            "opt/run.sh",
            0o755,
            b"#!/bin/sh\n./m -o stratum+tcp://pool.example.com:3333 -u wallet\n",
        )
        .file(
            "opt/miner/config.json",
            br#"{"donate-level": 1, "pools": [{"url": "pool.example.com:443", "user": "wallet"}]}"#,
        )
        .file_mode(
            "opt/bin/fake",
            0o755,
            b"\x7fELF\0\0 XMRig 6.21 cryptonight randomx donate-level",
        )
        .file_mode(
            "usr/bin/clean",
            0o755,
            b"\x7fELF\0\0 ordinary program text stratum",
        );
    let path = dir.path().join("m.tar");
    std::fs::write(&path, l.finish()).unwrap();
    let s = run(&path);
    let miners = ids(&s, "IM030");
    assert_eq!(miners.len(), 4, "{miners:?}");
    assert!(!miners.iter().any(|m| m.contains("/usr/bin/clean")));
}

#[test]
#[cfg(feature = "malware")]
fn user_yara_rules() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r.yar");
    std::fs::write(
        &rules,
        "rule forbidden_marker { strings: $a = \"internal-only-build\" condition: $a }",
    )
    .unwrap();
    let mut l = base_layer();
    l.file_mode("opt/tool", 0o755, b"#!/bin/sh\necho internal-only-build\n");
    let path = dir.path().join("y.tar");
    std::fs::write(&path, l.finish()).unwrap();
    let o = ImageOptions {
        yara_rules: vec![rules.clone()],
        ..opts()
    };
    let s = scan(&path, &o, &Settings::default(), &NoProgress).unwrap();
    assert_eq!(ids(&s, "IM031").len(), 1, "{:?}", s.findings);
    std::fs::write(&rules, "rule broken { condition: $nope }").unwrap();
    let err = scan(&path, &o, &Settings::default(), &NoProgress).unwrap_err();
    assert!(matches!(err, ImageError::YaraRules { .. }));
}

#[test]
fn package_layers_and_dpkg_licences() {
    let dir = tempfile::tempdir().unwrap();
    let st1 =
        "Package: base-files\nStatus: install ok installed\nVersion: 12.4\nArchitecture: amd64\n\n";
    let st2 = format!(
        "{st1}Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10\nArchitecture: amd64\nSource: curl\n\n"
    );
    let mut l1 = Layer::new();
    l1.file("etc/os-release", b"ID=debian\nVERSION_ID=12\nVERSION_CODENAME=bookworm\n")
        .file("var/lib/dpkg/status", st1.as_bytes())
        .file("usr/share/doc/base-files/copyright", b"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: GPL-2+\n");
    let mut l2 = Layer::new();
    l2.file("var/lib/dpkg/status", st2.as_bytes());
    let layers = vec![Blob::gz(l1.finish()), Blob::gz(l2.finish())];
    let cfg = config_json(&layers, &["a", "b"], serde_json::json!({"User": "1"}));
    write_oci(dir.path(), &layers, &cfg, None);
    let s = run(dir.path());
    assert_eq!(s.packages.len(), 2, "{:?}", s.errors);
    let d1 = format!("sha256:{}", sha256(&layers[0].tar));
    let d2 = format!("sha256:{}", sha256(&layers[1].tar));
    let base = s.packages.iter().find(|p| p.name == "base-files").unwrap();
    let curl = s.packages.iter().find(|p| p.name == "curl").unwrap();
    assert_eq!(base.layer.as_deref(), Some(d1.as_str()));
    assert_eq!(curl.layer.as_deref(), Some(d2.as_str()));
    assert!(!base.licenses.is_empty(), "{base:?}");
    assert!(ids(&s, "IM040").is_empty());
}

#[test]
fn a_corrupt_dpkg_entry_costs_only_that_entry() {
    let dir = tempfile::tempdir().unwrap();
    let status = "Package: base-files\nStatus: install ok installed\nVersion: 12.4\n\n\
                  Package: hidden\nthis line hides nothing\nVersion: 1\n\n\
                  Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10\n";
    let mut l1 = Layer::new();
    l1.file("etc/os-release", b"ID=debian\nVERSION_ID=12\n")
        .file("var/lib/dpkg/status", status.as_bytes());
    let layers = vec![Blob::gz(l1.finish())];
    let cfg = config_json(&layers, &["a"], serde_json::json!({"User": "1"}));
    write_oci(dir.path(), &layers, &cfg, None);
    let s = run(dir.path());
    let mut names: Vec<&str> = s.packages.iter().map(|p| p.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["base-files", "curl"]);
    assert!(
        s.errors
            .iter()
            .any(|e| e.message.contains("var/lib/dpkg/status")),
        "{:?}",
        s.errors
    );
}
