//! CG002: a caregov document checked against its generated CRD, as the API
//! server would: the structural schema (types, enums, formats, required
//! fields, unknown fields as `kubectl --validate=strict` rejects them) with
//! the jsonschema crate, and the CRD's CEL rules (`x-kubernetes-validations`)
//! with kube-cel. Both are compiled once per kind.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::load::Document;
use crate::spans::PathSeg;

/// One problem with a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: Vec<PathSeg>,
    pub message: String,
    pub help: String,
    /// Point at the key (unknown fields) rather than the value.
    pub at_key: bool,
}

/// One step of the path to a schema node that carries CEL rules.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Items,
}

/// The CEL rules of one schema node, compiled on that node alone.
///
/// kube-cel converts the value at every node it walks; running it on the whole
/// document converted each subtree once per ancestor. Running it only where
/// rules are, on a copy of that node's schema without the rules below it,
/// evaluates exactly the same rules at a fraction of the cost.
struct CelNode {
    at: Vec<Step>,
    compiled: kube_cel::CompiledSchema,
    /// The only fields of the node its rules read (`self.<field>`), or
    /// `None` when a rule reads `self` as a whole. kube-cel converts the
    /// whole value it is given to CEL, and the `cel` crate copies `self` for
    /// every `self.x`: giving it just these fields keeps both small.
    fields: Option<Vec<String>>,
    /// The rules in the subset [`crate::cel_lite`] evaluates (`None` when
    /// any is outside it): when they all hold, kube-cel is not run.
    lite: Option<Vec<crate::cel_lite::Expr>>,
    /// The rules as written, in order (for the differential test).
    #[cfg(test)]
    rules: Vec<String>,
}

impl CelNode {
    /// The node's rules on `value`, by kube-cel.
    fn run_kube_cel(
        &self,
        validator: &kube_cel::Validator,
        value: &Value,
    ) -> Result<(), kube_cel::ValidationErrors> {
        match (&self.fields, value.as_object()) {
            (Some(fields), Some(object)) => {
                let read: Map<String, Value> = fields
                    .iter()
                    .filter_map(|f| object.get(f).map(|v| (f.clone(), v.clone())))
                    .collect();
                validator.validate_compiled(&self.compiled, &Value::Object(read), None)
            }
            _ => validator.validate_compiled(&self.compiled, value, None),
        }
    }
}

/// The fields of `self` that CEL expressions read: `self.x` gives `x`; any
/// other use of `self` (`size(self)`, `self[k]`, `self == …`) or an escaped
/// name (`self.__namespace__`) gives `None`.
fn fields_read<'a>(expressions: impl Iterator<Item = &'a str>) -> Option<Vec<String>> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut fields = std::collections::BTreeSet::new();
    for expr in expressions {
        let mut rest = expr;
        while let Some(at) = rest.find("self") {
            let before = rest[..at].chars().next_back();
            let after = &rest[at + 4..];
            rest = after;
            if before.is_some_and(is_ident) || after.chars().next().is_some_and(is_ident) {
                continue; // part of another identifier (`myself`, `selfLink`)
            }
            let field: String = after
                .strip_prefix('.')?
                .chars()
                .take_while(|c| is_ident(*c))
                .collect();
            // `__namespace__`, `__dash__`…: CEL's escapes for names that
            // are keywords or not identifiers; no pruning rather than unescape.
            if field.is_empty() || field.contains("__") {
                return None;
            }
            fields.insert(field);
        }
    }
    Some(fields.into_iter().collect())
}

/// Keep only `fields` of an object schema (`properties` and `required`).
fn only_fields(schema: &mut Value, fields: &[String]) {
    let keep = |k: &str| fields.iter().any(|f| f == k);
    if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        props.retain(|k, _| keep(k));
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|r| r.as_str().is_some_and(keep));
    }
}

struct KindSchema {
    kind: &'static str,
    structural: jsonschema::Validator,
    cel: Vec<CelNode>,
    /// The schema as JSON, for enum values and property names in messages.
    raw: Value,
}

/// The compiled schemas of every kind.
pub struct SchemaSet {
    kinds: Vec<KindSchema>,
}

