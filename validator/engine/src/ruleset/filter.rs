//! JSONPath-Plus filter expressions (`[?(...)]`): a small, safe evaluator for the subset of
//! JavaScript that rulesets use. No JavaScript engine is involved; an expression that meets
//! a value of the wrong type (say `.match` on a number) is simply a non-match; a regex that hits
//! its backtracking limit leaves the candidate [`Undecided`], which the rule reports as an error
//! (never a silent non-match).

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use super::ref_table::RefTargets;
use super::regex::JsRegex;

/// A parsed filter expression.
#[derive(Debug, Clone)]
pub enum Expr {
    /// A literal.
    Lit(Lit),
    /// `@`, `@property`, `@parent`, `@parentProperty`, `@path`, `@root`, `$`.
    Var(Var),
    /// `!x`.
    Not(Box<Expr>),
    /// `typeof x`.
    TypeOf(Box<Expr>),
    /// `a && b`, `a || b`, comparisons.
    Binary(Box<Expr>, Op, Box<Expr>),
    /// `x.name`, `x['name']`, `x[0]`.
    Member(Box<Expr>, Box<Expr>),
    /// `x.method(args)`.
    Call(Box<Expr>, String, Vec<Expr>),
}

/// Literal values.
#[derive(Debug, Clone)]
pub enum Lit {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// A regex literal.
    Regex(Arc<JsRegex>),
}

/// Variables of the filter scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Var {
    /// `@`: the candidate value.
    Current,
    /// `@property`.
    Property,
    /// `@parent`.
    Parent,
    /// `@parentProperty`.
    ParentProperty,
    /// `@path`.
    Path,
    /// `@root` / `$`.
    Root,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNe,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// What a filter sees of one candidate.
pub struct Scope<'a> {
    /// The candidate value.
    pub current: &'a Value,
    /// Its property name or index in its parent.
    pub property: Js<'a>,
    /// The parent value.
    pub parent: Option<&'a Value>,
    /// The parent's property.
    pub parent_property: Js<'a>,
    /// The JSONPath of the candidate (`$['a'][0]`).
    pub path: String,
    /// The document root.
    pub root: &'a Value,
    /// Where the document's local `$ref`s lead, when they are followed (the resolved view).
    pub resolver: Option<&'a RefTargets<'a>>,
}

