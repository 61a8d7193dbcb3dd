//! The Schematron adapter: ISO Schematron rules (`conform-schematron`) over XML documents,
//! for `conform check --schema rules.sch`.
//!
//! Every failed assert, successful report and evaluation error is a finding. Its rule is the
//! assert's `@id` (else the pattern's `@id`, else `schematron`); its level comes from the
//! assert's `flag` (or, without one, its `role`): `fatal`/`error` and no flag at all are
//! MUST, `warning`/`warn` is SHOULD, any other value is MAY. An expression that cannot be
//! evaluated is a MUST finding at its rule, never a pass.
//!
//! The plan holds one check per (rule, level) the schema can report; the first of them to
//! meet an input validates it once and hands the other checks their findings. xee-xpath's
//! compiled queries are not `Send`: each worker thread compiles the schema once, on its first
//! document, and keeps it for the run.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use conform_diagnostics::{Finding, Level, LineCol, Location, Locator, RuleStamp, Span};
use conform_formats::Format;
use conform_schematron::{Event, Outcome, OutcomeKind, Schema, SchemaError, Validator};

use crate::check::SyntaxFailure;
use crate::plan::{Plan, PlannedCheck, PlannedStandard};
use crate::{CompileError, Compiled, FileCheck, Input};

/// The rule of findings that name neither an assert nor a pattern.
const FALLBACK_RULE: &str = "schematron";

/// The largest document validated (the whole document is held in memory as a tree).
const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Whether `path` is an ISO Schematron schema: a `.sch` file, or an XML file whose root is
/// the `schema` element of the ISO Schematron namespace.
#[must_use]
pub fn is_schematron(path: &Path) -> bool {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("sch")) {
        return true;
    }
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(&text, options).is_ok_and(|doc| {
        let root = doc.root_element().tag_name();
        root.namespace() == Some(conform_schematron::SCH_NS) && root.name() == "schema"
    })
}

/// A plan checking XML inputs against the Schematron schema at `path` (`conform check
/// --schema rules.sch`), run in `phase` (`None`: the schema's default phase).
pub fn ad_hoc_plan(path: &Path, phase: Option<&str>) -> Result<Plan, CompileError> {
    let artifact = || path.display().to_string();
    let schema = conform_schematron::read_file(path)
        .map_err(|err| CompileError::Artifact { artifact: artifact(), message: err.to_string() })?;
    let shared = Shared::new(schema, phase.map(str::to_owned))
        .map_err(|err| CompileError::Artifact { artifact: artifact(), message: err.to_string() })?;
    let checks = (0..shared.rules.len())
        .map(|index| {
            let (rule, level) = &shared.rules[index];
            PlannedCheck {
                stamp: RuleStamp::ad_hoc(rule, *level),
                check: Compiled::File(Arc::new(SchematronCheck { shared: Arc::clone(&shared), index })),
            }
        })
        .collect();
    let standard = PlannedStandard { label: artifact(), formats: vec![Format::Xml], files: None, checks };
    Ok(Plan { standards: vec![standard], explicit: true })
}

/// The level of a failed assert or successful report with this `flag` (or `role`).
fn level(flag: Option<&str>) -> Level {
    match flag.map(str::to_ascii_lowercase).as_deref() {
        // An assert without a flag is an error, as SVRL consumers read it: never a pass.
        None | Some("fatal" | "error") => Level::Must,
        Some("warning" | "warn") => Level::Should,
        Some(_) => Level::May,
    }
}

/// A schema shared by the checks of its rules, with the findings of the inputs being handed
/// out.
struct Shared {
    schema: Schema,
    phase: Option<String>,
    /// Identifies this schema in the per-thread cache of compiled validators.
    id: u64,
    /// Every (rule, level) a finding can carry; the check of entry `i` reports those.
    rules: Vec<(String, Level)>,
    /// Findings of inputs not yet handed to every check, by input name.
    pending: Mutex<HashMap<Arc<str>, Pending>>,
}

struct Pending {
    findings: Vec<Vec<Finding>>,
    remaining: usize,
}

thread_local! {
    /// Validators compiled on this thread, by [`Shared::id`].
    static VALIDATORS: RefCell<Vec<(u64, Rc<Validator>)>> = const { RefCell::new(Vec::new()) };
}

