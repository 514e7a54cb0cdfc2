//! Fuzzes the Dockerfile parser, the shell model and every rule, on both
//! Dockerfile text and image-history text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_rules::{Settings, SourceFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = Settings::default();
    let src = SourceFile::new("Dockerfile", text);
    let _ = portcullis_dockerfile::check_file(&src, &settings);
    let _ = portcullis_dockerfile::check_history(&src, &settings);
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let _ = portcullis_dockerfile::history_to_dockerfile(&lines);
});