/// A JavaScript-like runtime value.
#[derive(Debug, Clone)]
pub enum Js<'a> {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// An object or array of the document.
    Json(&'a Value),
    /// A regex.
    Regex(&'a JsRegex),
    /// A string method read without a call (`@.name.match`): a function, so truthy.
    Method(&'static str),
}

/// The string methods a filter may read as values (JavaScript gives the function).
const STRING_METHODS: &[&str] =
    &["match", "test", "includes", "startsWith", "endsWith", "toLowerCase", "toUpperCase", "indexOf"];

impl<'a> Js<'a> {
    /// Wraps a document value.
    #[must_use]
    pub fn of(value: &'a Value) -> Self {
        match value {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => Self::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Self::Str(Cow::Borrowed(s)),
            other => Self::Json(other),
        }
    }

    /// JavaScript truthiness.
    #[must_use]
    pub fn truthy(&self) -> bool {
        match self {
            Self::Undefined | Self::Null => false,
            Self::Bool(b) => *b,
            Self::Num(n) => *n != 0.0 && !n.is_nan(),
            Self::Str(s) => !s.is_empty(),
            Self::Json(_) | Self::Regex(_) | Self::Method(_) => true,
        }
    }
}

/// Why evaluation stopped.
#[derive(Debug)]
enum Stop {
    /// A value of the wrong type (`.match` on an array): the candidate does not match.
    Type,
    /// A regex hit its backtracking limit: whether the candidate matches is unknown.
    Undecided,
}

type Eval<'a> = Result<Js<'a>, Stop>;

/// A filter could not be decided for a candidate: a regex of the filter hit its backtracking
/// limit (the candidate is neither selected nor passed over, it is reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undecided;

impl Expr {
    /// Whether the candidate in `scope` matches; [`Undecided`] when a regex gave up.
    pub fn matches(&self, scope: &Scope<'_>) -> Result<bool, Undecided> {
        match self.eval(scope) {
            Ok(value) => Ok(value.truthy()),
            Err(Stop::Type) => Ok(false),
            Err(Stop::Undecided) => Err(Undecided),
        }
    }

    /// Evaluates the expression; literals are borrowed from it (no allocation per candidate).
    fn eval<'a>(&'a self, scope: &Scope<'a>) -> Eval<'a> {
        Ok(match self {
            Self::Lit(lit) => match lit {
                Lit::Undefined => Js::Undefined,
                Lit::Null => Js::Null,
                Lit::Bool(b) => Js::Bool(*b),
                Lit::Num(n) => Js::Num(*n),
                Lit::Str(s) => Js::Str(Cow::Borrowed(s)),
                Lit::Regex(r) => Js::Regex(r),
            },
            Self::Var(var) => match var {
                Var::Current => Js::of(scope.current),
                Var::Property => scope.property.clone(),
                Var::Parent => scope.parent.map_or(Js::Undefined, Js::of),
                Var::ParentProperty => scope.parent_property.clone(),
                Var::Path => Js::Str(Cow::Owned(scope.path.clone())),
                Var::Root => Js::of(scope.root),
            },
            Self::Not(e) => Js::Bool(!e.eval(scope)?.truthy()),
            Self::TypeOf(e) => Js::Str(Cow::Borrowed(type_of(&e.eval(scope)?))),
            Self::Binary(a, Op::And, b) => {
                let left = a.eval(scope)?;
                if left.truthy() { b.eval(scope)? } else { left }
            }
            Self::Binary(a, Op::Or, b) => {
                let left = a.eval(scope)?;
                if left.truthy() { left } else { b.eval(scope)? }
            }
            Self::Binary(a, op, b) => Js::Bool(compare(&a.eval(scope)?, *op, &b.eval(scope)?)),
            Self::Member(object, key) => member(object.eval(scope)?, &key.eval(scope)?, scope)?,
            Self::Call(object, method, args) => {
                let receiver = object.eval(scope)?;
                let args = args.iter().map(|a| a.eval(scope)).collect::<Result<Vec<_>, _>>()?;
                call(&receiver, method, &args)?
            }
        })
    }
}

fn type_of(value: &Js<'_>) -> &'static str {
    match value {
        Js::Undefined => "undefined",
        Js::Bool(_) => "boolean",
        Js::Num(_) => "number",
        Js::Str(_) => "string",
        Js::Null | Js::Json(_) | Js::Regex(_) => "object",
        Js::Method(_) => "function",
    }
}

fn member<'a>(object: Js<'a>, key: &Js<'_>, scope: &Scope<'a>) -> Eval<'a> {
    let name: Cow<'_, str> = match key {
        Js::Str(s) => Cow::Borrowed(s.as_ref()),
        Js::Num(n) => Cow::Owned(format_num(*n)),
        _ => return Err(Stop::Type),
    };
    match object {
        Js::Undefined | Js::Null => Err(Stop::Type),
        Js::Str(s) if name == "length" => Ok(Js::Num(s.encode_utf16().count() as f64)),
        // `@property[0]`: a string's UTF-16 code unit, as a one-unit string (italia's rules).
        Js::Str(s) if is_index(&name) => Ok(name
            .parse::<usize>()
            .ok()
            .and_then(|i| s.encode_utf16().nth(i))
            .map_or(Js::Undefined, |unit| Js::Str(Cow::Owned(String::from_utf16_lossy(&[unit]))))),
        Js::Str(_) | Js::Json(Value::String(_)) if STRING_METHODS.contains(&name.as_ref()) => {
            Ok(Js::Method(STRING_METHODS.iter().find(|m| **m == name.as_ref()).copied().unwrap_or("match")))
        }
        Js::Json(Value::Array(items)) if name == "length" => Ok(Js::Num(items.len() as f64)),
        Js::Json(value) => {
            let follow = |v: &'a Value| scope.resolver.and_then(|refs| refs.follow(v)).map_or(v, |(target, _)| target);
            let value = follow(value);
            let found = match value {
                Value::Object(map) => map.get(name.as_ref()),
                Value::Array(items) => name.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            Ok(found.map_or(Js::Undefined, |v| Js::of(follow(v))))
        }
        _ => Ok(Js::Undefined),
    }
}

/// Whether `re` matches `text`; a match the regex gave up on stops the filter undecided.
fn regex_match<'a>(re: &JsRegex, text: &str) -> Eval<'a> {
    re.try_match(text).map(Js::Bool).ok_or(Stop::Undecided)
}

/// Whether a property name is an array index as JavaScript reads one (`0`, `12`; not `01`).
fn is_index(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) && (name == "0" || !name.starts_with('0'))
}

