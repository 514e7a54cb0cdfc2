//! Builders for test images: tar layers written byte by byte (so tests can
//! use hostile names, PAX/GNU long names, sparse and hard-link entries),
//! gzip/zstd compression, OCI layouts and `docker save` archives in a TempDir.
#![allow(dead_code)]

use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// Hex SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> String {
    let d = Sha256::digest(data);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// A tar stream built entry by entry.
#[derive(Default)]
pub struct Layer {
    pub buf: Vec<u8>,
}

fn pad(buf: &mut Vec<u8>) {
    let rem = buf.len() % 512;
    if rem != 0 {
        buf.extend(std::iter::repeat_n(0u8, 512 - rem));
    }
}

impl Layer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a raw header (name and link copied as bytes, truncated to 100).
    pub fn raw(&mut self, name: &str, kind: u8, mode: u32, data: &[u8], link: &str) -> &mut Self {
        let mut h = tar::Header::new_gnu();
        {
            let g = h.as_gnu_mut().unwrap();
            let n = name.as_bytes();
            g.name[..n.len().min(100)].copy_from_slice(&n[..n.len().min(100)]);
            let l = link.as_bytes();
            g.linkname[..l.len().min(100)].copy_from_slice(&l[..l.len().min(100)]);
            g.typeflag[0] = kind;
        }
        h.set_mode(mode);
        h.set_size(data.len() as u64);
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(0);
        h.set_cksum();
        self.buf.extend_from_slice(h.as_bytes());
        self.buf.extend_from_slice(data);
        pad(&mut self.buf);
        self
    }

    pub fn file(&mut self, name: &str, data: &[u8]) -> &mut Self {
        self.raw(name, b'0', 0o644, data, "")
    }

    pub fn file_mode(&mut self, name: &str, mode: u32, data: &[u8]) -> &mut Self {
        self.raw(name, b'0', mode, data, "")
    }

    pub fn dir(&mut self, name: &str, mode: u32) -> &mut Self {
        self.raw(name, b'5', mode, b"", "")
    }

    pub fn symlink(&mut self, name: &str, target: &str) -> &mut Self {
        self.raw(name, b'2', 0o777, b"", target)
    }

    pub fn hardlink(&mut self, name: &str, target: &str) -> &mut Self {
        self.raw(name, b'1', 0o644, b"", target)
    }

    pub fn whiteout(&mut self, path: &str) -> &mut Self {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        let wh = if dir.is_empty() {
            format!(".wh.{name}")
        } else {
            format!("{dir}/.wh.{name}")
        };
        self.file(&wh, b"")
    }

    pub fn opaque(&mut self, dir: &str) -> &mut Self {
        self.file(&format!("{dir}/.wh..wh..opq"), b"")
    }

    /// A file with a GNU long-name (`L`) record.
    pub fn gnu_long(&mut self, name: &str, data: &[u8]) -> &mut Self {
        let mut n = name.as_bytes().to_vec();
        n.push(0);
        self.raw("././@LongLink", b'L', 0o644, &n, "");
        self.raw(&name[..90.min(name.len())], b'0', 0o644, data, "")
    }

    /// A file with a PAX `path` record.
    pub fn pax_long(&mut self, name: &str, data: &[u8]) -> &mut Self {
        let body = format!(" path={name}\n");
        let mut len = body.len() + 1;
        while format!("{len}{body}").len() != len {
            len += 1;
        }
        let rec = format!("{len}{body}");
        self.raw("PaxHeaders/x", b'x', 0o644, rec.as_bytes(), "");
        self.raw("short-name-ignored", b'0', 0o644, data, "")
    }

    /// A GNU sparse file of `real_size` bytes with the given data chunks.
    pub fn sparse(&mut self, name: &str, real_size: u64, chunks: &[(u64, &[u8])]) -> &mut Self {
        let mut h = tar::Header::new_gnu();
        let mut data = Vec::new();
        {
            let g = h.as_gnu_mut().unwrap();
            g.name[..name.len()].copy_from_slice(name.as_bytes());
            g.typeflag[0] = b'S';
            for (i, (off, bytes)) in chunks.iter().enumerate().take(4) {
                let o = format!("{off:011o}\0");
                let n = format!("{:011o}\0", bytes.len());
                g.sparse[i].offset.copy_from_slice(o.as_bytes());
                g.sparse[i].numbytes.copy_from_slice(n.as_bytes());
                data.extend_from_slice(bytes);
            }
            let r = format!("{real_size:011o}\0");
            g.realsize.copy_from_slice(r.as_bytes());
        }
        h.set_mode(0o644);
        h.set_size(data.len() as u64);
        h.set_mtime(0);
        h.set_cksum();
        self.buf.extend_from_slice(h.as_bytes());
        self.buf.extend_from_slice(&data);
        pad(&mut self.buf);
        self
    }

    /// The tar with end-of-archive blocks.
    pub fn finish(&self) -> Vec<u8> {
        let mut b = self.buf.clone();
        b.extend(std::iter::repeat_n(0u8, 1024));
        b
    }

    /// The tar without end-of-archive blocks.
    pub fn finish_unterminated(&self) -> Vec<u8> {
        self.buf.clone()
    }
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// A layer as stored (maybe compressed) plus its uncompressed tar.
pub struct Blob {
    pub stored: Vec<u8>,
    pub tar: Vec<u8>,
    pub media_type: &'static str,
}

