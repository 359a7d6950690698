//! `--format junit`: JUnit XML for GitLab, Jenkins and other CI systems.
//!
//! One `<testsuite>` per rule that fired, one `<testcase>` per finding named
//! after the resource and field, so CI systems list each problem on its own
//! line grouped by rule. Errors and warnings are `<failure>`s (the type says
//! which); infos are `<skipped>` with the message, so they show without
//! failing the build. A clean run is one passing test case.

use std::collections::BTreeMap;

use super::RenderContext;
use crate::finding::{Finding, Severity, Summary};

/// Escape text for XML attributes and content.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

fn case_name(f: &Finding) -> String {
    match (&f.resource, &f.location) {
        (Some(r), _) => format!("{}/{}/{} {}", r.namespace, r.kind, r.name, f.field),
        (None, Some(l)) => format!("{}:{}", l.file, l.line),
        (None, None) => f.message.clone(),
    }
}

/// Render findings as JUnit XML.
#[must_use]
pub fn render(findings: &[Finding], summary: &Summary, ctx: &RenderContext) -> String {
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_rule.entry(f.rule.as_str()).or_default().push(f);
    }
    let failures = summary.error + summary.warning;
    let tests = findings.len().max(1);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"caregov lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{}\" timestamp=\"{}\">\n",
        summary.info,
        ctx.timestamp()
    ));
    if findings.is_empty() {
        out.push_str(&format!(
            "  <testsuite name=\"caregov\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n    <testcase classname=\"caregov\" name=\"{} resources comply with every rule\"/>\n  </testsuite>\n",
            summary.resources
        ));
    }
    for (rule, list) in by_rule {
        let meta = super::rule_meta(rule, list.first().map_or(Severity::Error, |f| f.severity));
        let fails = list.iter().filter(|f| f.severity != Severity::Info).count();
        let skipped = list.len() - fails;
        out.push_str(&format!(
            "  <testsuite name=\"{} {}\" tests=\"{}\" failures=\"{fails}\" errors=\"0\" skipped=\"{skipped}\">\n",
            escape(rule),
            escape(&meta.name),
            list.len()
        ));
        for f in list {
            let at = f.location.as_ref().map_or_else(String::new, |l| {
                format!("{}:{}:{}", l.file, l.line, l.column)
            });
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"{}>\n",
                escape(rule),
                escape(&case_name(f)),
                f.location.as_ref().map_or_else(String::new, |l| format!(
                    " file=\"{}\" line=\"{}\"",
                    escape(&l.file),
                    l.line
                ))
            ));
            let body = format!("{at}\n{}\nhelp: {}", f.message, f.help);
            if f.severity == Severity::Info {
                out.push_str(&format!(
                    "      <skipped message=\"{}\"/>\n",
                    escape(&f.message)
                ));
            } else {
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    f.severity,
                    escape(&f.message),
                    escape(&body)
                ));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
