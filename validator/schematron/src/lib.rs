//! An ISO Schematron engine on the pure-Rust XPath 3.1 engine `xee-xpath`.
//!
//! [`read_file`] reads a schema (includes, abstract patterns with parameters, abstract
//! rules resolved), [`Validator::compile`] compiles every expression once for a phase, and
//! [`Validator::validate`] runs it over any number of documents. Semantics follow the ISO
//! skeleton implementation that the reference validators run: each pattern visits the
//! document node, every element and every attribute in document order, and the first rule
//! (in schema order) whose context matches a node fires on it.
//!
//! Fail closed: an unsupported element or attribute of the Schematron namespace, an XSLT
//! element, an unknown `queryBinding` or an XPath that does not compile is a [`SchemaError`]
//! at its position; an XPath that fails while running is an [`OutcomeKind::Error`] outcome at
//! the rule, never a pass.

mod compile;
mod deferred;
mod descend;
mod matcher;
mod model;
mod native_test;
mod operands;
mod read;
mod report;
pub mod svrl;
mod validate;

pub use compile::{Validator, selector};
pub use model::{
    Check, CheckKind, Let, Message, Part, Pattern, Phase, Property, QueryBinding, Rule, Schema, SourcePos,
};
pub use read::{Loader, SCH_NS, read, read_file};
pub use report::{Event, Outcome, OutcomeKind, PropertyText, Report};
pub use validate::{DocumentError, MAX_DEPTH};

/// Registers `flag` for the evaluations of the calling thread (`None`: none can be
/// cancelled): once it is set, from any thread, a [`Validator::validate`] running on this
/// thread stops within a few thousand XPath instructions, every expression it has left
/// ending in an [`OutcomeKind::Error`] outcome (`cancelled`). The caller discards that report.
pub fn cancel_on(flag: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>) {
    xee_interpreter::interpreter::set_cancel_flag(flag);
}

/// A schema that cannot be read or compiled.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}{message}", pos.as_ref().map(|p| format!("{p}: ")).unwrap_or_default())]
pub struct SchemaError {
    /// Where, when known.
    pub pos: Option<SourcePos>,
    /// What is wrong.
    pub message: String,
}

impl SchemaError {
    pub(crate) fn new(message: String) -> Self {
        Self { pos: None, message }
    }

    pub(crate) fn at(pos: SourcePos, message: String) -> Self {
        Self { pos: Some(pos), message }
    }
}
