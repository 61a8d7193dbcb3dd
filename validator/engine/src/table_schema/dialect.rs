//! How a table is laid out in its file: a CSV Dialect (v1) or Table Dialect (v2) descriptor,
//! read strictly, and applied as frictionless applies it (header rows joined, comment rows
//! and blank rows skipped, labels compared with or without case).

use conform_formats::csv::Dialect;
use serde_json::Value;

use super::descriptor::{Object, at};

/// Properties of a dialect that only describe it.
const ANNOTATIONS: [&str; 5] = ["$schema", "name", "title", "description", "csvddfVersion"];

/// A table's dialect: the CSV syntax (what is not given is sniffed) and the table layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDialect {
    /// Field separator, if given.
    pub delimiter: Option<u8>,
    /// Quote character (`None`: no quoting).
    pub quote: Option<u8>,
    /// `doubleQuote`.
    pub double_quote: bool,
    /// `escapeChar`.
    pub escape: Option<u8>,
    /// `skipInitialSpace`, if given.
    pub skip_initial_space: Option<bool>,
    /// `header`: whether the table has header rows.
    pub header: bool,
    /// `headerRows`: 1-based row numbers holding the labels.
    pub header_rows: Vec<u64>,
    /// Whether `header` or `headerRows` was given (otherwise the header row is detected).
    pub header_given: bool,
    /// `headerJoin`: how labels of several header rows are joined.
    pub header_join: String,
    /// `headerCase`: whether labels are compared with their case.
    pub header_case: bool,
    /// `commentChar`: rows whose first cell starts with it are skipped.
    pub comment_char: Option<String>,
    /// `commentRows`: 1-based row numbers skipped.
    pub comment_rows: Vec<u64>,
    /// `skipBlankRows` (frictionless): blank rows are skipped, not reported.
    pub skip_blank_rows: bool,
}

impl Default for TableDialect {
    fn default() -> Self {
        Self {
            delimiter: None,
            quote: Some(b'"'),
            double_quote: true,
            escape: None,
            skip_initial_space: None,
            header: true,
            header_rows: vec![1],
            header_given: false,
            header_join: " ".to_owned(),
            header_case: true,
            comment_char: None,
            comment_rows: Vec::new(),
            skip_blank_rows: false,
        }
    }
}

/// One ASCII character.
fn one_byte(object: &Object<'_>, key: &str) -> Result<Option<u8>, String> {
    match object.str(key)? {
        None => Ok(None),
        Some(text) if text.len() == 1 && text.is_ascii() => Ok(Some(text.as_bytes()[0])),
        Some(text) => Err(format!("{}: expected one ASCII character, found {text:?}", at(&object.child(key)))),
    }
}

/// 1-based row numbers.
fn rows(object: &Object<'_>, key: &str) -> Result<Option<Vec<u64>>, String> {
    let Some(value) = object.get(key) else { return Ok(None) };
    value
        .as_array()
        .and_then(|items| items.iter().map(|n| n.as_u64().filter(|&n| n > 0)).collect::<Option<Vec<_>>>())
        .map(Some)
        .ok_or_else(|| object.wrong(key, "an array of row numbers (1, 2, ...)", value))
}

impl TableDialect {
    /// Reads a CSV Dialect (v1) or Table Dialect (v2) descriptor at `path`, refusing
    /// what it does not understand.
    pub fn parse(value: &Value, path: &str) -> Result<Self, String> {
        let object = Object::new(value, path.to_owned())?;
        let mut known = vec![
            "delimiter",
            "lineTerminator",
            "quoteChar",
            "doubleQuote",
            "escapeChar",
            "skipInitialSpace",
            "header",
            "headerRows",
            "headerJoin",
            "headerCase",
            "caseSensitiveHeader",
            "commentChar",
            "commentRows",
            "skipBlankRows",
        ];
        known.extend(ANNOTATIONS);
        object.only(&known, "CSV/Table Dialect")?;
        object.str("lineTerminator")?;
        let defaults = Self::default();
        let header_case = match (object.bool("headerCase")?, object.bool("caseSensitiveHeader")?) {
            (Some(case), _) | (None, Some(case)) => case,
            (None, None) => true,
        };
        let comment_char = object.str("commentChar")?.map(str::to_owned);
        if comment_char.as_deref() == Some("") {
            return Err(format!("{}: the comment character is empty", at(&object.child("commentChar"))));
        }
        Ok(Self {
            delimiter: one_byte(&object, "delimiter")?,
            quote: if object.str("quoteChar")? == Some("") {
                None
            } else {
                one_byte(&object, "quoteChar")?.or(defaults.quote)
            },
            double_quote: object.bool("doubleQuote")?.unwrap_or(true),
            escape: one_byte(&object, "escapeChar")?,
            skip_initial_space: object.bool("skipInitialSpace")?,
            header: object.bool("header")?.unwrap_or(true),
            header_rows: rows(&object, "headerRows")?.unwrap_or(defaults.header_rows),
            header_given: object.get("header").is_some() || object.get("headerRows").is_some(),
            header_join: object.str("headerJoin")?.map_or(defaults.header_join, str::to_owned),
            header_case,
            comment_char,
            comment_rows: rows(&object, "commentRows")?.unwrap_or_default(),
            skip_blank_rows: object.bool("skipBlankRows")?.unwrap_or(false),
        })
    }

