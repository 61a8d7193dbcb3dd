//! The `ruleset` engine: Spectral-compatible rulesets over OpenAPI (and other) JSON/YAML documents.
//!
//! ## What it does
//! Runs a Spectral ruleset (YAML or JSON) unmodified: `rules` with `given` JSONPaths
//! (JSONPath-Plus, see [`jsonpath`]), `then` with `field` and one of Spectral's core
//! functions, severities, `message` placeholders, `formats`, `resolved`, `extends` (local files
//! and the built-in `spectral:oas` with `off`/`recommended`/`all`), `overrides` (file globs, to
//! turn rules off or on) and `aliases`. Local `$ref`s are followed and findings inside a
//! referenced component point at the component, as Spectral reports them; relative `$ref`s to
//! other files are followed too, findings placed in those files (see [`linked`]). Findings are placed
//! where Spectral places them (for JSON objects and arrays: just after the member's colon).
//! Each rule becomes its own requirement, named by the rule.
//!
//! ## Parameters
//! - `ruleset`: the ruleset file, relative to the standard's folder.
//! - `rule` (optional): check only this rule of the ruleset (the requirement id is usually the
//!   rule name). Without it, every enabled rule is checked and reported under the requirement.
//!
//! ## Example
//! ```toml
//! check = { engine = "ruleset", ruleset = "ruleset.yaml", rule = "rest-api:https-only" }
//! ```

// Spectral's vocabulary (OpenAPI, JSONPath, $ref) reads better unquoted in these docs; lengths
// become JavaScript numbers (f64) on purpose; `sels`/`self`-like names mirror JSONPath terms.
#![allow(clippy::doc_markdown, clippy::cast_precision_loss, clippy::similar_names, clippy::items_after_statements)]

mod adhoc;
mod ajv_formats;
mod asyncapi;
mod cycles;
pub mod document;
mod example_errors;
pub mod filter;
pub mod formats;
pub mod functions;
pub mod js;
pub mod jsonpath;
mod keys;
pub mod linked;
pub mod load;
mod oas;
mod oas2;
mod oas_schema;
pub mod ref_table;
mod refs;
pub mod regex;

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use conform_diagnostics::{Finding, Level, Locator, RuleStamp, Severity};
use conform_formats::Format;
use serde::Deserialize;
use serde_json::Value;

use crate::artifacts::ArtifactRoot;
use crate::registry::{CompileContext, parse_params};
use crate::{CompileError, Compiled, FileCheck, Input};
use document::{Document, Seg, child};
use formats::DocFormat;
use functions::{Fault, Function};
use jsonpath::{Hit, JsonPath, Target};
use ref_table::RefTable;

/// Engine name in `check = { engine = "ruleset" }`.
pub const NAME: &str = "ruleset";

/// Largest API description read, in bytes.
const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Parameters of a `ruleset` check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Ruleset file, relative to the standard's folder.
    pub ruleset: String,
    /// Only this rule.
    #[serde(default)]
    pub rule: Option<String>,
}

/// Spectral severities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sev {
    /// `error` (0).
    Error,
    /// `warn` (1).
    Warn,
    /// `info` (2).
    Info,
    /// `hint` (3).
    Hint,
}

impl Sev {
    /// The report severity.
    #[must_use]
    pub fn severity(self) -> Severity {
        match self {
            Self::Error => Severity::Error,
            Self::Warn => Severity::Warning,
            Self::Info => Severity::Info,
            Self::Hint => Severity::Hint,
        }
    }

    /// The requirement level it stands for.
    #[must_use]
    pub fn level(self) -> Level {
        match self {
            Self::Error => Level::Must,
            Self::Warn => Level::Should,
            Self::Info | Self::Hint => Level::May,
        }
    }
}

/// One `then` entry.
#[derive(Debug)]
pub struct Then {
    /// `field`: a property path, or `@key`.
    pub field: Option<String>,
    /// `field` when it is a JSONPath (it starts with `$`).
    pub field_query: Option<JsonPath>,
    /// The function and its options.
    pub function: Function,
}

/// A rule.
#[derive(Debug)]
pub struct Rule {
    /// Its name.
    pub name: String,
    /// Whether it runs.
    pub enabled: bool,
    /// Its severity.
    pub severity: Sev,
    /// Whether `recommended` extends enable it.
    pub recommended: bool,
    /// `message` template.
    pub message: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `documentationUrl`.
    pub url: Option<String>,
    /// Formats it is limited to.
    pub formats: Option<Vec<DocFormat>>,
    /// Whether it sees the resolved document.
    pub resolved: bool,
    /// `given` paths.
    pub given: Vec<JsonPath>,
    /// `then` entries.
    pub then: Vec<Then>,
}

