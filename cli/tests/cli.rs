#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The real binary: exit codes, every output format, configuration, user
//! policies and the other verbs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn caregov(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caregov"))
        .args(args)
        .current_dir(fixtures())
        .env_remove("CAREGOV_TODAY")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const LINT: [&str; 5] = ["lint", "--no-config", "--today", "2026-11-24", "system"];

#[test]
fn lint_exits_1_on_errors_and_prints_diagnostics_with_the_source_line() {
    let out = caregov(&LINT);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("CG701"), "{text}");
    assert!(text.contains("CG004"), "{text}");
    assert!(
        text.contains("serviceScopes: []"),
        "the snippet shows the offending line:\n{text}"
    );
    assert!(
        text.contains("1 error, 1 warning in 3 resources (1 file)"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour when NO_COLOR is set or stdout is not a terminal"
    );
}

#[test]
fn fail_on_warning_counts_warnings_and_exit_0_when_below_threshold() {
    let clean = caregov(&[
        "lint",
        "--no-config",
        "--today",
        "2026-11-24",
        "../../../examples/north-ics",
    ]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}{}",
        stdout(&clean),
        stderr(&clean)
    );
    let mut args = LINT.to_vec();
    args.extend(["--fail-on", "warning"]);
    assert_eq!(caregov(&args).status.code(), Some(1));
}

#[test]
fn json_output_has_the_stable_shape() {
    let mut args = LINT.to_vec();
    args.extend(["--format", "json"]);
    let out = caregov(&args);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CG701")
        .unwrap();
    assert_eq!(f["severity"], "error");
    assert_eq!(f["resource"]["kind"], "ProcessingActivity");
    assert_eq!(f["resource"]["name"], "acute-commissioning");
    assert_eq!(f["resource"]["namespace"], "riverside");
    assert_eq!(f["field"], "spec.serviceScopes");
    assert_eq!(f["file"], "system/system.yaml");
    assert_eq!(f["line"], 35);
    assert!(f["column"].as_u64().unwrap() > 0);
    assert!(!f["help"].as_str().unwrap().is_empty());
    assert_eq!(v["summary"]["error"], 1);
    assert_eq!(v["summary"]["warning"], 1);
    assert_eq!(v["summary"]["resources"], 3);
}

#[test]
fn every_machine_format_renders() {
    for (format, marker) in [
        ("sarif", "\"version\": \"2.1.0\""),
        ("junit", "<testsuites"),
        ("github", "::error file=system/system.yaml"),
        ("policyreport", "openreports.io/v1alpha1"),
    ] {
        let mut args = LINT.to_vec();
        args.extend(["--format", format]);
        let out = caregov(&args);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        assert!(
            stdout(&out).contains(marker),
            "{format} output lacks {marker:?}:\n{}",
            stdout(&out)
        );
    }
    let mut args = LINT.to_vec();
    args.extend([
        "--format",
        "policyreport",
        "--policyreport-api",
        "wgpolicyk8s",
    ]);
    assert!(stdout(&caregov(&args)).contains("wgpolicyk8s.io/v1alpha2"));
}

#[test]
fn user_policy_adds_its_own_findings() {
    let mut args = LINT.to_vec();
    args.extend(["--policy", "policies/good", "--format", "json"]);
    let out = caregov(&args);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let local: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "LOCAL001")
        .collect();
    assert_eq!(local.len(), 1, "{v}");
    assert_eq!(local[0]["severity"], "warning");
}

#[test]
fn policy_that_does_not_compile_is_reported_with_its_file_and_line_and_exit_2() {
    let mut args = LINT.to_vec();
    args.extend(["--policy", "policies/broken"]);
    let out = caregov(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("policies/broken/broken.rego:"), "{err}");
}

#[test]
fn policy_that_parses_but_is_unsafe_is_reported_against_its_own_file() {
    let mut args = LINT.to_vec();
    args.extend(["--policy", "policies/unsafe"]);
    let out = caregov(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("policies/unsafe/unsafe.rego:10:"), "{err}");
    assert!(
        !err.contains("caregov.rules"),
        "names a built-in rule: {err}"
    );
}

#[test]
fn runaway_policy_is_stopped_by_the_time_limit() {
    let mut args = LINT.to_vec();
    args.extend(["--policy", "policies/runaway", "--policy-timeout", "1"]);
    let out = caregov(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("local003") && err.contains("stopped"), "{err}");
}

#[test]
fn config_overrides_severity_and_exceptions_suppress_with_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("system/system.yaml"),
        dir.path().join("system.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("caregov.toml"),
        r#"
[severity]
CG004 = "error"

[[exceptions]]
rule = "CG701"
resource = "ProcessingActivity/acute-commissioning"
reason = "scopes agreed at the December board"
owner = "ig.lead@riverside.icb.nhs.uk"
expires = "2027-01-31"

[[exceptions]]
rule = "CG004"
resource = "Organisation/riverside-medical-centre"
reason = ""
owner = "nobody"
"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_caregov"))
        .args(["lint", "--today", "2026-11-24", "--format", "json", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules.contains(&"CG701"),
        "the exception suppresses CG701: {rules:?}"
    );
    assert!(
        rules.contains(&"CG006"),
        "the reasonless exception is reported: {rules:?}"
    );
    let cg004 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CG004")
        .unwrap();
    assert_eq!(cg004["severity"], "error");
}

