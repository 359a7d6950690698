//! Loading: walk paths, read multi-document YAML with serde-saphyr keeping the
//! position of every node, skip documents of other API groups, and check
//! caregov documents against their CRD (CG002). Problems are findings
//! (CG000, CG002), never panics; one bad file never stops the others.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use serde_saphyr::Spanned;

use crate::finding::{Finding, Location, ResourceRef, Severity};
use crate::schema::SchemaSet;
use crate::spans::{LineIndex, PathSeg, SpanNode, Spans, location_of};

/// A file that was read.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as given on the command line or found below it.
    pub path: String,
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
}

/// One caregov document.
#[derive(Clone, Debug)]
pub struct Document {
    /// Index into [`LoadOutput::files`].
    pub file: usize,
    /// 0-based document number within the file.
    pub index: usize,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    /// `default` when the document has none.
    pub namespace: String,
    /// The whole document as JSON (taken by the catalog once typed).
    pub value: Value,
    pub spans: Spans,
    /// False when CG002 findings were raised for it.
    pub valid: bool,
}

impl Document {
    /// Where `path` is (or, when it does not exist, its deepest existing
    /// ancestor). Map entries point at their key.
    #[must_use]
    pub fn locate(&self, files: &[SourceFile], path: &[PathSeg]) -> Location {
        let Some(file) = files.get(self.file) else {
            return Location::default();
        };
        match self.spans.find(&file.text, path) {
            Some((node, _)) => location_of(&file.path, &file.text, &file.lines, node, true),
            None => Location {
                file: file.path.clone(),
                line: 1,
                column: 1,
                offset: 0,
                length: 0,
            },
        }
    }
}

/// How to load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Honour `.gitignore`, `.ignore` and hidden files when walking folders.
    pub respect_gitignore: bool,
    /// Files larger than this are refused (CG000). Declarations are small; 16 MiB
    /// is far beyond any real file and keeps a stray dump from exhausting memory.
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            respect_gitignore: true,
            max_file_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Everything that was read.
#[derive(Clone, Debug, Default)]
pub struct LoadOutput {
    pub files: Vec<SourceFile>,
    pub documents: Vec<Document>,
    pub findings: Vec<Finding>,
}

/// The API group whose documents are ours.
pub const GROUP: &str = "caregov.dev";

// ------------------------------------------------------------------ walking

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

fn cg000(file: &str, line: u32, column: u32, message: String, help: &str) -> Finding {
    Finding {
        rule: "CG000".to_owned(),
        severity: Severity::Error,
        resource: None,
        field: String::new(),
        message,
        help: help.to_owned(),
        location: Some(Location {
            file: file.to_owned(),
            line,
            column,
            offset: 0,
            length: 0,
        }),
    }
}

/// Files to read, with findings for paths that cannot be walked.
fn walk(paths: &[PathBuf], options: &LoadOptions) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut findings = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Ok(m) if m.is_file() => {
                files.push(root.clone());
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                findings.push(cg000(
                    &root.display().to_string(),
                    1,
                    1,
                    format!("cannot read {}: {e}", root.display()),
                    "check the path and its permissions",
                ));
                continue;
            }
        }
        let walker = ignore::WalkBuilder::new(root)
            .standard_filters(options.respect_gitignore)
            .require_git(false)
            .follow_links(true)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) && is_yaml(e.path()) {
                        files.push(e.into_path());
                    }
                }
                Err(e) => {
                    let (path, message) = walk_error(&e);
                    findings.push(cg000(
                        &path,
                        1,
                        1,
                        message,
                        "remove the loop or the broken link, or fix the permissions",
                    ));
                }
            }
        }
    }
    files.sort();
    files.dedup();
    (files, findings)
}

fn walk_error(e: &ignore::Error) -> (String, String) {
    match e {
        ignore::Error::WithPath { path, err } => (
            path.display().to_string(),
            format!("cannot read {}: {err}", path.display()),
        ),
        ignore::Error::Loop { child, ancestor } => (
            child.display().to_string(),
            format!(
                "symbolic link loop: {} points back to {}",
                child.display(),
                ancestor.display()
            ),
        ),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err)
        }
        other => (String::from("."), other.to_string()),
    }
}

