//! One YAML document to JSON plus spans, straight from serde-saphyr's event
//! parser (granit). Deserialising through `Spanned<T>` costs a serde round
//! trip per node; building the tree from events is several times cheaper and
//! keeps the same guarantees: YAML 1.2 core scalars, duplicate keys refused,
//! aliases expanded only up to a budget.
//!
//! Most documents never reach granit on a lint: [`crate::yaml_lite`] reads
//! the plain block YAML governance files are written in several times faster,
//! and gives up on anything else, which granit then reads.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};

use crate::spans::SpanNode;

/// The most nodes aliases may add to one document (a billion-laughs file is
/// refused long before it grows).
const ALIAS_BUDGET: usize = 50_000;

/// A parse failure: 1-based line and column within the parsed text, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// A node before flattening: spans are byte offsets in the file.
struct Tree {
    offset: u32,
    len: u32,
    key_offset: u32,
    key_len: u32,
    is_map: bool,
    children: Vec<Tree>,
}

struct Builder<'a> {
    parser: Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>,
    base: usize,
    anchors: HashMap<usize, Value>,
    replayed: usize,
    /// Record every node's span (otherwise only the root's).
    spans: bool,
}

fn err_at(span: &Span, message: impl Into<String>) -> YamlError {
    YamlError {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        message: message.into(),
    }
}

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(count_nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// YAML 1.2 core schema resolution of a plain scalar.
pub(crate) fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let bytes = text.as_bytes();
    let first = bytes.first().copied().unwrap_or(b' ');
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Value::String(text.to_owned());
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::from(i);
        }
        if let Ok(u) = text.parse::<u64>() {
            return Value::from(u);
        }
    }
    if let Some(hex) = text.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Value::from(i);
    }
    if let Some(oct) = text.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(oct, 8)
    {
        return Value::from(i);
    }
    let looks_float = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if looks_float
        && let Ok(f) = text.parse::<f64>()
        && let Some(n) = Number::from_f64(f)
    {
        return Value::Number(n);
    }
    Value::String(text.to_owned())
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), YamlError> {
        match self.parser.next() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(e)) => {
                let m = e.marker();
                Err(YamlError {
                    line: u32::try_from(m.line()).unwrap_or(u32::MAX),
                    column: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
                    message: e.info(),
                })
            }
            None => Err(YamlError {
                line: 1,
                column: 1,
                message: "unexpected end of input".to_owned(),
            }),
        }
    }

    fn span(&self, span: &Span) -> (u32, u32) {
        let start = span.start.byte_offset().unwrap_or(0);
        let end = span.end.byte_offset().unwrap_or(start);
        (
            u32::try_from(start + self.base).unwrap_or(u32::MAX),
            u32::try_from(end.saturating_sub(start)).unwrap_or(u32::MAX),
        )
    }

    fn leaf(&self, span: &Span) -> Tree {
        let (offset, len) = self.span(span);
        Tree {
            offset,
            len,
            key_offset: 0,
            key_len: 0,
            is_map: false,
            children: Vec::new(),
        }
    }

    /// Build the node that starts with `event`.
    fn node(&mut self, event: Event<'a>, span: Span) -> Result<(Value, Tree), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix() == "str");
                let value = if style == ScalarStyle::Plain && !is_str_tag {
                    plain(&text)
                } else {
                    Value::String(text.into_owned())
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                Ok((value, self.leaf(&span)))
            }
            Event::Alias(id) => {
                let Some(value) = self.anchors.get(&id).cloned() else {
                    return Err(err_at(&span, "alias references unknown anchor"));
                };
                self.replayed += count_nodes(&value);
                if self.replayed > ALIAS_BUDGET {
                    return Err(err_at(
                        &span,
                        format!(
                            "aliases expand to more than {ALIAS_BUDGET} nodes (budget breached)"
                        ),
                    ));
                }
                Ok((value, self.leaf(&span)))
            }
            Event::SequenceStart(_, anchor, _) => {
                let mut tree = self.leaf(&span);
                let mut items = Vec::new();
                loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        let (end, _) = self.span(&sp);
                        tree.len = end.saturating_sub(tree.offset).max(tree.len);
                        break;
                    }
                    if matches!(ev, Event::Anchor(..)) {
                        continue;
                    }
                    let (v, t) = self.node(ev, sp)?;
                    items.push(v);
                    if self.spans {
                        tree.children.push(t);
                    }
                }
                let value = Value::Array(items);
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                Ok((value, tree))
            }
            Event::MappingStart(_, anchor, _) => {
                let mut tree = self.leaf(&span);
                tree.is_map = true;
                let mut map = Map::new();
                loop {
                    let (ev, sp) = self.next()?;
                    match ev {
                        Event::MappingEnd => break,
                        Event::Anchor(..) => continue,
                        _ => {}
                    }
                    let key_span = sp;
                    let (key_value, _) = self.node(ev, sp)?;
                    let key = match key_value {
                        Value::String(s) => s,
                        Value::Null => "null".to_owned(),
                        Value::Bool(b) => b.to_string(),
                        Value::Number(n) => n.to_string(),
                        Value::Array(_) | Value::Object(_) => {
                            return Err(err_at(&key_span, "a mapping key must be a scalar"));
                        }
                    };
                    // Every key so far is in `map`: it is the set of seen keys.
                    if map.contains_key(&key) {
                        return Err(err_at(&key_span, format!("duplicate mapping key: {key}")));
                    }
                    let (mut vev, mut vsp) = self.next()?;
                    while matches!(vev, Event::Anchor(..)) {
                        (vev, vsp) = self.next()?;
                    }
                    let (value, mut child) = self.node(vev, vsp)?;
                    let (key_offset, key_len) = self.span(&key_span);
                    child.key_offset = key_offset;
                    child.key_len = key_len;
                    map.insert(key, value);
                    if self.spans {
                        tree.children.push(child);
                    }
                }
                let value = Value::Object(map);
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                Ok((value, tree))
            }
            other => Err(err_at(&span, format!("unexpected YAML event {other:?}"))),
        }
    }
}

