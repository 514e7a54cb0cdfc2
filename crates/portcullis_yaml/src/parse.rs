//! `parse_stream`: splits a stream into documents, reads each with
//! saphyr-parser (falling back to the more lenient granit-parser on a syntax
//! error), converts character positions to byte offsets and feeds the events
//! to the tree builder. A broken document never stops the next one.

use portcullis_source::Span;

use crate::build::{Builder, Fatal, depth_message};
use crate::node::{Document, Node, Options, ParseOutput, ScalarStyle, YamlError};
use crate::split::{Chunk, split_documents};

/// Converts character indexes of a chunk to byte offsets, walking from the
/// last position (parser positions are nearly monotonic); ASCII is free.
struct CharMap<'a> {
    bytes: &'a [u8],
    ascii: bool,
    char_idx: usize,
    byte_idx: usize,
}

impl<'a> CharMap<'a> {
    fn new(s: &'a str) -> Self {
        Self {
            bytes: s.as_bytes(),
            ascii: s.is_ascii(),
            char_idx: 0,
            byte_idx: 0,
        }
    }

    /// Byte offset (within the chunk) of character `ci`, clamped to the end.
    fn byte(&mut self, ci: usize) -> usize {
        if self.ascii {
            return ci.min(self.bytes.len());
        }
        while self.char_idx < ci && self.byte_idx < self.bytes.len() {
            let b = self.bytes[self.byte_idx];
            let w = match b {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            self.byte_idx = (self.byte_idx + w).min(self.bytes.len());
            self.char_idx += 1;
        }
        while self.char_idx > ci && self.byte_idx > 0 {
            self.byte_idx -= 1;
            while self.byte_idx > 0 && (self.bytes[self.byte_idx] & 0xc0) == 0x80 {
                self.byte_idx -= 1;
            }
            self.char_idx -= 1;
        }
        self.byte_idx
    }
}

/// Why a chunk could not be read.
enum Failure {
    /// A syntax error from the parser, at an absolute byte offset.
    Syntax { offset: u32, info: String },
    /// A limit of ours (depth, aliases).
    Fatal(Fatal),
}

impl From<Fatal> for Failure {
    fn from(f: Fatal) -> Self {
        Failure::Fatal(f)
    }
}

/// The documents and warnings of one chunk.
#[derive(Default)]
struct ChunkOutput {
    roots: Vec<Option<Node>>,
    warnings: Vec<YamlError>,
}

fn saphyr_style(s: saphyr_parser::ScalarStyle) -> ScalarStyle {
    match s {
        saphyr_parser::ScalarStyle::Plain => ScalarStyle::Plain,
        saphyr_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        saphyr_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        saphyr_parser::ScalarStyle::Literal => ScalarStyle::Literal,
        saphyr_parser::ScalarStyle::Folded => ScalarStyle::Folded,
    }
}

fn granit_style(s: granit_parser::ScalarStyle) -> ScalarStyle {
    match s {
        granit_parser::ScalarStyle::Plain => ScalarStyle::Plain,
        granit_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        granit_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        granit_parser::ScalarStyle::Literal => ScalarStyle::Literal,
        granit_parser::ScalarStyle::Folded => ScalarStyle::Folded,
    }
}

/// Reads a chunk with saphyr-parser.
fn run_saphyr(text: &str, chunk: Chunk, opts: &Options) -> Result<ChunkOutput, Failure> {
    use saphyr_parser::Event;
    let src = &text[chunk.start..chunk.end];
    let mut map = CharMap::new(src);
    let base = chunk.start as u32;
    let line0 = chunk.line.saturating_sub(1);
    let mut b = Builder::new(text, opts, src.len());
    let mut out = ChunkOutput::default();
    let mut parser = saphyr_parser::Parser::new_from_str(src);
    while let Some(ev) = parser.next_event() {
        let (ev, span) = match ev {
            Ok(x) => x,
            Err(e) => {
                return Err(Failure::Syntax {
                    offset: base + map.byte(e.marker().index()) as u32,
                    info: e.info().to_string(),
                });
            }
        };
        let start = base + map.byte(span.start.index()) as u32;
        let end = base + map.byte(span.end.index()) as u32;
        let line = line0 + span.start.line() as u32;
        match ev {
            Event::DocumentStart(_) => b.start_document(start),
            Event::DocumentEnd => out.roots.push(b.end_document()),
            Event::Scalar(v, style, anchor, tag) => {
                let core = |s: &str| {
                    tag.as_ref()
                        .is_some_and(|t| t.is_yaml_core_schema() && t.suffix == s)
                };
                let str_tag = core("str");
                let typed_tag = core("bool") || core("int") || core("float");
                b.scalar(
                    v,
                    saphyr_style(style),
                    str_tag,
                    typed_tag,
                    anchor,
                    start,
                    end,
                    line,
                )?
            }
            Event::SequenceStart(anchor, _) => {
                b.start_collection(false, anchor, start, line, None)?
            }
            Event::MappingStart(anchor, _) => {
                b.start_collection(true, anchor, start, line, None)?
            }
            Event::SequenceEnd | Event::MappingEnd => b.end_collection(start, end)?,
            Event::Alias(id) => b.alias(id, start, end, line)?,
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    out.warnings = b.warnings;
    Ok(out)
}

/// Reads a chunk with granit-parser (lenient, PyYAML-compatible indentation).
fn run_granit(text: &str, chunk: Chunk, opts: &Options) -> Result<ChunkOutput, Failure> {
    use granit_parser::{Event, StructureStyle};
    let src = &text[chunk.start..chunk.end];
    let mut map = CharMap::new(src);
    let base = chunk.start as u32;
    let line0 = chunk.line.saturating_sub(1);
    let mut b = Builder::new(text, opts, src.len());
    let mut out = ChunkOutput::default();
    let mut gopts = granit_parser::Options::default();
    gopts.emit_comments = false;
    let parser = granit_parser::Parser::new_from_str_with_options(src, gopts);
    for ev in parser {
        let (ev, span) = match ev {
            Ok(x) => x,
            Err(e) => {
                let m = e.marker();
                let off = m.byte_offset().unwrap_or_else(|| map.byte(m.index()));
                return Err(Failure::Syntax {
                    offset: base + off.min(src.len()) as u32,
                    info: e.info(),
                });
            }
        };
        let mut pos = |m: &granit_parser::Marker| {
            base + m
                .byte_offset()
                .unwrap_or_else(|| map.byte(m.index()))
                .min(src.len()) as u32
        };
        let start = pos(&span.start);
        let end = pos(&span.end);
        let line = line0 + span.start.line() as u32;
        match ev {
            Event::DocumentStart(..) => b.start_document(start),
            Event::DocumentEnd => out.roots.push(b.end_document()),
            Event::Scalar(v, style, anchor, tag) => {
                let core = |s: &str| {
                    tag.as_ref()
                        .is_some_and(|t| t.handle() == "tag:yaml.org,2002:" && t.suffix() == s)
                };
                let str_tag = core("str");
                let typed_tag = core("bool") || core("int") || core("float");
                b.scalar(
                    v,
                    granit_style(style),
                    str_tag,
                    typed_tag,
                    anchor,
                    start,
                    end,
                    line,
                )?
            }
            Event::SequenceStart(style, anchor, _) => b.start_collection(
                false,
                anchor,
                start,
                line,
                Some(style == StructureStyle::Flow),
            )?,
            Event::MappingStart(style, anchor, _) => b.start_collection(
                true,
                anchor,
                start,
                line,
                Some(style == StructureStyle::Flow),
            )?,
            Event::SequenceEnd | Event::MappingEnd => b.end_collection(start, end)?,
            Event::Alias(id) => b.alias(id, start, end, line)?,
            _ => {}
        }
    }
    out.warnings = b.warnings;
    Ok(out)
}

/// Offset of the first content byte of a chunk: after a `---` marker, blank
/// lines, comments and directives.
fn first_content(text: &str, chunk: Chunk) -> u32 {
    let b = text.as_bytes();
    let mut i = chunk.start;
    let mut line_start = true;
    while i < chunk.end {
        match b[i] {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\n' => {
                i += 1;
                line_start = true;
                continue;
            }
            b'-' if line_start && b[i..chunk.end].starts_with(b"---") => i += 3,
            b'#' | b'%' => {
                i = memchr::memchr(b'\n', &b[i..chunk.end]).map_or(chunk.end, |n| i + n);
                continue;
            }
            _ => break,
        }
        line_start = false;
    }
    i as u32
}

/// A clear message for tab indentation on the line of `offset`, or the line
/// after or before it (parsers notice a stray tab a token early or late).
fn tab_indentation(text: &str, offset: u32) -> Option<YamlError> {
    let b = text.as_bytes();
    let off = (offset as usize).min(b.len());
    let line_start = |at: usize| {
        b[..at]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1)
    };
    let this = line_start(off);
    let next = memchr::memchr(b'\n', &b[off..]).map(|i| off + i + 1);
    let prev = this.checked_sub(1).map(line_start);
    for start in [Some(this), next, prev].into_iter().flatten() {
        let mut i = start;
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            if b[i] == b'\t' {
                return Some(YamlError {
                    span: Span::new(i as u32, i as u32 + 1),
                    message: "a tab character is used for indentation, which YAML does not allow; \
                              indent with spaces"
                        .into(),
                    fatal: true,
                });
            }
            i += 1;
        }
    }
    None
}

