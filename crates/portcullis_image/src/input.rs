//! Input detection and manifest resolution: OCI image layouts (nested and
//! multi-platform indexes, `ref.name` tags), `docker save` archives (plain or
//! compressed, legacy `<id>/layer.tar` members), rootfs tarballs and unpacked
//! rootfs folders. The result lists the layers to stream, in order.

use crate::ImageError;
use crate::layer::Compression;
use crate::store::Store;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest manifest, index or config read (bytes).
const MAX_JSON: u64 = 16 * 1024 * 1024;

/// Which kind of input was detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// An OCI image layout directory.
    OciLayout,
    /// A `docker save` / OCI archive (tar, maybe compressed).
    Archive,
    /// A `docker save` archive unpacked into a directory.
    DockerDir,
    /// A single root filesystem tarball.
    RootfsTar,
    /// An unpacked root filesystem directory.
    RootfsDir,
}

impl InputKind {
    /// Short name for report metadata.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::OciLayout => "oci-layout",
            InputKind::Archive => "archive",
            InputKind::DockerDir => "docker-save-dir",
            InputKind::RootfsTar => "rootfs-tar",
            InputKind::RootfsDir => "rootfs-dir",
        }
    }
}

/// Where a layer's bytes come from.
#[derive(Debug, Clone)]
pub enum LayerSource {
    /// A blob in the image store.
    Blob(String),
    /// A whole tar file on disk (rootfs tarball).
    File(PathBuf),
    /// A directory on disk (rootfs folder).
    Dir(PathBuf),
}

/// A layer to stream.
#[derive(Debug, Clone)]
pub struct LayerRef {
    /// Where it is.
    pub source: LayerSource,
    /// Blob digest when known (`sha256:...`).
    pub digest: Option<String>,
    /// Compressed size when known.
    pub size: Option<u64>,
}

/// Everything known about the image before its layers are read.
#[derive(Debug)]
pub struct Resolved {
    /// Detected input kind.
    pub kind: InputKind,
    /// The store holding manifests and blobs (none for rootfs inputs).
    pub store: Option<Store>,
    /// Image reference or tag (`repo:tag`, OCI `ref.name`).
    pub reference: Option<String>,
    /// Manifest digest when known, else the config digest.
    pub digest: Option<String>,
    /// Raw config JSON.
    pub config: Option<Vec<u8>>,
    /// Layers, base first.
    pub layers: Vec<LayerRef>,
    /// Selected platform (`linux/amd64`).
    pub platform: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    #[serde(default)]
    media_type: Option<String>,
    digest: String,
    #[serde(default)]
    size: Option<u64>,
    #[serde(default)]
    platform: Option<Platform>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, Clone)]
struct Platform {
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    os: String,
    #[serde(default)]
    variant: Option<String>,
}

impl Platform {
    fn text(&self) -> String {
        match &self.variant {
            Some(v) if !v.is_empty() => format!("{}/{}/{}", self.os, self.architecture, v),
            _ => format!("{}/{}", self.os, self.architecture),
        }
    }

    fn matches(&self, wanted: &str) -> bool {
        platform_matches(
            &self.os,
            &self.architecture,
            self.variant.as_deref(),
            wanted,
        )
    }
}

