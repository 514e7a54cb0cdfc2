//! The tree builder: turns a parser's event stream (already converted to byte
//! offsets) into `Node`s with an explicit stack, never recursion. It owns the
//! policies: nesting limit, alias expansion with a budget, duplicate keys
//! (last wins, with a warning) and YAML 1.1 merge keys.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use portcullis_source::Span;

use crate::node::{Entry, Node, NodeKind, Options, Scalar, ScalarStyle, YamlError};

/// Bytes of scalar text alias expansion may copy into one document.
const MAX_ALIAS_BYTES: usize = 64 << 20;

/// Maps with at least this many entries get a hash index for duplicate checks.
const INDEX_THRESHOLD: usize = 12;

/// An error that stops the current document.
#[derive(Debug)]
pub(crate) struct Fatal {
    /// Absolute byte offset of the problem.
    pub offset: u32,
    /// What is wrong and what to do.
    pub message: String,
}

/// The message for nesting deeper than `limit`.
pub(crate) fn depth_message(limit: usize) -> String {
    format!(
        "nesting is deeper than {limit} levels; flatten this structure (input this deep is \
         usually generated or hostile)"
    )
}

/// Size of a subtree: nodes and scalar bytes.
#[derive(Debug, Clone, Copy, Default)]
struct Weight {
    nodes: usize,
    bytes: usize,
}

impl Weight {
    fn add(&mut self, other: Weight) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }
}

/// An anchored node kept for later aliases.
struct Anchored {
    node: Node,
    weight: Weight,
}

/// A mapping under construction.
#[derive(Default)]
struct MapFrame {
    entries: Vec<Entry>,
    /// Line of each entry's first key (for duplicate messages).
    key_lines: Vec<u32>,
    /// A key waiting for its value.
    pending: Option<(Node, u32)>,
    /// Key -> entry index, built once the map is large.
    index: Option<HashMap<String, usize>>,
    /// A `<<` key was seen (YAML 1.1 only).
    has_merge: bool,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map(MapFrame),
}

/// A collection under construction.
struct Frame {
    kind: FrameKind,
    start: u32,
    flow: Option<bool>,
    anchor: usize,
    line: u32,
    weight: Weight,
}

/// Builds the nodes of one chunk (usually one document).
pub(crate) struct Builder<'t> {
    text: &'t str,
    opts: &'t Options,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Anchored>,
    alias_used: Weight,
    anchor_cost: usize,
    anchor_cost_limit: usize,
    last_end: u32,
    /// Non-fatal problems found so far.
    pub warnings: Vec<YamlError>,
}

/// The scalar text of a key, if it is a scalar.
fn key_name(key: &Node) -> Option<&str> {
    match &key.kind {
        NodeKind::Scalar(s) => Some(&s.value),
        _ => None,
    }
}

/// True for a plain `<<` key.
fn is_merge_key(key: &Node) -> bool {
    matches!(&key.kind, NodeKind::Scalar(s) if s.style == ScalarStyle::Plain && s.value == "<<")
}

/// True for the plain scalars that mean null.
fn is_null_text(v: &str) -> bool {
    matches!(v, "" | "~" | "null" | "Null" | "NULL")
}

impl<'t> Builder<'t> {
    /// A builder over `text` (the whole stream) for a chunk of `chunk_len` bytes.
    pub fn new(text: &'t str, opts: &'t Options, chunk_len: usize) -> Self {
        Self {
            text,
            opts,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            alias_used: Weight::default(),
            anchor_cost: 0,
            anchor_cost_limit: chunk_len
                .saturating_mul(8)
                .saturating_add(opts.max_alias_nodes)
                .saturating_add(1 << 20),
            last_end: 0,
            warnings: Vec::new(),
        }
    }

    /// Starts a new document: anchors and budgets are per document.
    pub fn start_document(&mut self, offset: u32) {
        self.stack.clear();
        self.root = None;
        self.anchors.clear();
        self.alias_used = Weight::default();
        self.anchor_cost = 0;
        self.last_end = offset;
    }

    /// Ends the document and returns its root (`None` when empty).
    pub fn end_document(&mut self) -> Option<Node> {
        self.stack.clear();
        self.anchors.clear();
        match self.root.take() {
            Some(n) if n.is_null() && n.span.is_empty() => None,
            other => other,
        }
    }

