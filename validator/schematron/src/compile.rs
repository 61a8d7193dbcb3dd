//! Compiling a schema's XPath expressions once, for the phase run.

use std::rc::Rc;

use xot::xmlname::OwnedName;

use crate::SchemaError;
use crate::deferred::{Deferred, DeferredAll, Scope};
use crate::matcher::{Branch, Step};
use crate::model::{Check, CheckKind, Let, Message, Part, Pattern, Schema, SourcePos};

/// A `let`, compiled.
pub(crate) struct CompiledLet {
    pub name: OwnedName,
    pub query: Deferred,
    pub pos: SourcePos,
}

/// A message part, compiled.
pub(crate) enum CompiledPart {
    Text(String),
    /// `value-of` and `name` (compiled as `name(path)`).
    Eval(Deferred),
}

/// An assert or report, compiled.
pub(crate) struct CompiledCheck {
    pub kind: CheckKind,
    pub id: Option<String>,
    pub test_text: String,
    pub test: Deferred,
    /// The test, when it is decided without an XPath evaluation (see `native_test`).
    pub native: Option<crate::native_test::Test>,
    /// The test's conjuncts, evaluated in order when the test raises an error (see
    /// `operands`); empty when the test is no conjunction or one of them does not compile.
    /// Compiled at the first error.
    pub conjuncts: DeferredAll,
    pub flag: Option<String>,
    pub role: Option<String>,
    pub message: Vec<CompiledPart>,
    pub diagnostics: Vec<(String, Vec<CompiledPart>)>,
    pub properties: Vec<CompiledProperty>,
    pub pos: SourcePos,
}

/// A property reference, compiled.
pub(crate) struct CompiledProperty {
    pub id: String,
    pub role: Option<String>,
    pub scheme: Option<String>,
    pub message: Vec<CompiledPart>,
}

/// A predicate of a natively matched rule context: decided natively when it is a test
/// `native_test` decides, else `boolean((P))` evaluated.
pub(crate) struct Predicate {
    pub native: Option<crate::native_test::Test>,
    pub query: Deferred,
}

/// A rule, compiled.
pub(crate) struct CompiledRule {
    pub id: Option<String>,
    pub context: String,
    /// Selects, from the document node, every node the context pattern matches; compiled
    /// (and its errors reported) with the schema when there is no `matcher`, else when first
    /// used (never, in a run).
    pub selector: Deferred,
    /// The context matched natively (see `matcher`); `None`: `selector` is evaluated
    /// instead.
    pub matcher: Option<Vec<Branch<Predicate>>>,
    pub lets: Vec<CompiledLet>,
    pub checks: Vec<CompiledCheck>,
    pub pos: SourcePos,
}

/// A pattern, compiled.
pub(crate) struct CompiledPattern {
    pub id: Option<String>,
    pub rules: Vec<CompiledRule>,
}

/// A schema compiled for one phase: every expression parsed once, reused for every document.
pub struct Validator {
    pub(crate) title: Option<String>,
    pub(crate) phase: Option<String>,
    pub(crate) globals: Vec<CompiledLet>,
    pub(crate) patterns: Vec<CompiledPattern>,
}

struct Compiler<'s> {
    schema: &'s Schema,
    namespaces: Rc<[(String, String)]>,
    /// `None`: compile every expression now, reporting its errors (then `native` says which
    /// rule contexts were matched natively); `Some`: a schema [`Validator::compile`]
    /// accepted, compiled again on another thread: expressions are compiled when first
    /// used, and the rules of `native` are matched natively as there.
    lazy: Option<&'s [bool]>,
}

impl Validator {
    /// Compiles `schema` for `phase` (`None`: the default phase, or every pattern; `#ALL`:
    /// every pattern; `#DEFAULT`: the default phase).
    pub fn compile(schema: &Schema, phase: Option<&str>) -> Result<Self, SchemaError> {
        Self::compile_with(schema, phase, None)
    }

