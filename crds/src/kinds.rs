//! The nine kinds of `caregov.dev/v1alpha1`.
//!
//! Field names follow DESIGN.md's API table. Enumerations are closed, dates are
//! `YYYY-MM-DD` strings with `format: date`, references are names of resources
//! in the same namespace. Invariants that need no other object are CEL rules
//! (`x-kubernetes-validations`) so the API server rejects them on its own.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::{
    CaregovStatus, DataForm, Date, Dpia, Purpose, ServiceScope, date_schema, name_ref_list_schema,
    name_ref_schema, opt_date_schema,
};

// ---------------------------------------------------------------- CareSystem

/// An integrated care system: a partnership, not a legal entity. The root of
/// summary status and of system-wide settings.
#[derive(CustomResource, Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[kube(
    group = "caregov.dev",
    version = "v1alpha1",
    kind = "CareSystem",
    namespaced,
    status = "CaregovStatus",
    shortname = "cs",
    category = "caregov",
    printcolumn(
        name = "Display Name",
        type_ = "string",
        json_path = ".spec.displayName"
    ),
    printcolumn(
        name = "ICB",
        type_ = "string",
        json_path = ".spec.integratedCareBoard"
    ),
    printcolumn(
        name = "Ready",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"Ready\")].status"
    ),
    printcolumn(
        name = "Errors",
        type_ = "integer",
        json_path = ".status.findings.error"
    ),
    printcolumn(
        name = "Warnings",
        type_ = "integer",
        json_path = ".status.findings.warning"
    ),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CareSystemSpec {
    /// The system's public name, e.g. "North Riverside Integrated Care System".
    #[schemars(length(min = 1, max = 200))]
    pub display_name: String,
    /// The Organisation that is the system's integrated care board.
    #[schemars(schema_with = "name_ref_schema")]
    pub integrated_care_board: String,
    /// The Organisations that make up the system.
    #[serde(default)]
    #[schemars(schema_with = "name_ref_list_schema")]
    pub members: Vec<String>,
    /// System-wide settings for the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<CareSystemSettings>,
}

/// System-wide settings.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CareSystemSettings {
    /// Warn this many days before an agreement relied on expires (CG303).
    #[serde(default = "default_expiry_warning_days")]
    #[schemars(range(min = 0, max = 3650))]
    pub expiry_warning_days: u32,
    /// The lowest DSPT status an organisation receiving personal data may have (CG601).
    #[serde(default = "default_minimum_dspt")]
    pub minimum_dspt: DsptStatus,
}

fn default_expiry_warning_days() -> u32 {
    60
}

fn default_minimum_dspt() -> DsptStatus {
    DsptStatus::StandardsMet
}

impl Default for CareSystemSettings {
    fn default() -> Self {
        Self {
            expiry_warning_days: default_expiry_warning_days(),
            minimum_dspt: default_minimum_dspt(),
        }
    }
}

// -------------------------------------------------------------- Organisation

/// A legal entity (or, for a PCN or CSU, what stands for one) in the system.
#[derive(CustomResource, Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[kube(
    group = "caregov.dev",
    version = "v1alpha1",
    kind = "Organisation",
    namespaced,
    status = "CaregovStatus",
    shortname = "org",
    category = "caregov",
    printcolumn(name = "ODS", type_ = "string", json_path = ".spec.odsCode"),
    printcolumn(name = "Type", type_ = "string", json_path = ".spec.type"),
    printcolumn(
        name = "Ready",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"Ready\")].status"
    ),
    printcolumn(
        name = "Errors",
        type_ = "integer",
        json_path = ".status.findings.error"
    ),
    printcolumn(
        name = "Warnings",
        type_ = "integer",
        json_path = ".status.findings.warning"
    ),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrganisationSpec {
    /// The organisation's registered name.
    #[schemars(length(min = 1, max = 200))]
    pub display_name: String,
    /// Organisation Data Service code (3 to 9 alphanumerics).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Z0-9]{3,9}$"))]
    pub ods_code: Option<String>,
    /// What kind of body it is.
    #[serde(rename = "type")]
    pub type_: OrganisationType,
    /// Statutory functions; absent means the defaults for its type (domain.md §2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-kubernetes-list-type" = "set"))]
    pub functions: Option<Vec<Function>>,
    /// The service scopes it provides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-kubernetes-list-type" = "set"))]
    pub service_scopes: Vec<ServiceScope>,
    /// Its latest Data Security and Protection Toolkit publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dspt: Option<Dspt>,
    /// Named contacts required by law and guidance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Contacts>,
}