impl std::fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaSet")
            .field("kinds", &self.kinds.len())
            .finish()
    }
}

const METADATA_FIELDS: [&str; 14] = [
    "name",
    "namespace",
    "labels",
    "annotations",
    "uid",
    "generation",
    "resourceVersion",
    "creationTimestamp",
    "finalizers",
    "ownerReferences",
    "managedFields",
    "generateName",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
];

/// Make the CRD's structural schema strict for jsonschema: unknown fields are
/// errors, `nullable` allows null, `metadata` is the ObjectMeta subset.
fn strict(schema: &Value) -> Value {
    match schema {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                if k.starts_with("x-kubernetes-") {
                    continue;
                }
                out.insert(k.clone(), strict(v));
            }
            if m.get("nullable") == Some(&Value::Bool(true))
                && let Some(Value::String(t)) = m.get("type")
            {
                out.insert("type".into(), json!([t, "null"]));
            }
            if m.get("type") == Some(&Value::String("object".into()))
                && m.contains_key("properties")
                && !m.contains_key("additionalProperties")
            {
                out.insert("additionalProperties".into(), Value::Bool(false));
            }
            // Integer formats that jsonschema does not know are only ranges in Kubernetes.
            if matches!(
                m.get("format").and_then(Value::as_str),
                Some("uint32" | "int32" | "int64" | "double")
            ) {
                out.remove("format");
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(strict).collect()),
        other => other.clone(),
    }
}

fn root_schema(crd_schema: &Value) -> Value {
    let mut root = strict(crd_schema);
    if let Some(props) = root.get_mut("properties").and_then(Value::as_object_mut) {
        props.insert("apiVersion".into(), json!({"type": "string"}));
        props.insert("kind".into(), json!({"type": "string"}));
        let meta_props: Map<String, Value> = METADATA_FIELDS
            .iter()
            .map(|f| ((*f).to_owned(), json!({})))
            .collect();
        props.insert(
            "metadata".into(),
            json!({
                "type": "object",
                "properties": meta_props,
                "additionalProperties": false,
                "required": ["name"],
            }),
        );
        if let Some(name) = props
            .get_mut("metadata")
            .and_then(|m| m.get_mut("properties"))
            .and_then(|p| p.get_mut("name"))
        {
            *name = json!({"type": "string", "maxLength": 253, "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"});
        }
        if let Some(labels) = props
            .get_mut("metadata")
            .and_then(|m| m.get_mut("properties"))
            .and_then(|p| p.get_mut("labels"))
        {
            *labels = json!({"type": "object", "additionalProperties": {"type": "string"}});
        }
        if let Some(a) = props
            .get_mut("metadata")
            .and_then(|m| m.get_mut("properties"))
            .and_then(|p| p.get_mut("annotations"))
        {
            *a = json!({"type": "object", "additionalProperties": {"type": "string"}});
        }
    }
    if let Some(obj) = root.as_object_mut() {
        obj.insert("additionalProperties".into(), Value::Bool(false));
        obj.insert(
            "required".into(),
            json!(["apiVersion", "kind", "metadata", "spec"]),
        );
    }
    root
}

static SCHEMAS: OnceLock<SchemaSet> = OnceLock::new();

thread_local! {
    /// Registering every Kubernetes CEL function is costly: once per thread.
    static CEL: kube_cel::Validator = kube_cel::Validator::new();
}

