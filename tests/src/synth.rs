//! Synthetic care systems for benchmarks: the shape of `examples/north-ics`
//! scaled out by "places" of GP practices around a trust and a council, each
//! place with its own shared care record, under one ICB and one CSU.
//!
//! Hot keys are deliberate: the ICB is party to one sharing agreement per
//! practice and the CSU to one hosting contract per practice (thousands at
//! the top end), one clinician role is bound thousands of times, and one
//! extract store has every practice as controller. A few violations are
//! planted at fixed intervals so the rules have something to find.

use std::fmt::Write as _;

/// One generated file: a path relative to the output folder and its YAML.
#[derive(Debug, Clone)]
pub struct SynthFile {
    pub path: String,
    pub text: String,
}

/// Resources in one place besides its practices.
const PLACE_FIXED: usize = 14;
/// Resources per practice: organisation, activity, two agreements, binding, notice.
const PER_PRACTICE: usize = 6;
/// Practices per place (one ShCR each; keeps every DSPA under 64 parties).
const PRACTICES_PER_PLACE: usize = 20;
/// Resources outside places.
const SYSTEM_FIXED: usize = 16;

fn header(out: &mut String, kind: &str, name: &str, ns: &str) {
    let _ = write!(
        out,
        "---\napiVersion: caregov.dev/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n"
    );
}

fn contacts(out: &mut String, org: &str) {
    let _ = write!(
        out,
        "  dspt:\n    status: StandardsMet\n    publishedOn: 2026-06-20\n  contacts:\n    dpo:\n      name: Data Protection Officer\n      email: dpo@{org}.nhs.uk\n    caldicottGuardian:\n      name: Caldicott Guardian\n      email: caldicott@{org}.nhs.uk\n"
    );
}

fn notice(
    out: &mut String,
    name: &str,
    ns: &str,
    controller: &str,
    activities: &[String],
    extra: &[&str],
) {
    header(out, "TransparencyNotice", name, ns);
    let _ = write!(
        out,
        "  controller: {controller}\n  url: https://{controller}.nhs.uk/privacy\n  publishedOn: 2026-04-01\n  reviewDue: 2027-09-30\n  activities: [{}]\n  covers: [DataSubjectRights, DpoContact, IcoComplaint, Retention, Recipients, NationalDataOptOut, DataSources{}]\n  formats: [EasyRead, LargePrint]\n",
        activities.join(", "),
        extra.iter().map(|e| format!(", {e}")).collect::<String>()
    );
}

