//! The whole lint: load → catalog → facts → access plan → rules → findings,
//! with configuration applied. Pure apart from reading the given files.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::catalog::{self, Catalog};
use crate::config::{self, Config};
use crate::date::Date;
use crate::facts::Deriver;
use crate::finding::{Finding, ResourceRef, Summary, sort_findings};
use crate::load::{self, LoadOptions, LoadOutput};
use crate::plan;
use crate::rules::{Pack, PolicyError};

/// What to lint and how.
#[derive(Debug, Clone)]
pub struct LintOptions {
    pub today: Date,
    pub config: Config,
    /// User policies in addition to `config.policies`.
    pub policies: Vec<PathBuf>,
    /// The longest any one rule may run.
    pub policy_timeout: Duration,
    pub load: LoadOptions,
    /// Keep each namespace's rule input after evaluation (for `--dump-input`);
    /// otherwise it is dropped as soon as the rules have run.
    pub keep_input: bool,
}

impl LintOptions {
    #[must_use]
    pub fn new(today: Date) -> Self {
        Self {
            today,
            config: Config::default(),
            policies: Vec::new(),
            policy_timeout: Duration::from_secs(10),
            load: LoadOptions::default(),
            keep_input: false,
        }
    }
}

/// One namespace after evaluation. Its facts and the bindings' facts of
/// its access plan are in the input; the facts and the plan themselves are
/// not kept (at 50k resources they are tens of MB at the lint's peak):
/// [`Deriver`] and [`plan::compile`] give them to callers that need them.
#[derive(Debug)]
pub struct Evaluated {
    /// The rules' input; `Undefined` after linting unless
    /// `LintOptions::keep_input`.
    pub input: regorus::Value,
}

/// Everything a lint produced.
#[derive(Debug)]
pub struct LintReport {
    pub findings: Vec<Finding>,
    pub summary: Summary,
    pub catalog: Catalog,
    pub namespaces: BTreeMap<String, Evaluated>,
}

/// A problem with the tool's own inputs (policies); exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error(transparent)]
    Policy(#[from] PolicyError),
}

/// Compile the rule pack for these options.
///
/// # Errors
/// A user policy that cannot be read or does not compile.
pub fn pack(options: &LintOptions) -> Result<Pack, LintError> {
    let mut pack = Pack::builtin(&options.config.disabled)?;
    let mut user: Vec<PathBuf> = options.config.policies.clone();
    user.extend(options.policies.iter().cloned());
    if !user.is_empty() {
        pack.add_user_policies(&user, &options.config.disabled)?;
    }
    pack.set_timeout(options.policy_timeout);
    Ok(pack)
}

/// Lint files and folders.
///
/// # Errors
/// A user policy that cannot be read or does not compile, or that fails or
/// runs past the time limit when evaluated.
pub fn lint_paths(paths: &[PathBuf], options: &LintOptions) -> Result<LintReport, LintError> {
    // The rule pack is compiled while the files are loaded.
    let started = Instant::now();
    let (pack, loaded) = rayon::join(
        || {
            let started = Instant::now();
            let pack = pack(options);
            timing("  compile the rule pack", started);
            pack
        },
        || load::load_paths(paths, &options.load),
    );
    timing(
        "load (parse, spans, schema and CEL) and compile the rule pack",
        started,
    );
    lint_loaded(loaded, &pack?, options)
}

/// Print how long a phase took when `CAREGOV_TIMINGS` is set (to stderr).
pub fn timing(phase: &str, started: Instant) {
    if std::env::var_os("CAREGOV_TIMINGS").is_some() {
        eprintln!(
            "caregov: {phase}: {:.1} ms{}",
            started.elapsed().as_secs_f64() * 1000.0,
            memory_note()
        );
    }
}

/// The process's resident and peak memory, where the OS tells it (Linux).
fn memory_note() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or_else(|| "?".to_owned(), |kb| format!("{} MiB", kb / 1024))
    };
    // CPU time of all threads so far: fields 14 and 15 (user and system),
    // in clock ticks of 1/100 s (USER_HZ, fixed at 100 for /proc on Linux).
    let cpu = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            let after = stat.rsplit_once(')')?.1;
            let mut fields = after.split_whitespace().skip(11);
            let user: u64 = fields.next()?.parse().ok()?;
            let system: u64 = fields.next()?.parse().ok()?;
            Some(format!(", cpu {} ms", (user + system) * 10))
        })
        .unwrap_or_default();
    format!(
        " (resident {}, peak {}{cpu})",
        field("VmRSS:"),
        field("VmHWM:")
    )
}

