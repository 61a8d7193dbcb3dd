//! Running a plan on one input: detect the format, read it once (streaming where the
//! format allows), run every applicable check, stamp and locate every finding.

use std::io;
use std::sync::Arc;

use conform_diagnostics::{Diagnostic, Finding, LineIndex, Locator, RuleStamp, Span};
use conform_formats::ndjson::{Line, NdjsonReader, Record};
use conform_formats::{Format, Limits, SpanIndex, SyntaxError, json, text};
use rayon::prelude::*;

use crate::plan::{Plan, PlannedCheck};
use crate::{Compiled, DocumentKind, Input, PointerFinding, SyntaxFailure};

/// Why an input could not be checked at all (as opposed to findings in it).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The input could not be read.
    #[error("cannot read `{name}`")]
    Read {
        /// The input.
        name: String,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// Neither extension nor content says which format the input is in.
    #[error("cannot tell the format of `{0}`: name it with a known extension (.json, .ndjson, .csv, .xml, .yaml)")]
    UnknownFormat(String),
    /// No standard applies to the input.
    #[error("no standard applies to `{name}` ({format}): {hint}")]
    NotApplicable {
        /// The input.
        name: String,
        /// Its format.
        format: Format,
        /// What to do.
        hint: String,
    },
}

/// The outcome of checking one input.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every diagnostic, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The labels of the standards that were applied.
    pub standards: Vec<String>,
}

/// Records per parallel batch of a streamed input.
const BATCH_RECORDS: usize = 4096;
/// Bytes per parallel batch of a streamed input.
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// Checks `input` against the standards of `plan` that apply to it.
pub fn check_input(plan: &Plan, input: &Input, forced: Option<Format>, limits: &Limits) -> Result<Outcome, RunError> {
    let read_error = |source| RunError::Read { name: input.name.to_string(), source };
    let format = if let Some(format) = forced {
        format
    } else {
        let head = input.head(8192).map_err(read_error)?;
        let path = match &input.origin {
            crate::check::Origin::Path(path) => path.as_path(),
            crate::check::Origin::Bytes(_) => std::path::Path::new("-"),
        };
        conform_formats::detect(path, &head).ok_or_else(|| RunError::UnknownFormat(input.name.to_string()))?
    };
    let (standards, turned_down) = plan.applicable(input, format);
    if standards.is_empty() {
        let hint = if let Some(reason) = turned_down {
            reason
        } else if plan.explicit {
            "the selected standards have no requirement for this format".to_owned()
        } else {
            "choose one with --standard ID (see `conform catalog list`)".to_owned()
        };
        return Err(RunError::NotApplicable { name: input.name.to_string(), format, hint });
    }
    let checks: Vec<&PlannedCheck> =
        standards.iter().flat_map(|s| &s.checks).filter(|c| c.check.accepts(format)).collect();
    let mut outcome = Outcome { standards: standards.iter().map(|s| s.label.clone()).collect(), ..Outcome::default() };
    let record_checks: Vec<&PlannedCheck> =
        checks.iter().copied().filter(|c| matches!(c.check, Compiled::Record(_))).collect();
    match format {
        Format::Json | Format::Yaml if !record_checks.is_empty() => {
            check_document(&record_checks, input, format, limits, &mut outcome.diagnostics).map_err(read_error)?;
        }
        Format::Ndjson if !record_checks.is_empty() => {
            check_ndjson(&record_checks, input, limits, &mut outcome.diagnostics).map_err(read_error)?;
        }
        _ => {}
    }
    for planned in checks {
        if let Compiled::File(check) = &planned.check {
            let mut findings = Vec::new();
            if let Err(err) = check.check_file(input, format, &mut findings) {
                let finding = SyntaxFailure::from_io(err).map_err(read_error)?;
                // What the check found before the input broke off is kept.
                outcome.diagnostics.extend(findings.into_iter().map(|f| planned.stamp.stamp(&input.name, f)));
                outcome.diagnostics.push(RuleStamp::syntax().stamp(&input.name, finding));
                break;
            }
            outcome.diagnostics.extend(findings.into_iter().map(|f| planned.stamp.stamp(&input.name, f)));
        }
    }
    outcome.diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(outcome)
}

