//! Fuzz target: the apk version parser and comparison laws on three strings
//! cut from the input. The stable twin is `tests/fuzz_stable.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_vulndb::version::VersionScheme;

fuzz_target!(|data: &[u8]| portcullis_vulndb::fuzzing::version_laws(VersionScheme::Apk, data));
