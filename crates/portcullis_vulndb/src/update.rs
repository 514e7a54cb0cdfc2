//! `portcullis db update`: downloads OSV's per-ecosystem `all.zip` archives
//! over HTTPS (ureq + rustls/ring, optional custom CA), with conditional
//! requests (ETag / Last-Modified stored per source; 304 fetches nothing),
//! an exclusive lock, and atomic replacement of the database file.

// Without the `update` feature only the configuration types remain.
#![cfg_attr(not(feature = "update"), allow(unused_imports, dead_code))]

use crate::error::DbError;
use crate::feed;
use crate::store::{self, Database, SourceInfo, WriteLock};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// OSV's public bucket.
pub const DEFAULT_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// Ecosystems fetched when none are named.
pub const DEFAULT_ECOSYSTEMS: &[&str] = &["Alpine", "Debian", "Ubuntu"];

/// Where and how to update from.
#[derive(Debug, Clone)]
pub struct UpdateConfig {
    /// Base URL; archives are fetched from `{base_url}/{ecosystem}/all.zip`.
    /// A `file://` URL or a plain path reads a local mirror instead.
    pub base_url: String,
    /// OSV ecosystem names (`Debian`, `Alpine`, `Ubuntu`).
    pub ecosystems: Vec<String>,
    /// PEM file of CA certificates to trust instead of the built-in roots.
    pub ca_file: Option<PathBuf>,
    /// Largest archive accepted, in bytes.
    pub max_download_bytes: u64,
    /// Time limit for connecting plus receiving one archive.
    pub timeout: Duration,
    /// How long to wait for another running update before failing.
    pub lock_wait: Duration,
}

impl Default for UpdateConfig {
    fn default() -> Self {
        UpdateConfig {
            base_url: DEFAULT_URL.to_string(),
            ecosystems: DEFAULT_ECOSYSTEMS.iter().map(|s| s.to_string()).collect(),
            ca_file: None,
            max_download_bytes: 2 << 30,
            timeout: Duration::from_secs(600),
            lock_wait: Duration::from_secs(10),
        }
    }
}

/// What an update did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct UpdateStats {
    /// URLs downloaded and imported.
    pub fetched: Vec<String>,
    /// URLs the server answered 304 Not Modified for.
    pub not_modified: Vec<String>,
    /// Bytes downloaded.
    pub bytes: u64,
    /// Records read from downloaded archives.
    pub records: u64,
    /// Entries written.
    pub entries: u64,
    /// Entries per ecosystem in the database afterwards.
    pub ecosystems: BTreeMap<String, u64>,
}

/// `{base}/{ecosystem}/all.zip`, with the ecosystem path-escaped.
pub fn archive_url(base: &str, ecosystem: &str) -> String {
    let mut eco = String::new();
    for b in ecosystem.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            eco.push(b as char);
        } else {
            eco.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{}/{}/all.zip", base.trim_end_matches('/'), eco)
}

