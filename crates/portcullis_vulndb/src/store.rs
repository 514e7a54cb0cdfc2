//! The on-disk database: a redb file with a `meta` table (schema version,
//! build times, sources with their HTTP validators), an `advisories` table
//! keyed by (ecosystem, package) whose values are postcard-encoded advisory
//! lists, and per-ecosystem counts. Every write builds a new file next to the
//! old one and renames it into place, so readers never see a partial file.

use crate::error::DbError;
use crate::feed::{self, FeedEntry};
use crate::model::Advisory;
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The schema this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

pub(crate) const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
pub(crate) const ADVISORIES: TableDefinition<(&str, &str), &[u8]> =
    TableDefinition::new("advisories");
pub(crate) const ECOSYSTEMS: TableDefinition<&str, u64> = TableDefinition::new("ecosystems");

const KEY_SCHEMA: &str = "schema_version";
const KEY_INFO: &str = "info";

/// Where one batch of data came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// File path or URL.
    pub location: String,
    /// Unix time of the last import from it.
    pub imported_at: i64,
    /// HTTP `ETag` of the last download.
    pub etag: Option<String>,
    /// HTTP `Last-Modified` of the last download.
    pub last_modified: Option<String>,
    /// Records read from it.
    pub records: u64,
}

/// Database-wide facts kept in the `meta` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbInfo {
    /// Unix time the content last changed.
    pub built_at: i64,
    /// Unix time the content was last confirmed current (import, download or 304).
    pub updated_at: i64,
    /// Sources, by location.
    pub sources: Vec<SourceInfo>,
}

/// What `status` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// Path of the database.
    pub path: PathBuf,
    /// Schema version in the file.
    pub schema_version: u32,
    /// Advisory entries per ecosystem.
    pub ecosystems: BTreeMap<String, u64>,
    /// Sources.
    pub sources: Vec<SourceInfo>,
    /// Unix time of the last content change.
    pub built_at: i64,
    /// Unix time the data was last confirmed current.
    pub updated_at: i64,
    /// Seconds since `updated_at`.
    pub age_secs: u64,
    /// File size in bytes.
    pub size_bytes: u64,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportStats {
    /// Feed files read (archive members are not counted separately).
    pub files: u64,
    /// Advisory records read.
    pub records: u64,
    /// Records skipped (withdrawn, malformed archive members).
    pub skipped: u64,
    /// (ecosystem, package, advisory) entries written.
    pub entries: u64,
    /// Entries per ecosystem after the import (whole database).
    pub ecosystems: BTreeMap<String, u64>,
}

/// Unix time now.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The default database path: `$XDG_DATA_HOME/portcullis/vuln.redb`, else
/// `~/.local/share/portcullis/vuln.redb`, else `./portcullis-vuln.redb`.
pub fn default_db_path() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("portcullis").join("vuln.redb");
    }
    if let Some(h) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h)
            .join(".local")
            .join("share")
            .join("portcullis")
            .join("vuln.redb");
    }
    PathBuf::from("portcullis-vuln.redb")
}

/// An exclusive lock on `<db>.lock`, released on drop (or when the process dies).
#[derive(Debug)]
pub(crate) struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Takes the lock, waiting up to `wait` for another writer to finish.
    pub(crate) fn acquire(db_path: &Path, wait: Duration) -> Result<Self, DbError> {
        let lock_path = lock_path(db_path);
        if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| DbError::io(dir, e))?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| DbError::io(&lock_path, e))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(WriteLock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        return Err(DbError::Locked(db_path.to_path_buf()));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(DbError::io(&lock_path, e)),
            }
        }
    }
}

fn lock_path(db_path: &Path) -> PathBuf {
    let mut s = db_path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Reads the schema version of an open database; `None` when it has no meta table.
fn read_schema(db: &impl ReadableDatabase, path: &Path) -> Result<Option<u32>, DbError> {
    let txn = db.begin_read().map_err(|e| DbError::corrupt(path, e))?;
    let table = match txn.open_table(META) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
        Err(e) => return Err(DbError::corrupt(path, e)),
    };
    let v = table
        .get(KEY_SCHEMA)
        .map_err(|e| DbError::corrupt(path, e))?;
    Ok(v.and_then(|g| <[u8; 4]>::try_from(g.value()).ok().map(u32::from_le_bytes)))
}

