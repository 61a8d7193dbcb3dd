//! A Schematron schema after includes, abstract patterns and abstract rules are resolved.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// Where something is in a Schematron source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePos {
    /// The file, as given or resolved from an `include`.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl fmt::Display for SourcePos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// The `queryBinding` of a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryBinding {
    /// `xslt2`, `xpath2`, `xslt3`, `xpath3`, `xpath31`: run as written.
    XPath2Plus,
    /// `xslt` (the default) or `xpath`: XPath 1.0 expressions, run as XPath 3.1.
    XPath1,
}

/// A `let` variable.
#[derive(Debug, Clone)]
pub struct Let {
    /// The variable name (no prefix).
    pub name: String,
    /// The XPath expression giving its value.
    pub value: String,
    /// Where it is declared.
    pub pos: SourcePos,
}

/// One piece of a message (assert or report text, diagnostic, property).
#[derive(Debug, Clone)]
pub enum Part {
    /// Literal text.
    Text(String),
    /// `<value-of select="..."/>`.
    ValueOf {
        /// The XPath expression.
        select: String,
        /// Where it is.
        pos: SourcePos,
    },
    /// `<name/>` or `<name path="..."/>`.
    Name {
        /// The XPath expression selecting the node named, the context node when absent.
        path: Option<String>,
        /// Where it is.
        pos: SourcePos,
    },
}

/// Mixed text with evaluated parts.
#[derive(Debug, Clone, Default)]
pub struct Message(pub Vec<Part>);

/// Whether a check fires when its test is false (`assert`) or true (`report`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// Fires when the test is false.
    Assert,
    /// Fires when the test is true.
    Report,
}

/// An `assert` or `report`.
#[derive(Debug, Clone)]
pub struct Check {
    /// Assert or report.
    pub kind: CheckKind,
    /// `@id` (the rule id of findings, e.g. `BR-CO-15`).
    pub id: Option<String>,
    /// The XPath test.
    pub test: String,
    /// `@flag`, or the rule's.
    pub flag: Option<String>,
    /// `@role`, or the rule's.
    pub role: Option<String>,
    /// The natural-language message.
    pub message: Message,
    /// Ids of `diagnostic`s to add.
    pub diagnostics: Vec<String>,
    /// Ids of `property`s to add.
    pub properties: Vec<String>,
    /// Where it is.
    pub pos: SourcePos,
}

/// A concrete `rule`.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `@id`.
    pub id: Option<String>,
    /// The match pattern.
    pub context: String,
    /// Rule-level `let`s, in order.
    pub lets: Vec<Let>,
    /// Asserts and reports, in order (with those of extended abstract rules in place).
    pub checks: Vec<Check>,
    /// Where it is.
    pub pos: SourcePos,
}

/// A concrete `pattern`.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// `@id`.
    pub id: Option<String>,
    /// Pattern-level `let`s, evaluated once per document.
    pub lets: Vec<Let>,
    /// Rules, in order: the first whose context matches a node is the one that fires.
    pub rules: Vec<Rule>,
    /// Where it is.
    pub pos: SourcePos,
}

/// A `phase`.
#[derive(Debug, Clone)]
pub struct Phase {
    /// `@id`.
    pub id: String,
    /// Ids of the active patterns.
    pub active: Vec<String>,
    /// Phase-level `let`s.
    pub lets: Vec<Let>,
    /// Where it is.
    pub pos: SourcePos,
}

/// A `property` (ISO 2016).
#[derive(Debug, Clone)]
pub struct Property {
    /// `@role`.
    pub role: Option<String>,
    /// `@scheme`.
    pub scheme: Option<String>,
    /// The content.
    pub message: Message,
}

/// A whole Schematron schema, resolved.
#[derive(Debug, Clone)]
pub struct Schema {
    /// `queryBinding`.
    pub query_binding: QueryBinding,
    /// `title`, whitespace-normalised.
    pub title: Option<String>,
    /// `ns` declarations, in order.
    pub namespaces: Vec<(String, String)>,
    /// Schema-level `let`s.
    pub lets: Vec<Let>,
    /// Phases.
    pub phases: Vec<Phase>,
    /// `@defaultPhase`.
    pub default_phase: Option<String>,
    /// Concrete patterns, in order.
    pub patterns: Vec<Pattern>,
    /// `diagnostic`s by id.
    pub diagnostics: HashMap<String, Message>,
    /// `property`s by id.
    pub properties: HashMap<String, Property>,
    /// Notes about how the schema is run (e.g. XPath 1 run as XPath 3.1).
    pub notes: Vec<String>,
}

impl Schema {
    /// Every check, with the rule and pattern it is in.
    pub fn checks(&self) -> impl Iterator<Item = (&Pattern, &Rule, &Check)> {
        self.patterns.iter().flat_map(|p| p.rules.iter().flat_map(move |r| r.checks.iter().map(move |c| (p, r, c))))
    }
}
