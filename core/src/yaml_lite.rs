//! A fast first pass over the YAML that governance files are written in.
//!
//! granit (serde-saphyr's parser) is the authority on YAML, but it reads a
//! 50k-resource system at about 25 MB/s: a scanner and a parser built for
//! the whole of YAML, with an event and a span per node. Governance files use
//! a small part of it — block mappings and sequences, one-line plain and
//! quoted scalars, one-line flow lists and maps of scalars, comments — and
//! this module reads that part straight into JSON, several times faster.
//!
//! It only ever returns a value it is sure of. Anything outside the subset —
//! tabs, carriage returns, control characters, anchors, aliases, tags, block
//! scalars, escapes, scalars over several lines, flow collections nested or
//! over several lines, keys that are not plain strings, duplicate keys,
//! indentation it does not expect — makes it give up (`None`), and the caller
//! parses the document with granit as before, so every error and its
//! position still comes from granit. The one way this could go wrong is
//! returning a value granit would not; the differential test below checks it
//! against granit on the examples, the fixtures, a generated system and
//! mutations of them.

use serde_json::{Map, Value};

use crate::yaml::plain;

/// A line with content (not blank, not only a comment).
#[derive(Clone, Copy)]
struct Line {
    /// Column of the first content byte (all before it are spaces, or a
    /// consumed `- ` sequence indicator).
    indent: usize,
    /// Byte offsets of the content within the text, comment included.
    start: usize,
    end: usize,
}

/// The deepest nesting the fast path reads (governance documents nest a
/// few levels); deeper documents are left to granit, which has its own
/// limit, so a hostile document cannot exhaust the stack here.
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    text: &'a str,
    lines: Vec<Line>,
    at: usize,
    depth: usize,
}

/// Bytes that may not start a plain scalar or key here (YAML's indicators).
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// Whether the text has anything the fast path does not read character by
/// character: tabs, carriage returns, control characters, DEL, and the
/// Unicode characters YAML treats specially (C1 controls, line and paragraph
/// separators, byte-order marks, non-characters).
fn has_unread_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.iter().any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f) {
        return true;
    }
    !text.is_ascii()
        && text.chars().any(|c| {
            matches!(
                c,
                '\u{80}'
                    ..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
        })
}

/// A plain key: a string to YAML's core schema, on one line, not too long.
fn plain_key(key: &str) -> Option<&str> {
    let bytes = key.as_bytes();
    let first = *bytes.first()?;
    let last = *bytes.last()?;
    if is_indicator(first)
        || first.is_ascii_digit()
        || matches!(first, b'+' | b'.' | b'~' | b' ')
        || last == b' '
        || key.len() > 1024
        || matches!(
            key,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
    {
        return None;
    }
    Some(key)
}

/// The `:` that ends a block mapping key on this line (followed by a space
/// or the end of the line), if one comes before a comment.
fn key_colon(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b':' if bytes.get(i + 1).is_none_or(|&b| b == b' ') => return Some(i),
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// What may follow a scalar or flow collection on its line: nothing, or a
/// comment after at least one space.
fn only_comment(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.len() < rest.len() && trimmed.starts_with('#'))
}

/// A quoted scalar starting at `s[0]` (`"` or `'`), closed on this line:
/// the string and the bytes it took. Escapes in double quotes are left to
/// granit.
fn quoted(s: &str) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    let quote = *bytes.first()?;
    if quote == b'"' {
        let close = s[1..].find(['"', '\\'])? + 1;
        if bytes[close] != b'"' {
            return None;
        }
        return Some((s[1..close].to_owned(), close + 1));
    }
    let mut out = String::new();
    let mut from = 1;
    loop {
        let close = from + s[from..].find('\'')?;
        out.push_str(&s[from..close]);
        if bytes.get(close + 1) == Some(&b'\'') {
            out.push('\'');
            from = close + 2;
        } else {
            return Some((out, close + 1));
        }
    }
}

