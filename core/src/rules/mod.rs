//! Rule evaluation: the built-in Rego pack and user policies, compiled once
//! and evaluated by regorus's interpreter against one namespace's input.

pub mod registry;

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;
use regorus::utils::limits::ExecutionTimerConfig;
use serde_json::Value;

use crate::finding::Severity;
use crate::spans::PathSeg;

pub use registry::{Engine as RuleEngine, RULES, RuleInfo, rule};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_policy.rs"));
}

/// The docs page (README.md) of a built-in rule.
#[must_use]
pub fn docs(id: &str) -> Option<&'static str> {
    let info = rule(id)?;
    embedded::EMBEDDED
        .iter()
        .find(|(f, _, _)| *f == info.folder)
        .and_then(|(_, _, d)| *d)
}

/// The Rego source of a built-in rule.
#[must_use]
pub fn source(id: &str) -> Option<&'static str> {
    let info = rule(id)?;
    embedded::EMBEDDED
        .iter()
        .find(|(f, _, _)| *f == info.folder)
        .and_then(|(_, r, _)| *r)
}

/// Folders found under `core/policy/` at build time.
#[must_use]
pub fn embedded_folders() -> Vec<&'static str> {
    embedded::EMBEDDED.iter().map(|(f, _, _)| *f).collect()
}

/// A problem with a policy (never with the declarations).
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("cannot read policy {path}: {source}")]
    ReadPolicy {
        path: String,
        source: std::io::Error,
    },
    #[error("{message}")]
    CompilePolicy {
        path: String,
        line: u32,
        column: u32,
        message: String,
    },
    #[error("policy {package} ran longer than {limit:?} and was stopped")]
    Timeout { package: String, limit: Duration },
    #[error("policy {package} failed: {message}")]
    EvaluatePolicy { package: String, message: String },
}

impl PolicyError {
    /// Where the problem is, for diagnostics: (file, line, column).
    #[must_use]
    pub fn location(&self) -> Option<(&str, u32, u32)> {
        match self {
            Self::ReadPolicy { path, .. } => Some((path, 0, 0)),
            Self::CompilePolicy {
                path, line, column, ..
            } => Some((path, *line, *column)),
            _ => None,
        }
    }
}

/// One finding as a rule returned it, before it is located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFinding {
    pub rule: String,
    pub severity: Severity,
    pub kind: String,
    pub name: String,
    pub path: Vec<PathSeg>,
    pub message: String,
    pub help: String,
}

/// A compiled set of rules: the built-in pack plus any user policies.
#[derive(Clone)]
pub struct Pack {
    engine: regorus::Engine,
    /// (rule id, package query, default severity, built-in)
    entries: Vec<(String, String, Severity, bool)>,
    timeout: Duration,
}

impl std::fmt::Debug for Pack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pack")
            .field("rules", &self.entries.len())
            .finish()
    }
}

/// Find `file:line:col` in a regorus error message.
fn position_in(message: &str, path: &str) -> (u32, u32) {
    let Some(at) = message.find(path) else {
        return (0, 0);
    };
    let rest = &message[at + path.len()..];
    let mut parts = rest
        .trim_start_matches(':')
        .split(|c: char| !c.is_ascii_digit());
    let line = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let column = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (line, column)
}

impl Pack {
    /// The built-in pack (with `disabled` rules left out).
    ///
    /// # Errors
    /// Only if a built-in rule does not compile, which the fixture tests prevent.
    pub fn builtin(disabled: &[String]) -> Result<Self, PolicyError> {
        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(false);
        engine.set_strict_builtin_errors(false);
        let mut entries = Vec::new();
        for info in RULES.iter().filter(|r| r.engine == RuleEngine::Rego) {
            if disabled.iter().any(|d| d.eq_ignore_ascii_case(info.id)) {
                continue;
            }
            let Some(src) = source(info.id) else { continue };
            let path = format!("core/policy/{}/rule.rego", info.folder);
            engine
                .add_policy(path.clone(), src.to_owned())
                .map_err(|e| {
                    let message = e.to_string();
                    let (line, column) = position_in(&message, &path);
                    PolicyError::CompilePolicy {
                        path,
                        line,
                        column,
                        message,
                    }
                })?;
            entries.push((
                info.id.to_owned(),
                format!("data.caregov.rules.{}.deny", info.id.to_ascii_lowercase()),
                info.severity,
                true,
            ));
        }
        Ok(Self {
            engine,
            entries,
            timeout: Duration::from_secs(60),
        })
    }