impl Rule {
    /// A rule the engine adds to every ruleset that does not define it (Spectral's
    /// `unrecognized-format` and `parser`), run once on the whole document.
    fn built_in(name: &str, severity: Sev, function: Function) -> Self {
        Self {
            name: name.to_owned(),
            enabled: true,
            severity,
            recommended: true,
            message: None,
            description: None,
            url: None,
            formats: None,
            resolved: false,
            given: vec![JsonPath::parse("$").unwrap_or_else(|_| unreachable!("`$` is a valid path"))],
            then: vec![Then { field: None, field_query: None, function }],
        }
    }
}

/// A loaded ruleset.
#[derive(Debug)]
pub struct Ruleset {
    /// Its rules (enabled or not).
    pub rules: Vec<Rule>,
    overrides: Vec<load::Override>,
    /// Formats known to the rules (for `unrecognized-format`).
    known_formats: Vec<DocFormat>,
}

/// Name of the finding raised when a document is in none of the formats the rules know.
pub const UNRECOGNIZED_FORMAT: &str = "unrecognized-format";

/// Name of Spectral's findings on the document's syntax (duplicate and non-string keys).
pub const PARSER: &str = "parser";

/// A finding of one rule, before positions are resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawFinding {
    /// Real path of the node.
    pub path: Vec<Seg>,
    /// Message.
    pub message: String,
    /// Whether it points at the key of its node (Spectral's `parser` findings).
    pub at_key: bool,
    /// The rule could not be evaluated here (a custom function threw or ran out of time or
    /// memory): an error whatever the rule's severity, so the check never passes unchecked.
    pub failed: bool,
}

impl Ruleset {
    fn new(mut rules: Vec<Rule>, overrides: Vec<load::Override>) -> Self {
        let mut known_formats = Vec::new();
        for format in rules.iter().filter_map(|r| r.formats.as_ref()).flatten() {
            if !known_formats.contains(format) {
                known_formats.push(*format);
            }
        }
        if !known_formats.is_empty() && !rules.iter().any(|r| r.name == UNRECOGNIZED_FORMAT) {
            rules.push(Rule::built_in(UNRECOGNIZED_FORMAT, Sev::Warn, Function::Unrecognized(known_formats.clone())));
        }
        if !rules.iter().any(|r| r.name == PARSER) {
            rules.push(Rule::built_in(PARSER, Sev::Error, Function::Parser));
        }
        if !rules.iter().any(|r| r.name == linked::INVALID_REF) {
            rules.push(Rule::built_in(linked::INVALID_REF, Sev::Error, Function::References));
        }
        Self { rules, overrides, known_formats }
    }

    /// The severity rule `index` has on the file `name` after `overrides` (`None`: off there),
    /// and whether an override decided it.
    fn effective(&self, index: usize, name: &str) -> (Option<Sev>, bool) {
        let rule = &self.rules[index];
        let mut severity = rule.enabled.then_some(rule.severity);
        let mut overridden = false;
        for o in &self.overrides {
            if (o.files.is_match(name) || o.files.is_match(name.trim_start_matches("./")))
                && let Some((_, sev)) = o.rules.iter().find(|(n, _)| *n == rule.name)
            {
                severity = *sev;
                overridden = true;
            }
        }
        (severity, overridden)
    }

    /// The formats the rules know.
    #[must_use]
    pub fn known_formats(&self) -> &[DocFormat] {
        &self.known_formats
    }

