//! The layer visitor: sees every member of every layer once, applies
//! whiteouts to the little state it keeps (interesting nodes, small files,
//! package databases), runs the content analysers (secrets, malware) on the
//! files they want, and remembers findings with the layer that added the file.
//! Memory stays bounded: only interesting entries are kept, file contents are
//! read into one reused buffer with per-file caps.

use crate::ImageOptions;
use crate::analyse::malware::{self, MalwareEngine};
use crate::layer::{Entry, EntryKind, Visitor};
use crate::path::{file_name, parent};
use crate::rules;
use portcullis_pkgdb::{Package, PackageKind};
use portcullis_rules::RuleMeta;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Read};

/// Small files read for the analysers (OS release, accounts).
pub const SMALL_FILES: &[&str] = &[
    "/etc/os-release",
    "/usr/lib/os-release",
    "/etc/alpine-release",
    "/etc/debian_version",
    "/etc/redhat-release",
    "/etc/system-release",
    "/etc/passwd",
    "/etc/shadow",
    "/etc/group",
];

/// The file secret scanner, compiled once per process.
static FILE_SCANNER: std::sync::LazyLock<portcullis_secrets::Scanner> =
    std::sync::LazyLock::new(portcullis_secrets::Scanner::new);

/// Largest small file read.
const SMALL_CAP: u64 = 4 << 20;
/// Largest release/account file kept outside its usual path.
const STRAY_SMALL_CAP: u64 = 64 << 10;
/// Most release/account files kept outside their usual paths.
const MAX_STRAY_SMALL: usize = 256;

/// Largest copyright file read.
const COPYRIGHT_CAP: u64 = 1 << 20;

/// Package database paths and their formats.
pub const PACKAGE_DBS: &[(&str, DbFormat)] = &[
    ("/var/lib/dpkg/status", DbFormat::Dpkg),
    ("/lib/apk/db/installed", DbFormat::Apk),
    ("/usr/lib/apk/db/installed", DbFormat::Apk),
    ("/var/lib/rpm/rpmdb.sqlite", DbFormat::Rpm),
    ("/var/lib/rpm/Packages", DbFormat::Rpm),
    ("/var/lib/rpm/Packages.db", DbFormat::Rpm),
    ("/usr/lib/sysimage/rpm/rpmdb.sqlite", DbFormat::Rpm),
    ("/usr/lib/sysimage/rpm/Packages", DbFormat::Rpm),
    ("/usr/lib/sysimage/rpm/Packages.db", DbFormat::Rpm),
    (
        "/var/lib/rpmmanifest/container-manifest-2",
        DbFormat::RpmManifest,
    ),
];

/// Package database formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbFormat {
    /// dpkg `status` or one `status.d/` file.
    Dpkg,
    /// apk `installed`.
    Apk,
    /// rpmdb (sqlite, bdb or ndb, by magic).
    Rpm,
    /// CBL-Mariner distroless `container-manifest-2`.
    RpmManifest,
}

fn db_format(path: &str) -> Option<DbFormat> {
    if let Some((_, f)) = PACKAGE_DBS.iter().find(|(p, _)| *p == path) {
        return Some(*f);
    }
    if let Some(rest) = path.strip_prefix("/var/lib/dpkg/status.d/")
        && !rest.contains('/')
        && !rest.ends_with(".md5sums")
        && !rest.starts_with('.')
    {
        return Some(DbFormat::Dpkg);
    }
    None
}

/// Directories where tools are looked for.
const BIN_DIRS: &[&str] = &[
    "/bin",
    "/sbin",
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/local/sbin",
];

/// Tool categories for the attack-surface summary.
pub const TOOLS: &[(&str, &[&str])] = &[
    (
        "shells",
        &[
            "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "busybox",
        ],
    ),
    (
        "package_managers",
        &[
            "apt", "apt-get", "dpkg", "apk", "yum", "dnf", "microdnf", "rpm", "zypper", "pip",
            "pip3", "npm", "gem", "tdnf",
        ],
    ),
    (
        "compilers",
        &[
            "gcc", "cc", "c++", "g++", "clang", "go", "rustc", "cargo", "make", "as", "ld",
            "javac", "tcc",
        ],
    ),
    (
        "network_tools",
        &[
            "curl", "wget", "nc", "ncat", "netcat", "socat", "telnet", "ssh", "scp", "sftp",
            "nmap", "ftp", "tftp",
        ],
    ),
    ("privilege_escalation", &["sudo", "doas", "su", "pkexec"]),
];

