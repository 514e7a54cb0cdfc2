//! Container image scanning: what is inside an image and what is wrong with it.
//! Reads OCI layouts, `docker save` archives, rootfs tarballs and folders;
//! streams every layer once (whiteouts applied, nothing extracted), and runs
//! the analysers: image config, history, secrets in files, attack surface,
//! accounts, cryptominers (YARA), distribution end of life and the package
//! inventory. Rules IM001-IM099 live in `rules`.
//!
//! ```no_run
//! use portcullis_image::{ImageOptions, NoProgress, scan};
//! let opts = ImageOptions { platform: Some("linux/amd64".into()), ..ImageOptions::default() };
//! let result = scan("image.tar".as_ref(), &opts, &portcullis_rules::Settings::default(), &NoProgress)?;
//! println!("{} findings, {} packages", result.findings.len(), result.packages.len());
//! # Ok::<(), portcullis_image::ImageError>(())
//! ```

pub mod analyse;
mod collect;
pub mod config;
pub mod input;
pub mod layer;
pub mod path;
pub mod rules;
mod scan;
pub mod store;

use portcullis_diagnostics::{Finding, InputError};
use portcullis_pkgdb::{Distro, Package};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use scan::{analyse_layer_bytes, scan};

/// Reports scan progress; the CLI implements it with a progress bar.
pub trait Progress: Sync {
    /// Layer `index` (0-based) of `total` starts; `size` is its compressed size when known.
    fn layer_start(&self, index: usize, total: usize, digest: &str, size: Option<u64>) {
        let _ = (index, total, digest, size);
    }
    /// `n` more compressed bytes of the current layer were read.
    fn bytes(&self, n: u64) {
        let _ = n;
    }
    /// The current layer is done.
    fn layer_done(&self, index: usize) {
        let _ = index;
    }
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// Which analysers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detectors {
    /// Secrets and sensitive files in layers.
    pub secrets: bool,
    /// Cryptominer signatures and user YARA rules.
    pub malware: bool,
    /// setuid/world-writable files, tools, accounts.
    pub attack_surface: bool,
    /// The OS package inventory.
    pub packages: bool,
}

impl Default for Detectors {
    fn default() -> Self {
        Self {
            secrets: true,
            malware: true,
            attack_surface: true,
            packages: true,
        }
    }
}

/// Options of one image scan.
#[derive(Debug, Clone)]
pub struct ImageOptions {
    /// Platform to pick from a multi-platform index (`linux/amd64`, `linux/arm64/v8`).
    pub platform: Option<String>,
    /// Tag (OCI `ref.name` or `repo:tag`) to pick when the input holds several images.
    pub tag: Option<String>,
    /// Maximum decompressed bytes of one layer.
    pub max_layer_bytes: u64,
    /// Maximum decompressed bytes of the whole image.
    pub max_total_bytes: u64,
    /// Largest text file scanned for secrets (bytes); bigger files are skipped with a note.
    pub max_secret_file_bytes: u64,
    /// Largest file scanned with YARA rules (bytes).
    pub max_malware_file_bytes: u64,
    /// Largest package database read (bytes).
    pub max_package_db_bytes: u64,
    /// Extra YARA rule files.
    pub yara_rules: Vec<PathBuf>,
    /// Today's date (`YYYY-MM-DD`) for end-of-life checks and suppression expiry;
    /// `None` means the system clock.
    pub today: Option<String>,
    /// Analysers to run.
    pub detectors: Detectors,
    /// Most file findings (secrets, sensitive files, malware) kept; the rest are
    /// counted and reported as an input error, so memory stays bounded.
    pub max_file_findings: usize,
}

impl Default for ImageOptions {
    fn default() -> Self {
        Self {
            platform: None,
            tag: None,
            max_layer_bytes: 32 << 30,
            max_total_bytes: 64 << 30,
            max_secret_file_bytes: 4 << 20,
            max_malware_file_bytes: 64 << 20,
            max_package_db_bytes: 256 << 20,
            yara_rules: Vec::new(),
            today: None,
            detectors: Detectors::default(),
            max_file_findings: 100_000,
        }
    }
}

/// One layer of the scanned image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerInfo {
    /// Diff ID (digest of the uncompressed tar) from the config, when known.
    pub diff_id: Option<String>,
    /// Blob digest (compressed), when known.
    pub digest: Option<String>,
    /// Compressed size in bytes, when known.
    pub size: Option<u64>,
    /// Decompressed bytes read.
    pub uncompressed_size: u64,
    /// The history `created_by` of the instruction that created the layer.
    pub created_by: Option<String>,
    /// Number of tar members.
    pub entries: u64,
}

/// Everything one image scan produced.
#[derive(Debug, Clone, Serialize)]
pub struct ImageScan {
    /// Findings (resolved; with snippets where a synthesised source exists).
    pub findings: Vec<Finding>,
    /// Problems that did not stop the scan (a corrupt layer, an unreadable database).
    pub errors: Vec<InputError>,
    /// Installed OS packages.
    pub packages: Vec<Package>,
    /// Operating system, when detected.
    pub distro: Option<Distro>,
    /// Image reference or tag, when the input names one.
    pub reference: Option<String>,
    /// Manifest digest (OCI) or config digest (docker save), when known.
    pub digest: Option<String>,
    /// Detected input kind (`oci-layout`, `archive`, `rootfs-tar`, ...).
    pub input_kind: String,
    /// Layers, base first.
    pub layers: Vec<LayerInfo>,
    /// Attack-surface summary: counts and lists of setuid files, shells, tools...
    pub attack_surface: serde_json::Value,
    /// Other facts: platform, OS, skipped files, timings.
    pub metadata: BTreeMap<String, serde_json::Value>,
}

/// An error that stops the scan of an image.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The input cannot be opened or read.
    #[error("cannot read {path}: {source}")]
    Open {
        /// The input path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The input is not a valid image (bad manifest, index or config).
    #[error("invalid image: {0}")]
    Invalid(String),
    /// Several images or platforms are present and none was chosen.
    #[error("{}", ambiguous_message(platforms, tags))]
    Ambiguous {
        /// Platforms available.
        platforms: Vec<String>,
        /// Tags available.
        tags: Vec<String>,
    },
    /// The requested platform is not in the index.
    #[error(
        "platform {platform} is not in the image (available: {})",
        list(available)
    )]
    PlatformNotFound {
        /// Requested platform.
        platform: String,
        /// Platforms available.
        available: Vec<String>,
    },
    /// The requested tag is not in the input.
    #[error("tag {tag} is not in the input (available: {})", list(available))]
    TagNotFound {
        /// Requested tag.
        tag: String,
        /// Tags available.
        available: Vec<String>,
    },
    /// A user YARA rule file does not compile.
    #[error("YARA rules {path}: {message}")]
    YaraRules {
        /// The rule file.
        path: String,
        /// Compiler message.
        message: String,
    },
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

fn ambiguous_message(platforms: &[String], tags: &[String]) -> String {
    if !platforms.is_empty() {
        format!(
            "the image index holds several platforms; choose one with the platform option (available: {})",
            platforms.join(", ")
        )
    } else {
        format!(
            "the input holds several images; choose one with the tag option (available: {})",
            list(tags)
        )
    }
}

/// Metadata of every image rule, in ID order.
pub fn rule_metas() -> Vec<&'static portcullis_rules::RuleMeta> {
    rules::ALL.to_vec()
}
