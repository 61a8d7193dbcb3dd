//! The Table Schema descriptor: its JSON model, compiled into fields ready to read cells.

use std::collections::HashSet;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde_json::Value;
use serde_json::value::RawValue;

use super::descriptor::{Object, at, kind};
use super::fields_text::FieldsText;
use super::strftime::Pattern;
use super::types::{DateFormat, FieldType, GeoPointFormat, NumberOptions, StringFormat, Typed};

/// A compiled Table Schema.
#[derive(Debug)]
pub struct Schema {
    /// Fields, in order.
    pub fields: Vec<Field>,
    /// Indexes of the primary key fields.
    pub primary_key: Vec<usize>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// `uniqueKeys` (Table Schema v2): field indexes of each key.
    pub unique_keys: Vec<Vec<usize>>,
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
    /// Texts meaning "no value" (shared by the fields that do not set their own).
    pub missing_values: Arc<[String]>,
    /// Constraints, `None` when the field has none: most fields of a wide table have none,
    /// and a field stays a pointer wide for them.
    constraints: Option<Box<Constraints>>,
}

/// The constraints of a field without any.
static UNCONSTRAINED: Constraints = Constraints {
    required: false,
    unique: false,
    min_length: None,
    max_length: None,
    minimum: None,
    maximum: None,
    exclusive_minimum: None,
    exclusive_maximum: None,
    pattern: None,
    enumeration: None,
    categories: None,
};

impl Field {
    /// The field's constraints.
    #[must_use]
    pub fn constraints(&self) -> &Constraints {
        self.constraints.as_deref().unwrap_or(&UNCONSTRAINED)
    }
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
    pub minimum: Option<Box<Bound>>,
    /// `maximum`.
    pub maximum: Option<Box<Bound>>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<Box<Bound>>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<Box<Bound>>,
    /// `pattern`, anchored at both ends.
    pub pattern: Option<Box<(String, regex::Regex)>>,
    /// `enum`: the values as written, and their canonical forms.
    pub enumeration: Option<Box<ValueSet>>,
    /// `categories` (Table Schema v2): the values as written, and their canonical forms.
    pub categories: Option<Box<ValueSet>>,
}

impl Constraints {
    /// Whether a cell's value is compared with anything (`required` and `unique` aside).
    #[must_use]
    pub fn on_values(&self) -> bool {
        self.min_length.is_some()
            || self.max_length.is_some()
            || self.minimum.is_some()
            || self.maximum.is_some()
            || self.exclusive_minimum.is_some()
            || self.exclusive_maximum.is_some()
            || self.pattern.is_some()
            || self.enumeration.is_some()
            || self.categories.is_some()
    }
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

/// Annotation-only properties of a schema (they do not change what is valid).
const SCHEMA_ANNOTATIONS: [&str; 12] = [
    "$schema",
    "name",
    "title",
    "description",
    "profile",
    "homepage",
    "version",
    "created",
    "keywords",
    "licenses",
    "sources",
    "contributors",
];

/// Properties every field may have.
const FIELD_COMMON: [&str; 9] =
    ["name", "type", "format", "title", "description", "example", "constraints", "missingValues", "rdfType"];

/// Constraints each type supports (as frictionless 5.21 lists them; `required` and `unique`
/// apply to every type).
fn supported_constraints(ty: &str) -> &'static [&'static str] {
    const ORDERED: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"];
    match ty {
        "string" => &["minLength", "maxLength", "pattern", "enum"],
        "integer" | "number" | "date" | "time" | "datetime" | "year" | "yearmonth" => ORDERED,
        "array" | "object" => &["minLength", "maxLength", "enum"],
        "list" => &["minLength", "maxLength"],
        _ => &["enum"],
    }
}

/// Type-specific field properties.
fn type_properties(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["categories", "categoriesOrdered"],
        "integer" => &["bareNumber", "groupChar", "categories", "categoriesOrdered"],
        "number" => &["bareNumber", "groupChar", "decimalChar", "floatNumber"],
        "boolean" => &["trueValues", "falseValues"],
        "list" => &["delimiter", "itemType"],
        _ => &[],
    }
}

