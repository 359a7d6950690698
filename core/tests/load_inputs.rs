#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Bad input of every class gets a clear diagnostic with its position, and
//! the other files are still checked.

use std::path::{Path, PathBuf};

use caregov_core::finding::Finding;
use caregov_core::load::{LoadOptions, LoadOutput, load_paths, load_str};

const GOOD: &str = "apiVersion: caregov.dev/v1alpha1\nkind: Organisation\nmetadata:\n  name: riverside-icb\nspec:\n  displayName: NHS Riverside ICB\n  odsCode: QRV\n  type: IntegratedCareBoard\n";

fn only(out: &LoadOutput, rule: &str) -> Finding {
    let hits: Vec<&Finding> = out.findings.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one {rule}, got {:#?}",
        out.findings
    );
    hits[0].clone()
}

fn dir_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let root = dir.path().to_path_buf();
    (dir, root)
}

fn load_dir(root: &Path) -> LoadOutput {
    load_paths(&[root.to_path_buf()], &LoadOptions::default())
}

#[test]
fn invalid_yaml_is_cg000_at_the_parser_position_and_other_files_still_load() {
    let (_d, root) = dir_with(&[
        (
            "a-bad.yaml",
            b"kind: Organisation\nspec: [unclosed\n  name: x\n",
        ),
        ("b-good.yaml", GOOD.as_bytes()),
    ]);
    let out = load_dir(&root);
    let f = only(&out, "CG000");
    let loc = f.location.unwrap();
    assert!(loc.file.ends_with("a-bad.yaml"));
    assert!(loc.line >= 2, "{loc:?}");
    assert!(f.message.starts_with("YAML error"), "{}", f.message);
    assert_eq!(out.documents.len(), 1, "the good file is still loaded");
}

#[test]
fn tab_indentation_is_cg000_with_a_hint_about_spaces() {
    let out = load_str(
        "t.yaml",
        "apiVersion: caregov.dev/v1alpha1\nkind: Organisation\nmetadata:\n\tname: x\n",
    );
    let f = only(&out, "CG000");
    assert_eq!(f.location.unwrap().line, 4);
    assert!(f.help.contains("spaces"), "{}", f.help);
}

#[test]
fn duplicate_keys_are_cg000() {
    let out = load_str("d.yaml", &format!("{GOOD}  type: NhsTrust\n"));
    let f = only(&out, "CG000");
    assert_eq!(f.location.unwrap().line, 9);
    assert!(f.message.contains("duplicate"), "{}", f.message);
}

#[test]
fn anchors_and_aliases_that_stay_small_are_accepted_within_a_document() {
    let text = "apiVersion: caregov.dev/v1alpha1\nkind: AccessRole\nmetadata:\n  name: analyst\n  annotations:\n    team: &team analytics\n  labels:\n    team: *team\nspec:\n  description: Analysts\n  dataForms: [Pseudonymised]\n  purposes: [Commissioning]\n  audit: EveryAccess\n";
    let out = load_str("a.yaml", text);
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
    assert_eq!(
        out.documents[0].value["metadata"]["labels"]["team"],
        "analytics"
    );
}

#[test]
fn an_alias_to_another_documents_anchor_is_cg000_with_a_hint() {
    let out = load_str("a.yaml", "a: &x 1\n---\nb: *x\n");
    let f = only(&out, "CG000");
    assert!(f.help.contains("same document"), "{}", f.help);
}

