//! Cross-field rules as catalog data: custom JSON Schema keywords.
//!
//! Two keywords, each placed on an object schema and holding a list of rules; pointers are
//! JSON pointers relative to the object the keyword applies to:
//!
//! - `conform:agrees`: a component of an identifier equals another member of the record.
//!   `{"identifier": "/id", "format": "gb11643", "component": "birthDate", "equals": "/birthDate"}`.
//!   Components are those of [`crate::identifiers::components`] (`gb11643`: `birthDate`,
//!   `sex` as an ISO/IEC 5218 code, `region`; `gb32100`: `authority`, `category`,
//!   `region`). A missing or invalid identifier gives no finding here (the `format` rule
//!   reports it); a present `equals` member that differs does.
//! - `conform:codelistOn`: a code is in a code list on a date taken from the record.
//!   `{"code": "/currency", "list": "iso-4217@2026-12", "date": "/fiscalYear"}`. The date is
//!   a `YYYY-MM-DD`, `YYYY-MM` or `YYYY` string or an integer year; the code must be in
//!   force on at least one day of that period. A missing code gives no finding (use
//!   `required`); a missing or unreadable date does, since the list in force is unknown.
//!
//! Rules are read strictly: an unknown key, format, component or list is a compile error.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError};
use serde_json::{Map, Value};

use crate::CompileError;
use crate::artifacts::ArtifactRoot;
use crate::codelist::CodeList;
use crate::identifiers;

/// Keyword name of identifier agreement rules.
pub const AGREES: &str = "conform:agrees";
/// Keyword name of dated code-list rules.
pub const CODELIST_ON: &str = "conform:codelistOn";

/// One `conform:agrees` rule.
struct Agreement {
    identifier: String,
    format: &'static str,
    component: String,
    equals: String,
}

/// One `conform:codelistOn` rule.
struct DatedCode {
    code: String,
    list: Arc<CodeList>,
    date: String,
}

/// The code lists the `conform:codelistOn` rules of a schema name, loaded once.
#[derive(Default, Clone)]
pub struct Lists(Arc<HashMap<String, Arc<CodeList>>>);

impl Lists {
    /// Loads every list named by a `conform:codelistOn` rule of `schema`.
    pub fn load(root: &ArtifactRoot, schema: &Value) -> Result<Self, CompileError> {
        let mut names = Vec::new();
        collect_lists(schema, &mut names);
        let mut lists = HashMap::new();
        for name in names {
            if let std::collections::hash_map::Entry::Vacant(entry) = lists.entry(name) {
                let list = CodeList::load(root, entry.key())?;
                entry.insert(Arc::new(list));
            }
        }
        Ok(Self(Arc::new(lists)))
    }
}

fn collect_lists(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(rules)) = map.get(CODELIST_ON) {
                out.extend(rules.iter().filter_map(|r| r.get("list")?.as_str().map(str::to_owned)));
            }
            map.values().for_each(|v| collect_lists(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_lists(v, out)),
        _ => {}
    }
}

fn schema_error(message: String) -> ValidationError<'static> {
    ValidationError::custom(message)
}

/// Reads the members of a rule object, refusing keys other than `keys`.
fn members<'v>(rule: &'v Value, keyword: &str, keys: &[&str]) -> Result<Vec<&'v str>, ValidationError<'static>> {
    let Value::Object(map) = rule else {
        return Err(schema_error(format!("each rule of `{keyword}` is an object")));
    };
    if let Some(unknown) = map.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(schema_error(format!("`{keyword}` rules have no key `{unknown}` (keys: {})", keys.join(", "))));
    }
    keys.iter()
        .map(|key| {
            map.get(*key)
                .and_then(Value::as_str)
                .ok_or_else(|| schema_error(format!("a `{keyword}` rule needs `{key}` as a string")))
        })
        .collect()
}

fn pointer(text: &str, keyword: &str) -> Result<String, ValidationError<'static>> {
    if text.is_empty() || !text.starts_with('/') {
        return Err(schema_error(format!("`{keyword}`: `{text}` is not a JSON pointer to a member (`/name`)")));
    }
    Ok(text.to_owned())
}

fn rules<'v>(value: &'v Value, keyword: &str) -> Result<&'v Vec<Value>, ValidationError<'static>> {
    value.as_array().ok_or_else(|| schema_error(format!("`{keyword}` is an array of rules")))
}

/// The factory of `conform:agrees`.
pub fn agrees_factory<'a>(_parent: &'a Map<String, Value>, value: &'a Value, _path: Location) -> Factory<'a> {
    let mut out = Vec::new();
    for rule in rules(value, AGREES)? {
        let [identifier, format, component, equals] =
            members(rule, AGREES, &["identifier", "format", "component", "equals"])?[..]
        else {
            return Err(schema_error(format!("a `{AGREES}` rule has four keys")));
        };
        let Some(&(format, _)) = identifiers::FORMATS.iter().find(|(name, _)| *name == format) else {
            return Err(schema_error(format!("`{AGREES}`: unknown identifier format `{format}`")));
        };
        if !identifiers::components(format).contains(&component) {
            return Err(schema_error(format!(
                "`{AGREES}`: `{format}` has no component `{component}` (components: {})",
                identifiers::components(format).join(", ")
            )));
        }
        out.push(Agreement {
            identifier: pointer(identifier, AGREES)?,
            format,
            component: component.to_owned(),
            equals: pointer(equals, AGREES)?,
        });
    }
    Ok(Box::new(Agrees(out)))
}

