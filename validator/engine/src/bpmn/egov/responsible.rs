//! `responsible-unit`: every user or manual task lies in a named lane or names a performer.

use serde::Deserialize;
use serde_json::Value;

use super::{is_human_task, label, options};
use crate::CompileError;
use crate::artifacts::ArtifactRoot;
use crate::bpmn::kind::Kind;
use crate::bpmn::lint::{Check, Report};
use crate::bpmn::model::Model;

/// Options of `responsible-unit`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// Also require a responsible unit for plain (untyped) tasks.
    #[serde(default)]
    include_plain_tasks: bool,
}

pub(super) fn build(value: &Value, _root: &ArtifactRoot) -> Result<Check, CompileError> {
    let options: Options = options("responsible-unit", value)?;
    Ok(Box::new(move |model, out| check(model, options.include_plain_tasks, out)))
}

fn check(model: &Model, plain: bool, out: &mut Vec<Report>) {
    let mut in_named_lane = std::collections::HashSet::new();
    for lane in model.all(|k| k == Kind::Lane) {
        if model.name(lane).is_some_and(|n| !n.trim().is_empty()) {
            in_named_lane
                .extend(model.children_of(lane, Kind::FlowNodeRef).filter_map(|r| model.by_id(model.text(r).trim())));
        }
    }
    for task in model.all(|k| matches!(k, Kind::UserTask | Kind::ManualTask | Kind::Task)) {
        if !(is_human_task(model, task) || (plain && model.kind(task) == Kind::Task)) {
            continue;
        }
        if in_named_lane.contains(&task) || model.child(task, Kind::Performer).is_some() {
            continue;
        }
        out.push(Report::new(
            task,
            format!(
                "step `{}` has no responsible unit: it lies in no named lane and names no performer",
                label(model, task)
            ),
        ));
    }
}
