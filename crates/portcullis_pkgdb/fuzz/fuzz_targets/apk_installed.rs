#![no_main]
//! Fuzz target: apk installed parser (same body as tests/mutation.rs).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = portcullis_pkgdb::parse_apk_installed(data, "fuzz");
});
