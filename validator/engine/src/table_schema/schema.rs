//! The Table Schema descriptor: its JSON model, compiled into fields ready to read cells.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::Value;

use super::types::{DateFormat, FieldType, GeoPointFormat, StringFormat, Typed};

/// A compiled Table Schema.
#[derive(Debug)]
pub struct Schema {
    /// Fields, in order.
    pub fields: Vec<Field>,
    /// Indexes of the primary key fields.
    pub primary_key: Vec<usize>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// How header labels are matched to fields.
    pub fields_match: FieldsMatch,
}

/// `fieldsMatch` (Table Schema v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldsMatch {
    /// Same fields in the same order (the default).
    Exact,
    /// Same fields in any order.
    Equal,
    /// The data has every schema field, and maybe more.
    Subset,
    /// Every data field is in the schema, which may have more.
    Superset,
    /// At least one field matches.
    Partial,
}

/// A compiled field.
#[derive(Debug)]
pub struct Field {
    /// Field name.
    pub name: String,
    /// Type and format.
    pub ty: FieldType,
    /// `format` as written (for messages).
    pub format: String,
    /// Texts meaning "no value".
    pub missing_values: Vec<String>,
    /// Constraints.
    pub constraints: Constraints,
}

/// Compiled constraints of a field.
#[derive(Debug, Default)]
pub struct Constraints {
    /// `required`.
    pub required: bool,
    /// `unique`.
    pub unique: bool,
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `minimum`, as written and as read.
    pub minimum: Option<Bound>,
    /// `maximum`.
    pub maximum: Option<Bound>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<Bound>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<Bound>,
    /// `pattern`, anchored at both ends.
    pub pattern: Option<(String, regex::Regex)>,
    /// `enum`: the values as written, and their canonical forms.
    pub enumeration: Option<(Vec<String>, HashSet<Vec<u8>>)>,
}

/// A `minimum`/`maximum` bound: as written, and as a value of the field's type.
#[derive(Debug)]
pub struct Bound {
    /// The bound as written in the schema.
    pub text: String,
    /// The bound read with the field's type (`None` for text, which is `text` itself).
    value: Option<Typed<'static>>,
}

impl Bound {
    /// The bound as a value of the field's type.
    #[must_use]
    pub fn value(&self) -> Typed<'_> {
        self.value.clone().unwrap_or(Typed::Text(&self.text))
    }
}

/// A compiled foreign key.
#[derive(Debug)]
pub struct ForeignKey {
    /// Indexes of the referencing fields.
    pub fields: Vec<usize>,
    /// Where the referenced keys are.
    pub reference: Reference,
    /// Names of the referenced fields.
    pub reference_fields: Vec<String>,
}

