//! The document type declaration and its internal subset (XML 1.0 fifth edition, section
//! 2.8, 3.2-3.4, 4.2 and 4.7): every markup declaration is parsed and checked for
//! well-formedness; entity declarations are kept for expanding references.
//!
//! Nothing is fetched: an external subset or external parameter entity is noted, and the
//! declarations after a parameter-entity reference that is not read are not processed (as
//! XML 1.0 section 5.1 asks of a processor that does not read it). References to entities
//! that could be declared there are then refused by the reader, never passed over.

use std::collections::HashMap;

use super::names::is_name;

mod parse;

/// A declared entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Entity {
    /// An internal entity with its replacement text.
    Internal(String),
    /// An external parsed entity (never fetched).
    External,
    /// An unparsed entity (`NDATA`), which may never be referenced.
    Unparsed,
}

/// What the document type declaration declares.
#[derive(Debug, Default)]
pub(super) struct Dtd {
    general: HashMap<String, Entity>,
    parameters: HashMap<String, Entity>,
    /// The DOCTYPE names an external subset.
    pub external_subset: bool,
    /// A parameter-entity reference was not read (external or undeclared).
    pub skipped: bool,
    /// The XML declaration says `standalone="yes"`.
    pub standalone: bool,
    /// What expanding entities while reading the DTD may still use.
    budget: Budget,
    /// The attributes declared for each element (by qualified name).
    attributes: HashMap<String, Vec<AttributeDecl>>,
}

/// An attribute declared for an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AttributeDecl {
    /// Its qualified name.
    pub name: String,
    /// Its type is not `CDATA`: values are collapsed.
    pub tokenized: bool,
    /// Its default value, normalised (`None` when it has none or it is not known).
    pub default: Option<String>,
}

/// A syntax error at a byte index of the DOCTYPE.
pub(super) type DtdError = (usize, String);

impl Dtd {
    /// Whether every declaration was read, so that a reference to an undeclared entity is
    /// a well-formedness error (WFC: Entity Declared); otherwise the entity may be declared
    /// where the reader does not look.
    pub(super) fn complete(&self) -> bool {
        self.standalone || !(self.external_subset || self.skipped)
    }

    /// The attributes declared for the element `qualified`.
    pub(super) fn attributes_of(&self, qualified: &str) -> &[AttributeDecl] {
        if self.attributes.is_empty() {
            return &[];
        }
        self.attributes.get(qualified).map_or(&[], Vec::as_slice)
    }

    /// The general entity `name`, or why a reference to it is refused.
    pub(super) fn entity(&self, name: &str) -> Result<&Entity, String> {
        if let Some(entity) = self.general.get(name) {
            return Ok(entity);
        }
        if self.complete() {
            Err(format!("reference to undeclared entity `&{name};` (WFC: Entity Declared)"))
        } else {
            Err(format!(
                "entity `&{name};` is not declared in the internal DTD subset; it may be declared in the external DTD or an external parameter entity, which is never fetched"
            ))
        }
    }

    /// Parses the DOCTYPE `text` (`<!DOCTYPE` to `>`).
    pub(super) fn parse(text: &str, standalone: bool) -> Result<Self, DtdError> {
        let mut dtd = Self { standalone, ..Self::default() };
        parse::doctype(text, &mut dtd)?;
        Ok(dtd)
    }

    /// The replacement text of `name` in an attribute value, expanded and normalised into
    /// `out`: `Err` when it is not allowed there.
    pub(super) fn expand_in_attribute(
        &self,
        name: &str,
        out: &mut String,
        budget: &mut Budget,
        open: &mut Vec<String>,
    ) -> Result<(), String> {
        let text = match self.entity(name)? {
            Entity::Internal(text) => text,
            Entity::External => {
                return Err(format!("attribute values cannot refer to the external entity `&{name};`"));
            }
            Entity::Unparsed => return Err(format!("the unparsed entity `&{name};` cannot be referred to")),
        };
        if open.iter().any(|o| o == name) {
            return Err(format!("entity `&{name};` refers to itself (WFC: No Recursion)"));
        }
        budget.enter(open.len(), text.len())?;
        open.push(name.to_owned());
        let mut chars = text.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '<' => return Err(format!("entity `&{name};` puts `<` into an attribute value")),
                '&' => {
                    let end = text[i..].find(';').map(|e| i + e).ok_or("`&` must be written `&amp;`")?;
                    let reference = &text[i + 1..end];
                    if let Some(c) = character(reference)? {
                        out.push(c);
                    } else {
                        self.expand_in_attribute(reference, out, budget, open)?;
                    }
                    while chars.clone().next().is_some_and(|(j, _)| j <= end) {
                        chars.next();
                    }
                }
                '\t' | '\n' | '\r' => out.push(' '),
                c => out.push(c),
            }
        }
        open.pop();
        Ok(())
    }
}

/// The limits on entity expansion in one document (against "billion laughs").
#[derive(Debug, Default)]
pub(super) struct Budget {
    references: usize,
    bytes: usize,
}

/// Entity references expanded in one document at most.
pub(super) const MAX_REFERENCES: usize = 1_000_000;
/// Bytes of replacement text produced in one document at most.
pub(super) const MAX_EXPANDED_BYTES: usize = 8 * 1024 * 1024;
/// Entities nested in one another at most.
pub(super) const MAX_ENTITY_DEPTH: usize = 40;

impl Budget {
    /// Counts one more expansion of `len` bytes at nesting `depth`.
    pub(super) fn enter(&mut self, depth: usize, len: usize) -> Result<(), String> {
        self.references += 1;
        self.bytes += len;
        if depth >= MAX_ENTITY_DEPTH {
            return Err(format!("entities are nested more than {MAX_ENTITY_DEPTH} deep; the input is refused"));
        }
        if self.references > MAX_REFERENCES {
            return Err(format!(
                "more than {MAX_REFERENCES} entity references are expanded; the input is refused (entity expansion attack)"
            ));
        }
        if self.bytes > MAX_EXPANDED_BYTES {
            return Err(format!(
                "entity expansion produces more than {} MiB; the input is refused (entity expansion attack)",
                MAX_EXPANDED_BYTES / (1024 * 1024)
            ));
        }
        Ok(())
    }
}

/// The character a predefined entity or character reference stands for: `Ok(None)` for
/// the name of another entity, `Err` for a malformed reference.
pub(super) fn character(reference: &str) -> Result<Option<char>, String> {
    if !reference.starts_with('#') {
        if !is_name(reference) {
            return Err(format!("`&{reference};` is not a reference: a name must follow `&`"));
        }
        return Ok(match reference {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "quot" => Some('"'),
            _ => None,
        });
    }
    super::unescape::resolve_reference(reference).map(Some)
}

/// Appends `text` with its white space characters (a CR LF pair as one) as spaces
/// (attribute-value normalisation, XML 1.0 section 3.3.3).
pub(super) fn normalise(text: &str, out: &mut String) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// A tokenized attribute value: spaces trimmed and runs of them collapsed to one.
pub(super) fn collapse(value: &str) -> String {
    value.split(' ').filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ")
}
