//! Fuzzes the layer reader: decompression sniffing, tar parsing (long names,
//! sparse, links), whiteouts and every file analyser, on one in-memory layer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = portcullis_image::ImageOptions {
        max_layer_bytes: 64 << 20,
        max_total_bytes: 64 << 20,
        today: Some("2026-12-04".into()),
        ..Default::default()
    };
    let _ = portcullis_image::analyse_layer_bytes(data, &opts);
});