fn call<'a>(receiver: &Js<'a>, method: &str, args: &[Js<'_>]) -> Eval<'a> {
    let arg = args.first();
    match (receiver, method) {
        (Js::Str(s), "match" | "test") => match arg {
            Some(Js::Regex(re)) => regex_match(re, s),
            Some(Js::Str(pattern)) => regex_match(&JsRegex::new(pattern, "").map_err(|_| Stop::Type)?, s),
            _ => Err(Stop::Type),
        },
        (Js::Regex(re), "test") => match arg {
            Some(Js::Str(s)) => regex_match(re, s),
            Some(other) => regex_match(re, &to_text(other)),
            None => Err(Stop::Type),
        },
        (Js::Str(s), "includes") => Ok(Js::Bool(arg.is_some_and(|a| s.contains(to_text(a).as_str())))),
        (Js::Str(s), "startsWith") => Ok(Js::Bool(arg.is_some_and(|a| s.starts_with(to_text(a).as_str())))),
        (Js::Str(s), "endsWith") => Ok(Js::Bool(arg.is_some_and(|a| s.ends_with(to_text(a).as_str())))),
        (Js::Str(s), "toLowerCase") => Ok(Js::Str(Cow::Owned(s.to_lowercase()))),
        (Js::Str(s), "toUpperCase") => Ok(Js::Str(Cow::Owned(s.to_uppercase()))),
        (Js::Str(s), "indexOf") => {
            let needle = to_text(arg.ok_or(Stop::Type)?);
            Ok(Js::Num(s.find(needle.as_str()).map_or(-1.0, |i| s[..i].encode_utf16().count() as f64)))
        }
        (Js::Json(Value::Array(items)), "includes") => {
            Ok(Js::Bool(arg.is_some_and(|a| items.iter().any(|item| compare(&Js::of(item), Op::StrictEq, a)))))
        }
        (Js::Json(Value::Object(map)), "hasOwnProperty") => {
            Ok(Js::Bool(arg.is_some_and(|a| map.contains_key(to_text(a).as_str()))))
        }
        _ => Err(Stop::Type),
    }
}

fn format_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}

fn to_text(value: &Js<'_>) -> String {
    match value {
        Js::Undefined => "undefined".to_owned(),
        Js::Null => "null".to_owned(),
        Js::Bool(b) => b.to_string(),
        Js::Num(n) => format_num(*n),
        Js::Str(s) => s.to_string(),
        Js::Json(Value::Array(items)) => items.iter().map(|v| to_text(&Js::of(v))).collect::<Vec<_>>().join(","),
        Js::Json(_) => "[object Object]".to_owned(),
        Js::Regex(re) => re.source().to_owned(),
        Js::Method(name) => format!("function {name}() {{ [native code] }}"),
    }
}

