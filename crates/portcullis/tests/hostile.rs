//! Hostile inputs through the real binary: huge, deeply nested, alias-bombed,
//! mis-encoded, binary and garbage files, and hostile folder layouts. Each
//! must give a clear error naming the file (and its position when it has one),
//! finish in bounded time, never crash, and leave the rest of the scan alone: a
//! privileged pod sits next to every hostile file and its finding must still be
//! reported.
//!
//! Time is only checked against a generous sanity bound; speed is measured in
//! the benchmarks, not here.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Generous bound for one command in a debug build on a busy 2-core machine.
const BOUND: Duration = Duration::from_secs(60);
/// When a command is killed as hung (well past `BOUND`, so a slow machine
/// fails the bound assertion rather than the kill).
const KILL_AFTER: Duration = Duration::from_secs(180);

const PRIVILEGED_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: apps
spec:
  containers:
    - name: c
      image: nginx:1.27
      securityContext:
        privileged: true
";

/// What one run of the binary produced.
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }
}

/// Runs `portcullis args...` in `dir`, output to files (no pipe can fill up),
/// killing it if it hangs.
fn run(args: &[&str], dir: &Path) -> Run {
    let out_dir = tempfile::tempdir().unwrap();
    let out_path = out_dir.path().join("stdout");
    let err_path = out_dir.path().join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("PORTCULLIS_TODAY", "2026-12-04")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("spawn portcullis");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > KILL_AFTER {
            let _ = child.kill();
            let _ = child.wait();
            panic!("portcullis {args:?} hung for more than {KILL_AFTER:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    Run {
        status,
        stdout: read(&out_path),
        stderr: read(&err_path),
        elapsed,
    }
}

/// The checks every hostile run must pass: a normal exit code, no panic, and
/// finished within the bound.
fn assert_sane(r: &Run, what: &str) {
    let code = r.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "{what}: exit {:?} (killed by a signal or crashed)\nstderr: {}",
        r.status,
        r.stderr
    );
    assert!(
        !r.stderr.contains("panicked"),
        "{what}: panicked\n{}",
        r.stderr
    );
    assert!(r.elapsed < BOUND, "{what}: took {:?}", r.elapsed);
}

/// A temp folder with the privileged pod in it.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pod.yaml"), PRIVILEGED_POD).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Findings of `rule_name` in `path`.
fn count(report: &Value, path: &str, rule_name: &str) -> usize {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == path && f["rule_name"] == rule_name)
        .count()
}

fn errors_for<'a>(report: &'a Value, path: &str) -> Vec<&'a Value> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] == path)
        .collect()
}

/// Scans `name` (already written in `dir`) next to `pod.yaml` in JSON, checks
/// the common expectations, and returns the report.
fn scan_with_pod(dir: &Path, name: &str, extra: &[&str]) -> Value {
    let mut args = vec!["scan", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend([name, "pod.yaml"]);
    let r = run(&args, dir);
    assert_sane(&r, name);
    assert_eq!(
        r.status.code(),
        Some(1),
        "{name}: the pod's high finding sets exit 1\n{}",
        r.stderr
    );
    let report = r.json();
    assert_eq!(
        count(&report, "pod.yaml", "privileged-container"),
        1,
        "{name}: the scan must go on past the hostile file: {report:#}"
    );
    report
}

/// The one error for `name`, with its message checked to contain `needle`;
/// `positioned` says whether it must carry a line and column.
fn one_error<'a>(report: &'a Value, name: &str, needle: &str, positioned: bool) -> &'a Value {
    let errors = errors_for(report, name);
    assert_eq!(errors.len(), 1, "{name}: expected one error: {report:#}");
    let e = errors[0];
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.to_lowercase().contains(&needle.to_lowercase()),
        "{name}: message {msg:?} should mention {needle:?}"
    );
    if positioned {
        assert!(
            e["line"].as_u64().is_some_and(|l| l >= 1),
            "{name}: no line: {e}"
        );
        assert!(
            e["column"].as_u64().is_some_and(|c| c >= 1),
            "{name}: no column: {e}"
        );
    }
    e
}