/// Organisation types (domain.md §1).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrganisationType {
    IntegratedCareBoard,
    NhsTrust,
    NhsFoundationTrust,
    GpPractice,
    PrimaryCareNetwork,
    LocalAuthority,
    CommissioningSupportUnit,
    Vcse,
    IndependentSectorProvider,
    NationalBody,
    University,
    Supplier,
}

impl OrganisationType {
    /// The functions an organisation of this type holds unless it declares its own.
    #[must_use]
    pub fn default_functions(self) -> &'static [Function] {
        use Function::{Commissioner, DataProcessor, Provider, PublicHealth, SocialCare};
        match self {
            Self::IntegratedCareBoard => &[Commissioner],
            Self::NhsTrust
            | Self::NhsFoundationTrust
            | Self::GpPractice
            | Self::IndependentSectorProvider
            | Self::Vcse => &[Provider],
            Self::LocalAuthority => &[Commissioner, Provider, SocialCare, PublicHealth],
            Self::CommissioningSupportUnit | Self::Supplier => &[DataProcessor],
            Self::PrimaryCareNetwork | Self::NationalBody | Self::University => &[],
        }
    }

    /// Public bodies for Article 6(1)'s last sentence, Article 37 and RULES.md.
    #[must_use]
    pub fn is_public_body(self) -> bool {
        matches!(
            self,
            Self::IntegratedCareBoard
                | Self::NhsTrust
                | Self::NhsFoundationTrust
                | Self::GpPractice
                | Self::LocalAuthority
                | Self::CommissioningSupportUnit
                | Self::NationalBody
        )
    }
}

/// Statutory functions (domain.md §2).
#[derive(
    Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub enum Function {
    Commissioner,
    Provider,
    PublicHealth,
    SocialCare,
    DataProcessor,
}

/// A DSPT publication.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("x-kubernetes-validations" = [{
    "rule": "self.status == 'NotPublished' || has(self.publishedOn)",
    "message": "publishedOn is required unless the status is NotPublished",
    "fieldPath": ".publishedOn",
    "reason": "FieldValueRequired",
}]))]
pub struct Dspt {
    pub status: DsptStatus,
    /// When the assessment was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "opt_date_schema")]
    pub published_on: Option<Date>,
}

/// DSPT statuses, best first.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DsptStatus {
    StandardsExceeded,
    StandardsMet,
    ApproachingStandards,
    StandardsNotMet,
    NotPublished,
}

impl DsptStatus {
    /// Higher is better: StandardsExceeded 4 … NotPublished 0.
    #[must_use]
    pub fn rank(self) -> u8 {
        match self {
            Self::StandardsExceeded => 4,
            Self::StandardsMet => 3,
            Self::ApproachingStandards => 2,
            Self::StandardsNotMet => 1,
            Self::NotPublished => 0,
        }
    }
}

/// Contacts an organisation publishes.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contacts {
    /// Data Protection Officer (Article 37).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Contact>,
    /// Caldicott Guardian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caldicott_guardian: Option<Contact>,
}

/// A named contact.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contact {
    #[schemars(length(min = 1, max = 200))]
    pub name: String,
    #[schemars(regex(pattern = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), length(max = 254))]
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 40))]
    pub telephone: Option<String>,
}

// ----------------------------------------------------------------- DataStore