#[test]
fn bad_config_is_a_usage_error_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("caregov.toml"),
        "disabled = [\"CG702\"\nexpiryWarningDays = 30\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_caregov"))
        .args(["lint", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("caregov.toml:"), "{}", stderr(&out));
}

#[test]
fn dump_input_writes_the_indexed_view_the_rules_see() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.json");
    let mut args = LINT.to_vec();
    args.extend(["--dump-input", file.to_str().unwrap()]);
    caregov(&args);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["today"], "2026-11-24");
    assert_eq!(v["namespace"], "riverside");
    assert_eq!(
        v["activities"]["acute-commissioning"]["spec"]["purpose"],
        "Commissioning"
    );
    assert_eq!(
        v["facts"]["organisations"]["riverside-icb"]["functions"][0],
        "Commissioner"
    );
}

#[test]
fn missing_path_and_bad_date_are_usage_errors() {
    assert_eq!(caregov(&["lint", "no-such-folder"]).status.code(), Some(2));
    let out = caregov(&["lint", "--today", "24/11/2026", "system"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("YYYY-MM-DD"));
}

#[test]
fn rules_lists_every_rule_and_explain_prints_its_page() {
    let table = stdout(&caregov(&["rules"]));
    assert!(table.contains("CG301") && table.contains("CG704") && table.contains("CG000"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&caregov(&["rules", "--format", "json"]))).unwrap();
    assert!(json.as_array().unwrap().len() >= 70);
    let page = caregov(&["explain", "cg301"]);
    assert_eq!(page.status.code(), Some(0));
    assert!(stdout(&page).starts_with("# CG301"));
    let unknown = caregov(&["explain", "CG399"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn crds_prints_all_nine_definitions() {
    let out = stdout(&caregov(&["crds"]));
    assert_eq!(out.matches("kind: CustomResourceDefinition").count(), 9);
    for kind in [
        "CareSystem",
        "Organisation",
        "DataStore",
        "ProcessingActivity",
        "LawfulBasis",
        "Agreement",
        "AccessRole",
        "AccessBinding",
        "TransparencyNotice",
    ] {
        assert!(out.contains(&format!("kind: {kind}\n")), "{kind} missing");
    }
}

#[test]
fn every_verb_has_help_with_examples() {
    for verb in ["lint", "rules", "explain", "crds"] {
        let out = stdout(&caregov(&[verb, "--help"]));
        assert!(out.contains("Examples:"), "{verb} --help has no examples");
    }
}

#[test]
fn config_disables_rules_sets_expiry_warning_days_and_loads_policies() {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/north-ics");
    // The pathway contract expires on 2028-05-31: 60 days' warning says nothing
    // on 2028-04-15, 90 days' does.
    std::fs::create_dir(dir.path().join("policy")).unwrap();
    std::fs::copy(
        fixtures().join("policies/good/retention.rego"),
        dir.path().join("policy/retention.rego"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("caregov.toml"),
        "expiryWarningDays = 90\ndisabled = [\"CG602\", \"CG502\", \"CG306\", \"CG604\"]\npolicies = [\"policy\"]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_caregov"))
        .args([
            "lint",
            "--today",
            "2028-04-15",
            "--format",
            "json",
            "--config",
        ])
        .arg(dir.path().join("caregov.toml"))
        .arg(&examples)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"CG303"),
        "90 days' warning reaches the 2028-05-31 expiry: {rules:?}"
    );
    assert!(
        !rules
            .iter()
            .any(|r| ["CG602", "CG502", "CG306", "CG604"].contains(r)),
        "disabled rules are silent: {rules:?}"
    );
    assert!(
        !rules.contains(&"LOCAL001"),
        "every north-ics activity records its retention: {rules:?}"
    );
    let policy_ran = Command::new(env!("CARGO_BIN_EXE_caregov"))
        .args([
            "lint",
            "--today",
            "2026-11-24",
            "--format",
            "json",
            "--config",
        ])
        .arg(dir.path().join("caregov.toml"))
        .arg(fixtures().join("system"))
        .output()
        .unwrap();
    assert!(
        stdout(&policy_ran).contains("LOCAL001"),
        "the config's policies are loaded"
    );
}

#[test]
fn gitignored_files_are_skipped_unless_no_ignore() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("system/system.yaml"),
        dir.path().join("ignored.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join(".gitignore"), "ignored.yaml\n").unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "lint",
            "--no-config",
            "--today",
            "2026-11-24",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        args.push(".");
        let out = Command::new(env!("CARGO_BIN_EXE_caregov"))
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["summary"]["resources"].as_u64().unwrap()
    };
    assert_eq!(run(&[]), 0);
    assert_eq!(run(&["--no-ignore"]), 3);
}
