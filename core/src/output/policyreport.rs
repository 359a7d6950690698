//! `--format policyreport`: one report per namespace, as an OpenReports
//! `openreports.io/v1alpha1` Report (default) or a `wgpolicyk8s.io/v1alpha2`
//! PolicyReport, as multi-document YAML ready for `kubectl apply`.
//!
//! Results: errors are `fail` (severity high), warnings `warn` (medium),
//! infos `warn` with severity `info`. The summary counts results; a namespace
//! with no findings gets a report with an empty result list and zero counts
//! (caregov does not emit a `pass` per rule and resource: that would be
//! thousands of lines saying nothing).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::RenderContext;
use crate::finding::{Finding, Severity};

/// Which API to emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    OpenReports,
    WgPolicyK8s,
}

fn result_of(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("fail", "high"),
        Severity::Warning => ("warn", "medium"),
        Severity::Info => ("warn", "info"),
    }
}

/// One report per namespace (every namespace listed, findings or not).
#[must_use]
pub fn reports(
    findings: &[Finding],
    namespaces: &[String],
    api: Api,
    ctx: &RenderContext,
) -> Vec<Value> {
    let mut by_ns: BTreeMap<String, Vec<&Finding>> =
        namespaces.iter().map(|n| (n.clone(), Vec::new())).collect();
    for f in findings {
        let ns = f
            .resource
            .as_ref()
            .map_or("default", |r| r.namespace.as_str());
        by_ns.entry(ns.to_owned()).or_default().push(f);
    }
    let (api_version, kind) = match api {
        Api::OpenReports => ("openreports.io/v1alpha1", "Report"),
        Api::WgPolicyK8s => ("wgpolicyk8s.io/v1alpha2", "PolicyReport"),
    };
    let seconds = ctx.epoch_seconds();
    by_ns
        .into_iter()
        .map(|(ns, list)| {
            let (mut fail, mut warn) = (0, 0);
            let results: Vec<Value> = list
                .iter()
                .map(|f| {
                    let (result, severity) = result_of(f.severity);
                    if result == "fail" {
                        fail += 1;
                    } else {
                        warn += 1;
                    }
                    let meta = super::rule_meta(&f.rule, f.severity);
                    let mut properties = serde_json::Map::new();
                    if !f.field.is_empty() {
                        properties.insert("field".into(), Value::String(f.field.clone()));
                    }
                    if let Some(l) = &f.location {
                        properties.insert("file".into(), Value::String(l.file.clone()));
                        properties.insert("line".into(), Value::String(l.line.to_string()));
                    }
                    if !f.help.is_empty() {
                        properties.insert("help".into(), Value::String(f.help.clone()));
                    }
                    let mut r = json!({
                        "source": "caregov",
                        "policy": f.rule,
                        "rule": meta.name,
                        "category": "data-governance",
                        "result": result,
                        "severity": severity,
                        "scored": true,
                        "message": f.message,
                        "properties": properties,
                        "timestamp": {"seconds": seconds, "nanos": 0},
                    });
                    if let (Some(res), Some(obj)) = (&f.resource, r.as_object_mut()) {
                        obj.insert(
                            "resources".into(),
                            json!([{"apiVersion": caregov_crds::API_VERSION, "kind": res.kind, "name": res.name, "namespace": res.namespace}]),
                        );
                    }
                    r
                })
                .collect();
            let mut report = json!({
                "apiVersion": api_version,
                "kind": kind,
                "metadata": {
                    "name": format!("caregov-{ns}"),
                    "namespace": ns,
                    "labels": {"app.kubernetes.io/managed-by": "caregov"},
                },
                "summary": {"pass": 0, "fail": fail, "warn": warn, "error": 0, "skip": 0},
                "results": results,
            });
            if api == Api::OpenReports
                && let Some(obj) = report.as_object_mut()
            {
                obj.insert("source".into(), Value::String("caregov".into()));
            }
            report
        })
        .collect()
}

/// Render the reports as multi-document YAML.
#[must_use]
pub fn render(
    findings: &[Finding],
    namespaces: &[String],
    api: Api,
    ctx: &RenderContext,
) -> String {
    let mut out = String::new();
    for report in reports(findings, namespaces, api, ctx) {
        out.push_str("---\n");
        match serde_saphyr::to_string(&report) {
            Ok(y) => out.push_str(&y),
            Err(e) => out.push_str(&format!("# cannot render report: {e}\n")),
        }
    }
    out
}
