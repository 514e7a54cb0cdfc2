#![no_main]
//! Fuzz target: dpkg status / status.d parser (same body as tests/mutation.rs).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = portcullis_pkgdb::parse_dpkg_status(data, "fuzz");
});
