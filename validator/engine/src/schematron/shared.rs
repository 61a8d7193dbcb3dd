//! A compiled Schematron schema shared by the checks of a run, and its evaluation of one
//! input into findings, each with the rule (assert `@id`) and level it belongs to.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, mpsc};
use std::time::Duration;

use conform_diagnostics::{Finding, Level, LineCol, Location, Locator, Span};
use conform_schematron::{DocumentError, Event, Outcome, OutcomeKind, Report, Schema, SchemaError, Validator};

use crate::Input;
use crate::check::SyntaxFailure;

/// The rule of findings that name neither an assert nor a pattern.
pub const FALLBACK_RULE: &str = "schematron";

/// The largest document validated (the whole document is held in memory as a tree).
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

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

/// How long one document may take, unless `CONFORM_SCHEMATRON_TIMEOUT` (seconds) says
/// otherwise: when it passes, the evaluation is cancelled, the document is a tool error and
/// the run ends with exit 2.
const DEFAULT_DEADLINE: Duration = Duration::from_mins(1);

/// How long a cancelled evaluation may take to stop (xee-xpath looks at the flag every few
/// thousand instructions; a long step inside one library function is not interrupted).
/// Past it the thread is abandoned and later documents of the schema are refused.
const CANCEL_GRACE: Duration = Duration::from_secs(5);

/// The stack of an evaluator thread: deep documents and recursive expressions get room
/// before xee-xpath's own limits stop them.
const EVALUATOR_STACK: usize = 256 * 1024 * 1024;

/// A schema compiled once for a run, and once on each evaluator thread: xee-xpath's compiled
/// queries are not `Send`, so every evaluation runs on a thread of this schema that owns its
/// compiled validator, while the calling thread waits for it with a deadline. The first
/// thread compiles every expression (a schema error stops the run); the others compile
/// each expression when they first use it (`Validator::compile_lazy`).
pub struct Shared {
    /// The schema as read.
    pub schema: Arc<Schema>,
    phase: Option<String>,
    deadline: Duration,
    /// Evaluator threads waiting for a document.
    idle: Mutex<Vec<Evaluator>>,
    /// Set once a cancelled evaluation did not stop within [`CANCEL_GRACE`]: its thread is
    /// lost, and later documents are refused rather than risk the same.
    stuck: AtomicBool,
    /// The rules the first thread matches natively (`Validator::native_rules`), once it
    /// compiled the schema: the later threads compile lazily and match the same.
    native: OnceLock<Arc<[bool]>>,
}

/// An evaluator thread: where to send it a document, and the flag that cancels the
/// evaluation it is running.
struct Evaluator {
    jobs: mpsc::Sender<Job>,
    cancel: Arc<AtomicBool>,
}

/// A document for an evaluator thread, and where to send its report.
struct Job {
    text: String,
    reply: mpsc::Sender<Result<Report, DocumentError>>,
}

impl Shared {
    /// Compiles the schema in `phase` (`None`: its default phase) on a first evaluator
    /// thread, so a schema error stops the run before any input is read.
    pub fn new(schema: Schema, phase: Option<String>) -> Result<Arc<Self>, SchemaError> {
        let deadline = std::env::var("CONFORM_SCHEMATRON_TIMEOUT")
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|secs| secs.is_finite() && *secs > 0.0)
            .map_or(DEFAULT_DEADLINE, Duration::from_secs_f64);
        let shared = Self {
            schema: Arc::new(schema),
            phase,
            deadline,
            idle: Mutex::new(Vec::new()),
            stuck: AtomicBool::new(false),
            native: OnceLock::new(),
        };
        let first = shared.spawn()?;
        shared.idle.lock().unwrap_or_else(PoisonError::into_inner).push(first);
        Ok(Arc::new(shared))
    }

    /// Starts an evaluator thread: it compiles the schema and then validates the documents
    /// it is sent, until its sender is dropped.
    fn spawn(&self) -> Result<Evaluator, SchemaError> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (ready, compiled) = mpsc::channel::<Result<Vec<bool>, SchemaError>>();
        let native = self.native.get().cloned();
        let schema = Arc::clone(&self.schema);
        let phase = self.phase.clone();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        std::thread::Builder::new()
            .name("schematron".to_owned())
            .stack_size(EVALUATOR_STACK)
            .spawn(move || {
                conform_schematron::cancel_on(Some(flag));
                let compiled = match &native {
                    None => Validator::compile(&schema, phase.as_deref()),
                    Some(native) => Validator::compile_lazy(&schema, phase.as_deref(), native),
                };
                let validator = match compiled {
                    Ok(validator) => {
                        let _ = ready.send(Ok(validator.native_rules()));
                        validator
                    }
                    Err(err) => {
                        let _ = ready.send(Err(err));
                        return;
                    }
                };
                for job in inbox {
                    let _ = job.reply.send(validator.validate(&job.text));
                }
            })
            .map_err(|err| SchemaError { pos: None, message: format!("cannot start a Schematron thread: {err}") })?;
        match compiled.recv() {
            Ok(Ok(native)) => {
                self.native.get_or_init(|| native.into());
                Ok(Evaluator { jobs, cancel })
            }
            Ok(Err(err)) => Err(err),
            Err(_) => Err(SchemaError { pos: None, message: "the Schematron thread ended while compiling".to_owned() }),
        }
    }

    /// Validates `text` on an idle evaluator thread (a new one when none is idle), waiting
    /// at most the deadline; past it, the evaluation is cancelled.
    fn validate(&self, text: &str) -> io::Result<Result<Report, DocumentError>> {
        if self.stuck.load(Ordering::Relaxed) {
            return Err(io::Error::other(
                "not checked: an earlier document's Schematron evaluation passed the time limit and did not stop when cancelled",
            ));
        }
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let evaluator = match idle {
            Some(evaluator) => evaluator,
            None => self.spawn().map_err(|err| io::Error::other(err.to_string()))?,
        };
        let (reply, answer) = mpsc::channel();
        evaluator
            .jobs
            .send(Job { text: text.to_owned(), reply })
            .map_err(|_| io::Error::other("the Schematron thread has ended"))?;
        match answer.recv_timeout(self.deadline) {
            Ok(report) => {
                self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(evaluator);
                Ok(report)
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                evaluator.cancel.store(true, Ordering::Relaxed);
                if answer.recv_timeout(CANCEL_GRACE).is_ok() {
                    // Stopped: the thread is ready for the next document.
                    evaluator.cancel.store(false, Ordering::Relaxed);
                    self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(evaluator);
                } else {
                    self.stuck.store(true, Ordering::Relaxed);
                }
                Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "the Schematron rules did not finish within {} s and were stopped \
                         (set CONFORM_SCHEMATRON_TIMEOUT=SECONDS to allow more): the document is not checked",
                        self.deadline.as_secs_f64()
                    ),
                ))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(io::Error::other(
                "the Schematron evaluation ended without a report (its thread stopped): the document is not checked",
            )),
        }
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
        let report = self.validate(text)?.map_err(|err| {
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
