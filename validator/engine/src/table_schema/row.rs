//! Checking one row: cells against their fields (types, missing values, constraints), the
//! row's shape, and the key values the integrity checks need.

use std::borrow::Cow;
use std::cmp::Ordering;

use conform_diagnostics::{Finding, Locator, Span};
use conform_formats::csv::Record;

use super::errors::ErrorType;
use super::keys::{KeyHash, hash_bytes};
use super::schema::{Field, Schema};
use super::types::Typed;
use super::{Layout, TextDecoder};

/// What checking a row found, and its key values for the integrity checks.
#[derive(Debug, Default)]
pub struct RowOutcome {
    /// Cell and row findings.
    pub findings: Vec<(ErrorType, Finding)>,
    /// Hash of each `unique` field's value (`None` when empty or invalid).
    pub unique: Vec<Option<KeyHash>>,
    /// Hash of each `uniqueKeys` entry (`None` when one of its cells is empty or invalid).
    pub unique_keys: Vec<Option<KeyHash>>,
    /// Hash of the primary key (`None` when all its cells are empty).
    pub primary: Option<KeyHash>,
    /// Hash of each foreign key's values (`None` when all are empty).
    pub foreign: Vec<Option<KeyHash>>,
    /// Hash of the values each same-table foreign key refers to, as this row provides them.
    pub targets: Vec<Option<KeyHash>>,
    /// Hash of the whole row, when duplicate rows are checked.
    pub row: Option<KeyHash>,
    /// Whether the row was skipped (oversized).
    pub skipped: bool,
}

/// Reusable per-thread buffers.
#[derive(Default)]
pub struct Scratch {
    canonical: Vec<u8>,
    ranges: Vec<Option<(usize, usize)>>,
    tuple: Vec<u8>,
}

/// A finding at `span` in `record`, located and with the cell locator.
pub fn finding(
    record: &Record<'_>,
    decoder: &TextDecoder,
    span: Span,
    field: Option<&str>,
    kind: ErrorType,
    message: &str,
) -> (ErrorType, Finding) {
    let mut found = unlocated(record, span, field, kind, message);
    found.1.location = Some(record.location(span, &|bytes| decoder.chars(bytes)));
    found
}

/// A finding at `span` in `record` with the cell locator, to be located by [`locate`].
pub fn unlocated(
    record: &Record<'_>,
    span: Span,
    field: Option<&str>,
    kind: ErrorType,
    message: &str,
) -> (ErrorType, Finding) {
    let finding = Finding::new(
        span,
        Locator::Cell { row: record.number(), field: field.map(str::to_owned) },
        format!("{}: {message}", kind.as_str()),
    );
    (kind, finding)
}

/// Locates the findings of one record in one pass over it (they come in column order).
pub fn locate(findings: &mut [(ErrorType, Finding)], record: &Record<'_>, decoder: &TextDecoder) {
    let chars = |bytes: &[u8]| decoder.chars(bytes);
    let cursor = record.cursor(&chars);
    for (_, finding) in findings {
        finding.location = Some(cursor.location(finding.span));
    }
}

