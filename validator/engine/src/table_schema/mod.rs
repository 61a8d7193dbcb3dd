//! The `table-schema` engine: CSV files against a Frictionless Table Schema.
//!
//! ## What it does
//! Reads a CSV file as a stream of records and checks it the way `frictionless validate`
//! does, reporting each problem with frictionless's error type at the start of the message
//! (`type-error: ...`), the row number (the header being row 1) and field name in the
//! locator, and the physical line and column of the cell (exact when quoted fields contain
//! line breaks):
//!
//! - the header: `blank-header`, `blank-label`, `duplicate-label`, `incorrect-label`,
//!   `extra-label`, `missing-label` (labels are matched to fields by position, or by name
//!   when the schema sets `fieldsMatch` to `equal`, `subset`, `superset` or `partial`);
//! - each row: `blank-row`, `missing-cell`, `extra-cell`, `type-error` (every Table Schema
//!   type and format: `string` with `email`/`uri`/`uuid`/`binary` and the identifier
//!   formats of [`crate::identifiers`] (`gb11643`, `gb32100`, `iso7064-mod11-2`), `number` with
//!   `decimalChar`/`groupChar`/`bareNumber`, `integer`, `boolean` with
//!   `trueValues`/`falseValues`, `date`/`time`/`datetime` with `default`, `any` or a
//!   `%`-pattern, `year`, `yearmonth`, `duration`, `geopoint`, `geojson`, `object`, `array`,
//!   `any`, `list`), `constraint-error` (`required`, `minLength`, `maxLength`, `minimum`,
//!   `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `pattern`, `enum`, `categories`),
//!   after `missingValues` (schema-wide or per field);
//! - across rows: `unique-error` (`unique` fields and `uniqueKeys`), `primary-key`, `foreign-key` (to this table with
//!   `"resource": ""`, to another CSV file of the export next to the checked file with
//!   `"resource": "regions"` or `"regions.csv"`, or to a catalog code list with
//!   `"resource": "codelist:ID@VERSION"`), and `duplicate-row` when asked for;
//! - the file: `encoding-error` (bytes that are not text in the declared encoding) and
//!   `source-error` (a quoted field left open at the end of the file, a record over 16 MiB).
//!
//! Rows are read in batches and checked on all cores; keys are kept as 128-bit hashes, so
//! memory grows with the number of keys, not with the size of the file.
//!
//! ## Parameters
//! - `schema`: the Table Schema (JSON), relative to the standard's folder.
//! - `delimiter` (default: sniffed among `,` `;` tab `|` as Python's `csv.Sniffer` does for
//!   frictionless): the field separator.
//! - `quote` (default `"`): the quote character; `""` disables quoting.
//! - `header` (default `true`): whether the first row holds the labels.
//! - `encoding` (default `utf-8`): a WHATWG encoding label (`windows-1252`, `gb18030`,
//!   `iso-8859-1`, ...), or `detect` to detect it as frictionless does (ad-hoc `--schema`
//!   checks detect). A UTF-8 byte order mark is always accepted.
//! - `errors` (default: all but `duplicate-row`): the error types this requirement reports.
//! - `valid-on` (optional, `YYYY-MM-DD`): code-list codes not valid on that day are unknown.
//! - `valid-on-field` (optional): the `date`, `datetime`, `year` or `yearmonth` field whose
//!   value in each row gives the period on which that row's code-list codes must be in force
//!   (a year: on at least one of its days); a row without a readable date gives a
//!   `foreign-key` finding, since the list in force is unknown.
//! - `dialect` (optional): a CSV Dialect / Table Dialect JSON file (`headerRows`,
//!   `commentChar`, `headerCase`, ...).
//!
//! Descriptors are read strictly: a property not understood is refused at its position.
//! [`load_package`] reads a `datapackage.json` into one check per resource.
//!
//! ## Example
//! ```toml
//! check = { engine = "table-schema", schema = "budget.schema.json", errors = ["foreign-key"] }
//! ```

mod anydate;
mod descriptor;
mod dialect;
mod errors;
mod fields_text;
mod header;
mod keys;
mod package;
mod row;
mod schema;
mod strftime;
mod types;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use conform_diagnostics::{Finding, Locator, Span};
use conform_formats::Format;
use conform_formats::csv::{Batch, CsvReader, Record, utf8_chars};
use encoding_rs::Encoding;
use rayon::prelude::*;
use serde::Deserialize;

use crate::artifacts::ArtifactRoot;
use crate::check::Origin;
use crate::codelist::CodeList;
use crate::registry::{CompileContext, parse_params};
use crate::{CompileError, Compiled, FileCheck, Input};

use dialect::TableDialect;
pub use errors::ErrorType;
use keys::{Integrity, KeyHash, Lookup, hash_bytes};
pub use package::{PackageTable, load_package};
use row::{RowOutcome, Scratch};
pub use schema::Schema;
use schema::{Field, Reference};
use types::FieldType;

/// Engine name in `check = { engine = "table-schema" }`.
pub const NAME: &str = "table-schema";

