//! Machine output formats. Each renderer is a pure function of the sorted
//! findings, the summary and a context; the CLI only chooses one.

pub mod github;
pub mod json;
pub mod junit;
pub mod policyreport;
pub mod sarif;

use crate::date::Date;
use crate::finding::{Finding, Severity, docs_url};
use crate::rules::{RULES, docs};

/// What renderers need besides the findings.
#[derive(Debug, Clone)]
pub struct RenderContext {
    pub tool_version: String,
    /// The run's date: timestamps derive from it so output is reproducible.
    pub today: Date,
}

impl RenderContext {
    #[must_use]
    pub fn new(tool_version: &str, today: Date) -> Self {
        Self {
            tool_version: tool_version.to_owned(),
            today,
        }
    }

    /// `today` at midnight UTC, RFC 3339.
    #[must_use]
    pub fn timestamp(&self) -> String {
        format!("{}T00:00:00Z", self.today)
    }

    /// Seconds since the Unix epoch of `today` at midnight UTC.
    #[must_use]
    pub fn epoch_seconds(&self) -> i64 {
        let epoch = Date::constant(1970, 1, 1);
        crate::date::days_between(epoch, self.today) * 86_400
    }
}

/// What is known about a rule id for output (built-in or user).
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    /// Short kebab-case name, e.g. `flow-without-sharing-agreement`.
    pub name: String,
    pub title: String,
    pub severity: Severity,
    pub help_markdown: String,
    pub docs_url: Option<String>,
}

/// Metadata of a rule id; user rules get a generic entry.
#[must_use]
pub fn rule_meta(id: &str, fallback: Severity) -> RuleMeta {
    match crate::rules::rule(id) {
        Some(r) => RuleMeta {
            id: r.id.to_owned(),
            name: r
                .folder
                .split_once('-')
                .map_or(r.folder, |(_, n)| n)
                .to_owned(),
            title: r.title.to_owned(),
            severity: r.severity,
            help_markdown: docs(r.id).unwrap_or(r.title).to_owned(),
            docs_url: Some(docs_url(r.id)),
        },
        None => RuleMeta {
            id: id.to_owned(),
            name: id.to_ascii_lowercase(),
            title: format!("user rule {id}"),
            severity: fallback,
            help_markdown: format!(
                "User rule {id}, loaded with --policy or `policies` in caregov.toml."
            ),
            docs_url: None,
        },
    }
}

/// Every built-in rule plus the user rules that appear in `findings`.
#[must_use]
pub fn rules_for(findings: &[Finding]) -> Vec<RuleMeta> {
    let mut out: Vec<RuleMeta> = RULES.iter().map(|r| rule_meta(r.id, r.severity)).collect();
    for f in findings {
        if !out.iter().any(|m| m.id == f.rule) {
            out.push(rule_meta(&f.rule, f.severity));
        }
    }
    out
}