/// The human output names the file and the position: `--> file:line:col`.
fn assert_human_points_at(dir: &Path, name: &str, line: u64, column: u64) {
    let r = run(&["scan", name, "pod.yaml"], dir);
    assert_sane(&r, name);
    let all = format!("{}{}", r.stdout, r.stderr);
    let want = format!("{name}:{line}:{column}");
    assert!(
        all.contains(&want),
        "{name}: human output lacks {want}:\n{all}"
    );
}

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Pseudo-random text: valid UTF-8 full of YAML and Dockerfile punctuation,
/// non-ASCII, bidi controls and BOMs, but never `{{` (which marks a template).
fn text_noise(len: usize, seed: u64) -> String {
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "0",
        " ",
        "  ",
        "\t",
        "\n",
        "\n",
        "\r\n",
        ":",
        ": ",
        "- ",
        "-",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        "\"",
        "#",
        "&a",
        "*a",
        "!",
        "|",
        ">",
        "%",
        "@",
        "`",
        "?",
        "\\",
        "$",
        "é",
        "€",
        "𝄞",
        "\u{202e}",
        "\u{feff}",
        "\u{0}",
        "FROM",
        "RUN",
        "services:",
        "---",
        "...",
    ];
    let mut s = String::with_capacity(len);
    let mut prev_brace = false;
    for b in noise(len, seed) {
        let piece = PIECES[b as usize % PIECES.len()];
        if prev_brace && piece == "{" {
            continue;
        }
        prev_brace = piece.ends_with('{');
        s.push_str(piece);
    }
    s
}

#[test]
fn file_over_max_file_size_is_an_error_and_not_read() {
    let dir = folder();
    // 100 MB, written in chunks so the test does not hold it in memory twice.
    {
        use std::io::Write;
        let mut f =
            std::io::BufWriter::new(std::fs::File::create(dir.path().join("huge.yaml")).unwrap());
        let line = b"key: \"value value value value value value value value value value value\"\n";
        let mut written = 0usize;
        while written < 100 * 1024 * 1024 {
            f.write_all(line).unwrap();
            written += line.len();
        }
    }
    let report = scan_with_pod(dir.path(), "huge.yaml", &[]);
    let e = one_error(&report, "huge.yaml", "--max-file-size", false);
    assert!(e["line"].is_null(), "a size error has no position: {e}");
    // Alone, nothing could be checked: exit 2.
    let r = run(&["scan", "huge.yaml"], dir.path());
    assert_sane(&r, "huge.yaml alone");
    assert_eq!(r.status.code(), Some(2), "{}", r.stderr);
    assert!(r.stdout.contains("huge.yaml") || r.stderr.contains("huge.yaml"));
}

#[test]
fn big_file_with_raised_limit_is_parsed() {
    let dir = folder();
    // ~40 MB: the privileged pod first, then a large non-Kubernetes document of
    // block literals. The finding in the big file proves it was parsed.
    let mut text = PRIVILEGED_POD.replace("name: p\n", "name: big\n");
    text.push_str("---\nnotes:\n");
    let line = "    lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n";
    let per_key = 1_000_000 / line.len();
    let mut key = 0;
    while text.len() < 40_000_000 {
        text.push_str(&format!("  part{key}: |\n"));
        text.push_str(&line.repeat(per_key));
        key += 1;
    }
    write(dir.path(), "big.yaml", &text);
    drop(text);
    let report = scan_with_pod(dir.path(), "big.yaml", &["--max-file-size", "50000000"]);
    assert!(
        errors_for(&report, "big.yaml").is_empty(),
        "{:#}",
        report["errors"]
    );
    assert_eq!(count(&report, "big.yaml", "privileged-container"), 1);
}

