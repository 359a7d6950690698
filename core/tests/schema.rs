#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Documents are checked against the generated CRDs exactly as the API server
//! would: structural schema, then CEL rules. Every example document passes.

use caregov_core::finding::Finding;
use caregov_core::load::{LoadOptions, load_paths, load_str};

const AGREEMENT: &str = "apiVersion: caregov.dev/v1alpha1
kind: Agreement
metadata:
  name: icb-trust-dsa
spec:
  agreementType: DataSharingAgreement
  parties:
  - organisation: riverside-icb
    role: Controller
    signedBy: Chief Executive
    signedOn: 2025-03-01
  - organisation: riverside-ft
    role: Controller
    signedBy: Caldicott Guardian
    signedOn: 2025-03-02
  dataForms: [Pseudonymised]
  effectiveFrom: 2025-04-01
  expiresOn: 2028-03-31
";

fn cg002(text: &str) -> Vec<Finding> {
    load_str("a.yaml", text)
        .findings
        .into_iter()
        .filter(|f| f.rule == "CG002")
        .collect()
}

#[test]
fn a_valid_agreement_passes() {
    let out = load_str("a.yaml", AGREEMENT);
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
    assert!(out.documents[0].valid);
}

#[test]
fn an_unknown_field_is_rejected_at_its_key_with_a_suggestion() {
    let f = cg002(&AGREEMENT.replace("  dataForms:", "  dataFroms:"));
    assert_eq!(
        f.len(),
        2,
        "unknown field and the now-missing required one: {f:#?}"
    );
    let unknown = f
        .iter()
        .find(|x| x.message.contains("unknown field"))
        .unwrap();
    assert_eq!(unknown.field, "spec.dataFroms");
    assert!(
        unknown.help.contains("did you mean dataForms"),
        "{}",
        unknown.help
    );
    let at = unknown.location.as_ref().unwrap();
    assert_eq!((at.line, at.column), (16, 3));
}

#[test]
fn a_wrong_enum_is_rejected_listing_the_valid_values() {
    let f = cg002(&AGREEMENT.replace("DataSharingAgreement", "DataSharing"));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].field, "spec.agreementType");
    assert!(
        f[0].message.contains("JointControllerArrangement"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].location.as_ref().unwrap().line, 6);
}

#[test]
fn an_impossible_date_is_rejected() {
    let f = cg002(&AGREEMENT.replace("effectiveFrom: 2025-04-01", "effectiveFrom: 2025-02-30"));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].field, "spec.effectiveFrom");
    assert!(f[0].message.contains("not a date"), "{}", f[0].message);
}

#[test]
fn an_expiry_before_the_start_is_rejected_by_the_crds_cel_rule() {
    let f = cg002(&AGREEMENT.replace("expiresOn: 2028-03-31", "expiresOn: 2024-03-31"));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message
            .contains("expiresOn must be after effectiveFrom"),
        "{}",
        f[0].message
    );
    assert!(
        f[0].help.contains("self.expiresOn > self.effectiveFrom"),
        "{}",
        f[0].help
    );
}

#[test]
fn an_agreement_with_one_party_is_rejected() {
    let one = AGREEMENT.replace(
        "  - organisation: riverside-ft\n    role: Controller\n    signedBy: Caldicott Guardian\n    signedOn: 2025-03-02\n",
        "",
    );
    let f = cg002(&one);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].field, "spec.parties");
}

#[test]
fn a_signature_without_a_signatory_is_rejected_by_cel() {
    let f = cg002(&AGREEMENT.replace("    signedBy: Chief Executive\n", ""));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].field, "spec.parties[0].signedBy");
    assert!(f[0].message.contains("signedBy"), "{}", f[0].message);
}

#[test]
fn an_unquoted_number_where_a_string_belongs_says_so() {
    let text = "apiVersion: caregov.dev/v1alpha1\nkind: Organisation\nmetadata:\n  name: council\nspec:\n  displayName: Council\n  odsCode: 312\n  type: LocalAuthority\n";
    let f = cg002(text);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].help.contains("quote"), "{}", f[0].help);
}

#[test]
fn every_example_document_passes_its_crd_and_types() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/north-ics");
    let out = load_paths(&[root], &LoadOptions::default());
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
    assert!(out.documents.len() >= 40);
    let (catalog, findings) = caregov_core::catalog::build(out);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(catalog.resource_count(), 45);
}