/// Item types of `list` fields.
const LIST_ITEM_TYPES: [&str; 7] = ["string", "integer", "boolean", "number", "datetime", "date", "time"];

impl Schema {
    /// Parses and compiles a Table Schema descriptor (v1 or v2), refusing every property
    /// it does not understand with its position in the descriptor.
    ///
    /// The fields are taken out of the descriptor and each is dropped once compiled, so
    /// that a schema of a million fields never holds both forms of every field at once.
    pub fn parse(mut value: Value) -> Result<Self, String> {
        let raw_fields = match value.get_mut("fields") {
            Some(Value::Array(items)) => Some(std::mem::take(items)),
            _ => None,
        };
        Self::compile(&value, raw_fields.map(|items| items.into_iter().map(Ok)))
    }

    /// As [`Schema::parse`], from the descriptor's JSON text: each field is parsed from the
    /// text only when it is compiled. `None` when the text is not a well-formed JSON object
    /// (the caller parses it whole to report why).
    #[must_use]
    pub fn parse_text(text: &str) -> Option<Result<Self, String>> {
        let FieldsText { top, fields } = FieldsText::read(text)?;
        let parse_field = |raw: &RawValue| serde_json::from_str::<Value>(raw.get()).map_err(|err| err.to_string());
        Some(Self::compile(&top, fields.map(|items| items.into_iter().map(parse_field))))
    }

    /// Compiles the descriptor `value`, whose `fields` (when an array) are `raw_fields`,
    /// taken out of it so that each is dropped once compiled.
    fn compile(
        value: &Value,
        raw_fields: Option<impl ExactSizeIterator<Item = Result<Value, String>>>,
    ) -> Result<Self, String> {
        let top = Object::new(value, String::new())?;
        let mut known: Vec<&str> =
            vec!["fields", "missingValues", "primaryKey", "foreignKeys", "uniqueKeys", "fieldsMatch"];
        known.extend(SCHEMA_ANNOTATIONS);
        top.only(&known, "Table Schema")?;
        let schema_missing: Arc<[String]> = missing_values(&top)?.unwrap_or_else(|| vec![String::new()]).into();
        let Some(written) = top.get("fields") else {
            return Err(format!("{}: a Table Schema must have `fields`", at("")));
        };
        let raw_fields = raw_fields.ok_or_else(|| top.wrong("fields", "an array", written))?;
        let mut fields: Vec<Field> = Vec::with_capacity(raw_fields.len());
        // Field positions by name: a schema of many fields compiles in linear time.
        let mut positions: FxHashMap<String, usize> =
            FxHashMap::with_capacity_and_hasher(raw_fields.len(), rustc_hash::FxBuildHasher);
        for (i, raw) in raw_fields.enumerate() {
            let raw = raw.map_err(|err| format!("{}: {err}", at(&format!("/fields/{i}"))))?;
            let field = compile_field(&Object::new(&raw, format!("/fields/{i}"))?, &schema_missing)?;
            if positions.insert(field.name.clone(), i).is_some() {
                return Err(format!("{}: field name {:?} is used twice", at(&format!("/fields/{i}/name")), field.name));
            }
            fields.push(field);
        }
        let index = |names: &[String], path: &str| -> Result<Vec<usize>, String> {
            names
                .iter()
                .map(|n| {
                    positions.get(n).copied().ok_or_else(|| format!("{}: no field named {n:?} in the schema", at(path)))
                })
                .collect()
        };
        let primary_key = index(&top.one_or_many("primaryKey")?.unwrap_or_default(), "/primaryKey")?;
        let foreign_keys = foreign_keys(&top, &index)?;
        let unique_keys = match top.get("uniqueKeys") {
            None => Vec::new(),
            Some(value) => {
                let keys = value.as_array().ok_or_else(|| top.wrong("uniqueKeys", "an array of arrays", value))?;
                let mut out = Vec::with_capacity(keys.len());
                for (i, key) in keys.iter().enumerate() {
                    let path = format!("/uniqueKeys/{i}");
                    let names: Vec<String> = key
                        .as_array()
                        .filter(|items| !items.is_empty())
                        .and_then(|items| items.iter().map(|n| n.as_str().map(str::to_owned)).collect())
                        .ok_or_else(|| {
                            format!("{}: expected a non-empty array of field names, found {}", at(&path), kind(key))
                        })?;
                    out.push(index(&names, &path)?);
                }
                out
            }
        };
        let fields_match = match top.str("fieldsMatch")? {
            None | Some("exact") => FieldsMatch::Exact,
            Some("equal") => FieldsMatch::Equal,
            Some("subset") => FieldsMatch::Subset,
            Some("superset") => FieldsMatch::Superset,
            Some("partial") => FieldsMatch::Partial,
            Some(other) => return Err(format!("{}: unknown fieldsMatch `{other}`", at("/fieldsMatch"))),
        };
        Ok(Self { fields, primary_key, foreign_keys, unique_keys, fields_match })
    }
}