fn check_schema(found: Option<u32>, path: &Path) -> Result<(), DbError> {
    match found {
        Some(SCHEMA_VERSION) => Ok(()),
        Some(found) if found > SCHEMA_VERSION => Err(DbError::SchemaNewer {
            found,
            supported: SCHEMA_VERSION,
        }),
        Some(found) => Err(DbError::SchemaOlder {
            found,
            supported: SCHEMA_VERSION,
        }),
        None => Err(DbError::corrupt(
            path,
            "no schema version (not a portcullis database)",
        )),
    }
}

fn read_info(db: &impl ReadableDatabase, path: &Path) -> Result<DbInfo, DbError> {
    let txn = db.begin_read().map_err(|e| DbError::corrupt(path, e))?;
    let table = txn
        .open_table(META)
        .map_err(|e| DbError::corrupt(path, e))?;
    let v = table.get(KEY_INFO).map_err(|e| DbError::corrupt(path, e))?;
    match v {
        Some(g) => serde_json::from_slice(g.value()).map_err(|e| DbError::corrupt(path, e)),
        None => Ok(DbInfo::default()),
    }
}

/// An open database, read-only.
pub struct Database {
    pub(crate) db: redb::ReadOnlyDatabase,
    path: PathBuf,
    info: DbInfo,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .finish()
    }
}

impl Database {
    /// Opens the database at `path`, checking its schema version.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        if !path.exists() {
            return Err(DbError::Missing(path.to_path_buf()));
        }
        let db = redb::ReadOnlyDatabase::open(path).map_err(|e| DbError::corrupt(path, e))?;
        check_schema(read_schema(&db, path)?, path)?;
        let info = read_info(&db, path)?;
        Ok(Database {
            db,
            path: path.to_path_buf(),
            info,
        })
    }

    /// The database's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Build times and sources.
    pub fn info(&self) -> &DbInfo {
        &self.info
    }

    /// Seconds since the data was last confirmed current.
    pub fn age(&self) -> Duration {
        Duration::from_secs(now().saturating_sub(self.info.updated_at).max(0) as u64)
    }

    /// Fails when the data is older than `max_age`, telling the user to run
    /// `portcullis db update` or pass `--skip-db-age-check`.
    pub fn ensure_fresh(&self, max_age: Duration) -> Result<(), DbError> {
        let age = self.age();
        if age > max_age {
            return Err(DbError::Stale {
                age_hours: age.as_secs() / 3600,
                max_hours: max_age.as_secs() / 3600,
            });
        }
        Ok(())
    }

    /// The advisories stored for one (ecosystem, package).
    pub fn advisories(&self, ecosystem: &str, package: &str) -> Result<Vec<Advisory>, DbError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| DbError::corrupt(&self.path, e))?;
        let table = txn
            .open_table(ADVISORIES)
            .map_err(|e| DbError::corrupt(&self.path, e))?;
        self.lookup(&table, ecosystem, package)
    }

    pub(crate) fn lookup(
        &self,
        table: &redb::ReadOnlyTable<(&'static str, &'static str), &'static [u8]>,
        ecosystem: &str,
        package: &str,
    ) -> Result<Vec<Advisory>, DbError> {
        match table
            .get((ecosystem, package))
            .map_err(|e| DbError::corrupt(&self.path, e))?
        {
            Some(g) => postcard::from_bytes(g.value()).map_err(|e| DbError::corrupt(&self.path, e)),
            None => Ok(Vec::new()),
        }
    }

    /// Database status: schema, counts per ecosystem, sources, age.
    pub fn status(&self) -> Result<Status, DbError> {
        let txn = self
            .db
            .begin_read()
            .map_err(|e| DbError::corrupt(&self.path, e))?;
        let mut ecosystems = BTreeMap::new();
        match txn.open_table(ECOSYSTEMS) {
            Ok(t) => {
                for row in t.iter().map_err(|e| DbError::corrupt(&self.path, e))? {
                    let (k, v) = row.map_err(|e| DbError::corrupt(&self.path, e))?;
                    ecosystems.insert(k.value().to_string(), v.value());
                }
            }
            Err(redb::TableError::TableDoesNotExist(_)) => {}
            Err(e) => return Err(DbError::corrupt(&self.path, e)),
        }
        Ok(Status {
            path: self.path.clone(),
            schema_version: SCHEMA_VERSION,
            ecosystems,
            sources: self.info.sources.clone(),
            built_at: self.info.built_at,
            updated_at: self.info.updated_at,
            age_secs: self.age().as_secs(),
            size_bytes: std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0),
        })
    }
}