/// A data store or shared care record.
#[derive(CustomResource, Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[kube(
    group = "caregov.dev",
    version = "v1alpha1",
    kind = "DataStore",
    namespaced,
    status = "CaregovStatus",
    shortname = "ds",
    category = "caregov",
    printcolumn(name = "Type", type_ = "string", json_path = ".spec.storeType"),
    printcolumn(name = "Host", type_ = "string", json_path = ".spec.host"),
    printcolumn(
        name = "Ready",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"Ready\")].status"
    ),
    printcolumn(
        name = "Access",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"AccessInSync\")].status"
    ),
    printcolumn(
        name = "Errors",
        type_ = "integer",
        json_path = ".status.findings.error"
    ),
    printcolumn(
        name = "Warnings",
        type_ = "integer",
        json_path = ".status.findings.warning"
    ),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataStoreSpec {
    #[schemars(length(min = 1, max = 200))]
    pub display_name: String,
    pub store_type: StoreType,
    /// The Organisation that runs the store.
    #[schemars(schema_with = "name_ref_schema")]
    pub host: String,
    /// The Organisations that control the data in it.
    #[schemars(schema_with = "name_ref_list_schema", length(min = 1))]
    pub controllers: Vec<String>,
    /// The forms of data it holds.
    #[schemars(length(min = 1, max = 3), extend("x-kubernetes-list-type" = "set"))]
    pub data_forms: Vec<DataForm>,
    /// Where the data is held: ISO 3166-1 alpha-2 (`UK` is accepted for GB).
    #[schemars(regex(pattern = "^[A-Z]{2}$"))]
    pub location: String,
    /// The Chapter V transfer mechanism where the data leaves the UK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<Transfer>,
    /// The store's own DPIA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia: Option<Dpia>,
    /// Neighbouring shared care records this one shares with (cross-boundary).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "name_ref_list_schema")]
    pub neighbours: Vec<String>,
    /// Where the operator writes access configuration for this store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<StoreAccess>,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StoreType {
    IntegratedCareDataStore,
    SharedCareRecord,
    TrustedResearchEnvironment,
    Warehouse,
}

/// An international transfer mechanism (UK GDPR Chapter V).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Transfer {
    pub mechanism: TransferMechanism,
    #[schemars(length(min = 1, max = 500))]
    pub reference: String,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransferMechanism {
    Adequacy,
    InternationalDataTransferAgreement,
    UkAddendum,
    BindingCorporateRules,
    Derogation,
}

/// Access configuration the operator compiles for a store.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoreAccess {
    /// The namespace where the store's credential Secrets live and grants are written.
    #[schemars(
        regex(pattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"),
        length(min = 1, max = 63)
    )]
    pub namespace: String,
    /// Enforce (re-apply on drift) or DetectOnly (report drift, change nothing).
    #[serde(default)]
    pub mode: AccessMode,
    /// The Secret holding the credential for each data form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_secrets: Option<CredentialSecrets>,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AccessMode {
    #[default]
    Enforce,
    DetectOnly,
}

/// Secret names keyed by data form.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CredentialSecrets {
    #[serde(
        rename = "Identifiable",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "name_ref_schema")]
    pub identifiable: Option<String>,
    #[serde(
        rename = "Pseudonymised",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "name_ref_schema")]
    pub pseudonymised: Option<String>,
    #[serde(
        rename = "Anonymised",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "name_ref_schema")]
    pub anonymised: Option<String>,
}

impl CredentialSecrets {
    /// The Secret for a data form, if declared.
    #[must_use]
    pub fn for_form(&self, form: DataForm) -> Option<&str> {
        match form {
            DataForm::Identifiable => self.identifiable.as_deref(),
            DataForm::Pseudonymised => self.pseudonymised.as_deref(),
            DataForm::Anonymised => self.anonymised.as_deref(),
        }
    }
}

// -------------------------------------------------------- ProcessingActivity

