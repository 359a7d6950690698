//! Facts derived once from a namespace, in linear time: effective functions,
//! agreement states, flows between controllers and their coverage, processing
//! chains, hosting contracts and neighbour links. The Rego rules read them
//! (see `core/policy/INPUT.md`); the access plan uses them too.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use caregov_crds::{AgreementSpec, AgreementType, DataForm, Function, PartyRole, StoreType};
use serde::Serialize;

use crate::catalog::Namespace;
use crate::date::{self, Date};

/// The state of an agreement on a given day.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementState {
    InForce,
    Expired,
    Terminated,
    NotYetEffective,
}

#[derive(Serialize, Clone, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationFacts {
    pub functions: Vec<Function>,
    pub public_body: bool,
    pub dspt_rank: u8,
    pub dspt_lapsed: bool,
    pub receives_personal_data: bool,
    pub health_or_care_processing: bool,
    pub activities_controlled: BTreeSet<String>,
    pub activities_performed: BTreeSet<String>,
    pub stores_controlled: BTreeSet<String>,
    pub stores_hosted: BTreeSet<String>,
    pub agreements: BTreeSet<String>,
    pub notices: BTreeSet<String>,
    pub notice_covers: BTreeSet<String>,
    pub crosses_shcr_boundary: bool,
    pub member: bool,
    pub in_neighbour_only: bool,
    pub participates: bool,
}

#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct AgreementFacts {
    pub state: AgreementState,
    pub in_force: bool,
    pub signed: BTreeMap<String, PartyRole>,
    pub unsigned: Vec<String>,
    /// Parties by role: used in Rust; rules read `spec.parties` (kept out of the input).
    #[serde(skip)]
    pub controllers: Vec<String>,
    #[serde(skip)]
    pub joint_controllers: Vec<String>,
    #[serde(skip)]
    pub processors: Vec<String>,
    #[serde(skip)]
    pub sub_processors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_to_expiry: Option<i64>,
    pub review_overdue: bool,
    pub relied_on: bool,
    pub activities_missing: Vec<String>,
}

#[derive(Serialize, Clone, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct ActivityFacts {
    pub personal: bool,
    pub secondary_use: bool,
    /// The LawfulBasis spec (rules read `input.lawfulBases[...]` instead).
    #[serde(skip)]
    pub basis: Option<serde_json::Value>,
    pub agreements: Vec<String>,
    pub processor_gaps: Vec<String>,
    pub processor_candidates: Vec<String>,
    /// Union of the sources' controllers (kept out of the input: it repeats store data).
    #[serde(skip)]
    pub source_controllers: BTreeSet<String>,
    pub stores_of_different_controllers: bool,
    pub scopes_not_provided: Vec<String>,
    pub notices: BTreeMap<String, bool>,
    /// Agreements used to cover the performer's processing (for the access plan).
    #[serde(skip)]
    pub processor_evidence: Vec<String>,
}

#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct NeighbourLink {
    pub neighbour: String,
    pub covered: bool,
    pub candidates: Vec<String>,
}

#[derive(Serialize, Clone, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct StoreFacts {
    pub personal: bool,
    pub uk_location: bool,
    pub host_gaps: Vec<String>,
    pub host_candidates: Vec<String>,
    pub neighbour_links: Vec<NeighbourLink>,
    #[serde(skip)]
    pub host_evidence: Vec<String>,
}

/// Personal data reaching controller `to` from controller `from`.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    pub from: String,
    pub to: String,
    pub activity: String,
    pub store: String,
    pub data_form: DataForm,
    pub candidates: Vec<String>,
    pub in_force: Vec<String>,
}

