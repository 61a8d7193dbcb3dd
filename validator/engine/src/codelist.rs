//! Versioned code lists of the catalog: `codelists/<id>/<version>.csv`.
//!
//! A code list is a CSV file with the columns `code`, `label`, `valid_from` and `valid_to`
//! (ISO dates; empty means unbounded). A code may appear on several lines, one per period in
//! which it was assigned (a renamed division, a currency withdrawn and reintroduced): it is
//! valid on a day when one of its lines is. Lists are referenced as `ID@VERSION`, e.g.
//! `iso-3166-1@2024`: from Table Schema foreign keys (`"resource": "codelist:iso-3166-1@2024"`)
//! and from JSON Schema (`"format": "codelist:iso-3166-1@2024"`). A published version is
//! never edited; a changed list is a new version file.

use std::collections::HashMap;

use chrono::NaiveDate;
use conform_formats::csv::{Batch, CsvReader, Dialect};

use crate::CompileError;
use crate::artifacts::ArtifactRoot;

/// One code of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// Human label.
    pub label: String,
    /// First day the code is valid, if bounded.
    pub valid_from: Option<NaiveDate>,
    /// Last day the code is valid, if bounded.
    pub valid_to: Option<NaiveDate>,
}

impl Code {
    /// Whether the code is valid on `date`.
    #[must_use]
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date <= to)
    }
}

/// A loaded code list.
#[derive(Debug, Clone)]
pub struct CodeList {
    /// `ID@VERSION`.
    pub reference: String,
    codes: HashMap<String, Vec<Code>>,
}

impl CodeList {
    /// Looks a code up: its first line.
    #[must_use]
    pub fn get(&self, code: &str) -> Option<&Code> {
        self.codes.get(code).and_then(|lines| lines.first())
    }

    /// Every line of a code (one per period), empty when the code is not in the list.
    #[must_use]
    pub fn periods(&self, code: &str) -> &[Code] {
        self.codes.get(code).map_or(&[], Vec::as_slice)
    }

    /// Whether `code` is in the list and in force on `date`.
    #[must_use]
    pub fn valid_on(&self, code: &str, date: NaiveDate) -> bool {
        self.periods(code).iter().any(|line| line.valid_on(date))
    }

    /// Whether `code` is in the list and in force on at least one day from `first` to `last`.
    #[must_use]
    pub fn valid_during(&self, code: &str, first: NaiveDate, last: NaiveDate) -> bool {
        self.periods(code)
            .iter()
            .any(|line| line.valid_from.is_none_or(|from| from <= last) && line.valid_to.is_none_or(|to| first <= to))
    }

    /// Every line of every code, in no particular order.
    pub fn codes(&self) -> impl Iterator<Item = (&str, &Code)> {
        self.codes.iter().flat_map(|(code, lines)| lines.iter().map(move |line| (code.as_str(), line)))
    }

    /// Number of distinct codes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the list has no code.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Loads `ID@VERSION` from the catalog that `root` belongs to (or, for ad-hoc checks, from
    /// `codelists/` next to the artifact).
    pub fn load(root: &ArtifactRoot, reference: &str) -> Result<Self, CompileError> {
        let invalid = |message: String| CompileError::Artifact { artifact: format!("code list {reference}"), message };
        let (id, version) = reference.split_once('@').ok_or_else(|| invalid("expected `ID@VERSION`".to_owned()))?;
        let safe =
            |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        if !safe(id) || !safe(version) || version.contains("..") {
            return Err(invalid("ids and versions are letters, digits, `-`, `_` and `.`".to_owned()));
        }
        let top = match root {
            ArtifactRoot::Catalog { source, .. } => {
                ArtifactRoot::Catalog { source: source.clone(), dir: String::new() }
            }
            ArtifactRoot::Directory(dir) => ArtifactRoot::Directory(dir.clone()),
        };
        let artifact = top.read(&format!("codelists/{id}/{version}.csv"))?;
        let parse_error = |message: String| CompileError::Artifact { artifact: artifact.display.clone(), message };
        Self::parse(reference, &artifact.bytes).map_err(parse_error)
    }

