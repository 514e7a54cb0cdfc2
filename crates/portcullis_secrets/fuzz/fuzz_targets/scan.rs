//! Fuzz the content scanner and the name/value helpers: no input may panic,
//! and every match must lie inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    portcullis_secrets::fuzz_body(data);
});