/// True when `os`/`architecture`(/`variant`) is the platform `wanted`
/// (`os/arch[/variant]`; without a variant any variant matches).
pub(crate) fn platform_matches(
    os_have: &str,
    arch_have: &str,
    variant_have: Option<&str>,
    wanted: &str,
) -> bool {
    let mut it = wanted.split('/');
    let os = it.next().unwrap_or("");
    let arch = it.next().unwrap_or("");
    let variant = it.next();
    os_have == os
        && arch_have == arch
        && match variant {
            None => true,
            Some(v) => variant_have == Some(v),
        }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Index {
    #[serde(default)]
    manifests: Vec<Descriptor>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    #[serde(default)]
    media_type: Option<String>,
    config: Descriptor,
    #[serde(default)]
    layers: Vec<Descriptor>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerEntry {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    #[serde(default)]
    layers: Vec<String>,
}

const REF_NAME: &str = "org.opencontainers.image.ref.name";
const CONTAINERD_NAME: &str = "io.containerd.image.name";

/// Detects the input kind of `input` and resolves the image to scan.
pub fn resolve(
    input: &Path,
    platform: Option<&str>,
    tag: Option<&str>,
    max_bytes: u64,
) -> Result<Resolved, ImageError> {
    let md = std::fs::metadata(input).map_err(|e| ImageError::Open {
        path: input.display().to_string(),
        source: e,
    })?;
    if md.is_dir() {
        if input.join("index.json").is_file() {
            let store = Store::Dir(input.to_path_buf());
            return resolve_oci(store, InputKind::OciLayout, platform, tag);
        }
        if input.join("manifest.json").is_file() {
            let store = Store::Dir(input.to_path_buf());
            return resolve_docker(store, InputKind::DockerDir, tag);
        }
        return Ok(Resolved {
            kind: InputKind::RootfsDir,
            store: None,
            reference: None,
            digest: None,
            config: None,
            layers: vec![LayerRef {
                source: LayerSource::Dir(input.to_path_buf()),
                digest: None,
                size: None,
            }],
            platform: None,
        });
    }
    let (is_archive, compression) = sniff_file(input).map_err(|e| ImageError::Open {
        path: input.display().to_string(),
        source: e,
    })?;
    if !is_archive {
        return Ok(Resolved {
            kind: InputKind::RootfsTar,
            store: None,
            reference: None,
            digest: None,
            config: None,
            layers: vec![LayerRef {
                source: LayerSource::File(input.to_path_buf()),
                digest: None,
                size: Some(md.len()),
            }],
            platform: None,
        });
    }
    let store =
        Store::open_tar(input, compression != Compression::None, max_bytes).map_err(|e| {
            ImageError::Open {
                path: input.display().to_string(),
                source: e,
            }
        })?;
    if store.contains("manifest.json") {
        resolve_docker(store, InputKind::Archive, tag)
    } else if store.contains("index.json") {
        resolve_oci(store, InputKind::Archive, platform, tag)
    } else {
        Err(ImageError::Invalid(
            "the archive has neither manifest.json nor index.json".into(),
        ))
    }
}

/// Looks at the first members of a (possibly compressed) tar file to tell an
/// image archive from a rootfs tarball.
fn sniff_file(path: &Path) -> std::io::Result<(bool, Compression)> {
    let mut f = std::fs::File::open(path)?;
    let mut head = [0u8; 8];
    let n = f.read(&mut head)?;
    let compression = Compression::sniff(&head[..n]);
    let f = std::fs::File::open(path)?;
    let reader = crate::layer::decompress(f)?;
    let mut archive = tar::Archive::new(reader);
    let mut verdict = false;
    if let Ok(entries) = archive.entries() {
        for entry in entries.take(32) {
            let Ok(entry) = entry else { break };
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let name = name.trim_start_matches("./").trim_end_matches('/');
            if looks_like_image_member(name) {
                verdict = true;
                break;
            }
            if is_rootfs_member(name) {
                break;
            }
        }
    }
    Ok((verdict, compression))
}

fn looks_like_image_member(name: &str) -> bool {
    if matches!(
        name,
        "manifest.json" | "index.json" | "oci-layout" | "repositories"
    ) || name.starts_with("blobs/sha256")
    {
        return true;
    }
    let first = name.split('/').next().unwrap_or("");
    let stem = first
        .strip_suffix(".tar")
        .or_else(|| first.strip_suffix(".json"))
        .unwrap_or(first);
    stem.len() == 64 && stem.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_rootfs_member(name: &str) -> bool {
    let first = name.split('/').next().unwrap_or("");
    matches!(
        first,
        "bin" | "etc" | "usr" | "lib" | "var" | "sbin" | "home" | "root" | "opt" | "tmp"
    )
}

fn blob_path(digest: &str) -> Result<String, ImageError> {
    let (alg, hex) = digest
        .split_once(':')
        .ok_or_else(|| ImageError::Invalid(format!("malformed digest `{digest}`")))?;
    let ok = !alg.is_empty()
        && alg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'.' || b == b'_' || b == b'-')
        && !hex.is_empty()
        && hex.bytes().all(|b| b.is_ascii_alphanumeric());
    if !ok {
        return Err(ImageError::Invalid(format!("malformed digest `{digest}`")));
    }
    Ok(format!("blobs/{alg}/{hex}"))
}

fn read_json<T: serde::de::DeserializeOwned>(
    store: &Store,
    name: &str,
) -> Result<(T, Vec<u8>), ImageError> {
    let bytes = store
        .read_small(name, MAX_JSON)
        .map_err(|e| ImageError::Invalid(format!("cannot read `{name}`: {e}")))?;
    let value = serde_json::from_slice(&bytes)
        .map_err(|e| ImageError::Invalid(format!("`{name}` is not valid: {e}")))?;
    Ok((value, bytes))
}

fn is_index(media_type: Option<&str>) -> bool {
    matches!(
        media_type,
        Some("application/vnd.oci.image.index.v1+json")
            | Some("application/vnd.docker.distribution.manifest.list.v2+json")
    )
}

fn is_attestation(d: &Descriptor) -> bool {
    d.annotations
        .get("vnd.docker.reference.type")
        .is_some_and(|t| t == "attestation-manifest")
        || d.platform
            .as_ref()
            .is_some_and(|p| p.os == "unknown" || p.architecture == "unknown")
}

fn resolve_oci(
    store: Store,
    kind: InputKind,
    platform: Option<&str>,
    tag: Option<&str>,
) -> Result<Resolved, ImageError> {
    let (index, _) = read_json::<Index>(&store, "index.json")?;
    let mut candidates: Vec<Descriptor> = index.manifests;
    let mut reference = None;
    if let Some(tag) = tag {
        let names: Vec<String> = candidates
            .iter()
            .filter_map(|d| d.annotations.get(REF_NAME).cloned())
            .collect();
        candidates.retain(|d| {
            d.annotations
                .get(REF_NAME)
                .is_some_and(|n| n == tag || n.ends_with(&format!(":{tag}")))
                || d.annotations.get(CONTAINERD_NAME).is_some_and(|n| n == tag)
        });
        if candidates.is_empty() {
            return Err(ImageError::TagNotFound {
                tag: tag.to_string(),
                available: names,
            });
        }
        reference = Some(tag.to_string());
    }
    // Follow nested indexes until one manifest is left.
    for _depth in 0..8 {
        candidates.retain(|d| !is_attestation(d));
        if let Some(p) = platform {
            let available: Vec<String> = candidates
                .iter()
                .filter_map(|d| d.platform.as_ref().map(Platform::text))
                .collect();
            if candidates.len() > 1 {
                candidates.retain(|d| d.platform.as_ref().is_some_and(|pl| pl.matches(p)));
            } else {
                // A lone manifest is taken unless it names another platform.
                candidates.retain(|d| d.platform.as_ref().is_none_or(|pl| pl.matches(p)));
            }
            if candidates.is_empty() {
                return Err(ImageError::PlatformNotFound {
                    platform: p.to_string(),
                    available,
                });
            }
        }
        if candidates.len() > 1 {
            let platforms: Vec<String> = candidates
                .iter()
                .filter_map(|d| d.platform.as_ref().map(Platform::text))
                .collect();
            let tags: Vec<String> = candidates
                .iter()
                .filter_map(|d| d.annotations.get(REF_NAME).cloned())
                .collect();
            return Err(ImageError::Ambiguous { platforms, tags });
        }
        let Some(desc) = candidates.pop() else {
            return Err(ImageError::Invalid("index.json lists no manifest".into()));
        };
        if reference.is_none() {
            reference = desc
                .annotations
                .get(CONTAINERD_NAME)
                .or_else(|| desc.annotations.get(REF_NAME))
                .cloned();
        }
        let path = blob_path(&desc.digest)?;
        let bytes = store.read_small(&path, MAX_JSON).map_err(|e| {
            ImageError::Invalid(format!("cannot read manifest {}: {e}", desc.digest))
        })?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            ImageError::Invalid(format!("manifest {} is not valid JSON: {e}", desc.digest))
        })?;
        let media = value
            .get("mediaType")
            .and_then(|m| m.as_str())
            .map(str::to_string)
            .or(desc.media_type.clone());
        if is_index(media.as_deref())
            || (value.get("manifests").is_some() && value.get("layers").is_none())
        {
            let nested: Index = serde_json::from_value(value).map_err(|e| {
                ImageError::Invalid(format!("index {} is not valid: {e}", desc.digest))
            })?;
            candidates = nested.manifests;
            if candidates.len() > 1 && platform.is_none() {
                candidates.retain(|d| !is_attestation(d));
                if candidates.len() > 1 {
                    let platforms = candidates
                        .iter()
                        .filter_map(|d| d.platform.as_ref().map(Platform::text))
                        .collect();
                    return Err(ImageError::Ambiguous {
                        platforms,
                        tags: vec![],
                    });
                }
            }
            if let Some(p) = platform {
                let available: Vec<String> = candidates
                    .iter()
                    .filter_map(|d| d.platform.as_ref().map(Platform::text))
                    .collect();
                candidates.retain(|d| d.platform.as_ref().is_none_or(|pl| pl.matches(p)));
                candidates.retain(|d| !is_attestation(d));
                if candidates.is_empty() {
                    return Err(ImageError::PlatformNotFound {
                        platform: p.to_string(),
                        available,
                    });
                }
            }
            continue;
        }
        let manifest: Manifest = serde_json::from_value(value).map_err(|e| {
            ImageError::Invalid(format!("manifest {} is not valid: {e}", desc.digest))
        })?;
        let _ = manifest.media_type;
        let config_path = blob_path(&manifest.config.digest)?;
        let config = store.read_small(&config_path, MAX_JSON).map_err(|e| {
            ImageError::Invalid(format!(
                "cannot read config {}: {e}",
                manifest.config.digest
            ))
        })?;
        let mut layers = Vec::new();
        for l in &manifest.layers {
            layers.push(LayerRef {
                source: LayerSource::Blob(blob_path(&l.digest)?),
                digest: Some(l.digest.clone()),
                size: l.size,
            });
        }
        return Ok(Resolved {
            kind,
            store: Some(store),
            reference,
            digest: Some(desc.digest),
            config: Some(config),
            layers,
            platform: desc.platform.as_ref().map(Platform::text),
        });
    }
    Err(ImageError::Invalid("indexes nested too deeply".into()))
}