/// Reads `input` as `format` for well-formedness only, for a file a directory walk meets
/// that no standard is about: a file that does not parse is a `syntax` finding, never a
/// silent skip. The findings are empty when it parses; `None` for CSV, which has no
/// syntax of its own to break (any text is a table).
pub fn check_syntax(input: &Input, format: Format, limits: &Limits) -> Result<Option<Vec<Diagnostic>>, RunError> {
    let read_error = |source| RunError::Read { name: input.name.to_string(), source };
    let mut out = Vec::new();
    match format {
        Format::Json | Format::Yaml => check_document(&[], input, format, limits, &mut out).map_err(read_error)?,
        Format::Ndjson => check_ndjson(&[], input, limits, &mut out).map_err(read_error)?,
        Format::Xml => {
            // Streamed, as the XML checks read it; only the bytes up to a break are read
            // again, to locate it.
            let mut reader = conform_formats::xml::XmlReader::new(input.open_unbuffered().map_err(read_error)?);
            let failure = loop {
                match reader.next_event() {
                    Ok(Some(_)) => {}
                    Ok(None) => break None,
                    Err(err) => break Some(err),
                }
            };
            if let Some(err) = failure {
                let bytes = input.head(err.span.end.saturating_add(1)).map_err(read_error)?;
                let positions = conform_formats::xml::Positions::new(&bytes, conform_formats::xml::TextEncoding::Utf8);
                let mut finding = Finding::new(err.span, Locator::None, err.message);
                finding.location = Some(positions.location(&bytes, err.span));
                out.push(RuleStamp::syntax().stamp(&input.name, finding));
            }
        }
        Format::Csv => return Ok(None),
    }
    Ok(Some(out))
}

/// A whole JSON or YAML document checked as one value (YAML as the JSON value it loads to,
/// YAML 1.2 core schema); YAML findings are located through the YAML reader's own spans.
fn check_document(
    checks: &[&PlannedCheck],
    input: &Input,
    format: Format,
    limits: &Limits,
    out: &mut Vec<Diagnostic>,
) -> io::Result<()> {
    let bytes = input.read_all(limits.max_document_bytes)?;
    let (text, bom) = text::strip_bom(&bytes);
    let window = Window { text, first_line: 1, offset: bom };
    let parsed = if format == Format::Yaml {
        conform_formats::yaml::parse(text, conform_formats::yaml::YamlLimits::default())
            .map(|document| (document.value, Some(document.spans)))
    } else {
        json::parse(text).map(|value| (value, None))
    };
    match parsed {
        Err(err) => out.push(window.syntax(&input.name, err)),
        Ok((value, spans)) => {
            window.run_indexed(checks, value, DocumentKind::Document, &input.name, out, spans.as_ref());
        }
    }
    Ok(())
}

fn check_ndjson(checks: &[&PlannedCheck], input: &Input, limits: &Limits, out: &mut Vec<Diagnostic>) -> io::Result<()> {
    let reader = NdjsonReader::new(input.open()?, limits.max_record_bytes);
    let mut batch: Vec<Record> = Vec::with_capacity(BATCH_RECORDS);
    let mut batch_bytes = 0usize;
    let flush = |batch: &mut Vec<Record>, out: &mut Vec<Diagnostic>| {
        let results: Vec<Vec<Diagnostic>> =
            batch.par_iter().map(|record| check_record(checks, record, &input.name)).collect();
        out.extend(results.into_iter().flatten());
        batch.clear();
    };
    for line in reader {
        match line? {
            Line::Record(record) => {
                batch_bytes += record.bytes.len();
                batch.push(record);
                if batch.len() >= BATCH_RECORDS || batch_bytes >= BATCH_BYTES {
                    flush(&mut batch, out);
                    batch_bytes = 0;
                }
            }
            Line::Oversized { line, offset, len } => {
                flush(&mut batch, out);
                batch_bytes = 0;
                let window = Window { text: b"", first_line: line, offset };
                let message = format!(
                    "record is {len} bytes long, over the {}-byte limit for one record; it was skipped",
                    limits.max_record_bytes
                );
                out.push(window.syntax(&input.name, SyntaxError::new(Span::empty(0), message)));
            }
        }
    }
    flush(&mut batch, out);
    Ok(())
}

