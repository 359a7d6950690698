//! Arbitrary bytes through the loader, the catalog and the whole lint: nothing
//! may panic, every problem must come back as a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let loaded = caregov_core::load::load_str("fuzz.yaml", &text);
    let _ = caregov_core::catalog::build(loaded);
    if let Some(today) = caregov_core::date::parse("2026-11-24") {
        let options = caregov_core::lint::LintOptions::new(today);
        let _ = caregov_core::lint::lint_str("fuzz.yaml", &text, &options);
    }
});