    /// Runs rule `index` on `doc` (`refs`: the document's `$ref` table).
    #[must_use]
    pub fn run_rule<'a>(&self, index: usize, doc: &'a Document, refs: &RefTable<'a>) -> Vec<RawFinding> {
        let rule = &self.rules[index];
        if let Some(formats) = &rule.formats
            && !formats.iter().any(|f| f.matches(&doc.value))
        {
            return Vec::new();
        }
        // Custom JavaScript functions run in order on one thread (a function may keep state
        // between calls, as in Spectral); the built-in ones are pure, so the nodes a rule
        // selects are shared out between the cores (one rule, such as the example checks of
        // `spectral:oas`, can hold most of a document's work).
        let in_order = rule.then.iter().any(|then| matches!(then.function, Function::Js(_)));
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for given in &rule.given {
            let refs = rule.resolved.then_some(refs);
            let hits = given.query(doc, refs);
            let of_hit = |hit: Hit<'a>| hit_findings(rule, given, doc, refs, hit);
            let found: Vec<Vec<RawFinding>> = if in_order || hits.len() < 2 {
                hits.into_iter().map(of_hit).collect()
            } else {
                hits.into_par_iter().map(of_hit).collect()
            };
            // Findings are kept once each, in the order of their nodes whatever the threads.
            for finding in found.into_iter().flatten() {
                if seen.insert(finding.clone()) {
                    out.push(finding);
                }
            }
        }
        out
    }
}

/// The findings of `rule` at one node its `given` path selected (duplicates included).
fn hit_findings<'a>(
    rule: &Rule,
    given: &JsonPath,
    doc: &'a Document,
    refs: Option<&RefTable<'a>>,
    hit: Hit<'a>,
) -> Vec<RawFinding> {
    let mut out = Vec::new();
    if matches!(hit.target, Target::Undecided) {
        out.push(undecided(given, hit.path));
        return out;
    }
    for then in &rule.then {
        let selected = match (&then.field_query, &hit.target) {
            (Some(query), Target::Value(value)) => {
                let (selected, undecided_at) = query_targets(doc, query, value, &hit.path, refs);
                out.extend(undecided_at.into_iter().map(|path| undecided(query, path)));
                selected
            }
            _ => targets(doc, &hit.target, then.field.as_deref(), rule.resolved)
                .into_iter()
                .map(|(input, rel)| (input, hit.path.clone(), rel))
                .collect(),
        };
        for (input, base, rel) in selected {
            let mut at = base.clone();
            at.extend(rel.iter().cloned());
            let faults: Vec<(String, Vec<Seg>, Vec<Seg>, bool)> = match &then.function {
                Function::Js(function) => js_faults(rule, function, doc, input.as_deref(), &at),
                function => function
                    .run_marked(input.as_deref(), doc, &at)
                    .into_iter()
                    .map(|(Fault { message, path }, failed)| {
                        let mut full = rel.clone();
                        full.extend(path);
                        (message, base.clone(), full, failed)
                    })
                    .collect(),
            };
            for (message, base, rel, failed) in faults {
                let real = if rule.resolved {
                    doc.realize(&base, &rel)
                } else {
                    doc.closest(&[base.as_slice(), rel.as_slice()].concat())
                };
                let requested = [base.as_slice(), rel.as_slice()].concat();
                // A check that could not run says why, whatever the rule's message or
                // description would say.
                let message = if failed {
                    message
                } else {
                    let message = key_value_shown(&hit.target, &then.function, message, doc, &real);
                    render(rule, &message, doc, &real, &requested)
                };
                let at_key = matches!(then.function, Function::Parser);
                out.push(RawFinding { path: real, message, at_key, failed });
            }
        }
    }
    out
}

/// A function message about a property name (`~`) as Spectral words it: the value its
/// `pattern` and `enumeration` messages print (`{{value}}`) is the value at the result's
/// path, the member's value (`Object{} must match the pattern "^/b"`), not the name.
fn key_value_shown(target: &Target<'_>, function: &Function, message: String, doc: &Document, at: &[Seg]) -> String {
    let Target::Key(key) = target else { return message };
    if !matches!(function, Function::Pattern { .. } | Function::Enumeration(_)) {
        return message;
    }
    let printed = functions::print_value(&Value::String(key.clone()));
    match (message.strip_prefix(&printed), doc.get(at)) {
        (Some(rest), Some(value)) => format!("{}{rest}", functions::print_value(value)),
        _ => message,
    }
}

/// The finding at a node whose filter in `query` could not be decided (a regex hit its
/// backtracking limit): an error whatever the rule's severity, so the rule never passes a
/// node it could not check.
fn undecided(query: &JsonPath, path: Vec<Seg>) -> RawFinding {
    RawFinding {
        path,
        message: format!(
            "the JSONPath `{}` could not be evaluated here: a regex of its filter reached the backtracking limit (docs/limits.md)",
            query.text()
        ),
        at_key: false,
        failed: true,
    }
}