/// Flatten a tree into the compact span table (children contiguous).
fn flatten(root: Tree) -> Vec<SpanNode> {
    let mut nodes = vec![SpanNode::default()];
    let mut queue = std::collections::VecDeque::new();
    queue.push_back((root, 0usize));
    while let Some((tree, slot)) = queue.pop_front() {
        let first = nodes.len();
        let count = tree.children.len();
        if let Some(n) = nodes.get_mut(slot) {
            *n = SpanNode {
                offset: tree.offset,
                len: tree.len,
                key_offset: tree.key_offset,
                key_len: tree.key_len,
                first_child: u32::try_from(first).unwrap_or(u32::MAX),
                children: u32::try_from(count).unwrap_or(u32::MAX),
                is_map: tree.is_map,
            };
        }
        nodes.resize(first + count, SpanNode::default());
        for (i, child) in tree.children.into_iter().enumerate() {
            queue.push_back((child, first + i));
        }
    }
    nodes
}

/// Parse the single document in `text` (which starts at byte `base` of its
/// file). `Ok(None)` for an empty document. The span table has every node
/// with `spans`, else only the root (a lint needs the spans of the few
/// documents it reports on, and parses those again: see
/// [`crate::load::Document::spans`]).
///
/// # Errors
/// Syntax errors, tabs, duplicate keys, unknown aliases and alias bombs, with
/// the line and column within `text`.
pub fn parse_document(
    text: &str,
    base: usize,
    spans: bool,
) -> Result<Option<(Value, Vec<SpanNode>)>, YamlError> {
    // The fast path reads most documents; it gives up on anything it is not
    // sure of, and granit reads those. Where every node's span is needed
    // (a document a finding points into) granit reads it too.
    if !spans && let Some((value, root)) = crate::yaml_lite::parse(text) {
        let root = SpanNode {
            offset: u32::try_from(base + root).unwrap_or(u32::MAX),
            first_child: 1,
            is_map: true,
            ..SpanNode::default()
        };
        return Ok(Some((value, vec![root])));
    }
    parse_document_with_granit(text, base, spans)
}

/// [`parse_document`] by granit alone (the fast path's reference).
///
/// # Errors
/// As [`parse_document`].
pub fn parse_document_with_granit(
    text: &str,
    base: usize,
    spans: bool,
) -> Result<Option<(Value, Vec<SpanNode>)>, YamlError> {
    let mut b = Builder {
        parser: Parser::new_from_str(text),
        base,
        anchors: HashMap::new(),
        replayed: 0,
        spans,
    };
    let mut root: Option<(Value, Tree)> = None;
    loop {
        let (ev, sp) = match b.parser.next() {
            None => break,
            Some(r) => match r {
                Ok(pair) => pair,
                Err(e) => {
                    let m = e.marker();
                    return Err(YamlError {
                        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
                        column: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
                        message: e.info(),
                    });
                }
            },
        };
        match ev {
            Event::StreamStart
            | Event::DocumentStart(..)
            | Event::DocumentEnd
            | Event::Anchor(..) => {}
            Event::StreamEnd => break,
            ev => {
                if root.is_some() {
                    return Err(err_at(&sp, "more than one document where one was expected"));
                }
                root = Some(b.node(ev, sp)?);
            }
        }
    }
    Ok(root.map(|(v, t)| (v, flatten(t))))
}