/// All derived facts of one namespace.
#[derive(Serialize, Clone, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct Facts {
    pub organisations: BTreeMap<String, OrganisationFacts>,
    pub agreements: BTreeMap<String, AgreementFacts>,
    pub activities: BTreeMap<String, ActivityFacts>,
    pub data_stores: BTreeMap<String, StoreFacts>,
    pub flows: Vec<Flow>,
    pub agreements_by_activity: BTreeMap<String, Vec<String>>,
    pub bindings_by_activity: BTreeMap<String, Vec<String>>,
    pub bindings_by_role: BTreeMap<String, Vec<String>>,
    pub bindings_by_store: BTreeMap<String, Vec<String>>,
    pub notices_by_controller: BTreeMap<String, Vec<String>>,
    pub notices_by_activity: BTreeMap<String, Vec<String>>,
    pub activities_by_store: BTreeMap<String, Vec<String>>,
    /// Positions in `flows` by activity name.
    #[serde(skip)]
    pub flows_by_activity: BTreeMap<String, Vec<usize>>,
    /// For covered flows, by (activity, store): the in-force agreements of each flow.
    #[serde(skip)]
    pub covered_flows: HashMap<(String, String), Vec<Vec<String>>>,
}

fn is_processing(t: AgreementType) -> bool {
    matches!(
        t,
        AgreementType::DataProcessingContract | AgreementType::DataSharingAndProcessingAgreement
    )
}

fn is_sharing(t: AgreementType) -> bool {
    matches!(
        t,
        AgreementType::DataSharingAgreement | AgreementType::DataSharingAndProcessingAgreement
    )
}

fn is_controller_role(r: PartyRole) -> bool {
    matches!(r, PartyRole::Controller | PartyRole::JointController)
}

/// The effective functions of an organisation: declared, or its type's defaults.
#[must_use]
pub fn effective_functions(spec: &caregov_crds::OrganisationSpec) -> Vec<Function> {
    let mut f: Vec<Function> = match &spec.functions {
        Some(declared) => declared.clone(),
        None => spec.type_.default_functions().to_vec(),
    };
    f.sort();
    f.dedup();
    f
}

/// The state of an agreement on `today`.
#[must_use]
pub fn agreement_state(spec: &AgreementSpec, today: Date) -> AgreementState {
    if spec.terminated {
        return AgreementState::Terminated;
    }
    if date::parse(&spec.effective_from).is_some_and(|d| d > today) {
        return AgreementState::NotYetEffective;
    }
    if spec
        .expires_on
        .as_deref()
        .and_then(date::parse)
        .is_some_and(|d| d < today)
    {
        return AgreementState::Expired;
    }
    AgreementState::InForce
}

/// Per-agreement working data used while deriving facts.
struct Agr<'a> {
    spec: &'a AgreementSpec,
    state: AgreementState,
    /// Declared role of each party.
    roles: HashMap<&'a str, PartyRole>,
    /// Parties that have signed on or before today.
    signed: BTreeSet<&'a str>,
    /// `None`: covers every activity (no list); otherwise the listed ones.
    covers: Option<BTreeSet<&'a str>>,
}

impl Agr<'_> {
    fn covers(&self, activity: Option<&str>) -> bool {
        match (&self.covers, activity) {
            (None, _) | (Some(_), None) => true,
            (Some(set), Some(a)) => set.contains(a),
        }
    }
    fn in_force_for(&self, parties: &[&str]) -> bool {
        self.state == AgreementState::InForce && parties.iter().all(|p| self.signed.contains(p))
    }
}

/// Derives facts for one namespace on `today`.
pub struct Deriver<'a> {
    ns: &'a Namespace,
    today: Date,
    agrs: BTreeMap<&'a str, Agr<'a>>,
    /// Agreements naming both organisations (unordered pair, smaller name first).
    by_pair: HashMap<(&'a str, &'a str), Vec<&'a str>>,
    /// Agreements in which an organisation is a SubProcessor.
    as_sub: HashMap<&'a str, Vec<&'a str>>,
    relied_on: BTreeSet<String>,
}

fn pair<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

