//! Rules about single elements: labels, event definitions, global elements.

use std::collections::{HashMap, HashSet};

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

/// The globals the referencing elements point to, as (kind of global, id): an error event
/// definition's `errorRef`, a message flow's `messageRef`, ...
fn referenced<'m>(model: &'m Model, referencing: &[usize]) -> HashSet<(Kind, &'m str)> {
    let mut found = HashSet::new();
    for &r in referencing {
        let (global, attr) = match model.kind(r) {
            Kind::EventDefinition(EventDefinition::Error) => (Kind::Error, "errorRef"),
            Kind::EventDefinition(EventDefinition::Escalation) => (Kind::Escalation, "escalationRef"),
            Kind::EventDefinition(EventDefinition::Message)
            | Kind::MessageFlow
            | Kind::ReceiveTask
            | Kind::SendTask => (Kind::Message, "messageRef"),
            Kind::EventDefinition(EventDefinition::Signal) => (Kind::Signal, "signalRef"),
            _ => continue,
        };
        if let Some(id) = model.attr(r, attr).filter(|id| model.by_id(id).is_some()) {
            found.insert((global, id));
        }
    }
    found
}

/// `global`: errors, escalations, messages and signals are named, used and uniquely named.
pub fn global(model: &Model, out: &mut Vec<Report>) {
    let Some(definitions) = model.definitions() else { return };
    let globals: Vec<usize> = model
        .children(definitions)
        .filter(|&c| matches!(model.kind(c), Kind::Error | Kind::Escalation | Kind::Message | Kind::Signal))
        .collect();
    let referenced = referenced(model, &referencing_elements(model, definitions));
    let mut named: HashMap<(Kind, Option<&str>), usize> = HashMap::new();
    for &global in &globals {
        *named.entry((model.kind(global), model.name(global))).or_default() += 1;
    }
    for &global in &globals {
        if model.name(global).is_some_and(|n| n.trim().is_empty()) {
            out.push(Report::new(global, "Element is missing name"));
        }
        if !referenced.contains(&(model.kind(global), model.id(global))) {
            out.push(Report::new(global, "Element is unused"));
        }
        if named[&(model.kind(global), model.name(global))] != 1 {
            out.push(Report::new(global, "Element name is not unique"));
        }
    }
}