impl SchemaSet {
    /// The compiled schemas (built once per process).
    pub fn get() -> &'static Self {
        SCHEMAS.get_or_init(Self::build)
    }

    fn build() -> Self {
        // Each kind's schema is generated and compiled on its own: on all cores.
        use rayon::prelude::*;
        let kinds = caregov_crds::KINDS
            .par_iter()
            .filter_map(Self::build_kind)
            .collect();
        Self { kinds }
    }

    fn build_kind(info: &caregov_crds::KindInfo) -> Option<KindSchema> {
        let raw = caregov_crds::schema_for(info.kind)?;
        let structural_schema = root_schema(&raw);
        let structural = match jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .should_ignore_unknown_formats(true)
            .build(&structural_schema)
        {
            Ok(v) => v,
            Err(e) => {
                tracing::error!(kind = info.kind, error = %e, "generated CRD schema does not compile");
                return None;
            }
        };
        let mut cel = Vec::new();
        collect_cel(&raw, &mut Vec::new(), &mut cel);
        Some(KindSchema {
            kind: info.kind,
            structural,
            cel,
            raw,
        })
    }

    /// Every problem the API server would report for this document.
    #[must_use]
    pub fn validate(&self, doc: &Document) -> Vec<Problem> {
        let mut problems = Vec::new();
        let (group, version) = doc
            .api_version
            .split_once('/')
            .unwrap_or(("", doc.api_version.as_str()));
        let _ = group;
        let Some(schema) = self.kinds.iter().find(|k| k.kind == doc.kind) else {
            let kinds: Vec<&str> = caregov_crds::KINDS.iter().map(|k| k.kind).collect();
            let help = match crate::catalog::nearest(&doc.kind, kinds.iter().copied()) {
                Some(k) => format!(
                    "did you mean {k}? The kinds of caregov.dev are {}",
                    kinds.join(", ")
                ),
                None => format!("the kinds of caregov.dev are {}", kinds.join(", ")),
            };
            problems.push(Problem {
                path: vec![PathSeg::Key("kind".into())],
                message: if doc.kind.is_empty() {
                    "document has no kind".to_owned()
                } else {
                    format!("caregov.dev has no kind {:?}", doc.kind)
                },
                help,
                at_key: false,
            });
            return problems;
        };
        if version != caregov_crds::VERSION {
            problems.push(Problem {
                path: vec![PathSeg::Key("apiVersion".into())],
                message: format!(
                    "caregov.dev has no version {version:?}; {} is served as {}",
                    doc.kind,
                    caregov_crds::API_VERSION
                ),
                help: format!("write apiVersion: {}", caregov_crds::API_VERSION),
                at_key: false,
            });
            return problems;
        }
        // Most documents are valid: the yes/no check is cheaper than
        // collecting errors, which is done only for the others.
        if !schema.structural.is_valid(&doc.value) {
            for error in schema.structural.iter_errors(&doc.value) {
                problems.extend(describe(&error, schema, &doc.value));
            }
        }
        if problems.is_empty() {
            CEL.with(|validator| Self::check_cel(validator, schema, doc, &mut problems));
        }
        problems
    }

    fn check_cel(
        validator: &kube_cel::Validator,
        schema: &KindSchema,
        doc: &Document,
        problems: &mut Vec<Problem>,
    ) {
        for node in &schema.cel {
            let mut matches = Vec::new();
            values_at(&doc.value, &node.at, Vec::new(), &mut matches);
            for (prefix, value) in matches {
                if node.lite.as_ref().is_some_and(|rules| {
                    rules
                        .iter()
                        .all(|r| crate::cel_lite::holds(r, value) == Some(true))
                }) {
                    continue;
                }
                let Err(errors) = node.run_kube_cel(validator, value) else {
                    continue;
                };
                for e in errors.into_vec() {
                    let mut path = prefix.clone();
                    path.extend(crate::spans::parse_field_path(&e.field_path));
                    let shown_path = crate::spans::field_path_string(&path);
                    problems.push(Problem {
                        message: format!(
                            "{}: {}",
                            if shown_path.is_empty() {
                                "document"
                            } else {
                                shown_path.as_str()
                            },
                            e.message
                        ),
                        path,
                        help: format!("the CRD's validation rule `{}` must hold", e.rule),
                        at_key: true,
                    });
                }
            }
        }
    }
}

