//! The catalog: typed resources indexed by namespace, kind and name, with
//! references resolved (CG001), duplicates found (CG003) and the structural
//! organisation checks (CG004, CG005).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use caregov_crds::{
    AccessBindingSpec, AccessRoleSpec, AgreementSpec, CareSystemSpec, DataStoreSpec,
    LawfulBasisSpec, OrganisationSpec, OrganisationType, ProcessingActivitySpec,
    TransparencyNoticeSpec,
};
use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::finding::{Finding, Location, ResourceRef, Severity};
use crate::load::{Document, LoadOutput, SourceFile};
use crate::spans::{PathSeg, field_path_string};

/// A resource of one kind with its metadata and typed spec.
#[derive(Debug, Clone)]
pub struct Resource<S> {
    pub name: String,
    pub namespace: String,
    pub annotations: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
    /// `metadata.generation` (from a cluster; `None` for files).
    pub generation: Option<i64>,
    /// Index into [`Catalog::documents`] when read from a file.
    pub doc: Option<usize>,
    pub spec: S,
}

/// The resources of one kind in a namespace, by name. Each resource is
/// boxed where it is typed (on the loader's threads) and moved here by
/// pointer: no copy of it is made, and the map's nodes stay small.
pub type Kind<S> = BTreeMap<String, Box<Resource<S>>>;

/// Everything in one namespace.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    pub name: String,
    pub care_systems: Kind<CareSystemSpec>,
    pub organisations: Kind<OrganisationSpec>,
    pub data_stores: Kind<DataStoreSpec>,
    pub activities: Kind<ProcessingActivitySpec>,
    pub lawful_bases: Kind<LawfulBasisSpec>,
    pub agreements: Kind<AgreementSpec>,
    pub access_roles: Kind<AccessRoleSpec>,
    pub access_bindings: Kind<AccessBindingSpec>,
    pub notices: Kind<TransparencyNoticeSpec>,
    /// Names of documents that exist but failed schema validation, by kind:
    /// references to them are not dangling (CG002 already said what is wrong).
    pub invalid: BTreeSet<(String, String)>,
}

impl Namespace {
    /// How many typed resources the namespace holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.care_systems.len()
            + self.organisations.len()
            + self.data_stores.len()
            + self.activities.len()
            + self.lawful_bases.len()
            + self.agreements.len()
            + self.access_roles.len()
            + self.access_bindings.len()
            + self.notices.len()
    }

    /// Whether the namespace holds nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rebuild the kinds' maps densely once every resource is in (a
    /// `BTreeMap` filled one insert at a time in key order leaves its nodes
    /// about half full; rebuilt from its sorted entries, they are full).
    fn pack(&mut self) {
        fn dense<V>(map: &mut BTreeMap<String, V>) {
            *map = std::mem::take(map).into_iter().collect();
        }
        dense(&mut self.care_systems);
        dense(&mut self.organisations);
        dense(&mut self.data_stores);
        dense(&mut self.activities);
        dense(&mut self.lawful_bases);
        dense(&mut self.agreements);
        dense(&mut self.access_roles);
        dense(&mut self.access_bindings);
        dense(&mut self.notices);
    }

    /// The document index of a resource, for mapping findings to spans.
    #[must_use]
    pub fn doc_of(&self, kind: &str, name: &str) -> Option<usize> {
        match kind {
            "CareSystem" => self.care_systems.get(name)?.doc,
            "Organisation" => self.organisations.get(name)?.doc,
            "DataStore" => self.data_stores.get(name)?.doc,
            "ProcessingActivity" => self.activities.get(name)?.doc,
            "LawfulBasis" => self.lawful_bases.get(name)?.doc,
            "Agreement" => self.agreements.get(name)?.doc,
            "AccessRole" => self.access_roles.get(name)?.doc,
            "AccessBinding" => self.access_bindings.get(name)?.doc,
            "TransparencyNotice" => self.notices.get(name)?.doc,
            _ => None,
        }
    }

    /// The annotations of a resource.
    #[must_use]
    pub fn annotations_of(&self, kind: &str, name: &str) -> Option<&BTreeMap<String, String>> {
        match kind {
            "CareSystem" => Some(&self.care_systems.get(name)?.annotations),
            "Organisation" => Some(&self.organisations.get(name)?.annotations),
            "DataStore" => Some(&self.data_stores.get(name)?.annotations),
            "ProcessingActivity" => Some(&self.activities.get(name)?.annotations),
            "LawfulBasis" => Some(&self.lawful_bases.get(name)?.annotations),
            "Agreement" => Some(&self.agreements.get(name)?.annotations),
            "AccessRole" => Some(&self.access_roles.get(name)?.annotations),
            "AccessBinding" => Some(&self.access_bindings.get(name)?.annotations),
            "TransparencyNotice" => Some(&self.notices.get(name)?.annotations),
            _ => None,
        }
    }

    fn exists(&self, kind: &str, name: &str) -> bool {
        let typed = match kind {
            "Organisation" => self.organisations.contains_key(name),
            "DataStore" => self.data_stores.contains_key(name),
            "ProcessingActivity" => self.activities.contains_key(name),
            "LawfulBasis" => self.lawful_bases.contains_key(name),
            "AccessRole" => self.access_roles.contains_key(name),
            _ => false,
        };
        typed || self.invalid.contains(&(kind.to_owned(), name.to_owned()))
    }

    fn names_of(&self, kind: &str) -> Vec<&str> {
        let keys: Vec<&str> = match kind {
            "Organisation" => self.organisations.keys().map(String::as_str).collect(),
            "DataStore" => self.data_stores.keys().map(String::as_str).collect(),
            "ProcessingActivity" => self.activities.keys().map(String::as_str).collect(),
            "LawfulBasis" => self.lawful_bases.keys().map(String::as_str).collect(),
            "AccessRole" => self.access_roles.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        keys
    }
}

