//! Findings: what every check produces. A finding is data, never an error.

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }

    /// Parse `error`, `warning` or `info` (case-insensitive).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "error" => Some(Self::Error),
            "warning" | "warn" => Some(Self::Warning),
            "info" => Some(Self::Info),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The resource a finding is about.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceRef {
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

/// Where in a file a finding points. Lines and columns are 1-based.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Location {
    /// The path as given on the command line (or found below it).
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// Byte offset and length of the span in the file, for snippets.
    #[serde(skip)]
    pub offset: usize,
    #[serde(skip)]
    pub length: usize,
}

/// One problem found in the declarations.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Rule code, e.g. `CG301`, or a user rule's id.
    pub rule: String,
    pub severity: Severity,
    /// The resource, when the finding is about one (CG000 is about a file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceRef>,
    /// Dotted field path, e.g. `spec.parties[1].signedOn`; empty for the whole resource.
    pub field: String,
    pub message: String,
    pub help: String,
    /// Where it points; `None` for findings on objects not read from a file (the operator).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Finding {
    /// Sort key: file, line, column, rule, message — stable output for snapshots.
    #[must_use]
    pub fn sort_key(&self) -> (String, u32, u32, String, String) {
        match &self.location {
            Some(l) => (
                l.file.clone(),
                l.line,
                l.column,
                self.rule.clone(),
                self.message.clone(),
            ),
            None => (String::new(), 0, 0, self.rule.clone(), self.message.clone()),
        }
    }
}

/// Sort findings by file, line, column, rule for stable output.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_cached_key(Finding::sort_key);
}

/// Counts by severity plus how much was read.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// caregov resources read.
    pub resources: usize,
    /// Files read.
    #[serde(skip)]
    pub files: usize,
    /// Findings silenced by exceptions or annotations.
    #[serde(skip)]
    pub suppressed: usize,
}

impl Summary {
    /// Count findings by severity.
    #[must_use]
    pub fn of(findings: &[Finding], resources: usize, files: usize) -> Self {
        let mut s = Self {
            resources,
            files,
            ..Self::default()
        };
        for f in findings {
            match f.severity {
                Severity::Error => s.error += 1,
                Severity::Warning => s.warning += 1,
                Severity::Info => s.info += 1,
            }
        }
        s
    }

    /// Whether any finding is at or above `threshold`.
    #[must_use]
    pub fn fails(&self, threshold: Severity) -> bool {
        match threshold {
            Severity::Error => self.error > 0,
            Severity::Warning => self.error + self.warning > 0,
            Severity::Info => self.error + self.warning + self.info > 0,
        }
    }
}

/// Where the rule pages live: the rule folders of the repository (the same
/// pages `caregov explain CGnnn` prints offline).
pub const DOCS_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/core/policy/");

/// The documentation URL of a rule (its README in the repository); user rules
/// have none, so they get the contract page.
#[must_use]
pub fn docs_url(rule: &str) -> String {
    match crate::rules::rule(rule) {
        Some(info) => format!("{DOCS_BASE}{}/README.md", info.folder),
        None => format!("{DOCS_BASE}INPUT.md"),
    }
}