/// The result of a keyword factory.
type Factory<'a> = Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>>;

/// The factory of `conform:codelistOn`, with the lists of the schema.
pub fn codelist_on_factory(
    lists: Lists,
) -> impl for<'a> Fn(&'a Map<String, Value>, &'a Value, Location) -> Factory<'a> + Send + Sync + 'static {
    move |_parent, value, _path| {
        let mut out = Vec::new();
        for rule in rules(value, CODELIST_ON)? {
            let [code, list, date] = members(rule, CODELIST_ON, &["code", "list", "date"])?[..] else {
                return Err(schema_error(format!("a `{CODELIST_ON}` rule has three keys")));
            };
            let Some(list) = lists.0.get(list) else {
                return Err(schema_error(format!("`{CODELIST_ON}`: code list `{list}` was not loaded")));
            };
            out.push(DatedCode {
                code: pointer(code, CODELIST_ON)?,
                list: Arc::clone(list),
                date: pointer(date, CODELIST_ON)?,
            });
        }
        Ok(Box::new(CodelistOn(out)))
    }
}

struct Agrees(Vec<Agreement>);

impl Agrees {
    fn problems(&self, instance: &Value) -> Vec<String> {
        let mut out = Vec::new();
        if !instance.is_object() {
            return out;
        }
        for rule in &self.0 {
            let Some(id) = instance.pointer(&rule.identifier).and_then(Value::as_str) else { continue };
            let Some(expected) = identifiers::component(rule.format, &rule.component, id) else { continue };
            let Some(actual) = instance.pointer(&rule.equals) else { continue };
            if actual.as_str() != Some(expected.as_str()) {
                out.push(format!(
                    "`{}` is {actual} but the {} `{}` of `{}` ({id}) is \"{expected}\"",
                    rule.equals, rule.format, rule.component, rule.identifier
                ));
            }
        }
        out
    }
}

impl<'i> Keyword<'i> for Agrees {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        self.problems(instance).into_iter().next().map_or(Ok(()), |message| Err(ValidationError::custom(message)))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.problems(instance).is_empty()
    }

    fn iter_errors(&self, instance: &'i Value) -> Box<dyn Iterator<Item = ValidationError<'i>> + 'i> {
        let errors: Vec<ValidationError<'i>> =
            self.problems(instance).into_iter().map(ValidationError::custom).collect();
        Box::new(errors.into_iter())
    }
}

/// The period a record's date value denotes: a day, a month or a year.
#[must_use]
pub fn period(value: &Value) -> Option<(NaiveDate, NaiveDate)> {
    let year_period = |year: i32| Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?));
    match value {
        Value::Number(n) => year_period(i32::try_from(n.as_u64()?).ok().filter(|y| (1..=9999).contains(y))?),
        Value::String(text) => period_of_text(text),
        _ => None,
    }
}

/// The period a `YYYY-MM-DD`, `YYYY-MM` or `YYYY` text denotes.
#[must_use]
pub fn period_of_text(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match text.len() {
        4 if digits(text) => {
            let year = text.parse().ok()?;
            Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?))
        }
        7 if text.as_bytes()[4] == b'-' && digits(&text[..4]) && digits(&text[5..]) => {
            let first = NaiveDate::from_ymd_opt(text[..4].parse().ok()?, text[5..].parse().ok()?, 1)?;
            let last = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?;
            Some((first, last))
        }
        10 => {
            let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
            Some((day, day))
        }
        _ => None,
    }
}

struct CodelistOn(Vec<DatedCode>);

impl CodelistOn {
    fn problems(&self, instance: &Value) -> Vec<String> {
        let mut out = Vec::new();
        if !instance.is_object() {
            return out;
        }
        for rule in &self.0 {
            let Some(code) = instance.pointer(&rule.code) else { continue };
            let reference = &rule.list.reference;
            let Some(code) = code.as_str() else {
                out.push(format!("`{}` is not a code of {reference}", rule.code));
                continue;
            };
            let Some((first, last)) = instance.pointer(&rule.date).and_then(period) else {
                out.push(format!(
                    "`{}` gives no date (YYYY-MM-DD, YYYY-MM or YYYY) on which to check `{}` against {reference}",
                    rule.date, rule.code
                ));
                continue;
            };
            if !rule.list.valid_during(code, first, last) {
                let when = if first == last { first.to_string() } else { format!("{first} to {last}") };
                let why = if rule.list.periods(code).is_empty() { "not a code of" } else { "not in force in" };
                out.push(format!("`{}` = \"{code}\" is {why} {reference} on {when} (`{}`)", rule.code, rule.date));
            }
        }
        out
    }
}

impl<'i> Keyword<'i> for CodelistOn {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        self.problems(instance).into_iter().next().map_or(Ok(()), |message| Err(ValidationError::custom(message)))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.problems(instance).is_empty()
    }

    fn iter_errors(&self, instance: &'i Value) -> Box<dyn Iterator<Item = ValidationError<'i>> + 'i> {
        let errors: Vec<ValidationError<'i>> =
            self.problems(instance).into_iter().map(ValidationError::custom).collect();
        Box::new(errors.into_iter())
    }
}

#[cfg(test)]
mod tests;
