//! The rule table: every rule caregov knows, in one place.
//!
//! Each built-in domain rule (CG1xx–CG7xx) lives in `core/policy/<folder>/`
//! with `rule.rego` (package `caregov.rules.<id lowercase>`), `README.md` and
//! `fixtures/{pass,fail}.yaml`. The structural rules (CG0xx) are checked in
//! Rust by the loader and catalog; their docs live in the same kind of folder.
//! A test checks that this table, the folders and the docs agree.

use crate::finding::Severity;

/// Where a rule is implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Checked in Rust by the loader or catalog.
    Rust,
    /// A Rego policy evaluated by regorus.
    Rego,
}

/// One row of the rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: &'static str,
    /// Folder under `core/policy/`, named after the bad pattern it finds.
    pub folder: &'static str,
    pub severity: Severity,
    pub engine: Engine,
    /// One line: what is wrong when the rule fires.
    pub title: &'static str,
}

const fn rust(
    id: &'static str,
    folder: &'static str,
    severity: Severity,
    title: &'static str,
) -> RuleInfo {
    RuleInfo {
        id,
        folder,
        severity,
        engine: Engine::Rust,
        title,
    }
}

const fn rego(
    id: &'static str,
    folder: &'static str,
    severity: Severity,
    title: &'static str,
) -> RuleInfo {
    RuleInfo {
        id,
        folder,
        severity,
        engine: Engine::Rego,
        title,
    }
}

use Severity::{Error, Info, Warning};

