//! Types shared by several kinds: enumerations, dates, DPIA and status.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A calendar date written `YYYY-MM-DD` (quoted or unquoted in YAML).
///
/// The schema carries `format: date`, which the API server checks, plus a
/// pattern so that the shape is explicit in `kubectl explain`.
pub type Date = String;

/// Attach `format: date` and the `YYYY-MM-DD` pattern to a string field.
pub(crate) fn date_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let _ = generator;
    schemars::json_schema!({
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "maxLength": 10,
    })
}

/// Optional date: the same schema; optionality comes from the field.
pub(crate) fn opt_date_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    date_schema(generator)
}

/// A Kubernetes object name used as a reference to another caregov resource
/// in the same namespace (RFC 1123 subdomain).
pub(crate) fn name_ref_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let _ = generator;
    schemars::json_schema!({
        "type": "string",
        "minLength": 1,
        "maxLength": 253,
        "pattern": "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$",
    })
}

/// A list of references (unique names).
pub(crate) fn name_ref_list_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let item = name_ref_schema(generator);
    schemars::json_schema!({
        "type": "array",
        "items": item,
        "maxItems": 10000,
        "x-kubernetes-list-type": "set",
    })
}

/// The seven service scopes of the SUDGT method (domain.md §8).
#[derive(
    Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub enum ServiceScope {
    AcuteAndUrgentCare,
    SpecialisedServices,
    CommunityAndOutOfHospitalCare,
    MentalHealthAndLearningDisabilities,
    PrimaryCare,
    PublicHealth,
    SocialCare,
}

/// The form in which personal data is held or used (domain.md §6).
#[derive(
    Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub enum DataForm {
    Identifiable,
    Pseudonymised,
    Anonymised,
}

impl DataForm {
    /// Identifiable and pseudonymised data are personal data under UK GDPR.
    #[must_use]
    pub fn is_personal(self) -> bool {
        !matches!(self, Self::Anonymised)
    }

    /// The spelling used in YAML and in the rules' input.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identifiable => "Identifiable",
            Self::Pseudonymised => "Pseudonymised",
            Self::Anonymised => "Anonymised",
        }
    }
}

/// What a processing activity is for (domain.md §7).
#[derive(
    Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub enum Purpose {
    IndividualCare,
    PopulationHealthManagement,
    RiskStratificationCaseFinding,
    RiskStratificationPlanning,
    ServicePlanning,
    PathwayPlanning,
    Commissioning,
    PerformanceManagement,
    InvoiceValidation,
    Research,
    PublicHealthSurveillance,
    /// Continuing healthcare and individual funding requests.
    IndividualFunding,
}

impl Purpose {
    /// Every purpose other than individual care is secondary use.
    #[must_use]
    pub fn is_secondary_use(self) -> bool {
        !matches!(self, Self::IndividualCare)
    }
}

/// A Data Protection Impact Assessment (UK GDPR Article 35).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [{
    "rule": "!has(self.reviewDue) || self.reviewDue > self.completedOn",
    "message": "reviewDue must be after completedOn",
    "fieldPath": ".reviewDue",
    "reason": "FieldValueInvalid",
}]))]
pub struct Dpia {
    /// The DPIA's reference in the organisation's register.
    #[schemars(length(min = 1))]
    pub reference: String,
    /// When the DPIA was signed off.
    #[schemars(schema_with = "date_schema")]
    pub completed_on: Date,
    /// When it is next to be reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "opt_date_schema")]
    pub review_due: Option<Date>,
}

/// A Kubernetes-convention condition (as `metav1.Condition`).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    /// `Ready`, `Compliant` or `AccessInSync`.
    #[serde(rename = "type")]
    pub type_: String,
    /// `True`, `False` or `Unknown`.
    pub status: String,
    /// CamelCase reason for the last transition.
    pub reason: String,
    /// Human-readable detail.
    #[serde(default)]
    pub message: String,
    /// The `metadata.generation` this condition was computed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// When the status last changed (RFC 3339).
    pub last_transition_time: String,
}

/// Counts of the findings on one resource, by severity.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingCounts {
    #[serde(default)]
    pub error: u32,
    #[serde(default)]
    pub warning: u32,
    #[serde(default)]
    pub info: u32,
}

/// One finding as recorded in status (bounded to the first few per resource).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct StatusFinding {
    /// Rule code, e.g. `CG301`.
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// Dotted field path, e.g. `spec.controllers`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    pub message: String,
}

/// The status every caregov kind carries, written by the operator.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CaregovStatus {
    /// The `metadata.generation` last evaluated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// `Ready`, plus `Compliant` and `AccessInSync` where they apply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-kubernetes-list-type" = "map", "x-kubernetes-list-map-keys" = ["type"]))]
    pub conditions: Vec<Condition>,
    /// Finding counts by severity.
    #[serde(default)]
    pub findings: FindingCounts,
    /// The first findings on this resource, most severe first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 20))]
    pub details: Vec<StatusFinding>,
}
