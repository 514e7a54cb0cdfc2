//! A zero-copy reader for the RFC 822-style paragraphs ("deb822") of dpkg `status`,
//! `status.d/*` and DEP-5 copyright files; apk's `installed` uses the same blank-line
//! paragraphs with one-letter keys and no continuation lines.
//!
//! Written here rather than taken from deb822-fast / deb822-lossless: those decode every
//! field into owned UTF-8 strings (or keep a lossless syntax tree), while we need a handful
//! of fields from multi-megabyte files that may hold non-UTF-8 bytes, borrowed from the
//! input, with errors that name the line.

use crate::PkgDbError;

/// One `Name: value` field, borrowed from the input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field<'a> {
    /// The field name as written (compare with `eq_ignore_ascii_case`).
    pub name: &'a [u8],
    /// The value on the field's first line, trimmed.
    pub value: &'a [u8],
    /// The value with its continuation lines, as written (leading space kept on those).
    pub full: &'a [u8],
}

/// One paragraph: the fields between blank lines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paragraph<'a> {
    /// 1-based line number of the first field.
    pub line: usize,
    /// Fields in file order.
    pub fields: Vec<Field<'a>>,
}

impl<'a> Paragraph<'a> {
    /// The first field called `name` (ASCII case-insensitive, as dpkg does).
    pub fn get(&self, name: &str) -> Option<&Field<'a>> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name.as_bytes()))
    }

    /// The first-line value of `name`, if present and not empty.
    pub fn value(&self, name: &str) -> Option<&'a [u8]> {
        self.get(name).map(|f| f.value).filter(|v| !v.is_empty())
    }
}

/// Which paragraph flavour to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// dpkg / DEP-5: `Name: value`, continuation lines start with a space or tab.
    Deb822,
    /// apk `installed`: `K:value`, no continuation lines.
    Apk,
}

/// Iterator over the paragraphs of a buffer. A malformed paragraph yields an
/// error and reading resumes after its end (the next blank line), so one bad
/// line cannot hide the rest of a database.
pub(crate) struct Paragraphs<'a> {
    data: &'a [u8],
    pos: usize,
    line: usize,
    path: &'a str,
    flavor: Flavor,
    done: bool,
    /// Set after an error: skip the rest of the broken paragraph first.
    skipping: bool,
}

impl<'a> Paragraphs<'a> {
    /// Reads `data` (the file at `path`, used in errors).
    pub fn new(data: &'a [u8], path: &'a str, flavor: Flavor) -> Self {
        Paragraphs {
            data,
            pos: 0,
            line: 0,
            path,
            flavor,
            done: false,
            skipping: false,
        }
    }

    /// Skips to the line after the next blank line (the end of a broken paragraph).
    fn skip_paragraph(&mut self) {
        while let Some((start, end)) = self.next_line() {
            if is_blank(&self.data[start..end]) {
                break;
            }
        }
    }