    /// Which rules of the active patterns (in order) have their context matched natively:
    /// what [`Validator::compile_lazy`] takes.
    #[must_use]
    pub fn native_rules(&self) -> Vec<bool> {
        self.patterns.iter().flat_map(|p| &p.rules).map(|r| r.matcher.is_some()).collect()
    }

    /// Compiles `schema` for `phase` as [`Validator::compile`] did, on another thread, with
    /// `native` its [`Validator::native_rules`]: each expression is compiled when first used
    /// (a rule that never fires costs nothing). An expression that does not compile then
    /// (never, for the schema `compile` accepted) is an evaluation error, never a pass.
    pub fn compile_lazy(schema: &Schema, phase: Option<&str>, native: &[bool]) -> Result<Self, SchemaError> {
        Self::compile_with(schema, phase, Some(native))
    }

    fn compile_with(schema: &Schema, phase: Option<&str>, lazy: Option<&[bool]>) -> Result<Self, SchemaError> {
        let phase = match phase {
            None | Some("#DEFAULT") => schema.default_phase.as_deref(),
            Some(p) => Some(p),
        }
        .filter(|p| *p != "#ALL");
        let phase_def = match phase {
            Some(id) => Some(schema.phases.iter().find(|p| p.id == id).ok_or_else(|| {
                let known: Vec<&str> = schema.phases.iter().map(|p| p.id.as_str()).collect();
                SchemaError::new(format!("no phase `{id}` (phases: {}, #ALL)", known.join(", ")))
            })?),
            None => None,
        };
        let active: Vec<&Pattern> = match phase_def {
            Some(def) => {
                for id in &def.active {
                    if !schema.patterns.iter().any(|p| p.id.as_deref() == Some(id)) {
                        return Err(SchemaError::at(def.pos.clone(), format!("phase `{}`: no pattern `{id}`", def.id)));
                    }
                }
                schema.patterns.iter().filter(|p| p.id.as_ref().is_some_and(|id| def.active.contains(id))).collect()
            }
            None => schema.patterns.iter().collect(),
        };
        let namespaces: Rc<[(String, String)]> = schema.namespaces.iter().cloned().collect();
        let compiler = Compiler { schema, namespaces, lazy };
        let mut rule_index = 0;
        let mut scope: Vec<OwnedName> = Vec::new();
        let mut globals = Vec::new();
        let global_lets = schema
            .lets
            .iter()
            .chain(phase_def.into_iter().flat_map(|p| p.lets.iter()))
            .chain(active.iter().flat_map(|p| p.lets.iter()));
        for l in global_lets {
            globals.push(compiler.compile_let(l, &mut scope)?);
        }
        let mut patterns = Vec::with_capacity(active.len());
        for pattern in active {
            let mut rules = Vec::with_capacity(pattern.rules.len());
            for rule in &pattern.rules {
                let matcher = compiler.matcher(&rule.context, &scope, &rule.pos, rule_index);
                rule_index += 1;
                let selector = Deferred::new(selector(&rule.context), compiler.scope(&scope));
                if matcher.is_none() && lazy.is_none() {
                    selector.get().map_err(|err| SchemaError::at(rule.pos.clone(), err.to_owned()))?;
                }
                let mut rule_scope = scope.clone();
                let mut lets = Vec::with_capacity(rule.lets.len());
                for l in &rule.lets {
                    lets.push(compiler.compile_let(l, &mut rule_scope)?);
                }
                let checks =
                    rule.checks.iter().map(|c| compiler.check(c, &rule_scope)).collect::<Result<Vec<_>, _>>()?;
                rules.push(CompiledRule {
                    id: rule.id.clone(),
                    context: rule.context.clone(),
                    selector,
                    matcher,
                    lets,
                    checks,
                    pos: rule.pos.clone(),
                });
            }
            patterns.push(CompiledPattern { id: pattern.id.clone(), rules });
        }
        Ok(Self { title: schema.title.clone(), phase: phase.map(str::to_owned), globals, patterns })
    }

    /// The number of active patterns.
    #[must_use]
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }
}

