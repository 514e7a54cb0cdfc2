//! Line ranges of the constructs of a tree, so that a comment such as
//! `# portcullis:ignore[ID]` can be scoped to the mapping entry or sequence
//! item that starts on the next line.

use portcullis_source::{SourceFile, Span};

use crate::node::{Document, Node, NodeKind};

/// 1-based first and last line of `span`.
fn lines(source: &SourceFile, span: Span) -> (u32, u32) {
    let first = source.line_col(span.start).line;
    let last = if span.end > span.start {
        source.line_col(span.end - 1).line
    } else {
        first
    };
    (first, last.max(first))
}

/// Pushes `(first line, last line)` (1-based) of every mapping entry (key to
/// end of value) and every sequence item under `root`, in document order.
pub fn line_scopes(root: &Node, source: &SourceFile, out: &mut Vec<(u32, u32)>) {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    out.push(lines(source, e.span()));
                }
                stack.extend(entries.iter().rev().map(|e| &e.value));
            }
            NodeKind::Seq(items) => {
                for i in items {
                    out.push(lines(source, i.span));
                }
                stack.extend(items.iter().rev());
            }
            NodeKind::Null | NodeKind::Scalar(_) => {}
        }
    }
}

/// The 1-based line holding the last non-blank byte of `start..end`:
/// trailing spaces, tabs and line breaks belong to the line before them.
pub fn last_content_line(source: &SourceFile, start: u32, end: u32) -> u32 {
    let text = source.text().as_bytes();
    let mut e = (end as usize).min(text.len());
    while e > start as usize && matches!(text[e - 1], b'\n' | b'\r' | b' ' | b'\t') {
        e -= 1;
    }
    source
        .line_col(e.saturating_sub(1).max(start as usize) as u32)
        .line
}

/// The first and last line (1-based) of a document of the stream, for
/// per-document suppressions.
pub fn document_lines(source: &SourceFile, doc: &Document) -> (u32, u32) {
    let first = source.line_col(doc.span.start).line;
    (
        first,
        last_content_line(source, doc.span.start, doc.span.end),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, parse_stream};

    #[test]
    fn entries_and_items_have_line_ranges() {
        let text = "a: 1\nb:\n  - x\n  - k: |\n      l1\n      l2\nc: {d: e}\n";
        let out = parse_stream(text, &Options::default());
        let source = SourceFile::new("t.yaml", text);
        let mut scopes = Vec::new();
        line_scopes(
            out.documents[0].root.as_ref().unwrap(),
            &source,
            &mut scopes,
        );
        assert!(scopes.contains(&(1, 1)), "{scopes:?}");
        assert!(scopes.contains(&(2, 6)), "{scopes:?}");
        assert!(scopes.contains(&(3, 3)), "{scopes:?}");
        assert!(scopes.contains(&(4, 6)), "{scopes:?}");
        assert!(scopes.contains(&(7, 7)), "{scopes:?}");
        assert_eq!(scopes.len(), 7, "{scopes:?}");
    }

    #[test]
    fn trailing_blanks_belong_to_the_line_before() {
        let text = "a: 1\nb: 2\n\n  \n---\nc: 3\n";
        let source = SourceFile::new("t.yaml", text);
        assert_eq!(last_content_line(&source, 0, 14), 2);
        assert_eq!(last_content_line(&source, 0, 0), 1);
        let out = parse_stream(text, &Options::default());
        assert_eq!(document_lines(&source, &out.documents[0]), (1, 2));
    }
}