    /// The next line as (start, end-without-newline), advancing past it.
    fn next_line(&mut self) -> Option<(usize, usize)> {
        if self.pos >= self.data.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.data[start..];
        let (end, next) = match memchr_newline(rest) {
            Some(i) => (start + i, start + i + 1),
            None => (self.data.len(), self.data.len()),
        };
        self.pos = next;
        self.line += 1;
        let end = if end > start && self.data[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some((start, end))
    }
}

fn memchr_newline(s: &[u8]) -> Option<usize> {
    s.iter().position(|&b| b == b'\n')
}

fn is_blank(s: &[u8]) -> bool {
    s.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Trims ASCII whitespace on both sides.
pub(crate) fn trim(s: &[u8]) -> &[u8] {
    let start = s
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &s[start..end.max(start)]
}

impl<'a> Iterator for Paragraphs<'a> {
    type Item = Result<Paragraph<'a>, PkgDbError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if self.skipping {
            self.skipping = false;
            self.skip_paragraph();
        }
        let data = self.data;
        let mut para = Paragraph::default();
        // (index of the field whose `full` grows, start of its value)
        let mut open: Option<(usize, usize)> = None;
        while let Some((start, end)) = self.next_line() {
            let line = &data[start..end];
            if is_blank(line) {
                if para.fields.is_empty() {
                    continue;
                }
                return Some(Ok(para));
            }
            let first = line[0];
            if self.flavor == Flavor::Deb822 && (first == b' ' || first == b'\t') {
                match open {
                    Some((idx, value_start)) => {
                        if let Some(f) = para.fields.get_mut(idx) {
                            f.full = &data[value_start..end];
                        }
                    }
                    None => {
                        self.skipping = true;
                        return Some(Err(PkgDbError::syntax(
                            self.path,
                            self.line,
                            "continuation line before any field",
                        )));
                    }
                }
                continue;
            }
            if first == b'#' && self.flavor == Flavor::Deb822 {
                continue;
            }
            let colon = match self.flavor {
                Flavor::Deb822 => line.iter().position(|&b| b == b':'),
                Flavor::Apk => (line.len() >= 2 && line[1] == b':').then_some(1),
            };
            let Some(colon) = colon.filter(|&c| c > 0) else {
                self.skipping = true;
                let message = match self.flavor {
                    Flavor::Deb822 => "expected `Field: value`",
                    Flavor::Apk => "expected `K:value`",
                };
                return Some(Err(PkgDbError::syntax(self.path, self.line, message)));
            };
            let name = &line[..colon];
            if name.iter().any(|b| b.is_ascii_whitespace()) {
                self.skipping = true;
                return Some(Err(PkgDbError::syntax(
                    self.path,
                    self.line,
                    "field name contains whitespace",
                )));
            }
            let value_start = start + colon + 1;
            if para.fields.is_empty() {
                para.line = self.line;
            }
            para.fields.push(Field {
                name,
                value: trim(&data[value_start..end]),
                full: &data[value_start..end],
            });
            open = Some((para.fields.len() - 1, value_start));
        }
        self.done = true;
        if para.fields.is_empty() {
            None
        } else {
            Some(Ok(para))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<Vec<Paragraph<'_>>, PkgDbError> {
        Paragraphs::new(s.as_bytes(), "t", Flavor::Deb822).collect()
    }

    #[test]
    fn paragraphs_and_continuations() {
        let ps = read("\n\nA: 1\nB:  two \n more\n\tlines\n\r\nA: 3\r\n").unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].line, 3);
        assert_eq!(ps[0].value("b"), Some(&b"two"[..]));
        assert_eq!(ps[0].get("B").unwrap().full, b"  two \n more\n\tlines");
        assert_eq!(ps[1].value("A"), Some(&b"3"[..]));
        assert_eq!(ps[1].line, 8);
    }

    #[test]
    fn errors_name_the_line() {
        let err = read("A: 1\n\n no field\n").unwrap_err();
        assert_eq!(err.to_string(), "t:3: continuation line before any field");
        let err = read("A: 1\ngarbage\n").unwrap_err();
        assert_eq!(err.to_string(), "t:2: expected `Field: value`");
    }

    #[test]
    fn reading_resumes_after_a_broken_paragraph() {
        let data = b"A: 1\n\nB: 2\ngarbage\nC: 3\n\nD: 4\n";
        let items: Vec<_> = Paragraphs::new(data, "t", Flavor::Deb822).collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].is_ok());
        assert_eq!(
            items[1].as_ref().unwrap_err().to_string(),
            "t:4: expected `Field: value`"
        );
        let last = items[2].as_ref().unwrap();
        assert_eq!(last.value("D"), Some(&b"4"[..]));
        assert_eq!(last.line, 7);
    }

    #[test]
    fn apk_flavor() {
        let ps: Vec<_> = Paragraphs::new(b"P:x\nV:1\n\nP:y\n", "t", Flavor::Apk)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(ps.len(), 2);
        assert!(
            Paragraphs::new(b"P:x\n V:1\n", "t", Flavor::Apk)
                .collect::<Result<Vec<_>, _>>()
                .is_err()
        );
    }
}
