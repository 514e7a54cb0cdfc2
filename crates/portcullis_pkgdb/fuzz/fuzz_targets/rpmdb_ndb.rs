#![no_main]
//! Fuzz target: NDB rpmdb reader (same body as tests/mutation.rs).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = portcullis_pkgdb::parse_rpmdb_ndb(data, "fuzz");
});