fn tool_category(path: &str) -> Option<&'static str> {
    if !BIN_DIRS.contains(&parent(path)) {
        return None;
    }
    let name = file_name(path);
    TOOLS
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(cat, _)| *cat)
}

/// What is kept of an interesting entry of the final filesystem.
#[derive(Debug, Clone)]
pub struct Node {
    /// Layer index that added it.
    pub layer: usize,
    /// File, directory or symlink (with its raw target).
    pub kind: EntryKind,
    /// Mode bits.
    pub mode: u32,
    /// Owner.
    pub uid: u64,
}

/// A small file's content and layer.
#[derive(Debug, Clone)]
pub struct Small {
    /// Layer index.
    pub layer: usize,
    /// Content (capped).
    pub data: Vec<u8>,
}

/// A parsed package database.
#[derive(Debug, Clone)]
pub struct Db {
    /// Layer index of the final version of the file.
    pub layer: usize,
    /// Packages (empty when parsing failed).
    pub packages: Vec<Package>,
}

/// A finding about a file, before layer names are known.
#[derive(Debug, Clone)]
pub struct FileHit {
    /// Rule.
    pub rule: &'static RuleMeta,
    /// Path inside the image.
    pub path: String,
    /// Layer index that added the file.
    pub layer: usize,
    /// Line (0: none).
    pub line: u32,
    /// Column (0: none).
    pub column: u32,
    /// Message without the layer suffix.
    pub message: String,
    /// Extra properties.
    pub properties: BTreeMap<String, serde_json::Value>,
    /// The file was deleted by a later layer.
    pub deleted: bool,
    /// The file was replaced by a later layer.
    pub replaced: bool,
}

/// Counters for the report metadata.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Stats {
    /// Regular files seen (all layers).
    pub files: u64,
    /// Directories seen.
    pub dirs: u64,
    /// Symlinks seen.
    pub symlinks: u64,
    /// Hard links seen.
    pub hardlinks: u64,
    /// Symlinks not kept for path resolution (deep paths, or past the cap).
    pub symlinks_dropped: u64,
    /// Whiteouts applied.
    pub whiteouts: u64,
    /// File findings not kept because the `max_file_findings` cap was reached.
    pub findings_dropped: u64,
    /// Files scanned for secrets.
    pub secret_files_scanned: u64,
    /// Files skipped by the secret scanner because they are documentation or test data.
    pub secret_files_low_signal: u64,
    /// Text files bigger than the per-file cap, scanned for secrets in chunks.
    pub secret_files_chunked: u64,
    /// Files scanned with YARA rules.
    pub malware_files_scanned: u64,
    /// Executables too big for the YARA scan (skipped).
    pub malware_files_too_big: u64,
    /// A few of the files skipped for size.
    pub skipped_examples: Vec<String>,
    /// The first whiteouts applied: (path, layer index, opaque).
    pub whiteout_paths: Vec<(String, usize, bool)>,
}

/// The layer visitor and the state it accumulates.
pub struct Collector<'a> {
    opts: &'a ImageOptions,
    /// Current layer index.
    pub layer: usize,
    /// Interesting nodes of the final filesystem (setuid, world-writable, tools, symlinks).
    pub nodes: BTreeMap<String, Node>,
    /// Small files.
    pub small: BTreeMap<String, Small>,
    /// Package databases.
    pub dbs: BTreeMap<String, Db>,
    /// (kind, name, version, arch) -> first layer listing it.
    pub first_seen: HashMap<(PackageKind, String, String, Option<String>), usize>,
    /// `/usr/share/doc/<pkg>/copyright` path -> licences.
    pub copyrights: BTreeMap<String, Vec<String>>,
    /// File findings.
    pub hits: Vec<FileHit>,
    hit_paths: BTreeMap<String, Vec<usize>>,
    /// Errors reading package databases: (layer, message).
    pub db_errors: Vec<(usize, String)>,
    /// Counters.
    pub stats: Stats,
    secrets: Option<&'static portcullis_secrets::Scanner>,
    malware: Option<&'a MalwareEngine>,
    miner_names: BTreeSet<String>,
    kept_symlinks: usize,
    stray_small: usize,
    buf: Vec<u8>,
    /// Where findings past the cap are written and dropped.
    overflow: Option<FileHit>,
}