/// What a custom function reports at `at`: each result as (message, base, relative path);
/// a function that throws or runs out of time or memory is reported at `at`, marked failed.
fn js_faults(
    rule: &Rule,
    function: &js::JsFunction,
    doc: &Document,
    input: Option<&Value>,
    at: &[Seg],
) -> Vec<(String, Vec<Seg>, Vec<Seg>, bool)> {
    let info = js::RuleInfo {
        name: &rule.name,
        severity: match rule.severity {
            Sev::Error => 0,
            Sev::Warn => 1,
            Sev::Info => 2,
            Sev::Hint => 3,
        },
        resolved: rule.resolved,
        description: rule.description.as_deref(),
        message: rule.message.as_deref(),
    };
    match function.call(&info, doc, input, at) {
        Ok(results) => results
            .into_iter()
            .map(|r| {
                let path = r.path.map_or_else(|| at.to_vec(), |raw| js::segments(doc, &raw));
                (r.message, Vec::new(), path, false)
            })
            .collect(),
        Err(reason) => vec![(format!("function \"{}\" {reason}", function.name), at.to_vec(), Vec::new(), true)],
    }
}

/// The function inputs `field` selects in a `given` hit, with their relative paths.
fn targets<'a>(
    doc: &'a Document,
    target: &Target<'a>,
    field: Option<&str>,
    resolved: bool,
) -> Vec<(Option<Cow<'a, Value>>, Vec<Seg>)> {
    let value = match target {
        Target::Key(key) => return vec![(Some(Cow::Owned(Value::String(key.clone()))), Vec::new())],
        Target::Value(v) => *v,
        Target::Undecided => return Vec::new(),
    };
    let follow = |v: &'a Value| if resolved { doc.follow(v).map_or(v, |(t, _)| t) } else { v };
    let value_of = |v: &'a Value| Some(Cow::Borrowed(v));
    match (field, follow(value)) {
        (Some("@key"), Value::Object(map)) => {
            map.keys().map(|k| (Some(Cow::Owned(Value::String(k.clone()))), vec![Seg::Key(k.clone())])).collect()
        }
        (Some(field), object @ Value::Object(_)) => {
            let segs = field_path(field);
            let mut current = Some(object);
            for seg in &segs {
                current = current.and_then(|v| child(follow(v), seg)).map(follow);
            }
            vec![(current.and_then(value_of), segs)]
        }
        (_, v) => vec![(value_of(v), Vec::new())],
    }
}

/// A function input with the real path of its node and a path relative to it.
type Selected<'a> = (Option<Cow<'a, Value>>, Vec<Seg>, Vec<Seg>);

/// The function inputs a JSONPath `field` selects from a `given` node (at real path `base`),
/// each with its real path; none selected: one undefined input at the node, as in Spectral.
/// Second: the real paths of the nodes its filters could not decide.
fn query_targets<'a>(
    doc: &'a Document,
    query: &JsonPath,
    value: &'a Value,
    base: &[Seg],
    refs: Option<&RefTable<'a>>,
) -> (Vec<Selected<'a>>, Vec<Vec<Seg>>) {
    let mut selected = Vec::new();
    let mut undecided = Vec::new();
    for hit in query.query_at(doc, value, base, refs) {
        let input = match hit.target {
            Target::Value(v) => Cow::Borrowed(v),
            Target::Key(k) => Cow::Owned(Value::String(k)),
            Target::Undecided => {
                undecided.push(hit.path);
                continue;
            }
        };
        // A node below the `given` node keeps its path relative to it, so that placing a
        // finding sees each reference on the way (as for a plain `field`).
        let selection = match hit.path.strip_prefix(base) {
            Some(rel) if !rel.is_empty() => (Some(input), base.to_vec(), rel.to_vec()),
            _ => (Some(input), hit.path, Vec::new()),
        };
        selected.push(selection);
    }
    if selected.is_empty() && undecided.is_empty() {
        selected.push((None, base.to_vec(), Vec::new()));
    }
    (selected, undecided)
}

/// Parses a lodash-style property path: `info.contact`, `a[0].b`, `['x.y']`.
fn field_path(field: &str) -> Vec<Seg> {
    let mut segs = Vec::new();
    let mut current = String::new();
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !current.is_empty() {
                    segs.push(Seg::Key(std::mem::take(&mut current)));
                }
            }
            '[' => {
                if !current.is_empty() {
                    segs.push(Seg::Key(std::mem::take(&mut current)));
                }
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                let inner = inner.trim_matches(['\'', '"']);
                segs.push(Seg::Key(inner.to_owned()));
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        segs.push(Seg::Key(current));
    }
    segs
}