/// Status of the database at `db_path`.
pub fn status(db_path: &Path) -> Result<Status, DbError> {
    Database::open(db_path)?.status()
}

/// Builds a new database file from the current one (if any) in the same
/// directory, lets `f` change it, then fsyncs and renames it over `db_path`.
/// The caller holds the write lock. `f` returns `false` to abandon the change.
pub(crate) fn rebuild<T>(
    db_path: &Path,
    f: impl FnOnce(&redb::Database, &mut DbInfo) -> Result<(T, bool), DbError>,
) -> Result<T, DbError> {
    let dir = match db_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| DbError::io(&dir, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(&crate::update::temp_prefix(db_path, "vuln"))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| DbError::io(&dir, e))?;
    let existing = db_path.exists();
    if existing {
        // Check the old file before copying it: never extend a foreign schema.
        {
            let old =
                redb::ReadOnlyDatabase::open(db_path).map_err(|e| DbError::corrupt(db_path, e))?;
            check_schema(read_schema(&old, db_path)?, db_path)?;
        }
        let mut src = File::open(db_path).map_err(|e| DbError::io(db_path, e))?;
        let mut dst = tmp.as_file();
        std::io::copy(&mut src, &mut dst).map_err(|e| DbError::io(tmp.path(), e))?;
    }
    let tmp_path = tmp.path().to_path_buf();
    let (out, keep) = {
        let mut db =
            redb::Database::create(&tmp_path).map_err(|e| DbError::corrupt(&tmp_path, e))?;
        let mut info = if existing {
            read_info(&db, &tmp_path)?
        } else {
            DbInfo::default()
        };
        let (out, keep) = f(&db, &mut info)?;
        if keep {
            let txn = db
                .begin_write()
                .map_err(|e| DbError::corrupt(&tmp_path, e))?;
            {
                let mut meta = txn
                    .open_table(META)
                    .map_err(|e| DbError::corrupt(&tmp_path, e))?;
                meta.insert(KEY_SCHEMA, SCHEMA_VERSION.to_le_bytes().as_slice())
                    .map_err(|e| DbError::corrupt(&tmp_path, e))?;
                let json = serde_json::to_vec(&info).map_err(|e| DbError::corrupt(&tmp_path, e))?;
                meta.insert(KEY_INFO, json.as_slice())
                    .map_err(|e| DbError::corrupt(&tmp_path, e))?;
            }
            txn.commit().map_err(|e| DbError::corrupt(&tmp_path, e))?;
            // Rewritten lists leave free pages behind; compacting keeps the
            // file from growing with every update.
            db.compact().map_err(|e| DbError::corrupt(&tmp_path, e))?;
        }
        (out, keep)
    };
    if !keep {
        return Ok(out);
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| DbError::io(&tmp_path, e))?;
    tmp.persist(db_path)
        .map_err(|e| DbError::io(db_path, e.error))?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(out)
}

