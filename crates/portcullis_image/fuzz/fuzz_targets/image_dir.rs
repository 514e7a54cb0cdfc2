//! Fuzzes input detection and manifest resolution: the bytes become a file
//! scanned as an image (archive or rootfs tar) from a temporary directory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = std::env::temp_dir()
        .join("portcullis-image-fuzz")
        .canonicalize()
        .or_else(|_| {
            std::fs::create_dir_all(std::env::temp_dir().join("portcullis-image-fuzz"))?;
            std::env::temp_dir()
                .join("portcullis-image-fuzz")
                .canonicalize()
        })
    else {
        return;
    };
    let path = dir.join(format!("input-{}", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let opts = portcullis_image::ImageOptions {
        max_layer_bytes: 64 << 20,
        max_total_bytes: 64 << 20,
        today: Some("2026-12-04".into()),
        ..Default::default()
    };
    let _ = portcullis_image::scan(
        &path,
        &opts,
        &portcullis_rules::Settings::default(),
        &portcullis_image::NoProgress,
    );
});