#[test]
fn an_alias_bomb_is_refused_not_expanded() {
    let mut bomb = String::from(
        "apiVersion: caregov.dev/v1alpha1\nkind: Organisation\nmetadata:\n  name: bomb\nspec:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='p' {
        bomb.push_str(&format!("  {c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = c;
    }
    let out = load_str("bomb.yaml", &bomb);
    let f = only(&out, "CG000");
    assert!(f.help.contains("alias"), "{}", f.help);
    assert!(out.documents.is_empty());
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let big = vec![b'#'; 50 * 1024 * 1024];
    let (_d, root) = dir_with(&[("huge.yaml", &big), ("ok.yaml", GOOD.as_bytes())]);
    let out = load_dir(&root);
    let f = only(&out, "CG000");
    assert!(f.message.contains("bytes"), "{}", f.message);
    assert_eq!(out.documents.len(), 1);
}

#[test]
fn non_utf8_bytes_are_cg000_with_their_line() {
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(b"  displayName2: \xff\xfe\n");
    let (_d, root) = dir_with(&[("latin1.yaml", &bytes)]);
    let out = load_dir(&root);
    let f = only(&out, "CG000");
    assert!(f.message.contains("not UTF-8"), "{}", f.message);
    assert_eq!(f.location.unwrap().line, 9);
}

#[test]
fn empty_documents_and_comments_are_skipped_quietly() {
    let out = load_str(
        "e.yaml",
        &format!("---\n# nothing here\n---\n\n---\n{GOOD}---\n"),
    );
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
    assert_eq!(out.documents.len(), 1);
}

#[test]
fn a_document_that_is_a_list_or_a_scalar_is_cg000() {
    let out = load_str("l.yaml", &format!("- a\n- b\n---\njust text\n---\n{GOOD}"));
    let found: Vec<&Finding> = out.findings.iter().filter(|f| f.rule == "CG000").collect();
    assert_eq!(found.len(), 2, "{:#?}", out.findings);
    assert!(found[0].message.contains("a list"));
    assert!(found[1].message.contains("a single value"));
    assert_eq!(found[1].location.as_ref().unwrap().line, 4);
    assert_eq!(out.documents.len(), 1);
}

#[test]
fn other_api_groups_are_skipped_and_unknown_caregov_versions_are_cg002() {
    let text = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: y\n---\n{}",
        GOOD.replace("v1alpha1", "v1beta1")
    );
    let out = load_str("m.yaml", &text);
    let f = only(&out, "CG002");
    assert!(f.message.contains("v1beta1"), "{}", f.message);
    assert_eq!(f.location.unwrap().line, 11);
}

#[test]
fn an_unknown_caregov_kind_suggests_the_nearest() {
    let out = load_str(
        "k.yaml",
        &GOOD.replace("kind: Organisation", "kind: Organization"),
    );
    let f = only(&out, "CG002");
    assert!(f.help.contains("did you mean Organisation"), "{}", f.help);
}

#[cfg(unix)]
#[test]
fn unreadable_paths_and_symlink_loops_are_reported_and_the_rest_is_loaded() {
    let (_d, root) = dir_with(&[("ok.yaml", GOOD.as_bytes())]);
    // Tests run as root, so permissions cannot make a file unreadable: a
    // dangling symlink is a file that cannot be read.
    std::os::unix::fs::symlink(root.join("missing.yaml"), root.join("dangling.yaml")).unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::os::unix::fs::symlink(&root, root.join("sub").join("loop")).unwrap();
    let out = load_dir(&root);
    let messages: Vec<String> = out
        .findings
        .iter()
        .filter(|f| f.rule == "CG000")
        .map(|f| f.message.clone())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("dangling.yaml")),
        "{messages:#?}"
    );
    assert!(messages.iter().any(|m| m.contains("loop")), "{messages:#?}");
    assert_eq!(out.documents.len(), 1);
}

#[test]
fn dates_load_as_strings_quoted_or_not_and_yes_stays_a_string() {
    let text = "apiVersion: caregov.dev/v1alpha1\nkind: TransparencyNotice\nmetadata:\n  name: n\nspec:\n  controller: riverside-icb\n  url: https://x.nhs.uk/privacy\n  publishedOn: 2026-04-01\n  reviewDue: \"2027-04-01\"\n";
    let out = load_str("n.yaml", text);
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
    assert_eq!(out.documents[0].value["spec"]["publishedOn"], "2026-04-01");
    assert_eq!(out.documents[0].value["spec"]["reviewDue"], "2027-04-01");
    let out = load_str(
        "y.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\nflag: yes\n",
    );
    assert!(out.findings.is_empty());
}

#[test]
fn random_bytes_never_panic() {
    // A small deterministic generator: xorshift over a few thousand inputs,
    // biased towards YAML punctuation.
    let alphabet = b"apiVersion: caregov.dev/v1alpha1\nkind: Organisation\n-[]{}&*!|>'\"#%@`\t ,?:0123456789\xff";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let len = (state % 200) as usize;
        let mut bytes = Vec::with_capacity(len);
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bytes.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = load_str("fuzz.yaml", &text);
    }
}

#[test]
fn positions_are_found_by_reading_the_file_again_and_not_from_a_changed_file() {
    use caregov_core::spans::PathSeg;
    let two = format!(
        "# first\n{GOOD}---\n{}",
        GOOD.replace("riverside-icb", "other-icb")
    );
    let (_d, root) = dir_with(&[("orgs.yaml", two.as_bytes())]);
    let out = load_dir(&root);
    assert_eq!(out.documents.len(), 2);
    let doc = &out.documents[1];
    let path = [PathSeg::Key("spec".into()), PathSeg::Key("odsCode".into())];

    // Unchanged: the text is read again and the field found (line 17:3).
    let file = &out.files[doc.file];
    assert_eq!(file.text().map(|t| t.to_string()), Some(two.clone()));
    let at = doc.locate(&out.files, &path);
    assert_eq!((at.line, at.column), (17, 3));

    // Changed after linting: no text, and the position falls back to the
    // document's start rather than pointing into the new contents.
    let out = load_dir(&root);
    std::fs::write(
        root.join("orgs.yaml"),
        two.replace("odsCode: QRV", "odsCode: QRVX"),
    )
    .unwrap();
    let doc = &out.documents[1];
    assert!(out.files[doc.file].text().is_none());
    let at = doc.locate(&out.files, &path);
    assert_eq!((at.line, at.column), (10, 1));
}
