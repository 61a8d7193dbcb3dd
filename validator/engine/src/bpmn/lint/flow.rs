//! Rules about sequence flows and the flow nodes they connect.

use std::collections::HashSet;

use super::Report;
use crate::bpmn::kind::{EventDefinition, Kind};
use crate::bpmn::model::Model;

fn has_condition(model: &Model, flow: usize) -> bool {
    model.child(flow, Kind::ConditionExpression).is_some()
}

fn default_flow(model: &Model, node: usize) -> Option<usize> {
    if model.kind(node).has_default() { model.reference(node, "default") } else { None }
}

fn ad_hoc_child(model: &Model, node: usize) -> bool {
    model.parent(node).is_some_and(|p| model.kind(p) == Kind::AdHocSubProcess)
}

fn triggered_by_event(model: &Model, node: usize) -> bool {
    model.kind(node).is_sub_process() && model.flag(node, "triggeredByEvent", false)
}

fn for_compensation(model: &Model, node: usize) -> bool {
    model.kind(node).is_activity() && model.flag(node, "isForCompensation", false)
}

/// Whether the event has event definitions, all of `definition`.
fn only_definitions(model: &Model, node: usize, definition: EventDefinition) -> bool {
    let mut definitions = model.event_definitions(node).peekable();
    definitions.peek().is_some() && definitions.all(|d| model.kind(d) == Kind::EventDefinition(definition))
}

/// `conditional-flows`: once a node forks conditionally, every other outgoing flow has a
/// condition or is the default.
pub fn conditional_flows(model: &Model, out: &mut Vec<Report>) {
    for node in model.all(Kind::is_flow_node) {
        let default = default_flow(model, node);
        let outgoing = model.outgoing(node);
        if default.is_none() && !outgoing.iter().any(|&f| has_condition(model, f)) {
            continue;
        }
        for &flow in outgoing {
            if !has_condition(model, flow) && Some(flow) != default {
                out.push(Report::new(flow, "Sequence flow is missing condition"));
            }
        }
    }
}

/// `event-based-gateway`: at least two unconditional outgoing flows.
pub fn event_based_gateway(model: &Model, out: &mut Vec<Report>) {
    for gateway in model.all(|k| k == Kind::EventBasedGateway) {
        let outgoing = model.outgoing(gateway);
        if outgoing.len() < 2 {
            out.push(Report::new(gateway, "An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>"));
        }
        for &flow in outgoing {
            if has_condition(model, flow) {
                out.push(Report::new(
                    flow,
                    "A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional",
                ));
            }
        }
    }
}

/// `fake-join`: an activity or event with several incoming flows (use a gateway to join).
pub fn fake_join(model: &Model, out: &mut Vec<Report>) {
    for node in model.all(|k| k.is_activity() || k.is_event()) {
        if model.incoming(node).len() > 1 {
            out.push(Report::new(node, "Incoming flows do not join"));
        }
    }
}

fn discouraged(model: &Model, out: &mut Vec<Report>, kind: Kind, name: &str) {
    for node in model.all(move |k| k == kind) {
        out.push(Report::new(node, format!("Element type <{name}> is discouraged")));
    }
}

/// `no-complex-gateway`.
pub fn no_complex_gateway(model: &Model, out: &mut Vec<Report>) {
    discouraged(model, out, Kind::ComplexGateway, "bpmn:ComplexGateway");
}

/// `no-inclusive-gateway`.
pub fn no_inclusive_gateway(model: &Model, out: &mut Vec<Report>) {
    discouraged(model, out, Kind::InclusiveGateway, "bpmn:InclusiveGateway");
}

/// `no-disconnected`: tasks, gateways, sub-processes and events are connected.
pub fn no_disconnected(model: &Model, out: &mut Vec<Report>) {
    for node in model.all(|k| k.is_task() || k.is_gateway() || k.is_sub_process() || k.is_event()) {
        if triggered_by_event(model, node) || ad_hoc_child(model, node) || for_compensation(model, node) {
            continue;
        }
        let compensation_boundary = model.kind(node) == Kind::BoundaryEvent && {
            let definitions: Vec<usize> = model.event_definitions(node).collect();
            matches!(definitions[..], [d] if model.kind(d) == Kind::EventDefinition(EventDefinition::Compensate))
        };
        if compensation_boundary {
            continue;
        }
        if model.incoming(node).is_empty() && model.outgoing(node).is_empty() {
            out.push(Report::new(node, "Element is not connected"));
        }
    }
}

