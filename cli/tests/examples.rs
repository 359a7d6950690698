#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The bundled examples through the real binary: north-ics is clean,
//! broken-ics reports every planted mistake at its line.

use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-24";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn lint_json(path: &str) -> (i32, serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_caregov"))
        .args([
            "lint",
            "--no-config",
            "--today",
            TODAY,
            "--format",
            "json",
            path,
        ])
        .current_dir(root())
        .env_remove("CAREGOV_TODAY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn north_ics_example_is_compliant_with_no_findings() {
    let (code, json, stderr) = lint_json("examples/north-ics");
    let findings = json["findings"].as_array().unwrap();
    let listed: Vec<String> = findings
        .iter()
        .map(|f| format!("{}:{} {} {}", f["file"], f["line"], f["rule"], f["message"]))
        .collect();
    assert!(
        findings.is_empty(),
        "north-ics should be clean, got:\n{}\n{stderr}",
        listed.join("\n")
    );
    assert_eq!(code, 0);
    assert!(
        json["summary"]["resources"].as_u64().unwrap() >= 40,
        "north-ics should be a complete system"
    );
}

/// Planted mistakes: `# MISTAKE CGnnn: …` on the offending line or on the
/// comment line(s) directly above it.
fn planted(dir: &Path) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if !p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let Some(at) = line.find("# MISTAKE CG") else {
                    continue;
                };
                let rule = line[at + 10..at + 15].to_owned();
                let code_before = line[..at].trim();
                let target = if !code_before.is_empty() {
                    i + 1
                } else {
                    // The next line that is not a comment or blank.
                    let mut j = i + 1;
                    while j < lines.len()
                        && (lines[j].trim().is_empty() || lines[j].trim_start().starts_with('#'))
                    {
                        j += 1;
                    }
                    j + 1
                };
                let rel = p.strip_prefix(root()).unwrap().display().to_string();
                out.push((rel, target, rule));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn broken_ics_reports_every_planted_mistake_at_its_line() {
    let (code, json, _) = lint_json("examples/broken-ics");
    assert_eq!(code, 1, "broken-ics must fail the lint");
    let findings = json["findings"].as_array().unwrap();
    let mistakes = planted(&root().join("examples/broken-ics"));
    assert!(
        mistakes.len() >= 30,
        "expected at least 30 planted mistakes, found {}",
        mistakes.len()
    );
    let mut missing = Vec::new();
    for (file, line, rule) in &mistakes {
        let hit = findings.iter().any(|f| {
            f["rule"] == rule.as_str()
                && f["file"] == file.as_str()
                && f["line"].as_u64() == Some(*line as u64)
        });
        if !hit {
            let near: Vec<String> = findings
                .iter()
                .filter(|f| f["rule"] == rule.as_str())
                .map(|f| format!("{}:{}", f["file"], f["line"]))
                .collect();
            missing.push(format!(
                "{rule} at {file}:{line} (reported {rule} at: {})",
                near.join(", ")
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "planted mistakes not reported at their line:\n{}",
        missing.join("\n")
    );
    let mut families: Vec<String> = mistakes
        .iter()
        .map(|(_, _, r)| r[..3].to_owned() + "x")
        .collect();
    families.sort();
    families.dedup();
    for family in ["CG0", "CG1", "CG2", "CG3", "CG4", "CG5", "CG6", "CG7"] {
        assert!(
            families.iter().any(|f| f.starts_with(family)),
            "no planted mistake of family {family}xx"
        );
    }
}
