//! The BPMN model: every element of a document in an arena, resolved by id.
//!
//! The model mirrors what BPMN tools read (bpmn-moddle): containment follows the XML,
//! `incoming`/`outgoing` of a flow node are its `<incoming>`/`<outgoing>` children resolved
//! by id (unresolvable ones dropped), and reference attributes (`sourceRef`, `default`,
//! `bpmnElement`, ...) resolve on demand. Elements of other namespaces (vendor extensions)
//! are kept as `Foreign`, so rules may read documented extension properties, and are
//! otherwise ignored.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

use conform_diagnostics::Span;
use conform_formats::SyntaxError;
use conform_formats::xml::{Positions, XmlEvent, XmlOptions, XmlReader};

use super::kind::{BPMN_NS, BPMNDI_NS, DC_NS, Kind};

/// Prefixes BPMN tools read even when a document forgets to declare them.
const KNOWN_PREFIXES: &[(&str, &str)] =
    &[("bpmn", BPMN_NS), ("bpmn2", BPMN_NS), ("bpmndi", BPMNDI_NS), ("dc", DC_NS), ("omgdc", DC_NS)];

/// An attribute of an element.
#[derive(Debug, Clone)]
pub struct Attr {
    /// Its namespace (`None` for ordinary, unprefixed attributes).
    pub namespace: Option<Arc<str>>,
    /// Its local name.
    pub local: Box<str>,
    /// Its value.
    pub value: Box<str>,
}

/// One element of the document.
#[derive(Debug, Clone)]
pub struct Element {
    /// What it is.
    pub kind: Kind,
    /// Its local name as written (`userTask`).
    pub local: Box<str>,
    /// Its namespace URI.
    pub namespace: Option<Arc<str>>,
    /// Its `id`.
    pub id: Option<Box<str>>,
    /// Its attributes, `id` included.
    pub attrs: Vec<Attr>,
    /// The element that contains it.
    pub parent: Option<usize>,
    /// The elements it contains, in document order.
    pub children: Vec<usize>,
    /// Its start tag.
    pub span: Span,
    /// Its direct character content.
    pub text: String,
    /// Resolved `<incoming>` references.
    pub incoming: Vec<usize>,
    /// Resolved `<outgoing>` references.
    pub outgoing: Vec<usize>,
}

/// A parsed BPMN document.
#[derive(Debug, Default)]
pub struct Model {
    /// Every element, in document order; the root is element 0.
    pub elements: Vec<Element>,
    ids: HashMap<Box<str>, usize>,
    /// Elements whose id was already taken by an earlier element.
    pub duplicate_ids: Vec<usize>,
}

impl Model {
    /// Reads a document into a model, with the positions of its bytes.
    pub fn parse(bytes: &[u8]) -> Result<(Self, Positions), SyntaxError> {
        let options = XmlOptions { known_prefixes: KNOWN_PREFIXES, ..XmlOptions::default() };
        let mut reader = XmlReader::with_options(bytes, options);
        let mut model = Self::default();
        let mut open: Vec<usize> = Vec::new();
        while let Some((event, _)) = reader.next_event()? {
            match event {
                XmlEvent::Start(tag) => {
                    let kind = match tag.name.namespace.as_deref() {
                        Some(BPMN_NS) => Kind::bpmn(&tag.name.local),
                        Some(BPMNDI_NS | DC_NS) => Kind::diagram(&tag.name.local),
                        _ => Kind::Foreign,
                    };
                    let attrs: Vec<Attr> = tag
                        .attributes
                        .iter()
                        .map(|a| Attr {
                            namespace: a.name.namespace.clone(),
                            local: a.name.local.as_ref().into(),
                            value: a.value.as_ref().into(),
                        })
                        .collect();
                    let id = attrs.iter().find(|a| a.namespace.is_none() && &*a.local == "id").map(|a| a.value.clone());
                    let index = model.elements.len();
                    if let Some(id) = &id {
                        if model.ids.contains_key(id) {
                            model.duplicate_ids.push(index);
                        } else {
                            model.ids.insert(id.clone(), index);
                        }
                    }
                    let parent = open.last().copied();
                    if let Some(parent) = parent {
                        model.elements[parent].children.push(index);
                    }
                    model.elements.push(Element {
                        kind,
                        local: tag.name.local.as_ref().into(),
                        namespace: tag.name.namespace.clone(),
                        id,
                        attrs,
                        parent,
                        children: Vec::new(),
                        span: tag.span,
                        text: String::new(),
                        incoming: Vec::new(),
                        outgoing: Vec::new(),
                    });
                    open.push(index);
                }
                XmlEvent::End(_) => {
                    open.pop();
                }
                XmlEvent::Text(text) => {
                    if let Some(&top) = open.last() {
                        model.elements[top].text.push_str(&text.text);
                    }
                }
            }
        }
        model.link_flows();
        Ok((model, Positions::new(bytes, reader.encoding())))
    }

    fn link_flows(&mut self) {
        for i in 0..self.elements.len() {
            let kind = self.elements[i].kind;
            if !matches!(kind, Kind::Incoming | Kind::Outgoing) {
                continue;
            }
            let Some(parent) = self.elements[i].parent else { continue };
            let Some(target) = self.by_id(self.elements[i].text.trim()) else { continue };
            let node = &mut self.elements[parent];
            if kind == Kind::Incoming { node.incoming.push(target) } else { node.outgoing.push(target) }
        }
    }

    /// The element at `index`.
    #[must_use]
    pub fn get(&self, index: usize) -> &Element {
        &self.elements[index]
    }