// ------------------------------------------------------------------ parsing

/// A YAML node as serde-saphyr hands it over, with its position.
enum Node {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Node, D2::Error> {
                Node::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::I64(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::U64(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::F64(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut items = Vec::with_capacity(a.size_hint().unwrap_or(4));
                while let Some(x) = a.next_element::<Spanned<Node>>()? {
                    items.push(x);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut entries = Vec::with_capacity(a.size_hint().unwrap_or(4));
                while let Some(entry) = a.next_entry::<Spanned<Node>, Spanned<Node>>()? {
                    entries.push(entry);
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

fn parse_options() -> serde_saphyr::options::Options {
    let mut o = serde_saphyr::options::Options::default();
    o.duplicate_keys = serde_saphyr::options::DuplicateKeyPolicy::Error;
    o.strict_booleans = true;
    o.alias_limits.max_total_replayed_events = 50_000;
    o.alias_limits.max_replay_stack_depth = 16;
    o
}

fn span_of(s: &Spanned<Node>, base: usize) -> (u32, u32) {
    let span = s.referenced.span();
    let off = span.byte_offset().unwrap_or(0) as usize + base;
    let len = span.byte_len().unwrap_or(0);
    (
        u32::try_from(off).unwrap_or(u32::MAX),
        u32::try_from(len).unwrap_or(u32::MAX),
    )
}

fn scalar_key(n: &Node) -> String {
    match n {
        Node::Str(s) => s.clone(),
        Node::Bool(b) => b.to_string(),
        Node::I64(i) => i.to_string(),
        Node::U64(u) => u.to_string(),
        Node::F64(f) => f.to_string(),
        Node::Null => "null".to_owned(),
        Node::Seq(_) | Node::Map(_) => String::new(),
    }
}

/// Convert a node into JSON, recording spans. `slot` is this node's index in
/// `nodes` (already reserved by the parent).
fn convert(node: Spanned<Node>, base: usize, nodes: &mut Vec<SpanNode>, slot: usize) -> Value {
    let (offset, len) = span_of(&node, base);
    if let Some(n) = nodes.get_mut(slot) {
        n.offset = offset;
        n.len = len;
    }
    match node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::I64(i) => Value::from(i),
        Node::U64(u) => Value::from(u),
        Node::F64(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        Node::Str(s) => Value::String(s),
        Node::Seq(items) => {
            let first = nodes.len();
            nodes.resize(first + items.len(), SpanNode::default());
            if let Some(n) = nodes.get_mut(slot) {
                n.first_child = u32::try_from(first).unwrap_or(u32::MAX);
                n.children = u32::try_from(items.len()).unwrap_or(u32::MAX);
            }
            Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| convert(item, base, nodes, first + i))
                    .collect(),
            )
        }
        Node::Map(entries) => {
            let first = nodes.len();
            nodes.resize(first + entries.len(), SpanNode::default());
            if let Some(n) = nodes.get_mut(slot) {
                n.first_child = u32::try_from(first).unwrap_or(u32::MAX);
                n.children = u32::try_from(entries.len()).unwrap_or(u32::MAX);
                n.is_map = true;
            }
            let mut map = Map::new();
            for (i, (k, v)) in entries.into_iter().enumerate() {
                let (key_offset, key_len) = span_of(&k, base);
                if let Some(n) = nodes.get_mut(first + i) {
                    n.key_offset = key_offset;
                    n.key_len = key_len;
                }
                let key = scalar_key(&k.value);
                let value = convert(v, base, nodes, first + i);
                map.insert(key, value);
            }
            Value::Object(map)
        }
    }
}

/// Split a file into documents at `---` lines: (byte offset, 1-based line, text).
fn split_documents(text: &str) -> Vec<(usize, u32, &str)> {
    let mut docs = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1u32;
    let mut offset = 0usize;
    for (line_no, line) in (1u32..).zip(text.split_inclusive('\n')) {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let marker =
            trimmed == "---" || trimmed.starts_with("--- ") || trimmed.starts_with("---\t");
        let end = trimmed == "...";
        if (marker || end) && offset > start {
            docs.push((start, start_line, &text[start..offset]));
            start = offset;
            start_line = line_no;
        }
        if end {
            start = offset + line.len();
            start_line = line_no + 1;
        }
        offset += line.len();
    }
    if start < text.len() {
        docs.push((start, start_line, &text[start..]));
    }
    docs
}

/// The first line of a serde-saphyr error, without its "error: line N column M:" prefix.
fn parse_error_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or_default().trim();
    let first = first.strip_prefix("error:").unwrap_or(first).trim();
    let first = match first.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map_or(first, |(_, m)| m),
        None => first,
    };
    first.to_owned()
}

fn hint_for(message: &str) -> &'static str {
    let m = message.to_ascii_lowercase();
    if m.contains("tab") {
        "indent with spaces: YAML does not allow tabs for indentation"
    } else if m.contains("duplicate") {
        "remove or rename the repeated key; only one value can apply"
    } else if m.contains("unknown anchor") {
        "an alias (*name) must refer to an anchor (&name) defined earlier in the same document"
    } else if m.contains("budget") || m.contains("alias") || m.contains("anchor") {
        "this anchor/alias expands too far to be a governance declaration; write the values out"
    } else {
        "fix the YAML syntax at this position (an editor with a YAML linter helps)"
    }
}

/// The group of an apiVersion (`caregov.dev/v1alpha1` → `caregov.dev`; `v1` → ``).
fn group_of(api_version: &str) -> &str {
    api_version.split_once('/').map_or("", |(g, _)| g)
}

/// What one file produced: its text and line index, or the finding that it could not be read.
type FileLoad = Result<(Arc<str>, Arc<LineIndex>, FileResult), Finding>;

struct FileResult {
    documents: Vec<Document>,
    findings: Vec<Finding>,
}

fn load_text(
    file_index: usize,
    display: &str,
    text: &str,
    lines: &LineIndex,
    schemas: &SchemaSet,
) -> FileResult {
    let mut out = FileResult {
        documents: Vec::new(),
        findings: Vec::new(),
    };
    for (doc_index, (base, start_line, chunk)) in split_documents(text).into_iter().enumerate() {
        if chunk.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#') || t == "---" || t.starts_with('%')
        }) {
            continue;
        }
        let parsed =
            serde_saphyr::from_str_with_options::<Option<Spanned<Node>>>(chunk, parse_options());
        let root = match parsed {
            Ok(Some(root)) => root,
            Ok(None) => continue,
            Err(e) => {
                let (line, column) = e.location().map_or((start_line, 1), |l| {
                    (
                        start_line + u32::try_from(l.line()).unwrap_or(1).saturating_sub(1),
                        u32::try_from(l.column()).unwrap_or(1),
                    )
                });
                let message = parse_error_message(&e);
                let help = hint_for(&message);
                out.findings.push(cg000(
                    display,
                    line,
                    column,
                    format!("YAML error: {message}"),
                    help,
                ));
                continue;
            }
        };
        if let Node::Null = root.value {
            continue;
        }
        let is_map = matches!(root.value, Node::Map(_));
        let (offset, _) = span_of(&root, base);
        let mut nodes = vec![SpanNode::default()];
        let value = convert(root, base, &mut nodes, 0);
        let spans = Spans { nodes };
        if !is_map {
            let (line, column) = lines.line_col(text, offset as usize);
            let what = if value.is_array() {
                "a list"
            } else {
                "a single value"
            };
            out.findings.push(cg000(
                display,
                line,
                column,
                format!(
                    "document {} is {what}, not a Kubernetes object",
                    doc_index + 1
                ),
                "each document must be a mapping with apiVersion, kind, metadata and spec",
            ));
            continue;
        }
        let api_version = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if group_of(&api_version) != GROUP {
            continue; // another API group, or not a Kubernetes object at all: not ours
        }
        let kind = value
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let metadata = value.get("metadata");
        let name = metadata
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let namespace = metadata
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or("default")
            .to_owned();
        let mut doc = Document {
            file: file_index,
            index: doc_index,
            api_version,
            kind,
            name,
            namespace,
            value,
            spans,
            valid: true,
        };
        let problems = schemas.validate(&doc);
        if !problems.is_empty() {
            doc.valid = false;
            let resource = ResourceRef {
                kind: doc.kind.clone(),
                name: doc.name.clone(),
                namespace: doc.namespace.clone(),
            };
            for p in problems {
                let node = doc.spans.find(text, &p.path);
                let location = node.map_or_else(
                    || Location {
                        file: display.to_owned(),
                        line: start_line,
                        column: 1,
                        offset: base,
                        length: 0,
                    },
                    |(n, _)| location_of(display, text, lines, n, p.at_key),
                );
                out.findings.push(Finding {
                    rule: "CG002".to_owned(),
                    severity: Severity::Error,
                    resource: Some(resource.clone()),
                    field: crate::spans::field_path_string(&p.path),
                    message: p.message,
                    help: p.help,
                    location: Some(location),
                });
            }
        }
        out.documents.push(doc);
    }
    out
}