/// Fills a rule's message template (or uses the function's message).
fn render(rule: &Rule, error: &str, doc: &Document, path: &[Seg], requested: &[Seg]) -> String {
    let Some(template) = &rule.message else {
        // Spectral: a rule without a message reports its description, else the function's.
        return rule.description.clone().unwrap_or_else(|| error.to_owned());
    };
    if !template.contains("{{") {
        return template.clone();
    }
    let value = match doc.get(path) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(_)) => "Object{}".to_owned(),
        Some(Value::Array(_)) => "Array[]".to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    template
        .replace("{{property}}", &functions::property_text(doc, requested).unwrap_or_default())
        .replace("{{value}}", &value)
        .replace("{{error}}", error)
        .replace("{{path}}", &format!("#{}", uri_pointer(&doc.shown_pointer(path))))
        .replace("{{description}}", rule.description.as_deref().unwrap_or(""))
}

/// A JSON pointer as Spectral prints `{{path}}` (`@stoplight/json`'s `encodeUriPointer`):
/// what `encodeURIComponent` encodes is percent-encoded as UTF-8, but `/` and the en dash
/// (its pattern writes its ranges `A–Z`, `0–9`, so `–` is a character it keeps).
fn uri_pointer(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for c in pointer.chars() {
        if uri_keeps(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("%{byte:02X}"));
            }
        }
    }
    out
}

/// Whether `@stoplight/json`'s `encodeUriPointer` keeps `c` as it is (see [`uri_pointer`]).
fn uri_keeps(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.!~*'()/\u{2013}".contains(c)
}

/// A loaded ruleset shared by the checks of its rules, with the findings of the input being
/// checked (computed once per input, handed out rule by rule).
pub struct Shared {
    ruleset: Ruleset,
    registered: Mutex<Vec<usize>>,
    pending: Mutex<HashMap<Arc<str>, Pending>>,
}

struct Pending {
    findings: HashMap<usize, Vec<Finding>>,
    remaining: usize,
}

impl Shared {
    /// Wraps a ruleset.
    #[must_use]
    pub fn new(ruleset: Ruleset) -> Arc<Self> {
        Arc::new(Self { ruleset, registered: Mutex::new(Vec::new()), pending: Mutex::new(HashMap::new()) })
    }

    /// The ruleset.
    #[must_use]
    pub fn ruleset(&self) -> &Ruleset {
        &self.ruleset
    }

    /// A check for rule `index`, with the stamp its findings carry.
    #[must_use]
    pub fn check(self: &Arc<Self>, index: usize) -> (RuleStamp, Compiled) {
        self.registered.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(index);
        let rule = &self.ruleset.rules[index];
        let stamp = RuleStamp {
            severity: rule.severity.severity(),
            url: rule.url.as_deref().map(Arc::from),
            ..RuleStamp::ad_hoc(&rule.name, rule.severity.level())
        };
        (stamp, Compiled::File(Arc::new(RuleCheck { shared: Arc::clone(self), index })))
    }

