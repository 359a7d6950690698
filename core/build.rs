//! Embeds the built-in rule pack (`policy/<folder>/rule.rego` and `README.md`)
//! so the binary needs no files at run time. The rule table itself is the
//! hand-written `src/rules/registry.rs`; a test checks the two agree.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=policy");
    let dir = Path::new("policy");
    let mut folders: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.starts_with("CG"))
            .collect(),
        Err(_) => Vec::new(),
    };
    folders.sort();
    let mut out = String::from(
        "/// (folder, rule.rego if present, README.md if present)\npub const EMBEDDED: &[(&str, Option<&str>, Option<&str>)] = &[\n",
    );
    for f in &folders {
        println!("cargo:rerun-if-changed=policy/{f}");
        let rego = dir.join(f).join("rule.rego");
        let readme = dir.join(f).join("README.md");
        let inc = |p: &Path| -> String {
            if p.exists() {
                match std::fs::canonicalize(p) {
                    Ok(abs) => format!("Some(include_str!({:?}))", abs.display().to_string()),
                    Err(_) => "None".to_owned(),
                }
            } else {
                "None".to_owned()
            }
        };
        let _ = writeln!(out, "    ({f:?}, {}, {}),", inc(&rego), inc(&readme));
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned());
    let target = Path::new(&out_dir).join("embedded_policy.rs");
    if let Err(e) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {e}", target.display());
        std::process::exit(1);
    }
}