/// A scalar inside a one-line flow collection, from `s[*pos]`: quoted, or
/// plain up to `,`, `]` or `}`. Gives up on anything that would nest or
/// could be read more than one way (`:`, `#`, brackets).
fn flow_scalar(s: &str, pos: &mut usize) -> Option<Value> {
    let bytes = s.as_bytes();
    let first = *bytes.get(*pos)?;
    if first == b'"' || first == b'\'' {
        let (text, used) = quoted(&s[*pos..])?;
        *pos += used;
        return Some(Value::String(text));
    }
    if is_indicator(first)
        && !(first == b'-' && bytes.get(*pos + 1).is_some_and(u8::is_ascii_alphanumeric))
    {
        return None;
    }
    let start = *pos;
    while let Some(&b) = bytes.get(*pos) {
        match b {
            b',' | b']' | b'}' => break,
            b':' | b'#' | b'[' | b'{' | b'"' | b'\'' => return None,
            _ => *pos += 1,
        }
    }
    let text = s[start..*pos].trim_end_matches(' ');
    if text.is_empty() {
        return None;
    }
    Some(plain(text))
}

fn skip_spaces(bytes: &[u8], pos: &mut usize) {
    while bytes.get(*pos) == Some(&b' ') {
        *pos += 1;
    }
}

/// A one-line flow sequence `[a, b]` of scalars: the value and the bytes it took.
fn flow_sequence(s: &str) -> Option<(Value, usize)> {
    let bytes = s.as_bytes();
    let mut pos = 1;
    let mut items = Vec::new();
    skip_spaces(bytes, &mut pos);
    if bytes.get(pos) == Some(&b']') {
        return Some((Value::Array(items), pos + 1));
    }
    loop {
        skip_spaces(bytes, &mut pos);
        items.push(flow_scalar(s, &mut pos)?);
        skip_spaces(bytes, &mut pos);
        match bytes.get(pos)? {
            b',' => pos += 1,
            b']' => return Some((Value::Array(items), pos + 1)),
            _ => return None,
        }
    }
}

/// A one-line flow mapping `{k: v, …}` of plain keys and scalar values.
fn flow_mapping(s: &str) -> Option<(Value, usize)> {
    let bytes = s.as_bytes();
    let mut pos = 1;
    let mut map = Map::new();
    skip_spaces(bytes, &mut pos);
    if bytes.get(pos) == Some(&b'}') {
        return Some((Value::Object(map), pos + 1));
    }
    loop {
        skip_spaces(bytes, &mut pos);
        let start = pos;
        while let Some(&b) = bytes.get(pos) {
            match b {
                b':' => break,
                b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'"' | b'\'' => return None,
                _ => pos += 1,
            }
        }
        let key = plain_key(s.get(start..pos)?)?;
        if bytes.get(pos + 1) != Some(&b' ') {
            return None;
        }
        pos += 2;
        skip_spaces(bytes, &mut pos);
        let value = flow_scalar(s, &mut pos)?;
        if map.insert(key.to_owned(), value).is_some() {
            return None;
        }
        skip_spaces(bytes, &mut pos);
        match bytes.get(pos)? {
            b',' => pos += 1,
            b'}' => return Some((Value::Object(map), pos + 1)),
            _ => return None,
        }
    }
}

/// A value written on the same line as its key or `- `: a scalar or a
/// one-line flow collection, then at most a comment.
fn inline(s: &str) -> Option<Value> {
    let bytes = s.as_bytes();
    let (value, used) = match *bytes.first()? {
        b'[' => flow_sequence(s)?,
        b'{' => flow_mapping(s)?,
        b'"' | b'\'' => {
            let (text, used) = quoted(s)?;
            (Value::String(text), used)
        }
        b'-' if bytes.get(1).is_some_and(|&b| b != b' ') => return block_plain(s),
        b if is_indicator(b) => return None,
        _ => return block_plain(s),
    };
    only_comment(&s[used..]).then_some(value)
}