impl<'a> Collector<'a> {
    /// A collector for a scan with `opts`.
    pub fn new(opts: &'a ImageOptions, malware: Option<&'a MalwareEngine>) -> Self {
        Self {
            opts,
            layer: 0,
            nodes: BTreeMap::new(),
            small: BTreeMap::new(),
            dbs: BTreeMap::new(),
            first_seen: HashMap::new(),
            copyrights: BTreeMap::new(),
            hits: Vec::new(),
            hit_paths: BTreeMap::new(),
            db_errors: Vec::new(),
            stats: Stats::default(),
            secrets: opts.detectors.secrets.then(|| &*FILE_SCANNER),
            malware,
            miner_names: BTreeSet::new(),
            kept_symlinks: 0,
            stray_small: 0,
            buf: Vec::new(),
            overflow: None,
        }
    }

    fn hit(
        &mut self,
        rule: &'static RuleMeta,
        path: &str,
        line: u32,
        column: u32,
        message: String,
    ) -> &mut FileHit {
        self.hit_keyed(rule, path, path, line, column, message)
    }

    /// Like [`Self::hit`], with `key` the path whose deletion or replacement
    /// by a later layer marks the finding (the `.git` directory of a Git
    /// repository finding shown at the repository).
    fn hit_keyed(
        &mut self,
        rule: &'static RuleMeta,
        path: &str,
        key: &str,
        line: u32,
        column: u32,
        message: String,
    ) -> &mut FileHit {
        let hit = FileHit {
            rule,
            path: path.to_string(),
            layer: self.layer,
            line,
            column,
            message,
            properties: BTreeMap::new(),
            deleted: false,
            replaced: false,
        };
        if self.hits.len() >= self.opts.max_file_findings {
            self.stats.findings_dropped += 1;
            return self.overflow.insert(hit);
        }
        let idx = self.hits.len();
        self.hits.push(hit);
        self.hit_paths.entry(key.to_string()).or_default().push(idx);
        &mut self.hits[idx]
    }

