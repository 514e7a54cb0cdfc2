//! Splitting a stream into document chunks at column-0 `---` and `...` lines.
//! A document marker at column 0 ends any block scalar, quoted scalar or flow
//! collection (YAML's "forbidden" lines), so the split is exact for valid YAML
//! and confines a broken document to its own chunk.

/// One document's text: `start..end` bytes of the stream, starting on `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Chunk {
    /// First byte (the `---` line when there is one).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// 1-based line number of `start`.
    pub line: u32,
}

/// True when `line` is `---`/`...` followed by nothing, a space, a tab or `\r`.
fn is_marker(line: &[u8], marker: &[u8; 3]) -> bool {
    line.starts_with(marker) && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r'))
}

/// True when the line holds YAML content: not blank, not only a comment.
fn has_content(line: &[u8]) -> bool {
    match line.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r')) {
        None => false,
        Some(b) => *b != b'#',
    }
}

/// Splits `text` into chunks that each hold at most one document (plus the
/// comments and directives before it). Chunks with no content and no marker
/// (a comment-only tail) are dropped.
pub(crate) fn split_documents(text: &str) -> Vec<Chunk> {
    let bytes = text.as_bytes();
    let mut chunks = Vec::new();
    let mut cur = Chunk {
        start: 0,
        end: 0,
        line: 1,
    };
    let mut content = false;
    let mut marker = false;
    let mut pos = 0usize;
    let mut line_no = 1u32;
    while pos < bytes.len() {
        let nl = memchr::memchr(b'\n', &bytes[pos..]).map(|i| pos + i);
        let line_end = nl.unwrap_or(bytes.len());
        let next = nl.map_or(bytes.len(), |i| i + 1);
        let line = &bytes[pos..line_end];
        if is_marker(line, b"---") {
            if content || marker {
                cur.end = pos;
                chunks.push(cur);
                cur = Chunk {
                    start: pos,
                    end: 0,
                    line: line_no,
                };
                content = false;
            }
            marker = true;
            if has_content(&line[3..]) {
                content = true;
            }
        } else if is_marker(line, b"...") {
            if content || marker {
                cur.end = next;
                chunks.push(cur);
                cur = Chunk {
                    start: next,
                    end: 0,
                    line: line_no + 1,
                };
                content = false;
                marker = false;
            }
        } else if !content && has_content(line) {
            // A `%` line before the `---` is a directive, not content.
            let directive = line.first() == Some(&b'%') && !marker;
            content = !directive;
        }
        pos = next;
        line_no += 1;
    }
    if content || marker {
        cur.end = bytes.len();
        chunks.push(cur);
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        split_documents(s)
            .iter()
            .map(|c| &s[c.start..c.end])
            .collect()
    }

    #[test]
    fn splits_at_markers() {
        assert_eq!(texts("a: 1\n---\nb: 2\n"), ["a: 1\n", "---\nb: 2\n"]);
        assert_eq!(texts("# c\n---\nb: 2"), ["# c\n---\nb: 2"]);
        assert_eq!(texts("---\n---\n"), ["---\n", "---\n"]);
        assert_eq!(texts("a\n...\n# tail\n"), ["a\n...\n"]);
        assert_eq!(texts("%YAML 1.2\n---\na\n"), ["%YAML 1.2\n---\na\n"]);
        assert_eq!(texts("a: |\n  ---\n---x\n"), ["a: |\n  ---\n---x\n"]);
        assert_eq!(texts(""), Vec::<&str>::new());
        let c = split_documents("a\n---\nb\n");
        assert_eq!(c[1].line, 2);
    }
}
