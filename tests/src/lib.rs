//! Helpers for the end-to-end suite: find a cluster, run kubectl.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
#[must_use]
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Why there is no cluster to test against, or `None` when there is one.
#[must_use]
pub fn no_cluster_reason() -> Option<String> {
    let Some(kubeconfig) = std::env::var_os("KUBECONFIG") else {
        return Some("KUBECONFIG is not set".to_owned());
    };
    if !Path::new(&kubeconfig).exists() {
        return Some(format!(
            "KUBECONFIG {} does not exist",
            Path::new(&kubeconfig).display()
        ));
    }
    match Command::new("kubectl")
        .args(["version", "--request-timeout=5s"])
        .output()
    {
        Err(e) => Some(format!("kubectl cannot be run: {e}")),
        Ok(o) if !o.status.success() => Some(format!(
            "the cluster in KUBECONFIG does not answer: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Ok(_) => None,
    }
}

/// Run kubectl with arguments from the workspace root.
///
/// # Errors
/// When kubectl cannot be started.
pub fn kubectl(args: &[&str]) -> std::io::Result<Output> {
    Command::new("kubectl")
        .args(args)
        .current_dir(root())
        .output()
}

pub mod synth;