    /// The CSV syntax of a file whose head is `head`: what is given, the rest sniffed.
    #[must_use]
    pub fn csv(&self, head: &dyn Fn() -> Vec<u8>) -> Dialect {
        let sniffed = if self.delimiter.is_none() { Dialect::sniff(&head()) } else { Dialect::default() };
        Dialect {
            delimiter: self.delimiter.unwrap_or(sniffed.delimiter),
            quote: self.quote,
            double_quote: self.double_quote,
            escape: self.escape,
            skip_initial_space: self.skip_initial_space.unwrap_or(sniffed.skip_initial_space),
        }
    }

    /// The dialect of one file: when neither `header` nor `headerRows` is given, the header
    /// row is detected as frictionless detects it — the first (non-comment) row of the
    /// first 100 whose width is within 10% of their average width (title lines above the
    /// header are skipped that way). `widths` are the (row number, cell count) of the first
    /// rows.
    #[must_use]
    #[expect(clippy::cast_precision_loss, reason = "cell counts, far below 2^52")]
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "rounded non-negative averages")]
    pub fn for_file(&self, widths: &[(u64, usize, bool)]) -> Self {
        let mut table = self.clone();
        let widths = &widths[..widths.len().min(100)];
        if self.header_given || widths.is_empty() {
            return table;
        }
        let sum: usize = widths.iter().map(|w| w.1).sum();
        let width = (sum as f64 / widths.len() as f64).round_ties_even() as usize;
        let drift = ((width as f64 * 0.1).round_ties_even() as usize).max(1);
        let matches = |n: usize| n + drift >= width && n <= width + drift;
        if let Some(&(number, _, _)) =
            widths.iter().find(|&&(number, n, comment)| !comment && !self.comment_rows.contains(&number) && matches(n))
        {
            table.header_rows = vec![number];
        }
        table
    }

    /// The first row of content (after the header rows).
    #[must_use]
    pub fn first_content_row(&self) -> u64 {
        match self.header_rows.last() {
            Some(last) if self.header => last + 1,
            _ => 1,
        }
    }

    /// Whether row `number`, whose first cell is `first`, is a comment.
    #[must_use]
    pub fn is_comment(&self, number: u64, first: Option<&[u8]>) -> bool {
        self.comment_rows.contains(&number)
            || self.comment_char.as_ref().is_some_and(|c| first.is_some_and(|cell| cell.starts_with(c.as_bytes())))
    }

    /// Labels of several header rows joined as frictionless joins them: per column, a cell
    /// equal to the one above it is not repeated.
    #[must_use]
    pub fn join_labels(&self, rows: &[Vec<String>]) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        let mut previous: Vec<Option<String>> = Vec::new();
        for row in rows {
            for (index, cell) in row.iter().enumerate() {
                if previous.get(index).and_then(Option::as_ref) == Some(cell) {
                    continue;
                }
                if previous.len() <= index {
                    previous.resize(index + 1, None);
                }
                previous[index] = Some(cell.clone());
                if labels.len() <= index {
                    labels.push(cell.clone());
                } else {
                    labels[index] = format!("{}{}{cell}", labels[index], self.header_join);
                }
            }
        }
        labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_refuses_dialects() {
        let dialect = TableDialect::parse(
            &json!({"delimiter": ";", "headerRows": [2, 3], "headerJoin": "/", "commentChar": "#", "headerCase": false}),
            "",
        )
        .unwrap();
        assert_eq!(dialect.first_content_row(), 4);
        assert!(dialect.is_comment(9, Some(b"# note")));
        assert!(!dialect.header_case);
        let detected = TableDialect::default().for_file(&[(1, 1, false), (2, 4, false), (3, 4, false), (4, 4, false)]);
        assert_eq!(detected.header_rows, [2]);
        let err = TableDialect::parse(&json!({"nullSequence": "\\N"}), "/resources/0/dialect").unwrap_err();
        assert!(err.starts_with("at /resources/0/dialect/nullSequence:"), "{err}");
    }

    #[test]
    fn joins_header_rows_as_frictionless() {
        let dialect = TableDialect { header_join: " ".to_owned(), ..TableDialect::default() };
        let rows = vec![vec!["budget".to_owned(), "budget".to_owned()], vec!["2024".to_owned(), "2025".to_owned()]];
        assert_eq!(dialect.join_labels(&rows), ["budget 2024", "budget 2025"]);
    }
}
