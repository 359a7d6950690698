//! Loading: walk paths, read multi-document YAML (most documents by the
//! fast path of [`crate::yaml_lite`], the rest and every position by
//! serde-saphyr's parser), skip documents of other API groups, and check
//! caregov documents against their CRD (CG002). Problems are findings
//! (CG000, CG002), never panics; one bad file never stops the others.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde_json::Value;

use crate::finding::{Finding, Location, ResourceRef, Severity};
use crate::schema::SchemaSet;
use crate::spans::{LineIndex, PathSeg, Spans, location_of};

/// A file that was read.
///
/// Its text is needed again only where a finding points into it (for the
/// finding's position and the snippet shown): files on disk are not kept
/// in memory but read again then (at 50k resources the texts were about a
/// tenth of the lint's peak), and only if unchanged since they were linted.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as given on the command line or found below it.
    pub path: String,
    /// The text: kept, or read again on first use (`None`: the file changed
    /// or went away since it was linted).
    text: OnceLock<Option<Arc<str>>>,
    /// Where its lines start, worked out with the text.
    lines: OnceLock<LineIndex>,
    /// Length and hash of the text that was linted.
    fingerprint: (usize, u64),
}

fn fingerprint(text: &str) -> (usize, u64) {
    use std::hash::BuildHasher;
    let hash = foldhash::quality::FixedState::with_seed(0).hash_one(text);
    (text.len(), hash)
}

impl SourceFile {
    /// A file whose text is kept in memory (text not read from `path`).
    #[must_use]
    pub fn kept(path: String, text: Arc<str>) -> Self {
        Self {
            path,
            fingerprint: fingerprint(&text),
            text: OnceLock::from(Some(text)),
            lines: OnceLock::new(),
        }
    }

    /// A file on disk, read again when its text is needed.
    #[must_use]
    pub fn on_disk(path: String, text: &str) -> Self {
        Self {
            path,
            fingerprint: fingerprint(text),
            text: OnceLock::new(),
            lines: OnceLock::new(),
        }
    }

    /// The text that was linted; `None` when the file has changed or cannot
    /// be read since.
    pub fn text(&self) -> Option<&Arc<str>> {
        self.text
            .get_or_init(|| {
                let text = std::fs::read_to_string(&self.path).ok()?;
                (fingerprint(&text) == self.fingerprint).then(|| Arc::from(text))
            })
            .as_ref()
    }

    /// The text with its line index (`None` as for [`SourceFile::text`]).
    pub fn text_and_lines(&self) -> Option<(&str, &LineIndex)> {
        let text = self.text()?;
        Some((text, self.lines.get_or_init(|| LineIndex::new(text))))
    }
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
    /// The whole document as JSON. Documents read by [`load_paths`] keep
    /// it only with [`LoadOptions::keep_json`]: once checked and typed, the
    /// JSON is the largest part of a loaded file and nothing needs it.
    pub value: Value,
    /// The typed resource (valid documents of the caregov kinds), or why the
    /// spec does not fit its type.
    pub typed: Option<Result<crate::catalog::TypedResource, String>>,
    /// Where the document's text is in its file: byte offset and length.
    pub source: (u32, u32),
    /// The 1-based line the document's text starts on.
    pub line: u32,
    /// Where every node is, worked out on first use (see [`Document::spans`]).
    pub spans: OnceLock<Spans>,
    /// False when CG002 findings were raised for it.
    pub valid: bool,
}

impl Document {
    /// Where every node of the document is, given its file's text.
    ///
    /// Kept for every document, the span tables were the largest part of a
    /// loaded 50k-resource system (about 50 MB), and a lint reports on few
    /// documents: so they are not kept at load, and a document's table is
    /// built by parsing its text again the first time a finding needs it
    /// (the text parsed at load, so it parses again; should it not, the
    /// table is empty and locations fall back to the document's start).
    pub fn spans(&self, text: &str) -> &Spans {
        self.spans.get_or_init(|| {
            let (start, len) = (self.source.0 as usize, self.source.1 as usize);
            let nodes = text
                .get(start..start + len)
                .and_then(|chunk| crate::yaml::parse_document(chunk, start, true).ok())
                .flatten()
                .map(|(_, nodes)| nodes)
                .unwrap_or_default();
            Spans { nodes }
        })
    }