/// Resolves field names (at a descriptor position) to field indexes.
type FieldIndex<'a> = dyn Fn(&[String], &str) -> Result<Vec<usize>, String> + 'a;

/// Values as written and their canonical forms (`enum`, `categories`).
pub type ValueSet = (Vec<String>, HashSet<Vec<u8>>);

/// `foreignKeys`, with field names resolved by `index`.
fn foreign_keys(top: &Object<'_>, index: &FieldIndex<'_>) -> Result<Vec<ForeignKey>, String> {
    let Some(value) = top.get("foreignKeys") else { return Ok(Vec::new()) };
    let items = value.as_array().ok_or_else(|| top.wrong("foreignKeys", "an array", value))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let fk = Object::new(item, format!("/foreignKeys/{i}"))?;
        fk.only(&["fields", "reference"], "foreign key")?;
        let names = fk.one_or_many("fields")?.ok_or_else(|| format!("{}: `fields` is required", at(&fk.path)))?;
        let local = index(&names, &fk.child("fields"))?;
        let reference = Object::new(fk.get("reference").unwrap_or(&Value::Null), fk.child("reference"))?;
        reference.only(&["resource", "fields"], "foreign key reference")?;
        let reference_fields =
            reference.one_or_many("fields")?.ok_or_else(|| format!("{}: `fields` is required", at(&reference.path)))?;
        if reference_fields.len() != local.len() {
            return Err(format!("{}: `fields` and `reference.fields` differ in length", at(&fk.path)));
        }
        let resource = reference.str("resource")?.unwrap_or_default();
        let target = if resource.is_empty() {
            Reference::SameTable(index(&reference_fields, &reference.child("fields"))?)
        } else if let Some(list) = resource.strip_prefix("codelist:") {
            if local.len() != 1 {
                return Err(format!("{}: a code list is referenced by exactly one field", at(&fk.path)));
            }
            Reference::CodeList(list.to_owned())
        } else {
            Reference::File(resource.to_owned())
        };
        out.push(ForeignKey { fields: local, reference: target, reference_fields });
    }
    Ok(out)
}

/// `missingValues`: strings, or (v2) `{"value": .., "label": ..}` objects.
fn missing_values(object: &Object<'_>) -> Result<Option<Vec<String>>, String> {
    let Some(value) = object.get("missingValues") else { return Ok(None) };
    let items = value.as_array().ok_or_else(|| object.wrong("missingValues", "an array", value))?;
    if items.iter().any(Value::is_string) && items.iter().any(Value::is_object) {
        return Err(format!(
            "{}: missing values are all strings or all {{\"value\", \"label\"}} objects, not a mix",
            at(&object.child("missingValues"))
        ));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("{}/{i}", object.child("missingValues"));
        match item {
            Value::String(text) => out.push(text.clone()),
            Value::Object(_) => {
                let entry = Object::new(item, path.clone())?;
                entry.only(&["value", "label"], "missing value")?;
                entry.str("label")?;
                let value = entry.str("value")?.ok_or_else(|| format!("{}: `value` is required", at(&path)))?;
                out.push(value.to_owned());
            }
            other => return Err(format!("{}: expected a string or an object, found {}", at(&path), kind(other))),
        }
    }
    Ok(Some(out))
}