/// Typed resources of every namespace, plus where they came from.
#[derive(Debug, Default)]
pub struct Catalog {
    pub namespaces: BTreeMap<String, Namespace>,
    pub files: Vec<SourceFile>,
    pub documents: Vec<Document>,
}

impl Catalog {
    /// How many typed resources the catalog holds.
    #[must_use]
    pub fn resource_count(&self) -> usize {
        self.namespaces.values().map(Namespace::len).sum()
    }

    /// Where `path` of a resource is in its file; `None` for objects not read from a file.
    #[must_use]
    pub fn locate(
        &self,
        namespace: &str,
        kind: &str,
        name: &str,
        path: &[PathSeg],
    ) -> Option<Location> {
        let doc = self.namespaces.get(namespace)?.doc_of(kind, name)?;
        let document = self.documents.get(doc)?;
        Some(document.locate(&self.files, path))
    }

    /// Build a finding on a resource, located by its field path.
    #[must_use]
    pub fn finding(
        &self,
        rule: &str,
        severity: Severity,
        resource: ResourceRef,
        path: &[PathSeg],
        message: String,
        help: String,
    ) -> Finding {
        let location = self.locate(&resource.namespace, &resource.kind, &resource.name, path);
        Finding {
            rule: rule.to_owned(),
            severity,
            resource: Some(resource),
            field: field_path_string(path),
            message,
            help,
            location,
        }
    }
}

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_owned())
}

fn idx(i: usize) -> PathSeg {
    PathSeg::Index(i)
}

