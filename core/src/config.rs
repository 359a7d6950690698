//! `caregov.toml`: severity overrides, disabled rules, `expiryWarningDays`,
//! user policies and exceptions; plus the inline `caregov.dev/ignore`
//! annotation. Applied after evaluation, never inside Rego.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::catalog::Catalog;
use crate::date::{self, Date};
use crate::finding::{Finding, Location, ResourceRef, Severity};
use crate::spans::PathSeg;

/// The file name looked for from the linted path upwards.
pub const CONFIG_FILE: &str = "caregov.toml";
/// The annotation that suppresses one rule on one resource.
pub const IGNORE_ANNOTATION: &str = "caregov.dev/ignore";

/// A severity override: a severity or `off`.
#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

/// One recorded exception.
#[derive(Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// Rule id, e.g. `CG303`.
    pub rule: String,
    /// `Kind/name` or `Kind/namespace/name`.
    pub resource: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub owner: String,
    /// `YYYY-MM-DD`; the exception stops applying after this day.
    #[serde(default)]
    pub expires: Option<String>,
}

/// The contents of `caregov.toml`.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Config {
    /// Overrides every CareSystem's `settings.expiryWarningDays`.
    #[serde(default)]
    pub expiry_warning_days: Option<u32>,
    /// Rule ids that are not evaluated at all.
    #[serde(default)]
    pub disabled: Vec<String>,
    /// Severity per rule id (`error`, `warning`, `info`, `off`).
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    /// Folders or files of user `.rego` policies, relative to the config file.
    #[serde(default)]
    pub policies: Vec<PathBuf>,
    #[serde(default)]
    pub exceptions: Vec<toml::Spanned<Exception>>,
    /// Where the config was read from (set by [`load`]).
    #[serde(skip)]
    pub path: Option<PathBuf>,
    #[serde(skip)]
    pub text: String,
}

/// A config file that cannot be used. Exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    ReadConfig {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    ParseConfig {
        path: String,
        line: u32,
        column: u32,
        message: String,
    },
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Parse a config file's text.
///
/// # Errors
/// TOML that does not parse or has unknown keys, with line and column.
pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
    let mut config: Config = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        ConfigError::ParseConfig {
            path: path.display().to_string(),
            line,
            column,
            message: e.message().to_owned(),
        }
    })?;
    let base = path.parent().unwrap_or_else(|| Path::new("."));
    config.policies = config
        .policies
        .iter()
        .map(|p| {
            if p.is_absolute() {
                p.clone()
            } else {
                base.join(p)
            }
        })
        .collect();
    config.path = Some(path.to_path_buf());
    config.text = text.to_owned();
    Ok(config)
}

/// Read a config file.
///
/// # Errors
/// A file that cannot be read or parsed.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::ReadConfig {
        path: path.display().to_string(),
        source,
    })?;
    parse(path, &text)
}

/// Find `caregov.toml` from `start` (a file or folder) upwards.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(start).ok()?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

fn resource_matches(pattern: &str, r: &ResourceRef) -> bool {
    let parts: Vec<&str> = pattern.split('/').collect();
    match parts.as_slice() {
        [kind, name] => kind.eq_ignore_ascii_case(&r.kind) && (*name == r.name || *name == "*"),
        [kind, ns, name] => {
            kind.eq_ignore_ascii_case(&r.kind)
                && (*ns == r.namespace || *ns == "*")
                && (*name == r.name || *name == "*")
        }
        _ => false,
    }
}

/// Parse `CG303: reason` or `CG303, CG306: reason`. Returns the rule ids and the reason.
#[must_use]
pub fn parse_ignore(value: &str) -> (Vec<String>, String) {
    let (rules, reason) = match value.split_once(':') {
        Some((r, why)) => (r, why.trim()),
        None => (value, ""),
    };
    let ids = rules
        .split(',')
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect();
    (ids, reason.to_owned())
}

fn config_location(config: &Config, span: std::ops::Range<usize>) -> Option<Location> {
    let path = config.path.as_ref()?;
    let (line, column) = line_col(&config.text, span.start);
    Some(Location {
        file: path.display().to_string(),
        line,
        column,
        offset: span.start,
        length: span.end.saturating_sub(span.start),
    })
}

