//! `rpmdb.sqlite` (rpm >= 4.16: Fedora 33+, RHEL 9, Amazon Linux 2023, CBL-Mariner 2):
//! the header blobs of the `Packages(hnum, blob)` table. The bytes are handed to SQLite's
//! in-memory deserialize API, so no temporary file is written.

use crate::PkgDbError;

/// Whether `data` starts like an SQLite database.
pub(crate) fn looks_like_sqlite(data: &[u8]) -> bool {
    data.starts_with(b"SQLite format 3\0")
}

#[cfg(feature = "rpm-sqlite")]
pub(crate) fn sqlite_blobs(data: &[u8], db_path: &str) -> Result<Vec<Vec<u8>>, PkgDbError> {
    use rusqlite::{Connection, OpenFlags};

    let err = |e: rusqlite::Error| PkgDbError::Sqlite {
        path: db_path.to_owned(),
        message: e.to_string(),
    };
    if !looks_like_sqlite(data) || data.len() < 100 {
        return Err(PkgDbError::Sqlite {
            path: db_path.to_owned(),
            message: "not an SQLite database".into(),
        });
    }
    // rpm keeps its database in WAL mode (header bytes 18 and 19 = 2), which an in-memory
    // image cannot open; the committed content is in the main file (the -wal file is not
    // ours to read), so mark the copy as a rollback-journal database.
    let mut image = data.to_vec();
    if image[18] == 2 {
        image[18] = 1;
    }
    if image[19] == 2 {
        image[19] = 1;
    }
    let mut conn = Connection::open_with_flags(
        ":memory:",
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(err)?;
    let len = image.len();
    conn.deserialize_read_exact(rusqlite::MAIN_DB, image.as_slice(), len, true)
        .map_err(err)?;
    let mut stmt = conn
        .prepare("SELECT blob FROM Packages ORDER BY hnum")
        .map_err(err)?;
    let rows = stmt
        .query_map([], |row| row.get::<_, Vec<u8>>(0))
        .map_err(err)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(err)
}

#[cfg(not(feature = "rpm-sqlite"))]
pub(crate) fn sqlite_blobs(_data: &[u8], db_path: &str) -> Result<Vec<Vec<u8>>, PkgDbError> {
    Err(PkgDbError::Unsupported {
        path: db_path.to_owned(),
        message: "built without the `rpm-sqlite` feature".into(),
    })
}