fn string_map(value: Option<&serde_json::Value>) -> BTreeMap<String, String> {
    value
        .and_then(serde_json::Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

fn typed<S: DeserializeOwned>(
    doc: &Document,
    index: Option<usize>,
    spec_value: serde_json::Value,
) -> Result<Box<Resource<S>>, String> {
    let spec: S = serde_json::from_value(spec_value).map_err(|e| e.to_string())?;
    let metadata = doc.value.get("metadata");
    Ok(Box::new(Resource {
        name: doc.name.clone(),
        namespace: doc.namespace.clone(),
        annotations: string_map(metadata.and_then(|m| m.get("annotations"))),
        labels: string_map(metadata.and_then(|m| m.get("labels"))),
        generation: metadata
            .and_then(|m| m.get("generation"))
            .and_then(serde_json::Value::as_i64),
        doc: index,
        spec,
    }))
}

/// A typed resource of any kind (`Other` for kinds the catalog does not hold).
#[derive(Debug, Clone)]
pub enum TypedResource {
    CareSystem(Box<Resource<CareSystemSpec>>),
    Organisation(Box<Resource<OrganisationSpec>>),
    DataStore(Box<Resource<DataStoreSpec>>),
    Activity(Box<Resource<ProcessingActivitySpec>>),
    LawfulBasis(Box<Resource<LawfulBasisSpec>>),
    Agreement(Box<Resource<AgreementSpec>>),
    AccessRole(Box<Resource<AccessRoleSpec>>),
    AccessBinding(Box<Resource<AccessBindingSpec>>),
    Notice(Box<Resource<TransparencyNoticeSpec>>),
    Other,
}

impl TypedResource {
    /// Type a checked document (the loader does it as it reads). The spec's
    /// JSON is taken from the document unless `keep_json`.
    pub(crate) fn of(doc: &mut Document, keep_json: bool) -> Result<Self, String> {
        let spec = match doc.value.get_mut("spec") {
            Some(v) if keep_json => v.clone(),
            Some(v) => v.take(),
            None => serde_json::Value::Null,
        };
        Self::typed(doc, None, spec)
    }

    fn set_doc(&mut self, index: usize) {
        match self {
            Self::CareSystem(r) => r.doc = Some(index),
            Self::Organisation(r) => r.doc = Some(index),
            Self::DataStore(r) => r.doc = Some(index),
            Self::Activity(r) => r.doc = Some(index),
            Self::LawfulBasis(r) => r.doc = Some(index),
            Self::Agreement(r) => r.doc = Some(index),
            Self::AccessRole(r) => r.doc = Some(index),
            Self::AccessBinding(r) => r.doc = Some(index),
            Self::Notice(r) => r.doc = Some(index),
            Self::Other => {}
        }
    }

    /// Put it in its kind's map of `ns` (CG003 for a duplicate name).
    fn insert_into(self, ns: &mut Namespace, out: &mut Inserting<'_>) {
        match self {
            Self::CareSystem(r) => out.insert(&mut ns.care_systems, r, "CareSystem"),
            Self::Organisation(r) => out.insert(&mut ns.organisations, r, "Organisation"),
            Self::DataStore(r) => out.insert(&mut ns.data_stores, r, "DataStore"),
            Self::Activity(r) => out.insert(&mut ns.activities, r, "ProcessingActivity"),
            Self::LawfulBasis(r) => out.insert(&mut ns.lawful_bases, r, "LawfulBasis"),
            Self::Agreement(r) => out.insert(&mut ns.agreements, r, "Agreement"),
            Self::AccessRole(r) => out.insert(&mut ns.access_roles, r, "AccessRole"),
            Self::AccessBinding(r) => out.insert(&mut ns.access_bindings, r, "AccessBinding"),
            Self::Notice(r) => out.insert(&mut ns.notices, r, "TransparencyNotice"),
            Self::Other => {}
        }
    }

    fn typed(
        doc: &Document,
        index: Option<usize>,
        spec: serde_json::Value,
    ) -> Result<Self, String> {
        Ok(match doc.kind.as_str() {
            "CareSystem" => Self::CareSystem(typed(doc, index, spec)?),
            "Organisation" => Self::Organisation(typed(doc, index, spec)?),
            "DataStore" => Self::DataStore(typed(doc, index, spec)?),
            "ProcessingActivity" => Self::Activity(typed(doc, index, spec)?),
            "LawfulBasis" => Self::LawfulBasis(typed(doc, index, spec)?),
            "Agreement" => Self::Agreement(typed(doc, index, spec)?),
            "AccessRole" => Self::AccessRole(typed(doc, index, spec)?),
            "AccessBinding" => Self::AccessBinding(typed(doc, index, spec)?),
            "TransparencyNotice" => Self::Notice(typed(doc, index, spec)?),
            _ => Self::Other,
        })
    }
}

/// Where typed resources come from, and the findings of putting them in place.
struct Inserting<'a> {
    documents: &'a [Document],
    files: &'a [SourceFile],
    findings: &'a mut Vec<Finding>,
}

impl Inserting<'_> {
    /// Insert a resource, reporting a duplicate name (CG003) instead of overwriting.
    fn insert<S>(&mut self, map: &mut Kind<S>, resource: Box<Resource<S>>, kind: &str) {
        if let Some(first) = map.get(&resource.name) {
            let first_at = first
                .doc
                .and_then(|d| self.documents.get(d))
                .map(|d| {
                    let l = d.locate(self.files, &[key("metadata"), key("name")]);
                    format!("{}:{}:{}", l.file, l.line, l.column)
                })
                .unwrap_or_else(|| "elsewhere".to_owned());
            let location = resource
                .doc
                .and_then(|d| self.documents.get(d))
                .map(|d| d.locate(self.files, &[key("metadata"), key("name")]));
            self.findings.push(Finding {
                rule: "CG003".to_owned(),
                severity: Severity::Error,
                resource: Some(ResourceRef {
                    kind: kind.to_owned(),
                    name: resource.name.clone(),
                    namespace: resource.namespace.clone(),
                }),
                field: "metadata.name".to_owned(),
                message: format!(
                    "{kind} {:?} is declared twice in namespace {:?}; the first is at {first_at}",
                    resource.name, resource.namespace
                ),
                help:
                    "rename one of them, or delete the copy; only the first declaration is checked"
                        .to_owned(),
                location,
            });
            return;
        }
        map.insert(resource.name.clone(), resource);
    }
}