/// Checks one data row.
pub fn check(
    schema: &Schema,
    layout: &Layout,
    decoder: &TextDecoder,
    record: &Record<'_>,
    scratch: &mut Scratch,
) -> RowOutcome {
    let mut out = RowOutcome::default();
    let at = |span, field: Option<&str>, kind, message: &str| unlocated(record, span, field, kind, message);
    if let Some(len) = record.oversized() {
        let message = format!(
            "record is {len} bytes long, over the {} MiB limit for one record (an unterminated quote?); it was skipped",
            conform_formats::csv::MAX_RECORD_BYTES / (1024 * 1024)
        );
        out.findings.push(at(Span::empty(record.span().start), None, ErrorType::SourceError, &message));
        out.skipped = true;
        locate(&mut out.findings, record, decoder);
        return out;
    }
    if record.unterminated() {
        out.findings.push(at(
            record.span(),
            None,
            ErrorType::SourceError,
            "a quoted field is not closed before the end of the file",
        ));
    }
    scratch.canonical.clear();
    scratch.ranges.clear();
    scratch.ranges.resize(schema.fields.len(), None);
    let cells = record.len();
    let columns = &layout.columns;
    let mut blank = 0usize;
    let joined = decoder.utf8(record.joined_values());
    for (position, column) in columns.iter().enumerate() {
        let name = column.map(|f| schema.fields[f].name.as_str());
        if position >= cells {
            blank += 1;
            if let Some(f) = column.filter(|&f| schema.fields[f].constraints().required) {
                let message = format!("field {:?} is required, and the row has no cell for it", schema.fields[f].name);
                out.findings.push(at(record.end_span(), name, ErrorType::ConstraintError, &message));
            }
            let label = layout.names[position].as_str();
            let message = format!("row has no cell for field {label:?} (column {})", position + 1);
            let field = (!label.is_empty()).then_some(label);
            out.findings.push(at(record.end_span(), field, ErrorType::MissingCell, &message));
            continue;
        }
        let text = joined.and_then(|joined| joined.get(record.joined_range(position)));
        blank += usize::from(check_cell(schema, layout, decoder, record, (position, text), *column, scratch, &mut out));
    }
    for position in columns.len()..cells {
        let message = format!(
            "cell {} ({}) is beyond the {} columns of the header",
            position + 1,
            shown(&String::from_utf8_lossy(record.value(position))),
            columns.len()
        );
        out.findings.push(at(record.field_span(position), None, ErrorType::ExtraCell, &message));
    }
    if blank == columns.len() && !columns.is_empty() {
        out.findings.retain(|(kind, _)| *kind == ErrorType::SourceError);
        out.findings.push(at(record.span(), None, ErrorType::BlankRow, "every cell of the row is empty"));
    }
    keys(schema, layout, scratch, &mut out);
    locate(&mut out.findings, record, decoder);
    out
}

/// Checks the cell at `position`, holding `column`'s field; returns whether it is blank.
/// `known`: the cell's text when the record was decoded at once (otherwise it is decoded
/// here, and an invalid byte is reported at its position).
#[expect(clippy::too_many_arguments, reason = "the row's context, passed down to each cell")]
fn check_cell(
    schema: &Schema,
    layout: &Layout,
    decoder: &TextDecoder,
    record: &Record<'_>,
    (position, known): (usize, Option<&str>),
    column: Option<usize>,
    scratch: &mut Scratch,
    out: &mut RowOutcome,
) -> bool {
    let at = |span, field: Option<&str>, kind, message: &str| unlocated(record, span, field, kind, message);
    let name = column.map(|f| schema.fields[f].name.as_str());
    let raw = record.value(position);
    let span = record.field_span(position);
    let cell = match known {
        Some(text) => Ok(Cow::Borrowed(text)),
        None => decoder.decode(raw),
    };
    let text = match cell {
        Ok(text) => text,
        Err(bad) => {
            let quoted = usize::from(span.len() > raw.len());
            let start = span.start + quoted + bad;
            let assumed = if decoder.detected() { ", the encoding detected as none is declared" } else { "" };
            let message = format!(
                "byte 0x{:02X} is not valid {}{assumed} (the cell is not checked further)",
                raw.get(bad).copied().unwrap_or(0),
                decoder.name()
            );
            out.findings.push(at(Span::new(start, start + 1), name, ErrorType::EncodingError, &message));
            return false;
        }
    };
    let Some(f) = column else {
        return text.is_empty();
    };
    let field = &schema.fields[f];
    if field.missing_values.iter().any(|m| *m == *text) {
        if field.constraints().required {
            let message = format!("field {:?} is required, and the cell is empty", field.name);
            out.findings.push(at(span, name, ErrorType::ConstraintError, &message));
        }
        return true;
    }
    let Some(value) = field.ty.read(&text) else {
        let message = format!(
            "{} is not a valid {} (type {}, format {})",
            shown(&text),
            field.ty.name(),
            field.ty.name(),
            field.format
        );
        out.findings.push(at(span, name, ErrorType::TypeError, &message));
        return false;
    };
    if field.constraints().on_values() {
        for message in constraint_errors(field, &value, &text) {
            out.findings.push(at(span, name, ErrorType::ConstraintError, &message));
        }
    }
    if layout.keyed[f] {
        let start = scratch.canonical.len();
        value.write_canonical(&mut scratch.canonical);
        scratch.ranges[f] = Some((start, scratch.canonical.len()));
    }
    false
}