#[test]
fn billion_laughs_alias_bomb_is_refused() {
    let dir = folder();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10u8 {
        let (prev, cur) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb += &format!("{cur}: &{cur} [{refs}]\n");
    }
    write(dir.path(), "laughs.yaml", &bomb);
    // The same bomb inside a Pod, where the extractor walks the aliases.
    let mut pod =
        String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: &l0 {a: b}\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 9].join(",");
        pod += &format!("  x{i}: &l{i} [{refs}]\n");
    }
    pod += "spec:\n  containers:\n    - name: c\n      image: nginx\n      env: *l9\n      args: *l9\n";
    write(dir.path(), "laughs-pod.yaml", &pod);
    for name in ["laughs.yaml", "laughs-pod.yaml"] {
        let report = scan_with_pod(dir.path(), name, &[]);
        one_error(&report, name, "alias", true);
    }
    assert_human_points_at(dir.path(), "laughs.yaml", 6, 8);
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let dir = folder();
    const DEPTH: usize = 100_000;
    let cases: Vec<(&str, String)> = vec![
        (
            "deep-flow-seq.yaml",
            "[".repeat(DEPTH) + &"]".repeat(DEPTH) + "\n",
        ),
        ("deep-flow-unclosed.yaml", "[".repeat(DEPTH) + "\n"),
        (
            "deep-flow-map.yaml",
            "{a: ".repeat(DEPTH) + "1" + &"}".repeat(DEPTH) + "\n",
        ),
        ("deep-block-seq.yaml", "- ".repeat(DEPTH) + "x\n"),
        // Block mappings nest by indentation, so depth d costs d²/2 bytes:
        // 100k levels would be a 5 GB file. 3,000 levels (4.5 MB) is far past
        // any limit and still shows the limit holds for block nesting.
        (
            "deep-block-map.yaml",
            (0..3000)
                .map(|i| format!("{}a:\n", " ".repeat(i)))
                .collect(),
        ),
        // Block mappings inside block sequences: `- a:` then deeper.
        (
            "deep-block-mixed.yaml",
            (0..2000)
                .map(|i| format!("{}- a:\n", "  ".repeat(i)))
                .collect(),
        ),
    ];
    for (name, text) in &cases {
        write(dir.path(), name, text);
    }
    for (name, _) in &cases {
        let report = scan_with_pod(dir.path(), name, &[]);
        let e = one_error(&report, name, "", true);
        let msg = e["message"].as_str().unwrap();
        assert!(
            msg.contains("deeper") || msg.contains("nest"),
            "{name}: the error should say the nesting is too deep: {msg}"
        );
    }
    // Through standard input too.
    let r = run_stdin_file(dir.path(), "deep-flow-seq.yaml");
    assert_sane(&r, "deep nesting on stdin");
    let report = r.json();
    assert_eq!(report["errors"][0]["path"], "<stdin>");
}

