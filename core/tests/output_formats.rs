#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Machine formats validate against the official schemas in ../shared/schemas
//! and carry what CI systems need.

use std::path::PathBuf;

use caregov_core::date;
use caregov_core::finding::{Finding, Location, ResourceRef, Severity, Summary};
use caregov_core::output::{RenderContext, github, json, junit, policyreport, sarif};
use serde_json::Value;

fn schemas() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/schemas");
    assert!(
        dir.is_dir(),
        "the official schemas are expected at {} (shared/ beside the repository)",
        dir.display()
    );
    dir
}

fn findings() -> Vec<Finding> {
    vec![
        Finding {
            rule: "CG301".into(),
            severity: Severity::Error,
            resource: Some(ResourceRef { kind: "ProcessingActivity".into(), name: "pathway-planning".into(), namespace: "north-ics".into() }),
            field: "spec.controllers[0]".into(),
            message: "Pseudonymised data flows from a to b, with \"quotes\", <tags> & 100% commas, colons: yes\nand a newline".into(),
            help: "sign a sharing agreement".into(),
            location: Some(Location { file: "examples/north ics/a.yaml".into(), line: 12, column: 5, offset: 0, length: 0 }),
        },
        Finding {
            rule: "CG303".into(),
            severity: Severity::Warning,
            resource: Some(ResourceRef { kind: "Agreement".into(), name: "dsa".into(), namespace: "other".into() }),
            field: "spec.expiresOn".into(),
            message: "expires soon".into(),
            help: String::new(),
            location: None,
        },
        Finding {
            rule: "CG000".into(),
            severity: Severity::Error,
            resource: None,
            field: String::new(),
            message: "YAML error".into(),
            help: "fix it".into(),
            location: Some(Location { file: "bad.yaml".into(), line: 3, column: 1, offset: 0, length: 0 }),
        },
        Finding {
            rule: "LOCAL001".into(),
            severity: Severity::Info,
            resource: Some(ResourceRef { kind: "Organisation".into(), name: "icb".into(), namespace: "north-ics".into() }),
            field: String::new(),
            message: "a user rule".into(),
            help: String::new(),
            location: None,
        },
    ]
}

fn summary(f: &[Finding]) -> Summary {
    Summary::of(f, 45, 27)
}

fn ctx() -> RenderContext {
    RenderContext::new("0.1.0", date::parse("2026-11-24").unwrap())
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(false)
        .build(schema)
        .unwrap()
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(schemas().join("sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let f = findings();
    let out: Value = serde_json::from_str(&sarif::render(&f, &summary(&f), &ctx())).unwrap();
    let problems = errors(&validator(&schema), &out);
    assert!(problems.is_empty(), "{problems:#?}");
    let results = out["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["level"], "error");
    assert_eq!(results[3]["level"], "note");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "examples/north%20ics/a.yaml"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        12
    );
    let rules = out["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(
        rules.iter().any(|r| r["id"] == "LOCAL001"),
        "user rules are described too"
    );
    let idx = results[0]["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], "CG301");
    assert!(
        rules[idx]["help"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with("# CG301")
    );
}

fn crd_schema(file: &str, version: &str) -> Value {
    let text = std::fs::read_to_string(schemas().join(file)).unwrap();
    let crd: Value = serde_saphyr::from_str(&text).unwrap();
    let v = crd["spec"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == version)
        .unwrap();
    strip_k8s(&v["schema"]["openAPIV3Schema"])
}

fn strip_k8s(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with("x-kubernetes-"))
                .map(|(k, v)| (k.clone(), strip_k8s(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_k8s).collect()),
        o => o.clone(),
    }
}

#[test]
fn openreports_reports_validate_against_the_report_crd_one_per_namespace() {
    let schema = crd_schema("openreports.io_reports.yaml", "v1alpha1");
    let f = findings();
    let reports = policyreport::reports(
        &f,
        &["north-ics".into(), "quiet".into()],
        policyreport::Api::OpenReports,
        &ctx(),
    );
    assert_eq!(
        reports.len(),
        4,
        "north-ics, other, default (the file finding) and the quiet namespace"
    );
    let v = validator(&schema);
    for r in &reports {
        let problems = errors(&v, r);
        assert!(problems.is_empty(), "{problems:#?}");
    }
    let ns = reports
        .iter()
        .find(|r| r["metadata"]["namespace"] == "north-ics")
        .unwrap();
    assert_eq!(ns["summary"]["fail"], 1);
    assert_eq!(ns["results"][0]["policy"], "CG301");
    assert_eq!(
        ns["results"][0]["resources"][0]["apiVersion"],
        "caregov.dev/v1alpha1"
    );
    let quiet = reports
        .iter()
        .find(|r| r["metadata"]["namespace"] == "quiet")
        .unwrap();
    assert_eq!(quiet["results"].as_array().unwrap().len(), 0);
    let yaml = policyreport::render(
        &f,
        &["north-ics".into()],
        policyreport::Api::OpenReports,
        &ctx(),
    );
    assert!(yaml.contains("kind: Report"));
}

#[test]
fn wgpolicyk8s_policy_reports_validate_against_the_v1alpha2_crd() {
    let schema = crd_schema("wgpolicyk8s.io_policyreports.yaml", "v1alpha2");
    let f = findings();
    let reports = policyreport::reports(&f, &[], policyreport::Api::WgPolicyK8s, &ctx());
    let v = validator(&schema);
    for r in &reports {
        assert_eq!(r["apiVersion"], "wgpolicyk8s.io/v1alpha2");
        let problems = errors(&v, r);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}

#[test]
fn json_has_the_stable_shape_with_nulls_where_nothing_is_known() {
    let f = findings();
    let out: Value = serde_json::from_str(&json::render(&f, &summary(&f))).unwrap();
    assert_eq!(
        out["summary"],
        serde_json::json!({"error": 2, "warning": 1, "info": 1, "resources": 45})
    );
    assert_eq!(out["findings"][0]["file"], "examples/north ics/a.yaml");
    assert_eq!(out["findings"][1]["file"], Value::Null);
    assert_eq!(out["findings"][2]["resource"], Value::Null);
}

#[test]
fn github_annotations_escape_data_and_properties() {
    let f = findings();
    let out = github::render(&f, &summary(&f));
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("::error file=examples/north ics/a.yaml,line=12,col=5,title=CG301 flow-without-sharing-agreement::"), "{first}");
    assert!(first.contains("100%25 commas"), "{first}");
    assert!(first.contains("%0Aand a newline"), "{first}");
    assert!(out.contains("::warning title=CG303"), "{out}");
    assert!(out.contains("::notice title=LOCAL001"), "{out}");
}

#[test]
fn junit_is_escaped_and_a_clean_run_passes() {
    let f = findings();
    let out = junit::render(&f, &summary(&f), &ctx());
    assert!(
        out.contains("&quot;quotes&quot;, &lt;tags&gt; &amp; 100%"),
        "{out}"
    );
    assert!(out.contains("<failure type=\"error\""));
    assert!(out.contains("<skipped"), "infos are skipped, not failures");
    let clean = junit::render(&[], &Summary::of(&[], 45, 27), &ctx());
    assert!(
        clean.contains("failures=\"0\"") && clean.contains("45 resources comply"),
        "{clean}"
    );
}