/// Find every schema node with CEL rules; compile each on its own.
fn collect_cel(schema: &Value, at: &mut Vec<Step>, out: &mut Vec<CelNode>) {
    if schema.get("x-kubernetes-validations").is_some() {
        let mut own = without_nested_rules(schema);
        let rules = schema
            .get("x-kubernetes-validations")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let fields = fields_read(
            rules
                .iter()
                .flat_map(|r| [r.get("rule"), r.get("messageExpression")])
                .flatten()
                .filter_map(Value::as_str),
        );
        if let Some(fields) = &fields {
            only_fields(&mut own, fields);
        }
        if let Some(obj) = own.as_object_mut() {
            obj.insert(
                "x-kubernetes-validations".into(),
                Value::from(rules.to_vec()),
            );
        }
        let texts: Vec<&str> = rules
            .iter()
            .map(|r| r.get("rule").and_then(Value::as_str).unwrap_or(""))
            .collect();
        // kube-cel fills in schema defaults before it evaluates; the fast
        // path does not, so it stays off where a default could matter.
        let lite = (!has_default(&own))
            .then(|| texts.iter().map(|t| crate::cel_lite::parse(t)).collect())
            .flatten();
        out.push(CelNode {
            at: at.clone(),
            compiled: kube_cel::compile_schema(&own),
            fields,
            lite,
            #[cfg(test)]
            rules: texts.iter().map(|t| (*t).to_owned()).collect(),
        });
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            at.push(Step::Key(k.clone()));
            collect_cel(v, at, out);
            at.pop();
        }
    }
    if let Some(items) = schema.get("items") {
        at.push(Step::Items);
        collect_cel(items, at, out);
        at.pop();
    }
}

/// Whether a schema (or any schema below it) declares a `default`.
fn has_default(schema: &Value) -> bool {
    match schema {
        Value::Object(m) => m.contains_key("default") || m.values().any(has_default),
        Value::Array(a) => a.iter().any(has_default),
        _ => false,
    }
}

/// A copy of a schema with every `x-kubernetes-validations` removed.
fn without_nested_rules(schema: &Value) -> Value {
    match schema {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "x-kubernetes-validations")
                .map(|(k, v)| (k.clone(), without_nested_rules(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nested_rules).collect()),
        other => other.clone(),
    }
}

/// The values at a schema path in a document, with their field paths.
fn values_at<'v>(
    value: &'v Value,
    at: &[Step],
    prefix: Vec<PathSeg>,
    out: &mut Vec<(Vec<PathSeg>, &'v Value)>,
) {
    let Some((first, rest)) = at.split_first() else {
        out.push((prefix, value));
        return;
    };
    match first {
        Step::Key(k) => {
            if let Some(child) = value.get(k) {
                let mut p = prefix;
                p.push(PathSeg::Key(k.clone()));
                values_at(child, rest, p, out);
            }
        }
        Step::Items => {
            if let Some(items) = value.as_array() {
                for (i, item) in items.iter().enumerate() {
                    let mut p = prefix.clone();
                    p.push(PathSeg::Index(i));
                    values_at(item, rest, p, out);
                }
            }
        }
    }
}

/// Parse a JSON pointer (`/spec/parties/0`) into path segments.
fn pointer_path(pointer: &str, value: &Value) -> Vec<PathSeg> {
    let mut out = Vec::new();
    let mut cur = Some(value);
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        let is_array = cur.is_some_and(Value::is_array);
        match (is_array, seg.parse::<usize>()) {
            (true, Ok(i)) => {
                cur = cur.and_then(|v| v.get(i));
                out.push(PathSeg::Index(i));
            }
            _ => {
                cur = cur.and_then(|v| v.get(&seg));
                out.push(PathSeg::Key(seg));
            }
        }
    }
    out
}

/// The schema node at a path (following properties and items).
fn schema_at<'a>(root: &'a Value, path: &[PathSeg]) -> Option<&'a Value> {
    let mut cur = root;
    for seg in path {
        cur = match seg {
            PathSeg::Key(k) => {
                if path.first() == Some(seg) && k == "metadata" {
                    return None;
                }
                cur.get("properties")?.get(k)?
            }
            PathSeg::Index(_) => cur.get("items")?,
        };
    }
    Some(cur)
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

