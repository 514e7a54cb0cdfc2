//! The tree types.

use portcullis_source::Span;

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// `'...'`
    SingleQuoted,
    /// `"..."`
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

/// A scalar's text (after unescaping and folding) and style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// The value as text.
    pub value: String,
    /// How it was written; only plain scalars are read as bools, numbers, null.
    pub style: ScalarStyle,
}

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte span of the node's text in the source (for an alias: the alias
    /// itself; for merged entries: where they were written).
    pub span: Span,
    /// The node's content.
    pub kind: NodeKind,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// An empty value or `null` / `~` (plain).
    Null,
    /// A scalar.
    Scalar(Scalar),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order, merge keys (`<<`) resolved when
    /// `Options::yaml11` is set. Duplicate keys keep the last value.
    Map(Vec<Entry>),
}

/// One key/value pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key node.
    pub key: Node,
    /// The value node.
    pub value: Node,
}

impl Entry {
    /// Span from the key to the end of the value.
    pub fn span(&self) -> Span {
        self.key.span.cover(self.value.span)
    }
}

/// One document of a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// 0-based index in the stream.
    pub index: usize,
    /// Span of the whole document text (from its first content byte).
    pub span: Span,
    /// The root node (`None` for an empty document or one that failed to parse).
    pub root: Option<Node>,
}

/// A problem in the stream, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Where (an empty span at the offending byte when there is no range).
    pub span: Span,
    /// What is wrong, for the user.
    pub message: String,
    /// True when the document could not be built at all (vs. a warning such as
    /// a duplicate key, where the tree is still usable).
    pub fatal: bool,
}

/// Limits and dialect.
#[derive(Debug, Clone)]
pub struct Options {
    /// YAML 1.1 as Kubernetes and compose read it: `yes/no/on/off` are bools
    /// and `<<` merge keys are applied.
    pub yaml11: bool,
    /// Most nodes an alias expansion may add to one document (alias bombs).
    pub max_alias_nodes: usize,
    /// Deepest nesting allowed.
    pub max_depth: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            yaml11: true,
            max_alias_nodes: 100_000,
            max_depth: 256,
        }
    }
}

/// Documents and problems of one stream.
#[derive(Debug, Clone, Default)]
pub struct ParseOutput {
    /// Documents in order (including ones that failed, with `root: None`).
    pub documents: Vec<Document>,
    /// Errors and warnings, in order.
    pub errors: Vec<YamlError>,
}

impl Node {
    /// The value of `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The entry of `key` when this node is a mapping (last one wins).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().rev().find(|e| e.key.as_str() == Some(key)),
            _ => None,
        }
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }

    /// The scalar text (any style).
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }

    /// A plain scalar read as a YAML 1.1 boolean (`true/false/yes/no/on/off/y/n`,
    /// any case), or a quoted... never: quoted scalars are strings.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            NodeKind::Scalar(s) if s.style == ScalarStyle::Plain => {
                match s.value.to_ascii_lowercase().as_str() {
                    "true" | "yes" | "on" | "y" => Some(true),
                    "false" | "no" | "off" | "n" => Some(false),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A plain scalar read as an integer (decimal, `0x`, `0o`, with `_`).
    pub fn as_i64(&self) -> Option<i64> {
        match &self.kind {
            NodeKind::Scalar(s) if s.style == ScalarStyle::Plain => {
                let t = s.value.replace('_', "");
                let (neg, t) = match t.strip_prefix('-') {
                    Some(r) => (true, r.to_string()),
                    None => (false, t.trim_start_matches('+').to_string()),
                };
                let v = if let Some(h) = t.strip_prefix("0x") {
                    i64::from_str_radix(h, 16).ok()?
                } else if let Some(o) = t.strip_prefix("0o") {
                    i64::from_str_radix(o, 8).ok()?
                } else {
                    t.parse::<i64>().ok()?
                };
                Some(if neg { -v } else { v })
            }
            _ => None,
        }
    }

    /// The items when this node is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The entries when this node is a mapping.
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// True for `null`, `~` and empty values.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }
}
