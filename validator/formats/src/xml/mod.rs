//! A namespace-aware XML pull reader that keeps the byte position of every element and
//! attribute.
//!
//! [`XmlReader`] streams a document from any `Read`, finding tokens in place in a sliding
//! window, and yields [`XmlEvent`]s one at a time (no tree is built): start tags with their resolved
//! namespace, attributes (name and value spans, decoded and unescaped values), end tags and
//! text. Consumers (the BPMN model, the XML data engine) build only what they need. Memory
//! is bounded by the largest token and the nesting depth, not by the size of the input.
//!
//! ## Guarantees
//! - **Positions**: every [`StartTag`], [`Attribute`], [`EndTag`] and [`Text`] carries
//!   [`Span`](conform_diagnostics::Span)s in bytes of the *original* input (a UTF-8 byte order
//!   mark included). Each event comes with a [`Scope`] that resolves spans inside it to
//!   1-based lines and character columns while streaming (also for single-byte
//!   encodings); [`Positions`] does the same for a whole input held in memory.
//! - **Encodings**: UTF-8 (with or without BOM), UTF-16 with its byte order mark (transcoded
//!   to UTF-8 as it is read: lines and columns are exact, span offsets are those of the
//!   transcoding) and the ASCII-compatible single-byte encodings named in the XML
//!   declaration (`ISO-8859-1`, `Windows-1252`, `ISO-8859-15`, ..., decoded with
//!   `encoding_rs`). Unknown encodings, and a declaration that contradicts the bytes, are
//!   refused with a [`SyntaxError`].
//! - **DTDs**: the internal subset is parsed and checked; internal entities are expanded
//!   in text and attribute values within limits (nesting, count and size of expansions,
//!   against "billion laughs"). Nothing is ever fetched: a document with an external DTD
//!   or external parameter entity (unless it says `standalone="yes"`), or that refers to
//!   an external entity, is refused with a [`SyntaxError`] saying so.
//! - **Bounded**: nesting deeper than [`XmlOptions::max_depth`] is a [`SyntaxError`]; the
//!   reader is iterative, so hostile nesting cannot overflow the stack.
//! - **Well-formedness**: mismatched or unclosed tags, a missing root, a second root and
//!   text outside the root are syntax errors, reported at their position.
//!
//! Unknown namespaces and vendor extension elements are ordinary events: ignoring them is
//! the consumer's choice, never an error.
//!
//! ## Example
//! ```
//! use conform_formats::xml::{XmlEvent, XmlReader};
//!
//! let xml = br#"<d xmlns="urn:x"><task id="T1"/></d>"#;
//! let mut ids = Vec::new();
//! let mut reader = XmlReader::new(&xml[..]);
//! while let Some((event, scope)) = reader.next_event().unwrap() {
//!     if let XmlEvent::Start(tag) = event {
//!         if let Some(id) = tag.attribute("id") {
//!             ids.push((id.value.to_string(), scope.line_col(id.value_span.start).column));
//!         }
//!     }
//! }
//! assert_eq!(ids, [("T1".to_owned(), 28)]);
//! ```

mod attributes;
mod batch;
mod cursor;
mod declaration;
mod dtd;
mod encoding;
mod names;
mod namespaces;
mod positions;
mod producer;
mod reader;
mod tokens;
mod unescape;
mod utf16;

pub use encoding::TextEncoding;
pub use positions::Positions;
pub use reader::{Attribute, EndTag, Name, Scope, StartTag, Text, XmlEvent, XmlOptions, XmlReader};

#[cfg(test)]
mod tests;