/// Writes feed entries into an open (new) database file, replacing earlier
/// entries with the same (ID, feed) for the same package, after dropping
/// every entry of each `(ecosystem, feed)` in `purge` (an ecosystem also
/// covers its `:`-suffixed releases).
pub(crate) fn write_entries(
    db: &redb::Database,
    path: &Path,
    entries: Vec<FeedEntry>,
    purge: &[(&str, &str)],
) -> Result<BTreeMap<String, u64>, DbError> {
    let err = |e: &dyn std::fmt::Display| DbError::corrupt(path, e);
    let mut grouped: BTreeMap<(String, String), Vec<Advisory>> = BTreeMap::new();
    for e in entries {
        grouped
            .entry((e.ecosystem, e.package))
            .or_default()
            .push(e.advisory);
    }
    let txn = db.begin_write().map_err(|e| err(&e))?;
    {
        let mut table = txn.open_table(ADVISORIES).map_err(|e| err(&e))?;
        if !purge.is_empty() {
            let in_eco = |eco: &str, ecosystem: &str| {
                eco == ecosystem
                    || eco
                        .strip_prefix(ecosystem)
                        .is_some_and(|rest| rest.starts_with(':'))
            };
            let purged =
                |eco: &str, source: &str| purge.iter().any(|(e, s)| *s == source && in_eco(eco, e));
            let mut changed: Vec<(String, String, Vec<Advisory>)> = Vec::new();
            for row in table.iter().map_err(|e| err(&e))? {
                let (k, v) = row.map_err(|e| err(&e))?;
                let (eco, pkg) = k.value();
                if !purge.iter().any(|(e, _)| in_eco(eco, e)) {
                    continue;
                }
                let list: Vec<Advisory> = postcard::from_bytes(v.value()).map_err(|e| err(&e))?;
                if list.iter().any(|a| purged(eco, &a.source)) {
                    let kept = list
                        .into_iter()
                        .filter(|a| !purged(eco, &a.source))
                        .collect();
                    changed.push((eco.to_string(), pkg.to_string(), kept));
                }
            }
            for (eco, pkg, kept) in changed {
                if kept.is_empty() {
                    table
                        .remove((eco.as_str(), pkg.as_str()))
                        .map_err(|e| err(&e))?;
                } else {
                    let bytes = postcard::to_allocvec(&kept).map_err(|e| err(&e))?;
                    table
                        .insert((eco.as_str(), pkg.as_str()), bytes.as_slice())
                        .map_err(|e| err(&e))?;
                }
            }
        }
        for ((eco, pkg), new) in grouped {
            let existing: Vec<Advisory> = match table
                .get((eco.as_str(), pkg.as_str()))
                .map_err(|e| err(&e))?
            {
                Some(g) => postcard::from_bytes(g.value()).map_err(|e| err(&e))?,
                None => Vec::new(),
            };
            // An advisory without ranges or versions is a withdrawn record:
            // it removes the entries that record wrote (its ID is theirs or
            // one of their aliases) and is not stored itself.
            let is_withdrawn = |a: &Advisory| a.ranges.is_empty() && a.versions.is_empty();
            let withdrawn: Vec<&Advisory> = new.iter().filter(|a| is_withdrawn(a)).collect();
            let replaced: BTreeSet<(&str, &str)> = new
                .iter()
                .filter(|a| !is_withdrawn(a))
                .map(|a| (a.id.as_str(), a.source.as_str()))
                .collect();
            let mut list: Vec<Advisory> = existing
                .into_iter()
                .filter(|a| !replaced.contains(&(a.id.as_str(), a.source.as_str())))
                .filter(|a| {
                    !withdrawn.iter().any(|w| {
                        w.source == a.source && (w.id == a.id || a.aliases.contains(&w.id))
                    })
                })
                .collect();
            list.extend(new.iter().filter(|a| !is_withdrawn(a)).cloned());
            if list.is_empty() {
                table
                    .remove((eco.as_str(), pkg.as_str()))
                    .map_err(|e| err(&e))?;
                continue;
            }
            let bytes = postcard::to_allocvec(&list).map_err(|e| err(&e))?;
            table
                .insert((eco.as_str(), pkg.as_str()), bytes.as_slice())
                .map_err(|e| err(&e))?;
        }
    }
    // Recount entries per ecosystem from the length prefix of each list.
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    {
        let table = txn.open_table(ADVISORIES).map_err(|e| err(&e))?;
        for row in table.iter().map_err(|e| err(&e))? {
            let (k, v) = row.map_err(|e| err(&e))?;
            let n = varint_prefix(v.value());
            *counts.entry(k.value().0.to_string()).or_default() += n;
        }
        let mut eco_table = txn.open_table(ECOSYSTEMS).map_err(|e| err(&e))?;
        eco_table.retain(|_, _| false).map_err(|e| err(&e))?;
        for (eco, n) in &counts {
            eco_table.insert(eco.as_str(), *n).map_err(|e| err(&e))?;
        }
    }
    txn.commit().map_err(|e| err(&e))?;
    Ok(counts)
}