/// `no-duplicate-sequence-flows`: no two flows with the same source, target and condition.
pub fn no_duplicate_sequence_flows(model: &Model, out: &mut Vec<Report>) {
    let mut keyed: HashSet<(&str, &str, Option<&str>)> = HashSet::new();
    let mut sources_reported = HashSet::new();
    let mut targets_reported = HashSet::new();
    for flow in model.all(|k| k == Kind::SequenceFlow) {
        let condition = model.child(flow, Kind::ConditionExpression).map(|c| {
            let text = model.text(c);
            if text.trim().is_empty() { "\0undefined" } else { text }
        });
        let source = model.reference(flow, "sourceRef");
        let target = model.reference(flow, "targetRef");
        let end = |r: Option<usize>| model.id(r.unwrap_or(flow));
        let key = (end(source), end(target), condition);
        if keyed.insert(key) {
            continue;
        }
        out.push(Report::new(flow, "SequenceFlow is a duplicate"));
        if let Some(source) = source
            && sources_reported.insert(source)
        {
            out.push(Report::new(source, "Duplicate outgoing sequence flows"));
        }
        if let Some(target) = target
            && targets_reported.insert(target)
        {
            out.push(Report::new(target, "Duplicate incoming sequence flows"));
        }
    }
}

/// `no-gateway-join-fork`: a gateway either joins or forks.
pub fn no_gateway_join_fork(model: &Model, out: &mut Vec<Report>) {
    for gateway in model.all(Kind::is_gateway) {
        if model.incoming(gateway).len() > 1 && model.outgoing(gateway).len() > 1 {
            out.push(Report::new(gateway, "Gateway forks and joins"));
        }
    }
}

/// `superfluous-gateway`: a gateway with one incoming and one outgoing flow.
pub fn superfluous_gateway(model: &Model, out: &mut Vec<Report>) {
    for gateway in model.all(Kind::is_gateway) {
        if model.incoming(gateway).len() == 1 && model.outgoing(gateway).len() == 1 {
            out.push(Report::new(gateway, "Gateway is superfluous. It only has one source and target."));
        }
    }
}

/// `no-implicit-split`: an activity or event with several unconditional outgoing flows.
pub fn no_implicit_split(model: &Model, out: &mut Vec<Report>) {
    for node in model.all(|k| k.is_activity() || k.is_event()) {
        let default = default_flow(model, node);
        let plain = model.outgoing(node).iter().filter(|&&f| !has_condition(model, f) && Some(f) != default).count();
        if plain > 1 {
            out.push(Report::new(node, "Flow splits implicitly"));
        }
    }
}

fn has_compensation_activity(model: &Model, node: usize) -> bool {
    let Some(process) = model.ancestor(node, Kind::Process) else { return false };
    let id = model.id(node);
    model
        .children_of(process, Kind::Association)
        .any(|a| model.reference(a, "sourceRef").is_some_and(|s| model.id(s) == id))
}

/// `no-implicit-end`: every path ends in an end event.
pub fn no_implicit_end(model: &Model, out: &mut Vec<Report>) {
    for node in model.all(|k| k.is_event() || k.is_activity() || k.is_gateway()) {
        let kind = model.kind(node);
        let exempt = triggered_by_event(model, node)
            || (kind == Kind::IntermediateThrowEvent && only_definitions(model, node, EventDefinition::Link))
            || ad_hoc_child(model, node)
            || kind == Kind::EndEvent
            || (kind == Kind::BoundaryEvent
                && only_definitions(model, node, EventDefinition::Compensate)
                && has_compensation_activity(model, node))
            || for_compensation(model, node);
        if !exempt && model.outgoing(node).is_empty() {
            out.push(Report::new(node, "Element is an implicit end"));
        }
    }
}

/// `no-implicit-start`: every path starts at a start event.
pub fn no_implicit_start(model: &Model, out: &mut Vec<Report>) {
    for node in model.all(|k| k.is_event() || k.is_activity() || k.is_gateway()) {
        let kind = model.kind(node);
        let exempt = for_compensation(model, node)
            || ad_hoc_child(model, node)
            || triggered_by_event(model, node)
            || (kind == Kind::IntermediateCatchEvent && only_definitions(model, node, EventDefinition::Link))
            || matches!(kind, Kind::StartEvent | Kind::BoundaryEvent);
        if !exempt && model.incoming(node).is_empty() {
            out.push(Report::new(node, "Element is an implicit start"));
        }
    }
}