impl Compiler<'_> {
    fn scope(&self, variables: &[OwnedName]) -> Scope {
        Scope { namespaces: Rc::clone(&self.namespaces), variables: variables.into() }
    }

    /// `text` in `scope`: compiled now (its error is the schema's) unless lazy.
    fn expression(&self, text: &str, scope: &[OwnedName], pos: &SourcePos) -> Result<Deferred, SchemaError> {
        // The namespaces are shared; only the variables in scope are copied.
        let query = Deferred::new(text.to_owned(), self.scope(scope));
        if self.lazy.is_none() {
            query.get().map_err(|err| SchemaError::at(pos.clone(), err.to_owned()))?;
        }
        Ok(query)
    }

    /// The schema's namespaces as (prefix, URI) pairs.
    fn namespace_pairs(&self) -> Vec<(&str, &str)> {
        self.namespaces.iter().map(|(p, u)| (p.as_str(), u.as_str())).collect()
    }

    /// The context's branches with their predicates compiled, when it can be matched
    /// natively and every predicate compiles (lazily: when rule `index` was matched
    /// natively by the eager compile); else `None` (the selector runs).
    fn matcher(
        &self,
        context: &str,
        scope: &[OwnedName],
        pos: &SourcePos,
        index: usize,
    ) -> Option<Vec<Branch<Predicate>>> {
        if self.lazy.is_some_and(|native| !native.get(index).copied().unwrap_or(false)) {
            return None;
        }
        let branches = crate::matcher::parse(context, &self.namespace_pairs())?;
        let mut out = Vec::with_capacity(branches.len());
        for branch in branches {
            let mut steps = Vec::with_capacity(branch.steps.len());
            for step in branch.steps {
                let mut predicates = Vec::with_capacity(step.predicates.len());
                for p in step.predicates {
                    let text = format!("boolean(({p}))");
                    // Compiled only when asked for, as a natively decided test is.
                    let native = crate::native_test::parse(p, &self.namespace_pairs());
                    let query = match native {
                        Some(_) => Deferred::new(text, self.scope(scope)),
                        None => self.expression(&text, scope, pos).ok()?,
                    };
                    predicates.push(Predicate { native, query });
                }
                steps.push(Step { test: step.test, predicates });
            }
            out.push(Branch { absolute: branch.absolute, steps, attribute: branch.attribute });
        }
        Some(out)
    }

    fn compile_let(&self, l: &Let, scope: &mut Vec<OwnedName>) -> Result<CompiledLet, SchemaError> {
        let query = self.expression(&l.value, scope, &l.pos)?;
        let name = OwnedName::name(&l.name);
        scope.retain(|n| *n != name);
        scope.push(name.clone());
        Ok(CompiledLet { name, query, pos: l.pos.clone() })
    }

    fn message(&self, message: &Message, scope: &[OwnedName]) -> Result<Vec<CompiledPart>, SchemaError> {
        message
            .0
            .iter()
            .map(|part| match part {
                Part::Text(text) => Ok(CompiledPart::Text(text.clone())),
                Part::ValueOf { select, pos } => Ok(CompiledPart::Eval(self.expression(select, scope, pos)?)),
                Part::Name { path, pos } => {
                    let expr = path.as_ref().map_or_else(|| "name()".to_owned(), |p| format!("name({p})"));
                    Ok(CompiledPart::Eval(self.expression(&expr, scope, pos)?))
                }
            })
            .collect()
    }

    fn check(&self, check: &Check, scope: &[OwnedName]) -> Result<CompiledCheck, SchemaError> {
        let mut diagnostics = Vec::with_capacity(check.diagnostics.len());
        for id in &check.diagnostics {
            let message = self
                .schema
                .diagnostics
                .get(id)
                .ok_or_else(|| SchemaError::at(check.pos.clone(), format!("no diagnostic `{id}`")))?;
            diagnostics.push((id.clone(), self.message(message, scope)?));
        }
        let mut properties = Vec::with_capacity(check.properties.len());
        for id in &check.properties {
            let property = self
                .schema
                .properties
                .get(id)
                .ok_or_else(|| SchemaError::at(check.pos.clone(), format!("no property `{id}`")))?;
            properties.push(CompiledProperty {
                id: id.clone(),
                role: property.role.clone(),
                scheme: property.scheme.clone(),
                message: self.message(&property.message, scope)?,
            });
        }
        // A test decided natively is compiled only if something asks for its XPath: the
        // native grammar is a subset of XPath with every prefix declared and every function
        // of the right arity, so compiling it now could report no schema error (a test of
        // this module compiles every EN 16931 test the native grammar takes).
        let native = crate::native_test::parse(&check.test, &self.namespace_pairs());
        let test = match native {
            Some(_) => Deferred::new(check.test.clone(), self.scope(scope)),
            None => self.expression(&check.test, scope, &check.pos)?,
        };
        Ok(CompiledCheck {
            kind: check.kind,
            id: check.id.clone(),
            test_text: check.test.clone(),
            test,
            native,
            conjuncts: DeferredAll::new(crate::operands::conjuncts(&check.test), self.scope(scope)),
            flag: check.flag.clone(),
            role: check.role.clone(),
            message: self.message(&check.message, scope)?,
            diagnostics,
            properties,
            pos: check.pos.clone(),
        })
    }
}