/// Hashes the values of the key fields of a row.
fn keys(schema: &Schema, layout: &Layout, scratch: &mut Scratch, out: &mut RowOutcome) {
    let Scratch { canonical, ranges, tuple } = scratch;
    let single = |f: usize| ranges[f].map(|(s, e)| hash_bytes(&canonical[s..e]));
    let mut hash_tuple = |fields: &[usize]| {
        if fields.iter().all(|&f| ranges[f].is_none()) {
            return None;
        }
        tuple.clear();
        for &f in fields {
            match ranges[f] {
                Some((s, e)) => tuple.extend_from_slice(&canonical[s..e]),
                None => tuple.push(0),
            }
        }
        Some(hash_bytes(tuple))
    };
    out.unique = layout.unique.iter().map(|&f| single(f)).collect();
    out.unique_keys = layout
        .unique_keys
        .iter()
        .map(|fields| {
            fields.iter().all(|&f| ranges[f].is_some()).then(|| {
                let mut bytes = Vec::new();
                for &f in fields {
                    let (s, e) = ranges[f].unwrap_or_default();
                    bytes.extend_from_slice(&canonical[s..e]);
                }
                hash_bytes(&bytes)
            })
        })
        .collect();
    if !schema.primary_key.is_empty() {
        out.primary = hash_tuple(&schema.primary_key);
    }
    out.foreign = schema.foreign_keys.iter().map(|fk| hash_tuple(&fk.fields)).collect();
    out.targets = layout.same_table.iter().map(|targets| hash_tuple(targets)).collect();
    if layout.duplicate_rows {
        let all: Vec<usize> = (0..schema.fields.len()).collect();
        out.row = hash_tuple(&all);
    }
}

/// A cell's text as shown in messages (quoted, at most 60 characters).
pub fn shown(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

fn constraint_errors(field: &Field, value: &Typed<'_>, text: &str) -> Vec<String> {
    let c = field.constraints();
    let mut errors = Vec::new();
    if (c.min_length.is_some() || c.max_length.is_some())
        && let Some(length) = value.length()
    {
        if let Some(min) = c.min_length.filter(|&min| length < min) {
            errors.push(format!("{} is {length} long, shorter than minLength {min}", shown(text)));
        }
        if let Some(max) = c.max_length.filter(|&max| length > max) {
            errors.push(format!("{} is {length} long, longer than maxLength {max}", shown(text)));
        }
    }
    let bounds = [
        (&c.minimum, "minimum", [Ordering::Less].as_slice(), "below"),
        (&c.maximum, "maximum", [Ordering::Greater].as_slice(), "above"),
        (&c.exclusive_minimum, "exclusiveMinimum", [Ordering::Less, Ordering::Equal].as_slice(), "not above"),
        (&c.exclusive_maximum, "exclusiveMaximum", [Ordering::Greater, Ordering::Equal].as_slice(), "not below"),
    ];
    for (bound, name, failing, words) in bounds {
        if let Some(bound) = bound
            && value.compare(&bound.value()).is_none_or(|o| failing.contains(&o))
        {
            errors.push(format!("{} is {words} the {name} {}", shown(text), bound.text));
        }
    }
    if let (Some(compiled), Typed::Text(cell)) = (&c.pattern, value)
        && let (pattern, regex) = &**compiled
        && !regex.is_match(cell)
    {
        errors.push(format!("{} does not match the pattern `{pattern}`", shown(text)));
    }
    for (set, what) in [(&c.enumeration, "the allowed values"), (&c.categories, "the categories")] {
        let Some((texts, canonical)) = set.as_deref() else { continue };
        let mut bytes = Vec::new();
        value.write_canonical(&mut bytes);
        if !canonical.contains(&bytes) {
            let listed: Vec<String> = texts.iter().take(10).map(|t| format!("{t:?}")).collect();
            let more = if texts.len() > 10 { ", …" } else { "" };
            errors.push(format!("{} is not one of {what} [{}{more}]", shown(text), listed.join(", ")));
        }
    }
    errors
}
