//! The rules' input: one namespace as the indexed view documented in
//! `core/policy/INPUT.md`, built directly as regorus values (see
//! [`crate::rego_value`]). `caregov lint --dump-input` writes it as JSON.

use std::collections::BTreeMap;

use regorus::Value;
use serde::Serialize;

use crate::catalog::Namespace;
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

fn resources<S: Serialize>(b: &mut Builder, kind: &str, map: &crate::catalog::Kind<S>) -> Value {
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
    // Three groups of kinds of about equal cost in a generated system (the
    // agreements; the organisations and activities; the rest), built on
    // whichever cores are free. Each has its own string table: the strings
    // they share (organisation names, mostly) are kept once per group.
    let ((agreements, (organisations, activities)), rest) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut b = Builder::new();
                    resources(&mut b, "Agreement", &ns.agreements)
                },
                || {
                    let mut b = Builder::new();
                    (
                        resources(&mut b, "Organisation", &ns.organisations),
                        resources(&mut b, "ProcessingActivity", &ns.activities),
                    )
                },
            )
        },
        || {
            let mut b = Builder::new();
            [
                (
                    "careSystems",
                    resources(&mut b, "CareSystem", &ns.care_systems),
                ),
                (
                    "dataStores",
                    resources(&mut b, "DataStore", &ns.data_stores),
                ),
                (
                    "lawfulBases",
                    resources(&mut b, "LawfulBasis", &ns.lawful_bases),
                ),
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
            ]
        },
    );
    let mut b = Builder::new();
    let kinds = [
        ("agreements", agreements),
        ("organisations", organisations),
        ("activities", activities),
    ]
    .into_iter()
    .chain(rest);
    ResourcesPart(kinds.map(|(key, value)| (b.str(key), value)).collect())
}

/// The derived facts of the input (without the per-binding facts, which
/// come from the access plan): built while the plan is compiled.
#[derive(Debug)]
pub struct FactsPart(Vec<(Value, Value)>);

/// Build the facts part of the input, consuming the facts.
///
/// Each field is dropped as soon as its copy in the input is built, so the
/// facts and the input's copy of them never both exist whole (at 50k
/// resources each is tens of MB, and this is the lint's peak).
#[must_use]
pub fn facts_part(facts: Facts) -> FactsPart {
    FactsPart(facts_entries(facts))
}

/// The facts the access plan does not read (see [`facts_part_alongside`]).
const NOT_READ_BY_PLAN: [&str; 10] = [
    "organisations",
    "agreementsByActivity",
    "agreementsByType",
    "agreementsByState",
    "bindingsByActivity",
    "bindingsByRole",
    "bindingsByStore",
    "noticesByController",
    "noticesByActivity",
    "activitiesByStore",
];

/// [`facts_part`], with `alongside` (the access plan) given the facts
/// meanwhile: the facts it does not read are built into the input on
/// another core while it runs, the rest once it is done.
pub fn facts_part_alongside<R: Send>(
    mut facts: Facts,
    alongside: impl FnOnce(&Facts) -> R + Send,
) -> (FactsPart, R) {
    use std::mem::take;
    let early = Facts {
        organisations: take(&mut facts.organisations),
        agreements_by_activity: take(&mut facts.agreements_by_activity),
        agreements_by_type: take(&mut facts.agreements_by_type),
        agreements_by_state: take(&mut facts.agreements_by_state),
        bindings_by_activity: take(&mut facts.bindings_by_activity),
        bindings_by_role: take(&mut facts.bindings_by_role),
        bindings_by_store: take(&mut facts.bindings_by_store),
        notices_by_controller: take(&mut facts.notices_by_controller),
        notices_by_activity: take(&mut facts.notices_by_activity),
        activities_by_store: take(&mut facts.activities_by_store),
        ..Facts::default()
    };
    let (result, mut entries) = rayon::join(|| alongside(&facts), || facts_entries(early));
    let is_early = |k: &Value| {
        k.as_string()
            .is_ok_and(|k| NOT_READ_BY_PLAN.contains(&k.as_ref()))
    };
    entries.retain(|(k, _)| is_early(k));
    entries.extend(
        facts_entries(facts)
            .into_iter()
            .filter(|(k, _)| !is_early(k)),
    );
    (FactsPart(entries), result)
}

/// The facts as the input's entries, each field dropped once built.
fn facts_entries(facts: Facts) -> Vec<(Value, Value)> {
    fn add<T: Serialize>(b: &mut Builder, entries: &mut Vec<(Value, Value)>, key: &str, v: T) {
        let value = or_null(b, &v);
        drop(v);
        entries.push(entry(b, key, value));
    }
    // Every field is named, so a new one cannot be left out by mistake.
    let Facts {
        organisations,
        agreements,
        activities,
        data_stores,
        flows,
        agreements_by_activity,
        agreements_by_type,
        agreements_by_state,
        bindings_by_activity,
        bindings_by_role,
        bindings_by_store,
        notices_by_controller,
        notices_by_activity,
        activities_by_store,
        flows_by_activity: _,
        covered_flows: _,
    } = facts;
    let mut b = Builder::new();
    let e = &mut Vec::with_capacity(14);
    add(&mut b, e, "organisations", organisations);
    add(&mut b, e, "agreements", agreements);
    add(&mut b, e, "activities", activities);
    add(&mut b, e, "dataStores", data_stores);
    add(&mut b, e, "flows", flows);
    add(&mut b, e, "agreementsByActivity", agreements_by_activity);
    add(&mut b, e, "agreementsByType", agreements_by_type);
    add(&mut b, e, "agreementsByState", agreements_by_state);
    add(&mut b, e, "bindingsByActivity", bindings_by_activity);
    add(&mut b, e, "bindingsByRole", bindings_by_role);
    add(&mut b, e, "bindingsByStore", bindings_by_store);
    add(&mut b, e, "noticesByController", notices_by_controller);
    add(&mut b, e, "noticesByActivity", notices_by_activity);
    add(&mut b, e, "activitiesByStore", activities_by_store);
    std::mem::take(e)
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
    let mut facts_entries = facts.0;
    facts_entries.push((b.str("bindings"), Builder::object(bindings)));
    let facts_value = Builder::object(facts_entries);

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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::catalog;
    use crate::facts::Deriver;
    use crate::load::{LoadOptions, load_paths};

    /// Building the facts alongside the plan gives the same plan and the same
    /// facts in the input as one after the other: the plan reads none of the
    /// facts taken out early.
    #[test]
    fn facts_built_alongside_the_plan_are_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let today = crate::date::parse("2026-11-24").unwrap();
        let mut namespaces = 0;
        for example in ["north-ics", "broken-ics"] {
            let loaded = load_paths(&[root.join(example)], &LoadOptions::default());
            let (cat, _) = catalog::build(loaded);
            for ns in cat.namespaces.values() {
                namespaces += 1;
                let facts = Deriver::new(ns, today).derive();
                let plan = crate::plan::compile(ns, &facts, today);
                let whole = Builder::object(facts_part(facts.clone()).0);
                let (part, plan_alongside) =
                    facts_part_alongside(facts, |f| crate::plan::compile(ns, f, today));
                assert_eq!(plan, plan_alongside, "{example}/{}", ns.name);
                assert!(!plan.grants.is_empty() || !plan.withheld.is_empty());
                assert_eq!(whole, Builder::object(part.0), "{example}/{}", ns.name);
            }
        }
        assert!(namespaces >= 2);
    }
}
