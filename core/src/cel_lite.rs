//! A fast first pass over the CRDs' CEL rules.
//!
//! kube-cel is the authority on CEL, but it costs several microseconds per
//! rule and node (it converts the node to CEL values, hashes names, and
//! allocates as it evaluates), and a 50k-resource system has about 90k such
//! evaluations. The CRDs' rules are all of a few plain shapes
//! (`!has(self.a) || self.a > self.b`, `self.x != 'Y' || has(self.z)`,
//! `self.parties.all(p, self.parties.exists_one(q, …))`): this module
//! evaluates that subset straight on the JSON.
//!
//! It only ever says "this rule holds". When it cannot tell — an expression
//! outside the subset, a missing field (a CEL error), values it does not
//! compare — or when the rule does not hold, the caller runs kube-cel as
//! before, so every finding, message and field path still comes from
//! kube-cel. The one way this could go wrong is saying "holds" where CEL
//! says otherwise; the differential test in `schema.rs` checks it against
//! kube-cel on the examples, the fixtures and mutations of them.

use serde_json::Value;

/// A parsed rule of the supported subset.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    /// `has(x.field)`
    Has(Box<Expr>, String),
    Cmp(Cmp, Box<Expr>, Box<Expr>),
    /// `x.field`
    Select(Box<Expr>, String),
    /// `self` or a comprehension variable.
    Ident(String),
    Str(String),
    Bool(bool),
    /// `list.all(var, body)`
    All(Box<Expr>, String, Box<Expr>),
    /// `list.exists_one(var, body)`
    ExistsOne(Box<Expr>, String, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Op(&'static str),
}

/// CEL's reserved words: as field names the Kubernetes CEL library escapes
/// them as `__word__`.
const RESERVED: &[&str] = &[
    "as",
    "break",
    "const",
    "continue",
    "else",
    "false",
    "for",
    "function",
    "if",
    "import",
    "in",
    "let",
    "loop",
    "package",
    "namespace",
    "null",
    "return",
    "true",
    "var",
    "void",
    "while",
];

fn tokens(src: &str) -> Option<Vec<Token>> {
    const OPS: [&str; 13] = [
        "||", "&&", "==", "!=", "<=", ">=", "!", "<", ">", "(", ")", ".", ",",
    ];
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let end = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .unwrap_or(rest.len());
            out.push(Token::Ident(rest[..end].to_owned()));
            rest = &rest[end..];
            continue;
        }
        if c == '\'' || c == '"' {
            let body = &rest[1..];
            let end = body.find(c)?;
            let text = &body[..end];
            if text.contains('\\') {
                return None; // escapes: not in the subset
            }
            out.push(Token::Str(text.to_owned()));
            rest = &body[end + 1..];
            continue;
        }
        let op = OPS.iter().find(|op| rest.starts_with(**op))?;
        out.push(Token::Op(op));
        rest = &rest[op.len()..];
    }
    Some(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Token::Op(o)) if *o == op) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> Option<String> {
        match self.peek()? {
            Token::Ident(name) => {
                let name = name.clone();
                self.at += 1;
                Some(name)
            }
            _ => None,
        }
    }
    fn or(&mut self) -> Option<Expr> {
        let mut left = self.and()?;
        while self.eat_op("||") {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Some(left)
    }
    fn and(&mut self) -> Option<Expr> {
        let mut left = self.unary()?;
        while self.eat_op("&&") {
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Some(left)
    }
    fn unary(&mut self) -> Option<Expr> {
        if self.eat_op("!") {
            return Some(Expr::Not(Box::new(self.unary()?)));
        }
        self.comparison()
    }
    fn comparison(&mut self) -> Option<Expr> {
        let left = self.member()?;
        let ops = [
            ("==", Cmp::Eq),
            ("!=", Cmp::Ne),
            ("<=", Cmp::Le),
            (">=", Cmp::Ge),
            ("<", Cmp::Lt),
            (">", Cmp::Gt),
        ];
        for (text, op) in ops {
            if self.eat_op(text) {
                let right = self.member()?;
                return Some(Expr::Cmp(op, Box::new(left), Box::new(right)));
            }
        }
        Some(left)
    }
    fn member(&mut self) -> Option<Expr> {
        let mut e = self.primary()?;
        while self.eat_op(".") {
            let name = self.ident()?;
            if self.eat_op("(") {
                let var = self.ident()?;
                if !self.eat_op(",") {
                    return None;
                }
                let body = self.or()?;
                if !self.eat_op(")") {
                    return None;
                }
                e = match name.as_str() {
                    "all" => Expr::All(Box::new(e), var, Box::new(body)),
                    "exists_one" => Expr::ExistsOne(Box::new(e), var, Box::new(body)),
                    _ => return None,
                };
            } else {
                e = Expr::Select(Box::new(e), field_name(&name)?);
            }
        }
        Some(e)
    }
    fn primary(&mut self) -> Option<Expr> {
        if self.eat_op("(") {
            let e = self.or()?;
            return self.eat_op(")").then_some(e);
        }
        match self.peek()?.clone() {
            Token::Str(s) => {
                self.at += 1;
                Some(Expr::Str(s))
            }
            Token::Ident(name) => {
                self.at += 1;
                match name.as_str() {
                    "true" => Some(Expr::Bool(true)),
                    "false" => Some(Expr::Bool(false)),
                    "has" => {
                        if !self.eat_op("(") {
                            return None;
                        }
                        let target = self.member()?;
                        if !self.eat_op(")") {
                            return None;
                        }
                        match target {
                            Expr::Select(of, field) => Some(Expr::Has(of, field)),
                            _ => None,
                        }
                    }
                    _ if RESERVED.contains(&name.as_str()) => None,
                    _ => Some(Expr::Ident(name)),
                }
            }
            Token::Op(_) => None,
        }
    }
}

/// A field name as written after `.`: `__namespace__` is `namespace`; other
/// escapes (`__dash__`, `__dot__`…) are outside the subset.
fn field_name(written: &str) -> Option<String> {
    match written
        .strip_prefix("__")
        .and_then(|w| w.strip_suffix("__"))
    {
        Some(word) if RESERVED.contains(&word) => Some(word.to_owned()),
        Some(_) => None,
        None if written.contains("__") => None,
        None => Some(written.to_owned()),
    }
}

/// Parse a rule; `None` when it is outside the subset.
#[must_use]
pub fn parse(rule: &str) -> Option<Expr> {
    let mut p = Parser {
        tokens: tokens(rule)?,
        at: 0,
    };
    let e = p.or()?;
    (p.at == p.tokens.len()).then_some(e)
}

/// A value while evaluating: `Unknown` stands for a CEL error or anything
/// outside the subset.
#[derive(Debug, Clone, Copy)]
enum Val<'a> {
    Bool(bool),
    Str(&'a str),
    Json(&'a Value),
    Unknown,
}

fn json(v: &Value) -> Val<'_> {
    match v {
        Value::Bool(b) => Val::Bool(*b),
        Value::String(s) => Val::Str(s),
        Value::Null => Val::Unknown,
        other => Val::Json(other),
    }
}

/// `YYYY-MM-DD`: the only strings ordered here (CEL orders strings by code
/// point, and dates may be typed as timestamps; on these both orders agree).
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

type Scope<'s, 'a> = &'s mut Vec<(&'a str, &'a Value)>;

fn eval<'a>(e: &'a Expr, scope: Scope<'_, 'a>) -> Val<'a> {
    match e {
        Expr::Bool(b) => Val::Bool(*b),
        Expr::Str(s) => Val::Str(s),
        Expr::Ident(name) => scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or(Val::Unknown, |(_, v)| json(v)),
        Expr::Select(of, field) => match eval(of, scope) {
            Val::Json(Value::Object(m)) => m.get(field).map_or(Val::Unknown, json),
            _ => Val::Unknown,
        },
        Expr::Has(of, field) => match eval(of, scope) {
            Val::Json(Value::Object(m)) => match m.get(field) {
                None => Val::Bool(false),
                Some(Value::Null) => Val::Unknown,
                Some(_) => Val::Bool(true),
            },
            _ => Val::Unknown,
        },
        Expr::Not(inner) => match eval(inner, scope) {
            Val::Bool(b) => Val::Bool(!b),
            _ => Val::Unknown,
        },
        // CEL's logical operators are commutative over errors: `error || true`
        // is true, `error || false` an error.
        Expr::Or(l, r) => match (eval(l, scope), eval(r, scope)) {
            (Val::Bool(true), _) | (_, Val::Bool(true)) => Val::Bool(true),
            (Val::Bool(false), Val::Bool(false)) => Val::Bool(false),
            _ => Val::Unknown,
        },
        Expr::And(l, r) => match (eval(l, scope), eval(r, scope)) {
            (Val::Bool(false), _) | (_, Val::Bool(false)) => Val::Bool(false),
            (Val::Bool(true), Val::Bool(true)) => Val::Bool(true),
            _ => Val::Unknown,
        },
        Expr::Cmp(op, l, r) => compare(*op, eval(l, scope), eval(r, scope)),
        Expr::All(list, var, body) => {
            let Val::Json(Value::Array(items)) = eval(list, scope) else {
                return Val::Unknown;
            };
            let mut unknown = false;
            for item in items {
                scope.push((var, item));
                let v = eval(body, scope);
                scope.pop();
                match v {
                    Val::Bool(true) => {}
                    Val::Bool(false) => return Val::Bool(false),
                    _ => unknown = true,
                }
            }
            if unknown {
                Val::Unknown
            } else {
                Val::Bool(true)
            }
        }
        Expr::ExistsOne(list, var, body) => {
            let Val::Json(Value::Array(items)) = eval(list, scope) else {
                return Val::Unknown;
            };
            let mut count = 0usize;
            for item in items {
                scope.push((var, item));
                let v = eval(body, scope);
                scope.pop();
                match v {
                    Val::Bool(true) => count += 1,
                    Val::Bool(false) => {}
                    _ => return Val::Unknown,
                }
            }
            Val::Bool(count == 1)
        }
    }
}