    /// Parses a code list file.
    pub fn parse(reference: &str, bytes: &[u8]) -> Result<Self, String> {
        let mut reader = CsvReader::new(bytes, Dialect::default()).map_err(|err| err.to_string())?;
        let mut batch = Batch::new();
        let mut codes: HashMap<String, Vec<Code>> = HashMap::new();
        let mut columns: Option<[Option<usize>; 4]> = None;
        while reader.read_batch(&mut batch, 4096, 1 << 20).map_err(|err| err.to_string())? {
            for record in batch.iter() {
                let text = |i: Option<usize>| -> Result<String, String> {
                    let Some(i) = i.filter(|&i| i < record.len()) else { return Ok(String::new()) };
                    String::from_utf8(record.value(i).to_vec())
                        .map_err(|_| format!("line {}: not UTF-8", record.line()))
                };
                let Some(cols) = columns else {
                    let names: Vec<String> = (0..record.len()).map(|i| text(Some(i))).collect::<Result<_, _>>()?;
                    let find = |name: &str| names.iter().position(|n| n == name);
                    if find("code").is_none() {
                        return Err("the header has no `code` column".to_owned());
                    }
                    columns = Some([find("code"), find("label"), find("valid_from"), find("valid_to")]);
                    continue;
                };
                if record.is_empty() {
                    continue;
                }
                let date = |i| -> Result<Option<NaiveDate>, String> {
                    let text = text(i)?;
                    if text.is_empty() {
                        return Ok(None);
                    }
                    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                        .map(Some)
                        .map_err(|_| format!("line {}: `{text}` is not a YYYY-MM-DD date", record.line()))
                };
                let code = text(cols[0])?;
                let entry = Code { label: text(cols[1])?, valid_from: date(cols[2])?, valid_to: date(cols[3])? };
                let lines: &mut Vec<Code> = codes.entry(code.clone()).or_default();
                if lines.iter().any(|line| line.valid_from == entry.valid_from && line.valid_to == entry.valid_to) {
                    return Err(format!("line {}: code `{code}` appears twice for the same period", record.line()));
                }
                if entry.valid_from.zip(entry.valid_to).is_some_and(|(from, to)| to < from) {
                    return Err(format!("line {}: code `{code}` ends before it starts", record.line()));
                }
                lines.push(entry);
            }
        }
        Ok(Self { reference: reference.to_owned(), codes })
    }
}

/// The `codelist:ID@VERSION` formats a JSON Schema uses, each with a check that a string is
/// a code of that list (loaded from the catalog of `root`).
#[expect(
    clippy::type_complexity,
    reason = "the closure type cannot be named; an alias would need `impl Trait` in type aliases"
)]
pub fn json_schema_formats(
    root: &ArtifactRoot,
    schema: &serde_json::Value,
) -> Result<Vec<(String, impl Fn(&str) -> bool + Send + Sync + 'static)>, CompileError> {
    let mut names = Vec::new();
    collect_formats(schema, &mut names);
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let list = CodeList::load(root, &name["codelist:".len()..])?;
            Ok((name, move |code: &str| list.get(code).is_some()))
        })
        .collect()
}

fn collect_formats(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(format)) = map.get("format")
                && format.starts_with("codelist:")
            {
                out.push(format.clone());
            }
            map.values().for_each(|v| collect_formats(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_formats(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_with_validity() {
        let list = CodeList::parse(
            "x@1",
            b"code,label,valid_from,valid_to\nA,Alpha,,\nB,\"Beta, old\",2000-01-01,2010-12-31\n",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        let b = list.get("B").unwrap();
        assert_eq!(b.label, "Beta, old");
        assert!(b.valid_on(NaiveDate::from_ymd_opt(2005, 6, 1).unwrap()));
        assert!(!b.valid_on(NaiveDate::from_ymd_opt(2011, 1, 1).unwrap()));
        assert!(list.get("C").is_none());
    }

    #[test]
    fn serves_json_schema_formats() {
        use crate::{DocumentKind, RecordCheck};
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("codelists/gender")).unwrap();
        std::fs::write(dir.path().join("codelists/gender/1.csv"), "code,label\n1,Male\n2,Female\n").unwrap();
        let schema = r#"{"properties": {"sex": {"type": "string", "format": "codelist:gender@1"}}}"#;
        std::fs::write(dir.path().join("s.json"), schema).unwrap();
        let root = ArtifactRoot::Directory(dir.path().to_owned());
        let check = crate::json_schema::JsonSchemaCheck::compile(&root, "s.json", true, None).unwrap();
        let mut out = Vec::new();
        check.check_value(&serde_json::json!({"sex": "2"}), DocumentKind::Record, &mut out);
        assert!(out.is_empty());
        check.check_value(&serde_json::json!({"sex": "F"}), DocumentKind::Record, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].pointer, "/sex");
    }

    #[test]
    fn rejects_duplicates_and_bad_dates() {
        assert!(CodeList::parse("x@1", b"code\nA\nA\n").unwrap_err().contains("twice"));
        assert!(CodeList::parse("x@1", b"code,valid_from\nA,soon\n").unwrap_err().contains("date"));
        assert!(CodeList::parse("x@1", b"label\nA\n").is_err());
    }
}