impl Blob {
    pub fn plain(tar: Vec<u8>) -> Blob {
        Blob {
            stored: tar.clone(),
            tar,
            media_type: "application/vnd.oci.image.layer.v1.tar",
        }
    }
    pub fn gz(tar: Vec<u8>) -> Blob {
        Blob {
            stored: gzip(&tar),
            tar,
            media_type: "application/vnd.oci.image.layer.v1.tar+gzip",
        }
    }
    pub fn zst(tar: Vec<u8>) -> Blob {
        Blob {
            stored: zstd(&tar),
            tar,
            media_type: "application/vnd.oci.image.layer.v1.tar+zstd",
        }
    }
}

/// An image config for `layers` with `history` (one created_by per layer) and `config` fields.
pub fn config_json(layers: &[Blob], created_by: &[&str], config: serde_json::Value) -> Vec<u8> {
    let diff_ids: Vec<String> = layers
        .iter()
        .map(|l| format!("sha256:{}", sha256(&l.tar)))
        .collect();
    let history: Vec<serde_json::Value> = created_by
        .iter()
        .map(|c| serde_json::json!({"created_by": c}))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "architecture": "amd64",
        "os": "linux",
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }))
    .unwrap()
}

fn write_blob(dir: &Path, data: &[u8]) -> String {
    let hex = sha256(data);
    let p = dir.join("blobs/sha256");
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join(&hex), data).unwrap();
    format!("sha256:{hex}")
}

/// Writes an image manifest (and its blobs) into an OCI layout at `dir`; returns its descriptor.
pub fn oci_manifest(
    dir: &Path,
    layers: &[Blob],
    config: &[u8],
    platform: Option<(&str, &str)>,
    tag: Option<&str>,
) -> serde_json::Value {
    let config_digest = write_blob(dir, config);
    let layer_descs: Vec<serde_json::Value> = layers
        .iter()
        .map(|l| {
            let d = write_blob(dir, &l.stored);
            serde_json::json!({"mediaType": l.media_type, "digest": d, "size": l.stored.len()})
        })
        .collect();
    let manifest = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config.len()},
        "layers": layer_descs,
    }))
    .unwrap();
    let md = write_blob(dir, &manifest);
    let mut desc = serde_json::json!({
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": md,
        "size": manifest.len(),
    });
    if let Some((os, arch)) = platform {
        desc["platform"] = serde_json::json!({"os": os, "architecture": arch});
    }
    if let Some(t) = tag {
        desc["annotations"] = serde_json::json!({"org.opencontainers.image.ref.name": t});
    }
    desc
}

/// Writes `index.json` and `oci-layout` listing `manifests`.
pub fn oci_index(dir: &Path, manifests: Vec<serde_json::Value>) {
    std::fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    std::fs::write(
        dir.join("index.json"),
        serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": manifests}))
            .unwrap(),
    )
    .unwrap();
}

/// Writes a nested index blob and returns its descriptor.
pub fn nested_index(
    dir: &Path,
    manifests: Vec<serde_json::Value>,
    tag: Option<&str>,
) -> serde_json::Value {
    let idx = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": manifests,
    }))
    .unwrap();
    let d = write_blob(dir, &idx);
    let mut desc = serde_json::json!({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": d, "size": idx.len()});
    if let Some(t) = tag {
        desc["annotations"] = serde_json::json!({"org.opencontainers.image.ref.name": t});
    }
    desc
}

/// Writes a single-image OCI layout.
pub fn write_oci(dir: &Path, layers: &[Blob], config: &[u8], tag: Option<&str>) {
    let m = oci_manifest(dir, layers, config, None, tag);
    oci_index(dir, vec![m]);
}

/// Writes a `docker save` archive. `legacy`: `<id>/layer.tar` symlinks to `<digest>.tar` (skopeo style).
pub fn write_docker_archive(
    path: &Path,
    layers: &[Blob],
    config: &[u8],
    repo_tag: &str,
    legacy: bool,
) {
    let mut t = Layer::new();
    let config_name = format!("{}.json", sha256(config));
    let mut names = Vec::new();
    for (i, l) in layers.iter().enumerate() {
        let hex = sha256(&l.stored);
        let blob = format!("{hex}.tar");
        t.file(&blob, &l.stored);
        if legacy {
            let id = sha256(format!("layer-id-{i}").as_bytes());
            t.dir(&format!("{id}/"), 0o755);
            t.symlink(&format!("{id}/layer.tar"), &format!("../{blob}"));
            t.file(&format!("{id}/VERSION"), b"1.0");
            names.push(format!("{id}/layer.tar"));
        } else {
            names.push(blob);
        }
    }
    t.file(&config_name, config);
    let manifest = serde_json::to_vec(&serde_json::json!([
        {"Config": config_name, "RepoTags": [repo_tag], "Layers": names}
    ]))
    .unwrap();
    t.file("manifest.json", &manifest);
    std::fs::write(path, t.finish()).unwrap();
}
