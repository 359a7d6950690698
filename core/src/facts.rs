//! Facts derived once from a namespace, in linear time: effective functions,
//! agreement states, flows between controllers and their coverage, processing
//! chains, hosting contracts and neighbour links. The Rego rules read them
//! (see `core/policy/INPUT.md`); the access plan uses them too.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

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

impl AgreementState {
    /// The name rules see (as serialised).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InForce => "InForce",
            Self::Expired => "Expired",
            Self::Terminated => "Terminated",
            Self::NotYetEffective => "NotYetEffective",
        }
    }
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
    // The name lists below are sorted, without repeats (a set each; a
    // sorted list holds a few names in a fraction of a set's memory).
    pub activities_controlled: Vec<String>,
    pub activities_performed: Vec<String>,
    pub stores_controlled: Vec<String>,
    pub stores_hosted: Vec<String>,
    pub agreements: Vec<String>,
    pub notices: Vec<String>,
    pub notice_covers: Vec<String>,
    pub crosses_shcr_boundary: bool,
    pub member: bool,
    pub in_neighbour_only: bool,
    pub participates: bool,
}

/// A list of (key, value) sorted by key, written as a map: a few entries
/// take a fraction of a `BTreeMap`'s memory.
fn sorted_pairs_as_map<V: Serialize, S: serde::Serializer>(
    pairs: &[(String, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// Pairs as a map would hold them: sorted by key, the last of a repeated
/// key kept.
fn into_sorted_pairs<V>(mut pairs: Vec<(String, V)>) -> Vec<(String, V)> {
    pairs.reverse();
    pairs.sort_by(|x, y| x.0.cmp(&y.0));
    pairs.dedup_by(|later, earlier| later.0 == earlier.0);
    pairs
}

/// The value under `key` in a list of pairs sorted by key.
#[must_use]
pub fn sorted_get<'a, V>(pairs: &'a [(String, V)], key: &str) -> Option<&'a V> {
    pairs
        .binary_search_by(|(k, _)| k.as_str().cmp(key))
        .ok()
        .and_then(|i| pairs.get(i))
        .map(|(_, v)| v)
}

#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct AgreementFacts {
    pub state: AgreementState,
    pub in_force: bool,
    /// Organisation → role of the parties that have signed, sorted by
    /// organisation (an object in the input).
    #[serde(serialize_with = "sorted_pairs_as_map")]
    pub signed: Vec<(String, PartyRole)>,
    pub unsigned: Vec<String>,
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
    pub agreements: Vec<String>,
    pub processor_gaps: Vec<String>,
    pub processor_candidates: Vec<String>,
    pub stores_of_different_controllers: bool,
    pub scopes_not_provided: Vec<String>,
    /// Controller → whether one of its notices lists the activity, sorted
    /// by controller (an object in the input).
    #[serde(serialize_with = "sorted_pairs_as_map")]
    pub notices: Vec<(String, bool)>,
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
    /// Agreement names by `spec.agreementType`, for rules about one type.
    pub agreements_by_type: BTreeMap<&'static str, Vec<String>>,
    /// Agreement names by state on `today` (`InForce`, `Expired`, …), so
    /// rules about lapsed agreements visit only those.
    pub agreements_by_state: BTreeMap<&'static str, Vec<String>>,
    pub bindings_by_activity: BTreeMap<String, Vec<String>>,
    pub bindings_by_role: BTreeMap<String, Vec<String>>,
    pub bindings_by_store: BTreeMap<String, Vec<String>>,
    pub notices_by_controller: BTreeMap<String, Vec<String>>,
    pub notices_by_activity: BTreeMap<String, Vec<String>>,
    pub activities_by_store: BTreeMap<String, Vec<String>>,
    /// Positions in `flows` by activity name.
    #[serde(skip)]
    pub flows_by_activity: BTreeMap<String, Vec<usize>>,
    /// For covered flows, by (activity, store): the agreements they rely on
    /// (for each flow, of its in-force agreements the one that lasts
    /// longest), sorted, without repeats.
    #[serde(skip)]
    pub covered_flows: FastMap<(String, String), Vec<String>>,
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

/// When an agreement expires (`None`: open-ended, or not a date).
#[must_use]
pub fn expires(spec: &AgreementSpec) -> Option<Date> {
    spec.expires_on.as_deref().and_then(date::parse)
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
    if expires(spec).is_some_and(|d| d < today) {
        return AgreementState::Expired;
    }
    AgreementState::InForce
}

/// Per-agreement working data used while deriving facts.
struct Agr<'a> {
    spec: &'a AgreementSpec,
    state: AgreementState,
    /// Declared role of each party (a handful: a list beats a map).
    roles: Vec<(&'a str, PartyRole)>,
    /// Parties that have signed on or before today.
    signed: Vec<&'a str>,
    /// `None`: covers every activity (no list); otherwise the listed ones,
    /// sorted (a set node per agreement cost more than the names).
    covers: Option<Vec<&'a str>>,
    /// `spec.expiresOn` as a date (`None`: open-ended or not a date).
    expires: Option<Date>,
}

impl Agr<'_> {
    fn role(&self, organisation: &str) -> Option<PartyRole> {
        self.roles
            .iter()
            .find(|(o, _)| *o == organisation)
            .map(|(_, r)| *r)
    }
    fn has_signed(&self, organisation: &str) -> bool {
        self.signed.contains(&organisation)
    }
    fn covers(&self, activity: Option<&str>) -> bool {
        match (&self.covers, activity) {
            (None, _) | (Some(_), None) => true,
            (Some(listed), Some(a)) => listed.binary_search(&a).is_ok(),
        }
    }
    fn in_force_for(&self, parties: &[&str]) -> bool {
        self.state == AgreementState::InForce && parties.iter().all(|p| self.has_signed(p))
    }
}

