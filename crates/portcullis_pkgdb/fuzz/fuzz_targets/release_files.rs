#![no_main]
//! Fuzz target: os-release, release files and copyright parsers (same body as tests/mutation.rs).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = portcullis_pkgdb::detect_distro(&text);
    let _ = portcullis_pkgdb::distro_from_redhat_release(&text);
    let _ = portcullis_pkgdb::distro_from_debian_version(&text);
    let _ = portcullis_pkgdb::dpkg_licenses_from_copyright(&text);
});
