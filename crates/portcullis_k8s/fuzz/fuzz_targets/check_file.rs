//! Fuzz target: any bytes through `check_file` and `finish_file`. The
//! stable-Rust twin of this body is `tests/hostile.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    portcullis_k8s::testing::fuzz_check_file(data);
});
