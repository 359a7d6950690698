//! `--format github`: GitHub Actions workflow commands, one per finding.

use crate::finding::{Finding, Severity, Summary};

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Render findings as `::error file=…,line=…,col=…,title=…::message`.
#[must_use]
pub fn render(findings: &[Finding], summary: &Summary) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(l) = &f.location {
            props.push(format!("file={}", escape_property(&l.file)));
            props.push(format!("line={}", l.line));
            props.push(format!("col={}", l.column));
        }
        let meta = super::rule_meta(&f.rule, f.severity);
        props.push(format!(
            "title={}",
            escape_property(&format!("{} {}", f.rule, meta.name))
        ));
        let mut message = f.message.clone();
        if !f.help.is_empty() {
            message.push_str("\nhelp: ");
            message.push_str(&f.help);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out.push_str(&format!(
        "caregov: {} errors, {} warnings, {} infos in {} resources\n",
        summary.error, summary.warning, summary.info, summary.resources
    ));
    out
}
