//! Expressions compiled when first needed: a rule context matched natively never runs its
//! XPath selector, and a test's conjuncts run only when the test raises an error, so most
//! of them are never compiled (compiling was a third of a run on the EN 16931 examples).

use std::cell::OnceCell;
use std::rc::Rc;

use xee_xpath::Queries;
use xee_xpath::context::StaticContextBuilder;
use xee_xpath::query::SequenceQuery;
use xot::xmlname::OwnedName;

/// The static context of an expression: the schema's namespaces and the variables in scope.
pub(crate) struct Scope {
    pub namespaces: Rc<[(String, String)]>,
    pub variables: Rc<[OwnedName]>,
}

/// Compiles `text` (after the `//` rewrite of `descend`) in `scope`.
pub(crate) fn compile(text: &str, scope: &Scope) -> Result<SequenceQuery, String> {
    let mut builder = StaticContextBuilder::default();
    builder.namespaces(scope.namespaces.iter().map(|(p, u)| (p.as_str(), u.as_str())));
    builder.variable_names(scope.variables.iter().cloned());
    Queries::default()
        .sequence_with_context(&crate::descend::descendant_steps(text), builder.build())
        .map_err(|err| format!("XPath `{}`: {err}", text.trim()))
}

/// An expression and its scope, compiled on first use (once).
pub(crate) struct Deferred {
    text: String,
    scope: Scope,
    query: OnceCell<Result<SequenceQuery, String>>,
}

impl Deferred {
    pub fn new(text: String, scope: Scope) -> Self {
        Self { text, scope, query: OnceCell::new() }
    }

    /// The compiled expression, or why it does not compile.
    pub fn get(&self) -> Result<&SequenceQuery, &str> {
        self.query.get_or_init(|| compile(&self.text, &self.scope)).as_ref().map_err(String::as_str)
    }
}

/// Several expressions compiled together on first use, all or none (a test's conjuncts:
/// if one of them does not compile, none is evaluated).
pub(crate) struct DeferredAll {
    texts: Vec<String>,
    scope: Scope,
    queries: OnceCell<Vec<SequenceQuery>>,
}

impl DeferredAll {
    pub fn new(texts: Vec<String>, scope: Scope) -> Self {
        Self { texts, scope, queries: OnceCell::new() }
    }

    /// Every expression compiled; empty when there is none or one does not compile.
    pub fn get(&self) -> &[SequenceQuery] {
        self.queries.get_or_init(|| {
            self.texts.iter().map(|t| compile(t, &self.scope)).collect::<Result<Vec<_>, _>>().unwrap_or_default()
        })
    }
}