/// Build the catalog from loaded documents. Returns CG001–CG005 findings.
#[must_use]
pub fn build(loaded: LoadOutput) -> (Catalog, Vec<Finding>) {
    let (catalog, mut findings) = assemble(loaded);
    findings.extend(check(&catalog));
    (catalog, findings)
}

/// Index the loaded documents by namespace, kind and name, without the
/// cross-resource checks of [`check`] (the lint runs those while it
/// evaluates the rules).
#[must_use]
pub fn assemble(loaded: LoadOutput) -> (Catalog, Vec<Finding>) {
    let LoadOutput {
        files,
        mut documents,
        findings: _,
    } = loaded;
    // The loader typed each valid document; type any that came without
    // (documents built by hand) here, on all cores.
    let typed_docs: Vec<Option<Result<TypedResource, String>>> = documents
        .par_iter_mut()
        .enumerate()
        .map(|(index, doc)| {
            if !doc.valid {
                return None;
            }
            let mut typed = doc
                .typed
                .take()
                .unwrap_or_else(|| TypedResource::of(doc, false));
            if let Ok(r) = &mut typed {
                r.set_doc(index);
            }
            Some(typed)
        })
        .collect();
    let mut findings = Vec::new();
    let mut namespaces: BTreeMap<String, Namespace> = BTreeMap::new();

    for (doc, typed_doc) in documents.iter().zip(typed_docs) {
        let ns = namespaces
            .entry(doc.namespace.clone())
            .or_insert_with(|| Namespace {
                name: doc.namespace.clone(),
                ..Namespace::default()
            });
        let Some(typed_doc) = typed_doc else {
            ns.invalid.insert((doc.kind.clone(), doc.name.clone()));
            continue;
        };
        match typed_doc {
            Ok(r) => r.insert_into(
                ns,
                &mut Inserting {
                    documents: &documents,
                    files: &files,
                    findings: &mut findings,
                },
            ),
            Err(message) => {
                // The schema accepted it but the typed spec did not: report, never panic.
                ns.invalid.insert((doc.kind.clone(), doc.name.clone()));
                findings.push(Finding {
                    rule: "CG002".to_owned(),
                    severity: Severity::Error,
                    resource: Some(ResourceRef {
                        kind: doc.kind.clone(),
                        name: doc.name.clone(),
                        namespace: doc.namespace.clone(),
                    }),
                    field: "spec".to_owned(),
                    message: format!("spec does not match the {} type: {message}", doc.kind),
                    help:
                        "correct the field named in the message; `kubectl explain` shows the schema"
                            .to_owned(),
                    location: Some(doc.locate(&files, &[key("spec")])),
                });
            }
        }
    }

    for ns in namespaces.values_mut() {
        ns.pack();
    }

    // The typed resources are in place: the documents' JSON is not needed.
    for d in &mut documents {
        d.value = serde_json::Value::Null;
    }
    let catalog = Catalog {
        namespaces,
        files,
        documents,
    };
    (catalog, findings)
}