fn check_record(checks: &[&PlannedCheck], record: &Record, name: &Arc<str>) -> Vec<Diagnostic> {
    let window = Window { text: &record.bytes, first_line: record.line, offset: record.offset };
    let mut out = Vec::new();
    match json::parse(&record.bytes) {
        Err(err) => out.push(window.syntax(name, err)),
        Ok(value) => window.run(checks, value, DocumentKind::Record, name, &mut out),
    }
    out
}

/// A piece of a file held in memory (a whole document, or one record) and where it sits.
struct Window<'a> {
    text: &'a [u8],
    first_line: u32,
    offset: usize,
}

impl Window<'_> {
    fn syntax(&self, name: &Arc<str>, err: SyntaxError) -> Diagnostic {
        let span = err.span.shifted(self.offset);
        let index = LineIndex::for_window(self.text, self.first_line, self.offset);
        let mut finding = Finding::new(span, Locator::None, err.message);
        finding.location = Some(index.location(self.text, span));
        RuleStamp::syntax().stamp(name, finding)
    }

    fn run(
        &self,
        checks: &[&PlannedCheck],
        value: serde_json::Value,
        kind: DocumentKind,
        name: &Arc<str>,
        out: &mut Vec<Diagnostic>,
    ) {
        self.run_indexed(checks, value, kind, name, out, None);
    }

    /// Runs `checks` on `value`; findings are located through `spans` when the reader made
    /// them (YAML), else through a lexical pass over the JSON text.
    fn run_indexed(
        &self,
        checks: &[&PlannedCheck],
        value: serde_json::Value,
        kind: DocumentKind,
        name: &Arc<str>,
        out: &mut Vec<Diagnostic>,
        spans: Option<&SpanIndex>,
    ) {
        let mut pending: Vec<(&PlannedCheck, PointerFinding)> = Vec::new();
        let mut findings = Vec::new();
        for planned in checks {
            let Compiled::Record(check) = &planned.check else { continue };
            check.check_value(&value, kind, &mut findings);
            pending.extend(findings.drain(..).map(|finding| (*planned, finding)));
        }
        // The value and the buffer (which held every finding of one check) are given back
        // before the findings are located.
        drop((value, findings));
        if pending.is_empty() {
            return;
        }
        // Index only the nodes the findings name: one lexical pass, no full pointer map.
        let lexical;
        let spans = if let Some(spans) = spans {
            spans
        } else {
            lexical = SpanIndex::from_json_for(self.text, pending.iter().map(|(_, f)| f.pointer.as_str()));
            &lexical
        };
        let lines = LineIndex::for_window(self.text, self.first_line, self.offset);
        // One allocation for them all: growing by doubling would hold both buffers at once.
        out.reserve_exact(pending.len());
        for (planned, finding) in pending {
            out.push(planned.stamp.stamp(name, self.locate(finding, spans, &lines)));
        }
    }

    fn locate(&self, finding: PointerFinding, spans: &SpanIndex, lines: &LineIndex) -> Finding {
        let node = spans.get(&finding.pointer).or_else(|| spans.nearest(&finding.pointer));
        let local = node
            .map_or(Span::empty(0), |node| if finding.at_key { node.key.unwrap_or(node.value) } else { node.value });
        let span = local.shifted(self.offset);
        Finding {
            span,
            location: Some(lines.location(self.text, span)),
            locator: Locator::Pointer(finding.pointer),
            message: finding.message,
            help: finding.help,
            severity: None,
            file: None,
            sub_rule: None,
        }
    }
}