fn to_number(value: &Js<'_>) -> f64 {
    match value {
        Js::Null => 0.0,
        Js::Bool(b) => f64::from(u8::from(*b)),
        Js::Num(n) => *n,
        Js::Str(s) if s.trim().is_empty() => 0.0,
        Js::Str(s) => s.trim().parse().unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}

fn strict_eq(a: &Js<'_>, b: &Js<'_>) -> bool {
    match (a, b) {
        (Js::Undefined, Js::Undefined) | (Js::Null, Js::Null) => true,
        (Js::Bool(x), Js::Bool(y)) => x == y,
        (Js::Num(x), Js::Num(y)) => x == y,
        (Js::Str(x), Js::Str(y)) => x == y,
        (Js::Json(x), Js::Json(y)) => std::ptr::eq(*x, *y),
        (Js::Method(x), Js::Method(y)) => x == y,
        _ => false,
    }
}

fn loose_eq(a: &Js<'_>, b: &Js<'_>) -> bool {
    match (a, b) {
        (Js::Undefined | Js::Null, Js::Undefined | Js::Null) => true,
        (Js::Undefined | Js::Null, _) | (_, Js::Undefined | Js::Null) => false,
        (Js::Json(_), Js::Json(_)) => strict_eq(a, b),
        (Js::Json(_), other) | (other, Js::Json(_)) => {
            let json = if matches!(a, Js::Json(_)) { a } else { b };
            to_text(json) == to_text(other)
        }
        (Js::Str(x), Js::Str(y)) => x == y,
        _ => to_number(a) == to_number(b),
    }
}

fn compare(a: &Js<'_>, op: Op, b: &Js<'_>) -> bool {
    match op {
        Op::Eq => loose_eq(a, b),
        Op::Ne => !loose_eq(a, b),
        Op::StrictEq => strict_eq(a, b),
        Op::StrictNe => !strict_eq(a, b),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => {
            if let (Js::Str(x), Js::Str(y)) = (a, b) {
                let ord = x.cmp(y);
                return match op {
                    Op::Lt => ord.is_lt(),
                    Op::Le => ord.is_le(),
                    Op::Gt => ord.is_gt(),
                    _ => ord.is_ge(),
                };
            }
            let (x, y) = (to_number(a), to_number(b));
            match op {
                Op::Lt => x < y,
                Op::Le => x <= y,
                Op::Gt => x > y,
                _ => x >= y,
            }
        }
        Op::And | Op::Or => false,
    }
}

/// Parses a filter expression (the text between `?(` and `)`).
pub fn parse(text: &str) -> Result<Expr, String> {
    let mut parser = Parser { chars: text.chars().collect(), pos: 0, depth: 0 };
    let expr = parser.or()?;
    parser.ws();
    if parser.pos < parser.chars.len() {
        return Err(format!("unexpected `{}` in filter expression `{text}`", parser.chars[parser.pos]));
    }
    Ok(expr)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

/// Deepest nesting of parentheses and operators in one filter.
const MAX_EXPR_DEPTH: usize = 64;

impl Parser {
    fn ws(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.ws();
        let end = self.pos + token.chars().count();
        if end <= self.chars.len() && self.chars[self.pos..end].iter().copied().eq(token.chars()) {
            self.pos = end;
            return true;
        }
        false
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH { Err("filter expression is nested too deeply".to_owned()) } else { Ok(()) }
    }

    fn or(&mut self) -> Result<Expr, String> {
        self.enter()?;
        let mut left = self.and()?;
        while self.eat("||") {
            left = Expr::Binary(Box::new(left), Op::Or, Box::new(self.and()?));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.comparison()?;
        while self.eat("&&") {
            left = Expr::Binary(Box::new(left), Op::And, Box::new(self.comparison()?));
        }
        Ok(left)
    }

    fn comparison(&mut self) -> Result<Expr, String> {
        let left = self.unary()?;
        const OPS: [(&str, Op); 8] = [
            ("===", Op::StrictEq),
            ("!==", Op::StrictNe),
            ("==", Op::Eq),
            ("!=", Op::Ne),
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("<", Op::Lt),
            (">", Op::Gt),
        ];
        for (token, op) in OPS {
            if self.eat(token) {
                return Ok(Expr::Binary(Box::new(left), op, Box::new(self.unary()?)));
            }
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        self.enter()?;
        let expr = if self.eat("!") {
            Expr::Not(Box::new(self.unary()?))
        } else if self.eat("void ") {
            self.unary()?;
            Expr::Lit(Lit::Undefined)
        } else if self.eat("typeof ") {
            Expr::TypeOf(Box::new(self.unary()?))
        } else {
            self.postfix()?
        };
        self.depth -= 1;
        Ok(expr)
    }

    fn postfix(&mut self) -> Result<Expr, String> {
        let mut expr = self.primary()?;
        loop {
            self.ws();
            match self.chars.get(self.pos) {
                Some('.') => {
                    self.pos += 1;
                    let name = self.ident();
                    if name.is_empty() {
                        return Err("expected a name after `.`".to_owned());
                    }
                    if self.eat("(") {
                        let args = self.args()?;
                        expr = Expr::Call(Box::new(expr), name, args);
                    } else {
                        expr = Expr::Member(Box::new(expr), Box::new(Expr::Lit(Lit::Str(name))));
                    }
                }
                Some('[') => {
                    self.pos += 1;
                    let key = self.or()?;
                    if !self.eat("]") {
                        return Err("expected `]`".to_owned());
                    }
                    expr = Expr::Member(Box::new(expr), Box::new(key));
                }
                _ => return Ok(expr),
            }
        }
    }

    fn args(&mut self) -> Result<Vec<Expr>, String> {
        let mut args = Vec::new();
        if self.eat(")") {
            return Ok(args);
        }
        loop {
            args.push(self.or()?);
            if self.eat(")") {
                return Ok(args);
            }
            if !self.eat(",") {
                return Err("expected `,` or `)` in call".to_owned());
            }
        }
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '$') {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn primary(&mut self) -> Result<Expr, String> {
        self.ws();
        let Some(&c) = self.chars.get(self.pos) else { return Err("unexpected end of filter expression".to_owned()) };
        match c {
            '(' => {
                self.pos += 1;
                let e = self.or()?;
                if !self.eat(")") {
                    return Err("expected `)`".to_owned());
                }
                Ok(e)
            }
            '@' | '$' => {
                self.pos += 1;
                let name = self.ident();
                let var = match (c, name.as_str()) {
                    ('@', "") => Var::Current,
                    ('$', "") | ('@', "root") => Var::Root,
                    ('@', "property") => Var::Property,
                    ('@', "parent") => Var::Parent,
                    ('@', "parentProperty") => Var::ParentProperty,
                    ('@', "path") => Var::Path,
                    _ => return Err(format!("unknown variable `{c}{name}`")),
                };
                Ok(Expr::Var(var))
            }
            '\'' | '"' => Ok(Expr::Lit(Lit::Str(self.string(c)?))),
            '/' => self.regex(),
            '-' | '0'..='9' => {
                let start = self.pos;
                self.pos += 1;
                while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                text.parse().map(|n| Expr::Lit(Lit::Num(n))).map_err(|_| format!("invalid number `{text}`"))
            }
            _ => match self.ident().as_str() {
                "true" => Ok(Expr::Lit(Lit::Bool(true))),
                "false" => Ok(Expr::Lit(Lit::Bool(false))),
                "null" => Ok(Expr::Lit(Lit::Null)),
                "undefined" => Ok(Expr::Lit(Lit::Undefined)),
                other => Err(format!(
                    "unsupported token `{}` in filter expression",
                    if other.is_empty() { c.to_string() } else { other.to_owned() }
                )),
            },
        }
    }

    fn string(&mut self, quote: char) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        while let Some(&c) = self.chars.get(self.pos) {
            self.pos += 1;
            match c {
                '\\' => {
                    let escaped = self.chars.get(self.pos).copied().ok_or("unterminated string")?;
                    self.pos += 1;
                    out.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                c if c == quote => return Ok(out),
                c => out.push(c),
            }
        }
        Err("unterminated string in filter expression".to_owned())
    }

    fn regex(&mut self) -> Result<Expr, String> {
        self.pos += 1;
        let mut source = String::new();
        let mut in_class = false;
        loop {
            let c = *self.chars.get(self.pos).ok_or("unterminated regex literal")?;
            self.pos += 1;
            match c {
                '\\' => {
                    source.push(c);
                    source.push(*self.chars.get(self.pos).ok_or("unterminated regex literal")?);
                    self.pos += 1;
                }
                '[' => {
                    in_class = true;
                    source.push(c);
                }
                ']' => {
                    in_class = false;
                    source.push(c);
                }
                '/' if !in_class => break,
                c => source.push(c),
            }
        }
        let flags = self.ident();
        let regex = JsRegex::new(&source, &flags)?;
        Ok(Expr::Lit(Lit::Regex(Arc::new(regex))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A candidate without a parent, at the root of an empty document.
    fn scope<'a>(current: &'a Value, property: Js<'a>, root: &'a Value) -> Scope<'a> {
        Scope {
            current,
            property,
            parent: None,
            parent_property: Js::Undefined,
            path: "$".to_owned(),
            root,
            resolver: None,
        }
    }

    fn check(expr: &str, current: &Value, property: Js<'_>) -> bool {
        let root = json!({});
        parse(expr).unwrap().matches(&scope(current, property, &root)).unwrap()
    }

    #[test]
    fn evaluates_spectral_style_filters() {
        let v = json!({"in": "query", "parameters": [1, 2]});
        let prop = |s: &'static str| Js::Str(Cow::Borrowed(s));
        assert!(check("@.in=='query'", &v, Js::Undefined));
        assert!(check("@property && @property.match(/(2|3)\\d\\d/)", &v, prop("200")));
        assert!(!check("@property && @property.match(/(2|3)\\d\\d/)", &v, prop("404")));
        assert!(check("@property.match(/(description|summary)/i)", &v, prop("Summary")));
        assert!(check("@.parameters && @.parameters.length > 0", &v, Js::Undefined));
        assert!(check("@property==\"a\" || @property==\"b\"", &v, prop("b")));
        assert!(check("!@property.match(/x/)", &v, prop("y")));
        assert!(check("typeof @.in === 'string'", &v, Js::Undefined));
        // A string method read without a call is a function (italia's operationId rule).
        assert!(check("@.in && @.in.match && @.in.match(/^QUE/i)", &v, Js::Undefined));
        assert!(check("typeof @.in.match === 'function'", &v, Js::Undefined));
        assert!(!check("@.parameters.match", &v, Js::Undefined));
        // A string indexed like an array gives one character (italia's `missing-ratelimit`).
        let status = "@property[0] == \"2\" || (@property[0] == \"4\" && @property != \"429\")";
        assert!(check(status, &v, prop("200")));
        assert!(check(status, &v, prop("404")));
        assert!(!check(status, &v, prop("429")));
        assert!(!check(status, &v, prop("500")));
        assert!(!check("@property[3]", &v, prop("200")));
        assert!(!check("@property['01']", &v, prop("200")));
        assert!(check("@property[1] === '\u{e9}'", &v, prop("\u{e9}\u{e9}")));
    }

    #[test]
    fn a_regex_that_gives_up_leaves_the_candidate_undecided() {
        let root = json!({});
        let current = json!("x");
        let scope = |property| scope(&current, property, &root);
        let catastrophic = parse("@property.match(/(x+x+)+y\\1/)").unwrap();
        let long = "x".repeat(50);
        assert_eq!(catastrophic.matches(&scope(Js::Str(Cow::Borrowed(&long)))), Err(Undecided));
        assert_eq!(catastrophic.matches(&scope(Js::Str(Cow::Borrowed("xxyxx")))), Ok(true));
        // `||` short-circuits as in JavaScript: the regex is never run.
        let guarded = parse("@property === 'a' || /(x+x+)+y\\1/.test(@property)").unwrap();
        assert_eq!(guarded.matches(&scope(Js::Str(Cow::Borrowed("a")))), Ok(true));
        assert_eq!(guarded.matches(&scope(Js::Str(Cow::Borrowed(&long)))), Err(Undecided));
    }

    #[test]
    fn wrong_types_do_not_match() {
        let v = json!(1);
        assert!(!check("@property.match(/x/)", &v, Js::Num(1.0)));
        assert!(!check("@.a.b.c == 1", &v, Js::Undefined));
        assert!(parse("@.x; process.exit()").is_err());
    }
}