    /// Where `path` is (or, when it does not exist, its deepest existing
    /// ancestor). Map entries point at their key.
    #[must_use]
    pub fn locate(&self, files: &[SourceFile], path: &[PathSeg]) -> Location {
        let Some(file) = files.get(self.file) else {
            return Location::default();
        };
        self.locate_in(&file.path, file.text_and_lines(), path, true)
    }

    /// [`Document::locate`] given its file's name and (when it can be had)
    /// text and line index; a map entry points at its key with `at_key`.
    /// Without the text (the file changed since): the document's start.
    fn locate_in(
        &self,
        display: &str,
        text: Option<(&str, &LineIndex)>,
        path: &[PathSeg],
        at_key: bool,
    ) -> Location {
        let found = text.and_then(|(text, lines)| {
            let (node, _) = self.spans(text).find(text, path)?;
            Some(location_of(display, text, lines, node, at_key))
        });
        found.unwrap_or_else(|| Location {
            file: display.to_owned(),
            line: self.line,
            column: 1,
            offset: self.source.0 as usize,
            length: 0,
        })
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
    /// Keep each document's JSON ([`Document::value`]) after typing it.
    pub keep_json: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            respect_gitignore: true,
            max_file_bytes: 16 * 1024 * 1024,
            keep_json: false,
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

/// Split a file into documents at `---` lines: (byte offset, 1-based line, text).
pub(crate) fn split_documents(text: &str) -> Vec<(usize, u32, &str)> {
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

/// What one file produced, or the finding that it could not be read.
type FileLoad = Result<FileResult, Finding>;

struct FileResult {
    documents: Vec<Document>,
    findings: Vec<Finding>,
}

fn load_text(
    file_index: usize,
    display: &str,
    text: &str,
    lines: &std::cell::OnceCell<LineIndex>,
    schemas: &SchemaSet,
    keep_json: bool,
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
        let (value, nodes) = match crate::yaml::parse_document(chunk, base, false) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => continue,
            Err(e) => {
                let line = start_line + e.line.saturating_sub(1);
                let help = hint_for(&e.message);
                out.findings.push(cg000(
                    display,
                    line,
                    e.column,
                    format!("YAML error: {}", e.message),
                    help,
                ));
                continue;
            }
        };
        if value.is_null() {
            continue;
        }
        let is_map = value.is_object();
        let offset = nodes.first().map_or(base as u32, |n| n.offset);
        if !is_map {
            let lines = lines.get_or_init(|| LineIndex::new(text));
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
            source: (
                u32::try_from(base).unwrap_or(u32::MAX),
                u32::try_from(chunk.len()).unwrap_or(u32::MAX),
            ),
            line: start_line,
            spans: OnceLock::new(),
            valid: true,
            typed: None,
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
                let lines = lines.get_or_init(|| LineIndex::new(text));
                let location = doc.locate_in(display, Some((text, lines)), &p.path, p.at_key);
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
        if doc.valid {
            doc.typed = Some(crate::catalog::TypedResource::of(&mut doc, keep_json));
        }
        if !keep_json {
            doc.value = Value::Null;
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
    // The schemas are compiled (once per process) while the folders are walked.
    let ((files, mut findings), schemas) = rayon::join(|| walk(paths, options), SchemaSet::get);
    let results: Vec<(SourceFile, FileLoad)> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let display = path.display().to_string();
            match read_file(path, options) {
                Ok(text) => {
                    // Where lines start is worked out only for a file with
                    // a finding at load.
                    let lines = std::cell::OnceCell::new();
                    let result = load_text(i, &display, &text, &lines, schemas, options.keep_json);
                    let file = SourceFile::on_disk(display, &text);
                    (file, Ok(result))
                }
                Err((line, column, message, help)) => {
                    let f = cg000(&display, line, column, message, help);
                    let file = SourceFile::kept(display, Arc::from(""));
                    (file, Err(f))
                }
            }
        })
        .collect();
    let mut out = LoadOutput::default();
    for (file, result) in results {
        // Keep file indexes aligned with documents even for unreadable files.
        match result {
            Ok(r) => {
                out.files.push(file);
                out.documents.extend(r.documents);
                findings.extend(r.findings);
            }
            Err(f) => {
                out.files.push(file);
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
    let lines = std::cell::OnceCell::new();
    let r = load_text(0, display_path, text, &lines, SchemaSet::get(), true);
    LoadOutput {
        files: vec![SourceFile::kept(display_path.to_owned(), Arc::from(text))],
        documents: r.documents,
        findings: r.findings,
    }
}
