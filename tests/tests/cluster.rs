#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Against the cluster in KUBECONFIG: the CRDs install and the example care
//! system is accepted by the API server (schema and CEL rules), the broken
//! schema documents are rejected. Skipped, saying so, without a cluster.

use caregov_e2e::{kubectl, no_cluster_reason};

fn skip() -> bool {
    if let Some(reason) = no_cluster_reason() {
        eprintln!("SKIPPED: end-to-end cluster tests need a cluster ({reason})");
        return true;
    }
    false
}

fn ok(args: &[&str]) -> String {
    let out = kubectl(args).expect("kubectl runs");
    assert!(
        out.status.success(),
        "kubectl {} failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn install_crds() {
    ok(&["apply", "--server-side", "-f", "crds/manifests/"]);
    ok(&[
        "wait",
        "--for=condition=Established",
        "--timeout=60s",
        "-f",
        "crds/manifests/",
    ]);
}

#[test]
fn crds_install_and_the_north_ics_example_is_accepted_by_the_api_server() {
    if skip() {
        return;
    }
    install_crds();
    let _ = kubectl(&["create", "namespace", "north-ics"]);
    ok(&[
        "apply",
        "--dry-run=server",
        "-R",
        "-f",
        "examples/north-ics/",
    ]);
}

#[test]
fn api_server_rejects_an_agreement_that_expires_before_it_starts() {
    if skip() {
        return;
    }
    install_crds();
    let dir = std::env::temp_dir().join("caregov-e2e-bad-agreement.yaml");
    std::fs::write(
        &dir,
        "apiVersion: caregov.dev/v1alpha1\nkind: Agreement\nmetadata:\n  name: backwards\n  namespace: default\nspec:\n  agreementType: DataSharingAgreement\n  parties:\n  - {organisation: a, role: Controller}\n  - {organisation: b, role: Controller}\n  dataForms: [Pseudonymised]\n  effectiveFrom: 2026-04-01\n  expiresOn: 2025-04-01\n",
    )
    .unwrap();
    let out = kubectl(&["apply", "--dry-run=server", "-f", dir.to_str().unwrap()]).unwrap();
    assert!(
        !out.status.success(),
        "the API server accepted an agreement expiring before it starts"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("expiresOn"));
}
