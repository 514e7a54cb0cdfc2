#![no_main]
//! Fuzz target: RPM header blob parser (same body as tests/mutation.rs).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = portcullis_pkgdb::rpm::parse_rpm_header(data, "fuzz");
});