    /// Applies a whiteout of `target` (the path and everything below it) or,
    /// when `opaque`, of everything below `target` from lower layers.
    fn whiteout(&mut self, target: &str, opaque: bool) {
        self.stats.whiteouts += 1;
        let layer = self.layer;
        if self.stats.whiteout_paths.len() < 100 {
            self.stats
                .whiteout_paths
                .push((target.to_string(), layer, opaque));
        }
        let lower = |l: usize| l < layer;
        remove_within(&mut self.nodes, target, opaque, |n| lower(n.layer));
        remove_within(&mut self.small, target, opaque, |n| lower(n.layer));
        remove_within(&mut self.dbs, target, opaque, |n| lower(n.layer));
        if !opaque || target != "/" {
            remove_within(&mut self.copyrights, target, opaque, |_| true);
        }
        // Range lookups, not a walk over every finding: a hostile layer may hold
        // a million whiteouts.
        let prefix = if target == "/" {
            "/".to_string()
        } else {
            format!("{target}/")
        };
        let own = (!opaque).then(|| self.hit_paths.get(target)).flatten();
        let below = self
            .hit_paths
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| !opaque || k.as_str() != target)
            .map(|(_, v)| v);
        let doomed: Vec<usize> = own.into_iter().chain(below).flatten().copied().collect();
        for i in doomed {
            if self.hits[i].layer < layer {
                self.hits[i].deleted = true;
            }
        }
    }

    /// Marks the findings of lower layers at `path` as replaced. A directory
    /// entry merges with the lower directory, so it replaces no `.git` directory.
    fn replaced(&mut self, path: &str, dir: bool) {
        if self.hit_paths.is_empty() {
            return;
        }
        if let Some(idxs) = self.hit_paths.get(path) {
            for &i in idxs {
                if dir && self.hits[i].rule.id == rules::GitDirectory::META.id {
                    continue;
                }
                if self.hits[i].layer < self.layer {
                    self.hits[i].replaced = true;
                }
            }
        }
    }

    /// A hard link shares its target's content: the content findings of the
    /// target in this layer (secrets, YARA and miner signatures, not name-based
    /// ones) are reported at the link too, so they survive the target's removal.
    fn copy_content_hits(&mut self, target: &str, link: &str) {
        let Some(idxs) = self.hit_paths.get(target) else {
            return;
        };
        let copies: Vec<FileHit> = idxs
            .iter()
            .map(|&i| &self.hits[i])
            .filter(|h| h.layer == self.layer && h.path == target)
            .filter(|h| {
                h.rule.id == rules::SecretInFile::META.id
                    || h.rule.id == rules::YaraMatch::META.id
                    || (h.rule.id == rules::Cryptominer::META.id
                        && h.properties.get("signature")
                            != Some(&serde_json::Value::from("miner-file-name")))
            })
            .cloned()
            .collect();
        for h in copies {
            let message = h
                .message
                .replace(&format!("`{target}`"), &format!("`{link}`"));
            let c = self.hit(h.rule, link, h.line, h.column, message);
            c.properties = h.properties;
        }
    }

    /// Reads up to `cap` bytes of `content` into the reused buffer.
    fn read_into_buf(&mut self, content: &mut dyn Read, cap: u64) -> io::Result<()> {
        self.buf.clear();
        content.take(cap).read_to_end(&mut self.buf)?;
        Ok(())
    }

    fn note_skipped(&mut self, path: &str) {
        if self.stats.skipped_examples.len() < 20 {
            self.stats.skipped_examples.push(path.to_string());
        }
    }

    fn visit_file(&mut self, entry: &Entry, content: &mut dyn Read) -> io::Result<()> {
        let path = entry.path.as_str();
        let opts = self.opts;
        let name = file_name(path);
        let mut interesting = entry.mode & 0o6000 != 0 || entry.mode & 0o002 != 0;
        if opts.detectors.attack_surface && tool_category(path).is_some() {
            interesting = true;
        }
        if interesting {
            self.nodes.insert(
                path.to_string(),
                Node {
                    layer: self.layer,
                    kind: EntryKind::File,
                    mode: entry.mode,
                    uid: entry.uid,
                },
            );
        }
        if opts.detectors.malware
            && malware::is_miner_name(name)
            && self.miner_names.insert(path.to_string())
        {
            let msg = format!("`{path}` has the name of a known cryptocurrency miner");
            self.hit(&rules::Cryptominer::META, path, 0, 0, msg)
                .properties
                .insert("signature".into(), "miner-file-name".into());
        }
        let sensitive = if opts.detectors.secrets {
            portcullis_secrets::sensitive_file_kind(path)
        } else {
            None
        };

        let db = if opts.detectors.packages {
            db_format(path)
        } else {
            None
        };
        let small = SMALL_FILES.contains(&path);
        // Release and account files elsewhere, kept (a few, small) so that a
        // symlink such as `/etc/os-release -> /opt/os/os-release` resolves.
        let stray_small = !small
            && SMALL_FILES.iter().any(|p| file_name(p) == name)
            && entry.size <= STRAY_SMALL_CAP
            && self.stray_small < MAX_STRAY_SMALL;
        let copyright = opts.detectors.packages
            && path.starts_with("/usr/share/doc/")
            && path.ends_with("/copyright")
            && path.matches('/').count() == 5;
        let secret_candidate = opts.detectors.secrets;
        let malware_candidate = opts.detectors.malware && self.malware.is_some();
        if db.is_none()
            && !small
            && !copyright
            && !secret_candidate
            && !malware_candidate
            && sensitive.is_none()
        {
            return Ok(());
        }
        if entry.size == 0 {
            if let Some(kind) = sensitive.filter(|k| *k != "private-key-file") {
                self.sensitive_hit(path, kind);
            }
            return Ok(());
        }

        // Package databases and small files: read whole (capped).
        if let Some(format) = db {
            if entry.size > opts.max_package_db_bytes {
                self.db_errors.push((
                    self.layer,
                    format!(
                        "{path} is {} bytes, more than the {} bytes allowed for a package database",
                        entry.size, opts.max_package_db_bytes
                    ),
                ));
                return Ok(());
            }
            self.read_into_buf(content, opts.max_package_db_bytes)?;
            self.parse_db(path, format);
            return Ok(());
        }
        if stray_small {
            self.stray_small += 1;
            self.read_into_buf(content, STRAY_SMALL_CAP)?;
            self.small.insert(
                path.to_string(),
                Small {
                    layer: self.layer,
                    data: self.buf.clone(),
                },
            );
            let text = !portcullis_secrets::is_binary(&self.buf);
            if secret_candidate && text && !portcullis_secrets::is_low_signal_path(path) {
                self.scan_buf_for_secrets(path);
            }
            if let Some(kind) = sensitive.filter(|k| *k != "private-key-file") {
                self.sensitive_hit(path, kind);
            }
            return Ok(());
        }
        if small || copyright {
            let cap = if small { SMALL_CAP } else { COPYRIGHT_CAP };
            self.read_into_buf(content, cap)?;
            if copyright {
                let text = String::from_utf8_lossy(&self.buf);
                let lic = portcullis_pkgdb::dpkg_licenses_from_copyright(&text);
                self.copyrights.insert(path.to_string(), lic);
            } else {
                self.small.insert(
                    path.to_string(),
                    Small {
                        layer: self.layer,
                        data: self.buf.clone(),
                    },
                );
            }
            // Accounts and release files are not secret-scanned (shadow hashes are expected).
            return Ok(());
        }

        // Content analysers: read the head, decide, then the rest.
        let head_len = (portcullis_secrets::BINARY_SNIFF_LEN as u64).min(entry.size);
        self.buf.clear();
        (&mut *content).take(head_len).read_to_end(&mut self.buf)?;
        let binary = portcullis_secrets::is_binary(&self.buf);
        let elf = self.buf.starts_with(b"\x7fELF");
        let script = self.buf.starts_with(b"#!");
        let executable = entry.mode & 0o111 != 0;
        let low_signal = portcullis_secrets::is_low_signal_path(path) || is_distro_data_path(path);

        let want_secrets = secret_candidate && !binary && !low_signal;
        if secret_candidate && !binary && low_signal {
            self.stats.secret_files_low_signal += 1;
        }
        let secrets_fit = entry.size <= opts.max_secret_file_bytes;
        let want_malware = malware_candidate
            && (elf || script || executable || malware::is_config_candidate(name, entry.size));
        let malware_fit = entry.size <= opts.max_malware_file_bytes;
        if want_malware && !malware_fit {
            self.stats.malware_files_too_big += 1;
            self.note_skipped(path);
        }
        let do_malware = want_malware && malware_fit;
        // A whole buffer for YARA is scanned for secrets too; other big text
        // files are scanned in chunks that end at line boundaries.
        let do_secrets = want_secrets && (secrets_fit || do_malware);
        if want_secrets && !do_secrets {
            self.scan_secrets_chunked(path, content)?;
            if let Some(kind) = sensitive.filter(|k| *k != "private-key-file") {
                self.sensitive_hit(path, kind);
            }
            return Ok(());
        }
        if !do_secrets && !do_malware {
            if let Some(kind) = sensitive.filter(|k| *k != "private-key-file") {
                self.sensitive_hit(path, kind);
            }
            return Ok(());
        }
        let cap = if do_malware {
            opts.max_malware_file_bytes
        } else {
            opts.max_secret_file_bytes
        };
        content
            .take(cap.saturating_sub(head_len))
            .read_to_end(&mut self.buf)?;

        if do_secrets {
            self.scan_buf_for_secrets(path);
        }
        // A `*.key` name alone is a guess: a confirmed key is already reported
        // by the content scan, so `private-key-file` adds nothing.
        if let Some(kind) = sensitive.filter(|k| *k != "private-key-file") {
            self.sensitive_hit(path, kind);
        }
        if do_malware && let Some(engine) = self.malware {
            self.stats.malware_files_scanned += 1;
            let buf = std::mem::take(&mut self.buf);
            for m in engine.scan(&buf) {
                let rule = if m.builtin {
                    &rules::Cryptominer::META
                } else {
                    &rules::YaraMatch::META
                };
                let msg = if m.builtin {
                    format!("`{path}` matches the cryptominer signature `{}`", m.rule)
                } else {
                    format!("`{path}` matches the YARA rule `{}`", m.rule)
                };
                let h = self.hit(rule, path, 0, 0, msg);
                h.properties
                    .insert("signature".into(), m.rule.clone().into());
            }
            self.buf = buf;
        }
        Ok(())
    }

    /// Runs the secret scanner over the buffer (the content of `path`).
    fn scan_buf_for_secrets(&mut self, path: &str) {
        let Some(scanner) = self.secrets else {
            return;
        };
        self.stats.secret_files_scanned += 1;
        let buf = std::mem::take(&mut self.buf);
        for m in scanner.scan(&buf) {
            let msg = format!("{} `{}` in `{path}`", capitalise(m.kind.title()), m.preview);
            let h = self.hit(&rules::SecretInFile::META, path, m.line, m.column, msg);
            h.properties
                .insert("secret_kind".into(), m.kind.id().into());
            h.properties.insert("preview".into(), m.preview.into());
        }
        self.buf = buf;
    }

    /// Scans a text file bigger than the per-file cap in chunks of that size
    /// (each ending at a line boundary, so lines and columns stay exact), the
    /// buffer holding the already-read head. A secret spanning two chunks can
    /// be missed.
    fn scan_secrets_chunked(&mut self, path: &str, content: &mut dyn Read) -> io::Result<()> {
        let Some(scanner) = self.secrets else {
            return Ok(());
        };
        self.stats.secret_files_chunked += 1;
        let chunk = self.opts.max_secret_file_bytes.max(64 << 10) as usize;
        let mut buf = std::mem::take(&mut self.buf);
        let mut base_line: u32 = 0;
        let mut eof = false;
        loop {
            if !eof && buf.len() < chunk {
                let want = (chunk - buf.len()) as u64;
                let n = (&mut *content).take(want).read_to_end(&mut buf)? as u64;
                eof = n < want;
            }
            if buf.is_empty() {
                break;
            }
            let end = if eof {
                buf.len()
            } else {
                memchr::memrchr(b'\n', &buf).map_or(buf.len(), |i| i + 1)
            };
            for m in scanner.scan(&buf[..end]) {
                let msg = format!("{} `{}` in `{path}`", capitalise(m.kind.title()), m.preview);
                let line = base_line.saturating_add(m.line);
                let h = self.hit(&rules::SecretInFile::META, path, line, m.column, msg);
                h.properties
                    .insert("secret_kind".into(), m.kind.id().into());
                h.properties.insert("preview".into(), m.preview.into());
            }
            base_line =
                base_line.saturating_add(memchr::memchr_iter(b'\n', &buf[..end]).count() as u32);
            buf.drain(..end);
            if eof && buf.is_empty() {
                break;
            }
        }
        buf.clear();
        self.buf = buf;
        Ok(())
    }

    fn sensitive_hit(&mut self, path: &str, kind: &str) {
        let msg = match kind {
            "git-directory" => format!("Git repository `{}` is in the image", parent(parent(path))),
            _ => format!("Sensitive file `{path}` ({kind}) is in the image"),
        };
        let rule = if kind == "git-directory" {
            &rules::GitDirectory::META
        } else {
            &rules::SensitiveFile::META
        };
        let shown = if kind == "git-directory" {
            parent(parent(path)).to_string()
        } else {
            path.to_string()
        };
        // A Git finding is deleted with the `.git` directory, not only with the repository.
        let key = if kind == "git-directory" {
            parent(path)
        } else {
            path
        };
        let h = self.hit_keyed(rule, &shown, key, 0, 0, msg);
        h.properties.insert("file_kind".into(), kind.into());
    }

    fn parse_db(&mut self, path: &str, format: DbFormat) {
        let data = &self.buf;
        // dpkg and apk databases are read paragraph by paragraph: a corrupt
        // entry is reported and the rest of the inventory kept.
        let (packages, errors) = match format {
            DbFormat::Dpkg => portcullis_pkgdb::parse_dpkg_status_partial(data, path),
            DbFormat::Apk => portcullis_pkgdb::parse_apk_installed_partial(data, path),
            DbFormat::Rpm => split(portcullis_pkgdb::parse_rpmdb(data, path)),
            DbFormat::RpmManifest => split(portcullis_pkgdb::parse_rpm_container_manifest(
                &String::from_utf8_lossy(data),
                path,
            )),
        };
        for e in errors {
            self.db_errors.push((self.layer, format!("{path}: {e}")));
        }
        for p in &packages {
            self.first_seen
                .entry((p.kind, p.name.clone(), p.version.clone(), p.arch.clone()))
                .or_insert(self.layer);
        }
        self.dbs.insert(
            path.to_string(),
            Db {
                layer: self.layer,
                packages,
            },
        );
    }
}

