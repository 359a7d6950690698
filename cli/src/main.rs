//! `caregov`: health-and-care data governance as code.
//!
//! Argument parsing and output only; every decision is in caregov-core.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use caregov::human;
use caregov_core::config::{self, Config};
use caregov_core::date::{self, Date};
use caregov_core::finding::Severity;
use caregov_core::lint::{self, LintOptions, LintReport};
use caregov_core::output::{self, RenderContext};
use caregov_core::rules::{self, RULES};
use clap::{Parser, Subcommand, ValueEnum};

// The lint allocates many small values (YAML nodes, JSON, Rego values); mimalloc
// measurably beats the system allocator on that workload.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Return freed memory to the OS 10 ms after it is freed (mimalloc v2's
/// default; v3's is 1 s).
///
/// A lint builds and frees large structures phase by phase (documents, typed
/// resources, facts, the rules' input). Freed pages kept for 1 s, or for
/// ever, stay resident under the next phase's: at 50k resources the peak
/// was about 245 MiB with both, and 210 MiB with 10 ms, in the same time
/// (the pages faulted in again cost about 0.1 s of CPU across both cores).
#[allow(unsafe_code)]
fn return_freed_memory_soon() {
    // `mi_option_purge_delay` in mimalloc.h (v2 and v3), in milliseconds.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: `mi_option_set` only stores an integer in mimalloc's option
    // table; it is thread-safe and valid at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
}

const LINT_EXAMPLES: &str = "\
Examples:
  caregov lint examples/north-ics
  caregov lint --today 2026-11-24 --format sarif . > caregov.sarif
  caregov lint --fail-on warning --config ci/caregov.toml governance/
  caregov lint --policy my-rules/ --dump-input input.json governance/
      then: opa eval -d my-rules -i input.json data.caregov.rules";

