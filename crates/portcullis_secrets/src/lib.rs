//! Secret detection shared by every domain, with no I/O: credential-bearing
//! names ([`is_secret_name`]), placeholder values ([`is_placeholder`]),
//! recognisable credential formats ([`classify_value`]), sensitive paths
//! ([`sensitive_file_kind`]) and a fast file-content [`Scanner`].

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
