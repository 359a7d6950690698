//! The rules' input: one namespace as the indexed JSON view documented in
//! `core/policy/INPUT.md`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::catalog::{Namespace, Resource};
use crate::date::Date;
use crate::facts::Facts;
use crate::plan::AccessPlan;

/// Settings from the namespace's CareSystem (or the defaults).
#[must_use]
pub fn settings(ns: &Namespace) -> caregov_crds::CareSystemSettings {
    ns.care_systems
        .values()
        .next()
        .and_then(|cs| cs.spec.settings.clone())
        .unwrap_or_default()
}

fn resources<S: Serialize>(kind: &str, map: &BTreeMap<String, Resource<S>>) -> Value {
    let mut out = Map::with_capacity(map.len());
    for (name, r) in map {
        let mut metadata = Map::new();
        metadata.insert("name".into(), Value::String(name.clone()));
        metadata.insert("namespace".into(), Value::String(r.namespace.clone()));
        if !r.annotations.is_empty() {
            metadata.insert("annotations".into(), json!(r.annotations));
        }
        if !r.labels.is_empty() {
            metadata.insert("labels".into(), json!(r.labels));
        }
        let spec = serde_json::to_value(&r.spec).unwrap_or(Value::Null);
        out.insert(
            name.clone(),
            json!({"kind": kind, "metadata": Value::Object(metadata), "spec": spec}),
        );
    }
    Value::Object(out)
}

/// Build the input document for one namespace.
#[must_use]
pub fn build(ns: &Namespace, facts: &Facts, plan: &AccessPlan, today: Date) -> Value {
    let s = settings(ns);
    let mut facts_value = serde_json::to_value(facts).unwrap_or(Value::Null);
    // Per-binding chain facts from the access plan.
    let mut bindings = Map::new();
    for name in ns.access_bindings.keys() {
        bindings.insert(
            name.clone(),
            json!({"chainComplete": true, "chainInForce": true, "chainProblems": [], "bindingProblems": []}),
        );
    }
    for w in &plan.withheld {
        bindings.insert(
            w.binding.clone(),
            json!({
                "chainComplete": w.chain_complete,
                "chainInForce": w.not_in_force.is_empty(),
                "chainProblems": w.not_in_force,
                "bindingProblems": w.problems,
            }),
        );
    }
    if let Value::Object(m) = &mut facts_value {
        m.insert("bindings".into(), Value::Object(bindings));
    }
    json!({
        "today": today.to_string(),
        "namespace": ns.name,
        "settings": {
            "expiryWarningDays": s.expiry_warning_days,
            "minimumDspt": s.minimum_dspt,
            "minimumDsptRank": s.minimum_dspt.rank(),
        },
        "careSystems": resources("CareSystem", &ns.care_systems),
        "organisations": resources("Organisation", &ns.organisations),
        "dataStores": resources("DataStore", &ns.data_stores),
        "activities": resources("ProcessingActivity", &ns.activities),
        "lawfulBases": resources("LawfulBasis", &ns.lawful_bases),
        "agreements": resources("Agreement", &ns.agreements),
        "accessRoles": resources("AccessRole", &ns.access_roles),
        "accessBindings": resources("AccessBinding", &ns.access_bindings),
        "notices": resources("TransparencyNotice", &ns.notices),
        "facts": facts_value,
    })
}