    /// Add user policies from `.rego` files and folders (searched recursively).
    /// Each package that defines `deny` is a rule whose id is the finding's
    /// `rule` field or the package's last segment in upper case.
    ///
    /// # Errors
    /// A file that cannot be read or does not compile (with its line and column).
    pub fn add_user_policies(
        &mut self,
        paths: &[PathBuf],
        disabled: &[String],
    ) -> Result<(), PolicyError> {
        let mut files = Vec::new();
        for p in paths {
            collect_rego(p, &mut files)?;
        }
        files.sort();
        let mut shown = Vec::new();
        for file in files {
            let display = file.display().to_string();
            shown.push(display.clone());
            let text =
                std::fs::read_to_string(&file).map_err(|source| PolicyError::ReadPolicy {
                    path: display.clone(),
                    source,
                })?;
            let package = self.engine.add_policy(display.clone(), text).map_err(|e| {
                let message = e.to_string();
                let (line, column) = position_in(&message, &display);
                PolicyError::CompilePolicy {
                    path: display.clone(),
                    line,
                    column,
                    message,
                }
            })?;
            let id = package
                .rsplit('.')
                .next()
                .unwrap_or("user")
                .to_ascii_uppercase();
            if disabled.iter().any(|d| d.eq_ignore_ascii_case(&id)) {
                continue;
            }
            let query = format!("{package}.deny");
            if !self.entries.iter().any(|(_, q, _, _)| *q == query) {
                self.entries.push((id, query, Severity::Error, false));
            }
        }
        // regorus checks the modules as a whole (unsafe variables, conflicting
        // definitions) before the first evaluation: do it now, so that such an
        // error is reported against its own file rather than against the
        // first rule that happens to be evaluated.
        if let Err(e) = self.engine.eval_query("true".to_owned(), false) {
            let message = e.to_string();
            let path = shown
                .iter()
                .find(|f| message.contains(f.as_str()))
                .cloned()
                .unwrap_or_else(|| "policy".to_owned());
            let (line, column) = position_in(&message, &path);
            return Err(PolicyError::CompilePolicy {
                path,
                line,
                column,
                message,
            });
        }
        Ok(())
    }

    /// Stop any one rule that runs longer than this.
    pub fn set_timeout(&mut self, limit: Duration) {
        self.timeout = limit;
    }

    /// Ids of the rules in the pack.
    #[must_use]
    pub fn rule_ids(&self) -> Vec<&str> {
        self.entries
            .iter()
            .map(|(id, _, _, _)| id.as_str())
            .collect()
    }