impl<'a> Deriver<'a> {
    #[must_use]
    pub fn new(ns: &'a Namespace, today: Date) -> Self {
        let mut agrs = BTreeMap::new();
        let mut by_pair: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
        let mut as_sub: HashMap<&str, Vec<&str>> = HashMap::new();
        for (name, r) in &ns.agreements {
            let spec = &r.spec;
            let roles: HashMap<&str, PartyRole> = spec
                .parties
                .iter()
                .map(|p| (p.organisation.as_str(), p.role))
                .collect();
            let signed = spec
                .parties
                .iter()
                .filter(|p| {
                    p.signed_on
                        .as_deref()
                        .and_then(date::parse)
                        .is_some_and(|d| d <= today)
                })
                .map(|p| p.organisation.as_str())
                .collect();
            let covers = if spec.activities.is_empty() {
                None
            } else {
                Some(spec.activities.iter().map(String::as_str).collect())
            };
            let parties: BTreeSet<&str> = spec
                .parties
                .iter()
                .map(|p| p.organisation.as_str())
                .collect();
            for p in spec
                .parties
                .iter()
                .filter(|p| p.role == PartyRole::SubProcessor)
            {
                as_sub
                    .entry(p.organisation.as_str())
                    .or_default()
                    .push(name.as_str());
            }
            let list: Vec<&str> = parties.into_iter().collect();
            for (i, a) in list.iter().enumerate() {
                for b in &list[i + 1..] {
                    by_pair.entry(pair(a, b)).or_default().push(name.as_str());
                }
            }
            agrs.insert(
                name.as_str(),
                Agr {
                    spec,
                    state: agreement_state(spec, today),
                    roles,
                    signed,
                    covers,
                },
            );
        }
        Self {
            ns,
            today,
            agrs,
            by_pair,
            as_sub,
            relied_on: BTreeSet::new(),
        }
    }

    fn between(&self, a: &'a str, b: &'a str) -> &[&'a str] {
        self.by_pair.get(&pair(a, b)).map_or(&[], Vec::as_slice)
    }

    /// Whether `processor` processes for `controller` under an in-force
    /// processing contract, directly or through a sub-processing chain.
    /// Returns (covered, candidates, evidence).
    fn processing_cover(
        &mut self,
        controller: &'a str,
        processor: &'a str,
        activity: Option<&str>,
    ) -> (bool, Vec<String>, Vec<String>) {
        let mut candidates = BTreeSet::new();
        let mut evidence: Option<Vec<String>> = None;
        for &g in self.between(controller, processor) {
            let Some(a) = self.agrs.get(g) else { continue };
            if !is_processing(a.spec.agreement_type) || !a.covers(activity) {
                continue;
            }
            if a.roles
                .get(controller)
                .is_some_and(|r| is_controller_role(*r))
                && a.roles.get(processor) == Some(&PartyRole::Processor)
            {
                candidates.insert(g.to_owned());
                if evidence.is_none() && a.in_force_for(&[controller, processor]) {
                    evidence = Some(vec![g.to_owned()]);
                }
            }
        }
        // Sub-processing: controller ↔ X (Processor), X (Processor) ↔ processor (SubProcessor).
        let subs: Vec<&str> = self.as_sub.get(processor).cloned().unwrap_or_default();
        for g2 in subs {
            let Some(a2) = self.agrs.get(g2) else {
                continue;
            };
            if !is_processing(a2.spec.agreement_type)
                || !a2.covers(activity)
                || a2.roles.get(processor) != Some(&PartyRole::SubProcessor)
            {
                continue;
            }
            let middles: Vec<&str> = a2
                .roles
                .iter()
                .filter(|(o, r)| **r == PartyRole::Processor && **o != controller)
                .map(|(o, _)| *o)
                .collect();
            let a2_ok = |x: &str| a2.in_force_for(&[x, processor]);
            for x in middles {
                let x2 = a2_ok(x);
                for &g1 in self.between(controller, x) {
                    let Some(a1) = self.agrs.get(g1) else {
                        continue;
                    };
                    if !is_processing(a1.spec.agreement_type)
                        || !a1.covers(activity)
                        || !a1
                            .roles
                            .get(controller)
                            .is_some_and(|r| is_controller_role(*r))
                        || a1.roles.get(x) != Some(&PartyRole::Processor)
                    {
                        continue;
                    }
                    candidates.insert(g1.to_owned());
                    candidates.insert(g2.to_owned());
                    if evidence.is_none() && x2 && a1.in_force_for(&[controller, x]) {
                        evidence = Some(vec![g1.to_owned(), g2.to_owned()]);
                    }
                }
            }
        }
        self.relied_on.extend(candidates.iter().cloned());
        let covered = evidence.is_some();
        (
            covered,
            candidates.into_iter().collect(),
            evidence.unwrap_or_default(),
        )
    }