/// Decodes postcard's varint sequence-length prefix.
fn varint_prefix(b: &[u8]) -> u64 {
    let mut n = 0u64;
    for (i, &c) in b.iter().take(10).enumerate() {
        n |= u64::from(c & 0x7f) << (7 * i);
        if c & 0x80 == 0 {
            break;
        }
    }
    n
}

/// Records (or refreshes) a source in `info`.
pub(crate) fn record_source(info: &mut DbInfo, src: SourceInfo) {
    info.sources.retain(|s| s.location != src.location);
    info.sources.push(src);
    info.sources.sort_by(|a, b| a.location.cmp(&b.location));
}

/// Collects feed files under `path`: the file itself, or every regular file
/// below a directory (sorted, hidden files skipped).
fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), DbError> {
    let meta = std::fs::metadata(path).map_err(|e| DbError::io(path, e))?;
    if meta.is_dir() {
        let mut children: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| DbError::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        children.sort();
        for c in children {
            collect_files(&c, out)?;
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Builds or extends the database at `db_path` from feed files and folders
/// (OSV JSON and `all.zip`, Alpine secdb YAML/JSON, Debian tracker JSON,
/// DSA/DLA lists; format detected by content). In a folder, files that are
/// no feed are skipped; a named file that is no feed is an error. A tracker
/// export, DSA/DLA list or secdb file replaces what the same feed said before
/// for the releases it covers.
pub fn import<P: AsRef<Path>>(db_path: &Path, paths: &[P]) -> Result<ImportStats, DbError> {
    let _lock = WriteLock::acquire(db_path, Duration::from_secs(30))?;
    crate::update::remove_stale_temp_files(db_path);
    let mut stats = ImportStats::default();
    let mut entries = Vec::new();
    let mut sources = Vec::new();
    let mut purge: BTreeSet<(String, String)> = BTreeSet::new();
    for p in paths {
        let p = p.as_ref();
        let mut files = Vec::new();
        collect_files(p, &mut files)?;
        let explicit = files.len() == 1 && files[0] == p;
        for file in files {
            let data = std::fs::read(&file).map_err(|e| DbError::io(&file, e))?;
            let hint = file.to_string_lossy();
            let parsed = match feed::parse(&data, &hint) {
                Ok(p) => p,
                Err(feed::FeedError::Unrecognised) if !explicit => continue,
                Err(source) => {
                    return Err(DbError::Feed {
                        path: hint.into_owned(),
                        source,
                    });
                }
            };
            stats.files += 1;
            stats.records += parsed.records;
            stats.skipped += parsed.skipped;
            stats.entries += parsed.entries.len() as u64;
            // A Debian tracker export, DSA/DLA list or Alpine secdb file is
            // the whole feed for the releases it covers: its import replaces
            // what that feed said before there, so an issue it no longer
            // lists (now not-affected, or withdrawn) stops matching. OSV
            // files hold single records and only replace their own IDs.
            for e in &parsed.entries {
                if e.advisory.source != "osv" {
                    purge.insert((e.ecosystem.clone(), e.advisory.source.clone()));
                }
            }
            sources.push(SourceInfo {
                location: std::fs::canonicalize(&file)
                    .unwrap_or(file.clone())
                    .to_string_lossy()
                    .into_owned(),
                imported_at: now(),
                etag: None,
                last_modified: None,
                records: parsed.records,
            });
            entries.extend(parsed.entries);
            entries.extend(parsed.withdrawn);
        }
    }
    let counts = rebuild(db_path, |db, info| {
        let purge: Vec<(&str, &str)> = purge
            .iter()
            .map(|(e, s)| (e.as_str(), s.as_str()))
            .collect();
        let counts = write_entries(db, db_path, entries, &purge)?;
        let t = now();
        info.built_at = t;
        info.updated_at = t;
        for s in sources {
            record_source(info, s);
        }
        Ok((counts, true))
    })?;
    stats.ecosystems = counts;
    Ok(stats)
}
