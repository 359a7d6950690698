//! `--format json`: the stable shape fixed in DESIGN.md.
//!
//! `{"findings":[{"rule","severity","resource":{"kind","name","namespace"},
//! "field","message","help","file","line","column"}],"summary":{"error",
//! "warning","info","resources"}}`. `resource` is `null` for findings about a
//! file (CG000); `file`, `line` and `column` are `null` for findings with no
//! location.

use serde_json::{Value, json};

use crate::finding::{Finding, Summary};

/// One finding as a JSON object.
#[must_use]
pub fn finding_value(f: &Finding) -> Value {
    json!({
        "rule": f.rule,
        "severity": f.severity,
        "resource": f.resource,
        "field": f.field,
        "message": f.message,
        "help": f.help,
        "file": f.location.as_ref().map(|l| l.file.clone()),
        "line": f.location.as_ref().map(|l| l.line),
        "column": f.location.as_ref().map(|l| l.column),
    })
}

/// Render findings and summary.
#[must_use]
pub fn render(findings: &[Finding], summary: &Summary) -> String {
    let value = json!({
        "findings": findings.iter().map(finding_value).collect::<Vec<_>>(),
        "summary": {
            "error": summary.error,
            "warning": summary.warning,
            "info": summary.info,
            "resources": summary.resources,
        },
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}
