#![no_main]
//! Fuzz target: CBL-Mariner container manifest parser (same body as tests/mutation.rs).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = portcullis_pkgdb::parse_rpm_container_manifest(&text, "fuzz");
});
