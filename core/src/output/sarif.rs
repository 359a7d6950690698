//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use serde_json::{Value, json};

use super::RenderContext;
use crate::finding::{Finding, Severity, Summary};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/caregov/caregov";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative, forward-slash URI for a path.
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    p.chars()
        .map(|c| match c {
            ' ' => "%20".to_owned(),
            '#' => "%23".to_owned(),
            '?' => "%3F".to_owned(),
            '%' => "%25".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn fingerprint(f: &Finding) -> String {
    let mut h = DefaultHasher::new();
    f.rule.hash(&mut h);
    if let Some(r) = &f.resource {
        r.hash(&mut h);
    }
    f.field.hash(&mut h);
    f.message.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Render findings as a SARIF 2.1.0 log.
#[must_use]
pub fn render(findings: &[Finding], summary: &Summary, ctx: &RenderContext) -> String {
    let rules = super::rules_for(findings);
    let rule_values: Vec<Value> = rules
        .iter()
        .map(|r| {
            let mut v = json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.title},
                "help": {"text": r.help_markdown, "markdown": r.help_markdown},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": ["governance", "health-and-care"]},
            });
            if let (Some(url), Some(obj)) = (&r.docs_url, v.as_object_mut()) {
                obj.insert("helpUri".into(), Value::String(url.clone()));
            }
            v
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = rules.iter().position(|r| r.id == f.rule).unwrap_or(0);
            let mut text = f.message.clone();
            if !f.help.is_empty() {
                text.push_str("\nhelp: ");
                text.push_str(&f.help);
            }
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": {"text": text},
                "partialFingerprints": {"caregovFinding/v1": fingerprint(f)},
            });
            if let Some(obj) = result.as_object_mut() {
                if let Some(l) = &f.location {
                    obj.insert(
                        "locations".into(),
                        json!([{
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri(&l.file), "uriBaseId": "%SRCROOT%"},
                                "region": {"startLine": l.line.max(1), "startColumn": l.column.max(1)},
                            },
                            "logicalLocations": f.resource.as_ref().map(|r| vec![json!({
                                "name": r.name,
                                "fullyQualifiedName": format!("{}/{}/{}", r.namespace, r.kind, r.name),
                                "kind": "resource",
                            })]).unwrap_or_default(),
                        }]),
                    );
                } else if let Some(r) = &f.resource {
                    obj.insert(
                        "locations".into(),
                        json!([{"logicalLocations": [{
                            "name": r.name,
                            "fullyQualifiedName": format!("{}/{}/{}", r.namespace, r.kind, r.name),
                            "kind": "resource",
                        }]}]),
                    );
                }
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "caregov",
                "version": ctx.tool_version,
                "semanticVersion": ctx.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": rule_values,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the folder caregov lint ran in"}}},
            "results": results,
            "properties": {"resources": summary.resources},
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}