    fn evaluate(&self, input: &Input, format: Format) -> io::Result<HashMap<usize, Vec<Finding>>> {
        let bytes = input.read_all(MAX_DOCUMENT_BYTES)?;
        let doc = Document::parse(&bytes, format).map_err(|(err, offset)| {
            let index = conform_diagnostics::LineIndex::new(&bytes);
            let at = index.line_col(&bytes, err.span.start + offset);
            io::Error::other(format!("{}:{}:{}: {}", input.name, at.line, at.column, err.message))
        })?;
        // The document keeps its own copy of the text: the input's is freed before the rules
        // run (on a large description, one byte per byte of input less at the peak).
        drop(bytes);
        let mut doc = doc;
        doc.read_references(input);
        let registered = self.registered.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        // Example checks of a rule whose formats exclude the document never run.
        let examples = registered.iter().any(|&index| {
            let rule = &self.ruleset.rules[index];
            rule.then.iter().any(|then| matches!(then.function, Function::Oas(f) if f.checks_examples()))
                && rule.formats.as_ref().is_none_or(|formats| formats.iter().any(|f| f.matches(&doc.value)))
        });
        doc.prepare(examples);
        let refs = RefTable::new(&doc);
        // Rules are independent reads of one document: run them on all cores.
        let raw: Vec<(usize, Option<Option<Severity>>, Vec<RawFinding>)> = registered
            .into_par_iter()
            .map(|index| {
                let (severity, overridden) = self.ruleset.effective(index, &input.name);
                let Some(severity) = severity else { return (index, None, Vec::new()) };
                let severity = overridden.then(|| severity.severity());
                (index, Some(severity), self.ruleset.run_rule(index, &doc, &refs))
            })
            .collect();
        drop(refs);
        // Only the nodes findings are at need spans: they are indexed in one pass.
        let limits = raw
            .iter()
            .any(|(index, severity, _)| severity.is_some() && self.ruleset.rules[*index].name == linked::INVALID_REF);
        let long_chains = if limits { doc.long_ref_chains() } else { Vec::new() };
        let pointers: Vec<String> = raw
            .iter()
            .flat_map(|(_, _, found)| found.iter().map(|raw| raw.path.as_slice()))
            .chain(long_chains.iter().map(Vec::as_slice))
            .chain(limits.then_some(&[][..]))
            .map(document::pointer)
            .collect();
        doc.index_spans_for(pointers.iter().map(String::as_str));
        drop(pointers);
        let findings = raw
            .into_par_iter()
            .map(|(index, severity, raw)| {
                let Some(severity) = severity else { return (index, Vec::new()) };
                let mut findings: Vec<Finding> = raw
                    .into_iter()
                    .map(|raw| {
                        let placed = doc.place(&raw.path, raw.at_key);
                        Finding {
                            span: placed.span,
                            location: Some(placed.location),
                            locator: Locator::Pointer(placed.pointer),
                            message: raw.message,
                            help: None,
                            severity: if raw.failed { Some(Severity::Error) } else { severity },
                            file: placed.file,
                            sub_rule: None,
                        }
                    })
                    .collect();
                // What reading the referenced files found, already placed.
                let name = self.ruleset.rules[index].name.as_str();
                if name == linked::INVALID_REF {
                    findings.extend(reference_limits(&doc));
                }
                findings.extend(doc.linked.problems.iter().filter(|p| p.rule == name).map(|p| Finding {
                    span: p.span,
                    location: Some(p.location),
                    locator: Locator::Pointer(p.pointer.clone()),
                    message: p.message.clone(),
                    help: None,
                    severity,
                    file: p.file.clone(),
                    sub_rule: None,
                }));
                (index, findings)
            })
            .collect();
        // A large description is thousands of small allocations to free: that happens on a
        // worker thread while the findings are reported.
        rayon::spawn(move || drop(doc));
        Ok(findings)
    }
}

/// The errors of the `$ref` limits (docs/limits.md): at the first reference of each chain of
/// more references than conform follows, and at the document's root when deciding which
/// references close a cycle went past its limit (references it could not decide were
/// followed, where Spectral may leave them unresolved).
fn reference_limits(doc: &Document) -> Vec<Finding> {
    let error = |path: &[Seg], message: String| {
        let placed = doc.place(path, false);
        Finding {
            span: placed.span,
            location: Some(placed.location),
            locator: Locator::Pointer(placed.pointer),
            message,
            help: None,
            severity: Some(Severity::Error),
            file: placed.file,
            sub_rule: None,
        }
    };
    let mut out: Vec<Finding> = doc
        .long_ref_chains()
        .iter()
        .map(|path| {
            error(
                path,
                format!(
                    "this `$ref` starts a chain of more than {} references, each to the next (docs/limits.md): conform does not follow it",
                    document::MAX_REF_HOPS
                ),
            )
        })
        .collect();
    if doc.ref_cycles_undecided() {
        out.push(error(
            &[],
            "conform could not decide within its limits which `$ref`s close a cycle (docs/limits.md): some were followed where Spectral may leave them unresolved".to_owned(),
        ));
    }
    out
}

/// The check of one rule.
pub struct RuleCheck {
    shared: Arc<Shared>,
    index: usize,
}

impl FileCheck for RuleCheck {
    fn accepts(&self, format: Format) -> bool {
        matches!(format, Format::Json | Format::Yaml)
    }

