//! Secret detection shared by every domain, with no I/O: credential-bearing
//! names ([`is_secret_name`]), placeholder values ([`is_placeholder`]),
//! recognisable credential formats ([`classify_value`]), sensitive paths
//! ([`sensitive_file_kind`]) and a fast file-content [`Scanner`].
//!
//! Typical use for an env var / build arg: report `classify_value(v)` when it
//! is `Some`, else report when `is_secret_name(name) && !is_placeholder(v)`
//! (and mention [`is_weak_default`] in the message when it holds).
//!
//! Decisions, all aimed at zero false positives on real OS files:
//! - `changeme`, `password`, `admin` are weak *real* values, not placeholders;
//!   `example`, `dummy`, `<...>`, `${VAR}`, `xxx`, paths and hashes are placeholders.
//! - Binary data is not scanned by default (private keys included); JWTs and
//!   Google API keys are reported for values but not in files.
//! - Vendor tokens must look random (no `xxxx`, `EXAMPLE`, runs, too few
//!   distinct characters); PEM blocks need an END marker and a real body.
//! - Matches under docs/tests/examples paths are still returned;
//!   [`is_low_signal_path`] tells analysers where to skip or downgrade them.

mod detectors;
mod kind;
mod name;
mod path;
mod scanner;
mod value;

pub use kind::SecretKind;
pub use name::{is_secret_name, name_words};
pub use path::{is_low_signal_path, sensitive_file_kind};
pub use scanner::{BINARY_SNIFF_LEN, ScanOptions, Scanner, SecretMatch, is_binary, redact};
pub use value::{MIN_SECRET_LEN, classify_value, is_placeholder, is_weak_default};

/// The body shared by the cargo-fuzz target and the stable no-panic test:
/// scans `data` with every detector on (binary included) and runs the name and
/// value helpers on it, checking that matches lie inside the input.
#[doc(hidden)]
pub fn fuzz_body(data: &[u8]) {
    use std::sync::LazyLock;
    static ALL: LazyLock<Scanner> = LazyLock::new(|| {
        Scanner::with_options(ScanOptions {
            jwt: true,
            google_api_keys: true,
            password_assignments: true,
            url_credentials_anywhere: false,
            scan_binary: true,
        })
    });
    static FILES: LazyLock<Scanner> = LazyLock::new(Scanner::new);
    for scanner in [&*ALL, &*FILES] {
        for m in scanner.scan(data) {
            assert!(m.offset + m.len <= data.len());
            assert!(m.line >= 1 && m.column >= 1);
        }
    }
    let text = String::from_utf8_lossy(data);
    let _ = is_secret_name(&text);
    let _ = is_placeholder(&text);
    let _ = is_weak_default(&text);
    let _ = classify_value(&text);
    let _ = sensitive_file_kind(&text);
    let _ = is_low_signal_path(&text);
    let _ = redact(data);
}