/// One thing done with data, by one organisation, for its controllers.
#[derive(CustomResource, Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[kube(
    group = "caregov.dev",
    version = "v1alpha1",
    kind = "ProcessingActivity",
    namespaced,
    status = "CaregovStatus",
    shortname = "pa",
    category = "caregov",
    printcolumn(name = "Purpose", type_ = "string", json_path = ".spec.purpose"),
    printcolumn(
        name = "Performed By",
        type_ = "string",
        json_path = ".spec.performedBy"
    ),
    printcolumn(name = "Form", type_ = "string", json_path = ".spec.dataForm"),
    printcolumn(
        name = "Ready",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"Ready\")].status"
    ),
    printcolumn(
        name = "Errors",
        type_ = "integer",
        json_path = ".status.findings.error"
    ),
    printcolumn(
        name = "Warnings",
        type_ = "integer",
        json_path = ".status.findings.warning"
    ),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("x-kubernetes-validations" = [
    {
        "rule": "self.nationalDataOptOut != 'Exempt' || has(self.nationalDataOptOutExemption)",
        "message": "nationalDataOptOut Exempt needs nationalDataOptOutExemption {reason, reference}",
        "fieldPath": ".nationalDataOptOutExemption",
        "reason": "FieldValueRequired",
    },
    {
        "rule": "!has(self.nationalDataOptOutExemption) || self.nationalDataOptOut == 'Exempt'",
        "message": "nationalDataOptOutExemption is only meaningful with nationalDataOptOut Exempt",
        "fieldPath": ".nationalDataOptOutExemption",
        "reason": "FieldValueForbidden",
    },
]))]
pub struct ProcessingActivitySpec {
    /// What is done, in plain words (appears in the ROPA).
    #[schemars(length(min = 1, max = 2000))]
    pub description: String,
    pub purpose: Purpose,
    /// The service scopes the activity covers.
    #[serde(default)]
    #[schemars(extend("x-kubernetes-list-type" = "set"))]
    pub service_scopes: Vec<ServiceScope>,
    /// The Organisation that does the work.
    #[schemars(schema_with = "name_ref_schema")]
    pub performed_by: String,
    /// The Organisations that decide why and how (Article 4(7)).
    #[schemars(schema_with = "name_ref_list_schema", length(min = 1))]
    pub controllers: Vec<String>,
    pub population: Population,
    pub data_form: DataForm,
    /// The DataStores the activity reads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "name_ref_list_schema")]
    pub sources: Vec<String>,
    /// The LawfulBasis relied on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "name_ref_schema")]
    pub lawful_basis: Option<String>,
    pub national_data_opt_out: NationalDataOptOut,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_data_opt_out_exemption: Option<OptOutExemption>,
    /// A commissioning function delegated to the performer (s65Z5 of the 2006 Act).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation: Option<Delegation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia: Option<Dpia>,
    /// How long data is kept, as an ISO 8601 duration (e.g. P8Y).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        regex(pattern = r"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$"),
        length(min = 2, max = 20)
    )]
    pub retention: Option<String>,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Population {
    OwnPatients,
    SystemWide,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NationalDataOptOut {
    Applied,
    NotApplicable,
    Exempt,
}

/// Why the national data opt-out does not apply, with its evidence.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OptOutExemption {
    #[schemars(length(min = 1, max = 1000))]
    pub reason: String,
    #[schemars(length(min = 1, max = 500))]
    pub reference: String,
}

/// A commissioning function delegated to the performer.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Delegation {
    /// The commissioner that delegated the function.
    #[schemars(schema_with = "name_ref_schema")]
    pub from: String,
    #[schemars(length(min = 1, max = 500))]
    pub reference: String,
}

// -------------------------------------------------------------- LawfulBasis