/// Records per batch checked in parallel.
const BATCH_RECORDS: usize = 16 * 1024;
/// Raw bytes per batch checked in parallel.
const BATCH_BYTES: usize = 4 * 1024 * 1024;
/// Bytes of the head used to detect the encoding (frictionless's buffer).
const DETECT_BYTES: usize = 100_000;
/// Bytes of the head used to sniff the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// Parameters of a `table-schema` check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Table Schema file, relative to the standard's folder.
    pub schema: String,
    /// Field separator (one character); sniffed when absent.
    #[serde(default)]
    pub delimiter: Option<String>,
    /// Quote character; `""` disables quoting.
    #[serde(default)]
    pub quote: Option<String>,
    /// Whether the first row is a header.
    #[serde(default = "yes")]
    pub header: bool,
    /// Encoding label, or `detect`.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Error types reported (frictionless names).
    #[serde(default)]
    pub errors: Option<Vec<String>>,
    /// Day on which code-list codes must be valid.
    #[serde(default)]
    pub valid_on: Option<String>,
    /// Field whose value dates each row's code-list codes.
    #[serde(default)]
    pub valid_on_field: Option<String>,
    /// CSV Dialect / Table Dialect descriptor (JSON), relative to the standard's folder:
    /// `headerRows`, `headerJoin`, `headerCase`, `commentChar`, `commentRows`,
    /// `skipInitialSpace`, `skipBlankRows`, quoting. `delimiter`, `quote` and `header`
    /// given as parameters take precedence.
    #[serde(default)]
    pub dialect: Option<String>,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            schema: String::new(),
            delimiter: None,
            quote: None,
            header: true,
            encoding: None,
            errors: None,
            valid_on: None,
            valid_on_field: None,
            dialect: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// Compiles the Table Schema named by the parameters.
pub fn compile(params: &toml::Table, ctx: &mut CompileContext<'_>) -> Result<Compiled, CompileError> {
    let params: Params = parse_params(NAME, params)?;
    Ok(Compiled::File(Arc::new(TableSchemaCheck::compile(ctx.root, &params)?)))
}

/// Decodes cells from the file's encoding.
pub struct TextDecoder {
    encoding: &'static Encoding,
    /// Whether the encoding was detected (none was declared).
    detected: bool,
}

impl TextDecoder {
    /// The encoding frictionless would read a file in when none is declared: UTF-8 when
    /// the head of the file is UTF-8, otherwise the encoding `chardetng` guesses
    /// (frictionless asks `chardet`; both guess legacy encodings from byte statistics).
    #[must_use]
    pub fn detect(head: &[u8]) -> Self {
        // A UTF-16 byte order mark names its encoding (chardetng never guesses UTF-16).
        if let Some((encoding, _)) = Encoding::for_bom(head) {
            return Self { encoding, detected: encoding != encoding_rs::UTF_8 };
        }
        let utf8 = match std::str::from_utf8(head) {
            Ok(_) => true,
            // A character cut by the end of the head.
            Err(err) => err.error_len().is_none(),
        };
        if utf8 {
            return Self { encoding: encoding_rs::UTF_8, detected: false };
        }
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(head, head.len() < DETECT_BYTES);
        Self { encoding: detector.guess(None, true), detected: true }
    }

    /// Whether the encoding was detected rather than declared.
    #[must_use]
    pub fn detected(&self) -> bool {
        self.detected
    }

    /// Decodes `bytes`; on failure, the offset of the first invalid byte.
    pub fn decode<'a>(&self, bytes: &'a [u8]) -> Result<Cow<'a, str>, usize> {
        if self.encoding == encoding_rs::UTF_8 {
            return std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|err| err.valid_up_to());
        }
        self.encoding.decode_without_bom_handling_and_without_replacement(bytes).ok_or_else(|| {
            let mut decoder = self.encoding.new_decoder_without_bom_handling();
            let mut buffer = vec![0u8; bytes.len() * 3 + 16];
            match decoder.decode_to_utf8_without_replacement(bytes, &mut buffer, true) {
                (encoding_rs::DecoderResult::Malformed(bad, extra), read, _) => {
                    read.saturating_sub(usize::from(bad) + usize::from(extra))
                }
                _ => 0,
            }
        })
    }

    /// `bytes` as text when the encoding is UTF-8 and they are valid UTF-8 (`None` otherwise).
    /// A record's values are checked at once this way; each cell is then a slice of the text.
    #[must_use]
    pub fn utf8<'a>(&self, bytes: &'a [u8]) -> Option<&'a str> {
        if self.encoding == encoding_rs::UTF_8 { std::str::from_utf8(bytes).ok() } else { None }
    }

    /// The offset of the first byte of `head` (the start of a file) that is not text in this
    /// encoding, a byte order mark aside; `complete`: `head` is the whole file (otherwise a
    /// character cut by its end is not an error).
    #[must_use]
    pub fn first_invalid(&self, head: &[u8], complete: bool) -> Option<usize> {
        let mut decoder = self.encoding.new_decoder_with_bom_removal();
        let mut buffer = vec![0u8; head.len().saturating_mul(3).saturating_add(16)];
        match decoder.decode_to_utf8_without_replacement(head, &mut buffer, complete) {
            (encoding_rs::DecoderResult::Malformed(bad, extra), read, _) => {
                Some(read.saturating_sub(usize::from(bad) + usize::from(extra)))
            }
            _ => None,
        }
    }

    /// Characters in `bytes` (for columns).
    #[must_use]
    pub fn chars(&self, bytes: &[u8]) -> usize {
        if self.encoding == encoding_rs::UTF_8 {
            utf8_chars(bytes)
        } else {
            self.encoding.decode_without_bom_handling(bytes).0.chars().count()
        }
    }

    /// The encoding's name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.encoding.name()
    }
}

