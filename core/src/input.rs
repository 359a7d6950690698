//! The rules' input: one namespace as the indexed view documented in
//! `core/policy/INPUT.md`, built directly as regorus values (see
//! [`crate::rego_value`]). `caregov lint --dump-input` writes it as JSON.

use std::collections::BTreeMap;

use regorus::Value;
use serde::Serialize;

use crate::catalog::{Namespace, Resource};
use crate::date::Date;
use crate::facts::Facts;
use crate::plan::AccessPlan;
use crate::rego_value::Builder;

/// Settings from the namespace's CareSystem (or the defaults).
#[must_use]
pub fn settings(ns: &Namespace) -> caregov_crds::CareSystemSettings {
    ns.care_systems
        .values()
        .next()
        .and_then(|cs| cs.spec.settings.clone())
        .unwrap_or_default()
}

/// A value that could not be built (never expected: every type of the input
/// serializes to JSON) becomes `null` rather than stopping the lint; the
/// rules then report what is missing.
fn or_null<T: Serialize + ?Sized>(b: &mut Builder, v: &T) -> Value {
    b.value(v).unwrap_or(Value::Null)
}

fn entry(b: &mut Builder, key: &str, value: Value) -> (Value, Value) {
    (b.str(key), value)
}

fn resources<S: Serialize>(
    b: &mut Builder,
    kind: &str,
    map: &BTreeMap<String, Resource<S>>,
) -> Value {
    let kind_value = b.str(kind);
    let mut out = Vec::with_capacity(map.len());
    for (name, r) in map {
        let name_value = b.str(name);
        let mut metadata = vec![entry(b, "name", name_value.clone()), {
            let ns = b.str(&r.namespace);
            entry(b, "namespace", ns)
        }];
        if !r.annotations.is_empty() {
            let v = or_null(b, &r.annotations);
            metadata.push(entry(b, "annotations", v));
        }
        if !r.labels.is_empty() {
            let v = or_null(b, &r.labels);
            metadata.push(entry(b, "labels", v));
        }
        let spec = or_null(b, &r.spec);
        let resource = vec![
            entry(b, "kind", kind_value.clone()),
            entry(b, "metadata", Builder::object(metadata)),
            entry(b, "spec", spec),
        ];
        out.push((name_value, Builder::object(resource)));
    }
    Builder::object(out)
}

fn binding_facts(
    b: &mut Builder,
    complete: bool,
    in_force: bool,
    chain: &[String],
    binding: &[String],
) -> Value {
    let chain = or_null(b, chain);
    let binding = or_null(b, binding);
    let entries = vec![
        entry(b, "chainComplete", Value::Bool(complete)),
        entry(b, "chainInForce", Value::Bool(in_force)),
        entry(b, "chainProblems", chain),
        entry(b, "bindingProblems", binding),
    ];
    Builder::object(entries)
}

/// The resources of the input (`careSystems` … `notices`), which do not
/// depend on the facts: built alongside them (see [`assemble`]).
#[derive(Debug)]
pub struct ResourcesPart(Vec<(Value, Value)>);

/// Build the resources part of the input.
#[must_use]
pub fn resources_part(ns: &Namespace) -> ResourcesPart {
    let mut b = Builder::new();
    let kinds = [
        (
            "careSystems",
            resources(&mut b, "CareSystem", &ns.care_systems),
        ),
        (
            "organisations",
            resources(&mut b, "Organisation", &ns.organisations),
        ),
        (
            "dataStores",
            resources(&mut b, "DataStore", &ns.data_stores),
        ),
        (
            "activities",
            resources(&mut b, "ProcessingActivity", &ns.activities),
        ),
        (
            "lawfulBases",
            resources(&mut b, "LawfulBasis", &ns.lawful_bases),
        ),
        ("agreements", resources(&mut b, "Agreement", &ns.agreements)),
        (
            "accessRoles",
            resources(&mut b, "AccessRole", &ns.access_roles),
        ),
        (
            "accessBindings",
            resources(&mut b, "AccessBinding", &ns.access_bindings),
        ),
        (
            "notices",
            resources(&mut b, "TransparencyNotice", &ns.notices),
        ),
    ];
    ResourcesPart(
        kinds
            .into_iter()
            .map(|(key, value)| (b.str(key), value))
            .collect(),
    )
}

/// The derived facts of the input (without the per-binding facts, which
/// come from the access plan): built while the plan is compiled.
#[derive(Debug)]
pub struct FactsPart(Value);

/// Build the facts part of the input.
#[must_use]
pub fn facts_part(facts: &Facts) -> FactsPart {
    FactsPart(or_null(&mut Builder::new(), facts))
}

/// The input document for one namespace, from its resources and facts parts
/// and the access plan. `expiry_warning_days` (from `caregov.toml`)
/// overrides the CareSystem's setting.
#[must_use]
pub fn assemble(
    resources: ResourcesPart,
    facts: FactsPart,
    ns: &Namespace,
    plan: &AccessPlan,
    today: Date,
    expiry_warning_days: Option<u32>,
) -> Value {
    let mut b = Builder::new();
    let s = settings(ns);

    // Per-binding chain facts from the access plan.
    let mut bindings: BTreeMap<&str, Value> = BTreeMap::new();
    for name in ns.access_bindings.keys() {
        let v = binding_facts(&mut b, true, true, &[], &[]);
        bindings.insert(name, v);
    }
    for w in &plan.withheld {
        let v = binding_facts(
            &mut b,
            w.chain_complete,
            w.not_in_force.is_empty(),
            &w.not_in_force,
            &w.problems,
        );
        bindings.insert(&w.binding, v);
    }
    let bindings: Vec<(Value, Value)> = bindings.into_iter().map(|(k, v)| (b.str(k), v)).collect();
    let mut facts_value = facts.0;
    if let Ok(m) = facts_value.as_object_mut() {
        m.insert(b.str("bindings"), Builder::object(bindings));
    }

    let days = expiry_warning_days.unwrap_or(s.expiry_warning_days);
    let settings_value = {
        let dspt = or_null(&mut b, &s.minimum_dspt);
        let entries = vec![
            entry(&mut b, "expiryWarningDays", Value::from(u64::from(days))),
            entry(&mut b, "minimumDspt", dspt),
            entry(
                &mut b,
                "minimumDsptRank",
                Value::from(u64::from(s.minimum_dspt.rank())),
            ),
        ];
        Builder::object(entries)
    };
    let today_value = b.str(&today.to_string());
    let namespace_value = b.str(&ns.name);
    let mut top = vec![
        entry(&mut b, "today", today_value),
        entry(&mut b, "namespace", namespace_value),
        entry(&mut b, "settings", settings_value),
    ];
    top.extend(resources.0);
    top.push(entry(&mut b, "facts", facts_value));
    Builder::object(top)
}
