//! Rules about what containers (processes and sub-processes) hold: start and end events,
//! link events, termination.

use std::collections::BTreeMap;

use super::Report;
use crate::bpmn::kind::{EventDefinition, Kind};
use crate::bpmn::model::Model;

fn container_label(model: &Model, index: usize) -> &'static str {
    if model.kind(index).is_sub_process() { "Sub process" } else { "Process" }
}

fn blank(model: &Model, event: usize) -> bool {
    model.event_definitions(event).next().is_none()
}

fn starts(model: &Model, container: usize) -> impl Iterator<Item = usize> + '_ {
    model.flow_elements(container).filter(|&e| model.kind(e) == Kind::StartEvent)
}

fn triggered_by_event(model: &Model, index: usize) -> bool {
    model.kind(index).is_sub_process() && model.flag(index, "triggeredByEvent", false)
}

/// `ad-hoc-sub-process`: no start or end event in an ad-hoc sub-process.
pub fn ad_hoc_sub_process(model: &Model, out: &mut Vec<Report>) {
    for sub in model.all(|k| k == Kind::AdHocSubProcess) {
        for element in model.flow_elements(sub) {
            match model.kind(element) {
                Kind::StartEvent => {
                    out.push(Report::new(element, "A <Start Event> is not allowed in <Ad Hoc Sub Process>"));
                }
                Kind::EndEvent => {
                    out.push(Report::new(element, "An <End Event> is not allowed in <Ad Hoc Sub Process>"));
                }
                _ => {}
            }
        }
    }
}

fn required(model: &Model, out: &mut Vec<Report>, kind: Kind, what: &str) {
    for container in model.all(|k| k.is_container() && k != Kind::AdHocSubProcess) {
        if !model.flow_elements(container).any(|e| model.kind(e) == kind) {
            out.push(Report::new(container, format!("{} is missing {what}", container_label(model, container))));
        }
    }
}

/// `end-event-required`: every process and sub-process has an end event.
pub fn end_event_required(model: &Model, out: &mut Vec<Report>) {
    required(model, out, Kind::EndEvent, "end event");
}

/// `start-event-required`: every process and sub-process has a start event.
pub fn start_event_required(model: &Model, out: &mut Vec<Report>) {
    required(model, out, Kind::StartEvent, "start event");
}

/// `event-sub-process-typed-start-event`: start events of event sub-processes are typed.
pub fn event_sub_process_typed_start_event(model: &Model, out: &mut Vec<Report>) {
    for sub in model.all(Kind::is_sub_process).filter(|&s| triggered_by_event(model, s)) {
        for start in starts(model, sub).filter(|&s| blank(model, s)) {
            out.push(Report::new(start, "Start event is missing event definition"));
        }
    }
}

/// `sub-process-blank-start-event`: start events of ordinary sub-processes are blank.
pub fn sub_process_blank_start_event(model: &Model, out: &mut Vec<Report>) {
    for sub in model.all(Kind::is_sub_process).filter(|&s| !triggered_by_event(model, s)) {
        for start in starts(model, sub).filter(|&s| !blank(model, s)) {
            out.push(Report::new(start, "Start event must be blank"));
        }
    }
}

/// `single-blank-start-event`: at most one blank start event per container.
pub fn single_blank_start_event(model: &Model, out: &mut Vec<Report>) {
    for container in model.all(Kind::is_container) {
        if starts(model, container).filter(|&s| blank(model, s)).count() > 1 {
            out.push(Report::new(
                container,
                format!("{} has multiple blank start events", container_label(model, container)),
            ));
        }
    }
}

fn has_definition(model: &Model, event: usize, definition: EventDefinition) -> bool {
    model.event_definitions(event).any(|d| model.kind(d) == Kind::EventDefinition(definition))
}

/// `superfluous-termination`: a terminate end event where every path ends anyway.
pub fn superfluous_termination(model: &Model, out: &mut Vec<Report>) {
    let is_terminate_end =
        |e: usize| model.kind(e) == Kind::EndEvent && has_definition(model, e, EventDefinition::Terminate);
    let is_interrupting_event_sub =
        |e: usize| triggered_by_event(model, e) && starts(model, e).any(|s| model.flag(s, "isInterrupting", true));
    for container in model.all(Kind::is_container) {
        let ends: Vec<usize> = model
            .flow_elements(container)
            .filter(|&e| model.kind(e).is_flow_node() && model.outgoing(e).is_empty())
            .collect();
        let terminates: Vec<usize> = ends.iter().copied().filter(|&e| is_terminate_end(e)).collect();
        if terminates.len() != 1 {
            continue;
        }
        if ends.iter().all(|&e| is_interrupting_event_sub(e) || is_terminate_end(e)) {
            out.extend(terminates.into_iter().map(|e| Report::new(e, "Termination is superfluous.")));
        }
    }
}

/// `link-event`: link events are named and paired (one catch per name in a scope).
pub fn link_event(model: &Model, out: &mut Vec<Report>) {
    for container in model.all(Kind::is_container) {
        let links: Vec<(usize, Option<&str>)> = model
            .flow_elements(container)
            .filter(|&e| model.kind(e).is_event())
            .filter_map(|e| {
                let definition = model
                    .event_definitions(e)
                    .find(|&d| model.kind(d) == Kind::EventDefinition(EventDefinition::Link))?;
                Some((e, model.name(definition).filter(|n| !n.is_empty())))
            })
            .collect();
        for &(event, name) in &links {
            if name.is_none() {
                out.push(Report::new(event, "Link event is missing link name"));
            }
        }
        // Unnamed links are grouped under `_`, as bpmnlint's grouping does.
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &(event, name) in &links {
            groups.entry(name.unwrap_or("_")).or_default().push(event);
        }
        for (name, events) in groups {
            if let [event] = events[..] {
                let missing = if model.kind(event).is_throw_event() { "catch" } else { "throw" };
                out.push(Report::new(event, format!("Link {missing} event with link name <{name}> missing in scope")));
                continue;
            }
            let catches: Vec<usize> = events.iter().copied().filter(|&e| model.kind(e).is_catch_event()).collect();
            if catches.len() > 1 {
                for event in catches {
                    out.push(Report::new(
                        event,
                        format!("Duplicate link catch event with link name <{name}> in scope"),
                    ));
                }
            } else if catches.is_empty() {
                for event in events {
                    out.push(Report::new(event, format!("Link catch event with link name <{name}> missing in scope")));
                }
            }
        }
    }
}