/// `portcullis scan --format json -` with `name`'s contents on standard input.
fn run_stdin_file(dir: &Path, name: &str) -> Run {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .args(["scan", "--format", "json", "-"])
        .current_dir(dir)
        .stdin(std::fs::File::open(dir.join(name)).unwrap())
        .output()
        .expect("run portcullis");
    Run {
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

#[test]
fn tabs_as_indentation_are_pointed_at() {
    let dir = folder();
    write(
        dir.path(),
        "tabs.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: t\nspec:\n\tcontainers: []\n",
    );
    let report = scan_with_pod(dir.path(), "tabs.yaml", &[]);
    let e = one_error(&report, "tabs.yaml", "tab", true);
    assert_eq!(e["line"], 4);
    assert_human_points_at(dir.path(), "tabs.yaml", 4, 1);
}

#[test]
fn duplicate_keys_are_reported_and_the_last_value_wins() {
    let dir = folder();
    let dup = |first: &str, last: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: d\n  namespace: apps\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: {first}\n        privileged: {last}\n"
        )
    };
    write(dir.path(), "dup-true.yaml", dup("false", "true"));
    write(dir.path(), "dup-false.yaml", dup("true", "false"));
    let report = scan_with_pod(dir.path(), "dup-true.yaml", &[]);
    let e = one_error(&report, "dup-true.yaml", "duplicate", true);
    assert_eq!(e["line"], 12, "the second key is pointed at: {e}");
    assert_eq!(
        count(&report, "dup-true.yaml", "privileged-container"),
        1,
        "the last value (true) is used"
    );
    let report = scan_with_pod(dir.path(), "dup-false.yaml", &[]);
    one_error(&report, "dup-false.yaml", "duplicate", true);
    assert_eq!(
        count(&report, "dup-false.yaml", "privileged-container"),
        0,
        "the last value (false) is used"
    );
    // Not fatal: a file whose only problem is a duplicate key was checked, so
    // alone it exits on its findings (1), not as "nothing could be checked" (2).
    let r = run(&["scan", "--format", "json", "dup-true.yaml"], dir.path());
    assert_sane(&r, "dup alone");
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
}

#[test]
fn invalid_utf8_is_pointed_at() {
    let dir = folder();
    write(
        dir.path(),
        "bad-utf8.yaml",
        b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xff\xfe\xc3\x28\n",
    );
    let report = scan_with_pod(dir.path(), "bad-utf8.yaml", &[]);
    let e = one_error(&report, "bad-utf8.yaml", "UTF-8", true);
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(4), Some(9))
    );
    assert_human_points_at(dir.path(), "bad-utf8.yaml", 4, 9);
}

#[test]
fn utf16_with_bom_is_refused_with_a_hint() {
    let dir = folder();
    let utf16 = |big_endian: bool| -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for u in PRIVILEGED_POD.encode_utf16() {
            out.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    };
    write(dir.path(), "utf16le.yaml", utf16(false));
    write(dir.path(), "utf16be.yaml", utf16(true));
    for name in ["utf16le.yaml", "utf16be.yaml"] {
        let report = scan_with_pod(dir.path(), name, &[]);
        one_error(&report, name, "UTF-16", false);
    }
}

#[test]
fn binary_garbage_nul_empty_and_comment_only_files() {
    let dir = folder();
    write(
        dir.path(),
        "garbage.yaml",
        noise(200_000, 0x9e37_79b9_7f4a_7c15),
    );
    write(dir.path(), "nul.yaml", vec![0u8; 100_000]);
    write(dir.path(), "nul-one.yaml", b"\0");
    write(dir.path(), "text-garbage.yaml", text_noise(100_000, 42));
    write(dir.path(), "empty.yaml", b"");
    write(dir.path(), "comments.yaml", "# only\n   # comments\n#\n\n");
    write(dir.path(), "bom-only.yaml", b"\xef\xbb\xbf");
    for name in ["garbage.yaml", "nul.yaml", "nul-one.yaml"] {
        let report = scan_with_pod(dir.path(), name, &[]);
        one_error(&report, name, "", false);
    }
    // Text garbage full of `---` is many broken documents: each is reported
    // on its own, with a position, and the good documents around them would
    // still be checked.
    let report = scan_with_pod(dir.path(), "text-garbage.yaml", &[]);
    let errors = errors_for(&report, "text-garbage.yaml");
    assert!(!errors.is_empty(), "{report:#}");
    for e in errors {
        assert!(e["line"].as_u64().is_some_and(|l| l >= 1), "{e}");
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    for name in ["empty.yaml", "comments.yaml", "bom-only.yaml"] {
        let report = scan_with_pod(dir.path(), name, &[]);
        assert!(
            errors_for(&report, name).is_empty(),
            "{name}: {:#}",
            report["errors"]
        );
        assert!(
            !report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["path"] == name),
            "{name} has nothing to find"
        );
        // Alone: nothing wrong and nothing found.
        let r = run(&["scan", name], dir.path());
        assert_sane(&r, name);
        assert_eq!(r.status.code(), Some(0), "{name}: {}", r.stderr);
    }
}

