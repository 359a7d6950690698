//! Where every node of a YAML document is in its file.
//!
//! Compact by design (it is kept for every document of a 50k-resource
//! system): a flat vector of nodes holding byte offsets only; keys are read
//! back from the source text and lines and columns are computed on demand
//! from a per-file line index.

use crate::finding::Location;

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// Parse `spec.parties[1].signedOn` into path segments.
#[must_use]
pub fn parse_field_path(dotted: &str) -> Vec<PathSeg> {
    let mut out = Vec::new();
    for part in dotted.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            let (key, indexes) = rest.split_at(open);
            if !key.is_empty() {
                out.push(PathSeg::Key(key.to_owned()));
            }
            rest = indexes;
            for chunk in rest.split('[').filter(|c| !c.is_empty()) {
                let digits = chunk.trim_end_matches(']');
                match digits.parse::<usize>() {
                    Ok(i) => out.push(PathSeg::Index(i)),
                    Err(_) => out.push(PathSeg::Key(digits.to_owned())),
                }
            }
        } else {
            out.push(PathSeg::Key(rest.to_owned()));
        }
    }
    out
}

/// The inverse of [`parse_field_path`]: `spec.parties[1].signedOn`.
#[must_use]
pub fn field_path_string(path: &[PathSeg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            PathSeg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// One node: its value's byte span, its key's byte span (map entries) and
/// its children (contiguous in [`Spans::nodes`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpanNode {
    pub offset: u32,
    pub len: u32,
    /// The key of this entry in its parent map (`key_len == 0` otherwise).
    pub key_offset: u32,
    pub key_len: u32,
    pub first_child: u32,
    pub children: u32,
    pub is_map: bool,
}

/// The spans of one document. Node 0 is the document root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spans {
    pub nodes: Vec<SpanNode>,
}

fn unquote(key: &str) -> &str {
    let k = key.trim();
    if k.len() >= 2
        && ((k.starts_with('"') && k.ends_with('"')) || (k.starts_with('\'') && k.ends_with('\'')))
    {
        &k[1..k.len() - 1]
    } else {
        k
    }
}

impl Spans {
    /// The node at `path`, or the deepest existing ancestor; with a flag
    /// saying whether the whole path exists.
    #[must_use]
    pub fn find(&self, text: &str, path: &[PathSeg]) -> Option<(SpanNode, bool)> {
        let mut node = *self.nodes.first()?;
        for seg in path {
            let start = node.first_child as usize;
            let end = start + node.children as usize;
            let children = self.nodes.get(start..end).unwrap_or(&[]);
            let next = match seg {
                PathSeg::Index(i) if !node.is_map => children.get(*i).copied(),
                PathSeg::Key(k) if node.is_map => children.iter().copied().find(|c| {
                    let from = c.key_offset as usize;
                    let to = from + c.key_len as usize;
                    text.get(from..to).is_some_and(|key| unquote(key) == k)
                }),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return Some((node, false)),
            }
        }
        Some((node, true))
    }
}

/// Line starts of a file, for turning byte offsets into lines and columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 24 + 1);
        starts.push(0);
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        Self { starts }
    }

    /// 1-based line of a byte offset.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> u32 {
        let off = u32::try_from(offset).unwrap_or(u32::MAX);
        let line = match self.starts.binary_search(&off) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(line + 1).unwrap_or(u32::MAX)
    }

    /// 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line_of(offset);
        let start = self
            .starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(0) as usize;
        let column = text
            .get(start..offset.min(text.len()))
            .map_or(0, |s| s.chars().count());
        (line, u32::try_from(column + 1).unwrap_or(u32::MAX))
    }
}

/// Build a [`Location`] for a node: its key when it is a map entry, else its value.
#[must_use]
pub fn location_of(
    file: &str,
    text: &str,
    index: &LineIndex,
    node: SpanNode,
    prefer_key: bool,
) -> Location {
    let (offset, len) = if prefer_key && node.key_len > 0 {
        (node.key_offset as usize, node.key_len as usize)
    } else {
        (node.offset as usize, node.len as usize)
    };
    let (line, column) = index.line_col(text, offset);
    Location {
        file: file.to_owned(),
        line,
        column,
        offset,
        length: len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_round_trip() {
        let p = parse_field_path("spec.parties[1].signedOn");
        assert_eq!(
            p,
            vec![
                PathSeg::Key("spec".into()),
                PathSeg::Key("parties".into()),
                PathSeg::Index(1),
                PathSeg::Key("signedOn".into())
            ]
        );
        assert_eq!(field_path_string(&p), "spec.parties[1].signedOn");
    }

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "a: 1\nb: é x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        let x = text.find('x').unwrap_or(0);
        assert_eq!(idx.line_col(text, x), (2, 6));
    }
}
