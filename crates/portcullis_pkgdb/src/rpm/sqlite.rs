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
    // The schema comes from the image: `Packages` must be a plain table (a view can
    // be a recursive query without end), no blob may be longer than the file, and the
    // blobs together cannot be bigger than the file that stores them (a generated
    // column such as `zeroblob(1e9)` would be).
    let bad = |message: String| PkgDbError::Sqlite {
        path: db_path.to_owned(),
        message,
    };
    let _ = conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA,
        false,
    );
    let _ = conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true);
    let _ = conn.set_limit(
        rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH,
        i32::try_from(len).unwrap_or(i32::MAX),
    );
    let kind: Option<String> = conn
        .query_row(
            "SELECT type FROM sqlite_schema WHERE name = 'Packages' COLLATE NOCASE",
            [],
            |row| row.get(0),
        )
        .map_or_else(
            |e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(err(e)),
            },
            |t| Ok(Some(t)),
        )?;
    match kind.as_deref() {
        Some("table") => {}
        Some(other) => return Err(bad(format!("`Packages` is a {other}, not a table"))),
        None => return Err(bad("no `Packages` table".into())),
    }
    let mut stmt = conn
        .prepare("SELECT blob FROM Packages ORDER BY hnum")
        .map_err(err)?;
    let mut rows = stmt.query([]).map_err(err)?;
    let mut out = Vec::new();
    let mut total = 0usize;
    while let Some(row) = rows.next().map_err(err)? {
        let blob: Vec<u8> = row.get(0).map_err(err)?;
        total = total.saturating_add(blob.len());
        if total > len {
            return Err(bad(format!(
                "the `Packages` blobs add up to more than the {len} bytes of the file"
            )));
        }
        out.push(blob);
    }
    Ok(out)
}

#[cfg(all(test, feature = "rpm-sqlite"))]
mod tests {
    use super::*;

    fn db(sql: &str) -> Vec<u8> {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(sql).unwrap();
        conn.serialize(rusqlite::MAIN_DB).unwrap().to_vec()
    }

    #[test]
    fn hostile_schema_is_refused() {
        let view = db("CREATE TABLE t(x);
             CREATE VIEW Packages AS WITH RECURSIVE c(hnum, blob) AS
             (SELECT 1, zeroblob(100000) UNION ALL SELECT hnum + 1, blob FROM c LIMIT 200)
             SELECT hnum, blob FROM c;");
        let e = sqlite_blobs(&view, "rpmdb.sqlite").unwrap_err();
        assert!(e.to_string().contains("view"), "{e}");

        let generated = db("CREATE TABLE Packages(hnum INTEGER PRIMARY KEY,
             n INTEGER, blob AS (zeroblob(n)));
             WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c LIMIT 200)
             INSERT INTO Packages(hnum, n) SELECT i, 4000 FROM c;");
        assert!(sqlite_blobs(&generated, "rpmdb.sqlite").is_err());

        let ok = db("CREATE TABLE Packages(hnum INTEGER PRIMARY KEY, blob BLOB);
             INSERT INTO Packages VALUES (1, x'0102'), (2, x'03');");
        assert_eq!(
            sqlite_blobs(&ok, "rpmdb.sqlite").unwrap(),
            vec![vec![1, 2], vec![3]]
        );
    }
}

#[cfg(not(feature = "rpm-sqlite"))]
pub(crate) fn sqlite_blobs(_data: &[u8], db_path: &str) -> Result<Vec<Vec<u8>>, PkgDbError> {
    Err(PkgDbError::Unsupported {
        path: db_path.to_owned(),
        message: "built without the `rpm-sqlite` feature".into(),
    })
}