impl Shared {
    /// Compiles the schema once (here, so a schema error stops the run before any input is
    /// read) and lists the rules its findings can carry.
    fn new(schema: Schema, phase: Option<String>) -> Result<Arc<Self>, SchemaError> {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let validator = Validator::compile(&schema, phase.as_deref())?;
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        VALIDATORS.with(|cache| cache.borrow_mut().push((id, Rc::new(validator))));
        let mut rules: Vec<(String, Level)> = vec![(FALLBACK_RULE.to_owned(), Level::Must)];
        let mut add = |rule: &str, level: Level| {
            if !rules.iter().any(|(r, l)| r == rule && *l == level) {
                rules.push((rule.to_owned(), level));
            }
        };
        for pattern in &schema.patterns {
            let pattern_rule = pattern.id.as_deref().unwrap_or(FALLBACK_RULE);
            add(pattern_rule, Level::Must);
            for rule in &pattern.rules {
                add(rule.id.as_deref().unwrap_or(pattern_rule), Level::Must);
                for check in &rule.checks {
                    let name = check.id.as_deref().unwrap_or(pattern_rule);
                    add(name, level(check.flag.as_deref().or(check.role.as_deref())));
                    add(name, Level::Must);
                }
            }
        }
        Ok(Arc::new(Self { schema, phase, id, rules, pending: Mutex::new(HashMap::new()) }))
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

    /// The index in [`Self::rules`] of `rule` at `level`; the fallback rule when the schema
    /// listing missed it, so that no finding is ever dropped.
    fn rule_index(&self, rule: &str, level: Level) -> usize {
        self.rules.iter().position(|(r, l)| r == rule && *l == level).unwrap_or(0)
    }

    /// Validates `input`: findings by rule index.
    fn evaluate(&self, input: &Input) -> io::Result<Vec<Vec<Finding>>> {
        let bytes = input.read_all(MAX_DOCUMENT_BYTES)?;
        let (body, bom) = conform_formats::text::strip_bom(&bytes);
        let text = conform_formats::text::ensure_utf8(body).map_err(|err| {
            let span = err.span.shifted(bom);
            let location = conform_diagnostics::LineIndex::new(&bytes).location(&bytes, span);
            let message = format!("{} (Schematron rules read UTF-8 documents only)", err.message);
            syntax(Finding { location: Some(location), ..Finding::new(span, Locator::None, message) })
        })?;
        let mut out = vec![Vec::new(); self.rules.len()];
        let validator = match self.validator() {
            Ok(validator) => validator,
            Err(err) => {
                let message = format!("the Schematron schema does not compile on this thread: {err}");
                out[0].push(Finding::new(Span::empty(0), Locator::None, message));
                return Ok(out);
            }
        };
        let report = validator.validate(text).map_err(|err| {
            let at = Positioned::new(text, bom, err.line, err.column);
            syntax(at.finding(Locator::None, err.message))
        })?;
        let mut pattern: Option<&str> = None;
        for event in &report.events {
            match event {
                Event::ActivePattern { id } => pattern = id.as_deref(),
                Event::FiredRule { .. } => {}
                Event::Outcome(outcome) => {
                    let (index, finding) = self.finding(text, bom, pattern, outcome);
                    out[index].push(finding);
                }
            }
        }
        Ok(out)
    }

    /// The finding of one outcome and the index of its rule.
    fn finding(&self, text: &str, bom: usize, pattern: Option<&str>, outcome: &Outcome) -> (usize, Finding) {
        let rule = outcome.id.as_deref().or(pattern).unwrap_or(FALLBACK_RULE);
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
        let mut index = self.rule_index(rule, level);
        let message = if index == 0 && rule != FALLBACK_RULE {
            // Not listed (an error outside any assert, say): reported under the fallback rule.
            index = self.rule_index(FALLBACK_RULE, Level::Must);
            format!("{rule}: {message}")
        } else {
            message
        };
        let at = Positioned::new(text, bom, outcome.line, outcome.column);
        let mut finding = at.finding(Locator::Path(outcome.location.clone()), message);
        let diagnostics: Vec<&str> = outcome.diagnostics.iter().map(|(_, text)| text.as_str()).collect();
        if !diagnostics.is_empty() {
            finding.help = Some(diagnostics.join(" "));
        }
        (index, finding)
    }
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

/// The check of one (rule, level) of a schema.
struct SchematronCheck {
    shared: Arc<Shared>,
    index: usize,
}

impl FileCheck for SchematronCheck {
    fn accepts(&self, format: Format) -> bool {
        format == Format::Xml
    }

    fn check_file(&self, input: &Input, _format: Format, out: &mut Vec<Finding>) -> io::Result<()> {
        let lock = || self.shared.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let taken = {
            let mut pending = lock();
            let taken = pending.get_mut(&input.name).map(|entry| {
                entry.remaining = entry.remaining.saturating_sub(1);
                (std::mem::take(&mut entry.findings[self.index]), entry.remaining == 0)
            });
            if let Some((_, true)) = taken {
                pending.remove(&input.name);
            }
            taken.map(|(findings, _)| findings)
        };
        let findings = if let Some(findings) = taken {
            findings
        } else {
            let mut all = self.shared.evaluate(input)?;
            let mine = std::mem::take(&mut all[self.index]);
            let remaining = all.len() - 1;
            if remaining > 0 {
                lock().insert(Arc::clone(&input.name), Pending { findings: all, remaining });
            }
            mine
        };
        out.extend(findings);
        Ok(())
    }
}