/// Health-and-care data governance as code.
#[derive(Parser, Debug)]
#[command(name = "caregov", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check governance declarations against the rule pack.
    #[command(after_help = LINT_EXAMPLES)]
    Lint(LintArgs),
    /// List the rules (id, severity, title).
    #[command(after_help = "Examples:\n  caregov rules\n  caregov rules --format json")]
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Show a rule's documentation: what it checks, why, an example and the fix.
    #[command(after_help = "Examples:\n  caregov explain CG301\n  caregov explain cg604")]
    Explain {
        /// The rule id, e.g. CG301.
        rule: String,
    },
    /// Print the CustomResourceDefinitions of caregov.dev/v1alpha1.
    #[command(
        after_help = "Examples:\n  caregov crds | kubectl apply -f -\n  caregov crds --output-dir crds/manifests"
    )]
    Crds {
        /// Write one file per CRD into this folder instead of printing.
        #[arg(long, value_name = "DIR")]
        output_dir: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum RulesFormat {
    Table,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
    Policyreport,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PolicyReportApi {
    /// openreports.io/v1alpha1 Report
    Openreports,
    /// wgpolicyk8s.io/v1alpha2 PolicyReport
    Wgpolicyk8s,
}

#[derive(clap::Args, Debug)]
struct LintArgs {
    /// Files and folders to check (.yaml/.yml, honouring .gitignore).
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// The date to check against (YYYY-MM-DD), for reproducible runs.
    #[arg(long, env = "CAREGOV_TODAY", value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// caregov.toml to use (default: found from the first path upwards).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore any caregov.toml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Extra user policies: .rego files or folders (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    policies: Vec<PathBuf>,
    /// Stop any one rule that runs longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    policy_timeout: u64,
    /// Write the rules' input (one namespace's indexed JSON view) to FILE.
    #[arg(long, value_name = "FILE")]
    dump_input: Option<PathBuf>,
    /// API of the policyreport format.
    #[arg(long, value_enum, default_value_t = PolicyReportApi::Openreports)]
    policyreport_api: PolicyReportApi,
    /// Read .yaml files even when .gitignore excludes them.
    #[arg(long)]
    no_ignore: bool,
}

fn main() -> ExitCode {
    return_freed_memory_soon();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Lint(args) => run_lint(&args),
        Command::Rules { format } => {
            print_rules(format);
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => explain(&rule),
        Command::Crds { output_dir } => crds(output_dir.as_deref()),
    }
}

fn parse_today(text: Option<&str>) -> Result<Date, String> {
    match text {
        None => Ok(date::today_utc()),
        Some(t) => date::parse(t).ok_or_else(|| {
            format!("--today {t:?} is not a date; write YYYY-MM-DD, e.g. 2026-11-24")
        }),
    }
}

fn load_config(args: &LintArgs) -> Result<Config, String> {
    if args.no_config {
        return Ok(Config::default());
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => args.paths.first().and_then(|p| config::discover(p)),
    };
    match path {
        Some(p) => config::load(&p)
            .map_err(|e| format!("{e}\n  hint: see the caregov.toml section of the README")),
        None => Ok(Config::default()),
    }
}

fn run_lint(args: &LintArgs) -> Result<ExitCode, String> {
    let today = parse_today(args.today.as_deref())?;
    let mut options = LintOptions::new(today);
    options.config = load_config(args)?;
    options.policies = args.policies.clone();
    options.policy_timeout = std::time::Duration::from_secs(args.policy_timeout.max(1));
    options.load.respect_gitignore = !args.no_ignore;
    options.keep_input = args.dump_input.is_some();
    for p in &args.paths {
        if !p.exists() {
            return Err(format!(
                "{} does not exist\n  hint: give a file or folder of caregov YAML",
                p.display()
            ));
        }
    }
    let started = std::time::Instant::now();
    let report = lint::lint_paths(&args.paths, &options).map_err(|e| policy_error(&e))?;
    lint::timing("lint", started);
    if let Some(path) = &args.dump_input {
        dump_input(&report, path)?;
    }
    let started = std::time::Instant::now();
    let rendered = render(&report, args, today);
    lint::timing("render", started);
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(rendered.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // Closed pipe (e.g. `| head`): nothing more to say.
        return Ok(ExitCode::from(2));
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let code = if report.summary.fails(threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends next and the OS takes its memory back at once;
    // freeing the catalog and findings node by node took 200 ms at 50k
    // resources. Nothing in the report holds a file or lock to release.
    std::mem::forget(report);
    Ok(code)
}

fn policy_error(e: &lint::LintError) -> String {
    let lint::LintError::Policy(p) = e;
    match p.location() {
        Some((file, line, column)) if line > 0 => {
            format!(
                "{file}:{line}:{column}: {p}\n  hint: the policy must be Rego v1 with `deny contains finding if {{ ... }}` (see core/policy/INPUT.md)"
            )
        }
        _ => format!("{p}\n  hint: check the policy; `--policy-timeout` raises the time limit"),
    }
}

fn dump_input(report: &LintReport, path: &Path) -> Result<(), String> {
    fn write(p: &Path, v: &impl serde::Serialize) -> Result<(), String> {
        let text = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
        let tmp = p.with_extension("json.tmp");
        std::fs::write(&tmp, text)
            .and_then(|()| std::fs::rename(&tmp, p))
            .map_err(|e| format!("cannot write {}: {e}", p.display()))
    }
    match report.namespaces.len() {
        0 => write(path, &serde_json::json!({})),
        1 => match report.namespaces.values().next() {
            Some(ns) => write(path, &ns.input),
            None => Ok(()),
        },
        _ => {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
            for (name, ns) in &report.namespaces {
                let p = path.with_file_name(format!("{stem}.{name}.json"));
                write(&p, &ns.input)?;
                eprintln!("wrote the input of namespace {name} to {}", p.display());
            }
            Ok(())
        }
    }
}

fn render(report: &LintReport, args: &LintArgs, today: Date) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let ctx = RenderContext::new(version, today);
    match args.format {
        Format::Human => {
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            // The texts of the files findings point into (read again: see
            // `SourceFile::text`); a file that changed since shows no snippet.
            let pointed_into: std::collections::HashSet<&str> = report
                .findings
                .iter()
                .filter_map(|f| f.location.as_ref().map(|l| l.file.as_str()))
                .collect();
            let files: Vec<(String, std::sync::Arc<str>)> = report
                .catalog
                .files
                .iter()
                .filter(|f| pointed_into.contains(f.path.as_str()))
                .filter_map(|f| Some((f.path.clone(), f.text()?.clone())))
                .collect();
            human::render_human(&report.findings, &files, &report.summary, color, 100)
        }
        Format::Json => output::json::render(&report.findings, &report.summary),
        Format::Sarif => output::sarif::render(&report.findings, &report.summary, &ctx),
        Format::Junit => output::junit::render(&report.findings, &report.summary, &ctx),
        Format::Github => output::github::render(&report.findings, &report.summary),
        Format::Policyreport => {
            let api = match args.policyreport_api {
                PolicyReportApi::Openreports => output::policyreport::Api::OpenReports,
                PolicyReportApi::Wgpolicyk8s => output::policyreport::Api::WgPolicyK8s,
            };
            let namespaces: Vec<String> = report.catalog.namespaces.keys().cloned().collect();
            output::policyreport::render(&report.findings, &namespaces, api, &ctx)
        }
    }
}

fn print_rules(format: RulesFormat) {
    match format {
        RulesFormat::Json => {
            let rows: Vec<serde_json::Value> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "name": r.folder.split_once('-').map_or(r.folder, |(_, n)| n),
                        "severity": r.severity,
                        "title": r.title,
                        "engine": match r.engine { rules::RuleEngine::Rust => "rust", rules::RuleEngine::Rego => "rego" },
                        "docs": caregov_core::finding::docs_url(r.id),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&rows).unwrap_or_default()
            );
        }
        RulesFormat::Table => {
            println!("{:<6} {:<8} {:<52} TITLE", "ID", "SEVERITY", "NAME");
            for r in RULES {
                let name = r.folder.split_once('-').map_or(r.folder, |(_, n)| n);
                println!(
                    "{:<6} {:<8} {:<52} {}",
                    r.id,
                    r.severity.as_str(),
                    name,
                    r.title
                );
            }
        }
    }
}

fn explain(id: &str) -> Result<ExitCode, String> {
    let Some(info) = rules::rule(id) else {
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        let hint = caregov_core::catalog::nearest(&id.to_ascii_uppercase(), ids.iter().copied())
            .map(|n| format!("did you mean {n}? "))
            .unwrap_or_default();
        return Err(format!(
            "no rule {id:?}\n  hint: {hint}`caregov rules` lists them all"
        ));
    };
    match rules::docs(info.id) {
        Some(text) => print!("{text}"),
        None => println!("{}: {} ({})", info.id, info.title, info.severity),
    }
    if let Some(src) = rules::source(info.id) {
        println!("\n## Rule source (Rego)\n```rego\n{}```", src);
    }
    Ok(ExitCode::SUCCESS)
}

fn crds(output_dir: Option<&Path>) -> Result<ExitCode, String> {
    let mut rendered = Vec::new();
    for (crd, info) in caregov_crds::all_crds()
        .iter()
        .zip(caregov_crds::KINDS.iter())
    {
        let yaml = caregov_crds::crd_yaml(crd)
            .map_err(|e| format!("cannot render the {} CRD: {e}", info.kind))?;
        rendered.push((caregov_crds::manifest_file_name(info), yaml));
    }
    match output_dir {
        None => {
            let mut out = std::io::stdout().lock();
            for (_, yaml) in &rendered {
                if out.write_all(yaml.as_bytes()).is_err() {
                    return Ok(ExitCode::from(2));
                }
            }
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            for (name, yaml) in &rendered {
                let path = dir.join(name);
                let tmp = dir.join(format!(".{name}.tmp"));
                std::fs::write(&tmp, yaml)
                    .and_then(|()| std::fs::rename(&tmp, &path))
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            eprintln!("wrote {} CRDs to {}", rendered.len(), dir.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