/// A one-line plain scalar in block context, up to a comment.
fn block_plain(s: &str) -> Option<Value> {
    // One pass: the scalar ends at a comment (` #`); a `:` before it that
    // ends the line or is followed by a space would make it a key.
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if i > 0 && bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            b':' if bytes.get(i + 1).is_none_or(|&next| next == b' ') => return None,
            _ => {}
        }
    }
    Some(plain(s[..end].trim_end_matches(' ')))
}

impl<'a> Reader<'a> {
    fn line(&self) -> Option<Line> {
        self.lines.get(self.at).copied()
    }

    fn content(&self, line: Line) -> &'a str {
        &self.text[line.start..line.end]
    }

    fn is_entry(&self, line: Line) -> bool {
        let c = self.content(line).as_bytes();
        c.first() == Some(&b'-') && c.get(1).is_none_or(|&b| b == b' ')
    }

    /// The block node starting at the current line.
    fn node(&mut self) -> Option<Value> {
        let line = self.line()?;
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let value = if self.is_entry(line) {
            self.sequence(line.indent)
        } else {
            self.mapping(line.indent)
        };
        self.depth -= 1;
        value
    }

    /// What follows a key or `- ` with nothing after it on its line: a
    /// nested block, a sequence at the key's own indentation (only after a
    /// key), or nothing (null).
    fn nested(&mut self, indent: usize, after_key: bool) -> Option<Value> {
        match self.line() {
            Some(next) if next.indent > indent => self.node(),
            Some(next) if after_key && next.indent == indent && self.is_entry(next) => {
                self.sequence(indent)
            }
            _ => Some(Value::Null),
        }
    }

    /// After a value written inline, the next line may not be indented
    /// further (it would continue a plain scalar, or be an error).
    fn ends_here(&self, indent: usize) -> bool {
        self.line().is_none_or(|next| next.indent <= indent)
    }

    fn mapping(&mut self, indent: usize) -> Option<Value> {
        let mut map = Map::new();
        while let Some(line) = self.line() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || self.is_entry(line) {
                return None;
            }
            let content = self.content(line);
            let colon = key_colon(content)?;
            let key = plain_key(&content[..colon])?.to_owned();
            let rest = content[colon + 1..].trim_start_matches(' ');
            self.at += 1;
            let value = if rest.is_empty() || rest.starts_with('#') {
                self.nested(indent, true)?
            } else {
                let value = inline(rest)?;
                if !self.ends_here(indent) {
                    return None;
                }
                value
            };
            if map.insert(key, value).is_some() {
                return None;
            }
        }
        Some(Value::Object(map))
    }

    fn sequence(&mut self, indent: usize) -> Option<Value> {
        let mut items = Vec::new();
        while let Some(line) = self.line() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            if !self.is_entry(line) {
                break;
            }
            let content = self.content(line);
            let rest = content[1..].trim_start_matches(' ');
            let item = if rest.is_empty() || rest.starts_with('#') {
                self.at += 1;
                self.nested(indent, false)?
            } else if rest.starts_with(['"', '\'', '[', '{'])
                || (key_colon(rest).is_none() && !rest.starts_with("- ") && rest != "-")
            {
                self.at += 1;
                let value = inline(rest)?;
                if !self.ends_here(indent) {
                    return None;
                }
                value
            } else {
                // `- key: value` or `- - item`: a block node that starts
                // after the indicator; its column is its indentation.
                let skipped = content.len() - rest.len();
                let here = self.lines.get_mut(self.at)?;
                here.indent += skipped;
                here.start += skipped;
                self.node()?
            };
            items.push(item);
        }
        Some(Value::Array(items))
    }
}