#[test]
fn many_seeds_of_garbage_never_crash() {
    let dir = folder();
    let mut names = Vec::new();
    for seed in 1..=40u64 {
        let name = format!("g{seed}.yaml");
        if seed % 2 == 0 {
            write(dir.path(), &name, noise(4096 + seed as usize * 97, seed));
        } else {
            write(dir.path(), &name, text_noise(4096, seed));
        }
        names.push(name);
    }
    let mut args = vec!["scan", "--format", "json", "pod.yaml"];
    args.extend(names.iter().map(String::as_str));
    let r = run(&args, dir.path());
    assert_sane(&r, "40 garbage files");
    let report = r.json();
    assert_eq!(count(&report, "pod.yaml", "privileged-container"), 1);
}

#[test]
fn dockerfile_and_compose_garbage() {
    let dir = folder();
    write(dir.path(), "Dockerfile", text_noise(50_000, 7));
    write(dir.path(), "bin.Dockerfile", noise(50_000, 8));
    write(
        dir.path(),
        "Dockerfile.broken",
        format!(
            "FROM\nRUN \\\nFROM alpine AS\nCOPY --from= \nUSER\nHEALTHCHECK --interval=\nONBUILD ONBUILD\nRUN <<EOF\nno end\nRUN echo $((1+\nARG ${{a:-${{b:-${{c\nENV =\nEXPOSE 99999999999999999999\nRUN {}\n{}",
            "(".repeat(5000),
            "\\\n".repeat(2000)
        ),
    );
    write(
        dir.path(),
        "Dockerfile.longline",
        format!(
            "FROM alpine\nRUN {}\nBOGUS {}\n",
            "x".repeat(2_000_000),
            "y".repeat(100_000)
        ),
    );
    write(
        dir.path(),
        "docker-compose.yml",
        format!(
            "services:\n  web:\n    image: [\n    privileged: {{\n{}",
            text_noise(5000, 9)
        ),
    );
    write(dir.path(), "compose.yaml", noise(20_000, 10));
    // Valid YAML, nonsense compose: every field of the wrong type.
    write(
        dir.path(),
        "compose.odd.yaml",
        "services:\n  web: 12\n  db: [1, 2]\n  x: {image: 5, privileged: maybe, ports: [{published: -1}], volumes: [{}], cap_add: 7, deploy: {resources: []}, environment: [[]], healthcheck: {test: {}}}\n  y: ~\nvolumes: 3\nnetworks: [x]\n",
    );
    for name in [
        "Dockerfile",
        "bin.Dockerfile",
        "Dockerfile.broken",
        "docker-compose.yml",
        "compose.yaml",
    ] {
        let report = scan_with_pod(dir.path(), name, &[]);
        let e = one_error(&report, name, "", false);
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    let report = scan_with_pod(dir.path(), "Dockerfile.longline", &[]);
    let e = one_error(&report, "Dockerfile.longline", "BOGUS", true);
    assert!(
        e["message"].as_str().unwrap().len() < 2_000,
        "the error does not echo huge lines"
    );
    // Wrong types are reported or ignored, never fatal to the scan.
    scan_with_pod(dir.path(), "compose.odd.yaml", &[]);
}

#[cfg(unix)]
#[test]
fn hostile_folders_symlink_loops_etc_gitignore_and_git() {
    use std::os::unix::fs::symlink;
    let dir = folder();
    let d = dir.path();
    symlink(".", d.join("loop")).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    symlink("..", d.join("sub/up")).unwrap();
    symlink("/etc", d.join("etc")).unwrap();
    symlink("/nonexistent/nowhere.yaml", d.join("dangling.yaml")).unwrap();
    // Ignored by .gitignore (no git repository needed).
    write(d, ".gitignore", "ignored/\nsecret.yaml\n");
    std::fs::create_dir(d.join("ignored")).unwrap();
    write(d, "ignored/p.yaml", PRIVILEGED_POD);
    write(d, "secret.yaml", PRIVILEGED_POD);
    // A .git folder with YAML inside is never walked.
    std::fs::create_dir_all(d.join(".git/objects")).unwrap();
    write(d, ".git/objects/x.yaml", PRIVILEGED_POD);
    write(d, ".git/config.yaml", PRIVILEGED_POD);
    // A FIFO in a folder would block a reader forever: it is not read.
    let fifo = std::process::Command::new("mkfifo")
        .arg(d.join("fifo.yaml"))
        .status();
    let have_fifo = fifo.is_ok_and(|s| s.success());

    let r = run(&["scan", "--format", "json", "."], d);
    assert_sane(&r, "hostile folder");
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    let report = r.json();
    let paths: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        vec!["pod.yaml"],
        "{report:#}"
    );
    assert_eq!(report["summary"]["files_scanned"], 1, "{report:#}");
    assert!(
        report["errors"].as_array().unwrap().is_empty(),
        "{:#}",
        report["errors"]
    );
    if !have_fifo {
        eprintln!("note: mkfifo unavailable; the FIFO case was not exercised");
    }
}

