//! The one error type of this crate: every parser failure names the database file and
//! either the line (text databases) or the structure (binary databases) that is wrong.

/// Why a package database could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkgDbError {
    /// A line of a text database (dpkg status, apk installed, rpm manifest) is malformed.
    #[error("{path}:{line}: {message}")]
    Syntax {
        /// Path of the database file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A binary database (Berkeley DB, NDB, RPM header blob) is malformed or truncated.
    #[error("{path}: malformed {format}: {message}")]
    Malformed {
        /// Path of the database file.
        path: String,
        /// The structure being read (`Berkeley DB`, `NDB`, `RPM header`).
        format: &'static str,
        /// What is wrong.
        message: String,
    },
    /// SQLite could not open or query `rpmdb.sqlite`.
    #[error("{path}: sqlite: {message}")]
    Sqlite {
        /// Path of the database file.
        path: String,
        /// The SQLite error text.
        message: String,
    },
    /// The database reader was built without the feature it needs (`rpm-sqlite`).
    #[error("{path}: {message}")]
    Unsupported {
        /// Path of the database file.
        path: String,
        /// What is missing.
        message: String,
    },
}

impl PkgDbError {
    /// A text syntax error at `line` (1-based).
    pub(crate) fn syntax(path: &str, line: usize, message: impl Into<String>) -> Self {
        PkgDbError::Syntax {
            path: path.to_owned(),
            line,
            message: message.into(),
        }
    }

    /// A binary structure error.
    pub(crate) fn malformed(path: &str, format: &'static str, message: impl Into<String>) -> Self {
        PkgDbError::Malformed {
            path: path.to_owned(),
            format,
            message: message.into(),
        }
    }
}