/// Read one YAML document (the text between `---` lines, the leading `---`
/// included) whose root is a block mapping: its value, and the byte offset
/// where the mapping starts (its first key). `None` when it is anything the
/// fast path does not read, and granit must.
#[must_use]
pub fn parse(text: &str) -> Option<(Value, usize)> {
    if has_unread_characters(text) {
        return None;
    }
    let mut lines = Vec::new();
    let mut offset = 0;
    let mut marked = false;
    for raw in text.split('\n') {
        let start = offset;
        offset += raw.len() + 1;
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let content = &raw[indent..];
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if indent == 0 && (content.starts_with("---") || content.starts_with("...")) {
            // Only the document's own leading `---`, alone or with a comment.
            if marked
                || !lines.is_empty()
                || content.starts_with("...")
                || !only_comment(&content[3..])
            {
                return None;
            }
            marked = true;
            continue;
        }
        if content.starts_with('%') {
            return None;
        }
        lines.push(Line {
            indent,
            start: start + indent,
            end: start + raw.len(),
        });
    }
    let mut reader = Reader {
        text,
        lines,
        at: 0,
        depth: 0,
    };
    let first = reader.line()?;
    if reader.is_entry(first) {
        return None;
    }
    let value = reader.mapping(first.indent)?;
    (reader.at == reader.lines.len()).then_some((value, first.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// granit's value and the offset of its root node.
    fn granit(text: &str) -> Option<(Value, usize)> {
        crate::yaml::parse_document_with_granit(text, 0, false)
            .ok()
            .flatten()
            .map(|(v, nodes)| (v, nodes.first().map_or(0, |n| n.offset as usize)))
    }

    fn lite(text: &str) -> Option<Value> {
        parse(text).map(|(v, _)| v)
    }

    #[test]
    fn reads_the_common_shapes() {
        let text = "---\napiVersion: caregov.dev/v1alpha1 # the group\nkind: Agreement\nmetadata:\n  name: a\n  labels: {team: ig, tier: '1'}\nspec:\n  parties:\n  - {organisation: icb, role: Controller}\n  - organisation: gp\n    role: Processor\n  list: [a, \"b c\", 3, -4, 0x10, 1.5, true, ~]\n  empty:\n  none: []\n  quoted: 'it''s'\n  odsCode: \"001\"\n  date: 2026-11-24\n  url: https://example.org/a#b\n  nested:\n    - - x\n      - y\n    -\n      deep: 1\n";
        let fast = parse(text);
        assert!(fast.is_some(), "the fast path gave up");
        assert_eq!(fast, granit(text));
        assert_eq!(lite("# c\n  a: 1\n"), Some(serde_json::json!({"a": 1})));
    }

    #[test]
    fn gives_up_outside_the_subset() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: one\n  two\n",
            "a:\n  one\n  two\n",
            "a: \"x\\ty\"\n",
            "a: [1,\n  2]\n",
            "a: [[1]]\n",
            "a: 1\na: 2\n",
            "1: x\n",
            "true: x\n",
            "\"a\": x\n",
            "a:\tb\n",
            "a: b\r\n",
            "- a\n- b\n",
            "just a scalar\n",
            "a: b: c\n",
            "? a\n: b\n",
            "%YAML 1.2\n---\na: 1\n",
            "a:\n  - x\n  b: 1\n",
            "a: 1\n  b: 2\n",
            "a: \"unclosed\n",
            "a: 'x'y\n",
            "a: {b: [c]}\n",
            "a: [b, ]\n",
        ] {
            assert_eq!(lite(text), None, "{text:?}");
        }
    }

    /// Nesting deeper than `MAX_DEPTH` is left to granit; shallower is read.
    #[test]
    fn leaves_deep_nesting_to_granit() {
        let nested = |levels: usize| {
            let mut text: String = (0..levels)
                .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
                .collect();
            text.push_str(&" ".repeat(levels));
            text.push_str("leaf: 1\n");
            text
        };
        assert_eq!(lite(&nested(MAX_DEPTH + 1)), None);
        let shallow = nested(8);
        assert!(lite(&shallow).is_some());
        assert_eq!(parse(&shallow), granit(&shallow));
    }

    /// A small deterministic generator (xorshift), so failures replay.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
        }
    }

    /// Single edits that move a document in and out of the subset.
    fn mutate(text: &str, rng: &mut Rng) -> String {
        const PIECES: [&str; 46] = [
            " ", "  ", "\n", "\n  ", ":", ": ", "- ", "-", "- - ", "#", " #", "'", "\"", "''", "[",
            "]", "{", "}", ",", " ,", "&a ", "*a", "!", "|", ">", "?", "? ", "\t", "\r", "\\", "~",
            "1", "0x", "0o7", "+", ".", "e5", "null", "true", "é", "\u{2028}", "\u{85}", "---",
            "...", "%", "@",
        ];
        let mut bytes: Vec<char> = text.chars().collect();
        let edits = 1 + rng.below(3);
        for _ in 0..edits {
            let at = rng.below(bytes.len() + 1);
            match rng.below(4) {
                0 => {
                    if at < bytes.len() {
                        bytes.remove(at);
                    }
                }
                1 => {
                    // Duplicate a line (duplicate keys, repeated items).
                    let s: String = bytes.iter().collect();
                    let lines: Vec<&str> = s.split_inclusive('\n').collect();
                    if !lines.is_empty() {
                        let i = rng.below(lines.len());
                        let mut out: Vec<&str> = lines.clone();
                        out.insert(i, lines[i]);
                        bytes = out.concat().chars().collect();
                    }
                }
                _ => {
                    let piece = PIECES[rng.below(PIECES.len())];
                    for (k, c) in piece.chars().enumerate() {
                        bytes.insert((at + k).min(bytes.len()), c);
                    }
                }
            }
        }
        bytes.into_iter().collect()
    }

    /// Documents to compare on: the examples, the rule fixtures and the test
    /// data in the repository, split as the loader splits them.
    fn corpus() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut docs = Vec::new();
        for dir in ["examples", "core/policy", "cli/tests", "crds/manifests"] {
            for entry in ignore::WalkBuilder::new(root.join(dir)).build().flatten() {
                let path = entry.path();
                if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                for (_, _, chunk) in crate::load::split_documents(&text) {
                    docs.push(chunk.to_owned());
                }
            }
        }
        docs
    }

    /// The generated care systems of the benchmarks are read by the fast
    /// path throughout, to the same values as granit's.
    #[test]
    fn reads_the_generated_system_as_granit_does() {
        let mut documents = 0;
        for file in caregov_e2e::synth::generate(2_000, "synthetic") {
            for (_, _, chunk) in crate::load::split_documents(&file.text) {
                documents += 1;
                let fast = parse(chunk);
                assert!(
                    fast.is_some(),
                    "{}: the fast path gave up on {chunk}",
                    file.path
                );
                assert_eq!(fast, granit(chunk), "{}: {chunk}", file.path);
            }
        }
        assert!(documents > 1_500, "{documents} documents");
    }

    /// Wherever the fast path returns a value, granit returns the same one:
    /// on every document of the repository and on mutations of each. The
    /// fast path also reads nearly all of the unmutated documents.
    #[test]
    fn agrees_with_granit() {
        let corpus = corpus();
        assert!(corpus.len() > 200, "corpus too small: {}", corpus.len());
        let rounds: usize = std::env::var("CAREGOV_YAML_LITE_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(20);
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (mut read, mut mutated_read, mut mutated) = (0usize, 0usize, 0usize);
        for doc in &corpus {
            if let Some(fast) = parse(doc) {
                read += 1;
                assert_eq!(Some(fast), granit(doc), "{doc}");
            } else if std::env::var_os("CAREGOV_YAML_LITE_SHOW").is_some() {
                eprintln!("not read:\n{doc}");
            }
            for _ in 0..rounds {
                let changed = mutate(doc, &mut rng);
                mutated += 1;
                if let Some(fast) = parse(&changed) {
                    mutated_read += 1;
                    assert_eq!(
                        Some(fast),
                        granit(&changed),
                        "the fast path read {changed:?} differently"
                    );
                }
            }
        }
        eprintln!(
            "yaml_lite read {read} of {} documents and {mutated_read} of {mutated} mutations",
            corpus.len()
        );
        assert!(
            read * 10 > corpus.len() * 9,
            "read only {read} of {}",
            corpus.len()
        );
    }
}