fn describe(
    error: &jsonschema::ValidationError<'_>,
    schema: &KindSchema,
    doc: &Value,
) -> Vec<Problem> {
    use jsonschema::error::ValidationErrorKind as K;
    let path = pointer_path(&error.instance_path().to_string(), doc);
    let field = crate::spans::field_path_string(&path);
    let here = if field.is_empty() {
        "document".to_owned()
    } else {
        field.clone()
    };
    let instance = error.instance();
    match error.kind() {
        K::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|name| {
                let mut p = path.clone();
                p.push(PathSeg::Key(name.clone()));
                let known: Vec<String> = if path == [PathSeg::Key("metadata".into())] {
                    METADATA_FIELDS.iter().map(|s| (*s).to_owned()).collect()
                } else if path.is_empty() {
                    vec![
                        "apiVersion".into(),
                        "kind".into(),
                        "metadata".into(),
                        "spec".into(),
                    ]
                } else {
                    schema_at(&schema.raw, &path)
                        .and_then(|s| s.get("properties"))
                        .and_then(Value::as_object)
                        .map(|m| m.keys().cloned().collect())
                        .unwrap_or_default()
                };
                let suggestion = crate::catalog::nearest(name, known.iter().map(String::as_str));
                let full = crate::spans::field_path_string(&p);
                Problem {
                    path: p,
                    message: format!("unknown field {full}"),
                    help: match suggestion {
                        Some(s) => {
                            format!("did you mean {s}? Known fields here: {}", known.join(", "))
                        }
                        None => format!("known fields here: {}", known.join(", ")),
                    },
                    at_key: true,
                }
            })
            .collect(),
        K::Enum { options } => {
            let valid: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let got = instance.as_str().unwrap_or_default();
            let suggestion = crate::catalog::nearest(got, valid.iter().map(String::as_str));
            vec![Problem {
                path,
                message: format!(
                    "{here}: {} is not one of {}",
                    shown(instance),
                    valid.join(", ")
                ),
                help: match suggestion {
                    Some(s) => format!("did you mean {s}?"),
                    None => format!("use one of {}", valid.join(", ")),
                },
                at_key: false,
            }]
        }
        K::Required { property } => {
            let name = property.as_str().unwrap_or_default().to_owned();
            let mut p = path.clone();
            p.push(PathSeg::Key(name.clone()));
            vec![Problem {
                message: format!("{} is required", crate::spans::field_path_string(&p)),
                path,
                help: format!(
                    "add {name} (see `kubectl explain` or `caregov crds` for its description)"
                ),
                at_key: true,
            }]
        }
        K::Format { format } if format == "date" => vec![Problem {
            path,
            message: format!("{here}: {} is not a date", shown(instance)),
            help: "write a real calendar date as YYYY-MM-DD, e.g. 2026-04-01".to_owned(),
            at_key: false,
        }],
        K::Pattern { pattern } if pattern.contains("[0-9]{4}-") => vec![Problem {
            path,
            message: format!("{here}: {} is not a date", shown(instance)),
            help: "write a real calendar date as YYYY-MM-DD, e.g. 2026-04-01".to_owned(),
            at_key: false,
        }],
        K::Type { .. } => {
            let expected = schema_at(&schema.raw, &path)
                .and_then(|s| s.get("type"))
                .and_then(Value::as_str)
                .unwrap_or("another type");
            vec![Problem {
                path,
                message: format!("{here}: expected {expected}, got {}", shown(instance)),
                help: if expected == "string" && (instance.is_number() || instance.is_boolean()) {
                    format!(
                        "quote the value so YAML reads it as text, e.g. {here}: \"{}\"",
                        instance
                    )
                } else {
                    format!("write {here} as {expected}")
                },
                at_key: false,
            }]
        }
        _ => vec![Problem {
            path,
            message: format!("{here}: {error}"),
            help: "correct the value; `caregov crds` shows the schema".to_owned(),
            at_key: false,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::{CelNode, SchemaSet, Value, fields_read, values_at};

    /// Every document of the examples and the rule fixtures, as JSON.
    fn corpus() -> Vec<(String, Value)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let options = crate::load::LoadOptions {
            keep_json: true,
            ..crate::load::LoadOptions::default()
        };
        crate::load::load_paths(&[root.join("examples"), root.join("core/policy")], &options)
            .documents
            .into_iter()
            .map(|doc| (doc.kind, doc.value))
            .collect()
    }

    /// The node itself and variants of it: each field removed, each string
    /// field set to each of a few telling values, list items repeated.
    fn variants(node: &Value) -> Vec<Value> {
        const STRINGS: [&str; 8] = [
            "NotPublished",
            "Exempt",
            "CopiRegulations",
            "ServiceAccount",
            "2020-01-01",
            "2099-12-31",
            "not-a-date",
            "",
        ];
        let mut out = vec![node.clone()];
        let Some(map) = node.as_object() else {
            return out;
        };
        for (k, v) in map {
            let mut removed = map.clone();
            removed.remove(k);
            out.push(Value::Object(removed));
            if v.is_string() {
                for s in STRINGS {
                    let mut changed = map.clone();
                    changed.insert(k.clone(), Value::from(s));
                    out.push(Value::Object(changed));
                }
            }
            if let Some(items) = v.as_array() {
                let mut repeated = map.clone();
                let mut twice = items.clone();
                twice.extend(items.iter().take(1).cloned());
                repeated.insert(k.clone(), Value::from(twice));
                out.push(Value::Object(repeated));
                let mut emptied = map.clone();
                emptied.insert(k.clone(), Value::from(Vec::<Value>::new()));
                out.push(Value::Object(emptied));
            }
        }
        out
    }

    /// The fast path never says a rule holds where kube-cel says it does not
    /// (nor the reverse), on the examples, the fixtures and mutations of them;
    /// it decides most of them itself, and every CRD rule is in its subset.
    #[test]
    fn cel_lite_agrees_with_kube_cel() {
        let set = SchemaSet::get();
        let validator = kube_cel::Validator::new();
        let corpus = corpus();
        assert!(corpus.len() > 100, "corpus too small: {}", corpus.len());
        let (mut decided, mut checked) = (0usize, 0usize);
        for kind in &set.kinds {
            for node in &kind.cel {
                let node: &CelNode = node;
                let Some(lite) = &node.lite else {
                    continue;
                };
                let rules = &node.rules;
                for (doc_kind, doc) in &corpus {
                    if doc_kind != kind.kind {
                        continue;
                    }
                    let mut matches = Vec::new();
                    values_at(doc, &node.at, Vec::new(), &mut matches);
                    for (_, value) in matches {
                        for variant in variants(value) {
                            let failing: Vec<String> = match node.run_kube_cel(&validator, &variant)
                            {
                                Ok(()) => Vec::new(),
                                Err(errors) => {
                                    errors.into_vec().into_iter().map(|e| e.rule).collect()
                                }
                            };
                            for (expr, rule) in lite.iter().zip(rules) {
                                checked += 1;
                                let Some(holds) = crate::cel_lite::holds(expr, &variant) else {
                                    continue;
                                };
                                decided += 1;
                                assert_eq!(
                                    holds,
                                    !failing.contains(rule),
                                    "{} rule `{rule}` on {variant}",
                                    kind.kind
                                );
                            }
                        }
                    }
                }
            }
        }
        eprintln!("cel_lite decided {decided} of {checked} rule evaluations");
        assert!(decided * 2 > checked, "decided {decided} of {checked}");
        // Every rule of the CRDs is in the subset, so the fast path is taken.
        for kind in &set.kinds {
            for node in &kind.cel {
                assert!(
                    node.lite.is_some(),
                    "{} rules {:?} are outside cel_lite's subset",
                    kind.kind,
                    node.rules
                );
            }
        }
    }

    #[test]
    fn fields_read_by_cel_rules() {
        let f = |rules: &[&str]| fields_read(rules.iter().copied());
        assert_eq!(
            f(&["!has(self.expiresOn) || self.expiresOn > self.effectiveFrom"]),
            Some(vec!["effectiveFrom".to_owned(), "expiresOn".to_owned()])
        );
        assert_eq!(
            f(&[
                "self.parties.all(p, self.parties.exists_one(q, q.organisation == p.organisation))"
            ]),
            Some(vec!["parties".to_owned()])
        );
        assert_eq!(f(&["size(self) > 0"]), None);
        assert_eq!(f(&["self == oldSelf"]), None);
        assert_eq!(
            f(&["self.kind != 'ServiceAccount' || has(self.__namespace__)"]),
            None
        );
        assert_eq!(f(&["myself.x == selfLink"]), Some(vec![]));
    }
}