#[cfg(unix)]
#[test]
fn explicit_special_files_are_bounded() {
    let dir = folder();
    // /dev/zero never ends: it must be cut at --max-file-size, not read forever.
    let r = run(
        &[
            "scan",
            "--format",
            "json",
            "--max-file-size",
            "1000000",
            "/dev/zero",
            "pod.yaml",
        ],
        dir.path(),
    );
    assert_sane(&r, "/dev/zero");
    let report = r.json();
    assert_eq!(count(&report, "pod.yaml", "privileged-container"), 1);
    let errors = errors_for(&report, "/dev/zero");
    assert_eq!(errors.len(), 1, "{report:#}");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("--max-file-size")
    );
}

#[cfg(unix)]
#[test]
fn explicit_pipe_is_read_like_process_substitution() {
    // `portcullis scan <(helm template .)` names a pipe: it is read, not skipped.
    let dir = folder();
    let fifo = dir.path().join("rendered.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo unavailable; skipped");
        return;
    }
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            // Blocks until portcullis opens the pipe for reading.
            std::fs::write(&fifo, PRIVILEGED_POD.replace("name: p\n", "name: piped\n")).unwrap();
        })
    };
    let r = run(&["scan", "--format", "json", "rendered.yaml"], dir.path());
    if !writer.is_finished() {
        // portcullis never opened the pipe: unblock the writer before failing.
        let _ = std::fs::read(&fifo);
    }
    writer.join().unwrap();
    assert_sane(&r, "pipe");
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert_eq!(
        count(&r.json(), "rendered.yaml", "privileged-container"),
        1,
        "{}",
        r.stdout
    );
}