/// The checks across resources: dangling references (CG001), ODS codes and
/// care-system membership.
#[must_use]
pub fn check(catalog: &Catalog) -> Vec<Finding> {
    let mut findings = Vec::new();
    for ns in catalog.namespaces.values() {
        check_references(catalog, ns, &mut findings);
        check_ods_codes(catalog, ns, &mut findings);
        check_membership(catalog, ns, &mut findings);
    }
    findings
}

/// Build a catalog from typed resources (the operator's path: no files).
#[must_use]
pub fn from_namespaces(namespaces: BTreeMap<String, Namespace>) -> (Catalog, Vec<Finding>) {
    let catalog = Catalog {
        namespaces,
        files: Vec::new(),
        documents: Vec::new(),
    };
    let findings = check(&catalog);
    (catalog, findings)
}

/// Where a reference is held: `keys`, then an optional list index, then
/// `tail` (built into segments only for a dangling reference).
struct RefPath {
    keys: &'static [&'static str],
    index: Option<usize>,
    tail: &'static [&'static str],
}

impl RefPath {
    fn segments(&self) -> Vec<PathSeg> {
        let mut out: Vec<PathSeg> = self.keys.iter().map(|k| key(k)).collect();
        out.extend(self.index.map(idx));
        out.extend(self.tail.iter().map(|k| key(k)));
        out
    }
}

/// One reference from a resource to another.
struct Ref<'a> {
    from_kind: &'static str,
    from_name: &'a str,
    path: RefPath,
    to_kind: &'static str,
    to_name: &'a str,
}