/// How the columns of a file map to the schema, and which fields the key checks need.
pub struct Layout {
    /// Field held by each column (`None`: not described by the schema).
    columns: Vec<Option<usize>>,
    /// Name of each column: its field's name, or its label when no field describes it.
    names: Vec<String>,
    /// Column of each field, if the file has it.
    positions: Vec<Option<usize>>,
    /// Fields whose canonical values the key checks need.
    keyed: Vec<bool>,
    /// `unique` fields.
    unique: Vec<usize>,
    /// Fields of each `uniqueKeys` entry.
    unique_keys: Vec<Vec<usize>>,
    /// Referenced fields of each same-table foreign key.
    same_table: Vec<Vec<usize>>,
    /// Whether duplicate rows are checked.
    duplicate_rows: bool,
}

/// A compiled Table Schema check: the shared [`Core`] and the error types it reports.
pub struct TableSchemaCheck {
    core: Arc<Core>,
    report: HashSet<ErrorType>,
}

/// Findings of one input, with their error types.
type Found = Vec<(ErrorType, Finding)>;

/// What requirements on the same schema (and reading options) share: the compiled schema,
/// and each input's findings until every requirement has taken its share, so a file is read
/// once however many requirements filter its findings.
struct Core {
    schema: Schema,
    table: TableDialect,
    /// The declared encoding; `None`: detected per input.
    encoding: Option<&'static Encoding>,
    report: HashSet<ErrorType>,
    /// Files of the resources a foreign key may name (a data package's), by name.
    resources: HashMap<String, PathBuf>,
    /// Keys of each code-list foreign key, by foreign key index.
    code_lists: HashMap<usize, (Arc<HashSet<KeyHash>>, String)>,
    /// With `valid-on-field`: the field that dates each row, and the periods of each code of
    /// each code-list foreign key.
    dated: Option<(usize, HashMap<usize, Arc<CodePeriods>>)>,
    /// Findings of inputs not yet taken by every requirement: input → (takers left, findings).
    memo: Mutex<Memo>,
}

/// Findings of one pass over an input, shared by the requirements that use the same schema:
/// input name → (requirements that have not taken them yet, findings).
type Memo = HashMap<Arc<str>, (usize, Arc<Found>)>;

/// The periods in which each code of a list is in force, by key hash.
type CodePeriods = HashMap<KeyHash, Vec<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)>>;

/// Live cores, by schema digest and reading options.
static CORES: Mutex<Option<HashMap<String, Weak<Core>>>> = Mutex::new(None);

impl TableSchemaCheck {
    /// Reads and compiles the schema and the code lists it references (or reuses the core
    /// another requirement compiled from the same schema and options).
    pub fn compile(root: &ArtifactRoot, params: &Params) -> Result<Self, CompileError> {
        let params_error = |message: String| CompileError::Params { engine: NAME.to_owned(), message };
        let report: HashSet<ErrorType> = match &params.errors {
            None => ErrorType::ALL.into_iter().filter(|t| *t != ErrorType::DuplicateRow).collect(),
            Some(names) => names
                .iter()
                .map(|n| ErrorType::parse(n).ok_or_else(|| params_error(format!("unknown error type `{n}`"))))
                .collect::<Result<_, _>>()?,
        };
        let duplicate_rows = report.contains(&ErrorType::DuplicateRow);
        let artifact = root.read(&params.schema)?;
        let key = format!(
            "{}\0{:x}\0{:?}\0{:?}\0{}\0{:?}\0{:?}\0{:?}\0{:?}\0{duplicate_rows}",
            artifact.display,
            hash_bytes(&artifact.bytes),
            params.delimiter,
            params.quote,
            params.header,
            params.encoding,
            params.valid_on,
            params.valid_on_field,
            params.dialect
        );
        let mut cores = CORES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let cores = cores.get_or_insert_with(HashMap::new);
        cores.retain(|_, core| core.strong_count() > 0);
        let core = if let Some(core) = cores.get(&key).and_then(Weak::upgrade) {
            core
        } else {
            let core = Arc::new(Core::compile(root, params, &artifact, duplicate_rows)?);
            cores.insert(key, Arc::downgrade(&core));
            core
        };
        Ok(Self { core, report })
    }
}

impl TableSchemaCheck {
    /// A check of one data package resource: its schema and dialect as read from the
    /// package, its encoding, and the files of the package's resources (for foreign keys).
    fn for_resource(
        schema: Schema,
        table: TableDialect,
        encoding: Option<&'static Encoding>,
        resources: HashMap<String, PathBuf>,
    ) -> Self {
        let report: HashSet<ErrorType> = ErrorType::ALL.into_iter().filter(|t| *t != ErrorType::DuplicateRow).collect();
        let core = Core {
            schema,
            table,
            encoding,
            report: report.clone(),
            resources,
            code_lists: HashMap::new(),
            dated: None,
            memo: Mutex::new(HashMap::new()),
        };
        Self { core: Arc::new(core), report }
    }
}

