//! Validating text against a simple type: whitespace, lexical form, facets.

use std::cmp::Ordering;

use regex::Regex;

use super::datatypes::Value;
use super::model::{Facet, Schema, SimpleType, TypeDef, TypeId, Variety};

/// Resolves a `QName` prefix to a namespace (`None`: undeclared; `Some("")`: none).
pub type Resolver<'a> = &'a dyn Fn(&str) -> Option<Option<String>>;

/// The simple type `id` (the content type of a complex type with simple content).
pub fn simple_type(schema: &Schema, id: TypeId) -> Option<&SimpleType> {
    match schema.types.get(id)? {
        TypeDef::Simple(st) => Some(st),
        TypeDef::Complex(ct) => match ct.content {
            super::model::Content::Simple(inner) => simple_type(schema, inner),
            _ => None,
        },
    }
}

/// Why a value is refused.
pub enum Refusal {
    /// It is not valid: why.
    Invalid(String),
    /// It is valid but not the fixed value.
    NotFixed,
}

/// Validates `text` against `st` and, when there is one, compares its value with the
/// `fixed` value's; values are built only for that comparison or when a facet needs them.
pub fn check_fixed(
    schema: &Schema,
    st: &SimpleType,
    text: &str,
    fixed: Option<&str>,
    resolve: Resolver<'_>,
) -> Result<(), Refusal> {
    let Some(fixed) = fixed else { return check(schema, st, text, resolve).map_err(Refusal::Invalid) };
    let value = validate(schema, st, text, resolve).map_err(Refusal::Invalid)?;
    if validate(schema, st, fixed, resolve).ok().as_ref() == Some(&value) { Ok(()) } else { Err(Refusal::NotFixed) }
}

/// Validates `text` against `st` as [`validate`] does, building its value only when a facet
/// needs it (atomic types whose only facets are patterns need none).
pub fn check(schema: &Schema, st: &SimpleType, text: &str, resolve: Resolver<'_>) -> Result<(), String> {
    let Variety::Atomic(builtin) = &st.variety else { return validate(schema, st, text, resolve).map(drop) };
    if !st.facets.iter().all(|f| matches!(f, Facet::Pattern(..))) {
        return validate(schema, st, text, resolve).map(drop);
    }
    let normalized = st.white_space.apply(text);
    builtin.check(&normalized, resolve)?;
    for facet in &st.facets {
        if let Facet::Pattern(regexes, sources) = facet
            && let Some(why) = pattern_failure(regexes, sources, &normalized)
        {
            return Err(format!("'{normalized}' {why}"));
        }
    }
    Ok(())
}

/// Why `text` fails one derivation step's patterns (any may match), if it does.
fn pattern_failure(regexes: &[Regex], sources: &[String], text: &str) -> Option<String> {
    (!regexes.iter().any(|r| r.is_match(text)))
        .then(|| format!("does not match the pattern '{}'", sources.join("' or '")))
}

/// Validates `text` against `st`, returning its value or why not.
pub fn validate(schema: &Schema, st: &SimpleType, text: &str, resolve: Resolver<'_>) -> Result<Value, String> {
    let normalized = st.white_space.apply(text);
    let value = match &st.variety {
        Variety::Atomic(builtin) => builtin.parse(&normalized, resolve)?,
        Variety::List(item) => {
            let item = simple_type(schema, *item).ok_or("list item type is not simple")?;
            let mut values = Vec::new();
            for token in normalized.split(' ').filter(|t| !t.is_empty()) {
                values.push(validate(schema, item, token, resolve)?);
            }
            Value::List(values)
        }
        Variety::Union(members) => {
            let mut found = None;
            for &member in members {
                if let Some(member) = simple_type(schema, member)
                    && let Ok(value) = validate(schema, member, &normalized, resolve)
                {
                    found = Some(value);
                    break;
                }
            }
            found.ok_or_else(|| format!("'{normalized}' is not a valid value of any member type of the union"))?
        }
    };
    for facet in &st.facets {
        check_facet(facet, &normalized, &value)?;
    }
    Ok(value)
}

fn check_facet(facet: &Facet, text: &str, value: &Value) -> Result<(), String> {
    let length = || value.length();
    let bound = |limit: &Value, ok: &dyn Fn(Ordering) -> bool| value.compare(limit).is_some_and(ok);
    let failure = match facet {
        Facet::Length(n) => {
            length().is_some_and(|l| l != *n).then(|| format!("has length {}, not {n}", length().unwrap_or(0)))
        }
        Facet::MinLength(n) => {
            length().is_some_and(|l| l < *n).then(|| format!("is shorter than the minimum length {n}"))
        }
        Facet::MaxLength(n) => {
            length().is_some_and(|l| l > *n).then(|| format!("is longer than the maximum length {n}"))
        }
        Facet::Pattern(regexes, sources) => pattern_failure(regexes, sources, text),
        Facet::Enumeration(enumeration) => (!enumeration.contains(value)).then(|| {
            let lexical = &enumeration.lexical;
            let mut shown: Vec<&str> = lexical.iter().take(12).map(String::as_str).collect();
            if lexical.len() > 12 {
                shown.push("...");
            }
            format!("is not one of the allowed values: {}", shown.join(", "))
        }),
        Facet::MaxInclusive(limit, lex) => {
            (!bound(limit, &|o| o != Ordering::Greater)).then(|| format!("is greater than the maximum {lex}"))
        }
        Facet::MaxExclusive(limit, lex) => {
            (!bound(limit, &|o| o == Ordering::Less)).then(|| format!("is not less than {lex}"))
        }
        Facet::MinInclusive(limit, lex) => {
            (!bound(limit, &|o| o != Ordering::Less)).then(|| format!("is less than the minimum {lex}"))
        }
        Facet::MinExclusive(limit, lex) => {
            (!bound(limit, &|o| o == Ordering::Greater)).then(|| format!("is not greater than {lex}"))
        }
        Facet::TotalDigits(n) => match value {
            Value::Decimal(d) if d.total_digits() > *n => Some(format!("has more than {n} digits")),
            _ => None,
        },
        Facet::FractionDigits(n) => match value {
            Value::Decimal(d) if d.fraction_digits() > *n => Some(format!("has more than {n} fraction digits")),
            _ => None,
        },
        Facet::Identifier(name) => (!crate::identifiers::format(name).is_some_and(|check| check(text)))
            .then(|| format!("is not a valid `{name}` identifier")),
    };
    match failure {
        Some(why) => Err(format!("'{text}' {why}")),
        None => Ok(()),
    }
}