fn references(ns: &Namespace) -> Vec<Ref<'_>> {
    let mut refs = Vec::new();
    let mut push = |from_kind, from_name, path: RefPath, to_kind, to_name| {
        refs.push(Ref {
            from_kind,
            from_name,
            path,
            to_kind,
            to_name,
        });
    };
    for (n, r) in &ns.care_systems {
        push(
            "CareSystem",
            n,
            RefPath {
                keys: &["spec", "integratedCareBoard"],
                index: None,
                tail: &[],
            },
            "Organisation",
            &r.spec.integrated_care_board,
        );
        for (i, m) in r.spec.members.iter().enumerate() {
            push(
                "CareSystem",
                n,
                RefPath {
                    keys: &["spec", "members"],
                    index: Some(i),
                    tail: &[],
                },
                "Organisation",
                m,
            );
        }
    }
    for (n, r) in &ns.data_stores {
        push(
            "DataStore",
            n,
            RefPath {
                keys: &["spec", "host"],
                index: None,
                tail: &[],
            },
            "Organisation",
            &r.spec.host,
        );
        for (i, c) in r.spec.controllers.iter().enumerate() {
            push(
                "DataStore",
                n,
                RefPath {
                    keys: &["spec", "controllers"],
                    index: Some(i),
                    tail: &[],
                },
                "Organisation",
                c,
            );
        }
        for (i, s) in r.spec.neighbours.iter().enumerate() {
            push(
                "DataStore",
                n,
                RefPath {
                    keys: &["spec", "neighbours"],
                    index: Some(i),
                    tail: &[],
                },
                "DataStore",
                s,
            );
        }
    }
    for (n, r) in &ns.activities {
        push(
            "ProcessingActivity",
            n,
            RefPath {
                keys: &["spec", "performedBy"],
                index: None,
                tail: &[],
            },
            "Organisation",
            &r.spec.performed_by,
        );
        for (i, c) in r.spec.controllers.iter().enumerate() {
            push(
                "ProcessingActivity",
                n,
                RefPath {
                    keys: &["spec", "controllers"],
                    index: Some(i),
                    tail: &[],
                },
                "Organisation",
                c,
            );
        }
        for (i, s) in r.spec.sources.iter().enumerate() {
            push(
                "ProcessingActivity",
                n,
                RefPath {
                    keys: &["spec", "sources"],
                    index: Some(i),
                    tail: &[],
                },
                "DataStore",
                s,
            );
        }
        if let Some(lb) = &r.spec.lawful_basis {
            push(
                "ProcessingActivity",
                n,
                RefPath {
                    keys: &["spec", "lawfulBasis"],
                    index: None,
                    tail: &[],
                },
                "LawfulBasis",
                lb,
            );
        }
        if let Some(d) = &r.spec.delegation {
            push(
                "ProcessingActivity",
                n,
                RefPath {
                    keys: &["spec", "delegation", "from"],
                    index: None,
                    tail: &[],
                },
                "Organisation",
                &d.from,
            );
        }
    }
    for (n, r) in &ns.agreements {
        for (i, p) in r.spec.parties.iter().enumerate() {
            push(
                "Agreement",
                n,
                RefPath {
                    keys: &["spec", "parties"],
                    index: Some(i),
                    tail: &["organisation"],
                },
                "Organisation",
                &p.organisation,
            );
        }
        for (i, a) in r.spec.activities.iter().enumerate() {
            push(
                "Agreement",
                n,
                RefPath {
                    keys: &["spec", "activities"],
                    index: Some(i),
                    tail: &[],
                },
                "ProcessingActivity",
                a,
            );
        }
    }
    for (n, r) in &ns.access_bindings {
        push(
            "AccessBinding",
            n,
            RefPath {
                keys: &["spec", "role"],
                index: None,
                tail: &[],
            },
            "AccessRole",
            &r.spec.role,
        );
        push(
            "AccessBinding",
            n,
            RefPath {
                keys: &["spec", "organisation"],
                index: None,
                tail: &[],
            },
            "Organisation",
            &r.spec.organisation,
        );
        push(
            "AccessBinding",
            n,
            RefPath {
                keys: &["spec", "dataStore"],
                index: None,
                tail: &[],
            },
            "DataStore",
            &r.spec.data_store,
        );
        push(
            "AccessBinding",
            n,
            RefPath {
                keys: &["spec", "activity"],
                index: None,
                tail: &[],
            },
            "ProcessingActivity",
            &r.spec.activity,
        );
    }
    for (n, r) in &ns.notices {
        push(
            "TransparencyNotice",
            n,
            RefPath {
                keys: &["spec", "controller"],
                index: None,
                tail: &[],
            },
            "Organisation",
            &r.spec.controller,
        );
        for (i, a) in r.spec.activities.iter().enumerate() {
            push(
                "TransparencyNotice",
                n,
                RefPath {
                    keys: &["spec", "activities"],
                    index: Some(i),
                    tail: &[],
                },
                "ProcessingActivity",
                a,
            );
        }
    }
    refs
}

/// The closest existing name, if one is close enough to be a likely typo.
#[must_use]
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(wanted, c);
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

fn check_references(catalog: &Catalog, ns: &Namespace, findings: &mut Vec<Finding>) {
    let mut names_cache: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in references(ns) {
        if ns.exists(r.to_kind, r.to_name) {
            continue;
        }
        let names = names_cache
            .entry(r.to_kind)
            .or_insert_with(|| ns.names_of(r.to_kind));
        let help = match nearest(r.to_name, names.iter().copied()) {
            Some(n) => format!(
                "did you mean {n:?}? Otherwise create {} {:?} in namespace {:?}",
                r.to_kind, r.to_name, ns.name
            ),
            None => format!(
                "create {} {:?} in namespace {:?}, or correct the name",
                r.to_kind, r.to_name, ns.name
            ),
        };
        findings.push(catalog.finding(
            "CG001",
            Severity::Error,
            ResourceRef {
                kind: r.from_kind.to_owned(),
                name: r.from_name.to_owned(),
                namespace: ns.name.clone(),
            },
            &r.path.segments(),
            format!(
                "{} {:?} does not exist in namespace {:?}",
                r.to_kind, r.to_name, ns.name
            ),
            help,
        ));
    }
}

