//! Matching the header row's labels to the schema's fields.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::errors::ErrorType;
use super::schema::{FieldsMatch, Schema};

/// A problem with one label: its type, the cell it is at (if any) and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct LabelProblem {
    /// Error type.
    pub kind: ErrorType,
    /// 0-based position of the label in the header, or `None` when the label is missing.
    pub position: Option<usize>,
    /// Field name the problem is about ("" for labels without a field).
    pub field: String,
    /// Message after the error type.
    pub message: String,
}

/// Which field each column of the data holds (`None`: a column the schema does not describe).
pub fn columns(schema: &Schema, labels: &[String], case: bool, problems: &mut Vec<LabelProblem>) -> Vec<Option<usize>> {
    let same = |label: &str, name: &str| if case { label == name } else { label.to_lowercase() == name.to_lowercase() };
    if labels.is_empty() {
        problems.push(LabelProblem {
            kind: ErrorType::BlankHeader,
            position: None,
            field: String::new(),
            message: "the header row is empty".to_owned(),
        });
        return Vec::new();
    }
    let fields = &schema.fields;
    let mut columns = Vec::with_capacity(labels.len());
    let exact = schema.fields_match == FieldsMatch::Exact;
    // Labels in the schema's order (the usual header) are matched by position: the longest
    // such run at the start needs no table. Field names are unique (the schema is refused
    // otherwise) and compared as written, so each of those labels is its own field's, once.
    let in_order = if case {
        labels.iter().zip(fields).take_while(|(label, field)| !label.is_empty() && **label == field.name).count()
    } else {
        0
    };
    let rest = in_order < labels.len();
    // Hash lookups for the labels after that run, so a header of many labels costs time
    // linear in its width.
    let mut by_name: FxHashMap<Cow<'_, str>, usize> = FxHashMap::default();
    if !exact && rest {
        by_name.reserve(fields.len());
        for (f, field) in fields.iter().enumerate().rev() {
            by_name.insert(key(&field.name, case), f);
        }
    }
    let mut first_seen: FxHashMap<&str, usize> = FxHashMap::default();
    if rest {
        first_seen.reserve(labels.len());
        first_seen.extend(labels[..in_order].iter().enumerate().map(|(i, label)| (label.as_str(), i)));
    }
    let mut present = vec![false; fields.len()];
    present[..in_order].fill(true);
    columns.extend((0..in_order).map(Some));
    for (i, label) in labels.iter().enumerate().skip(in_order) {
        let field = if exact { (i < fields.len()).then_some(i) } else { by_name.get(&key(label, case)).copied() };
        let earlier = *first_seen.entry(label.as_str()).or_insert(i);
        if let Some(f) = field {
            present[f] = true;
        }
        let name = field.map_or("", |f| fields[f].name.as_str());
        let problem = |kind, message: String| LabelProblem { kind, position: Some(i), field: name.to_owned(), message };
        columns.push(field);
        let Some(f) = field else {
            if matches!(schema.fields_match, FieldsMatch::Exact | FieldsMatch::Equal | FieldsMatch::Superset) {
                problems.push(problem(
                    ErrorType::ExtraLabel,
                    format!("label {label:?} (column {}) has no field in the schema", i + 1),
                ));
            }
            continue;
        };
        if label.is_empty() {
            problems.push(problem(
                ErrorType::BlankLabel,
                format!("column {} has an empty label; expected {:?}", i + 1, fields[f].name),
            ));
        } else if earlier < i {
            problems.push(problem(
                ErrorType::DuplicateLabel,
                format!("label {label:?} (column {}) repeats column {}", i + 1, earlier + 1),
            ));
        } else if !same(label, &fields[f].name) {
            problems.push(problem(
                ErrorType::IncorrectLabel,
                format!("label {label:?} (column {}) should be {:?}", i + 1, fields[f].name),
            ));
        }
    }
    let reports_missing = matches!(schema.fields_match, FieldsMatch::Exact | FieldsMatch::Equal | FieldsMatch::Subset);
    for (f, field) in fields.iter().enumerate() {
        if !present[f] && reports_missing {
            problems.push(LabelProblem {
                kind: ErrorType::MissingLabel,
                position: None,
                field: field.name.clone(),
                message: format!("the header has no label for field {:?} (field {})", field.name, f + 1),
            });
        }
    }
    if schema.fields_match == FieldsMatch::Partial && columns.iter().all(Option::is_none) {
        problems.push(LabelProblem {
            kind: ErrorType::MissingLabel,
            position: None,
            field: String::new(),
            message: "no header label matches a field of the schema".to_owned(),
        });
    }
    columns
}

/// The key a label is matched to a field name by: itself, or lowercased when the header is
/// not case-sensitive.
fn key(name: &str, case: bool) -> Cow<'_, str> {
    if case { Cow::Borrowed(name) } else { Cow::Owned(name.to_lowercase()) }
}