/// Lint YAML text (tests, fixtures, stdin).
///
/// # Errors
/// As [`lint_paths`].
pub fn lint_str(
    display_path: &str,
    text: &str,
    options: &LintOptions,
) -> Result<LintReport, LintError> {
    let pack = pack(options)?;
    lint_loaded(load::load_str(display_path, text), &pack, options)
}

/// Derive the facts and the access plan of one namespace, and from them its rules' input.
#[must_use]
pub fn evaluate_namespace(
    ns: &catalog::Namespace,
    today: Date,
    expiry_warning_days: Option<u32>,
) -> Evaluated {
    // The facts first, on all cores; then the resources part of the input
    // (which does not depend on them) while the facts part consumes the
    // facts alongside the access plan, which reads some of them, all on
    // whichever cores are free. Building the resources part while the facts
    // were derived was no faster on two cores, and held the derivation's
    // working memory and the resources part at once: the lint's peak.
    let started = Instant::now();
    let facts = Deriver::new(ns, today).derive();
    timing("  facts", started);
    let ((facts_part, plan), resources) = rayon::join(
        || {
            let started = Instant::now();
            let done = crate::input::facts_part_alongside(facts, |f| plan::compile(ns, f, today));
            timing("  access plan and rule input: facts", started);
            done
        },
        || {
            let started = Instant::now();
            let part = crate::input::resources_part(ns);
            timing("  rule input: resources", started);
            part
        },
    );
    let started = Instant::now();
    let input =
        crate::input::assemble(resources, facts_part, ns, &plan, today, expiry_warning_days);
    timing("  rule input: assemble", started);
    drop(plan);
    Evaluated { input }
}

/// Lint already-loaded documents with a compiled pack.
///
/// # Errors
/// A user policy that fails or runs past the time limit.
pub fn lint_loaded(
    loaded: LoadOutput,
    pack: &Pack,
    options: &LintOptions,
) -> Result<LintReport, LintError> {
    let mut findings = loaded.findings.clone();
    let files_read = loaded.files.len();
    let started = Instant::now();
    let (catalog, catalog_findings) = catalog::assemble(loaded);
    findings.extend(catalog_findings);
    timing("catalog", started);

    // The reference checks need nothing the rules produce: they run while
    // the namespaces are evaluated.
    let today = options.today;
    let (check_findings, results) = rayon::join(
        || {
            let started = Instant::now();
            let found = catalog::check(&catalog);
            timing("  catalog checks", started);
            found
        },
        || evaluate_all(&catalog, pack, options),
    );
    findings.extend(check_findings);

    let mut namespaces = BTreeMap::new();
    for (name, evaluated, located, errors) in results {
        if let Some(e) = errors.into_iter().next() {
            return Err(LintError::Policy(e));
        }
        findings.extend(located);
        namespaces.insert(name, evaluated);
    }
    let (mut findings, suppressed) = config::apply(&options.config, &catalog, today, findings);
    sort_findings(&mut findings);
    findings.dedup();
    let mut summary = Summary::of(&findings, catalog.resource_count(), files_read);
    summary.suppressed = suppressed;
    Ok(LintReport {
        findings,
        summary,
        catalog,
        namespaces,
    })
}

/// One namespace's evaluation: its facts, plan and input, its located
/// findings, and any user policy that failed.
type NamespaceResult = (String, Evaluated, Vec<Finding>, Vec<PolicyError>);

/// Evaluate the rules in every namespace.
fn evaluate_all(catalog: &Catalog, pack: &Pack, options: &LintOptions) -> Vec<NamespaceResult> {
    let today = options.today;
    catalog
        .namespaces
        .par_iter()
        .map(|(name, ns)| {
            let started = Instant::now();
            let evaluated = evaluate_namespace(ns, today, options.config.expiry_warning_days);
            timing("facts, access plan and input", started);
            let started = Instant::now();
            let mut evaluated = evaluated;
            let (raw, errors) = pack.evaluate(&evaluated.input);
            if !options.keep_input {
                evaluated.input = regorus::Value::Undefined;
            }
            timing("rules", started);
            let located = raw
                .into_iter()
                .map(|r| {
                    catalog.finding(
                        &r.rule,
                        r.severity,
                        ResourceRef {
                            kind: r.kind,
                            name: r.name,
                            namespace: name.clone(),
                        },
                        &r.path,
                        r.message,
                        r.help,
                    )
                })
                .collect();
            (name.clone(), evaluated, located, errors)
        })
        .collect()
}
