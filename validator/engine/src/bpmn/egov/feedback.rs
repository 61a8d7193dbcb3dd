//! `citizen-feedback`: every path from a start event to an end event of a process passes a
//! feedback (satisfaction) step.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;

use super::{label, normalise, options};
use crate::CompileError;
use crate::artifacts::ArtifactRoot;
use crate::bpmn::kind::Kind;
use crate::bpmn::lint::{Check, Report};
use crate::bpmn::model::Model;

/// Options of `citizen-feedback`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// Words that make a step a feedback step when its name contains one (any case).
    #[serde(default = "default_keywords")]
    keywords: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self { keywords: default_keywords() }
    }
}

fn default_keywords() -> Vec<String> {
    ["feedback", "satisfaction", "survey"].map(str::to_owned).to_vec()
}

pub(super) fn build(value: &Value, _root: &ArtifactRoot) -> Result<Check, CompileError> {
    let options: Options = options("citizen-feedback", value)?;
    let keywords: Vec<String> = options.keywords.iter().map(|k| normalise(k)).collect();
    Ok(Box::new(move |model, out| check(model, &keywords, out)))
}

fn is_feedback(model: &Model, node: usize, keywords: &[String]) -> bool {
    let named = |n: usize| {
        model.name(n).is_some_and(|name| {
            let name = normalise(name);
            keywords.iter().any(|k| name.contains(k.as_str()))
        })
    };
    if named(node) {
        return true;
    }
    // A sub-process with a feedback step inside is one.
    let mut stack: Vec<usize> = model.flow_elements(node).collect();
    while let Some(inner) = stack.pop() {
        if model.kind(inner).is_flow_node() && named(inner) {
            return true;
        }
        stack.extend(model.flow_elements(inner));
    }
    false
}

fn check(model: &Model, keywords: &[String], out: &mut Vec<Report>) {
    let mut boundaries: HashMap<usize, Vec<usize>> = HashMap::new();
    for boundary in model.all(|k| k == Kind::BoundaryEvent) {
        if let Some(host) = model.reference(boundary, "attachedToRef") {
            boundaries.entry(host).or_default().push(boundary);
        }
    }
    for process in model.all(|k| k == Kind::Process) {
        let starts: Vec<usize> = model.flow_elements(process).filter(|&e| model.kind(e) == Kind::StartEvent).collect();
        let mut seen: HashSet<usize> = starts.iter().copied().collect();
        let mut stack = starts;
        let mut reported = Vec::new();
        while let Some(node) = stack.pop() {
            if is_feedback(model, node, keywords) {
                continue;
            }
            if model.kind(node) == Kind::EndEvent && model.parent(node) == Some(process) {
                reported.push(node);
                continue;
            }
            let targets = model.outgoing(node).iter().filter_map(|&f| model.reference(f, "targetRef"));
            let attached = boundaries.get(&node).into_iter().flatten().copied();
            for next in targets.chain(attached).collect::<Vec<_>>() {
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
        reported.sort_unstable();
        for end in reported {
            out.push(Report::new(
                end,
                format!(
                    "the process reaches `{}` without asking the citizen for feedback on any path step",
                    label(model, end)
                ),
            ));
        }
    }
}