#[test]
fn sarif_of_a_hostile_scan_is_schema_valid() {
    // End to end with the real rule catalogue: the bundled examples plus broken
    // files with non-ASCII and space-containing names, rendered as SARIF and
    // validated against the OASIS schema the diagnostics crate tests with.
    let dir = folder();
    let d = dir.path();
    std::fs::create_dir(d.join("dir with space")).unwrap();
    write(d, "dir with space/pod é.yaml", PRIVILEGED_POD);
    write(d, "dir with space/tabs ü.yaml", "a:\n\tb: 1\n");
    write(d, "bad-utf8.yaml", b"a: \xff\n");
    write(
        d,
        "laughs.yaml",
        "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
    );
    write(d, "Dockerfile", "FROM\n");
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let examples = examples.to_str().unwrap();
    let r = run(
        &[
            "scan",
            "--format",
            "sarif",
            "--show-suppressed",
            ".",
            examples,
        ],
        d,
    );
    assert_sane(&r, "sarif");
    let doc = r.json();
    let schema_path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../portcullis_diagnostics/tests/data/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .offline()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
    let run0 = &doc["runs"][0];
    assert!(run0["results"].as_array().unwrap().len() > 10);
    let notes = run0["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes.len() >= 4, "{notes:#?}");
    assert!(
        notes.iter().any(
            |n| n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "dir%20with%20space/tabs%20%C3%BC.yaml"
        ),
        "{notes:#?}"
    );
}

#[test]
fn terminal_escapes_in_scanned_files_are_not_printed_raw() {
    // Names and comments with escape sequences (clear screen, set the terminal
    // title, BEL), a C1 control and a bidi override must not reach the
    // terminal as they are, nor break the one-line concise format.
    let dir = folder();
    write(
        dir.path(),
        "esc.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"p\\e[31mRED\\e]0;pwned\\a\"\n  namespace: apps\nspec:\n  containers:\n    - name: \"c\\e[2J\\x01\\u202e\\x85\\nx\"\n      image: nginx:1.27\n      securityContext:\n        privileged: true   # \u{1b}[5mblink\u{1b}[0m \u{7}\n",
    );
    for format in ["human", "concise", "junit"] {
        let r = run(
            &[
                "scan", "--format", format, "--color", "never", "esc.yaml", "pod.yaml",
            ],
            dir.path(),
        );
        assert_sane(&r, format);
        assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        for bad in ['\u{1b}', '\u{7}', '\u{1}', '\u{85}', '\u{202e}'] {
            assert!(
                !all.contains(bad),
                "{format}: raw {bad:?} in output:\n{all}"
            );
        }
        assert!(all.contains("esc.yaml"), "{format}: {all}");
    }
    let r = run(&["scan", "--format", "concise", "esc.yaml"], dir.path());
    for line in r.stdout.lines() {
        assert!(
            line.starts_with("esc.yaml:"),
            "one finding per line: {line:?}"
        );
    }
}

#[test]
fn yaml_1_1_booleans_do_not_evade_rules() {
    // kubectl reads manifests as YAML 1.1, where `yes`, `on`, `y` are true: a
    // manifest must not slip past a rule by spelling `true` another way.
    let dir = folder();
    let spellings = [
        "true",
        "True",
        "TRUE",
        "yes",
        "Yes",
        "YES",
        "on",
        "On",
        "ON",
        "y",
        "Y",
        "!!bool true",
    ];
    let mut names = Vec::new();
    for (i, v) in spellings.iter().enumerate() {
        let name = format!("bool{i}.yaml");
        write(
            dir.path(),
            &name,
            PRIVILEGED_POD.replace("privileged: true", &format!("privileged: {v}")),
        );
        names.push(name);
    }
    let mut args = vec!["scan", "--format", "json", "pod.yaml"];
    args.extend(names.iter().map(String::as_str));
    let r = run(&args, dir.path());
    assert_sane(&r, "booleans");
    let report = r.json();
    for (name, v) in names.iter().zip(spellings) {
        assert_eq!(
            count(&report, name, "privileged-container"),
            1,
            "privileged: {v} is true to kubectl"
        );
    }
}

#[test]
fn broken_file_mentioning_braces_is_not_skipped_silently() {
    // A broken manifest that merely mentions `{{` (an annotation) is skipped
    // as a template; the user must at least be told.
    let dir = folder();
    write(
        dir.path(),
        "tmpl.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    note: \"rendered from {{ .Values.x }}\"\nspec:\n  containers:\n    - name: c\n       image: nginx\n",
    );
    let r = run(&["scan", "tmpl.yaml", "pod.yaml"], dir.path());
    assert_sane(&r, "template");
    assert!(r.stderr.contains("1 file with `{{ }}`"), "{}", r.stderr);
}
