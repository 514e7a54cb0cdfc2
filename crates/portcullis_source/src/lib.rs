//! Source files and positions: a `Span` is a byte range into a `SourceFile`'s
//! text, and line/column numbers are computed only when something is rendered.
//! No dependencies, no I/O: every parser and renderer shares these types.

use std::sync::OnceLock;

/// A half-open byte range `start..end` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }

    /// An empty span at `offset`.
    pub const fn empty(offset: u32) -> Self {
        Self {
            start: offset,
            end: offset,
        }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// True when `offset` lies inside the span.
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The span moved right by `delta` bytes.
    pub fn shifted(self, delta: u32) -> Span {
        Span::new(self.start + delta, self.end + delta)
    }
}

/// A 1-based line and 1-based column (counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineCol {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number in Unicode scalar values, starting at 1.
    pub column: u32,
}

/// One input file (or a synthesised text, such as image history) with a lazily
/// built index of line starts.
#[derive(Debug)]
pub struct SourceFile {
    path: String,
    text: String,
    line_starts: OnceLock<Vec<u32>>,
}

impl SourceFile {
    /// A source named `path` (as shown to the user) holding `text`.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    /// The path as shown to the user.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text covered by `span` (empty if the span is out of range or not on
    /// character boundaries).
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0u32];
            starts.extend(memchr_iter_newlines(self.text.as_bytes()).map(|i| (i + 1) as u32));
            starts
        })
    }

    /// Number of lines (a final line without newline counts).
    pub fn line_count(&self) -> u32 {
        self.line_starts().len() as u32
    }

    /// The 0-based index of the line holding byte `offset`.
    fn line_index(&self, offset: u32) -> usize {
        let starts = self.line_starts();
        match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Line and column of byte `offset` (clamped to the text).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.text.len() as u32);
        let idx = self.line_index(offset);
        let start = self.line_starts()[idx] as usize;
        let mut end = offset as usize;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() as u32 + 1;
        LineCol {
            line: idx as u32 + 1,
            column,
        }
    }

    /// Byte offset where 1-based `line` starts (clamped).
    pub fn line_start(&self, line: u32) -> u32 {
        let starts = self.line_starts();
        let idx = (line.max(1) as usize - 1).min(starts.len() - 1);
        starts[idx]
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text(&self, line: u32) -> &str {
        let starts = self.line_starts();
        let idx = line.max(1) as usize - 1;
        if idx >= starts.len() {
            return "";
        }
        let start = starts[idx] as usize;
        let end = starts
            .get(idx + 1)
            .map(|&e| e as usize)
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Offsets of line breaks: `\n`, and a `\r` not followed by `\n` (old Mac
/// line endings, which YAML also treats as line breaks).
fn memchr_iter_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes.iter().enumerate().filter_map(|(i, &b)| {
        let is_break = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        is_break.then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_chars() {
        let src = SourceFile::new("a.yaml", "ab\ncé d\n\nx");
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(3), LineCol { line: 2, column: 1 });
        // 'é' is two bytes; 'd' is at byte 7 and is the 4th char of line 2.
        assert_eq!(src.line_col(7), LineCol { line: 2, column: 4 });
        assert_eq!(src.line_col(10), LineCol { line: 4, column: 1 });
        assert_eq!(src.line_text(2), "cé d");
        assert_eq!(src.line_text(3), "");
        assert_eq!(src.line_count(), 4);
        assert_eq!(src.line_start(4), 10);
    }

    #[test]
    fn carriage_returns_alone_break_lines() {
        let src = SourceFile::new("a", "a: 1\rb: 2\r\nc: 3");
        assert_eq!(src.line_col(5), LineCol { line: 2, column: 1 });
        assert_eq!(src.line_text(2), "b: 2");
        assert_eq!(src.line_col(11), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let src = SourceFile::new("a", "abc");
        assert_eq!(src.line_col(99), LineCol { line: 1, column: 4 });
        assert_eq!(src.slice(Span::new(1, 99)), "");
        assert_eq!(src.slice(Span::new(1, 3)), "bc");
    }
}