impl Core {
    fn compile(
        root: &ArtifactRoot,
        params: &Params,
        artifact: &crate::artifacts::Artifact,
        duplicate_rows: bool,
    ) -> Result<Self, CompileError> {
        let invalid = |message: String| CompileError::Artifact { artifact: artifact.display.clone(), message };
        let (text, _) = conform_formats::text::strip_bom(&artifact.bytes);
        let parsed = std::str::from_utf8(text).ok().and_then(Schema::parse_text);
        let schema = match parsed {
            Some(schema) => schema,
            None => Schema::parse(conform_formats::json::parse(text).map_err(|err| invalid(err.message))?),
        }
        .map_err(invalid)?;
        let params_error = |message: String| CompileError::Params { engine: NAME.to_owned(), message };
        let one_byte = |name: &str, value: &Option<String>| -> Result<Option<Option<u8>>, CompileError> {
            match value.as_deref() {
                None => Ok(None),
                Some("") => Ok(Some(None)),
                Some("\\t") => Ok(Some(Some(b'\t'))),
                Some(text) if text.len() == 1 => Ok(Some(Some(text.as_bytes()[0]))),
                Some(text) => Err(params_error(format!("`{name}` must be one ASCII character, not {text:?}"))),
            }
        };
        let mut table = match &params.dialect {
            None => TableDialect::default(),
            Some(name) => {
                let file = root.read(name)?;
                let invalid = |message: String| CompileError::Artifact { artifact: file.display.clone(), message };
                let (text, _) = conform_formats::text::strip_bom(&file.bytes);
                let value = conform_formats::json::parse(text).map_err(|err| invalid(err.message))?;
                TableDialect::parse(&value, "").map_err(invalid)?
            }
        };
        if let Some(delimiter) = one_byte("delimiter", &params.delimiter)? {
            table.delimiter = Some(delimiter.unwrap_or(b','));
        }
        if let Some(quote) = one_byte("quote", &params.quote)? {
            table.quote = quote;
        }
        table.header &= params.header;
        let encoding = match params.encoding.as_deref() {
            None => Some(encoding_rs::UTF_8),
            Some("detect") => None,
            Some(label) => Some(encoding_of(label).map_err(params_error)?),
        };
        let report = ErrorType::ALL.into_iter().filter(|t| duplicate_rows || *t != ErrorType::DuplicateRow).collect();
        let valid_on = params
            .valid_on
            .as_deref()
            .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
            .transpose()
            .map_err(|_| params_error("`valid-on` must be a YYYY-MM-DD date".to_owned()))?;
        let dated_field = match params.valid_on_field.as_deref() {
            None => None,
            Some(name) => {
                let index = schema
                    .fields
                    .iter()
                    .position(|f| f.name == name)
                    .ok_or_else(|| params_error(format!("`valid-on-field`: the schema has no field `{name}`")))?;
                if !matches!(
                    schema.fields[index].ty,
                    FieldType::Date(_) | FieldType::DateTime(_) | FieldType::Year | FieldType::YearMonth
                ) {
                    return Err(params_error(format!(
                        "`valid-on-field`: `{name}` is not a date, datetime, year or yearmonth field"
                    )));
                }
                Some(index)
            }
        };
        let mut code_lists = HashMap::new();
        let mut periods = HashMap::new();
        for (i, fk) in schema.foreign_keys.iter().enumerate() {
            if let Reference::CodeList(reference) = &fk.reference {
                let list = CodeList::load(root, reference)?;
                let field = &schema.fields[fk.fields[0]];
                // A list without dates is in force on every day: no date is needed.
                let has_dates = list.codes().any(|(_, c)| c.valid_from.is_some() || c.valid_to.is_some());
                if dated_field.is_some() && has_dates {
                    let mut by_hash = CodePeriods::new();
                    for (code, entry) in list.codes() {
                        if let Some(hash) = canonical_hash(field, code) {
                            by_hash.entry(hash).or_default().push((entry.valid_from, entry.valid_to));
                        }
                    }
                    periods.insert(i, Arc::new(by_hash));
                }
                let keys = list
                    .codes()
                    .filter(|(_, code)| valid_on.is_none_or(|day| code.valid_on(day)))
                    .filter_map(|(code, _)| canonical_hash(field, code))
                    .collect();
                code_lists.insert(i, (Arc::new(keys), format!("code list {reference}")));
            }
        }
        Ok(Self {
            schema,
            table,
            encoding,
            report,
            resources: HashMap::new(),
            code_lists,
            dated: dated_field.map(|field| (field, periods)),
            memo: Mutex::new(HashMap::new()),
        })
    }

    fn wants(&self, kind: ErrorType) -> bool {
        self.report.contains(&kind)
    }

    fn layout(&self, columns: Vec<Option<usize>>, labels: &[String]) -> Layout {
        let fields = &self.schema.fields;
        let names = columns
            .iter()
            .enumerate()
            .map(|(i, c)| c.map_or_else(|| labels.get(i).cloned().unwrap_or_default(), |f| fields[f].name.clone()))
            .collect();
        let mut positions = vec![None; fields.len()];
        for (position, column) in columns.iter().enumerate() {
            if let Some(f) = column {
                positions[*f].get_or_insert(position);
            }
        }
        let duplicate_rows = self.wants(ErrorType::DuplicateRow);
        let mut keyed = vec![duplicate_rows; fields.len()];
        let unique: Vec<usize> = (0..fields.len()).filter(|&f| fields[f].constraints().unique).collect();
        let mut same_table = Vec::new();
        for &f in unique.iter().chain(&self.schema.primary_key).chain(self.schema.unique_keys.iter().flatten()) {
            keyed[f] = true;
        }
        for fk in &self.schema.foreign_keys {
            for &f in &fk.fields {
                keyed[f] = true;
            }
            if let Reference::SameTable(targets) = &fk.reference {
                for &f in targets {
                    keyed[f] = true;
                }
                same_table.push(targets.clone());
            }
        }
        Layout {
            columns,
            names,
            positions,
            keyed,
            unique,
            unique_keys: self.schema.unique_keys.clone(),
            same_table,
            duplicate_rows,
        }
    }
}