/// The user-facing message for a parser's syntax error.
fn syntax_message(info: &str) -> String {
    let info = info.lines().next().unwrap_or(info).trim();
    let hint = if info
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w == "tab" || w == "tabs")
    {
        "indent with spaces, not tabs"
    } else if info.contains("anchor") || info.contains("alias") {
        "define each anchor (`&name`) before its aliases (`*name`) in the same document"
    } else if info.contains("quoted") || info.contains("escape") {
        "check the quotes and escapes of this string"
    } else {
        "check the indentation, the `key: value` colons and any quotes or brackets around here"
    };
    format!("invalid YAML: {info}; {hint}")
}

/// Parses a stream of YAML documents (JSON included) into span-keeping trees.
/// Every document is parsed on its own: one that cannot be read yields a
/// fatal error and a document with `root: None`, and parsing goes on.
pub fn parse_stream(text: &str, opts: &Options) -> ParseOutput {
    let mut out = ParseOutput::default();
    if u32::try_from(text.len()).is_err() {
        // Spans are 32-bit byte offsets.
        out.errors.push(YamlError {
            span: Span::empty(0),
            message: "file is larger than 4 GiB; split it into smaller files".into(),
            fatal: true,
        });
        return out;
    }
    for chunk in split_documents(text) {
        let result = match run_saphyr(text, chunk, opts) {
            Err(Failure::Syntax { offset, info }) if info.contains("recursion limit") => {
                Err(fatal_error(Fatal {
                    offset,
                    message: depth_message(opts.max_depth.min(255)),
                }))
            }
            Err(Failure::Syntax { offset, info }) => {
                // Tab indentation gets its own message; otherwise the lenient
                // parser gets a chance before the document is rejected.
                let tab = tab_indentation(text, offset);
                match tab {
                    Some(tab) if info.contains("tab") => Err(tab),
                    _ => match run_granit(text, chunk, opts) {
                        Ok(r) => Ok(r),
                        Err(Failure::Fatal(f)) => Err(fatal_error(f)),
                        Err(Failure::Syntax { info: lenient, .. }) => Err(tab
                            .filter(|_| lenient.contains("tab"))
                            .unwrap_or_else(|| YamlError {
                                span: Span::empty(offset),
                                message: syntax_message(&info),
                                fatal: true,
                            })),
                    },
                }
            }
            Err(Failure::Fatal(f)) => Err(fatal_error(f)),
            Ok(r) => Ok(r),
        };
        match result {
            Ok(r) => {
                for root in r.roots {
                    let span = match &root {
                        Some(n) => n.span,
                        None => Span::empty(first_content(text, chunk)),
                    };
                    out.documents.push(Document {
                        index: out.documents.len(),
                        span,
                        root,
                    });
                }
                out.errors.extend(r.warnings);
            }
            Err(e) => {
                let start = first_content(text, chunk);
                let end = text[..chunk.end].trim_end().len().max(start as usize) as u32;
                out.documents.push(Document {
                    index: out.documents.len(),
                    span: Span::new(start, end),
                    root: None,
                });
                out.errors.push(e);
            }
        }
    }
    out
}

fn fatal_error(f: Fatal) -> YamlError {
    YamlError {
        span: Span::empty(f.offset),
        message: f.message,
        fatal: true,
    }
}
