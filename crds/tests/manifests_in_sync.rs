#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The committed CRD manifests are exactly what the types generate.

use std::path::Path;

const REGENERATE: &str = "cargo run --bin caregov -- crds --output-dir crds/manifests";

#[test]
fn committed_crd_manifests_match_the_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("manifests");
    let mut stale = Vec::new();
    for (crd, info) in caregov_crds::all_crds()
        .iter()
        .zip(caregov_crds::KINDS.iter())
    {
        let file = dir.join(caregov_crds::manifest_file_name(info));
        let expected = caregov_crds::crd_yaml(crd).expect("CRDs serialise");
        match std::fs::read_to_string(&file) {
            Ok(actual) if actual == expected => {}
            Ok(_) => stale.push(format!("{} differs", file.display())),
            Err(e) => stale.push(format!("{}: {e}", file.display())),
        }
    }
    let files = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    if files != caregov_crds::KINDS.len() {
        stale.push(format!(
            "{} holds {files} files, expected {}",
            dir.display(),
            caregov_crds::KINDS.len()
        ));
    }
    assert!(
        stale.is_empty(),
        "CRD manifests are out of date:\n  {}\nregenerate them with:\n  {REGENERATE}",
        stale.join("\n  ")
    );
}

#[test]
fn every_kind_is_namespaced_in_the_caregov_category_with_status_and_printer_columns() {
    for crd in caregov_crds::all_crds() {
        assert_eq!(crd.spec.group, "caregov.dev");
        assert_eq!(crd.spec.scope, "Namespaced");
        assert_eq!(
            crd.spec.names.categories.as_deref(),
            Some(&["caregov".to_owned()][..])
        );
        assert!(
            crd.spec
                .names
                .short_names
                .as_ref()
                .is_some_and(|s| !s.is_empty())
        );
        let v = &crd.spec.versions[0];
        assert_eq!(v.name, "v1alpha1");
        assert!(
            v.subresources
                .as_ref()
                .and_then(|s| s.status.as_ref())
                .is_some(),
            "{} has no status subresource",
            crd.spec.names.kind
        );
        let columns: Vec<&str> = v
            .additional_printer_columns
            .iter()
            .flatten()
            .map(|c| c.name.as_str())
            .collect();
        for wanted in ["Ready", "Errors", "Warnings", "Age"] {
            assert!(
                columns.contains(&wanted),
                "{} lacks printer column {wanted}",
                crd.spec.names.kind
            );
        }
    }
}

#[test]
fn agreement_and_organisation_have_their_extra_columns() {
    let col = |kind: &str| -> Vec<String> {
        let crd = caregov_crds::crd_for(kind).unwrap();
        crd.spec.versions[0]
            .additional_printer_columns
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    assert!(col("Agreement").contains(&"Type".to_owned()));
    assert!(col("Agreement").contains(&"Expires".to_owned()));
    assert!(col("Organisation").contains(&"ODS".to_owned()));
    assert!(col("Organisation").contains(&"Type".to_owned()));
}