/// A whole-database parse result as packages and errors.
fn split(
    r: Result<Vec<portcullis_pkgdb::Package>, portcullis_pkgdb::PkgDbError>,
) -> (
    Vec<portcullis_pkgdb::Package>,
    Vec<portcullis_pkgdb::PkgDbError>,
) {
    match r {
        Ok(p) => (p, Vec::new()),
        Err(e) => (Vec::new(), vec![e]),
    }
}

/// Most symlinks kept for path resolution (bounds memory on hostile layers).
const MAX_KEPT_SYMLINKS: usize = 200_000;

/// Symlinks the analysers may need to resolve: shallow ones (`/bin`, `/lib64`,
/// `/etc/os-release`, `/usr/lib/x`), tools, `/etc` and `/usr/share/doc/<pkg>`.
fn keep_symlink(path: &str, kept: usize) -> bool {
    if kept >= MAX_KEPT_SYMLINKS {
        return false;
    }
    let depth = path.matches('/').count();
    depth <= 3
        || path.starts_with("/etc/")
        || (path.starts_with("/usr/share/doc/") && depth == 4)
        || BIN_DIRS.contains(&parent(path))
}

/// Distribution data that is never a credential store but is full of
/// secret-shaped words: lintian overrides (`...-password` tags), licence texts,
/// locales, time zones.
fn is_distro_data_path(path: &str) -> bool {
    [
        "/usr/share/lintian/",
        "/usr/share/common-licenses/",
        "/usr/share/locale/",
        "/usr/share/i18n/",
        "/usr/share/zoneinfo/",
        "/usr/share/bug/",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Removes `target` (unless `keep_self`) and every key below it for which `pred` holds.
fn remove_within<V>(
    map: &mut BTreeMap<String, V>,
    target: &str,
    keep_self: bool,
    pred: impl Fn(&V) -> bool,
) {
    if !keep_self && map.get(target).is_some_and(&pred) {
        map.remove(target);
    }
    let prefix = if target == "/" {
        "/".to_string()
    } else {
        format!("{target}/")
    };
    let doomed: Vec<String> = map
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter(|(_, v)| pred(v))
        .map(|(k, _)| k.clone())
        .collect();
    for k in doomed {
        map.remove(&k);
    }
}

impl Visitor for Collector<'_> {
    fn visit(&mut self, entry: &Entry, content: &mut dyn Read) -> io::Result<()> {
        let name = file_name(&entry.path);
        if let Some(rest) = name.strip_prefix(".wh.") {
            let dir = parent(&entry.path).to_string();
            if rest == ".wh..opq" {
                self.whiteout(&dir, true);
            } else if !rest.starts_with(".wh.") && !rest.is_empty() {
                let target = if dir == "/" {
                    format!("/{rest}")
                } else {
                    format!("{dir}/{rest}")
                };
                self.whiteout(&target, false);
            }
            return Ok(());
        }
        let path = entry.path.as_str();
        if self.layer > 0 {
            self.replaced(path, entry.kind == EntryKind::Dir);
        }
        // The entry replaces whatever lower layers had at this path.
        if self.nodes.remove(path).is_some() || self.layer > 0 {
            self.small.remove(path);
            self.dbs.remove(path);
        }
        match &entry.kind {
            EntryKind::File => {
                self.stats.files += 1;
                self.visit_file(entry, content)?;
            }
            EntryKind::HardLink(target) => {
                self.stats.hardlinks += 1;
                self.copy_content_hits(target, path);
                // Same content as the target: copy what was kept of it.
                if let Some(s) = self.small.get(target).cloned() {
                    self.small.insert(
                        path.to_string(),
                        Small {
                            layer: self.layer,
                            ..s
                        },
                    );
                }
                if let Some(d) = self.dbs.get(target).cloned() {
                    self.dbs.insert(
                        path.to_string(),
                        Db {
                            layer: self.layer,
                            ..d
                        },
                    );
                }
                let mut mode = entry.mode;
                if let Some(n) = self.nodes.get(target) {
                    mode |= n.mode & 0o6000;
                }
                if mode & 0o6002 != 0 || tool_category(path).is_some() {
                    self.nodes.insert(
                        path.to_string(),
                        Node {
                            layer: self.layer,
                            kind: EntryKind::File,
                            mode,
                            uid: entry.uid,
                        },
                    );
                }
            }
            EntryKind::Dir => {
                self.stats.dirs += 1;
                if entry.mode & 0o002 != 0 && entry.mode & 0o1000 == 0 {
                    self.nodes.insert(
                        path.to_string(),
                        Node {
                            layer: self.layer,
                            kind: EntryKind::Dir,
                            mode: entry.mode,
                            uid: entry.uid,
                        },
                    );
                }
            }
            EntryKind::Symlink(_) => {
                self.stats.symlinks += 1;
                if !keep_symlink(path, self.kept_symlinks) {
                    self.stats.symlinks_dropped += 1;
                    return Ok(());
                }
                self.kept_symlinks += 1;
                self.nodes.insert(
                    path.to_string(),
                    Node {
                        layer: self.layer,
                        kind: entry.kind.clone(),
                        mode: entry.mode,
                        uid: entry.uid,
                    },
                );
            }
            EntryKind::Other => {}
        }
        Ok(())
    }
}

/// Resolves `path` through the symlinks in `nodes` (every component), with a
/// depth limit; returns the final path, or `None` on a loop or too many links.
pub fn resolve_symlinks(nodes: &BTreeMap<String, Node>, path: &str) -> Option<String> {
    let mut budget = crate::store::MAX_LINK_DEPTH;
    let mut pending: Vec<String> = path
        .split('/')
        .filter(|c| !c.is_empty())
        .rev()
        .map(str::to_string)
        .collect();
    let mut cur = String::new();
    while let Some(comp) = pending.pop() {
        match comp.as_str() {
            "." => continue,
            ".." => {
                cur = parent(if cur.is_empty() { "/" } else { &cur }).to_string();
                if cur == "/" {
                    cur.clear();
                }
                continue;
            }
            _ => {}
        }
        let next = format!("{cur}/{comp}");
        if let Some(Node {
            kind: EntryKind::Symlink(target),
            ..
        }) = nodes.get(&next)
        {
            if budget == 0 {
                return None;
            }
            budget -= 1;
            if target.starts_with('/') {
                cur.clear();
            }
            for c in target.split('/').filter(|c| !c.is_empty()).rev() {
                pending.push(c.to_string());
            }
        } else {
            cur = next;
        }
    }
    Some(if cur.is_empty() { "/".to_string() } else { cur })
}
