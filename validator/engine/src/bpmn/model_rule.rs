//! The `model` rule: the document is a BPMN model whose ids are unique and whose
//! references resolve.

use super::kind::Kind;
use super::lint::Report;
use super::model::Model;

/// Rule name.
pub const NAME: &str = "model";

/// Attributes that hold the id of another element of the same document.
const REFERENCES: [&str; 11] = [
    "sourceRef",
    "targetRef",
    "default",
    "attachedToRef",
    "processRef",
    "bpmnElement",
    "messageRef",
    "errorRef",
    "signalRef",
    "escalationRef",
    "dataObjectRef",
];

/// Reports a non-BPMN root, duplicate ids and dangling references.
pub fn check(model: &Model, out: &mut Vec<Report>) {
    if model.definitions().is_none() {
        if !model.elements.is_empty() {
            out.push(Report::new(
                0,
                "the root element is not a BPMN 2.0 `definitions` element: this is not a BPMN model",
            ));
        }
        return;
    }
    for &duplicate in &model.duplicate_ids {
        out.push(Report::new(duplicate, format!("id `{}` is already used by another element", model.id(duplicate))));
    }
    for index in 0..model.elements.len() {
        let kind = model.kind(index);
        if kind == Kind::Foreign {
            continue;
        }
        // One pass over the attributes; reports keep the order of `REFERENCES`.
        let mut found: [Option<&str>; REFERENCES.len()] = [None; REFERENCES.len()];
        for (local, value) in model.attributes(index) {
            if let Some(at) = REFERENCES.iter().position(|r| *r == local) {
                found[at].get_or_insert(value);
            }
        }
        for (attr, id) in REFERENCES.iter().zip(found) {
            if let Some(id) = id
                && model.by_id(id).is_none()
            {
                out.push(Report::new(index, format!("`{attr}` refers to `{id}`, which no element of the model has")));
            }
        }
        if matches!(kind, Kind::Incoming | Kind::Outgoing | Kind::FlowNodeRef) {
            let id = model.text(index).trim();
            if model.by_id(id).is_none() {
                let what = model.local(index);
                out.push(Report::new(index, format!("`{what}` refers to `{id}`, which no element of the model has")));
            }
        }
    }
}
