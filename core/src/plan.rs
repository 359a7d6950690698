//! The access plan: a pure function from a namespace, its facts and today's
//! date to the grants that are lawful now, each with its evidence chain
//! (binding → role → activity → lawful basis → agreements). Fails closed: a
//! binding whose chain is incomplete or not in force yields no grant, only the
//! reasons it was withheld. The same function feeds `caregov render`,
//! `caregov diff` and the operator.

use std::collections::BTreeSet;

use caregov_crds::{DataForm, Subject};
use serde::Serialize;

use crate::catalog::Namespace;
use crate::date::{self, Date};
use crate::facts::{AgreementState, Facts};

/// Subjects that mean everyone: never granted anything (CG410).
pub const EVERYONE: [&str; 3] = ["*", "system:authenticated", "system:unauthenticated"];

/// Why a grant is lawful.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub binding: String,
    pub role: String,
    pub activity: String,
    pub purpose: String,
    pub lawful_basis: String,
    /// Agreements the chain relies on (sharing, processing, hosting).
    pub agreements: Vec<String>,
}

/// Access that is lawful today.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    pub namespace: String,
    pub binding: String,
    pub data_store: String,
    pub organisation: String,
    pub data_form: DataForm,
    /// The credential Secret for that data form, if the store declares one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    pub subjects: Vec<Subject>,
    /// The earliest expiry in the chain; absent when nothing in it expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    pub requires_legitimate_relationship: bool,
    pub break_glass: bool,
    pub audit: String,
    pub excluded_sensitive_categories: Vec<String>,
    pub evidence: Evidence,
}

/// A binding that gives nothing, and why.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Withheld {
    pub namespace: String,
    pub binding: String,
    pub data_store: String,
    /// Every object of the chain exists.
    pub chain_complete: bool,
    /// What is wrong with the binding itself (purpose, organisation, store, forms, subjects).
    pub problems: Vec<String>,
    /// What in the evidence chain is not in force today (lapsed basis, agreements).
    pub not_in_force: Vec<String>,
}

impl Withheld {
    /// Every reason, binding problems first.
    #[must_use]
    pub fn reasons(&self) -> Vec<String> {
        self.problems
            .iter()
            .chain(self.not_in_force.iter())
            .cloned()
            .collect()
    }
}

/// The plan for one namespace.
#[derive(Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct AccessPlan {
    pub grants: Vec<Grant>,
    pub withheld: Vec<Withheld>,
}

impl AccessPlan {
    /// The earliest `validUntil` of any grant: when the plan next changes by itself.
    #[must_use]
    pub fn next_expiry(&self) -> Option<&str> {
        self.grants
            .iter()
            .filter_map(|g| g.valid_until.as_deref())
            .min()
    }
}

fn describe_agreement(ns: &Namespace, facts: &Facts, name: &str, parties: &[&str]) -> String {
    let Some(a) = ns.agreements.get(name) else {
        return format!("agreement {name} does not exist");
    };
    let state = facts.agreements.get(name).map(|f| f.state);
    match state {
        Some(AgreementState::Expired) => {
            format!(
                "agreement {name} expired on {}",
                a.spec.expires_on.as_deref().unwrap_or("?")
            )
        }
        Some(AgreementState::Terminated) => format!("agreement {name} is terminated"),
        Some(AgreementState::NotYetEffective) => {
            format!(
                "agreement {name} is not effective until {}",
                a.spec.effective_from
            )
        }
        _ => {
            let unsigned: Vec<&str> = parties
                .iter()
                .filter(|p| {
                    facts
                        .agreements
                        .get(name)
                        .is_some_and(|f| crate::facts::sorted_get(&f.signed, p).is_none())
                })
                .copied()
                .collect();
            if unsigned.is_empty() {
                format!("agreement {name} does not cover this")
            } else {
                format!("agreement {name} is not signed by {}", unsigned.join(", "))
            }
        }
    }
}