    /// Span of a block scalar: from its `|`/`>` indicator to its last
    /// non-blank byte (the parser reports the content only, up to the next token).
    fn block_scalar_span(&self, start: u32, end: u32) -> (u32, u32) {
        let b = self.text.as_bytes();
        let start = (start as usize).min(b.len());
        let end = (end as usize).clamp(start, b.len());
        let mut i = (self.last_end as usize).min(start);
        let mut indicator = None;
        while i < start {
            match b[i] {
                b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                    i = memchr::memchr(b'\n', &b[i..start]).map_or(start, |n| i + n);
                    continue;
                }
                b'|' | b'>' => {
                    indicator = Some(i);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        // With an anchor or tag the parser starts the scalar at them, before
        // the indicator.
        let s = indicator.unwrap_or_else(|| {
            let after = self.skip_properties(start as u32, end as u32) as usize;
            if matches!(b.get(after), Some(b'|' | b'>')) {
                after
            } else {
                start
            }
        });
        let mut e = end;
        while e > s && matches!(b[e - 1], b' ' | b'\t' | b'\r' | b'\n') {
            e -= 1;
        }
        (s as u32, e.max(s) as u32)
    }

    /// Start of a flow scalar's text after its anchor and tag (`&a`, `!!bool`),
    /// which the parser includes in the scalar's span. No plain or quoted
    /// scalar text starts with `&` or `!`.
    fn skip_properties(&self, start: u32, end: u32) -> u32 {
        let b = self.text.as_bytes();
        let end = (end as usize).min(b.len());
        let blank = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
        let mut i = start as usize;
        while i < end && matches!(b[i], b'&' | b'!') {
            while i < end && !blank(b[i]) {
                i += 1;
            }
            while i < end && blank(b[i]) {
                i += 1;
            }
        }
        if i < end { i as u32 } else { start }
    }

    /// End of a quoted scalar starting at `start` (the parser's end may run
    /// on over trailing blanks and a comment).
    fn quoted_end(&self, start: u32, end: u32) -> u32 {
        let b = self.text.as_bytes();
        let end = (end as usize).min(b.len());
        let start = start as usize;
        let Some(&q) = b.get(start).filter(|&&q| q == b'"' || q == b'\'') else {
            return end.max(start) as u32;
        };
        let mut i = start + 1;
        while i < end {
            match b[i] {
                b'\\' if q == b'"' => i += 2,
                c if c == q => {
                    if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                    } else {
                        return (i + 1) as u32;
                    }
                }
                _ => i += 1,
            }
        }
        end.max(start) as u32
    }

    /// A scalar event; `str_tag` when it carries an explicit `!!str` tag
    /// (so a plain `null` stays a string), `typed_tag` when it carries an
    /// explicit `!!bool`, `!!int` or `!!float` tag (so a quoted `"true"` is
    /// read as the boolean Kubernetes decodes it to).
    #[allow(clippy::too_many_arguments)]
    pub fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: ScalarStyle,
        str_tag: bool,
        typed_tag: bool,
        anchor: usize,
        start: u32,
        end: u32,
        line: u32,
    ) -> Result<(), Fatal> {
        let mut start = start;
        if value.is_empty()
            && style == ScalarStyle::Plain
            && self.text.as_bytes().get(start as usize) == Some(&b':')
        {
            // An empty value: place it after the key's colon, not on it.
            start += 1;
        }
        let (start, end) = match style {
            ScalarStyle::Literal | ScalarStyle::Folded => self.block_scalar_span(start, end),
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                let start = self.skip_properties(start, end);
                (start, self.quoted_end(start, end))
            }
            ScalarStyle::Plain => (self.skip_properties(start, end), end.max(start)),
        };
        let weight = Weight {
            nodes: 1,
            bytes: value.len(),
        };
        let kind = if style == ScalarStyle::Plain && !str_tag && is_null_text(&value) {
            NodeKind::Null
        } else {
            NodeKind::Scalar(Scalar {
                value: value.into_owned(),
                // The span above follows the written style; the value is
                // resolved as a plain scalar when its tag asks for a type.
                style: if typed_tag { ScalarStyle::Plain } else { style },
            })
        };
        if end > start {
            self.last_end = end;
        }
        self.finish(
            Node {
                span: Span::new(start, end),
                kind,
            },
            line,
            weight,
            anchor,
        )
    }

    /// A sequence or mapping start; `flow` when the parser knows the style.
    pub fn start_collection(
        &mut self,
        map: bool,
        anchor: usize,
        start: u32,
        line: u32,
        flow: Option<bool>,
    ) -> Result<(), Fatal> {
        if self.stack.len() >= self.opts.max_depth {
            return Err(Fatal {
                offset: start,
                message: depth_message(self.opts.max_depth),
            });
        }
        self.stack.push(Frame {
            kind: if map {
                FrameKind::Map(MapFrame::default())
            } else {
                FrameKind::Seq(Vec::new())
            },
            start,
            flow,
            anchor,
            line,
            weight: Weight { nodes: 1, bytes: 0 },
        });
        Ok(())
    }

    /// Where a block sequence starts: the `-` before its first item, which
    /// may be on an earlier line (`- # comment` then the item).
    fn block_seq_start(&self, first: usize) -> Option<usize> {
        let b = self.text.as_bytes();
        let mut i = first.min(b.len());
        while i > 0 && b[i - 1] == b' ' {
            i -= 1;
        }
        if i > 0 && b[i - 1] == b'-' {
            return Some(i - 1);
        }
        if i > 0 && b[i - 1] != b'\n' {
            return None;
        }
        // Walk back over blank and comment lines to a line holding only `-`
        // (and perhaps a comment).
        let mut line_end = i.checked_sub(1)?;
        for _ in 0..10_000 {
            let line_start = b[..line_end]
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |p| p + 1);
            let line = &b[line_start..line_end];
            let indent = line.iter().take_while(|&&c| c == b' ').count();
            let rest = &line[indent..];
            match rest.first() {
                None | Some(b'#') | Some(b'\r') => {}
                Some(b'-') => {
                    let after = rest[1..]
                        .iter()
                        .find(|&&c| !matches!(c, b' ' | b'\t' | b'\r'));
                    return match after {
                        None | Some(b'#') => Some(line_start + indent),
                        _ => None,
                    };
                }
                _ => return None,
            }
            line_end = line_start.checked_sub(1)?;
        }
        None
    }

    /// A sequence or mapping end event at `ev_start..ev_end`.
    pub fn end_collection(&mut self, ev_start: u32, ev_end: u32) -> Result<(), Fatal> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let b = self.text.as_bytes();
        let is_map = matches!(frame.kind, FrameKind::Map(_));
        let (open, close) = if is_map { (b'{', b'}') } else { (b'[', b']') };
        // Without a style from the parser: flow collections start at their
        // bracket and end with an event on the closing bracket.
        let flow = frame.flow.unwrap_or_else(|| {
            b.get(frame.start as usize) == Some(&open)
                && ev_end > ev_start
                && b.get(ev_start as usize) == Some(&close)
        });
        let (kind, first, last) = match frame.kind {
            FrameKind::Seq(items) => {
                let first = items.first().map(|n| n.span.start);
                let last = items.iter().map(|n| n.span.end).max();
                (NodeKind::Seq(items), first, last)
            }
            FrameKind::Map(mut m) => {
                if let Some((key, line)) = m.pending.take() {
                    let value = Node {
                        span: Span::empty(key.span.end),
                        kind: NodeKind::Null,
                    };
                    insert_entry(
                        &mut m,
                        key,
                        line,
                        value,
                        self.opts.yaml11,
                        &mut self.warnings,
                    );
                }
                let first = m
                    .entries
                    .iter()
                    .map(|e| e.key.span.start.min(e.value.span.start))
                    .min();
                let last = m.entries.iter().map(|e| e.span().end).max();
                let entries = if m.has_merge {
                    resolve_merges(m.entries, &mut self.warnings)
                } else {
                    m.entries
                };
                (NodeKind::Map(entries), first, last)
            }
        };
        let (start, end) = if flow {
            let end = if b.get(ev_start as usize) == Some(&close) {
                ev_start + 1
            } else {
                ev_end.max(last.unwrap_or(frame.start))
            };
            self.last_end = end;
            (frame.start, end)
        } else {
            let first = first.unwrap_or(frame.start);
            let start = if is_map {
                first
            } else {
                self.block_seq_start(first as usize)
                    .map_or(first.min(frame.start), |p| p as u32)
            };
            (start, last.unwrap_or(start).max(start))
        };
        let node = Node {
            span: Span::new(start, end),
            kind,
        };
        self.finish(node, frame.line, frame.weight, frame.anchor)
    }

    /// An alias to anchor `id`, written at `start..end`.
    pub fn alias(&mut self, id: usize, start: u32, end: u32, line: u32) -> Result<(), Fatal> {
        self.last_end = end;
        let span = Span::new(start, end.max(start));
        let Some(a) = self.anchors.get(&id) else {
            self.warnings.push(YamlError {
                span,
                message: "alias to an unknown anchor; define the anchor (`&name`) before using it"
                    .into(),
                fatal: false,
            });
            return self.finish(
                Node {
                    span,
                    kind: NodeKind::Null,
                },
                line,
                Weight { nodes: 1, bytes: 0 },
                0,
            );
        };
        let w = a.weight;
        let nodes = self.alias_used.nodes.saturating_add(w.nodes);
        let bytes = self.alias_used.bytes.saturating_add(w.bytes);
        if nodes > self.opts.max_alias_nodes || bytes > MAX_ALIAS_BYTES {
            return Err(Fatal {
                offset: start,
                message: format!(
                    "aliases expand to more than {} nodes (or {} MiB) in this document, a possible \
                     \"billion laughs\" alias bomb; remove the nested aliases or write the values out",
                    self.opts.max_alias_nodes,
                    MAX_ALIAS_BYTES >> 20
                ),
            });
        }
        self.alias_used = Weight { nodes, bytes };
        let mut node = a.node.clone();
        node.span = span;
        self.finish(node, line, w, 0)
    }

    /// Attaches a completed node to its parent (or makes it the root).
    fn finish(
        &mut self,
        node: Node,
        line: u32,
        weight: Weight,
        anchor: usize,
    ) -> Result<(), Fatal> {
        if anchor != 0 {
            self.anchor_cost = self
                .anchor_cost
                .saturating_add(weight.nodes)
                .saturating_add(weight.bytes);
            if self.anchor_cost > self.anchor_cost_limit {
                return Err(Fatal {
                    offset: node.span.start,
                    message: "too much data under nested anchors in this document; remove the \
                              nested anchors (`&name`)"
                        .into(),
                });
            }
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    weight,
                },
            );
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        parent.weight.add(weight);
        match &mut parent.kind {
            FrameKind::Seq(items) => items.push(node),
            FrameKind::Map(m) => match m.pending.take() {
                None => m.pending = Some((node, line)),
                Some((key, key_line)) => {
                    insert_entry(m, key, key_line, node, self.opts.yaml11, &mut self.warnings)
                }
            },
        }
        Ok(())
    }
}