/// Apply severity overrides, disabled rules, exceptions and annotations.
/// Returns the findings that remain (plus CG006 findings for bad exceptions
/// and suppressions) and the number suppressed.
#[must_use]
pub fn apply(
    config: &Config,
    catalog: &Catalog,
    today: Date,
    findings: Vec<Finding>,
) -> (Vec<Finding>, usize) {
    let mut out = Vec::with_capacity(findings.len());
    let mut extra = Vec::new();
    let mut suppressed = 0;

    // Exceptions: valid ones suppress; expired or reasonless ones are warnings.
    let mut active: Vec<&Exception> = Vec::new();
    for spanned in &config.exceptions {
        let e = spanned.get_ref();
        let location = config_location(config, spanned.span());
        let expired = e
            .expires
            .as_deref()
            .map(|d| date::parse(d).map(|d| d < today));
        let problem = if e.reason.trim().is_empty() {
            Some(format!(
                "exception for {} on {} has no reason and is ignored",
                e.rule, e.resource
            ))
        } else if e.owner.trim().is_empty() {
            Some(format!(
                "exception for {} on {} names no owner and is ignored",
                e.rule, e.resource
            ))
        } else {
            match expired {
                Some(Some(true)) => Some(format!(
                    "exception for {} on {} expired on {} and no longer applies",
                    e.rule,
                    e.resource,
                    e.expires.as_deref().unwrap_or_default()
                )),
                Some(None) => Some(format!(
                    "exception for {} on {} has an expiry that is not a YYYY-MM-DD date and is ignored",
                    e.rule, e.resource
                )),
                _ => None,
            }
        };
        match problem {
            Some(message) => extra.push(Finding {
                rule: "CG006".to_owned(),
                severity: Severity::Warning,
                resource: None,
                field: String::new(),
                message,
                help: "give every exception a reason, an owner and an expiry in the future, or remove it".to_owned(),
                location,
            }),
            None => active.push(e),
        }
    }

    // Annotations: a reasonless one is reported and suppresses nothing.
    let mut reported_annotations = std::collections::BTreeSet::new();
    for mut f in findings {
        let id = f.rule.to_ascii_uppercase();
        if config.disabled.iter().any(|d| d.eq_ignore_ascii_case(&id)) {
            continue;
        }
        match config
            .severity
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&id))
            .map(|(_, v)| *v)
        {
            Some(Level::Off) => continue,
            Some(Level::Error) => f.severity = Severity::Error,
            Some(Level::Warning) => f.severity = Severity::Warning,
            Some(Level::Info) => f.severity = Severity::Info,
            None => {}
        }
        if let Some(r) = &f.resource {
            if active
                .iter()
                .any(|e| e.rule.eq_ignore_ascii_case(&id) && resource_matches(&e.resource, r))
            {
                suppressed += 1;
                continue;
            }
            let annotation = catalog
                .namespaces
                .get(&r.namespace)
                .and_then(|ns| ns.annotations_of(&r.kind, &r.name))
                .and_then(|a| a.get(IGNORE_ANNOTATION));
            if let Some(value) = annotation {
                let (ids, reason) = parse_ignore(value);
                if ids.contains(&id) {
                    if reason.is_empty() {
                        if reported_annotations.insert((r.clone(), id.clone())) {
                            let path = [
                                PathSeg::Key("metadata".into()),
                                PathSeg::Key("annotations".into()),
                                PathSeg::Key(IGNORE_ANNOTATION.into()),
                            ];
                            extra.push(catalog.finding(
                                "CG006",
                                Severity::Warning,
                                r.clone(),
                                &path,
                                format!("{IGNORE_ANNOTATION} on {} {:?} gives no reason, so {id} is not suppressed", r.kind, r.name),
                                format!("write the reason after the rule: \"{id}: <why this is acceptable>\""),
                            ));
                        }
                    } else {
                        suppressed += 1;
                        continue;
                    }
                }
            }
        }
        out.push(f);
    }
    out.extend(extra);
    (out, suppressed)
}