/// Compute the access plan of one namespace.
///
/// Reads the facts of agreements, activities and stores, and the flows
/// (`flows`, `flows_by_activity`, `covered_flows`), nothing else: the lint
/// builds the other facts into the rules' input while the plan is compiled
/// (`input::facts_part_alongside`).
#[must_use]
pub fn compile(ns: &Namespace, facts: &Facts, today: Date) -> AccessPlan {
    let mut plan = AccessPlan::default();
    for (name, binding) in &ns.access_bindings {
        let spec = &binding.spec;
        let mut structural = Vec::new();
        let mut in_force = Vec::new();
        let role = ns.access_roles.get(&spec.role);
        let activity = ns.activities.get(&spec.activity);
        let store = ns.data_stores.get(&spec.data_store);
        if role.is_none() {
            structural.push(format!("access role {} does not exist", spec.role));
        }
        if activity.is_none() {
            structural.push(format!("activity {} does not exist", spec.activity));
        }
        if store.is_none() {
            structural.push(format!("data store {} does not exist", spec.data_store));
        }
        if !ns.organisations.contains_key(&spec.organisation) {
            structural.push(format!("organisation {} does not exist", spec.organisation));
        }
        let basis_name = activity.and_then(|a| a.spec.lawful_basis.clone());
        let basis = basis_name.as_ref().and_then(|b| ns.lawful_bases.get(b));
        if let Some(a) = activity {
            match (&a.spec.lawful_basis, basis) {
                (None, _) => {
                    structural.push(format!("activity {} has no lawful basis", spec.activity))
                }
                (Some(b), None) => structural.push(format!("lawful basis {b} does not exist")),
                (Some(b), Some(lb)) => {
                    if lb.spec.article6.is_none() {
                        structural.push(format!("lawful basis {b} has no Article 6 basis"));
                    }
                    if let Some(until) = lb.spec.valid_until.as_deref()
                        && date::parse(until).is_some_and(|d| d < today)
                    {
                        in_force.push(format!("lawful basis {b} lapsed on {until}"));
                    }
                }
            }
        }
        let chain_complete = structural.is_empty();
        let mut agreements_used: BTreeSet<String> = BTreeSet::new();
        let mut forms: Vec<DataForm> = Vec::new();
        if let (Some(role), Some(activity), Some(store)) = (role, activity, store) {
            let a = &activity.spec;
            if !role.spec.purposes.contains(&a.purpose) {
                structural.push(format!(
                    "role {} does not allow purpose {:?}",
                    spec.role, a.purpose
                ));
            }
            let performer = a.performed_by == spec.organisation;
            let controller = a.controllers.contains(&spec.organisation);
            if !performer && !controller {
                structural.push(format!(
                    "organisation {} neither performs nor controls activity {}",
                    spec.organisation, spec.activity
                ));
            }
            if !a.sources.contains(&spec.data_store) {
                structural.push(format!(
                    "data store {} is not a source of activity {}",
                    spec.data_store, spec.activity
                ));
            }
            let af = facts.activities.get(&spec.activity);
            if performer
                && !controller
                && let Some(af) = af
            {
                {
                    for gap in &af.processor_gaps {
                        let mut reason = format!(
                            "no processing contract in force between controller {gap} and processor {}",
                            a.performed_by
                        );
                        let detail: Vec<String> = af
                            .processor_candidates
                            .iter()
                            .map(|c| {
                                describe_agreement(
                                    ns,
                                    facts,
                                    c,
                                    &[gap.as_str(), a.performed_by.as_str()],
                                )
                            })
                            .collect();
                        if !detail.is_empty() {
                            reason.push_str(&format!(" ({})", detail.join("; ")));
                        }
                        in_force.push(reason);
                    }
                    agreements_used.extend(af.processor_evidence.iter().cloned());
                }
            }
            let flows = facts
                .flows_by_activity
                .get(&spec.activity)
                .map_or(&[][..], Vec::as_slice);
            for flow in flows
                .iter()
                .filter_map(|i| facts.flows.get(*i))
                .filter(|f| f.store == spec.data_store)
            {
                let mut reason = format!(
                    "no sharing agreement in force between {} and {} for activity {}",
                    flow.from, flow.to, flow.activity
                );
                let detail: Vec<String> = flow
                    .candidates
                    .iter()
                    .map(|c| {
                        describe_agreement(ns, facts, c, &[flow.from.as_str(), flow.to.as_str()])
                    })
                    .collect();
                if !detail.is_empty() {
                    reason.push_str(&format!(" ({})", detail.join("; ")));
                }
                in_force.push(reason);
            }
            if let Some(relied) = facts
                .covered_flows
                .get(&(spec.activity.clone(), spec.data_store.clone()))
            {
                agreements_used.extend(relied.iter().cloned());
            }
            if let Some(sf) = facts.data_stores.get(&spec.data_store) {
                if !sf.host_gaps.is_empty() {
                    let who = if sf.host_gaps.len() == 1 {
                        "controller"
                    } else {
                        "controllers"
                    };
                    in_force.push(format!(
                        "no hosting contract in force between host {} and {who} {}",
                        store.spec.host,
                        sf.host_gaps.join(", ")
                    ));
                }
                agreements_used.extend(sf.host_evidence.iter().cloned());
            }
            forms = role
                .spec
                .data_forms
                .iter()
                .copied()
                .filter(|f| *f == a.data_form && store.spec.data_forms.contains(f))
                .collect();
            if forms.is_empty() && structural.is_empty() {
                structural.push(format!(
                    "role {} grants no data form that activity {} uses ({:?}) and store {} holds",
                    spec.role, spec.activity, a.data_form, spec.data_store
                ));
            }
        }
        let subjects: Vec<Subject> = spec
            .subjects
            .iter()
            .filter(|s| !EVERYONE.contains(&s.name.as_str()))
            .cloned()
            .collect();
        if subjects.is_empty() {
            structural.push(
                "no subject other than everyone (*, system:authenticated, system:unauthenticated)"
                    .to_owned(),
            );
        }
        if !structural.is_empty() || !in_force.is_empty() {
            plan.withheld.push(Withheld {
                namespace: ns.name.clone(),
                binding: name.clone(),
                data_store: spec.data_store.clone(),
                chain_complete,
                problems: structural,
                not_in_force: in_force,
            });
            continue;
        }
        let (Some(role), Some(activity), Some(store), Some(basis_name)) =
            (role, activity, store, basis_name)
        else {
            continue;
        };
        let mut expiries: Vec<Date> = agreements_used
            .iter()
            .filter_map(|g| crate::facts::expiry_of(ns, g))
            .collect();
        if let Some(d) = basis
            .and_then(|b| b.spec.valid_until.as_deref())
            .and_then(date::parse)
        {
            expiries.push(d);
        }
        let valid_until = expiries.into_iter().min().map(|d| d.to_string());
        for form in forms {
            plan.grants.push(Grant {
                namespace: ns.name.clone(),
                binding: name.clone(),
                data_store: spec.data_store.clone(),
                organisation: spec.organisation.clone(),
                data_form: form,
                secret: store
                    .spec
                    .access
                    .as_ref()
                    .and_then(|a| a.credential_secrets.as_ref())
                    .and_then(|c| c.for_form(form))
                    .map(str::to_owned),
                subjects: subjects.clone(),
                valid_until: valid_until.clone(),
                requires_legitimate_relationship: role.spec.requires_legitimate_relationship,
                break_glass: role.spec.break_glass.as_ref().is_some_and(|b| b.allowed),
                audit: format!("{:?}", role.spec.audit),
                excluded_sensitive_categories: role
                    .spec
                    .excluded_sensitive_categories
                    .iter()
                    .map(|c| format!("{c:?}"))
                    .collect(),
                evidence: Evidence {
                    binding: name.clone(),
                    role: spec.role.clone(),
                    activity: spec.activity.clone(),
                    purpose: format!("{:?}", activity.spec.purpose),
                    lawful_basis: basis_name.clone(),
                    agreements: agreements_used.iter().cloned().collect(),
                },
            });
        }
    }
    plan
}
