//! caregov-operator: will evaluate the rule pack in a cluster, write
//! compliance status and compile lawful access (see DESIGN.md). The
//! reconciler is not built yet; this binary says so instead of pretending.

use std::process::ExitCode;

fn main() -> ExitCode {
    eprintln!(
        "caregov-operator {}: the controller is not implemented yet.\n  \
         The rules and the access plan it will apply are available today through `caregov lint`.",
        env!("CARGO_PKG_VERSION")
    );
    ExitCode::from(2)
}