/// The usual ODS code shapes for a type (domain.md §12), and whether a code is required.
fn ods_shape(t: OrganisationType) -> (bool, &'static str, fn(&str) -> bool) {
    fn all(c: &str, f: fn(u8) -> bool) -> bool {
        c.bytes().all(f)
    }
    fn alnum(b: u8) -> bool {
        b.is_ascii_uppercase() || b.is_ascii_digit()
    }
    fn digit(b: u8) -> bool {
        b.is_ascii_digit()
    }
    match t {
        OrganisationType::IntegratedCareBoard => (
            true,
            "Q + 2 alphanumerics (e.g. QNQ), or a sub-ICB location code of 3 or 5 characters (e.g. 00L)",
            |c| {
                (c.len() == 3 && c.starts_with('Q') && all(c, alnum))
                    || ((c.len() == 3 || c.len() == 5)
                        && c.as_bytes().first().is_some_and(|b| b.is_ascii_digit())
                        && all(c, alnum))
            },
        ),
        OrganisationType::NhsTrust | OrganisationType::NhsFoundationTrust => (
            true,
            "3 characters starting R or T (e.g. RXH), or a 5-character site code (e.g. RJ122)",
            |c| {
                (c.len() == 3 || c.len() == 5)
                    && (c.starts_with('R') || c.starts_with('T'))
                    && all(c, alnum)
            },
        ),
        OrganisationType::GpPractice => {
            (true, "a letter followed by 5 digits (e.g. A81001)", |c| {
                c.len() == 6
                    && c.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
                    && all(&c[1..], digit)
            })
        }
        OrganisationType::PrimaryCareNetwork => {
            (true, "U followed by 5 digits (e.g. U12345)", |c| {
                c.len() == 6 && c.starts_with('U') && all(&c[1..], digit)
            })
        }
        OrganisationType::CommissioningSupportUnit => (
            true,
            "3 alphanumerics (usually starting 0, e.g. 0DF)",
            |c| c.len() == 3 && all(c, alnum),
        ),
        OrganisationType::LocalAuthority => (
            true,
            "3 digits (e.g. 312), or 5 alphanumerics for codes issued since 2021",
            |c| (c.len() == 3 && all(c, digit)) || (c.len() == 5 && all(c, alnum)),
        ),
        OrganisationType::IndependentSectorProvider => (
            false,
            "N + 2 characters (sites N + 4), a care provider code (A…/C…), or a care site code (V + 4)",
            |c| {
                all(c, alnum)
                    && ((c.starts_with('N') && (c.len() == 3 || c.len() == 5))
                        || ((c.starts_with('A') || c.starts_with('C'))
                            && (3..=9).contains(&c.len()))
                        || (c.starts_with('V') && c.len() == 5))
            },
        ),
        OrganisationType::Vcse => (
            false,
            "a non-NHS organisation code (8 + 4 characters, e.g. 8HA03), an independent-provider code, or a care code",
            |c| {
                all(c, alnum)
                    && ((c.starts_with('8') && c.len() == 5)
                        || (c.starts_with('N') && (c.len() == 3 || c.len() == 5))
                        || ((c.starts_with('A') || c.starts_with('C'))
                            && (3..=9).contains(&c.len()))
                        || (c.starts_with('V') && c.len() == 5))
            },
        ),
        OrganisationType::NationalBody
        | OrganisationType::University
        | OrganisationType::Supplier => (false, "3 to 9 alphanumerics", |c| {
            (3..=9).contains(&c.len()) && all(c, alnum)
        }),
    }
}