fn resolve_docker(
    store: Store,
    kind: InputKind,
    tag: Option<&str>,
) -> Result<Resolved, ImageError> {
    let (entries, _) = read_json::<Vec<DockerEntry>>(&store, "manifest.json")?;
    let mut entries = entries;
    let mut reference = None;
    if let Some(tag) = tag {
        let all: Vec<String> = entries
            .iter()
            .flat_map(|e| e.repo_tags.clone().unwrap_or_default())
            .collect();
        entries.retain(|e| {
            e.repo_tags.as_ref().is_some_and(|ts| {
                ts.iter().any(|t| {
                    t == tag || t.ends_with(&format!(":{tag}")) || t.ends_with(&format!("/{tag}"))
                })
            })
        });
        if entries.is_empty() {
            return Err(ImageError::TagNotFound {
                tag: tag.to_string(),
                available: all,
            });
        }
        reference = Some(tag.to_string());
    }
    if entries.len() > 1 {
        let tags = entries
            .iter()
            .flat_map(|e| e.repo_tags.clone().unwrap_or_default())
            .collect();
        return Err(ImageError::Ambiguous {
            platforms: vec![],
            tags,
        });
    }
    let Some(entry) = entries.pop() else {
        return Err(ImageError::Invalid("manifest.json lists no image".into()));
    };
    if reference.is_none() {
        reference = entry.repo_tags.as_ref().and_then(|t| t.first().cloned());
    }
    let config = store
        .read_small(&entry.config, MAX_JSON)
        .map_err(|e| ImageError::Invalid(format!("cannot read config `{}`: {e}", entry.config)))?;
    let digest = digest_from_name(&entry.config);
    let layers = entry
        .layers
        .iter()
        .map(|l| LayerRef {
            source: LayerSource::Blob(l.clone()),
            digest: digest_from_name(l),
            size: None,
        })
        .collect();
    Ok(Resolved {
        kind,
        store: Some(store),
        reference,
        digest,
        config: Some(config),
        layers,
        platform: None,
    })
}

/// `abc...(64 hex).json`, `blobs/sha256/abc...` or `<64 hex>.tar` -> `sha256:abc...`.
fn digest_from_name(name: &str) -> Option<String> {
    let name = name.trim_start_matches("./");
    if let Some(rest) = name.strip_prefix("blobs/") {
        let (alg, hex) = rest.split_once('/')?;
        return Some(format!("{alg}:{hex}"));
    }
    let file = name.rsplit('/').next()?;
    let stem = file
        .strip_suffix(".json")
        .or_else(|| file.strip_suffix(".tar"))
        .unwrap_or(file);
    (stem.len() == 64 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("sha256:{stem}"))
}
