//! The 27 rules of bpmnlint 11, with bpmnlint's names, default severities and presets.
//!
//! Each rule reads the [`Model`] and reports elements, exactly as bpmnlint does with its
//! rule of the same name and default options (the behaviour, including its corner cases,
//! is pinned by bpmnlint's own test models, which the test suite runs).

mod collide;
mod diagram;
mod elements;
mod flow;
mod structure;

use serde_json::Value;

use super::model::Model;

/// One reported element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The element.
    pub element: usize,
    /// What is wrong.
    pub message: String,
}

impl Report {
    /// A report of `element`.
    #[must_use]
    pub fn new(element: usize, message: impl Into<String>) -> Self {
        Self { element, message: message.into() }
    }
}

/// A configured rule, ready to run.
pub type Check = Box<dyn Fn(&Model, &mut Vec<Report>) + Send + Sync>;

/// A bpmnlint severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintSeverity {
    /// `info`.
    Info,
    /// `warn`.
    Warn,
    /// `error`.
    Error,
}

/// A rule: its name, presets and how to configure it.
pub struct RuleDef {
    /// bpmnlint's rule name.
    pub name: &'static str,
    /// Severity in `bpmnlint:recommended`, if there.
    pub recommended: Option<LintSeverity>,
    /// Severity in `bpmnlint:correctness`, if there.
    pub correctness: Option<LintSeverity>,
    /// Builds the check from the rule's options (`Value::Null` for none).
    pub build: fn(&Value) -> Result<Check, String>,
}

macro_rules! rule {
    ($name:literal, $rec:expr, $cor:expr, $check:path) => {
        RuleDef { name: $name, recommended: $rec, correctness: $cor, build: |_options| Ok(Box::new($check)) }
    };
}

use LintSeverity::{Error as E, Warn as W};

/// Every bpmnlint rule, by name.
pub static RULES: &[RuleDef] = &[
    rule!("ad-hoc-sub-process", Some(E), Some(E), structure::ad_hoc_sub_process),
    rule!("conditional-event", None, Some(E), elements::conditional_event),
    rule!("conditional-flows", Some(E), None, flow::conditional_flows),
    rule!("end-event-required", Some(E), None, structure::end_event_required),
    rule!("event-based-gateway", Some(E), Some(E), flow::event_based_gateway),
    rule!("event-sub-process-typed-start-event", Some(E), Some(E), structure::event_sub_process_typed_start_event),
    rule!("fake-join", Some(W), None, flow::fake_join),
    rule!("global", Some(W), None, elements::global),
    rule!("label-required", Some(E), None, elements::label_required),
    rule!("link-event", Some(E), Some(E), structure::link_event),
    rule!("no-bpmndi", Some(E), None, diagram::no_bpmndi),
    rule!("no-complex-gateway", Some(E), None, flow::no_complex_gateway),
    rule!("no-disconnected", Some(E), None, flow::no_disconnected),
    rule!("no-duplicate-sequence-flows", Some(E), Some(W), flow::no_duplicate_sequence_flows),
    rule!("no-gateway-join-fork", Some(E), None, flow::no_gateway_join_fork),
    rule!("no-implicit-end", Some(E), None, flow::no_implicit_end),
    rule!("no-implicit-split", Some(E), None, flow::no_implicit_split),
    rule!("no-implicit-start", Some(E), None, flow::no_implicit_start),
    rule!("no-inclusive-gateway", Some(W), None, flow::no_inclusive_gateway),
    rule!("no-overlapping-elements", Some(W), None, diagram::no_overlapping_elements),
    rule!("single-blank-start-event", Some(E), Some(E), structure::single_blank_start_event),
    rule!("single-event-definition", Some(E), None, elements::single_event_definition),
    RuleDef { name: "standard-size", recommended: None, correctness: None, build: diagram::standard_size },
    rule!("start-event-required", Some(E), None, structure::start_event_required),
    rule!("sub-process-blank-start-event", Some(E), Some(E), structure::sub_process_blank_start_event),
    rule!("superfluous-gateway", Some(W), None, flow::superfluous_gateway),
    rule!("superfluous-termination", Some(W), None, structure::superfluous_termination),
];

/// The rule named `name`.
#[must_use]
pub fn rule(name: &str) -> Option<&'static RuleDef> {
    RULES.iter().find(|r| r.name == name)
}

/// The rules and severities of a preset (`bpmnlint:recommended`, `bpmnlint:correctness`,
/// `bpmnlint:all`; the `bpmnlint:` prefix is optional).
#[must_use]
pub fn preset(name: &str) -> Option<Vec<(&'static str, LintSeverity)>> {
    let name = name.strip_prefix("bpmnlint:").unwrap_or(name);
    let pick =
        |f: fn(&RuleDef) -> Option<LintSeverity>| RULES.iter().filter_map(|r| f(r).map(|s| (r.name, s))).collect();
    match name {
        "recommended" => Some(pick(|r| r.recommended)),
        "correctness" => Some(pick(|r| r.correctness)),
        "all" => Some(RULES.iter().map(|r| (r.name, LintSeverity::Error)).collect()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_match_bpmnlint() {
        assert_eq!(RULES.len(), 27);
        assert_eq!(preset("bpmnlint:recommended").unwrap().len(), 25);
        assert_eq!(preset("correctness").unwrap().len(), 8);
        assert_eq!(preset("bpmnlint:all").unwrap().len(), 27);
        assert!(preset("plugin:foo/bar").is_none());
    }
}