/// A reusable legal footing: Article 6, Article 9 with its Schedule 1
/// condition, and the common-law route.
#[derive(CustomResource, Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[kube(
    group = "caregov.dev",
    version = "v1alpha1",
    kind = "LawfulBasis",
    plural = "lawfulbases",
    namespaced,
    status = "CaregovStatus",
    shortname = "lb",
    category = "caregov",
    printcolumn(name = "Art 6", type_ = "string", json_path = ".spec.article6"),
    printcolumn(name = "Art 9", type_ = "string", json_path = ".spec.article9"),
    printcolumn(name = "CLDC", type_ = "string", json_path = ".spec.commonLawDuty"),
    printcolumn(name = "Valid Until", type_ = "string", json_path = ".spec.validUntil"),
    printcolumn(
        name = "Ready",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"Ready\")].status"
    ),
    printcolumn(
        name = "Errors",
        type_ = "integer",
        json_path = ".status.findings.error"
    ),
    printcolumn(
        name = "Warnings",
        type_ = "integer",
        json_path = ".status.findings.warning"
    ),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("x-kubernetes-validations" = [
    {
        "rule": "self.commonLawDuty != 'CopiRegulations' || has(self.copiRegulation)",
        "message": "commonLawDuty CopiRegulations needs copiRegulation (Regulation2 or Regulation3)",
        "fieldPath": ".copiRegulation",
        "reason": "FieldValueRequired",
    },
    {
        "rule": "!has(self.copiRegulation) || self.commonLawDuty == 'CopiRegulations'",
        "message": "copiRegulation is only meaningful with commonLawDuty CopiRegulations",
        "fieldPath": ".copiRegulation",
        "reason": "FieldValueForbidden",
    },
]))]
pub struct LawfulBasisSpec {
    /// A short description (appears in the ROPA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2000))]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article6: Option<Article6>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article9: Option<Article9>,
    /// The DPA 2018 Schedule 1 condition, written "Part N paragraph M".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = "^Part [1-4] paragraph [0-9]{1,2}$"), length(max = 24))]
    pub dpa2018_schedule1: Option<String>,
    pub common_law_duty: CommonLawDuty,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copi_regulation: Option<CopiRegulation>,
    /// CAG number, statute or direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 500))]
    pub reference: Option<String>,
    /// When the support lapses (e.g. section 251 support's end date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "opt_date_schema")]
    pub valid_until: Option<Date>,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Article6 {
    PublicTask,
    LegalObligation,
    Consent,
    Contract,
    VitalInterests,
    LegitimateInterests,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Article9 {
    HealthOrSocialCare,
    PublicHealth,
    SubstantialPublicInterest,
    Research,
    ExplicitConsent,
    VitalInterests,
    LegalClaims,
    None,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommonLawDuty {
    ImpliedConsent,
    ExplicitConsent,
    Section251,
    CopiRegulations,
    LegalRequirement,
    NotApplicable,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopiRegulation {
    Regulation2,
    Regulation3,
}

// ---------------------------------------------------------------- Agreement

/// A signed instrument between organisations.
#[derive(CustomResource, Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[kube(
    group = "caregov.dev",
    version = "v1alpha1",
    kind = "Agreement",
    namespaced,
    status = "CaregovStatus",
    shortname = "agr",
    category = "caregov",
    printcolumn(name = "Type", type_ = "string", json_path = ".spec.agreementType"),
    printcolumn(name = "Expires", type_ = "string", json_path = ".spec.expiresOn"),
    printcolumn(
        name = "Ready",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"Ready\")].status"
    ),
    printcolumn(
        name = "Errors",
        type_ = "integer",
        json_path = ".status.findings.error"
    ),
    printcolumn(
        name = "Warnings",
        type_ = "integer",
        json_path = ".status.findings.warning"
    ),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("x-kubernetes-validations" = [
    {
        "rule": "!has(self.expiresOn) || self.expiresOn > self.effectiveFrom",
        "message": "expiresOn must be after effectiveFrom",
        "fieldPath": ".expiresOn",
        "reason": "FieldValueInvalid",
    },
    {
        "rule": "!has(self.reviewDue) || self.reviewDue > self.effectiveFrom",
        "message": "reviewDue must be after effectiveFrom",
        "fieldPath": ".reviewDue",
        "reason": "FieldValueInvalid",
    },
    {
        "rule": "self.parties.all(p, self.parties.exists_one(q, q.organisation == p.organisation))",
        "message": "each organisation may appear only once among the parties",
        "fieldPath": ".parties",
        "reason": "FieldValueDuplicate",
    },
]))]
pub struct AgreementSpec {
    /// A short title, e.g. "North Riverside Shared Care Record DSPA".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 300))]
    pub title: Option<String>,
    pub agreement_type: AgreementType,
    /// The document's reference in the IG register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200))]
    pub reference: Option<String>,
    /// The parties and their signatures.
    #[schemars(length(min = 2, max = 64))]
    pub parties: Vec<Party>,
    /// The ProcessingActivities the agreement covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "name_ref_list_schema")]
    pub activities: Vec<String>,
    /// The data forms it allows.
    #[schemars(length(min = 1, max = 3), extend("x-kubernetes-list-type" = "set"))]
    pub data_forms: Vec<DataForm>,
    #[schemars(schema_with = "date_schema")]
    pub effective_from: Date,
    /// Absent: open-ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "opt_date_schema")]
    pub expires_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "opt_date_schema")]
    pub review_due: Option<Date>,
    /// Ended early by the parties.
    #[serde(default)]
    pub terminated: bool,
    /// Where the signed document is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = "^https?://"), length(max = 2048))]
    pub document_url: Option<String>,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgreementType {
    DataSharingAgreement,
    DataProcessingContract,
    JointControllerArrangement,
    DataSharingAndProcessingAgreement,
}

impl AgreementType {
    /// The name as written in YAML.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::DataSharingAgreement => "DataSharingAgreement",
            Self::DataProcessingContract => "DataProcessingContract",
            Self::JointControllerArrangement => "JointControllerArrangement",
            Self::DataSharingAndProcessingAgreement => "DataSharingAndProcessingAgreement",
        }
    }
}