fn compile_field(raw: &Object<'_>, schema_missing: &Arc<[String]>) -> Result<Field, String> {
    let name = raw.str("name")?.ok_or_else(|| format!("{}: a field must have a `name`", at(&raw.path)))?.to_owned();
    let type_name = raw.str("type")?.unwrap_or("string");
    let mut known: Vec<&str> = FIELD_COMMON.to_vec();
    known.extend(type_properties(type_name));
    if type_name == "array" && raw.get("arrayItem").is_some() {
        return Err(format!(
            "{}: `arrayItem` (a frictionless extension) is not supported; the field would go unchecked",
            at(&raw.child("arrayItem"))
        ));
    }
    let format = raw.str("format")?.map_or("default", |f| f.strip_prefix("fmt:").unwrap_or(f)).to_owned();
    let ty = compile_type(raw, type_name, &format)?;
    raw.only(&known, &format!("`{type_name}` field"))?;
    let constraints = compile_constraints(raw, type_name, &ty)?;
    Ok(Field {
        name,
        ty,
        format,
        missing_values: missing_values(raw)?.map_or_else(|| Arc::clone(schema_missing), Arc::from),
        constraints,
    })
}

fn date_format(format: &str, path: &str) -> Result<DateFormat, String> {
    match format {
        "default" => Ok(DateFormat::Default),
        "any" => Ok(DateFormat::Any),
        pattern => Pattern::new(pattern)
            .map(DateFormat::Pattern)
            .ok_or_else(|| format!("{}: `{pattern}` is not a date/time pattern conform can read", at(path))),
    }
}

fn one_char(raw: &Object<'_>, key: &str) -> Result<Option<String>, String> {
    raw.str(key).map(|v| v.map(str::to_owned))
}

fn compile_type(raw: &Object<'_>, type_name: &str, format: &str) -> Result<FieldType, String> {
    let format_path = raw.child("format");
    let unknown_format = || {
        Err(format!(
            "{}: `{format}` is not a format of type `{type_name}` that conform knows (the values would go unchecked)",
            at(&format_path)
        ))
    };
    let default_only = |ty: FieldType| if format == "default" { Ok(ty) } else { unknown_format() };
    let strings = |key: &str, default: [&str; 4]| -> Result<Vec<String>, String> {
        Ok(raw.strings(key)?.unwrap_or_else(|| default.iter().map(|s| (*s).to_owned()).collect()))
    };
    let number = || -> Result<NumberOptions, String> {
        let bare = raw.bool("bareNumber")?;
        let decimal = one_char(raw, "decimalChar")?;
        let group = one_char(raw, "groupChar")?;
        raw.bool("floatNumber")?;
        Ok(NumberOptions {
            processed: bare.is_some() || decimal.is_some() || group.is_some(),
            bare: bare.unwrap_or(true),
            decimal: decimal.unwrap_or_else(|| ".".to_owned()),
            group: group.unwrap_or_default(),
        })
    };
    match type_name {
        "string" => Ok(FieldType::String(match format {
            "default" => StringFormat::Default,
            "email" => StringFormat::Email,
            "uri" => StringFormat::Uri,
            "uuid" => StringFormat::Uuid,
            "binary" => StringFormat::Binary,
            name => match crate::identifiers::FORMATS.iter().find(|(known, _)| *known == name) {
                Some(&(known, _)) => StringFormat::Identifier(known),
                None => return unknown_format(),
            },
        })),
        "integer" => default_only(FieldType::Integer(number()?)),
        "number" => default_only(FieldType::Number(number()?)),
        "boolean" => default_only(FieldType::Boolean {
            true_values: strings("trueValues", ["true", "True", "TRUE", "1"])?,
            false_values: strings("falseValues", ["false", "False", "FALSE", "0"])?,
        }),
        "date" => Ok(FieldType::Date(date_format(format, &format_path)?)),
        "time" => Ok(FieldType::Time(date_format(format, &format_path)?)),
        "datetime" => Ok(FieldType::DateTime(date_format(format, &format_path)?)),
        "year" => default_only(FieldType::Year),
        "yearmonth" => default_only(FieldType::YearMonth),
        "duration" => default_only(FieldType::Duration),
        "geopoint" => Ok(FieldType::GeoPoint(match format {
            "default" => GeoPointFormat::Default,
            "array" => GeoPointFormat::Array,
            "object" => GeoPointFormat::Object,
            _ => return unknown_format(),
        })),
        "geojson" => match format {
            "default" | "topojson" => Ok(FieldType::GeoJson { topo: format == "topojson" }),
            _ => unknown_format(),
        },
        "object" => default_only(FieldType::Object),
        "array" => default_only(FieldType::Array),
        "any" => default_only(FieldType::Any),
        "list" => {
            let item = raw.str("itemType")?.unwrap_or("string");
            if !LIST_ITEM_TYPES.contains(&item) {
                return Err(format!(
                    "{}: `{item}` is not a list item type (one of {})",
                    at(&raw.child("itemType")),
                    LIST_ITEM_TYPES.join(", ")
                ));
            }
            let item_type = compile_list_item(item);
            let delimiter = raw.str("delimiter")?.unwrap_or(",").to_owned();
            if delimiter.is_empty() {
                return Err(format!("{}: the list delimiter is empty", at(&raw.child("delimiter"))));
            }
            default_only(FieldType::List { item: Box::new(item_type), delimiter })
        }
        other => Err(format!("{}: unknown type `{other}`", at(&raw.child("type")))),
    }
}

