#![no_main]
//! Fuzz target: SQLite rpmdb reader (same body as tests/mutation.rs).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = portcullis_pkgdb::parse_rpmdb_sqlite(data, "fuzz");
});
