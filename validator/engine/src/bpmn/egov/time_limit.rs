//! `time-limit`: the process, or each of its user and manual tasks, declares its statutory
//! processing time within the standard's maximum.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::{is_human_task, label, options};
use crate::CompileError;
use crate::artifacts::ArtifactRoot;
use crate::bpmn::kind::{EventDefinition, Kind};
use crate::bpmn::lint::{Check, Report};
use crate::bpmn::model::Model;

/// Options of `time-limit`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// Longest statutory time limit accepted, in days.
    #[serde(default = "default_max_days")]
    max_days: f64,
    /// Name of the extension property that declares the limit.
    #[serde(default = "default_property")]
    property: String,
}

impl Default for Options {
    fn default() -> Self {
        Self { max_days: default_max_days(), property: default_property() }
    }
}

fn default_max_days() -> f64 {
    56.0
}

fn default_property() -> String {
    "timeLimit".to_owned()
}

pub(super) fn build(value: &Value, _root: &ArtifactRoot) -> Result<Check, CompileError> {
    let options: Options = options("time-limit", value)?;
    Ok(Box::new(move |model, out| check(model, &options, out)))
}

/// An ISO 8601 duration (`P20D`, `P8W`, `PT36H`, `P1M2D`) in days; months count 30 days,
/// years 365.
pub(super) fn duration_days(text: &str) -> Option<f64> {
    let rest = text.trim().strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut days = 0.0;
    let mut any = false;
    for (part, units) in [
        (date, &[('Y', 365.0), ('M', 30.0), ('W', 7.0), ('D', 1.0)][..]),
        (time, &[('H', 1.0 / 24.0), ('M', 1.0 / 1440.0), ('S', 1.0 / 86400.0)][..]),
    ] {
        let mut number = String::new();
        let mut unit_index = 0;
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            let position = units[unit_index..].iter().position(|(u, _)| *u == c)?;
            unit_index += position;
            let value: f64 = number.parse().ok()?;
            days += value * units[unit_index].1;
            unit_index += 1;
            number.clear();
            any = true;
        }
        if !number.is_empty() {
            return None;
        }
    }
    any.then_some(days)
}

/// The value of extension property `name` on `element`: a vendor element named `name`
/// (its text), or one with `name="..."` and `value="..."` (Camunda, Flowable, Zeebe style).
fn extension_property(model: &Model, element: usize, name: &str) -> Option<(usize, String)> {
    let extensions = model.child(element, Kind::ExtensionElements)?;
    let mut stack: Vec<usize> = model.children(extensions).collect();
    while let Some(at) = stack.pop() {
        if model.kind(at) == Kind::Foreign {
            if model.local(at) == name {
                return Some((at, model.text(at).trim().to_owned()));
            }
            if model.attr(at, "name") == Some(name)
                && let Some(value) = model.attr(at, "value")
            {
                return Some((at, value.trim().to_owned()));
            }
        }
        stack.extend(model.children(at));
    }
    None
}

/// The timer durations of boundary events, by the activity they are attached to.
fn timers(model: &Model) -> HashMap<usize, Vec<(usize, String)>> {
    let mut map: HashMap<usize, Vec<(usize, String)>> = HashMap::new();
    for boundary in model.all(|k| k == Kind::BoundaryEvent) {
        let Some(host) = model.reference(boundary, "attachedToRef") else { continue };
        for definition in model.event_definitions(boundary) {
            if model.kind(definition) != Kind::EventDefinition(EventDefinition::Timer) {
                continue;
            }
            let duration = model.children(definition).find(|&c| model.local(c) == "timeDuration");
            let text = duration.map(|d| model.text(d).trim().to_owned()).unwrap_or_default();
            map.entry(host).or_default().push((boundary, text));
        }
    }
    map
}

fn check_value(model: &Model, at: usize, owner: usize, value: &str, max_days: f64, out: &mut Vec<Report>) {
    match duration_days(value) {
        None => out.push(Report::new(
            at,
            format!("the time limit `{value}` of `{}` is not an ISO 8601 duration (e.g. P20D)", label(model, owner)),
        )),
        Some(days) if days > max_days => out.push(Report::new(
            at,
            format!(
                "the time limit `{value}` of `{}` exceeds the statutory maximum of {max_days} days",
                label(model, owner)
            ),
        )),
        Some(_) => {}
    }
}

fn check(model: &Model, options: &Options, out: &mut Vec<Report>) {
    let timers = timers(model);
    let mut tasks_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for task in model.all(|k| matches!(k, Kind::UserTask | Kind::ManualTask)).filter(|&t| is_human_task(model, t)) {
        if let Some(process) = model.ancestor(task, Kind::Process) {
            tasks_of.entry(process).or_default().push(task);
        }
    }
    for process in model.all(|k| k == Kind::Process) {
        if model.flow_elements(process).next().is_none() {
            continue;
        }
        if let Some((at, value)) = extension_property(model, process, &options.property) {
            check_value(model, at, process, &value, options.max_days, out);
            continue;
        }
        let tasks = tasks_of.remove(&process).unwrap_or_default();
        if tasks.is_empty() {
            out.push(Report::new(
                process,
                format!(
                    "process `{}` declares no statutory time limit (a `{}` extension property or timer boundary events on its tasks)",
                    label(model, process),
                    options.property
                ),
            ));
            continue;
        }
        for task in tasks {
            if let Some((at, value)) = extension_property(model, task, &options.property) {
                check_value(model, at, task, &value, options.max_days, out);
            } else if let Some(declared) = timers.get(&task) {
                for (boundary, value) in declared {
                    check_value(model, *boundary, task, value, options.max_days, out);
                }
            } else {
                out.push(Report::new(
                    task,
                    format!(
                        "step `{}` declares no time limit, and neither does its process (add a timer boundary event or a `{}` property)",
                        label(model, task),
                        options.property
                    ),
                ));
            }
        }
    }
}
