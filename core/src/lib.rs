//! caregov-core: everything that decides. Loading with spans, the catalog,
//! derived facts, rule evaluation, findings, the access plan and report
//! rendering. No Kubernetes client and no async runtime.

pub mod catalog;
pub mod cel_lite;
pub mod config;
pub mod date;
pub mod facts;
pub mod finding;
pub mod input;
pub mod lint;
pub mod load;
pub mod output;
pub mod plan;
pub mod rego_value;
pub mod rules;
pub mod schema;
pub mod spans;
pub mod yaml;
pub mod yaml_lite;

pub use finding::{Finding, Location, ResourceRef, Severity, Summary};