/// A party to an agreement.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("x-kubernetes-validations" = [{
    "rule": "!has(self.signedOn) || has(self.signedBy)",
    "message": "a party with signedOn must name who signed (signedBy)",
    "fieldPath": ".signedBy",
    "reason": "FieldValueRequired",
}]))]
pub struct Party {
    #[schemars(schema_with = "name_ref_schema")]
    pub organisation: String,
    pub role: PartyRole,
    /// Who signed, e.g. "Dr A. Khan, Caldicott Guardian".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200))]
    pub signed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "opt_date_schema")]
    pub signed_on: Option<Date>,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartyRole {
    Controller,
    JointController,
    Processor,
    SubProcessor,
}

// --------------------------------------------------------------- AccessRole

/// What a kind of user may see.
#[derive(CustomResource, Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[kube(
    group = "caregov.dev",
    version = "v1alpha1",
    kind = "AccessRole",
    namespaced,
    status = "CaregovStatus",
    shortname = "ar",
    category = "caregov",
    printcolumn(name = "Audit", type_ = "string", json_path = ".spec.audit"),
    printcolumn(
        name = "Ready",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"Ready\")].status"
    ),
    printcolumn(
        name = "Errors",
        type_ = "integer",
        json_path = ".status.findings.error"
    ),
    printcolumn(
        name = "Warnings",
        type_ = "integer",
        json_path = ".status.findings.warning"
    ),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccessRoleSpec {
    #[schemars(length(min = 1, max = 2000))]
    pub description: String,
    #[schemars(length(min = 1, max = 3), extend("x-kubernetes-list-type" = "set"))]
    pub data_forms: Vec<DataForm>,
    #[schemars(length(min = 1, max = 12), extend("x-kubernetes-list-type" = "set"))]
    pub purposes: Vec<Purpose>,
    /// Access only to people the user is caring for.
    #[serde(default)]
    pub requires_legitimate_relationship: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_glass: Option<BreakGlass>,
    pub audit: Audit,
    /// Sealed categories withheld from this role's view.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-kubernetes-list-type" = "set"))]
    pub excluded_sensitive_categories: Vec<SensitiveCategory>,
}

/// Emergency access without a legitimate relationship.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BreakGlass {
    pub allowed: bool,
    #[serde(default)]
    pub requires_reason: bool,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Audit {
    EveryAccess,
    Sampled,
    None,
}

/// Sealed and sensitive categories (domain.md §9).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SensitiveCategory {
    SexualHealth,
    Fertility,
    GenderIdentity,
    Safeguarding,
    TerminationOfPregnancy,
    Adoption,
    SubstanceMisuse,
    RestrictedDemographics,
}

// ------------------------------------------------------------ AccessBinding