/// The type of `list` items: the item type with its default format and options.
fn compile_list_item(item: &str) -> FieldType {
    let plain = NumberOptions { processed: false, bare: true, decimal: ".".to_owned(), group: String::new() };
    let strings = |values: [&str; 4]| values.iter().map(|s| (*s).to_owned()).collect();
    match item {
        "integer" => FieldType::Integer(plain),
        "number" => FieldType::Number(plain),
        "boolean" => FieldType::Boolean {
            true_values: strings(["true", "True", "TRUE", "1"]),
            false_values: strings(["false", "False", "FALSE", "0"]),
        },
        "date" => FieldType::Date(DateFormat::Default),
        "time" => FieldType::Time(DateFormat::Default),
        "datetime" => FieldType::DateTime(DateFormat::Default),
        _ => FieldType::String(StringFormat::Default),
    }
}

/// A constraint value as text (strings as they are, numbers as JSON writes them).
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Reads a constraint value with the field's type, keeping it beyond the schema's lifetime.
fn bound(value: &Value, ty: &FieldType, path: &str) -> Result<Bound, String> {
    let text = text_of(value);
    let typed = ty.read(&text).ok_or_else(|| format!("{}: {value} is not a valid {}", at(path), ty.name()))?.detach();
    Ok(Bound { text, value: typed })
}

/// Values as written and their canonical forms (`enum`, `categories`).
fn value_set(values: &[Value], ty: &FieldType) -> ValueSet {
    let mut canonical = HashSet::new();
    let mut texts = Vec::new();
    for value in values {
        let text = text_of(value);
        if let Some(typed) = ty.read(&text) {
            let mut bytes = Vec::new();
            typed.write_canonical(&mut bytes);
            canonical.insert(bytes);
        }
        texts.push(text);
    }
    (texts, canonical)
}

/// `categories` (v2): values, or `{"value": .., "label": ..}` objects.
fn categories(raw: &Object<'_>, ty: &FieldType) -> Result<Option<Box<ValueSet>>, String> {
    raw.bool("categoriesOrdered")?;
    let Some(value) = raw.get("categories") else { return Ok(None) };
    let items = value.as_array().ok_or_else(|| raw.wrong("categories", "an array", value))?;
    let mut values = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("{}/{i}", raw.child("categories"));
        let value = match item {
            Value::Object(_) => {
                let entry = Object::new(item, path.clone())?;
                entry.only(&["value", "label"], "category")?;
                entry.str("label")?;
                entry.get("value").ok_or_else(|| format!("{}: `value` is required", at(&path)))?.clone()
            }
            other => other.clone(),
        };
        if !matches!(value, Value::String(_) | Value::Number(_)) {
            return Err(format!("{}: expected a string or a number, found {}", at(&path), kind(&value)));
        }
        values.push(value);
    }
    Ok(Some(Box::new(value_set(&values, ty))))
}