/// Every built-in rule, ordered by id.
pub const RULES: &[RuleInfo] = &[
    // CG0xx — structure
    rust(
        "CG000",
        "CG000-unreadable-yaml",
        Error,
        "a file is not valid YAML, not UTF-8, or cannot be read",
    ),
    rust(
        "CG001",
        "CG001-dangling-reference",
        Error,
        "a reference names a resource that does not exist",
    ),
    rust(
        "CG002",
        "CG002-schema-violation",
        Error,
        "a document does not match its CRD",
    ),
    rust(
        "CG003",
        "CG003-duplicate-name",
        Error,
        "two resources of the same kind and namespace share a name",
    ),
    rust(
        "CG004",
        "CG004-missing-or-malformed-ods-code",
        Warning,
        "an organisation's ODS code is missing or has the wrong shape",
    ),
    rust(
        "CG005",
        "CG005-organisation-outside-care-system",
        Warning,
        "a referenced organisation is not a member of the care system",
    ),
    rust(
        "CG006",
        "CG006-invalid-exception",
        Warning,
        "an exception or suppression has no reason or owner, or has expired",
    ),
    // CG1xx — statutory roles
    rego(
        "CG101",
        "CG101-non-provider-gives-individual-care",
        Error,
        "an organisation without a care function performs or controls individual care",
    ),
    rego(
        "CG102",
        "CG102-non-commissioner-controls-commissioning",
        Error,
        "an organisation without the Commissioner function controls commissioning",
    ),
    rego(
        "CG103",
        "CG103-provider-controls-system-wide-analysis",
        Error,
        "a provider controls system-wide secondary use",
    ),
    rego(
        "CG104",
        "CG104-processor-without-contract",
        Error,
        "the performer is not a controller and has no processing contract in force",
    ),
    rego(
        "CG105",
        "CG105-host-without-contract",
        Error,
        "a store host is not a controller and has no hosting contract in force",
    ),
    rego(
        "CG106",
        "CG106-pcn-as-legal-entity",
        Error,
        "a primary care network is used as a legal entity",
    ),
    rego(
        "CG107",
        "CG107-csu-as-controller",
        Warning,
        "a commissioning support unit is a controller",
    ),
    // CG2xx — lawful basis
    rego(
        "CG201",
        "CG201-missing-article6-basis",
        Error,
        "an activity on personal data has no Article 6 basis",
    ),
    rego(
        "CG202",
        "CG202-missing-article9-condition",
        Error,
        "an activity on personal health or care data has no Article 9 condition",
    ),
    rego(
        "CG203",
        "CG203-missing-schedule1-condition",
        Error,
        "the Article 9 condition needs a DPA 2018 Schedule 1 condition",
    ),
    rego(
        "CG204",
        "CG204-identifiable-secondary-use-on-implied-consent",
        Error,
        "identifiable secondary use relies on implied consent or no common-law route",
    ),
    rego(
        "CG205",
        "CG205-opt-out-not-applied",
        Error,
        "section 251 or COPI regulation 2 secondary use without the national data opt-out",
    ),
    rego(
        "CG206",
        "CG206-opt-out-applied-to-individual-care",
        Warning,
        "the national data opt-out is applied to individual care",
    ),
    rego(
        "CG207",
        "CG207-public-body-relies-on-consent",
        Warning,
        "a public body relies on Article 6 consent for care or planning",
    ),
    rego(
        "CG208",
        "CG208-lapsed-lawful-basis",
        Error,
        "a lawful basis past its validUntil is relied on",
    ),
    rego(
        "CG209",
        "CG209-section251-without-cag-reference",
        Error,
        "a section 251 basis has no CAG reference",
    ),
    rego(
        "CG210",
        "CG210-research-without-research-condition",
        Error,
        "research on personal data has neither Article 9 Research nor explicit consent",
    ),
    rego(
        "CG211",
        "CG211-public-body-relies-on-legitimate-interests",
        Error,
        "a public body relies on legitimate interests",
    ),
    rego(
        "CG212",
        "CG212-schedule1-paragraph-mismatch",
        Warning,
        "the Schedule 1 paragraph does not match the Article 9 condition",
    ),
    rego(
        "CG213",
        "CG213-identifiable-research-without-consent-or-s251",
        Error,
        "identifiable research without explicit consent or section 251",
    ),
    rego(
        "CG214",
        "CG214-opt-out-applied-over-explicit-consent",
        Warning,
        "the national data opt-out is applied where explicit consent is the route",
    ),
    // CG3xx — agreements
    rego(
        "CG301",
        "CG301-flow-without-sharing-agreement",
        Error,
        "personal data flows between controllers with no sharing agreement",
    ),
    rego(
        "CG302",
        "CG302-expired-agreement",
        Error,
        "an agreement relied on has expired",
    ),
    rego(
        "CG303",
        "CG303-agreement-expiring-soon",
        Warning,
        "an agreement relied on expires soon",
    ),
    rego(
        "CG304",
        "CG304-unsigned-party",
        Error,
        "a party of an agreement relied on has not signed",
    ),
    rego(
        "CG305",
        "CG305-terminated-or-future-agreement",
        Error,
        "an agreement relied on is terminated or not yet effective",
    ),
    rego(
        "CG306",
        "CG306-agreement-review-overdue",
        Warning,
        "an agreement's review is overdue",
    ),
    rego(
        "CG307",
        "CG307-agreement-narrower-than-activity",
        Error,
        "an agreement covers narrower data forms than the activity uses",
    ),
    rego(
        "CG308",
        "CG308-joint-controllers-without-arrangement",
        Error,
        "joint controllers have no arrangement in force",
    ),
    rego(
        "CG309",
        "CG309-neighbouring-shcrs-without-agreement",
        Error,
        "neighbouring shared care records share with no agreement in force",
    ),
    rego(
        "CG310",
        "CG310-parties-incoherent-with-type",
        Error,
        "an agreement's parties do not fit its type",
    ),
    // CG4xx — access
    rego(
        "CG401",
        "CG401-identifiable-secondary-use-role",
        Error,
        "a role grants identifiable data for secondary use without a basis",
    ),
    rego(
        "CG402",
        "CG402-care-role-without-legitimate-relationship",
        Error,
        "a care role with identifiable data does not require a legitimate relationship",
    ),
    rego(
        "CG403",
        "CG403-identifiable-role-not-fully-audited",
        Error,
        "a role with identifiable data does not audit every access",
    ),
    rego(
        "CG404",
        "CG404-unsafe-break-glass",
        Error,
        "break-glass without a reason or outside individual care",
    ),
    rego(
        "CG405",
        "CG405-binding-role-wrong-purpose",
        Error,
        "a binding's role does not allow its activity's purpose",
    ),
    rego(
        "CG406",
        "CG406-binding-organisation-not-in-activity",
        Error,
        "a binding's organisation neither performs nor controls its activity",
    ),
    rego(
        "CG407",
        "CG407-binding-store-not-a-source",
        Error,
        "a binding's store is not a source of its activity",
    ),
    rego(
        "CG408",
        "CG408-over-broad-role",
        Error,
        "a binding's role grants a data form the activity or store does not use",
    ),
    rego(
        "CG409",
        "CG409-care-role-without-sealed-categories",
        Warning,
        "a care role with identifiable data excludes no sensitive categories",
    ),
    rego(
        "CG410",
        "CG410-binding-to-everyone",
        Error,
        "a binding has no subjects or a subject meaning everyone",
    ),
    rego(
        "CG411",
        "CG411-binding-chain-not-in-force",
        Error,
        "a binding would give access through a chain that is not in force",
    ),
    rego(
        "CG412",
        "CG412-pseudonymised-role-unaudited",
        Warning,
        "a role with pseudonymised data has no audit",
    ),
    // CG5xx — transparency
    rego(
        "CG501",
        "CG501-activity-missing-from-notice",
        Error,
        "an activity on personal data is not in a notice of each controller",
    ),
    rego(
        "CG502",
        "CG502-notice-review-overdue",
        Warning,
        "a notice's review is overdue",
    ),
    rego(
        "CG503",
        "CG503-notice-missing-opt-out",
        Warning,
        "no notice covers the national data opt-out",
    ),
    rego(
        "CG504",
        "CG504-notice-missing-cross-boundary",
        Warning,
        "no notice covers cross-boundary sharing",
    ),
    rego(
        "CG505",
        "CG505-notice-missing-required-content",
        Warning,
        "a notice lacks content Articles 13/14 require",
    ),
    rego(
        "CG506",
        "CG506-notice-without-accessible-format",
        Info,
        "a notice offers no accessible format",
    ),
    rego(
        "CG507",
        "CG507-notice-missing-profiling",
        Warning,
        "no notice describes risk-stratification profiling",
    ),
    rego(
        "CG508",
        "CG508-notice-missing-international-transfers",
        Warning,
        "no notice covers international transfers",
    ),
    // CG6xx — organisational assurance
    rego(
        "CG601",
        "CG601-dspt-below-minimum",
        Error,
        "a recipient of personal data is below the minimum DSPT status",
    ),
    rego(
        "CG602",
        "CG602-dspt-lapsed",
        Warning,
        "an organisation's DSPT publication has lapsed",
    ),
    rego(
        "CG603",
        "CG603-high-risk-without-dpia",
        Error,
        "high-risk processing has no DPIA",
    ),
    rego(
        "CG604",
        "CG604-dpia-review-overdue",
        Warning,
        "a DPIA's review is overdue",
    ),
    rego(
        "CG605",
        "CG605-public-body-without-dpo",
        Error,
        "a public body names no DPO",
    ),
    rego(
        "CG606",
        "CG606-no-caldicott-guardian",
        Warning,
        "a health or care organisation names no Caldicott Guardian",
    ),
    rego(
        "CG607",
        "CG607-offshore-store-without-transfer-mechanism",
        Error,
        "personal data held outside the UK without a transfer mechanism",
    ),
    rego(
        "CG608",
        "CG608-independent-provider-without-dpo",
        Warning,
        "an independent or VCSE provider names no DPO",
    ),
    // CG7xx — scope
    rego(
        "CG701",
        "CG701-activity-without-scope",
        Error,
        "an activity names no service scope",
    ),
    rego(
        "CG702",
        "CG702-split-purpose-across-performers",
        Info,
        "one purpose is split across performers",
    ),
    rego(
        "CG703",
        "CG703-idle-care-system-member",
        Warning,
        "a care system member takes part in nothing",
    ),
    rego(
        "CG704",
        "CG704-care-outside-performer-scope",
        Warning,
        "individual care outside the performer's service scopes",
    ),
];

/// Find a rule by id (case-insensitive).
#[must_use]
pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id.eq_ignore_ascii_case(id))
}
