//! What a validation found, in the order the ISO skeleton reports it.

use crate::compile::Validator;
use crate::model::SourcePos;

/// What an outcome is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    /// An `assert` whose test was false.
    FailedAssert,
    /// A `report` whose test was true.
    SuccessfulReport,
    /// A rule, `let` or test that could not be evaluated: never a pass.
    Error,
}

/// A property of an outcome, evaluated.
#[derive(Debug, Clone)]
pub struct PropertyText {
    /// Property id.
    pub id: String,
    /// `@role`.
    pub role: Option<String>,
    /// `@scheme`.
    pub scheme: Option<String>,
    /// The evaluated text.
    pub text: String,
}

/// A failed assert, a successful report or an evaluation error.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What it is.
    pub kind: OutcomeKind,
    /// The assert's or report's `@id` (for errors, the failing assert's or rule's).
    pub id: Option<String>,
    /// `@flag`.
    pub flag: Option<String>,
    /// `@role`.
    pub role: Option<String>,
    /// The test (for errors, the expression that failed).
    pub test: String,
    /// The message, with `value-of` and `name` evaluated, whitespace normalised.
    pub message: String,
    /// XPath of the context node.
    pub location: String,
    /// 1-based line of the context node.
    pub line: u32,
    /// 1-based column of the context node.
    pub column: u32,
    /// Diagnostics: id and evaluated text.
    pub diagnostics: Vec<(String, String)>,
    /// Properties, evaluated.
    pub properties: Vec<PropertyText>,
    /// Where the assert, report, rule or let is in the schema.
    pub source: SourcePos,
}

/// One step of a validation, in order.
#[derive(Debug, Clone)]
pub enum Event {
    /// A pattern starts.
    ActivePattern {
        /// Its id.
        id: Option<String>,
    },
    /// A rule fired on a node.
    FiredRule {
        /// The rule's id.
        id: Option<String>,
        /// Its context pattern.
        context: String,
    },
    /// A failed assert, successful report or error.
    Outcome(Outcome),
}

/// Everything one validation produced.
#[derive(Debug, Clone)]
pub struct Report {
    /// The schema's title.
    pub title: Option<String>,
    /// The phase run (`None`: every pattern).
    pub phase: Option<String>,
    /// Events, in order.
    pub events: Vec<Event>,
}

impl Report {
    pub(crate) fn new(validator: &Validator) -> Self {
        Self { title: validator.title.clone(), phase: validator.phase.clone(), events: Vec::new() }
    }

    /// Failed asserts, successful reports and errors.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome> {
        self.events.iter().filter_map(|e| if let Event::Outcome(o) = e { Some(o) } else { None })
    }
}