fn check_ods_codes(catalog: &Catalog, ns: &Namespace, findings: &mut Vec<Finding>) {
    for (name, org) in &ns.organisations {
        let (required, shape, ok) = ods_shape(org.spec.type_);
        let resource = ResourceRef {
            kind: "Organisation".to_owned(),
            name: name.clone(),
            namespace: ns.name.clone(),
        };
        match &org.spec.ods_code {
            None if required => findings.push(catalog.finding(
                "CG004",
                Severity::Warning,
                resource,
                &[key("spec"), key("odsCode")],
                format!("{:?} ({}) has no ODS code; every {:?} has one", org.spec.display_name, name, org.spec.type_),
                format!("add spec.odsCode: {shape}; look it up in the ODS portal"),
            )),
            Some(code) if !ok(code) => findings.push(catalog.finding(
                "CG004",
                Severity::Warning,
                resource,
                &[key("spec"), key("odsCode")],
                format!("ODS code {code:?} does not have the usual shape for a {:?}", org.spec.type_),
                format!("expected {shape}; check the code in the ODS portal (shapes vary, so this is a warning)"),
            )),
            _ => {}
        }
    }
}

/// CG005: organisations referenced but not members of the care system.
fn check_membership(catalog: &Catalog, ns: &Namespace, findings: &mut Vec<Finding>) {
    let Some((cs_name, cs)) = ns.care_systems.iter().next() else {
        return;
    };
    let mut members: crate::facts::FastSet<&str> =
        cs.spec.members.iter().map(String::as_str).collect();
    members.insert(cs.spec.integrated_care_board.as_str());

    // Stores reached only as someone's neighbour: nothing of ours reads or binds them.
    let mut used_stores: crate::facts::FastSet<&str> = crate::facts::FastSet::default();
    for a in ns.activities.values() {
        used_stores.extend(a.spec.sources.iter().map(String::as_str));
    }
    for b in ns.access_bindings.values() {
        used_stores.insert(b.spec.data_store.as_str());
    }
    let named_as_neighbour: crate::facts::FastSet<&str> = ns
        .data_stores
        .values()
        .flat_map(|s| s.spec.neighbours.iter().map(String::as_str))
        .collect();
    let neighbour_only = |store: &str| -> bool {
        !used_stores.contains(store) && named_as_neighbour.contains(store)
    };

    // Organisations referenced directly (not only through a neighbouring store).
    let mut direct: crate::facts::FastSet<&str> = crate::facts::FastSet::default();
    let mut via_neighbour: crate::facts::FastSet<&str> = crate::facts::FastSet::default();
    for (store_name, s) in &ns.data_stores {
        let target = if neighbour_only(store_name) {
            &mut via_neighbour
        } else {
            &mut direct
        };
        target.insert(s.spec.host.as_str());
        target.extend(s.spec.controllers.iter().map(String::as_str));
    }
    for a in ns.activities.values() {
        direct.insert(a.spec.performed_by.as_str());
        direct.extend(a.spec.controllers.iter().map(String::as_str));
    }
    for b in ns.access_bindings.values() {
        direct.insert(b.spec.organisation.as_str());
    }
    for n in ns.notices.values() {
        direct.insert(n.spec.controller.as_str());
    }
    // Agreement parties count as direct unless the party is reached through a neighbour.
    for a in ns.agreements.values() {
        for p in &a.spec.parties {
            if !via_neighbour.contains(p.organisation.as_str()) {
                direct.insert(p.organisation.as_str());
            }
        }
    }

    // Sorted: the findings come out in a stable order.
    let mut outside: Vec<&str> = direct
        .into_iter()
        .filter(|o| !members.contains(o))
        .collect();
    outside.sort_unstable();
    for org in outside {
        let Some(o) = ns.organisations.get(org) else {
            continue; // dangling: CG001
        };
        if o.spec.type_ == OrganisationType::NationalBody {
            continue;
        }
        findings.push(catalog.finding(
            "CG005",
            Severity::Warning,
            ResourceRef { kind: "CareSystem".to_owned(), name: cs_name.clone(), namespace: ns.name.clone() },
            &[key("spec"), key("members")],
            format!("organisation {org:?} ({}) takes part in the care system's processing but is not one of its members", o.spec.display_name),
            format!("add {org:?} to spec.members of CareSystem {cs_name:?}, or remove it from the declarations"),
        ));
    }
}
