#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every rule folder's fixtures: `fail.yaml` must produce the rule,
//! `pass.yaml` must not. What the user sees for `fail.yaml` is snapshotted
//! beside it (`fixtures/fail.snap`). `CAREGOV_RULE=CG301` runs one rule.

use std::path::{Path, PathBuf};

use caregov_core::date;
use caregov_core::finding::Finding;
use caregov_core::lint::{LintOptions, lint_str};
use caregov_core::rules::{RULES, RuleEngine};

const FIXTURE_TODAY: &str = "2026-06-01";

fn policy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policy")
}

/// `# today: YYYY-MM-DD` on the first line overrides the fixture date.
fn today_of(text: &str) -> date::Date {
    let first = text.lines().next().unwrap_or_default();
    let wanted = first
        .strip_prefix("# today:")
        .map(str::trim)
        .unwrap_or(FIXTURE_TODAY);
    date::parse(wanted).unwrap_or_else(|| panic!("bad fixture date {wanted:?}"))
}

fn run(path: &Path) -> Vec<Finding> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let display = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string();
    let options = LintOptions::new(today_of(&text));
    match lint_str(&display, &text, &options) {
        Ok(report) => report.findings,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

fn line(f: &Finding) -> String {
    let at = f.location.as_ref().map_or_else(String::new, |l| {
        format!("{}:{}:{} ", l.file, l.line, l.column)
    });
    let res = f
        .resource
        .as_ref()
        .map_or_else(String::new, |r| format!("{}/{} ", r.kind, r.name));
    format!(
        "{at}{} {} {res}{}: {}\n  help: {}",
        f.rule, f.severity, f.field, f.message, f.help
    )
}

fn selected() -> Vec<&'static caregov_core::rules::RuleInfo> {
    let only = std::env::var("CAREGOV_RULE").ok();
    RULES
        .iter()
        .filter(|r| only.as_deref().is_none_or(|o| o.eq_ignore_ascii_case(r.id)))
        .collect()
}

#[test]
fn every_rule_fires_on_its_failing_fixture_and_not_on_its_passing_one() {
    let mut problems = Vec::new();
    for rule in selected() {
        let dir = policy_dir().join(rule.folder).join("fixtures");
        let fail = dir.join("fail.yaml");
        let pass = dir.join("pass.yaml");
        if !fail.exists() || !pass.exists() {
            problems.push(format!(
                "{}: fixtures missing in {}",
                rule.id,
                dir.display()
            ));
            continue;
        }
        let failing = run(&fail);
        let hits: Vec<&Finding> = failing.iter().filter(|f| f.rule == rule.id).collect();
        if hits.is_empty() {
            let seen: Vec<String> = failing.iter().map(line).collect();
            problems.push(format!(
                "{}: fail.yaml produced no {} finding; it produced:\n{}",
                rule.id,
                rule.id,
                seen.join("\n")
            ));
        } else {
            let rendered: String = hits.iter().map(|f| line(f) + "\n").collect();
            insta::with_settings!({snapshot_path => dir.clone(), prepend_module_to_snapshot => false, omit_expression => true}, {
                insta::assert_snapshot!("fail", rendered);
            });
        }
        let passing = run(&pass);
        let wrong: Vec<String> = passing
            .iter()
            .filter(|f| f.rule == rule.id)
            .map(line)
            .collect();
        if !wrong.is_empty() {
            problems.push(format!(
                "{}: pass.yaml produced {}:\n{}",
                rule.id,
                rule.id,
                wrong.join("\n")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn rule_table_folders_and_docs_agree() {
    let mut problems = Vec::new();
    for rule in RULES {
        let dir = policy_dir().join(rule.folder);
        if !dir.join("README.md").exists() {
            problems.push(format!("{}: {}/README.md missing", rule.id, rule.folder));
        }
        let has_rego = dir.join("rule.rego").exists();
        match rule.engine {
            RuleEngine::Rego if !has_rego => {
                problems.push(format!("{}: rule.rego missing", rule.id))
            }
            RuleEngine::Rust if has_rego => {
                problems.push(format!("{}: checked in Rust but has a rule.rego", rule.id))
            }
            _ => {}
        }
        if has_rego {
            let src = std::fs::read_to_string(dir.join("rule.rego")).unwrap_or_default();
            let package = format!("package caregov.rules.{}", rule.id.to_ascii_lowercase());
            if !src.contains(&package) {
                problems.push(format!(
                    "{}: rule.rego does not declare `{package}`",
                    rule.id
                ));
            }
        }
        if let Ok(readme) = std::fs::read_to_string(dir.join("README.md"))
            && !readme.starts_with(&format!("# {}", rule.id))
        {
            problems.push(format!(
                "{}: README.md must start with `# {}: …`",
                rule.id, rule.id
            ));
        }
    }
    let known: Vec<&str> = RULES.iter().map(|r| r.folder).collect();
    for entry in std::fs::read_dir(policy_dir())
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.path().is_dir() && !known.contains(&name.as_str()) {
            problems.push(format!(
                "policy/{name} is not in the rule table (core/src/rules/registry.rs)"
            ));
        }
    }
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    let before = ids.len();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != before {
        problems.push("duplicate ids in the rule table".to_owned());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// CG603 once had one function per reason, which Rego refuses as a
/// conflict ("functions must not produce multiple outputs") when two
/// reasons hold: the lint then failed instead of reporting.
#[test]
fn cg603_reports_every_reason_that_holds() {
    let path = policy_dir()
        .join("CG603-high-risk-without-dpia")
        .join("fixtures")
        .join("fail.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "  purpose: PathwayPlanning",
        "  purpose: RiskStratificationPlanning",
    );
    let report = lint_str(
        "two-reasons.yaml",
        &text,
        &LintOptions::new(today_of(&text)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let messages: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "CG603")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m
            .contains("risk stratification (profiling); it processes personal data system-wide")),
        "{messages:#?}"
    );
}
