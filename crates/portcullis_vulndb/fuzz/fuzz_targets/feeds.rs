//! Fuzz target: arbitrary bytes through every feed parser (OSV JSON and zip,
//! Alpine secdb YAML/JSON, Debian tracker JSON and DSA/DLA lists). The stable
//! twin is `tests/fuzz_stable.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| portcullis_vulndb::fuzzing::feed_parsers(data));