fn compile_constraints(raw: &Object<'_>, type_name: &str, ty: &FieldType) -> Result<Option<Box<Constraints>>, String> {
    let categories = categories(raw, ty)?;
    let Some(value) = raw.get("constraints") else {
        return Ok(categories
            .map(|categories| Box::new(Constraints { categories: Some(categories), ..Constraints::default() })));
    };
    let c = Object::new(value, raw.child("constraints"))?;
    if let Some(key) = c.map.keys().find(|k| {
        let k = k.as_str();
        k != "required" && k != "unique" && !supported_constraints(type_name).contains(&k)
    }) {
        return Err(format!("{}: constraint \"{key}\" is not supported by type \"{type_name}\"", at(&c.child(key))));
    }
    let optional = |key: &str| c.get(key).map(|v| bound(v, ty, &c.child(key)).map(Box::new)).transpose();
    let pattern = c
        .str("pattern")?
        .map(|p| {
            regex::Regex::new(&format!("^(?:{p})$"))
                .map(|re| Box::new((p.to_owned(), re)))
                .map_err(|e| format!("{}: not a regular expression conform can run: {e}", at(&c.child("pattern"))))
        })
        .transpose()?;
    let enumeration = match c.get("enum") {
        None => None,
        Some(Value::Array(values)) => Some(Box::new(value_set(values, ty))),
        Some(other) => return Err(c.wrong("enum", "an array", other)),
    };
    Ok(Some(Box::new(Constraints {
        required: c.bool("required")?.unwrap_or(false),
        unique: c.bool("unique")?.unwrap_or(false),
        min_length: c.count("minLength")?,
        max_length: c.count("maxLength")?,
        minimum: optional("minimum")?,
        maximum: optional("maximum")?,
        exclusive_minimum: optional("exclusiveMinimum")?,
        exclusive_maximum: optional("exclusiveMaximum")?,
        pattern,
        enumeration,
        categories,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(value: &Value) -> String {
        Schema::parse(value.clone()).expect_err("refused")
    }

    #[test]
    fn a_field_without_constraints_stays_small() {
        // A header of a million labels compiles a million fields: the rarely used
        // constraints live behind boxes so that each field costs a few hundred bytes.
        let size = std::mem::size_of::<Field>();
        assert!(size <= 160, "Field is {size} bytes");
    }

    #[test]
    fn refuses_what_it_does_not_understand_at_its_position() {
        let err = refused(&json!({"fields": [{"name": "a", "type": "object", "constraints": {"jsonSchema": {}}}]}));
        assert_eq!(
            err,
            "at /fields/0/constraints/jsonSchema: constraint \"jsonSchema\" is not supported by type \"object\""
        );
        assert!(refused(&json!({"fields": [], "colour": 1})).starts_with("at /colour:"));
        assert!(refused(&json!({"fields": [{"name": "a", "format": "wkt"}]})).starts_with("at /fields/0/format:"));
        assert!(
            refused(&json!({"fields": [{"name": "a", "type": "integer", "trueValues": []}]}))
                .starts_with("at /fields/0/trueValues:")
        );
        assert!(
            refused(&json!({"fields": [{"name": "a", "type": "list", "itemType": "year"}]}))
                .starts_with("at /fields/0/itemType:")
        );
        assert!(refused(&json!({"fields": [{"name": "a"}], "uniqueKeys": [["b"]]})).starts_with("at /uniqueKeys/0:"));
        assert!(refused(&json!({"fields": [{"name": "a"}, {"name": "a"}]})).contains("used twice"));
        assert!(refused(&json!({"fields": [], "missingValues": ["", {"value": "NA"}]})).contains("not a mix"));
    }

    #[test]
    fn reads_v2_properties() {
        let schema = Schema::parse(json!({
            "fields": [
                {"name": "a", "type": "list", "itemType": "integer", "delimiter": ";"},
                {"name": "b", "type": "integer", "categories": [1, {"value": 2, "label": "two"}]}
            ],
            "missingValues": [{"value": ""}, {"value": "NA", "label": "not available"}],
            "uniqueKeys": [["a", "b"]]
        }))
        .unwrap();
        assert_eq!(*schema.fields[0].missing_values, ["", "NA"]);
        assert_eq!(schema.unique_keys, [vec![0, 1]]);
        assert_eq!(schema.fields[1].constraints().categories.as_ref().unwrap().0, ["1", "2"]);
    }
}