/// Derives facts for one namespace on `today`.
pub struct Deriver<'a> {
    ns: &'a Namespace,
    today: Date,
    agrs: FastMap<&'a str, Agr<'a>>,
    /// Agreements naming both organisations (unordered pair, smaller name first).
    /// As (pair, agreement), sorted: one flat list rather than a list per
    /// pair in a hash map (a hot pair, such as the ICB and a big trust,
    /// names thousands; most pairs name one).
    by_pair: Vec<((&'a str, &'a str), &'a str)>,
    /// Where each pair's run starts in `by_pair`, and its length: a hash
    /// lookup instead of a binary search over every pair (there are about
    /// two per resource, and a flow looks up one per controller of its store).
    pair_runs: FastMap<(&'a str, &'a str), (u32, u32)>,
    /// Agreements in which an organisation is a SubProcessor.
    as_sub: FastMap<&'a str, Vec<&'a str>>,
}

/// A hash map with a fast, non-cryptographic hasher: the keys are names from
/// the linted files, looked up many times per resource.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

fn pair<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

impl<'a> Deriver<'a> {
    #[must_use]
    pub fn new(ns: &'a Namespace, today: Date) -> Self {
        let mut agrs = FastMap::default();
        let mut by_pair: Vec<((&str, &str), &str)> = Vec::new();
        let mut as_sub: FastMap<&str, Vec<&str>> = FastMap::default();
        for (name, r) in &ns.agreements {
            let spec = &r.spec;
            let roles: Vec<(&str, PartyRole)> = spec
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
                let mut listed: Vec<&str> = spec.activities.iter().map(String::as_str).collect();
                listed.sort_unstable();
                listed.dedup();
                Some(listed)
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
                    by_pair.push((pair(a, b), name.as_str()));
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
                    expires: expires(spec),
                },
            );
        }
        // Agreements are visited in name order: stable, each pair's
        // agreements stay in name order.
        by_pair.sort_by(|x, y| x.0.cmp(&y.0));
        by_pair.shrink_to_fit();
        let mut pair_runs: FastMap<(&str, &str), (u32, u32)> = FastMap::default();
        for (i, (key, _)) in by_pair.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            pair_runs
                .entry(*key)
                .and_modify(|(_, len)| *len += 1)
                .or_insert((i, 1));
        }
        Self {
            ns,
            today,
            agrs,
            by_pair,
            pair_runs,
            as_sub,
        }
    }

    fn between(&self, a: &'a str, b: &'a str) -> impl Iterator<Item = &'a str> + '_ {
        let run = self
            .pair_runs
            .get(&pair(a, b))
            .and_then(|&(start, len)| self.by_pair.get(start as usize..(start + len) as usize));
        run.unwrap_or_default().iter().map(|(_, g)| *g)
    }

    /// Of a flow's in-force agreements (sorted), the one it relies on: the
    /// one that lasts longest (open-ended first; of equals, the last).
    fn longest_lasting(&self, in_force: &[&'a str]) -> Option<&'a str> {
        in_force.iter().copied().max_by_key(|g| {
            self.agrs
                .get(g)
                .and_then(|ag| ag.expires)
                .map_or((1, Date::default()), |d| (0, d))
        })
    }

    /// Whether `processor` processes for `controller` under an in-force
    /// processing contract, directly or through a sub-processing chain.
    /// Returns (covered, candidates, evidence).
    fn processing_cover(
        &self,
        controller: &'a str,
        processor: &'a str,
        activity: Option<&str>,
    ) -> (bool, Vec<String>, Vec<String>) {
        let mut candidates = BTreeSet::new();
        let mut evidence: Option<Vec<String>> = None;
        for g in self.between(controller, processor) {
            let Some(a) = self.agrs.get(g) else { continue };
            if !is_processing(a.spec.agreement_type) || !a.covers(activity) {
                continue;
            }
            if a.role(controller).is_some_and(is_controller_role)
                && a.role(processor) == Some(PartyRole::Processor)
            {
                candidates.insert(g.to_owned());
                if evidence.is_none() && a.in_force_for(&[controller, processor]) {
                    evidence = Some(vec![g.to_owned()]);
                }
            }
        }
        // Sub-processing: controller ↔ X (Processor), X (Processor) ↔ processor (SubProcessor).
        let subs: &[&str] = self.as_sub.get(processor).map_or(&[], Vec::as_slice);
        for &g2 in subs {
            let Some(a2) = self.agrs.get(g2) else {
                continue;
            };
            if !is_processing(a2.spec.agreement_type)
                || !a2.covers(activity)
                || a2.role(processor) != Some(PartyRole::SubProcessor)
            {
                continue;
            }
            let mut middles: Vec<&str> = a2
                .roles
                .iter()
                .filter(|(o, r)| *r == PartyRole::Processor && *o != controller)
                .map(|(o, _)| *o)
                .collect();
            middles.sort_unstable();
            middles.dedup();
            let a2_ok = |x: &str| a2.in_force_for(&[x, processor]);
            for x in middles {
                let x2 = a2_ok(x);
                for g1 in self.between(controller, x) {
                    let Some(a1) = self.agrs.get(g1) else {
                        continue;
                    };
                    if !is_processing(a1.spec.agreement_type)
                        || !a1.covers(activity)
                        || !a1.role(controller).is_some_and(is_controller_role)
                        || a1.role(x) != Some(PartyRole::Processor)
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
        let covered = evidence.is_some();
        (
            covered,
            candidates.into_iter().collect(),
            evidence.unwrap_or_default(),
        )
    }

    /// [`Self::processing_cover`] for each of `controllers`.
    fn cover_for_each(
        &self,
        controllers: &'a [String],
        processor: &'a str,
        activity: Option<&str>,
    ) -> Cover {
        let mut candidates = BTreeSet::new();
        let mut evidence = Vec::new();
        let mut gaps = Vec::new();
        for c in controllers {
            let (covered, cands, found) = self.processing_cover(c.as_str(), processor, activity);
            candidates.extend(cands);
            if covered {
                evidence.extend(found);
            } else {
                gaps.push(c.clone());
            }
        }
        Cover {
            candidates: candidates.into_iter().collect(),
            evidence,
            gaps,
        }
    }

    /// Derive every fact of the namespace.
    #[must_use]
    pub fn derive(self) -> Facts {
        let ns = self.ns;
        let mut facts = Facts::default();
        // Agreements some flow, processing chain or neighbour link depends on.
        let mut relied_on: FastSet<String> = FastSet::default();

        // Indexes.
        for (name, a) in &ns.agreements {
            push_to(
                &mut facts.agreements_by_type,
                a.spec.agreement_type.as_str(),
                name.clone(),
            );
            for act in &a.spec.activities {
                push_to(&mut facts.agreements_by_activity, act.clone(), name.clone());
                if ns.activities.contains_key(act) {
                    relied_on.insert(name.clone());
                }
            }
        }
        for (name, b) in &ns.access_bindings {
            push_to(
                &mut facts.bindings_by_activity,
                b.spec.activity.clone(),
                name.clone(),
            );
            push_to(
                &mut facts.bindings_by_role,
                b.spec.role.clone(),
                name.clone(),
            );
            push_to(
                &mut facts.bindings_by_store,
                b.spec.data_store.clone(),
                name.clone(),
            );
        }
        for (name, n) in &ns.notices {
            push_to(
                &mut facts.notices_by_controller,
                n.spec.controller.clone(),
                name.clone(),
            );
            for act in &n.spec.activities {
                push_to(&mut facts.notices_by_activity, act.clone(), name.clone());
            }
        }
        for (name, a) in &ns.activities {
            for s in &a.spec.sources {
                push_to(&mut facts.activities_by_store, s.clone(), name.clone());
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

        // Stores, activities and organisations are independent of each other:
        // derived on all cores, then merged in name order.
        let this = &self;
        let indexes = &facts;
        let ((stores, activities), organisations) = rayon::join(
            || {
                rayon::join(
                    || {
                        ns.data_stores
                            .par_iter()
                            .map(|(name, s)| this.store_facts(name, s))
                            .collect::<Vec<_>>()
                    },
                    || {
                        ns.activities
                            .par_iter()
                            .map(|(name, a)| this.activity_facts(indexes, name, a))
                            .collect::<Vec<_>>()
                    },
                )
            },
            || organisation_facts(ns, self.today),
        );
        // Maps are collected in name order, which builds them densely.
        facts.data_stores = stores
            .into_iter()
            .map(|(name, sf, relied)| {
                relied_on.extend(relied);
                (name.to_owned(), sf)
            })
            .collect();
        facts.activities = activities
            .into_iter()
            .map(|out| {
                relied_on.extend(out.relied);
                for (key, relied) in out.covered {
                    facts.covered_flows.insert(key, relied);
                }
                for flow in out.flows {
                    push_to(
                        &mut facts.flows_by_activity,
                        flow.activity.clone(),
                        facts.flows.len(),
                    );
                    facts.flows.push(flow);
                }
                (out.name.to_owned(), out.facts)
            })
            .collect();
        facts.organisations = organisations;

        // Agreements, once every reliance is known.
        let relied_on = &relied_on;
        facts.agreements = ns
            .agreements
            .par_iter()
            .filter_map(|(name, _)| {
                let a = this.agrs.get(name.as_str())?;
                Some((
                    name.clone(),
                    this.agreement_facts(a, relied_on.contains(name)),
                ))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        for (name, a) in &facts.agreements {
            push_to(
                &mut facts.agreements_by_state,
                a.state.as_str(),
                name.clone(),
            );
        }
        facts
    }

    fn store_facts(
        &self,
        name: &'a str,
        s: &'a crate::catalog::Resource<caregov_crds::DataStoreSpec>,
    ) -> (&'a str, StoreFacts, Vec<String>) {
        let ns = self.ns;
        let mut relied = Vec::new();
        let mut sf = StoreFacts {
            personal: s.spec.data_forms.iter().any(|f| f.is_personal()),
            uk_location: matches!(s.spec.location.as_str(), "GB" | "UK"),
            ..StoreFacts::default()
        };
        let host = s.spec.host.as_str();
        if !s.spec.controllers.iter().any(|c| c == host) {
            let cover = self.cover_for_each(&s.spec.controllers, host, None);
            relied.extend(cover.candidates.iter().cloned());
            sf.host_candidates = cover.candidates;
            sf.host_evidence = cover.evidence;
            sf.host_gaps = cover.gaps;
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
                    for g in self.between(c1.as_str(), c2.as_str()) {
                        let Some(a) = self.agrs.get(g) else { continue };
                        if !is_sharing(a.spec.agreement_type)
                            || !a.role(c1.as_str()).is_some_and(is_controller_role)
                            || !a.role(c2.as_str()).is_some_and(is_controller_role)
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
            relied.extend(candidates.iter().cloned());
            sf.neighbour_links.push(NeighbourLink {
                neighbour: n.clone(),
                covered,
                candidates: candidates.into_iter().collect(),
            });
        }
        (name, sf, relied)
    }

    fn activity_facts(
        &self,
        indexes: &Facts,
        name: &'a str,
        a: &'a crate::catalog::Resource<caregov_crds::ProcessingActivitySpec>,
    ) -> ActivityOut<'a> {
        let ns = self.ns;
        let spec = &a.spec;
        let mut out = ActivityOut {
            name,
            facts: ActivityFacts::default(),
            relied: Vec::new(),
            covered: Vec::new(),
            flows: Vec::new(),
        };
        let af = &mut out.facts;
        af.personal = spec.data_form.is_personal();
        af.secondary_use = spec.purpose.is_secondary_use();
        af.agreements = indexes
            .agreements_by_activity
            .get(name)
            .cloned()
            .unwrap_or_default();
        let performer = spec.performed_by.as_str();
        if !spec.controllers.iter().any(|c| c == performer) {
            let cover = self.cover_for_each(&spec.controllers, performer, Some(name));
            out.relied.extend(cover.candidates.iter().cloned());
            af.processor_candidates = cover.candidates;
            af.processor_evidence = cover.evidence;
            af.processor_gaps = cover.gaps;
        }
        let mut controller_sets: BTreeSet<Vec<&str>> = BTreeSet::new();
        let mut relied: FastSet<&'a str> = FastSet::default();
        let mut covered: BTreeMap<&'a str, BTreeSet<&'a str>> = BTreeMap::new();
        for source in &spec.sources {
            let Some(store) = ns.data_stores.get(source) else {
                continue;
            };
            let mut set: Vec<&str> = store.spec.controllers.iter().map(String::as_str).collect();
            set.sort_unstable();
            controller_sets.insert(set);
            if !spec.data_form.is_personal() {
                continue;
            }
            for from in &store.spec.controllers {
                if spec.controllers.contains(from) {
                    continue;
                }
                for to in &spec.controllers {
                    let mut candidates: Vec<&'a str> = Vec::new();
                    let mut in_force: Vec<&'a str> = Vec::new();
                    for g in self.between(from.as_str(), to.as_str()) {
                        let Some(ag) = self.agrs.get(g) else { continue };
                        if !is_sharing(ag.spec.agreement_type)
                            || ag.covers.is_none()
                            || !ag.covers(Some(name))
                            || !ag.role(from.as_str()).is_some_and(is_controller_role)
                            || !ag.role(to.as_str()).is_some_and(is_controller_role)
                        {
                            continue;
                        }
                        candidates.push(g);
                        if ag.in_force_for(&[from.as_str(), to.as_str()]) {
                            in_force.push(g);
                        }
                    }
                    candidates.sort_unstable();
                    in_force.sort_unstable();
                    relied.extend(candidates.iter().copied());
                    if let Some(best) = self.longest_lasting(&in_force) {
                        // Covered: only what it relies on is kept, for the access plan.
                        covered.entry(source.as_str()).or_default().insert(best);
                        continue;
                    }
                    let owned = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect();
                    out.flows.push(Flow {
                        from: from.clone(),
                        to: to.clone(),
                        activity: name.to_owned(),
                        store: source.clone(),
                        data_form: spec.data_form,
                        candidates: owned(candidates),
                        in_force: owned(in_force),
                    });
                }
            }
        }
        // Many flows share their agreements: each name is kept once.
        out.relied.extend(relied.into_iter().map(str::to_owned));
        out.covered = covered
            .into_iter()
            .map(|(store, agreements)| {
                let relied_on = agreements.into_iter().map(str::to_owned).collect();
                ((name.to_owned(), store.to_owned()), relied_on)
            })
            .collect();
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
            let listed = indexes
                .notices_by_controller
                .get(c)
                .is_some_and(|ns_names| {
                    ns_names.iter().any(|n| {
                        ns.notices
                            .get(n)
                            .is_some_and(|t| t.spec.activities.iter().any(|x| x == name))
                    })
                });
            af.notices.push((c.clone(), listed));
        }
        af.notices = into_sorted_pairs(std::mem::take(&mut af.notices));
        out
    }

    fn agreement_facts(&self, a: &Agr<'a>, relied_on: bool) -> AgreementFacts {
        let ns = self.ns;
        let today = self.today;
        let spec = a.spec;
        // The parties that satisfy `keep`, sorted.
        let parties_where = |keep: &dyn Fn(&caregov_crds::Party) -> bool| -> Vec<String> {
            let mut v: Vec<String> = spec
                .parties
                .iter()
                .filter(|p| keep(p))
                .map(|p| p.organisation.clone())
                .collect();
            v.sort();
            v
        };
        let unsigned = parties_where(&|p| !a.has_signed(&p.organisation));
        let signed = into_sorted_pairs(
            spec.parties
                .iter()
                .filter(|p| a.has_signed(&p.organisation))
                .map(|p| (p.organisation.clone(), p.role))
                .collect(),
        );
        AgreementFacts {
            state: a.state,
            in_force: a.state == AgreementState::InForce,
            signed,
            unsigned,
            days_to_expiry: a.expires.map(|d| date::days_between(today, d)),
            review_overdue: spec
                .review_due
                .as_deref()
                .and_then(date::parse)
                .is_some_and(|d| d < today),
            relied_on,
            activities_missing: spec
                .activities
                .iter()
                .filter(|x| !ns.activities.contains_key(*x))
                .cloned()
                .collect(),
        }
    }
}

/// How a processor is covered for a list of controllers.
struct Cover {
    /// Every processing contract (or chain) that could cover it, sorted.
    candidates: Vec<String>,
    /// The in-force agreements of the controllers it is covered for.
    evidence: Vec<String>,
    /// The controllers it is not covered for.
    gaps: Vec<String>,
}

/// What one activity contributes to the namespace's facts.
struct ActivityOut<'a> {
    name: &'a str,
    facts: ActivityFacts,
    relied: Vec<String>,
    /// (activity, store) and the agreements its covered flows rely on.
    covered: Vec<((String, String), Vec<String>)>,
    flows: Vec<Flow>,
}

/// When the agreement of that name expires (`None`: open-ended, or no
/// such agreement).
#[must_use]
pub fn expiry_of(ns: &Namespace, agreement: &str) -> Option<Date> {
    expires(&ns.agreements.get(agreement)?.spec)
}

/// Add `value` to the list under `key` of an index.
fn push_to<K: Ord, V>(index: &mut BTreeMap<K, Vec<V>>, key: K, value: V) {
    index.entry(key).or_default().push(value);
}

/// A hash set with the fast hasher of [`FastMap`].
pub type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// Facts of each organisation: what it takes part in and how.
fn organisation_facts(ns: &Namespace, today: Date) -> BTreeMap<String, OrganisationFacts> {
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
    // Collected in name order, so the map is built densely.
    let mut organisations: BTreeMap<String, OrganisationFacts> = ns
        .organisations
        .iter()
        .map(|(name, o)| {
            let dspt = o.spec.dspt.as_ref();
            let facts = OrganisationFacts {
                functions: effective_functions(&o.spec),
                public_body: o.spec.type_.is_public_body(),
                dspt_rank: dspt.map_or(0, |d| d.status.rank()),
                dspt_lapsed: dspt
                    .and_then(|d| d.published_on.as_deref())
                    .and_then(date::parse)
                    .is_some_and(|p| date::dspt_lapsed(p, today)),
                member: members.contains(name.as_str()),
                ..OrganisationFacts::default()
            };
            (name.clone(), facts)
        })
        .collect();
    let org = |orgs: &mut BTreeMap<String, OrganisationFacts>,
               name: &str,
               f: &mut dyn FnMut(&mut OrganisationFacts)| {
        if let Some(o) = orgs.get_mut(name) {
            f(o);
        }
    };
    let mut direct_refs: BTreeSet<String> = BTreeSet::new();
    for (name, a) in &ns.activities {
        let personal = a.spec.data_form.is_personal();
        org(&mut organisations, &a.spec.performed_by, &mut |o| {
            o.activities_performed.push(name.clone());
            o.participates = true;
            o.receives_personal_data |= personal;
            o.health_or_care_processing |= personal;
        });
        direct_refs.insert(a.spec.performed_by.clone());
        for c in &a.spec.controllers {
            org(&mut organisations, c, &mut |o| {
                o.activities_controlled.push(name.clone());
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
        org(&mut organisations, &s.spec.host, &mut |o| {
            o.stores_hosted.push(name.clone());
            o.participates = true;
            o.receives_personal_data |= personal;
        });
        for c in &s.spec.controllers {
            org(&mut organisations, c, &mut |o| {
                o.stores_controlled.push(name.clone());
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
            org(&mut organisations, &p.organisation, &mut |o| {
                o.agreements.push(name.clone());
                o.participates = true;
            });
        }
    }
    for b in ns.access_bindings.values() {
        let personal = ns
            .data_stores
            .get(&b.spec.data_store)
            .is_some_and(|s| s.spec.data_forms.iter().any(|f| f.is_personal()));
        org(&mut organisations, &b.spec.organisation, &mut |o| {
            o.participates = true;
            o.receives_personal_data |= personal;
        });
        direct_refs.insert(b.spec.organisation.clone());
    }
    for (name, n) in &ns.notices {
        org(&mut organisations, &n.spec.controller, &mut |o| {
            o.notices.push(name.clone());
            o.notice_covers
                .extend(n.spec.covers.iter().map(|c| format!("{c:?}")));
        });
        direct_refs.insert(n.spec.controller.clone());
    }
    for (name, o) in &mut organisations {
        for list in [
            &mut o.activities_controlled,
            &mut o.activities_performed,
            &mut o.stores_controlled,
            &mut o.stores_hosted,
            &mut o.agreements,
            &mut o.notices,
            &mut o.notice_covers,
        ] {
            list.sort_unstable();
            list.dedup();
            list.shrink_to_fit();
        }
        o.in_neighbour_only = !direct_refs.contains(name)
            && (!o.stores_controlled.is_empty() || !o.stores_hosted.is_empty());
    }
    organisations
}