    /// Evaluate every rule against one namespace's input.
    ///
    /// # Errors
    /// A rule that fails or runs past the time limit; the findings of the
    /// other rules are still returned alongside in `Ok` when possible, so this
    /// returns both.
    pub fn evaluate(&self, value: &regorus::Value) -> (Vec<RawFinding>, Vec<PolicyError>) {
        // regorus values share their contents, so every worker's copy of the
        // input is cheap. Rules are independent: evaluate them on all cores.
        // One engine per worker (cloning and preparing an engine costs about
        // a millisecond), and rules handed out one at a time so that the
        // slow ones spread over the cores.
        let next = AtomicUsize::new(0);
        let workers = rayon::current_num_threads()
            .clamp(1, 8)
            .min(self.entries.len().max(1));
        let results: Vec<(Vec<RawFinding>, Vec<PolicyError>)> = (0..workers)
            .into_par_iter()
            .map(|_| {
                let mut engine = self.engine.clone();
                engine.set_input(value.clone());
                let mut findings = Vec::new();
                let mut errors = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(entry) = self.entries.get(i) else {
                        break;
                    };
                    self.evaluate_entry(&mut engine, entry, &mut findings, &mut errors);
                }
                (findings, errors)
            })
            .collect();
        let mut findings = Vec::new();
        let mut errors = Vec::new();
        for (f, e) in results {
            findings.extend(f);
            errors.extend(e);
        }
        (findings, errors)
    }

    /// Evaluate one rule, adding its findings or its error.
    fn evaluate_entry(
        &self,
        engine: &mut regorus::Engine,
        (id, query, severity, builtin): &(String, String, Severity, bool),
        findings: &mut Vec<RawFinding>,
        errors: &mut Vec<PolicyError>,
    ) {
        let check_interval = NonZeroU32::new(1000).unwrap_or(NonZeroU32::MIN);
        engine.set_execution_timer_config(ExecutionTimerConfig {
            limit: self.timeout,
            check_interval,
        });
        let package = query.trim_end_matches(".deny").to_owned();
        let started = std::time::Instant::now();
        let result = engine.eval_rule(query.clone());
        if std::env::var_os("CAREGOV_TIMINGS").is_some() {
            eprintln!(
                "caregov:   rule {id}: {:.1} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        let value = match result {
            Ok(v) => v,
            Err(e) => {
                let message = e.to_string();
                if message.to_ascii_lowercase().contains("time limit")
                    || message.contains("exceeded")
                {
                    errors.push(PolicyError::Timeout {
                        package,
                        limit: self.timeout,
                    });
                } else {
                    errors.push(PolicyError::EvaluatePolicy { package, message });
                }
                return;
            }
        };
        let json = serde_json::to_value(&value).unwrap_or(Value::Null);
        let items: Vec<Value> = match json {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            Value::Object(m) if m.is_empty() => Vec::new(),
            other => {
                errors.push(PolicyError::EvaluatePolicy {
                    package,
                    message: format!("deny must be a set of objects, got {other}"),
                });
                return;
            }
        };
        for item in items {
            match raw_finding(&item, id, *severity, *builtin) {
                Some(f) => findings.push(f),
                None => errors.push(PolicyError::EvaluatePolicy {
                    package: package.clone(),
                    message: format!(
                        "a deny entry must be {{\"resource\": {{\"kind\", \"name\"}}, \"path\": [...], \"message\": ...}}, got {item}"
                    ),
                }),
            }
        }
    }
}

fn collect_rego(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), PolicyError> {
    let meta = std::fs::metadata(path).map_err(|source| PolicyError::ReadPolicy {
        path: path.display().to_string(),
        source,
    })?;
    if meta.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|source| PolicyError::ReadPolicy {
            path: path.display().to_string(),
            source,
        })?;
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                collect_rego(&p, out)?;
            } else if p.extension().is_some_and(|x| x == "rego")
                && !p.to_string_lossy().ends_with("_test.rego")
            {
                out.push(p);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

fn raw_finding(item: &Value, id: &str, severity: Severity, builtin: bool) -> Option<RawFinding> {
    let resource = item.get("resource")?;
    let kind = resource.get("kind")?.as_str()?.to_owned();
    let name = resource.get("name")?.as_str()?.to_owned();
    let message = item.get("message")?.as_str()?.to_owned();
    let help = item
        .get("help")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let path = match item.get("path") {
        Some(Value::Array(segs)) => segs
            .iter()
            .filter_map(|s| match s {
                Value::String(k) => Some(PathSeg::Key(k.clone())),
                Value::Number(n) => n
                    .as_u64()
                    .and_then(|i| usize::try_from(i).ok())
                    .map(PathSeg::Index),
                _ => None,
            })
            .collect(),
        Some(Value::String(dotted)) => crate::spans::parse_field_path(dotted),
        _ => Vec::new(),
    };
    let (rule, severity) = if builtin {
        (id.to_owned(), severity)
    } else {
        (
            item.get("rule")
                .and_then(Value::as_str)
                .map_or_else(|| id.to_owned(), str::to_owned),
            item.get("severity")
                .and_then(Value::as_str)
                .and_then(Severity::parse)
                .unwrap_or(severity),
        )
    };
    Some(RawFinding {
        rule,
        severity,
        kind,
        name,
        path,
        message,
        help,
    })
}
