//! Write a synthetic care system for benchmarks:
//! `cargo run -p caregov-e2e --bin caregov-synth -- 10000 /tmp/ics-10k`

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(dir)) = (
        args.first().and_then(|a| a.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!(
            "usage: caregov-synth RESOURCES DIR [NAMESPACE]\n  e.g. caregov-synth 10000 /tmp/ics-10k"
        );
        return ExitCode::from(2);
    };
    let ns = args.get(2).map_or("synthetic", String::as_str);
    let files = caregov_e2e::synth::generate(count, ns);
    let dir = PathBuf::from(dir);
    if let Err(e) = caregov_e2e::synth::write_to(&dir, &files) {
        eprintln!("cannot write {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    eprintln!(
        "wrote {} resources ({} bytes) in {} files to {}",
        caregov_e2e::synth::count_resources(&files),
        bytes,
        files.len(),
        dir.display()
    );
    ExitCode::SUCCESS
}