    /// Derive every fact of the namespace.
    #[must_use]
    pub fn derive(mut self) -> Facts {
        let ns = self.ns;
        let today = self.today;
        let mut facts = Facts::default();

        // Indexes.
        for (name, a) in &ns.agreements {
            for act in &a.spec.activities {
                facts
                    .agreements_by_activity
                    .entry(act.clone())
                    .or_default()
                    .push(name.clone());
                if ns.activities.contains_key(act) {
                    self.relied_on.insert(name.clone());
                }
            }
        }
        for (name, b) in &ns.access_bindings {
            facts
                .bindings_by_activity
                .entry(b.spec.activity.clone())
                .or_default()
                .push(name.clone());
            facts
                .bindings_by_role
                .entry(b.spec.role.clone())
                .or_default()
                .push(name.clone());
            facts
                .bindings_by_store
                .entry(b.spec.data_store.clone())
                .or_default()
                .push(name.clone());
        }
        for (name, n) in &ns.notices {
            facts
                .notices_by_controller
                .entry(n.spec.controller.clone())
                .or_default()
                .push(name.clone());
            for act in &n.spec.activities {
                facts
                    .notices_by_activity
                    .entry(act.clone())
                    .or_default()
                    .push(name.clone());
            }
        }
        for (name, a) in &ns.activities {
            for s in &a.spec.sources {
                facts
                    .activities_by_store
                    .entry(s.clone())
                    .or_default()
                    .push(name.clone());
            }
        }
        for v in facts.agreements_by_activity.values_mut() {
            v.sort();
            v.dedup();
        }
        for v in facts.notices_by_activity.values_mut() {
            v.sort();
            v.dedup();
        }
        for v in facts.activities_by_store.values_mut() {
            v.sort();
            v.dedup();
        }

        // Stores.
        for (name, s) in &ns.data_stores {
            let mut sf = StoreFacts {
                personal: s.spec.data_forms.iter().any(|f| f.is_personal()),
                uk_location: matches!(s.spec.location.as_str(), "GB" | "UK"),
                ..StoreFacts::default()
            };
            let host = s.spec.host.as_str();
            if !s.spec.controllers.iter().any(|c| c == host) {
                let mut candidates = BTreeSet::new();
                for c in &s.spec.controllers {
                    let (covered, cands, evidence) = self.processing_cover(c.as_str(), host, None);
                    candidates.extend(cands);
                    if covered {
                        sf.host_evidence.extend(evidence);
                    } else {
                        sf.host_gaps.push(c.clone());
                    }
                }
                sf.host_candidates = candidates.into_iter().collect();
            }
            for n in &s.spec.neighbours {
                let Some(other) = ns.data_stores.get(n) else {
                    continue;
                };
                let mut candidates = BTreeSet::new();
                let mut covered = false;
                for c1 in &s.spec.controllers {
                    for c2 in &other.spec.controllers {
                        if c1 == c2 {
                            continue;
                        }
                        for &g in self.between(c1.as_str(), c2.as_str()) {
                            let Some(a) = self.agrs.get(g) else { continue };
                            if !is_sharing(a.spec.agreement_type)
                                || !a
                                    .roles
                                    .get(c1.as_str())
                                    .is_some_and(|r| is_controller_role(*r))
                                || !a
                                    .roles
                                    .get(c2.as_str())
                                    .is_some_and(|r| is_controller_role(*r))
                            {
                                continue;
                            }
                            candidates.insert(g.to_owned());
                            if a.in_force_for(&[c1.as_str(), c2.as_str()]) {
                                covered = true;
                            }
                        }
                    }
                }
                self.relied_on.extend(candidates.iter().cloned());
                sf.neighbour_links.push(NeighbourLink {
                    neighbour: n.clone(),
                    covered,
                    candidates: candidates.into_iter().collect(),
                });
            }
            facts.data_stores.insert(name.clone(), sf);
        }

        // Activities and flows.
        for (name, a) in &ns.activities {
            let spec = &a.spec;
            let mut af = ActivityFacts {
                personal: spec.data_form.is_personal(),
                secondary_use: spec.purpose.is_secondary_use(),
                basis: spec
                    .lawful_basis
                    .as_ref()
                    .and_then(|lb| ns.lawful_bases.get(lb))
                    .and_then(|lb| serde_json::to_value(&lb.spec).ok()),
                agreements: facts
                    .agreements_by_activity
                    .get(name)
                    .cloned()
                    .unwrap_or_default(),
                ..ActivityFacts::default()
            };
            let performer = spec.performed_by.as_str();
            if !spec.controllers.iter().any(|c| c == performer) {
                let mut candidates = BTreeSet::new();
                for c in &spec.controllers {
                    let (covered, cands, evidence) =
                        self.processing_cover(c.as_str(), performer, Some(name));
                    candidates.extend(cands);
                    if covered {
                        af.processor_evidence.extend(evidence);
                    } else {
                        af.processor_gaps.push(c.clone());
                    }
                }
                af.processor_candidates = candidates.into_iter().collect();
            }
            let mut controller_sets: BTreeSet<Vec<&str>> = BTreeSet::new();
            for source in &spec.sources {
                let Some(store) = ns.data_stores.get(source) else {
                    continue;
                };
                let mut set: Vec<&str> =
                    store.spec.controllers.iter().map(String::as_str).collect();
                set.sort_unstable();
                controller_sets.insert(set);
                af.source_controllers
                    .extend(store.spec.controllers.iter().cloned());
                if !spec.data_form.is_personal() {
                    continue;
                }
                for from in &store.spec.controllers {
                    if spec.controllers.contains(from) {
                        continue;
                    }
                    for to in &spec.controllers {
                        let mut candidates = Vec::new();
                        let mut in_force = Vec::new();
                        for &g in self.between(from.as_str(), to.as_str()) {
                            let Some(ag) = self.agrs.get(g) else { continue };
                            if !is_sharing(ag.spec.agreement_type)
                                || ag
                                    .covers
                                    .as_ref()
                                    .is_none_or(|set| !set.contains(name.as_str()))
                                || !ag
                                    .roles
                                    .get(from.as_str())
                                    .is_some_and(|r| is_controller_role(*r))
                                || !ag
                                    .roles
                                    .get(to.as_str())
                                    .is_some_and(|r| is_controller_role(*r))
                            {
                                continue;
                            }
                            candidates.push(g.to_owned());
                            if ag.in_force_for(&[from.as_str(), to.as_str()]) {
                                in_force.push(g.to_owned());
                            }
                        }
                        candidates.sort();
                        in_force.sort();
                        self.relied_on.extend(candidates.iter().cloned());
                        if !in_force.is_empty() {
                            // Covered: only the evidence is kept, for the access plan.
                            facts
                                .covered_flows
                                .entry((name.clone(), source.clone()))
                                .or_default()
                                .push(in_force);
                            continue;
                        }
                        facts
                            .flows_by_activity
                            .entry(name.clone())
                            .or_default()
                            .push(facts.flows.len());
                        facts.flows.push(Flow {
                            from: from.clone(),
                            to: to.clone(),
                            activity: name.clone(),
                            store: source.clone(),
                            data_form: spec.data_form,
                            candidates,
                            in_force,
                        });
                    }
                }
            }
            af.stores_of_different_controllers = controller_sets.len() > 1;
            if let Some(perf) = ns.organisations.get(performer) {
                af.scopes_not_provided = spec
                    .service_scopes
                    .iter()
                    .filter(|s| !perf.spec.service_scopes.contains(s))
                    .map(|s| format!("{s:?}"))
                    .collect();
            }
            for c in &spec.controllers {
                let listed = facts.notices_by_controller.get(c).is_some_and(|ns_names| {
                    ns_names.iter().any(|n| {
                        ns.notices
                            .get(n)
                            .is_some_and(|t| t.spec.activities.contains(name))
                    })
                });
                af.notices.insert(c.clone(), listed);
            }
            facts.activities.insert(name.clone(), af);
        }

        // Agreements.
        for (name, a) in &self.agrs {
            let spec = a.spec;
            let roles_of = |role: PartyRole| -> Vec<String> {
                let mut v: Vec<String> = spec
                    .parties
                    .iter()
                    .filter(|p| p.role == role)
                    .map(|p| p.organisation.clone())
                    .collect();
                v.sort();
                v
            };
            let joint_controllers = roles_of(PartyRole::JointController);
            let processors = roles_of(PartyRole::Processor);
            let sub_processors = roles_of(PartyRole::SubProcessor);
            let mut controllers: Vec<String> = spec
                .parties
                .iter()
                .filter(|p| is_controller_role(p.role))
                .map(|p| p.organisation.clone())
                .collect();
            controllers.sort();
            let mut unsigned: Vec<String> = spec
                .parties
                .iter()
                .filter(|p| !a.signed.contains(p.organisation.as_str()))
                .map(|p| p.organisation.clone())
                .collect();
            unsigned.sort();
            let signed = spec
                .parties
                .iter()
                .filter(|p| a.signed.contains(p.organisation.as_str()))
                .map(|p| (p.organisation.clone(), p.role))
                .collect();
            facts.agreements.insert(
                (*name).to_owned(),
                AgreementFacts {
                    state: a.state,
                    in_force: a.state == AgreementState::InForce,
                    signed,
                    unsigned,
                    controllers,
                    joint_controllers,
                    processors,
                    sub_processors,
                    days_to_expiry: spec
                        .expires_on
                        .as_deref()
                        .and_then(date::parse)
                        .map(|d| date::days_between(today, d)),
                    review_overdue: spec
                        .review_due
                        .as_deref()
                        .and_then(date::parse)
                        .is_some_and(|d| d < today),
                    relied_on: self.relied_on.contains(*name),
                    activities_missing: spec
                        .activities
                        .iter()
                        .filter(|x| !ns.activities.contains_key(*x))
                        .cloned()
                        .collect(),
                },
            );
        }

        // Organisations.
        let mut members: BTreeSet<&str> = BTreeSet::new();
        for cs in ns.care_systems.values() {
            members.insert(cs.spec.integrated_care_board.as_str());
            members.extend(cs.spec.members.iter().map(String::as_str));
        }
        let named_as_neighbour: BTreeSet<&str> = ns
            .data_stores
            .values()
            .flat_map(|s| s.spec.neighbours.iter().map(String::as_str))
            .collect();
        let used_stores: BTreeSet<&str> = ns
            .activities
            .values()
            .flat_map(|a| a.spec.sources.iter().map(String::as_str))
            .chain(
                ns.access_bindings
                    .values()
                    .map(|b| b.spec.data_store.as_str()),
            )
            .collect();
        for (name, o) in &ns.organisations {
            let dspt = o.spec.dspt.as_ref();
            facts.organisations.insert(
                name.clone(),
                OrganisationFacts {
                    functions: effective_functions(&o.spec),
                    public_body: o.spec.type_.is_public_body(),
                    dspt_rank: dspt.map_or(0, |d| d.status.rank()),
                    dspt_lapsed: dspt
                        .and_then(|d| d.published_on.as_deref())
                        .and_then(date::parse)
                        .is_some_and(|p| date::dspt_lapsed(p, today)),
                    member: members.contains(name.as_str()),
                    ..OrganisationFacts::default()
                },
            );
        }
        let org = |facts: &mut Facts, name: &str, f: &mut dyn FnMut(&mut OrganisationFacts)| {
            if let Some(o) = facts.organisations.get_mut(name) {
                f(o);
            }
        };
        let mut direct_refs: BTreeSet<String> = BTreeSet::new();
        for (name, a) in &ns.activities {
            let personal = a.spec.data_form.is_personal();
            org(&mut facts, &a.spec.performed_by, &mut |o| {
                o.activities_performed.insert(name.clone());
                o.participates = true;
                o.receives_personal_data |= personal;
                o.health_or_care_processing |= personal;
            });
            direct_refs.insert(a.spec.performed_by.clone());
            for c in &a.spec.controllers {
                org(&mut facts, c, &mut |o| {
                    o.activities_controlled.insert(name.clone());
                    o.participates = true;
                    o.health_or_care_processing |= personal;
                });
                direct_refs.insert(c.clone());
            }
        }
        for (name, s) in &ns.data_stores {
            let personal = s.spec.data_forms.iter().any(|f| f.is_personal());
            let neighbour_only =
                named_as_neighbour.contains(name.as_str()) && !used_stores.contains(name.as_str());
            let crosses = s.spec.store_type == StoreType::SharedCareRecord
                && (!s.spec.neighbours.is_empty() || named_as_neighbour.contains(name.as_str()));
            org(&mut facts, &s.spec.host, &mut |o| {
                o.stores_hosted.insert(name.clone());
                o.participates = true;
                o.receives_personal_data |= personal;
            });
            for c in &s.spec.controllers {
                org(&mut facts, c, &mut |o| {
                    o.stores_controlled.insert(name.clone());
                    o.participates = true;
                    o.crosses_shcr_boundary |= crosses;
                });
            }
            if !neighbour_only {
                direct_refs.insert(s.spec.host.clone());
                direct_refs.extend(s.spec.controllers.iter().cloned());
            }
        }
        for (name, a) in &ns.agreements {
            for p in &a.spec.parties {
                org(&mut facts, &p.organisation, &mut |o| {
                    o.agreements.insert(name.clone());
                    o.participates = true;
                });
            }
        }
        for b in ns.access_bindings.values() {
            let personal = ns
                .data_stores
                .get(&b.spec.data_store)
                .is_some_and(|s| s.spec.data_forms.iter().any(|f| f.is_personal()));
            org(&mut facts, &b.spec.organisation, &mut |o| {
                o.participates = true;
                o.receives_personal_data |= personal;
            });
            direct_refs.insert(b.spec.organisation.clone());
        }
        for (name, n) in &ns.notices {
            org(&mut facts, &n.spec.controller, &mut |o| {
                o.notices.insert(name.clone());
                o.notice_covers
                    .extend(n.spec.covers.iter().map(|c| format!("{c:?}")));
            });
            direct_refs.insert(n.spec.controller.clone());
        }
        for (name, o) in &mut facts.organisations {
            o.in_neighbour_only = !direct_refs.contains(name)
                && (!o.stores_controlled.is_empty() || !o.stores_hosted.is_empty());
        }
        facts
    }
}