/// Generate a care system of about `resources` resources in namespace `ns`.
#[must_use]
pub fn generate(resources: usize, ns: &str) -> Vec<SynthFile> {
    let per_place = PLACE_FIXED + PER_PRACTICE * PRACTICES_PER_PLACE;
    let places = resources
        .saturating_sub(SYSTEM_FIXED)
        .div_ceil(per_place)
        .max(1);
    let mut files = Vec::with_capacity(places + 1);
    let mut members: Vec<String> = vec!["icb".into(), "csu".into()];
    let mut practices_all: Vec<String> = Vec::new();

    for p in 0..places {
        let mut out = String::with_capacity(per_place * 700);
        let trust = format!("trust-{p:03}");
        let council = format!("council-{p:03}");
        let shcr = format!("shcr-{p:03}");
        let practices: Vec<String> = (0..PRACTICES_PER_PLACE)
            .map(|i| format!("gp-{p:03}-{i:02}"))
            .collect();
        members.push(trust.clone());
        members.push(council.clone());
        members.extend(practices.iter().cloned());
        practices_all.extend(practices.iter().cloned());

        header(&mut out, "Organisation", &trust, ns);
        let _ = write!(
            out,
            "  displayName: Place {p} Hospitals NHS Foundation Trust\n  odsCode: R{}\n  type: NhsFoundationTrust\n  serviceScopes: [AcuteAndUrgentCare, CommunityAndOutOfHospitalCare]\n",
            ods3(p)
        );
        contacts(&mut out, &trust);
        header(&mut out, "Organisation", &council, ns);
        let _ = write!(
            out,
            "  displayName: Place {p} County Council\n  odsCode: \"{:03}\"\n  type: LocalAuthority\n  serviceScopes: [SocialCare, PublicHealth]\n",
            p % 1000
        );
        contacts(&mut out, &council);

        let mut shcr_controllers = practices.clone();
        shcr_controllers.push(trust.clone());
        shcr_controllers.push(council.clone());
        header(&mut out, "DataStore", &shcr, ns);
        let _ = write!(
            out,
            "  displayName: Place {p} Shared Care Record\n  storeType: SharedCareRecord\n  host: {trust}\n  controllers: [{}]\n  dataForms: [Identifiable]\n  location: GB\n  dpia:\n    reference: DPIA-SHCR-{p:03}\n    completedOn: 2025-11-01\n    reviewDue: 2027-11-01\n",
            shcr_controllers.join(", ")
        );
        if p > 0 {
            let _ = writeln!(out, "  neighbours: [shcr-{:03}]", p - 1);
        }

        let mut care_acts = Vec::new();
        for org in practices.iter().chain([&trust, &council]) {
            let act = format!("{org}-care");
            care_acts.push(act.clone());
            let scope = if org.starts_with("gp-") {
                "PrimaryCare"
            } else if org.starts_with("trust-") {
                "AcuteAndUrgentCare"
            } else {
                "SocialCare"
            };
            header(&mut out, "ProcessingActivity", &act, ns);
            let _ = write!(
                out,
                "  description: Direct care by {org} using the place shared care record.\n  purpose: IndividualCare\n  serviceScopes: [{scope}]\n  performedBy: {org}\n  controllers: [{org}]\n  population: OwnPatients\n  dataForm: Identifiable\n  sources: [{shcr}]\n  lawfulBasis: direct-care\n  nationalDataOptOut: NotApplicable\n  retention: P8Y\n"
            );
        }

        header(&mut out, "Agreement", &format!("{shcr}-dspa"), ns);
        let _ = write!(
            out,
            "  title: Place {p} Shared Care Record DSPA\n  agreementType: DataSharingAndProcessingAgreement\n  reference: DSPA-{p:03}\n  parties:\n"
        );
        for c in &shcr_controllers {
            let _ = write!(
                out,
                "  - organisation: {c}\n    role: JointController\n    signedBy: Caldicott Guardian\n    signedOn: 2025-12-01\n"
            );
        }
        let _ = write!(
            out,
            "  activities: [{}]\n  dataForms: [Identifiable]\n  effectiveFrom: 2026-01-01\n  expiresOn: 2029-12-31\n  reviewDue: 2027-12-31\n",
            care_acts.join(", ")
        );
        if p > 0 {
            let prev = format!("trust-{:03}", p - 1);
            header(&mut out, "Agreement", &format!("{shcr}-cross-boundary"), ns);
            let _ = write!(
                out,
                "  agreementType: DataSharingAgreement\n  parties:\n  - {{organisation: {trust}, role: Controller, signedBy: Caldicott Guardian, signedOn: 2025-12-01}}\n  - {{organisation: {prev}, role: Controller, signedBy: Caldicott Guardian, signedOn: 2025-12-01}}\n  dataForms: [Identifiable]\n  effectiveFrom: 2026-01-01\n  expiresOn: 2029-12-31\n"
            );
        } else {
            header(&mut out, "Agreement", &format!("{shcr}-review"), ns);
            let _ = write!(
                out,
                "  agreementType: JointControllerArrangement\n  parties:\n  - {{organisation: {trust}, role: JointController, signedBy: Caldicott Guardian, signedOn: 2025-12-01}}\n  - {{organisation: {council}, role: JointController, signedBy: Caldicott Guardian, signedOn: 2025-12-01}}\n  dataForms: [Identifiable]\n  effectiveFrom: 2026-01-01\n  expiresOn: 2029-12-31\n"
            );
        }

        for (i, gp) in practices.iter().enumerate() {
            header(&mut out, "Organisation", gp, ns);
            let _ = write!(
                out,
                "  displayName: Practice {p}-{i} Medical Centre\n  odsCode: {}{:05}\n  type: GpPractice\n  serviceScopes: [PrimaryCare]\n",
                char::from(b'A' + u8::try_from(p % 26).unwrap_or(0)),
                (p * PRACTICES_PER_PLACE + i) % 100_000
            );
            contacts(&mut out, gp);
            // Hot key: the ICB is party to one sharing agreement per practice.
            // Every 500th has expired (planted: CG302).
            let expires = if (p * PRACTICES_PER_PLACE + i) % 500 == 499 {
                "2026-03-31"
            } else {
                "2029-03-31"
            };
            header(&mut out, "Agreement", &format!("{gp}-icb-dsa"), ns);
            let _ = write!(
                out,
                "  agreementType: DataSharingAgreement\n  reference: DSA-{gp}\n  parties:\n  - {{organisation: {gp}, role: Controller, signedBy: Senior Partner, signedOn: 2025-03-01}}\n  - {{organisation: icb, role: Controller, signedBy: Chief Executive, signedOn: 2025-03-01}}\n  activities: [population-health]\n  dataForms: [Pseudonymised]\n  effectiveFrom: 2025-04-01\n  expiresOn: {expires}\n  reviewDue: 2027-04-01\n"
            );
            header(&mut out, "Agreement", &format!("{gp}-csu-hosting"), ns);
            let _ = write!(
                out,
                "  agreementType: DataProcessingContract\n  reference: DPC-{gp}\n  parties:\n  - {{organisation: {gp}, role: Controller, signedBy: Senior Partner, signedOn: 2025-03-01}}\n  - {{organisation: csu, role: Processor, signedBy: Director for NHS England, signedOn: 2025-03-01}}\n  dataForms: [Pseudonymised]\n  effectiveFrom: 2025-04-01\n  expiresOn: 2029-03-31\n"
            );
            header(&mut out, "AccessBinding", &format!("{gp}-clinicians"), ns);
            let _ = write!(
                out,
                "  role: clinician\n  organisation: {gp}\n  dataStore: {shcr}\n  activity: {gp}-care\n  subjects:\n  - kind: Group\n    name: {gp}-clinical-staff\n"
            );
            // Every 700th practice's notice forgets its activity (planted: CG501).
            let listed = if (p * PRACTICES_PER_PLACE + i) % 700 == 699 {
                Vec::new()
            } else {
                vec![format!("{gp}-care")]
            };
            notice(
                &mut out,
                &format!("{gp}-privacy"),
                ns,
                gp,
                &listed,
                &["CrossBoundarySharing"],
            );
        }
        for org in [&trust, &council] {
            header(&mut out, "AccessBinding", &format!("{org}-clinicians"), ns);
            let _ = write!(
                out,
                "  role: clinician\n  organisation: {org}\n  dataStore: {shcr}\n  activity: {org}-care\n  subjects:\n  - kind: Group\n    name: {org}-care-staff\n"
            );
            notice(
                &mut out,
                &format!("{org}-privacy"),
                ns,
                org,
                &[format!("{org}-care")],
                &["CrossBoundarySharing"],
            );
        }
        files.push(SynthFile {
            path: format!("places/place-{p:03}.yaml"),
            text: out,
        });
    }

    // The system: ICB, CSU, care system, extract store, roles, bases.
    let mut out = String::with_capacity(64 * 1024 + members.len() * 40);
    header(&mut out, "CareSystem", "synthetic-ics", ns);
    let _ = write!(
        out,
        "  displayName: Synthetic Integrated Care System\n  integratedCareBoard: icb\n  members: [{}]\n",
        members.join(", ")
    );
    header(&mut out, "Organisation", "icb", ns);
    out.push_str("  displayName: NHS Synthetic Integrated Care Board\n  odsCode: QSY\n  type: IntegratedCareBoard\n");
    contacts(&mut out, "icb");
    header(&mut out, "Organisation", "csu", ns);
    out.push_str("  displayName: Synthetic Commissioning Support Unit\n  odsCode: 0SY\n  type: CommissioningSupportUnit\n");
    contacts(&mut out, "csu");
    header(&mut out, "DataStore", "gp-extracts", ns);
    let _ = write!(
        out,
        "  displayName: GP pseudonymised extracts\n  storeType: IntegratedCareDataStore\n  host: csu\n  controllers: [{}]\n  dataForms: [Pseudonymised]\n  location: GB\n  dpia:\n    reference: DPIA-EXTRACTS\n    completedOn: 2025-10-01\n    reviewDue: 2027-10-01\n  access:\n    namespace: synthetic-data\n    credentialSecrets:\n      Pseudonymised: extracts-pseudo-reader\n",
        practices_all.join(", ")
    );
    header(&mut out, "LawfulBasis", "direct-care", ns);
    out.push_str("  article6: PublicTask\n  article9: HealthOrSocialCare\n  dpa2018Schedule1: Part 1 paragraph 2\n  commonLawDuty: ImpliedConsent\n");
    header(&mut out, "LawfulBasis", "planning", ns);
    out.push_str("  article6: PublicTask\n  article9: HealthOrSocialCare\n  dpa2018Schedule1: Part 1 paragraph 2\n  commonLawDuty: NotApplicable\n");
    header(&mut out, "ProcessingActivity", "population-health", ns);
    out.push_str("  description: Population health management across the system on pseudonymised GP extracts.\n  purpose: PopulationHealthManagement\n  serviceScopes: [PrimaryCare, CommunityAndOutOfHospitalCare]\n  performedBy: csu\n  controllers: [icb]\n  population: SystemWide\n  dataForm: Pseudonymised\n  sources: [gp-extracts]\n  lawfulBasis: planning\n  nationalDataOptOut: NotApplicable\n  retention: P3Y\n  dpia:\n    reference: DPIA-PHM\n    completedOn: 2025-10-01\n    reviewDue: 2027-10-01\n");
    header(&mut out, "Agreement", "icb-csu-processing", ns);
    out.push_str("  agreementType: DataProcessingContract\n  parties:\n  - {organisation: icb, role: Controller, signedBy: Chief Executive, signedOn: 2025-03-01}\n  - {organisation: csu, role: Processor, signedBy: Director for NHS England, signedOn: 2025-03-01}\n  activities: [population-health]\n  dataForms: [Pseudonymised]\n  effectiveFrom: 2025-04-01\n  expiresOn: 2029-03-31\n");
    header(&mut out, "AccessRole", "clinician", ns);
    out.push_str("  description: Clinicians and care professionals viewing records of people they care for.\n  dataForms: [Identifiable]\n  purposes: [IndividualCare]\n  requiresLegitimateRelationship: true\n  breakGlass:\n    allowed: true\n    requiresReason: true\n  audit: EveryAccess\n  excludedSensitiveCategories: [SexualHealth, Fertility, GenderIdentity, Safeguarding]\n");
    header(&mut out, "AccessRole", "analyst", ns);
    out.push_str("  description: Analysts working on pseudonymised data for planning.\n  dataForms: [Pseudonymised]\n  purposes: [PopulationHealthManagement]\n  audit: EveryAccess\n");
    header(&mut out, "AccessBinding", "csu-analysts", ns);
    out.push_str("  role: analyst\n  organisation: csu\n  dataStore: gp-extracts\n  activity: population-health\n  subjects:\n  - kind: Group\n    name: csu-phm-analysts\n");
    notice(
        &mut out,
        "icb-privacy",
        ns,
        "icb",
        &["population-health".to_owned()],
        &[],
    );
    files.insert(
        0,
        SynthFile {
            path: "system.yaml".to_owned(),
            text: out,
        },
    );
    files
}

fn ods3(p: usize) -> String {
    let alphabet = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    let a = alphabet.get(p % alphabet.len()).copied().unwrap_or(b'A');
    let b = alphabet
        .get((p / alphabet.len()) % alphabet.len())
        .copied()
        .unwrap_or(b'A');
    format!("{}{}", char::from(b), char::from(a))
}

/// Count the resources in generated files (documents starting with `---\napiVersion`).
#[must_use]
pub fn count_resources(files: &[SynthFile]) -> usize {
    files
        .iter()
        .map(|f| f.text.matches("---\napiVersion:").count())
        .sum()
}

/// Write generated files under `dir`.
///
/// # Errors
/// When a folder or file cannot be written.
pub fn write_to(dir: &std::path::Path, files: &[SynthFile]) -> std::io::Result<()> {
    for f in files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &f.text)?;
    }
    Ok(())
}