    /// The root element, when it is `bpmn:definitions`.
    #[must_use]
    pub fn definitions(&self) -> Option<usize> {
        (self.elements.first()?.kind == Kind::Definitions).then_some(0)
    }

    /// The element with `id` (the first, if several share it).
    #[must_use]
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// The unprefixed attribute `local` of element `index`.
    #[must_use]
    pub fn attr(&self, index: usize, local: &str) -> Option<&str> {
        self.elements[index].attrs.iter().find(|a| a.namespace.is_none() && &*a.local == local).map(|a| &*a.value)
    }

    /// The element a reference attribute points to.
    #[must_use]
    pub fn reference(&self, index: usize, local: &str) -> Option<usize> {
        self.attr(index, local).and_then(|id| self.by_id(id))
    }

    /// A boolean attribute (`"true"` is true), or `default` when absent.
    #[must_use]
    pub fn flag(&self, index: usize, local: &str, default: bool) -> bool {
        self.attr(index, local).map_or(default, |v| v == "true")
    }

    /// A numeric attribute.
    #[must_use]
    pub fn number(&self, index: usize, local: &str) -> Option<f64> {
        self.attr(index, local).and_then(|v| v.trim().parse().ok())
    }

    /// The `name` attribute.
    #[must_use]
    pub fn name(&self, index: usize) -> Option<&str> {
        self.attr(index, "name")
    }

    /// The kind of element `index`.
    #[must_use]
    pub fn kind(&self, index: usize) -> Kind {
        self.elements[index].kind
    }

    /// The id of element `index`, or `""`.
    #[must_use]
    pub fn id(&self, index: usize) -> &str {
        self.elements[index].id.as_deref().unwrap_or("")
    }

    /// The parent of element `index`.
    #[must_use]
    pub fn parent(&self, index: usize) -> Option<usize> {
        self.elements[index].parent
    }

    /// The children of element `index`.
    pub fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.elements[index].children.iter().copied()
    }

    /// The children of `index` of `kind`.
    pub fn children_of(&self, index: usize, kind: Kind) -> impl Iterator<Item = usize> + '_ {
        self.children(index).filter(move |&c| self.kind(c) == kind)
    }

    /// The flow elements of a container.
    pub fn flow_elements(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.children(index).filter(|&c| self.kind(c).is_flow_element())
    }

    /// The event definitions of an event.
    pub fn event_definitions(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.children(index).filter(|&c| self.kind(c).is_event_definition())
    }

    /// Every element of a kind matching `pred`, in document order.
    pub fn all<F: Fn(Kind) -> bool + 'static>(&self, pred: F) -> impl Iterator<Item = usize> + '_ {
        (0..self.elements.len()).filter(move |&i| pred(self.elements[i].kind))
    }

    /// The first child of kind `kind`.
    #[must_use]
    pub fn child(&self, index: usize, kind: Kind) -> Option<usize> {
        self.children_of(index, kind).next()
    }

    /// The nearest ancestor of kind `kind`.
    #[must_use]
    pub fn ancestor(&self, index: usize, kind: Kind) -> Option<usize> {
        let mut at = self.parent(index);
        while let Some(i) = at {
            if self.kind(i) == kind {
                return Some(i);
            }
            at = self.parent(i);
        }
        None
    }

    /// The logical path of element `index`: `/definitions/process[@id='P1']/userTask[@id='T1']`.
    #[must_use]
    pub fn path(&self, index: usize) -> String {
        let mut chain = vec![index];
        let mut at = self.parent(index);
        while let Some(i) = at {
            chain.push(i);
            at = self.parent(i);
        }
        let mut path = String::new();
        for &i in chain.iter().rev() {
            let element = &self.elements[i];
            path.push('/');
            path.push_str(&element.local);
            // The root is unique: its id would only lengthen every path.
            if let Some(id) = element.id.as_ref().filter(|_| element.parent.is_some()) {
                let _ = write!(path, "[@id='{}']", id.replace('\'', "&apos;"));
            }
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:x="urn:vendor" id="D">
  <bpmn:process id="P1">
    <bpmn:userTask id="Task_1" name="Check">
      <bpmn:extensionElements><x:prop name="timeLimit" value="P5D"/></bpmn:extensionElements>
      <bpmn:incoming>F0</bpmn:incoming>
      <bpmn:outgoing>F1</bpmn:outgoing>
      <bpmn:outgoing>Missing</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="F1" sourceRef="Task_1" targetRef="Task_1"/>
    <bpmn:task id="Task_1"/>
  </bpmn:process>
</bpmn:definitions>"#;

    #[test]
    fn resolves_ids_flows_and_paths() {
        let (model, _) = Model::parse(XML.as_bytes()).unwrap();
        assert_eq!(model.definitions(), Some(0));
        let task = model.by_id("Task_1").unwrap();
        assert_eq!(model.kind(task), Kind::UserTask);
        assert_eq!(model.path(task), "/definitions/process[@id='P1']/userTask[@id='Task_1']");
        assert_eq!(model.get(task).outgoing, vec![model.by_id("F1").unwrap()]);
        assert!(model.get(task).incoming.is_empty());
        assert_eq!(model.reference(model.by_id("F1").unwrap(), "sourceRef"), Some(task));
        assert_eq!(model.duplicate_ids.len(), 1);
        let prop = model.all(|k| k == Kind::Foreign).next().unwrap();
        assert_eq!(model.attr(prop, "value"), Some("P5D"));
    }
}
