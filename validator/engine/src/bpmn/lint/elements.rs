//! Rules about single elements: labels, event definitions, global elements.

use super::Report;
use crate::bpmn::kind::{EventDefinition, Kind};
use crate::bpmn::model::Model;

/// `label-required`: flow nodes, conditional flows, participants and lanes have a label.
pub fn label_required(model: &Model, out: &mut Vec<Report>) {
    for index in 0..model.elements.len() {
        let kind = model.kind(index);
        let exempt = matches!(kind, Kind::ParallelGateway | Kind::EventBasedGateway)
            || (kind.is_gateway() && model.outgoing(index).len() <= 1)
            || kind.is_sub_process()
            || (kind == Kind::SequenceFlow && model.child(index, Kind::ConditionExpression).is_none());
        if exempt {
            continue;
        }
        let labelled = kind.is_flow_node() || matches!(kind, Kind::SequenceFlow | Kind::Participant | Kind::Lane);
        if labelled && model.name(index).is_none_or(|n| n.trim().is_empty()) {
            out.push(Report::new(index, "Element is missing label/name"));
        }
    }
}

/// `single-event-definition`: an event has at most one event definition.
pub fn single_event_definition(model: &Model, out: &mut Vec<Report>) {
    for event in model.all(Kind::is_event) {
        if model.event_definitions(event).count() > 1 {
            out.push(Report::new(event, "Event has multiple event definitions"));
        }
    }
}

/// `conditional-event`: a conditional event of an executable process has a condition.
pub fn conditional_event(model: &Model, out: &mut Vec<Report>) {
    for event in model.all(Kind::is_event) {
        let executable = model.ancestor(event, Kind::Process).is_some_and(|p| model.flag(p, "isExecutable", false));
        if !executable {
            continue;
        }
        let Some(definition) = model
            .event_definitions(event)
            .find(|&d| model.kind(d) == Kind::EventDefinition(EventDefinition::Conditional))
        else {
            continue;
        };
        let has_body = model.child(definition, Kind::Condition).is_some_and(|c| !model.text(c).trim().is_empty());
        if !has_body {
            out.push(Report::new(event, "Conditional event is missing a condition"));
        }
    }
}

/// Elements that may reference global elements: event definitions of events in
/// containers, message flows, send and receive tasks.
fn referencing_elements(model: &Model, definitions: usize) -> Vec<usize> {
    let mut found = Vec::new();
    let mut stack: Vec<usize> = model.children(definitions).collect();
    stack.reverse();
    while let Some(element) = stack.pop() {
        let kind = model.kind(element);
        if kind.is_container() {
            let mut inner: Vec<usize> = model.flow_elements(element).collect();
            inner.reverse();
            stack.extend(inner);
        }
        if kind.is_event() {
            found.extend(model.event_definitions(element));
        }
        if kind == Kind::Collaboration {
            stack.extend(model.children_of(element, Kind::MessageFlow));
        }
        if matches!(kind, Kind::MessageFlow | Kind::ReceiveTask | Kind::SendTask) {
            found.push(element);
        }
    }
    found
}

fn is_referenced(model: &Model, global: usize, referencing: &[usize]) -> bool {
    let id = model.id(global);
    let refers = |element: usize, attr: &str| model.reference(element, attr).is_some_and(|r| model.id(r) == id);
    referencing.iter().any(|&r| {
        let kind = model.kind(r);
        match model.kind(global) {
            Kind::Error => kind == Kind::EventDefinition(EventDefinition::Error) && refers(r, "errorRef"),
            Kind::Escalation => {
                kind == Kind::EventDefinition(EventDefinition::Escalation) && refers(r, "escalationRef")
            }
            Kind::Message => {
                matches!(
                    kind,
                    Kind::EventDefinition(EventDefinition::Message)
                        | Kind::MessageFlow
                        | Kind::ReceiveTask
                        | Kind::SendTask
                ) && refers(r, "messageRef")
            }
            Kind::Signal => kind == Kind::EventDefinition(EventDefinition::Signal) && refers(r, "signalRef"),
            _ => true,
        }
    })
}

/// `global`: errors, escalations, messages and signals are named, used and uniquely named.
pub fn global(model: &Model, out: &mut Vec<Report>) {
    let Some(definitions) = model.definitions() else { return };
    let globals: Vec<usize> = model
        .children(definitions)
        .filter(|&c| matches!(model.kind(c), Kind::Error | Kind::Escalation | Kind::Message | Kind::Signal))
        .collect();
    let referencing = referencing_elements(model, definitions);
    for &global in &globals {
        if model.name(global).is_some_and(|n| n.trim().is_empty()) {
            out.push(Report::new(global, "Element is missing name"));
        }
        if !is_referenced(model, global, &referencing) {
            out.push(Report::new(global, "Element is unused"));
        }
        let same = globals
            .iter()
            .filter(|&&g| model.kind(g) == model.kind(global) && model.name(g) == model.name(global))
            .count();
        if same != 1 {
            out.push(Report::new(global, "Element name is not unique"));
        }
    }
}
