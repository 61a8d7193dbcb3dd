//! The `bpmn` engine: BPMN 2.0 process models, checked with bpmnlint's rules and with
//! e-government process rules.
//!
//! ## What it does
//! Reads a BPMN 2.0 XML model (any tool's export: vendor namespaces and extension elements
//! are ignored, ISO-8859-1/Windows-1252 declarations are decoded, DTD entities are refused)
//! into a model resolved by id, and runs one rule on it. Every finding points at the start
//! tag of the offending element, with the locator
//! `/definitions/process[@id='P1']/userTask[@id='Task_1']`.
//!
//! Rules:
//! - the 27 rules of bpmnlint 11 under their own names (`label-required`,
//!   `no-implicit-start`, ...), behaving as bpmnlint does with default options;
//! - the e-government rules `responsible-unit`, `time-limit`, `citizen-feedback`,
//!   `once-only` and `named-steps` (see [`egov`]);
//! - `model`: ids are unique and references resolve.
//!
//! The model is parsed once per input, however many rules a standard runs.
//!
//! ## Parameters
//! - `rule`: the rule name.
//! - `options` (optional): the rule's options, e.g. for `standard-size`
//!   `{ "bpmn:Task" = { width = 100, height = 80 } }`; the e-government rules document
//!   their own.
//!
//! ## Example
//! ```toml
//! check = { engine = "bpmn", rule = "label-required" }
//! check = { engine = "bpmn", rule = "time-limit", options = { max-days = 56 } }
//! ```
//!
//! A user's own `.bpmnlintrc` compiles into a plan with [`ad_hoc_plan`].

mod config;
mod document;
pub mod egov;
pub mod kind;
pub mod lint;
pub mod model;
mod model_rule;

use std::io;
use std::sync::Arc;

use conform_diagnostics::Finding;
use conform_formats::Format;
use serde::Deserialize;

pub use config::{ad_hoc_plan, parse_config};

use crate::registry::{CompileContext, parse_params};
use crate::{CompileError, Compiled, FileCheck, Input};
use lint::{Check, Report};

/// Engine name in `check = { engine = "bpmn" }`.
pub const NAME: &str = "bpmn";

/// Parameters of a `bpmn` check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The rule to run.
    pub rule: String,
    /// The rule's options.
    #[serde(default)]
    pub options: Option<toml::Value>,
}

/// Compiles the rule named by the parameters.
pub fn compile(params: &toml::Table, ctx: &mut CompileContext<'_>) -> Result<Compiled, CompileError> {
    let params: Params = parse_params(NAME, params)?;
    let options = match params.options {
        Some(value) => serde_json::to_value(value)
            .map_err(|err| CompileError::Params { engine: NAME.to_owned(), message: err.to_string() })?,
        None => serde_json::Value::Null,
    };
    let check = build(&params.rule, &options, ctx)?;
    Ok(Compiled::File(Arc::new(BpmnCheck { check })))
}

/// Builds the check of rule `name`.
fn build(name: &str, options: &serde_json::Value, ctx: &CompileContext<'_>) -> Result<Check, CompileError> {
    let invalid = |message: String| CompileError::Params { engine: NAME.to_owned(), message };
    if let Some(rule) = lint::rule(name) {
        return (rule.build)(options).map_err(invalid);
    }
    if name == model_rule::NAME {
        return Ok(Box::new(model_rule::check));
    }
    if let Some(build) = egov::rule(name) {
        return build(options, ctx.root);
    }
    let mut known: Vec<&str> = lint::RULES.iter().map(|r| r.name).collect();
    known.extend(egov::NAMES);
    known.push(model_rule::NAME);
    Err(invalid(format!("unknown rule `{name}` (known rules: {})", known.join(", "))))
}

/// One rule, run on BPMN inputs.
pub struct BpmnCheck {
    check: Check,
}

impl FileCheck for BpmnCheck {
    fn accepts(&self, format: Format) -> bool {
        format == Format::Xml
    }

    fn check_file(&self, input: &Input, _format: Format, out: &mut Vec<Finding>) -> io::Result<()> {
        document::with_document(input, |doc| {
            let mut reports = Vec::new();
            (self.check)(&doc.model, &mut reports);
            out.extend(reports.into_iter().map(|Report { element, message }| doc.finding(element, message)));
        })
    }
}