/// Who holds a role, at which organisation, on which store, for which activity.
#[derive(CustomResource, Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[kube(
    group = "caregov.dev",
    version = "v1alpha1",
    kind = "AccessBinding",
    namespaced,
    status = "CaregovStatus",
    shortname = "ab",
    category = "caregov",
    printcolumn(name = "Role", type_ = "string", json_path = ".spec.role"),
    printcolumn(name = "Store", type_ = "string", json_path = ".spec.dataStore"),
    printcolumn(name = "Activity", type_ = "string", json_path = ".spec.activity"),
    printcolumn(
        name = "Ready",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"Ready\")].status"
    ),
    printcolumn(
        name = "Errors",
        type_ = "integer",
        json_path = ".status.findings.error"
    ),
    printcolumn(
        name = "Warnings",
        type_ = "integer",
        json_path = ".status.findings.warning"
    ),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccessBindingSpec {
    #[schemars(schema_with = "name_ref_schema")]
    pub role: String,
    /// The Organisation whose staff the subjects are.
    #[schemars(schema_with = "name_ref_schema")]
    pub organisation: String,
    #[schemars(schema_with = "name_ref_schema")]
    pub data_store: String,
    #[schemars(schema_with = "name_ref_schema")]
    pub activity: String,
    /// The groups, users or service accounts that hold the role.
    #[schemars(length(min = 1, max = 100))]
    pub subjects: Vec<Subject>,
}

/// An RBAC subject.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("x-kubernetes-validations" = [{
    "rule": "self.kind != 'ServiceAccount' || has(self.__namespace__)",
    "message": "a ServiceAccount subject needs its namespace",
    "fieldPath": ".namespace",
    "reason": "FieldValueRequired",
}]))]
pub struct Subject {
    pub kind: SubjectKind,
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub namespace: Option<String>,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SubjectKind {
    Group,
    User,
    ServiceAccount,
}

impl SubjectKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Group => "Group",
            Self::User => "User",
            Self::ServiceAccount => "ServiceAccount",
        }
    }
}

// ------------------------------------------------------- TransparencyNotice

/// What a controller has told the public (Articles 13 and 14).
#[derive(CustomResource, Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[kube(
    group = "caregov.dev",
    version = "v1alpha1",
    kind = "TransparencyNotice",
    namespaced,
    status = "CaregovStatus",
    shortname = "tn",
    category = "caregov",
    printcolumn(name = "Controller", type_ = "string", json_path = ".spec.controller"),
    printcolumn(name = "Review Due", type_ = "string", json_path = ".spec.reviewDue"),
    printcolumn(
        name = "Ready",
        type_ = "string",
        json_path = ".status.conditions[?(@.type==\"Ready\")].status"
    ),
    printcolumn(
        name = "Errors",
        type_ = "integer",
        json_path = ".status.findings.error"
    ),
    printcolumn(
        name = "Warnings",
        type_ = "integer",
        json_path = ".status.findings.warning"
    ),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("x-kubernetes-validations" = [{
    "rule": "!has(self.reviewDue) || self.reviewDue > self.publishedOn",
    "message": "reviewDue must be after publishedOn",
    "fieldPath": ".reviewDue",
    "reason": "FieldValueInvalid",
}]))]
pub struct TransparencyNoticeSpec {
    /// The Organisation that publishes the notice.
    #[schemars(schema_with = "name_ref_schema")]
    pub controller: String,
    /// Where the public can read it.
    #[schemars(regex(pattern = "^https?://"), length(max = 2048))]
    pub url: String,
    #[schemars(schema_with = "date_schema")]
    pub published_on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "opt_date_schema")]
    pub review_due: Option<Date>,
    /// The ProcessingActivities the notice describes.
    #[serde(default)]
    #[schemars(schema_with = "name_ref_list_schema")]
    pub activities: Vec<String>,
    /// The Article 13/14 topics it covers.
    #[serde(default)]
    #[schemars(extend("x-kubernetes-list-type" = "set"))]
    pub covers: Vec<NoticeTopic>,
    /// Accessible formats offered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-kubernetes-list-type" = "set"))]
    pub formats: Vec<NoticeFormat>,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoticeTopic {
    NationalDataOptOut,
    CrossBoundarySharing,
    DataSubjectRights,
    Retention,
    DpoContact,
    IcoComplaint,
    Recipients,
    Profiling,
    InternationalTransfers,
    DataSources,
}

#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoticeFormat {
    EasyRead,
    Welsh,
    LargePrint,
    Braille,
    Audio,
    BritishSignLanguage,
    OtherLanguages,
}
