//! Check engines and the plan that runs them.
//!
//! A [`Plan`] is compiled once per run from resolved standards: every requirement's
//! `check = { engine = ..., ... }` is handed to its engine (see [`registry`]), which
//! parses its parameters and compiles its artifacts (a JSON Schema, say) into a check.
//! [`run::check_input`] then reads each input once, streaming where the format allows, and
//! runs every applicable check; the engine stamps each finding with the requirement's
//! rule id, standard, version, level, severity and docs URL.

pub mod agreement;
pub mod api_evolution;
pub mod artifacts;
pub mod bpmn;
pub mod check;
pub mod codelist;
pub mod content;
pub mod fixtures;
pub mod identifiers;
pub mod json_schema;
pub mod lint;
pub mod manual;
mod plan;
pub mod ref_chain;
pub mod registry;
pub mod ruleset;
pub mod run;
pub mod schematron;
pub mod table_schema;
pub mod xsd;

pub use check::{Compiled, DocumentKind, FileCheck, Input, PointerFinding, RecordCheck, SyntaxFailure};
pub use plan::{CompileError, Plan, PlannedCheck, PlannedStandard};
