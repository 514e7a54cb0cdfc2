//! A span-keeping YAML tree. Streams are parsed one document at a time; every
//! node keeps the byte span of its text; duplicate keys, alias bombs, deep
//! nesting and syntax errors become `YamlError`s with positions instead of
//! failures, and parsing resumes at the next document.
//!
//! API: [`decode`] file bytes, [`parse_stream`] the text into [`Document`]s of
//! [`Node`]s, and [`line_scopes`] for scoping `# portcullis:ignore` comments.
//! The tree types in `node` are a contract other crates code against.

mod build;
mod decode;
mod node;
mod parse;
mod scopes;
mod split;

pub use decode::decode;
pub use node::{
    Document, Entry, Node, NodeKind, Options, ParseOutput, Scalar, ScalarStyle, YamlError,
};
pub use parse::parse_stream;
pub use scopes::{document_lines, last_content_line, line_scopes};
