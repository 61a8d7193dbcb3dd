//! Findings (what checks emit) and diagnostics (what reports render).

use std::sync::Arc;

use crate::{Level, Location, Locator, Severity, Span};

/// The rule id of input syntax errors (malformed JSON, invalid UTF-8, truncated input, ...).
pub const SYNTAX_RULE: &str = "syntax";

/// What a check reports: where, and what is wrong. The engine adds the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte range in the file.
    pub span: Span,
    /// Physical position, resolved by the reader that holds the text.
    pub location: Option<Location>,
    /// Logical position (pointer, path, row/field).
    pub locator: Locator,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when the check knows.
    pub help: Option<String>,
    /// A severity replacing the rule's for this finding only (a ruleset's per-file
    /// `overrides`); `None` keeps the rule's.
    pub severity: Option<Severity>,
    /// The file the finding is in when it is not the input checked (a file the input
    /// references, such as a schema of a multi-file API description); `None`: the input.
    /// (A thin pointer: findings travel in `Result`s and stay small.)
    pub file: Option<Arc<String>>,
    /// The rule of a requirement that bundles many (a Schematron requirement reports each
    /// assert under its own id, `BR-CO-15`) with its level, replacing the requirement's id
    /// and level for this finding; `None` keeps the requirement's.
    pub sub_rule: Option<Box<SubRule>>,
}

/// A rule inside a requirement that bundles many, with its own level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubRule {
    /// Its id (a Schematron assert's `@id`).
    pub id: Arc<str>,
    /// Its level (a Schematron `flag`: `fatal` MUST, `warning` SHOULD).
    pub level: Level,
}

impl Finding {
    /// A finding at `span` with a locator and message.
    #[must_use]
    pub fn new(span: Span, locator: Locator, message: impl Into<String>) -> Self {
        Self {
            span,
            location: None,
            locator,
            message: message.into(),
            help: None,
            severity: None,
            file: None,
            sub_rule: None,
        }
    }

    /// Adds help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Identity and weight of the rule a finding belongs to, stamped by the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleStamp {
    /// Requirement id (e.g. `PERSON-001`) or `syntax`.
    pub rule: Arc<str>,
    /// Standard id, when the rule belongs to one.
    pub standard: Option<Arc<str>>,
    /// Standard version, when the rule belongs to one.
    pub version: Option<Arc<str>>,
    /// RFC 2119 level.
    pub level: Level,
    /// Severity (derived from the level unless overridden).
    pub severity: Severity,
    /// Documentation URL of the rule.
    pub url: Option<Arc<str>>,
    /// Default help shown when a finding brings none (the requirement's `fix`).
    pub help: Option<Arc<str>>,
}

impl RuleStamp {
    /// The stamp of a rule outside any standard (syntax errors, catalog problems, ad-hoc
    /// schemas and rulesets): the level's default severity, no docs URL or default help.
    #[must_use]
    pub fn ad_hoc(rule: &str, level: Level) -> Self {
        Self {
            rule: Arc::from(rule),
            standard: None,
            version: None,
            level,
            severity: level.severity(),
            url: None,
            help: None,
        }
    }

    /// The stamp of input syntax errors: a MUST-level error outside any standard.
    #[must_use]
    pub fn syntax() -> Self {
        Self::ad_hoc(SYNTAX_RULE, Level::Must)
    }

    /// Turns a finding in `file` into a diagnostic carrying this stamp.
    #[must_use]
    pub fn stamp(&self, file: &Arc<str>, finding: Finding) -> Diagnostic {
        Diagnostic {
            file: finding.file.map_or_else(|| Arc::clone(file), |other| Arc::from(other.as_str())),
            span: finding.span,
            location: finding.location,
            locator: finding.locator,
            rule: finding.sub_rule.as_ref().map_or_else(|| Arc::clone(&self.rule), |sub| Arc::clone(&sub.id)),
            requirement: finding.sub_rule.as_ref().map(|_| Arc::clone(&self.rule)),
            standard: self.standard.clone(),
            version: self.version.clone(),
            level: finding.sub_rule.as_ref().map_or(self.level, |sub| sub.level),
            severity: finding
                .severity
                .or_else(|| finding.sub_rule.as_ref().map(|sub| sub.level.severity()))
                .unwrap_or(self.severity),
            message: finding.message,
            help: finding.help.or_else(|| self.help.as_deref().map(str::to_owned)),
            url: self.url.clone(),
        }
    }
}

/// A complete, rendered-ready diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The input file, as given on the command line (or `-` for stdin).
    pub file: Arc<str>,
    /// Byte range in the file.
    pub span: Span,
    /// Resolved line/column range, when the position is known.
    pub location: Option<Location>,
    /// Logical position.
    pub locator: Locator,
    /// Requirement id or `syntax`; for a requirement that bundles many rules (a Schematron
    /// requirement), the bundled rule that failed (`BR-CO-15`).
    pub rule: Arc<str>,
    /// The requirement that reported the finding when `rule` is one of the rules it bundles;
    /// `None`: `rule` is the requirement. Whatever acts on requirements (certification,
    /// `[rules]` settings) keys on [`Diagnostic::requirement_id`].
    pub requirement: Option<Arc<str>>,
    /// Standard id.
    pub standard: Option<Arc<str>>,
    /// Standard version.
    pub version: Option<Arc<str>>,
    /// RFC 2119 level.
    pub level: Level,
    /// Severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Documentation URL.
    pub url: Option<Arc<str>>,
}

impl Diagnostic {
    /// The requirement (or `syntax`) the finding belongs to: [`Self::requirement`] when the
    /// rule is bundled in one, else the rule.
    #[must_use]
    pub fn requirement_id(&self) -> &str {
        self.requirement.as_deref().unwrap_or(&self.rule)
    }

    /// The key diagnostics are sorted by for stable output: file, position, rule, message.
    #[must_use]
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &*self.file,
            self.location.map(|l| (l.start, l.end)),
            self.span,
            &*self.rule,
            self.standard.as_deref(),
            &self.locator,
            &self.message,
        )
    }
}