/// Adds an entry; a duplicate scalar key replaces the earlier entry with a warning.
fn insert_entry(
    m: &mut MapFrame,
    key: Node,
    key_line: u32,
    value: Node,
    yaml11: bool,
    warnings: &mut Vec<YamlError>,
) {
    if yaml11 && is_merge_key(&key) {
        m.has_merge = true;
    } else if let Some(name) = key_name(&key) {
        let found = match &m.index {
            Some(index) => index.get(name).copied(),
            None => m
                .entries
                .iter()
                .position(|e| key_name(&e.key) == Some(name) && !(yaml11 && is_merge_key(&e.key))),
        };
        if let Some(i) = found {
            warnings.push(YamlError {
                span: key.span,
                message: format!(
                    "duplicate key `{name}` (first defined at line {}); the last value is used",
                    m.key_lines[i]
                ),
                fatal: false,
            });
            m.entries[i] = Entry { key, value };
            return;
        }
        let pos = m.entries.len();
        if m.index.is_none() && pos >= INDEX_THRESHOLD {
            let mut index = HashMap::with_capacity(pos * 2);
            for (i, e) in m.entries.iter().enumerate() {
                if let Some(k) = key_name(&e.key).filter(|_| !(yaml11 && is_merge_key(&e.key))) {
                    index.entry(k.to_string()).or_insert(i);
                }
            }
            m.index = Some(index);
        }
        if let Some(index) = &mut m.index {
            index.insert(name.to_string(), pos);
        }
    }
    m.entries.push(Entry { key, value });
    m.key_lines.push(key_line);
}