/// The XPath expression that selects, from the document node, every node an XSLT match
/// pattern matches: each alternative of the union that is not absolute is looked for at
/// any depth (`//`).
#[must_use]
pub fn selector(pattern: &str) -> String {
    let branches: Vec<String> = split_union(pattern)
        .into_iter()
        .map(|b| {
            let b = b.trim();
            if b.starts_with('/') { format!("({b})") } else { format!("(//{b})") }
        })
        .collect();
    branches.join(" | ")
}

/// Splits `text` at the `|` (and `union`) operators outside brackets and string literals.
pub(crate) fn split_union(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
        } else {
            match b {
                b'\'' | b'"' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b'|' if depth == 0 && bytes.get(i + 1) != Some(&b'|') => {
                    out.push(&text[start..i]);
                    start = i + 1;
                }
                b'u' if depth == 0 && is_union_keyword(text, i) => {
                    out.push(&text[start..i]);
                    start = i + 5;
                    i += 4;
                }
                _ => {}
            }
        }
        i += 1;
    }
    out.push(&text[start..]);
    out
}

fn is_union_keyword(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].strip_prefix("union").and_then(|rest| rest.chars().next());
    text[at..].starts_with("union")
        && before.is_some_and(char::is_whitespace)
        && after.is_some_and(|c| c.is_whitespace() || c == '(' || c == '/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_alternatives_match_at_any_depth() {
        assert_eq!(selector("cac:A | /ubl:Invoice"), "(//cac:A) | (/ubl:Invoice)");
        assert_eq!(selector("a[b = 'x|y'] union c"), "(//a[b = 'x|y']) | (//c)");
        assert_eq!(selector("a[b | c]"), "(//a[b | c])");
    }

    /// The tests decided natively are not compiled with the schema: each of them in the
    /// EN 16931 schemas must compile as XPath, so skipping it hides no schema error.
    #[test]
    fn natively_decided_tests_compile_as_xpath() {
        let Some(root) = conform_testing::corpus("en16931") else { return };
        for path in ["ubl/schematron/EN16931-UBL-validation.sch", "cii/schematron/EN16931-CII-validation.sch"] {
            let schema = crate::read_file(&root.join(path)).unwrap_or_else(|e| panic!("{e}"));
            let validator = Validator::compile(&schema, None).unwrap_or_else(|e| panic!("{e}"));
            let checks: Vec<&CompiledCheck> =
                validator.patterns.iter().flat_map(|p| &p.rules).flat_map(|r| &r.checks).collect();
            let native: Vec<&&CompiledCheck> = checks.iter().filter(|c| c.native.is_some()).collect();
            for check in &native {
                assert!(check.test.get().is_ok(), "{path}: `{}` does not compile", check.test_text);
            }
            assert!(native.len() * 2 > checks.len(), "{path}: {} of {} tests native", native.len(), checks.len());
        }
    }
}
