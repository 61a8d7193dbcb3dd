//! E-government process rules: what makes a process model fit for a public service.
//!
//! - `responsible-unit`: every user or manual task lies in a named lane or names a
//!   performer, so a citizen can be told who handles the step.
//! - `time-limit`: the process, or each of its user and manual tasks, declares its
//!   statutory processing time (a timer boundary event or a `timeLimit` extension property,
//!   an ISO 8601 duration) within the maximum the standard sets.
//! - `citizen-feedback`: no path of a process reaches its end without a feedback or
//!   satisfaction step.
//! - `once-only`: no data input or data object asks for a document the administration
//!   already holds (a code list of government-held documents); documents the agency
//!   retrieves itself are modelled as data store references to the base registry.
//! - `named-steps`: labels are names in the standard's language, not identifiers or
//!   placeholders.
//!
//! Each rule takes its options from the standard (`options = { ... }`); unknown options are
//! refused.

mod feedback;
mod named;
mod once_only;
mod responsible;
mod time_limit;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::lint::Check;
use super::model::Model;
use crate::CompileError;
use crate::artifacts::ArtifactRoot;

/// The e-government rule names.
pub const NAMES: [&str; 5] = ["responsible-unit", "time-limit", "citizen-feedback", "once-only", "named-steps"];

/// Builds an e-government rule from its options.
pub type Builder = fn(&Value, &ArtifactRoot) -> Result<Check, CompileError>;

/// The builder of e-government rule `name`.
#[must_use]
pub fn rule(name: &str) -> Option<Builder> {
    match name {
        "responsible-unit" => Some(responsible::build),
        "time-limit" => Some(time_limit::build),
        "citizen-feedback" => Some(feedback::build),
        "once-only" => Some(once_only::build),
        "named-steps" => Some(named::build),
        _ => None,
    }
}

/// Parses a rule's options (`Null` means all defaults).
fn options<T: DeserializeOwned + Default>(rule: &str, value: &Value) -> Result<T, CompileError> {
    if value.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(value.clone()).map_err(|err| CompileError::Params {
        engine: super::NAME.to_owned(),
        message: format!("rule `{rule}`: {err}"),
    })
}

/// Whether `element` is a user or manual task (the steps people perform).
fn is_human_task(model: &Model, element: usize) -> bool {
    use super::kind::Kind;
    matches!(model.kind(element), Kind::UserTask | Kind::ManualTask)
}

/// Lower-cased, whitespace-collapsed text for matching names.
fn normalise(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    if joined.is_ascii() {
        joined.make_ascii_lowercase();
        joined
    } else {
        joined.to_lowercase()
    }
}

/// The display name of an element for messages: its name, else its id.
fn label(model: &Model, element: usize) -> String {
    match model.name(element).map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => name.replace('\n', " "),
        None => model.id(element).to_owned(),
    }
}

#[cfg(test)]
mod tests;