fn read_file(
    path: &Path,
    options: &LoadOptions,
) -> Result<String, (u32, u32, String, &'static str)> {
    let meta = std::fs::metadata(path).map_err(|e| {
        (
            1,
            1,
            format!("cannot read {}: {e}", path.display()),
            "check the path and its permissions",
        )
    })?;
    if meta.is_dir() {
        return Err((
            1,
            1,
            format!("{} is a folder, not a YAML file", path.display()),
            "name the folder itself, or rename it",
        ));
    }
    if meta.len() > options.max_file_bytes {
        return Err((
            1,
            1,
            format!(
                "{} is {} bytes, more than the {} bytes a declaration file may have",
                path.display(),
                meta.len(),
                options.max_file_bytes
            ),
            "split the file; governance declarations are small",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        (
            1,
            1,
            format!("cannot read {}: {e}", path.display()),
            "check the path and its permissions",
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = &e.as_bytes()[..valid];
        let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
        let column = prefix.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
            format!(
                "{} is not UTF-8 (invalid byte at line {line})",
                path.display()
            ),
            "save the file as UTF-8",
        )
    })
}

/// Load files and folders.
#[must_use]
pub fn load_paths(paths: &[PathBuf], options: &LoadOptions) -> LoadOutput {
    let (files, mut findings) = walk(paths, options);
    let schemas = SchemaSet::get();
    let results: Vec<(String, FileLoad)> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let display = path.display().to_string();
            match read_file(path, options) {
                Ok(text) => {
                    let lines = LineIndex::new(&text);
                    let result = load_text(i, &display, &text, &lines, schemas);
                    (display, Ok((Arc::from(text), Arc::new(lines), result)))
                }
                Err((line, column, message, help)) => {
                    let f = cg000(&display, line, column, message, help);
                    (display, Err(f))
                }
            }
        })
        .collect();
    let mut out = LoadOutput::default();
    for (display, result) in results {
        // Keep file indexes aligned with documents even for unreadable files.
        match result {
            Ok((text, lines, r)) => {
                out.files.push(SourceFile {
                    path: display,
                    text,
                    lines,
                });
                out.documents.extend(r.documents);
                findings.extend(r.findings);
            }
            Err(f) => {
                out.files.push(SourceFile {
                    path: display,
                    text: Arc::from(""),
                    lines: Arc::new(LineIndex::default()),
                });
                findings.push(f);
            }
        }
    }
    out.findings = findings;
    out
}

/// Load YAML text (tests, fixtures, stdin).
#[must_use]
pub fn load_str(display_path: &str, text: &str) -> LoadOutput {
    let lines = LineIndex::new(text);
    let r = load_text(0, display_path, text, &lines, SchemaSet::get());
    LoadOutput {
        files: vec![SourceFile {
            path: display_path.to_owned(),
            text: Arc::from(text),
            lines: Arc::new(lines),
        }],
        documents: r.documents,
        findings: r.findings,
    }
}