    fn check_file(&self, input: &Input, format: Format, out: &mut Vec<Finding>) -> io::Result<()> {
        let lock = || self.shared.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let taken = {
            let mut pending = lock();
            let taken = pending.get_mut(&input.name).map(|entry| {
                entry.remaining = entry.remaining.saturating_sub(1);
                (entry.findings.remove(&self.index).unwrap_or_default(), entry.remaining == 0)
            });
            if let Some((_, true)) = taken {
                pending.remove(&input.name);
            }
            taken.map(|(findings, _)| findings)
        };
        let findings = if let Some(findings) = taken {
            findings
        } else {
            let mut all = self.shared.evaluate(input, format)?;
            let mine = all.remove(&self.index).unwrap_or_default();
            let remaining = all.len();
            if remaining > 0 {
                lock().insert(Arc::clone(&input.name), Pending { findings: all, remaining });
            }
            mine
        };
        out.extend(findings);
        Ok(())
    }
}

/// The severity of each rule a ruleset check runs, by rule name (for `catalog/severity`).
pub fn rule_severities(params: &toml::Table, root: &ArtifactRoot) -> Result<Vec<(String, Sev)>, CompileError> {
    let params: Params = parse_params(NAME, params)?;
    let artifact = root.read(&params.ruleset)?;
    let invalid = |message: String| CompileError::Artifact { artifact: artifact.display.clone(), message };
    let base = match root {
        ArtifactRoot::Directory(dir) => Some(dir.clone()),
        ArtifactRoot::Catalog { .. } => None,
    };
    let ruleset = load::load_text(&artifact.bytes, &artifact.display, base.as_deref()).map_err(invalid)?;
    Ok(ruleset
        .rules
        .iter()
        .filter(|rule| params.rule.as_ref().map_or(rule.enabled, |name| &rule.name == name))
        .map(|rule| (rule.name.clone(), rule.severity))
        .collect())
}

/// Compiles a catalog requirement's ruleset check.
pub fn compile(params: &toml::Table, ctx: &mut CompileContext<'_>) -> Result<Compiled, CompileError> {
    let params: Params = parse_params(NAME, params)?;
    let artifact = ctx.root.read(&params.ruleset)?;
    let invalid = |message: String| CompileError::Artifact { artifact: artifact.display.clone(), message };
    let base = match ctx.root {
        ArtifactRoot::Directory(dir) => Some(dir.clone()),
        ArtifactRoot::Catalog { .. } => None,
    };
    let script = Path::new(&params.ruleset).extension().is_some_and(|e| e == "js" || e == "mjs" || e == "cjs");
    let ruleset = match base.as_deref() {
        // A JavaScript ruleset imports its files by path: it loads from its folder.
        Some(dir) if script => load::load_file(&dir.join(&params.ruleset)),
        _ => load::load_text(&artifact.bytes, &artifact.display, base.as_deref()),
    }
    .map_err(invalid)?;
    let shared = Shared::new(ruleset);
    let indices: Vec<usize> = match &params.rule {
        Some(name) => vec![
            shared
                .ruleset
                .rules
                .iter()
                .position(|r| &r.name == name)
                .ok_or_else(|| invalid(format!("the ruleset has no rule `{name}`")))?,
        ],
        None => (0..shared.ruleset.rules.len()).filter(|&i| shared.ruleset.rules[i].enabled).collect(),
    };
    if let [index] = indices[..] {
        return Ok(shared.check(index).1);
    }
    Ok(Compiled::File(Arc::new(AllRules { checks: indices.iter().map(|&i| shared.check(i).1).collect() })))
}

/// Every enabled rule of a ruleset under one requirement.
struct AllRules {
    checks: Vec<Compiled>,
}

impl FileCheck for AllRules {
    fn accepts(&self, format: Format) -> bool {
        matches!(format, Format::Json | Format::Yaml)
    }

    fn check_file(&self, input: &Input, format: Format, out: &mut Vec<Finding>) -> io::Result<()> {
        for check in &self.checks {
            if let Compiled::File(check) = check {
                check.check_file(input, format, out)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::uri_pointer;

    /// As Spectral 6.16 prints them (`@stoplight/json` `pathToPointer`, recorded with node).
    #[test]
    fn paths_are_printed_as_spectral_encodes_them() {
        assert_eq!(uri_pointer("/paths/~1a b/get/$ref"), "/paths/~1a%20b/get/%24ref");
        assert_eq!(uri_pointer("/x/a,b&c+d%e#f\"g"), "/x/a%2Cb%26c%2Bd%25e%23f%22g");
        assert_eq!(
            uri_pointer("/(x)!*'-._~0é–€/ABCYZ0123456789az_"),
            "/(x)!*'-._~0%C3%A9–%E2%82%AC/ABCYZ0123456789az_"
        );
    }
}
