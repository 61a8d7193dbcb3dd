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

/// Most brackets (`(`, `[`, `{`) an XPath may nest: xee-xpath parses, compiles and drops an
/// expression recursively, so its depth must stay far from the evaluator thread's stack.
pub(crate) const MAX_XPATH_NESTING: usize = 256;

/// Most tokens an XPath may have: a chain of binary operators (`a + b + ...`) is as deep as
/// it is long once parsed, and xee-xpath's compiler copies each level's subtree (time
/// quadratic in the chain: 8 000 additions took 2.4 s, 2 000 take 0.15 s).
pub(crate) const MAX_XPATH_TOKENS: usize = 4096;

/// Refuses an expression past [`MAX_XPATH_NESTING`] or [`MAX_XPATH_TOKENS`] before xee-xpath
/// recurses into it (docs/limits.md), in one pass of its lexer.
fn check_size(text: &str) -> Result<(), String> {
    use xee_xpath_lexer::Token;
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (count, (token, _)) in xee_xpath_lexer::lexer(text).enumerate() {
        if count >= MAX_XPATH_TOKENS {
            return Err(format!("more than {MAX_XPATH_TOKENS} tokens (docs/limits.md)"));
        }
        match token {
            Token::LeftParen | Token::LeftBracket | Token::LeftBrace => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Token::RightParen | Token::RightBracket | Token::RightBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
        if deepest > MAX_XPATH_NESTING {
            return Err(format!("more than {MAX_XPATH_NESTING} nested brackets (docs/limits.md)"));
        }
    }
    Ok(())
}

/// The start of `text` for a message: at most 120 characters.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(120) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Compiles `text` (after the `//` rewrite of `descend`) in `scope`.
pub(crate) fn compile(text: &str, scope: &Scope) -> Result<SequenceQuery, String> {
    check_size(text).map_err(|err| format!("XPath `{}`: {err}", excerpt(text)))?;
    let mut builder = StaticContextBuilder::default();
    builder.namespaces(scope.namespaces.iter().map(|(p, u)| (p.as_str(), u.as_str())));
    builder.variable_names(scope.variables.iter().cloned());
    Queries::default()
        .sequence_with_context(&crate::descend::descendant_steps(text), builder.build())
        .map_err(|err| format!("XPath `{}`: {err}", excerpt(text)))
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