fn compare(op: Cmp, l: Val<'_>, r: Val<'_>) -> Val<'static> {
    match (l, r) {
        (Val::Str(a), Val::Str(b)) => match op {
            Cmp::Eq => Val::Bool(a == b),
            Cmp::Ne => Val::Bool(a != b),
            _ if is_date(a) && is_date(b) => Val::Bool(match op {
                Cmp::Lt => a < b,
                Cmp::Le => a <= b,
                Cmp::Gt => a > b,
                _ => a >= b,
            }),
            _ => Val::Unknown,
        },
        (Val::Bool(a), Val::Bool(b)) => match op {
            Cmp::Eq => Val::Bool(a == b),
            Cmp::Ne => Val::Bool(a != b),
            _ => Val::Unknown,
        },
        _ => Val::Unknown,
    }
}

/// `Some(true)` when the rule holds for `node` (bound to `self`), `Some(false)`
/// when it does not, `None` when this evaluator cannot tell.
#[must_use]
pub fn holds(rule: &Expr, node: &Value) -> Option<bool> {
    let mut scope = vec![("self", node)];
    match eval(rule, &mut scope) {
        Val::Bool(b) => Some(b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(rule: &str, node: &Value) -> Option<bool> {
        holds(&parse(rule).unwrap_or(Expr::Bool(false)), node)
    }

    #[test]
    fn parses_the_shapes_of_the_crds_rules() {
        for rule in [
            "!has(self.expiresOn) || self.expiresOn > self.effectiveFrom",
            "self.kind != 'ServiceAccount' || has(self.__namespace__)",
            "self.parties.all(p, self.parties.exists_one(q, q.organisation == p.organisation))",
            "self.status == 'NotPublished' || has(self.publishedOn)",
        ] {
            assert!(parse(rule).is_some(), "{rule}");
        }
    }

    #[test]
    fn leaves_everything_else_to_kube_cel() {
        for rule in [
            "size(self.parties) > 0",
            "self.a + 1 > 2",
            "self.__dash__x == 'a'",
            "self.items.exists(i, i == 'a')",
            "self.a == 'it\\'s'",
            "self.a in ['x', 'y']",
            "self.a ==",
        ] {
            assert_eq!(parse(rule), None, "{rule}");
        }
    }

    #[test]
    fn evaluates_with_cel_semantics() {
        let r = "!has(self.expiresOn) || self.expiresOn > self.effectiveFrom";
        assert_eq!(
            check(r, &json!({"effectiveFrom": "2026-01-01"})),
            Some(true)
        );
        assert_eq!(
            check(
                r,
                &json!({"effectiveFrom": "2026-01-01", "expiresOn": "2027-01-01"})
            ),
            Some(true)
        );
        assert_eq!(
            check(
                r,
                &json!({"effectiveFrom": "2026-01-01", "expiresOn": "2025-01-01"})
            ),
            Some(false)
        );
        // A missing field is a CEL error: not decided here.
        assert_eq!(check(r, &json!({"expiresOn": "2027-01-01"})), None);
        // Only dates are ordered here.
        assert_eq!(
            check(r, &json!({"effectiveFrom": "soon", "expiresOn": "later"})),
            None
        );
        let ns = "self.kind != 'ServiceAccount' || has(self.__namespace__)";
        assert_eq!(check(ns, &json!({"kind": "User"})), Some(true));
        assert_eq!(check(ns, &json!({"kind": "ServiceAccount"})), Some(false));
        assert_eq!(
            check(ns, &json!({"kind": "ServiceAccount", "namespace": "x"})),
            Some(true)
        );
        let unique =
            "self.parties.all(p, self.parties.exists_one(q, q.organisation == p.organisation))";
        let party = |o: &str| json!({"organisation": o});
        assert_eq!(
            check(unique, &json!({"parties": [party("a"), party("b")]})),
            Some(true)
        );
        assert_eq!(
            check(unique, &json!({"parties": [party("a"), party("a")]})),
            Some(false)
        );
        assert_eq!(check(unique, &json!({"parties": [json!({})]})), None);
        // `error || true` is true in CEL.
        assert_eq!(check("self.missing == 'x' || true", &json!({})), Some(true));
        assert_eq!(check("self.missing == 'x' || false", &json!({})), None);
    }
}
