//! Any bytes through compose `check_file` and `finish_file`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    portcullis_compose::testing::fuzz_check_file(data);
});