/// Applies `<<` merge keys: explicit keys win, then earlier merge sources.
fn resolve_merges(entries: Vec<Entry>, warnings: &mut Vec<YamlError>) -> Vec<Entry> {
    let mut seen: HashSet<String> = entries
        .iter()
        .filter(|e| !is_merge_key(&e.key))
        .filter_map(|e| key_name(&e.key).map(str::to_string))
        .collect();
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        if !is_merge_key(&e.key) {
            out.push(e);
            continue;
        }
        let sources = match e.value.kind {
            NodeKind::Map(_) => vec![e.value],
            NodeKind::Seq(items) => items,
            NodeKind::Null => Vec::new(),
            NodeKind::Scalar(_) => {
                warnings.push(YamlError {
                    span: e.value.span,
                    message:
                        "the merge key `<<` needs a mapping or a list of mappings (`<<: *name`)"
                            .into(),
                    fatal: false,
                });
                out.push(e);
                continue;
            }
        };
        for src in sources {
            match src.kind {
                NodeKind::Map(src_entries) => {
                    for se in src_entries {
                        match key_name(&se.key) {
                            Some(k) => {
                                if !seen.contains(k) {
                                    seen.insert(k.to_string());
                                    out.push(se);
                                }
                            }
                            None => out.push(se),
                        }
                    }
                }
                NodeKind::Null => {}
                _ => warnings.push(YamlError {
                    span: src.span,
                    message:
                        "the merge key `<<` needs a mapping or a list of mappings (`<<: *name`)"
                            .into(),
                    fatal: false,
                }),
            }
        }
    }
    out
}
