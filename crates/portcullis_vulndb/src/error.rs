//! The crate's error type: every failure of import, update, open and match,
//! each with a message that tells the user what to do.

use std::path::PathBuf;

/// What can go wrong with the vulnerability database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// No database exists at the path.
    #[error(
        "no vulnerability database at {0}; run `portcullis db update` (or `portcullis db import FILES`) first, or pass --db PATH"
    )]
    Missing(PathBuf),
    /// The database was written by a newer portcullis.
    #[error(
        "database schema {found} is newer than this portcullis ({supported}); upgrade portcullis or run `portcullis db update` with --db pointing elsewhere"
    )]
    SchemaNewer {
        /// Schema in the file.
        found: u32,
        /// Schema this build reads.
        supported: u32,
    },
    /// The database was written by an older portcullis.
    #[error(
        "database schema {found} is older than this portcullis ({supported}); run `portcullis db update` to rebuild it"
    )]
    SchemaOlder {
        /// Schema in the file.
        found: u32,
        /// Schema this build reads.
        supported: u32,
    },
    /// The database is older than the allowed maximum age.
    #[error(
        "vulnerability database is {age_hours} hours old (limit {max_hours} hours); run `portcullis db update` or pass --skip-db-age-check"
    )]
    Stale {
        /// Age of the data.
        age_hours: u64,
        /// The limit.
        max_hours: u64,
    },
    /// The file is not a portcullis database or is damaged.
    #[error("{path}: not a readable portcullis vulnerability database: {message}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The storage layer's message.
        message: String,
    },
    /// A feed file could not be parsed.
    #[error("{path}: {source}")]
    Feed {
        /// The feed file or URL.
        path: String,
        /// The cause.
        source: crate::feed::FeedError,
    },
    /// Another update holds the lock.
    #[error(
        "another `portcullis db update` or import is writing {0} (lock held on {0}.lock); wait for it to finish and retry"
    )]
    Locked(PathBuf),
    /// Downloading failed.
    #[error("download of {url} failed: {message}")]
    Download {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The `--ca-file` could not be used.
    #[error("--ca-file {path}: {message}")]
    CaFile {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// This build has no HTTPS support (`update` feature off).
    #[error(
        "this portcullis was built without `db update` support; use `portcullis db import` with downloaded files"
    )]
    UpdateUnsupported,
}

impl DbError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        DbError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn corrupt(path: impl Into<PathBuf>, e: impl std::fmt::Display) -> Self {
        DbError::Corrupt {
            path: path.into(),
            message: e.to_string(),
        }
    }
}