/// Updates the database at `db_path` from OSV archives.
#[cfg(feature = "update")]
pub fn update(db_path: &Path, config: &UpdateConfig) -> Result<UpdateStats, DbError> {
    let _lock = WriteLock::acquire(db_path, config.lock_wait)?;
    remove_stale_temp_files(db_path);
    let previous = if db_path.exists() {
        match Database::open(db_path) {
            Ok(db) => Some(db.info().clone()),
            Err(DbError::SchemaOlder { .. }) => {
                // An old schema is rebuilt from scratch.
                std::fs::remove_file(db_path).map_err(|e| DbError::io(db_path, e))?;
                None
            }
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let local = local_base(&config.base_url);
    let agent = if local.is_some() {
        None
    } else {
        Some(agent(config)?)
    };
    let mut stats = UpdateStats::default();
    let mut downloads = Vec::new();
    for eco in &config.ecosystems {
        let url = match &local {
            Some(dir) => dir.join(eco).join("all.zip").to_string_lossy().into_owned(),
            None => archive_url(&config.base_url, eco),
        };
        let prev = previous
            .as_ref()
            .and_then(|i| i.sources.iter().find(|s| s.location == url));
        let fetched = match (&local, &agent) {
            (Some(dir), _) => fetch_local(dir, eco, prev)?,
            (None, Some(agent)) => fetch(agent, &url, prev, db_path, config)?,
            (None, None) => return Err(DbError::UpdateUnsupported),
        };
        match fetched {
            Fetched::NotModified => stats.not_modified.push(url),
            Fetched::Body {
                data,
                etag,
                last_modified,
            } => {
                stats.bytes += data.len() as u64;
                let mut parsed = feed::osv::parse_zip(&data).map_err(|source| DbError::Feed {
                    path: url.clone(),
                    source,
                })?;
                // Label downloaded entries by archive, so the next update
                // replaces exactly them and leaves imported files alone.
                let label = format!("osv:{eco}");
                for e in &mut parsed.entries {
                    e.advisory.source.clone_from(&label);
                }
                stats.records += parsed.records;
                stats.entries += parsed.entries.len() as u64;
                stats.fetched.push(url.clone());
                downloads.push((eco.clone(), url, etag, last_modified, parsed));
            }
        }
    }
    let counts = store::rebuild(db_path, |db, info| {
        let mut counts = None;
        for (eco, url, etag, last_modified, parsed) in downloads {
            counts = Some(store::write_entries(
                db,
                db_path,
                parsed.entries,
                &[(&eco, &format!("osv:{eco}"))],
            )?);
            store::record_source(
                info,
                SourceInfo {
                    location: url,
                    imported_at: store::now(),
                    etag,
                    last_modified,
                    records: parsed.records,
                },
            );
            info.built_at = store::now();
        }
        if counts.is_none() {
            // Nothing downloaded: still create the tables of a new database.
            counts = Some(store::write_entries(db, db_path, Vec::new(), &[])?);
        }
        info.updated_at = store::now();
        Ok((counts.unwrap_or_default(), true))
    })?;
    stats.ecosystems = counts;
    Ok(stats)
}

/// Without the `update` feature there is no HTTPS client.
#[cfg(not(feature = "update"))]
pub fn update(_db_path: &Path, _config: &UpdateConfig) -> Result<UpdateStats, DbError> {
    Err(DbError::UpdateUnsupported)
}

/// The name prefix of the temporary files of one database (`kind` is `vuln`
/// for the rebuilt file, `dl` for a download): it names the database file, so
/// writers of two databases in one folder never touch each other's files.
pub(crate) fn temp_prefix(db_path: &Path, kind: &str) -> String {
    let name = db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".portcullis-{kind}-{name}-")
}

/// Removes temporary files an interrupted update of this database left next
/// to it (safe: the caller holds its lock, so no other writer owns them).
pub(crate) fn remove_stale_temp_files(db_path: &Path) {
    let dir = match db_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let (vuln, dl) = (temp_prefix(db_path, "vuln"), temp_prefix(db_path, "dl"));
    for e in rd.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if (name.starts_with(&vuln) || name.starts_with(&dl)) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A local mirror directory for `file://` URLs and plain paths (air-gapped
/// hosts copy OSV's `{ecosystem}/all.zip` layout to disk).
fn local_base(base: &str) -> Option<PathBuf> {
    if let Some(p) = base.strip_prefix("file://") {
        return Some(PathBuf::from(p));
    }
    (!base.contains("://")).then(|| PathBuf::from(base))
}

/// Reads `{dir}/{ecosystem}/all.zip`; size and modification time stand in
/// for an ETag, so an unchanged file is "not modified".
#[cfg(feature = "update")]
fn fetch_local(dir: &Path, ecosystem: &str, prev: Option<&SourceInfo>) -> Result<Fetched, DbError> {
    let path = dir.join(ecosystem).join("all.zip");
    let meta = std::fs::metadata(&path).map_err(|e| DbError::io(&path, e))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let etag = format!("\"{}-{}\"", meta.len(), mtime);
    if prev.and_then(|p| p.etag.as_deref()) == Some(etag.as_str()) {
        return Ok(Fetched::NotModified);
    }
    let data = std::fs::read(&path).map_err(|e| DbError::io(&path, e))?;
    Ok(Fetched::Body {
        data,
        etag: Some(etag),
        last_modified: None,
    })
}

#[cfg(feature = "update")]
enum Fetched {
    NotModified,
    Body {
        data: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

#[cfg(feature = "update")]
fn agent(config: &UpdateConfig) -> Result<ureq::Agent, DbError> {
    use ureq::tls::{PemItem, RootCerts, TlsConfig};
    let mut tls = TlsConfig::builder();
    if let Some(path) = &config.ca_file {
        let pem = std::fs::read(path).map_err(|e| DbError::CaFile {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let mut certs = Vec::new();
        for item in ureq::tls::parse_pem(&pem) {
            match item {
                Ok(PemItem::Certificate(c)) => certs.push(c),
                Ok(_) => {}
                Err(e) => {
                    return Err(DbError::CaFile {
                        path: path.clone(),
                        message: e.to_string(),
                    });
                }
            }
        }
        if certs.is_empty() {
            return Err(DbError::CaFile {
                path: path.clone(),
                message: "no PEM certificate found".to_string(),
            });
        }
        tls = tls.root_certs(RootCerts::new_with_certs(&certs));
    }
    Ok(ureq::Agent::config_builder()
        .tls_config(tls.build())
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_global(Some(config.timeout))
        .user_agent(concat!("portcullis/", env!("CARGO_PKG_VERSION")))
        .build()
        .into())
}

#[cfg(feature = "update")]
fn fetch(
    agent: &ureq::Agent,
    url: &str,
    prev: Option<&SourceInfo>,
    db_path: &Path,
    config: &UpdateConfig,
) -> Result<Fetched, DbError> {
    use std::io::{Read, Seek, Write};
    let fail = |message: String| DbError::Download {
        url: url.to_string(),
        message,
    };
    let mut req = agent.get(url);
    if let Some(p) = prev {
        if let Some(etag) = &p.etag {
            req = req.header("If-None-Match", etag);
        }
        if let Some(lm) = &p.last_modified {
            req = req.header("If-Modified-Since", lm);
        }
    }
    let resp = req.call().map_err(|e| fail(e.to_string()))?;
    let status = resp.status().as_u16();
    if status == 304 {
        return Ok(Fetched::NotModified);
    }
    if status != 200 {
        return Err(fail(format!("HTTP status {status}")));
    }
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let etag = header("etag");
    let last_modified = header("last-modified");
    // Stream into a temporary file next to the database (not memory): a
    // partial download never touches the database.
    let dir = match db_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| DbError::io(&dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(db_path, "dl"))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| DbError::io(&dir, e))?;
    let mut reader = resp
        .into_body()
        .into_with_config()
        .limit(config.max_download_bytes)
        .reader();
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = reader.read(&mut buf).map_err(|e| fail(e.to_string()))?;
        if n == 0 {
            break;
        }
        tmp.write_all(&buf[..n])
            .map_err(|e| DbError::io(tmp.path(), e))?;
    }
    let mut data = Vec::new();
    let f = tmp.as_file_mut();
    f.rewind().map_err(|e| DbError::io(db_path, e))?;
    f.read_to_end(&mut data)
        .map_err(|e| DbError::io(db_path, e))?;
    Ok(Fetched::Body {
        data,
        etag,
        last_modified,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn url_escaping() {
        assert_eq!(
            super::archive_url("https://m.example/osv/", "Rocky Linux"),
            "https://m.example/osv/Rocky%20Linux/all.zip"
        );
    }
}
