//! Test scaffolding shared by the workspace's tests: locating the `../shared`
//! data (skip with a printed note when it is missing, fail when
//! `PORTCULLIS_REQUIRE_SHARED=1`), the deterministic PRNG of the stable-Rust
//! mutation tests, a sorted walk of the files under a folder, and the
//! `# expect:` / `# portcullis-test:` comments of rule fixtures (used by the
//! public `testing` modules of portcullis_k8s and portcullis_compose, the only
//! non-dev users). Standard library only.

use std::collections::BTreeSet;
use std::fmt::{Debug, Display};
use std::path::{Path, PathBuf};

/// The environment variable CI sets (to `1`) so that missing shared data
/// fails the tests instead of skipping them.
pub const REQUIRE_SHARED: &str = "PORTCULLIS_REQUIRE_SHARED";

/// True when missing shared data must fail the test (`PORTCULLIS_REQUIRE_SHARED=1`).
pub fn shared_required() -> bool {
    std::env::var(REQUIRE_SHARED).as_deref() == Ok("1")
}

/// `rel` under the shared folder, for a crate whose manifest folder is
/// `manifest_dir` (pass `env!("CARGO_MANIFEST_DIR")`): the workspace sits in
/// `main/crates/<crate>`, shared data in `shared/` beside `main/`.
pub fn shared_path(manifest_dir: &str, rel: &str) -> PathBuf {
    Path::new(manifest_dir).join("../../../shared").join(rel)
}

/// Shared data at `path` is not available (`why`): panics when
/// [`shared_required`], else prints `note: <path> <why>; <skipped>` to stderr
/// so the skip is visible.
pub fn shared_missing(path: &Path, why: impl Display, skipped: &str) {
    if shared_required() {
        panic!("{} {why} and {REQUIRE_SHARED}=1", path.display());
    }
    eprintln!("note: {} {why}; {skipped}", path.display());
}

/// The shared folder `rel` (see [`shared_path`]) when it is a folder; else
/// `None` after [`shared_missing`] (which panics under
/// `PORTCULLIS_REQUIRE_SHARED=1`).
pub fn shared_dir(manifest_dir: &str, rel: &str) -> Option<PathBuf> {
    let dir = shared_path(manifest_dir, rel);
    if dir.is_dir() {
        return Some(dir);
    }
    shared_missing(&dir, "is missing", "skipped");
    None
}

/// The bytes of the shared file `rel`, or `None` after [`shared_missing`]
/// when it cannot be read (`skipped` says what the test does without it).
pub fn shared_file(manifest_dir: &str, rel: &str, skipped: &str) -> Option<Vec<u8>> {
    let path = shared_path(manifest_dir, rel);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            shared_missing(&path, format_args!("is not readable ({e})"), skipped);
            None
        }
    }
}

/// The files under `dir` (recursively; unreadable folders are passed over)
/// whose extension is one of `exts`, or all files when `exts` is empty;
/// sorted, so runs are deterministic.
pub fn files_under(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for p in rd.flatten().map(|e| e.path()) {
            if p.is_dir() {
                stack.push(p);
            } else if exts.is_empty()
                || p.extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| exts.contains(&x))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The comment marking a fixture line that must fire: `# expect: ID[, ID...]`.
pub const EXPECT: &str = "# expect:";

/// The comment of a fixture's settings line: `# portcullis-test: key=value...`.
pub const DIRECTIVE: &str = "# portcullis-test:";

/// The `(line, ID)` pairs (1-based lines) announced by `# expect:` comments
/// in `text`; the IDs after the marker are separated by commas or spaces.
pub fn expect_comments(text: &str) -> Vec<(u32, &str)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(pos) = line.find(EXPECT) {
            for id in line[pos + EXPECT.len()..].split([',', ' ']) {
                let id = id.trim();
                if !id.is_empty() {
                    out.push((i as u32 + 1, id));
                }
            }
        }
    }
    out
}

/// The whitespace-separated words of the first line of `text` holding a
/// `# portcullis-test:` directive, or `None` when there is none.
pub fn directive_words(text: &str) -> Option<std::str::SplitWhitespace<'_>> {
    text.lines()
        .find(|l| l.contains(DIRECTIVE))
        .map(str::split_whitespace)
}

/// `Ok` when the expected and actual findings are the same set, else
/// `missing [...], unexpected [...]`.
pub fn compare<T: Ord + Debug>(want: &BTreeSet<T>, got: &BTreeSet<T>) -> Result<(), String> {
    if want == got {
        return Ok(());
    }
    let missing: Vec<_> = want.difference(got).collect();
    let extra: Vec<_> = got.difference(want).collect();
    Err(format!("missing {missing:?}, unexpected {extra:?}"))
}

/// Runs `check` on every fixture under `dir` whose extension is one of
/// `exts` (see [`files_under`]) and panics listing every failure (`Err`
/// descriptions, one a line). Returns how many fixtures ran.
pub fn check_fixtures(
    dir: &Path,
    exts: &[&str],
    mut check: impl FnMut(&Path) -> Result<(), String>,
) -> usize {
    let files = files_under(dir, exts);
    let failures: Vec<String> = files.iter().filter_map(|f| check(f).err()).collect();
    assert!(
        failures.is_empty(),
        "fixture failures:\n{}",
        failures.join("\n")
    );
    files.len()
}

/// A small deterministic PRNG (xorshift64*), so mutation tests reproduce.
/// The seed must not be zero.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (`0` for `n == 0`, without drawing).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_the_xorshift64_star_sequence() {
        let mut a = Rng(42);
        let mut b = Rng(42);
        let xs: Vec<u64> = (0..4).map(|_| a.next()).collect();
        assert_eq!(xs, (0..4).map(|_| b.next()).collect::<Vec<_>>());
        let mut s: u64 = 42;
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        assert_eq!(xs[0], s.wrapping_mul(0x2545_f491_4f6c_dd1d));
        assert_eq!(a.below(0), 0);
        assert!((0..100).all(|_| a.below(7) < 7));
    }

    #[test]
    fn files_are_sorted_and_filtered() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let all = files_under(root, &[]);
        assert!(all.iter().any(|p| p.ends_with("src/lib.rs")));
        assert!(all.windows(2).all(|w| w[0] <= w[1]));
        let toml = files_under(root, &["toml"]);
        assert_eq!(toml, vec![root.join("Cargo.toml")]);
    }

    #[test]
    fn fixture_comments() {
        let text = "# portcullis-test: level=restricted select=KS001\na: 1 # expect: KS001, KS002\nb: 2\n  - x  # expect:KS003\n";
        assert_eq!(
            expect_comments(text),
            vec![(2, "KS001"), (2, "KS002"), (4, "KS003")]
        );
        let words: Vec<_> = directive_words(text).unwrap().collect();
        assert_eq!(
            words,
            ["#", "portcullis-test:", "level=restricted", "select=KS001"]
        );
        assert!(directive_words("a: 1\n").is_none());
        let a: BTreeSet<u32> = [1, 2].into();
        let b: BTreeSet<u32> = [2, 3].into();
        assert_eq!(compare(&a, &a), Ok(()));
        assert_eq!(
            compare(&a, &b),
            Err("missing [1], unexpected [3]".to_string())
        );
    }

    #[test]
    fn missing_shared_folder_is_none_unless_required() {
        if shared_required() {
            return;
        }
        assert_eq!(
            shared_dir(env!("CARGO_MANIFEST_DIR"), "no/such/folder"),
            None
        );
    }
}
