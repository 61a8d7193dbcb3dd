//! A compiled Schematron schema shared by the checks of a run, and its evaluation of one
//! input into findings, each with the rule (assert `@id`) and level it belongs to.

use std::cell::RefCell;
use std::io;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use conform_diagnostics::{Finding, Level, LineCol, Location, Locator, Span};
use conform_schematron::{Event, Outcome, OutcomeKind, Schema, SchemaError, Validator};

use crate::Input;
use crate::check::SyntaxFailure;

/// The rule of findings that name neither an assert nor a pattern.
pub const FALLBACK_RULE: &str = "schematron";

/// The largest document validated (the whole document is held in memory as a tree).
const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// The level of a failed assert or successful report with this `flag` (or `role`): `fatal`,
/// `error` and no flag MUST, `warning` SHOULD, anything else MAY.
#[must_use]
pub fn level(flag: Option<&str>) -> Level {
    match flag.map(str::to_ascii_lowercase).as_deref() {
        // An assert without a flag is an error, as SVRL consumers read it: never a pass.
        None | Some("fatal" | "error") => Level::Must,
        Some("warning" | "warn") => Level::Should,
        Some(_) => Level::May,
    }
}

/// One finding of a schema with the rule and level it reports under.
pub struct Reported {
    /// The assert's `@id`, else the pattern's, else [`FALLBACK_RULE`].
    pub rule: String,
    /// From the assert's flag; MUST for evaluation errors.
    pub level: Level,
    /// Where and what.
    pub finding: Finding,
}

/// A schema compiled once for a run, and again (once) on every worker thread that uses it.
pub struct Shared {
    /// The schema as read.
    pub schema: Schema,
    phase: Option<String>,
    /// Identifies this schema in the per-thread cache of compiled validators.
    id: u64,
}

thread_local! {
    /// Validators compiled on this thread, by [`Shared::id`].
    static VALIDATORS: RefCell<Vec<(u64, Rc<Validator>)>> = const { RefCell::new(Vec::new()) };
}

impl Shared {
    /// Compiles the schema in `phase` (`None`: its default phase) once here, so a schema
    /// error stops the run before any input is read.
    pub fn new(schema: Schema, phase: Option<String>) -> Result<Arc<Self>, SchemaError> {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let validator = Validator::compile(&schema, phase.as_deref())?;
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        VALIDATORS.with(|cache| cache.borrow_mut().push((id, Rc::new(validator))));
        Ok(Arc::new(Self { schema, phase, id }))
    }

    /// This thread's validator, compiled on first use.
    fn validator(&self) -> Result<Rc<Validator>, SchemaError> {
        if let Some(found) = VALIDATORS.with(|cache| {
            cache.borrow().iter().find(|(id, _)| *id == self.id).map(|(_, validator)| Rc::clone(validator))
        }) {
            return Ok(found);
        }
        let validator = Rc::new(Validator::compile(&self.schema, self.phase.as_deref())?);
        VALIDATORS.with(|cache| cache.borrow_mut().push((self.id, Rc::clone(&validator))));
        Ok(validator)
    }

    /// Validates `input`: every failed assert, successful report and evaluation error.
    pub fn evaluate(&self, input: &Input) -> io::Result<Vec<Reported>> {
        let bytes = input.read_all(MAX_DOCUMENT_BYTES)?;
        let (body, bom) = conform_formats::text::strip_bom(&bytes);
        let text = conform_formats::text::ensure_utf8(body).map_err(|err| {
            let span = err.span.shifted(bom);
            let location = conform_diagnostics::LineIndex::new(&bytes).location(&bytes, span);
            let message = format!("{} (Schematron rules read UTF-8 documents only)", err.message);
            syntax(Finding { location: Some(location), ..Finding::new(span, Locator::None, message) })
        })?;
        let validator = match self.validator() {
            Ok(validator) => validator,
            Err(err) => {
                let message = format!("the Schematron schema does not compile on this thread: {err}");
                let finding = Finding::new(Span::empty(0), Locator::None, message);
                return Ok(vec![Reported { rule: FALLBACK_RULE.to_owned(), level: Level::Must, finding }]);
            }
        };
        let report = validator.validate(text).map_err(|err| {
            let at = Positioned::new(text, bom, err.line, err.column);
            syntax(at.finding(Locator::None, err.message))
        })?;
        let mut out = Vec::new();
        let mut pattern: Option<&str> = None;
        for event in &report.events {
            match event {
                Event::ActivePattern { id } => pattern = id.as_deref(),
                Event::FiredRule { .. } => {}
                Event::Outcome(outcome) => out.push(reported(text, bom, pattern, outcome)),
            }
        }
        Ok(out)
    }
}

/// The finding of one outcome, with its rule and level.
fn reported(text: &str, bom: usize, pattern: Option<&str>, outcome: &Outcome) -> Reported {
    let rule = outcome.id.as_deref().or(pattern).unwrap_or(FALLBACK_RULE).to_owned();
    let (level, message) = match outcome.kind {
        OutcomeKind::Error => {
            (Level::Must, format!("cannot evaluate `{}` ({}): {}", outcome.test, outcome.source, outcome.message))
        }
        OutcomeKind::FailedAssert | OutcomeKind::SuccessfulReport => {
            let message = if outcome.message.is_empty() {
                let what = if outcome.kind == OutcomeKind::FailedAssert { "assertion" } else { "report" };
                let result = if outcome.kind == OutcomeKind::FailedAssert { "is false" } else { "is true" };
                format!("{what} `{}` {result}", outcome.test)
            } else {
                outcome.message.clone()
            };
            (level(outcome.flag.as_deref().or(outcome.role.as_deref())), message)
        }
    };
    let at = Positioned::new(text, bom, outcome.line, outcome.column);
    let mut finding = at.finding(Locator::Path(outcome.location.clone()), message);
    let diagnostics: Vec<&str> = outcome.diagnostics.iter().map(|(_, text)| text.as_str()).collect();
    if !diagnostics.is_empty() {
        finding.help = Some(diagnostics.join(" "));
    }
    Reported { rule, level, finding }
}

/// A line and column of a document, with the byte offset they stand for.
struct Positioned {
    line: u32,
    column: u32,
    offset: usize,
}

impl Positioned {
    /// Line `line`, character column `column` of `text`, which starts `bom` bytes into the file.
    fn new(text: &str, bom: usize, line: u32, column: u32) -> Self {
        let line_start = if line <= 1 {
            0
        } else {
            text.match_indices('\n').nth(line as usize - 2).map_or(text.len(), |(at, _)| at + 1)
        };
        let rest = &text[line_start..];
        let within = rest.char_indices().nth(column.saturating_sub(1) as usize).map_or(rest.len(), |(at, _)| at);
        Self { line, column, offset: bom + line_start + within }
    }

    fn finding(&self, locator: Locator, message: String) -> Finding {
        let at = LineCol { line: self.line, column: self.column };
        Finding {
            location: Some(Location { start: at, end: at }),
            ..Finding::new(Span::empty(self.offset), locator, message)
        }
    }
}

fn syntax(finding: Finding) -> io::Error {
    SyntaxFailure(finding).into_io()
}