/// One pass over one input: the core, and the decoder of that input (declared, or
/// detected when none is declared).
struct Pass<'a> {
    core: &'a Core,
    decoder: TextDecoder,
}

impl std::ops::Deref for Pass<'_> {
    type Target = Core;

    fn deref(&self) -> &Core {
        self.core
    }
}

impl Pass<'_> {
    fn finding(
        &self,
        record: &Record<'_>,
        span: Span,
        field: Option<&str>,
        kind: ErrorType,
        message: &str,
    ) -> (ErrorType, Finding) {
        row::finding(record, &self.decoder, span, field, kind, message)
    }

    /// Why a code-list code (with `periods`) is not in force on the date of the row given by
    /// `date_field`, if it is not.
    fn out_of_force(
        &self,
        record: &Record<'_>,
        layout: &Layout,
        date_field: usize,
        periods: Option<&Vec<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)>>,
    ) -> Option<String> {
        let field = &self.schema.fields[date_field];
        let cell = layout.positions[date_field].filter(|&p| p < record.len()).map_or(&[][..], |p| record.value(p));
        let text = self.decoder.decode(cell).unwrap_or_default();
        let period = if field.missing_values.iter().any(|m| *m == *text) { None } else { field.ty.read(&text) }
            .and_then(|value| typed_period(&value));
        let Some((first, last)) = period else {
            return Some(format!("cannot be checked: `{}` gives no date for", field.name));
        };
        let in_force = periods.is_some_and(|periods| {
            periods.iter().any(|(from, to)| from.is_none_or(|from| from <= last) && to.is_none_or(|to| first <= to))
        });
        let when = if first == last { first.to_string() } else { format!("{first} to {last}") };
        (!in_force).then(|| format!("is not in force on {when} (`{}`) in", field.name))
    }

    /// A header row's labels as frictionless reads them: decoded, without surrounding spaces.
    fn labels(&self, record: &Record<'_>) -> Vec<String> {
        record
            .values()
            .map(|v| {
                let text = self.decoder.decode(v).unwrap_or_else(|_| String::from_utf8_lossy(v));
                text.trim().to_owned()
            })
            .collect()
    }

    /// Reads the labels (of the header row `record`, the last one) into a layout,
    /// reporting label problems.
    fn read_header(&self, record: &Record<'_>, labels: &[String], out: &mut Vec<(ErrorType, Finding)>) -> Layout {
        let mut problems = Vec::new();
        let columns = header::columns(&self.schema, labels, self.table.header_case, &mut problems);
        let mut found: Vec<_> = problems
            .iter()
            .map(|problem| {
                let span = problem.position.map_or_else(|| record.end_span(), |p| record.field_span(p));
                let field = (!problem.field.is_empty()).then_some(problem.field.as_str());
                row::unlocated(record, span, field, problem.kind, &problem.message)
            })
            .collect();
        row::locate(&mut found, record, &self.decoder);
        out.append(&mut found);
        self.layout(columns, labels)
    }

    /// Sets up the foreign-key lookups, reading referenced files next to the input.
    fn lookups(&self, input: &Input, out: &mut Vec<(ErrorType, Finding)>) -> Vec<Lookup> {
        let mut same = 0;
        let mut lookups = Vec::with_capacity(self.schema.foreign_keys.len());
        for (i, fk) in self.schema.foreign_keys.iter().enumerate() {
            let names: Vec<&str> = fk.fields.iter().map(|&f| self.schema.fields[f].name.as_str()).collect();
            lookups.push(match &fk.reference {
                Reference::SameTable(_) => {
                    same += 1;
                    let target = format!("this table ({})", fk.reference_fields.join(", "));
                    Lookup::SameTable { index: same - 1, seen: HashSet::new(), pending: Vec::new(), target }
                }
                Reference::CodeList(_) => {
                    let (keys, target) = self.code_lists[&i].clone();
                    Lookup::Known { keys, target }
                }
                Reference::File(resource) => {
                    let target = format!("{resource} ({})", fk.reference_fields.join(", "));
                    match self.read_reference(input, resource, fk) {
                        Ok(keys) => Lookup::Known { keys: Arc::new(keys), target },
                        Err(message) => {
                            let finding = Finding::new(
                                Span::empty(0),
                                Locator::Cell { row: 1, field: names.first().map(|n| (*n).to_owned()) },
                                format!("foreign-key: cannot read the referenced table {resource}: {message}"),
                            );
                            out.push((ErrorType::ForeignKey, finding));
                            Lookup::Known { keys: Arc::new(HashSet::new()), target }
                        }
                    }
                }
            });
        }
        lookups
    }

    /// Hashes of the referenced keys in another CSV file of the export.
    fn read_reference(
        &self,
        input: &Input,
        resource: &str,
        fk: &schema::ForeignKey,
    ) -> Result<HashSet<KeyHash>, String> {
        let Origin::Path(path) = &input.origin else {
            return Err("tables read from standard input cannot reference other files".to_owned());
        };
        let path = self.resources.get(resource).cloned().unwrap_or_else(|| reference_path(path, resource));
        let file = std::fs::File::open(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        let mut head = Vec::new();
        io::Read::read_to_end(&mut io::Read::take(&file, SNIFF_BYTES as u64), &mut head).map_err(|e| e.to_string())?;
        let dialect = self.table.csv(&|| head.clone());
        let file = std::fs::File::open(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        let mut reader = CsvReader::new(io::BufReader::new(file), dialect).map_err(|e| e.to_string())?;
        let mut batch = Batch::new();
        let mut columns: Option<Vec<usize>> = None;
        let mut keys = HashSet::new();
        let mut table: Option<TableDialect> = None;
        let mut tuple = Vec::new();
        while reader.read_batch(&mut batch, BATCH_RECORDS, BATCH_BYTES).map_err(|e| e.to_string())? {
            let table = table.get_or_insert_with(|| self.table.for_file(&widths(&batch, &self.table)));
            for record in batch.iter() {
                let header_row = table.header_rows.last().copied().filter(|_| table.header);
                if record.number() < table.first_content_row() && Some(record.number()) != header_row {
                    continue;
                }
                let Some(cols) = &columns else {
                    let labels: Vec<String> = self.labels(&record);
                    let found = fk
                        .reference_fields
                        .iter()
                        .map(|name| {
                            labels.iter().position(|l| l == name).ok_or_else(|| format!("it has no field `{name}`"))
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    columns = Some(found);
                    continue;
                };
                tuple.clear();
                let mut any = false;
                for (&col, &f) in cols.iter().zip(&fk.fields) {
                    let field = &self.schema.fields[f];
                    let cell = if col < record.len() { record.value(col) } else { &[] };
                    let text = self.decoder.decode(cell).unwrap_or_default();
                    match (field.missing_values.iter().any(|m| *m == *text), field.ty.read(&text)) {
                        (false, Some(value)) => {
                            value.write_canonical(&mut tuple);
                            any = true;
                        }
                        _ => tuple.push(0),
                    }
                }
                if any {
                    keys.insert(hash_bytes(&tuple));
                }
            }
        }
        Ok(keys)
    }

    /// Applies the cross-row checks to one checked row.
    fn integrity(
        &self,
        state: &mut Integrity,
        record: &Record<'_>,
        layout: &Layout,
        outcome: RowOutcome,
        out: &mut Vec<(ErrorType, Finding)>,
    ) {
        out.extend(outcome.findings.into_iter().filter(|(kind, _)| self.wants(*kind)));
        if outcome.skipped {
            return;
        }
        let row = record.number();
        let cell_span = |f: usize| layout.positions[f].filter(|&p| p < record.len()).map(|p| record.field_span(p));
        for (i, &f) in layout.unique.iter().enumerate() {
            if let Some(hash) = outcome.unique[i]
                && let Some(previous) = state.unique[i].insert(hash, row)
                && self.wants(ErrorType::UniqueError)
            {
                let name = &self.schema.fields[f].name;
                let message =
                    format!("the value of field {name:?} is the same as in row {previous}; it must be unique");
                let span = cell_span(f).unwrap_or_else(|| record.span());
                out.push(self.finding(record, span, Some(name), ErrorType::UniqueError, &message));
            }
        }
        let key_span = |fields: &[usize]| fields.first().and_then(|&f| cell_span(f)).unwrap_or_else(|| record.span());
        let key_names = |fields: &[usize]| {
            fields.iter().map(|&f| self.schema.fields[f].name.as_str()).collect::<Vec<_>>().join(", ")
        };
        for (i, fields) in layout.unique_keys.iter().enumerate() {
            if let Some(hash) = outcome.unique_keys[i]
                && let Some(previous) = state.unique_keys[i].insert(hash, row)
                && self.wants(ErrorType::UniqueError)
            {
                let message = format!("the unique key ({}) is the same as in row {previous}", key_names(fields));
                let name = self.schema.fields[fields[0]].name.as_str();
                out.push(self.finding(record, key_span(fields), Some(name), ErrorType::UniqueError, &message));
            }
        }
        if !self.schema.primary_key.is_empty() && self.wants(ErrorType::PrimaryKey) {
            let pk = &self.schema.primary_key;
            let message = match outcome.primary {
                None => Some(format!("the primary key ({}) is empty", key_names(pk))),
                Some(hash) => state
                    .primary
                    .insert(hash, row)
                    .map(|previous| format!("the primary key ({}) is the same as in row {previous}", key_names(pk))),
            };
            if let Some(message) = message {
                out.push(self.finding(record, key_span(pk), None, ErrorType::PrimaryKey, &message));
            }
        }
        if let Some(hash) = outcome.row
            && let Some(previous) = state.rows.get(&hash).copied().or_else(|| {
                state.rows.insert(hash, row);
                None
            })
        {
            let message = format!("the row is the same as row {previous}");
            out.push(self.finding(record, record.span(), None, ErrorType::DuplicateRow, &message));
        }
        state.provide(&outcome.targets);
        if !self.wants(ErrorType::ForeignKey) {
            return;
        }
        for (i, fk) in self.schema.foreign_keys.iter().enumerate() {
            let Some(hash) = outcome.foreign[i] else { continue };
            let values: Vec<String> = fk
                .fields
                .iter()
                .map(|&f| {
                    layout.positions[f]
                        .filter(|&p| p < record.len())
                        .map(|p| row::shown(&String::from_utf8_lossy(record.value(p))))
                        .unwrap_or_default()
                })
                .collect();
            let make = |target: &str| {
                let message = format!("{} = {} has no match in {target}", key_names(&fk.fields), values.join(", "));
                self.finding(record, key_span(&fk.fields), None, ErrorType::ForeignKey, &message)
            };
            match &mut state.foreign[i] {
                Lookup::Known { keys, target } => {
                    if !keys.contains(&hash) {
                        out.push(make(target));
                    } else if let Some((date_field, periods)) = &self.dated
                        && let Some(periods) = periods.get(&i)
                    {
                        let problem = self.out_of_force(record, layout, *date_field, periods.get(&hash));
                        if let Some(problem) = problem {
                            let message =
                                format!("{} = {} {problem} {target}", key_names(&fk.fields), values.join(", "));
                            out.push(self.finding(record, key_span(&fk.fields), None, ErrorType::ForeignKey, &message));
                        }
                    }
                }
                Lookup::SameTable { seen, pending, target, .. } => {
                    if !seen.contains(&hash) {
                        pending.push((hash, make(target).1));
                    }
                }
            }
        }
    }
}

/// (Row number, cell count, whether a comment) of the first 100 rows of a batch, for
/// header detection.
fn widths(batch: &Batch, table: &TableDialect) -> Vec<(u64, usize, bool)> {
    batch
        .iter()
        .take(100)
        .map(|r| (r.number(), r.len(), table.is_comment(r.number(), (!r.is_empty()).then(|| r.value(0)))))
        .collect()
}

/// The file a foreign key's `resource` names: a sibling of the checked file.
fn reference_path(input: &Path, resource: &str) -> PathBuf {
    let dir = input.parent().unwrap_or_else(|| Path::new(""));
    let name = if Path::new(resource).extension().is_some() { resource.to_owned() } else { format!("{resource}.csv") };
    dir.join(name)
}

/// The period a date, datetime, year or yearmonth value denotes.
fn typed_period(value: &types::Typed<'_>) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    use chrono::NaiveDate;
    let month = |year: i64, month: u32| {
        let first = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, 1)?;
        Some((first, first.checked_add_months(chrono::Months::new(1))?.pred_opt()?))
    };
    match value {
        types::Typed::Date(day) => Some((*day, *day)),
        types::Typed::DateTime(at) => Some((at.date(), at.date())),
        types::Typed::YearMonth(year, m) => month(*year, *m),
        types::Typed::Year(year) => Some((month(*year, 1)?.0, month(*year, 12)?.1)),
        _ => None,
    }
}

/// The key hash of a text read as `field`'s type, or `None` if it is not such a value.
fn canonical_hash(field: &Field, text: &str) -> Option<KeyHash> {
    let mut bytes = Vec::new();
    field.ty.read(text)?.write_canonical(&mut bytes);
    Some(hash_bytes(&bytes))
}

impl FileCheck for TableSchemaCheck {
    fn accepts(&self, format: Format) -> bool {
        format == Format::Csv
    }

    fn check_file(&self, input: &Input, _format: Format, out: &mut Vec<Finding>) -> io::Result<()> {
        let takers = Arc::strong_count(&self.core) - 1;
        let memo = |f: &mut dyn FnMut(&mut Memo) -> Option<Arc<Found>>| {
            f(&mut self.core.memo.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
        };
        let shared = memo(&mut |memo| {
            let (left, found) = memo.get_mut(&input.name)?;
            *left -= 1;
            let found = Arc::clone(found);
            if *left == 0 {
                memo.remove(&input.name);
            }
            Some(found)
        });
        let found = if let Some(found) = shared {
            found
        } else {
            let found = Arc::new(self.core.findings(input)?);
            if takers > 0 {
                memo(&mut |memo| memo.insert(Arc::clone(&input.name), (takers, Arc::clone(&found))).map(|e| e.1));
            }
            found
        };
        out.extend(found.iter().filter(|(kind, _)| self.report.contains(kind)).map(|(_, finding)| finding.clone()));
        Ok(())
    }
}

impl Core {
    /// Whether a content row is skipped: a comment, or a blank row with `skipBlankRows`.
    fn skipped(&self, record: &Record<'_>) -> bool {
        let first = (!record.is_empty()).then(|| record.value(0));
        self.table.is_comment(record.number(), first)
            || (self.table.skip_blank_rows && record.values().all(<[u8]>::is_empty))
    }

    /// Reads the input and returns every finding.
    fn findings(&self, input: &Input) -> io::Result<Found> {
        let head = input.head(DETECT_BYTES)?;
        let decoder = match self.encoding {
            Some(encoding) => TextDecoder { encoding, detected: false },
            None => TextDecoder::detect(&head),
        };
        if !decoder.encoding.is_ascii_compatible() {
            return Ok(vec![(ErrorType::EncodingError, not_ascii_compatible(decoder.encoding))]);
        }
        if let Some(bad) = decoder.first_invalid(&head, head.len() < DETECT_BYTES) {
            return Ok(self.undecodable(&decoder, &head, bad));
        }
        Pass { core: self, decoder }.findings(input)
    }

    /// As frictionless: a file whose first 100 000 bytes are not text in the declared
    /// encoding is one `encoding-error`, and nothing more is checked (frictionless cannot
    /// open it). Invalid bytes further on are reported in their cells.
    fn undecodable(&self, decoder: &TextDecoder, head: &[u8], bad: usize) -> Found {
        if !self.wants(ErrorType::EncodingError) {
            return Vec::new();
        }
        let how = if decoder.detected() { "detected" } else { "declared" };
        let message = format!(
            "encoding-error: byte 0x{:02X} is not valid {}, the encoding {how}: the file cannot be \
             read (nothing else is checked)",
            head.get(bad).copied().unwrap_or(0),
            decoder.name()
        );
        let finding = Finding::new(Span::new(bad, bad + 1), Locator::Cell { row: 1, field: None }, message);
        vec![(ErrorType::EncodingError, finding)]
    }
}

/// The encoding `label` names, refused when it is unknown or not ASCII-compatible.
pub(crate) fn encoding_of(label: &str) -> Result<&'static Encoding, String> {
    let encoding = Encoding::for_label(label.as_bytes()).ok_or_else(|| format!("unknown encoding `{label}`"))?;
    if !encoding.is_ascii_compatible() {
        return Err(format!(
            "encoding `{label}` ({}) is not ASCII-compatible: conform splits CSV rows and cells as bytes, so it \
             reads ASCII-compatible encodings only (convert the files to UTF-8)",
            encoding.name()
        ));
    }
    Ok(encoding)
}

/// The finding for a file in an encoding whose separators are not single bytes (UTF-16, by
/// its byte order mark): it is refused whole, never split on bytes and misread.
fn not_ascii_compatible(encoding: &'static Encoding) -> Finding {
    let message = format!(
        "encoding-error: the file is {} (by its byte order mark), which is not ASCII-compatible: conform \
         splits CSV rows and cells as bytes and cannot read it (convert it to UTF-8; nothing else is checked)",
        encoding.name()
    );
    Finding::new(Span::new(0, 2), Locator::Cell { row: 1, field: None }, message)
}

impl Pass<'_> {
    /// Reads the input and returns every finding.
    fn findings(&self, input: &Input) -> io::Result<Found> {
        let head = || input.head(SNIFF_BYTES).unwrap_or_default();
        let dialect = self.table.csv(&head);
        let mut reader = CsvReader::new(input.open()?, dialect)?;
        let mut found: Vec<(ErrorType, Finding)> = Vec::new();
        let mut state = Integrity {
            unique: Vec::new(),
            unique_keys: Vec::new(),
            primary: HashMap::new(),
            rows: HashMap::new(),
            foreign: self.lookups(input, &mut found),
        };
        let mut current = Batch::new();
        let mut next = Batch::new();
        let mut more = reader.read_batch(&mut current, BATCH_RECORDS, BATCH_BYTES)?;
        let mut layout: Option<Layout> = None;
        // The outcomes of one batch (their buffer reused from batch to batch).
        let mut outcomes: Vec<RowOutcome> = Vec::new();
        if !more {
            // As frictionless: "the source is empty".
            let message = "source-error: the file is empty";
            found.push((
                ErrorType::SourceError,
                Finding::new(Span::empty(0), Locator::Cell { row: 1, field: None }, message),
            ));
        }
        let table = self.table.for_file(&widths(&current, &self.table));
        let content = table.first_content_row();
        while more {
            let mut first = 0;
            if layout.is_none() {
                if table.header {
                    let mut rows = Vec::new();
                    let mut last = 0;
                    while first < current.len() && current.get(first).number() < content {
                        let record = current.get(first);
                        let first_cell = (!record.is_empty()).then(|| record.value(0));
                        if table.header_rows.contains(&record.number())
                            && !table.is_comment(record.number(), first_cell)
                        {
                            rows.push(self.labels(&record));
                            last = first;
                        }
                        first += 1;
                    }
                    let labels = table.join_labels(&rows);
                    layout = Some(self.read_header(&current.get(last), &labels, &mut found));
                } else {
                    layout = Some(self.layout((0..self.schema.fields.len()).map(Some).collect(), &[]));
                }
            }
            let Some(layout) = &layout else { break };
            if state.unique.is_empty() {
                state.unique = vec![HashMap::new(); layout.unique.len()];
                state.unique_keys = vec![HashMap::new(); layout.unique_keys.len()];
            }
            let (read, ()) = rayon::join(
                || reader.read_batch(&mut next, BATCH_RECORDS, BATCH_BYTES),
                || {
                    (first..current.len())
                        .into_par_iter()
                        .map_init(Scratch::default, |scratch, i| {
                            let record = current.get(i);
                            if self.skipped(&record) {
                                return RowOutcome { skipped: true, ..RowOutcome::default() };
                            }
                            row::check(&self.schema, layout, &self.decoder, &record, scratch)
                        })
                        .collect_into_vec(&mut outcomes);
                },
            );
            for (i, outcome) in outcomes.drain(..).enumerate() {
                self.integrity(&mut state, &current.get(first + i), layout, outcome, &mut found);
            }
            more = read?;
            std::mem::swap(&mut current, &mut next);
        }
        state.finish(&mut found);
        found.retain(|(kind, _)| self.wants(*kind));
        Ok(found)
    }
}

#[cfg(test)]
mod tests;