/// The target of a foreign key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// This table (`"resource": ""`); holds the referenced field indexes.
    SameTable(Vec<usize>),
    /// A catalog code list (`"resource": "codelist:ID@VERSION"`).
    CodeList(String),
    /// Another CSV file of the same export, next to the checked file.
    File(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawSchema {
    fields: Vec<RawField>,
    #[serde(default)]
    missing_values: Option<Vec<String>>,
    #[serde(default)]
    primary_key: Option<OneOrMany>,
    #[serde(default)]
    foreign_keys: Vec<RawForeignKey>,
    #[serde(default)]
    fields_match: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            Self::One(one) => vec![one],
            Self::Many(many) => many,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawForeignKey {
    fields: OneOrMany,
    reference: RawReference,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawReference {
    #[serde(default)]
    resource: String,
    fields: OneOrMany,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawField {
    name: String,
    #[serde(default, rename = "type")]
    ty: Option<String>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    constraints: RawConstraints,
    #[serde(default)]
    missing_values: Option<Vec<String>>,
    #[serde(default)]
    true_values: Option<Vec<String>>,
    #[serde(default)]
    false_values: Option<Vec<String>>,
    #[serde(default)]
    decimal_char: Option<String>,
    #[serde(default)]
    group_char: Option<String>,
    #[serde(default)]
    bare_number: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawConstraints {
    #[serde(default)]
    required: bool,
    #[serde(default)]
    unique: bool,
    min_length: Option<usize>,
    max_length: Option<usize>,
    minimum: Option<Value>,
    maximum: Option<Value>,
    exclusive_minimum: Option<Value>,
    exclusive_maximum: Option<Value>,
    pattern: Option<String>,
    #[serde(rename = "enum")]
    enumeration: Option<Vec<Value>>,
}

impl Schema {
    /// Parses and compiles a Table Schema descriptor.
    pub fn parse(value: Value) -> Result<Self, String> {
        let raw: RawSchema = serde_json::from_value(value).map_err(|err| format!("not a Table Schema: {err}"))?;
        let schema_missing = raw.missing_values.unwrap_or_else(|| vec![String::new()]);
        let fields: Vec<Field> =
            raw.fields.into_iter().map(|f| compile_field(f, &schema_missing)).collect::<Result<_, _>>()?;
        let index = |name: &str| {
            fields.iter().position(|f| f.name == name).ok_or_else(|| format!("no field named `{name}` in the schema"))
        };
        let primary_key = raw
            .primary_key
            .map(OneOrMany::into_vec)
            .unwrap_or_default()
            .iter()
            .map(|n| index(n))
            .collect::<Result<_, _>>()
            .map_err(|err| format!("primaryKey: {err}"))?;
        let mut foreign_keys = Vec::new();
        for fk in raw.foreign_keys {
            let local: Vec<usize> = fk
                .fields
                .into_vec()
                .iter()
                .map(|n| index(n))
                .collect::<Result<_, _>>()
                .map_err(|e| format!("foreignKeys: {e}"))?;
            let reference_fields = fk.reference.fields.into_vec();
            if reference_fields.len() != local.len() {
                return Err("foreignKeys: `fields` and `reference.fields` differ in length".to_owned());
            }
            let reference = if fk.reference.resource.is_empty() {
                let targets = reference_fields
                    .iter()
                    .map(|n| index(n))
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("foreignKeys reference: {e}"))?;
                Reference::SameTable(targets)
            } else if let Some(list) = fk.reference.resource.strip_prefix("codelist:") {
                if local.len() != 1 {
                    return Err("foreignKeys: a code list is referenced by exactly one field".to_owned());
                }
                Reference::CodeList(list.to_owned())
            } else {
                Reference::File(fk.reference.resource)
            };
            foreign_keys.push(ForeignKey { fields: local, reference, reference_fields });
        }
        let fields_match = match raw.fields_match.as_deref() {
            None | Some("exact") => FieldsMatch::Exact,
            Some("equal") => FieldsMatch::Equal,
            Some("subset") => FieldsMatch::Subset,
            Some("superset") => FieldsMatch::Superset,
            Some("partial") => FieldsMatch::Partial,
            Some(other) => return Err(format!("unknown fieldsMatch `{other}`")),
        };
        Ok(Self { fields, primary_key, foreign_keys, fields_match })
    }
}

fn compile_field(raw: RawField, schema_missing: &[String]) -> Result<Field, String> {
    let format = raw.format.clone().unwrap_or_else(|| "default".to_owned());
    let name = raw.name.clone();
    let ty = compile_type(&raw, &format).map_err(|err| format!("field `{name}`: {err}"))?;
    let constraints = compile_constraints(raw.constraints, &ty).map_err(|err| format!("field `{name}`: {err}"))?;
    Ok(Field {
        name,
        ty,
        format,
        missing_values: raw.missing_values.unwrap_or_else(|| schema_missing.to_vec()),
        constraints,
    })
}

fn date_format(format: &str) -> DateFormat {
    match format {
        "default" => DateFormat::Default,
        "any" => DateFormat::Any,
        pattern => DateFormat::Pattern(pattern.strip_prefix("fmt:").unwrap_or(pattern).to_owned()),
    }
}

fn compile_type(raw: &RawField, format: &str) -> Result<FieldType, String> {
    let strings = |values: &Option<Vec<String>>, default: [&str; 4]| {
        values.clone().unwrap_or_else(|| default.iter().map(|s| (*s).to_owned()).collect())
    };
    Ok(match raw.ty.as_deref().unwrap_or("string") {
        "string" => FieldType::String(match format {
            "email" => StringFormat::Email,
            "uri" => StringFormat::Uri,
            "uuid" => StringFormat::Uuid,
            "binary" => StringFormat::Binary,
            _ => StringFormat::Default,
        }),
        "integer" => FieldType::Integer { bare: raw.bare_number.unwrap_or(true) },
        "number" => FieldType::Number {
            bare: raw.bare_number.unwrap_or(true),
            decimal: raw.decimal_char.clone().unwrap_or_else(|| ".".to_owned()),
            group: raw.group_char.clone(),
        },
        "boolean" => FieldType::Boolean {
            true_values: strings(&raw.true_values, ["true", "True", "TRUE", "1"]),
            false_values: strings(&raw.false_values, ["false", "False", "FALSE", "0"]),
        },
        "date" => FieldType::Date(date_format(format)),
        "time" => FieldType::Time(date_format(format)),
        "datetime" => FieldType::DateTime(date_format(format)),
        "year" => FieldType::Year,
        "yearmonth" => FieldType::YearMonth,
        "duration" => FieldType::Duration,
        "geopoint" => FieldType::GeoPoint(match format {
            "array" => GeoPointFormat::Array,
            "object" => GeoPointFormat::Object,
            _ => GeoPointFormat::Default,
        }),
        "geojson" => FieldType::GeoJson { topo: format == "topojson" },
        "object" => FieldType::Object,
        "array" => FieldType::Array,
        "any" => FieldType::Any,
        other => return Err(format!("unknown type `{other}`")),
    })
}

/// A constraint value as text (strings as they are, numbers as JSON writes them).
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Reads a constraint value with the field's type, keeping it beyond the schema's lifetime.
fn bound(value: &Value, ty: &FieldType, name: &str) -> Result<Bound, String> {
    let text = text_of(value);
    let typed = ty
        .read(&text)
        .ok_or_else(|| format!("constraint `{name}` value {value} is not a valid {}", ty.name()))?
        .detach();
    Ok(Bound { text, value: typed })
}

fn compile_constraints(raw: RawConstraints, ty: &FieldType) -> Result<Constraints, String> {
    let optional = |value: &Option<Value>, name: &str| value.as_ref().map(|v| bound(v, ty, name)).transpose();
    let pattern = raw
        .pattern
        .map(|p| {
            regex::Regex::new(&format!("^(?:{p})$")).map(|re| (p.clone(), re)).map_err(|e| format!("pattern: {e}"))
        })
        .transpose()?;
    let enumeration = raw.enumeration.map(|values| {
        let mut canonical = HashSet::new();
        let mut texts = Vec::new();
        for value in &values {
            let text = text_of(value);
            if let Some(typed) = ty.read(&text) {
                let mut bytes = Vec::new();
                typed.write_canonical(&mut bytes);
                canonical.insert(bytes);
            }
            texts.push(text);
        }
        (texts, canonical)
    });
    Ok(Constraints {
        required: raw.required,
        unique: raw.unique,
        min_length: raw.min_length,
        max_length: raw.max_length,
        minimum: optional(&raw.minimum, "minimum")?,
        maximum: optional(&raw.maximum, "maximum")?,
        exclusive_minimum: optional(&raw.exclusive_minimum, "exclusiveMinimum")?,
        exclusive_maximum: optional(&raw.exclusive_maximum, "exclusiveMaximum")?,
        pattern,
        enumeration,
    })
}
