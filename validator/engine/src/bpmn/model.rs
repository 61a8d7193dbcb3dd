//! The BPMN model: every element of a document in an arena, resolved by id.
//!
//! The model mirrors what BPMN tools read (bpmn-moddle): containment follows the XML,
//! `incoming`/`outgoing` of a flow node are its `<incoming>`/`<outgoing>` children resolved
//! by id (unresolvable ones dropped), and reference attributes (`sourceRef`, `default`,
//! `bpmnElement`, ...) resolve on demand. Elements of other namespaces (vendor extensions)
//! are kept as `Foreign`, so rules may read documented extension properties, and are
//! otherwise ignored.

use std::collections::HashMap;

use conform_diagnostics::Span;
use conform_formats::SyntaxError;
use conform_formats::xml::{Positions, XmlEvent, XmlOptions, XmlReader};

use super::kind::{BPMN_NS, BPMNDI_NS, DC_NS, Kind};

/// Prefixes BPMN tools read even when a document forgets to declare them.
const KNOWN_PREFIXES: &[(&str, &str)] =
    &[("bpmn", BPMN_NS), ("bpmn2", BPMN_NS), ("bpmndi", BPMNDI_NS), ("dc", DC_NS), ("omgdc", DC_NS)];

/// Where a string lies in the model's string arena.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Str {
    start: usize,
    end: usize,
}

/// An attribute of an element.
#[derive(Debug, Clone)]
struct Attr {
    /// Whether the attribute is in a namespace (ordinary attributes are unprefixed).
    qualified: bool,
    local: Str,
    value: Str,
}

/// One element of the document. Its names and text live in the model's arena: read them
/// through [`Model`].
#[derive(Debug, Clone)]
pub struct Element {
    /// What it is.
    pub kind: Kind,
    /// Its start tag.
    pub span: Span,
    parent: Option<usize>,
    /// One past its last descendant: its subtree is `index..end`.
    end: usize,
    local: Str,
    id: Option<Str>,
    /// Its attributes in the model's attribute list.
    attrs: Str,
    /// Its direct character content (when not `mixed`).
    text: Str,
    /// Whether its text came in pieces around child elements (then it is in `Model::mixed`).
    mixed: bool,
    /// Resolved `<incoming>` references, in the model's link list.
    incoming: Str,
    /// Resolved `<outgoing>` references, in the model's link list.
    outgoing: Str,
}

/// A parsed BPMN document.
///
/// Elements sit in document order in one vector and their strings in one arena, so a model
/// of any size costs a handful of allocations, not several per element.
#[derive(Debug, Default)]
pub struct Model {
    /// Every element, in document order; the root is element 0.
    pub elements: Vec<Element>,
    strings: String,
    attrs: Vec<Attr>,
    links: Vec<usize>,
    /// Text of elements whose character content is interrupted by child elements.
    mixed: HashMap<usize, String>,
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
                    let index = model.elements.len();
                    let first_attr = model.attrs.len();
                    let mut id = None;
                    for a in &tag.attributes {
                        let qualified = a.name.namespace.is_some();
                        let local = model.push_str(&a.name.local);
                        let value = model.push_str(&a.value);
                        if !qualified && a.name.local == "id" && id.is_none() {
                            id = Some(value);
                            if model.ids.contains_key(&*a.value) {
                                model.duplicate_ids.push(index);
                            } else {
                                model.ids.insert(a.value.as_ref().into(), index);
                            }
                        }
                        model.attrs.push(Attr { qualified, local, value });
                    }
                    let attrs = Str { start: first_attr, end: model.attrs.len() };
                    let local = model.push_str(&tag.name.local);
                    model.elements.push(Element {
                        kind,
                        span: tag.span,
                        parent: open.last().copied(),
                        end: index + 1,
                        local,
                        id,
                        attrs,
                        text: Str::default(),
                        mixed: false,
                        incoming: Str::default(),
                        outgoing: Str::default(),
                    });
                    open.push(index);
                }
                XmlEvent::End(_) => {
                    if let Some(index) = open.pop() {
                        model.elements[index].end = model.elements.len();
                    }
                }
                XmlEvent::Text(text) => {
                    if let Some(&top) = open.last() {
                        model.push_text(top, &text.text);
                    }
                }
            }
        }
        model.link_flows();
        Ok((model, Positions::new(bytes, reader.encoding())))
    }

    fn push_str(&mut self, text: &str) -> Str {
        let start = self.strings.len();
        self.strings.push_str(text);
        Str { start, end: self.strings.len() }
    }

    /// Appends a piece of element `index`'s character content.
    fn push_text(&mut self, index: usize, piece: &str) {
        let element = &self.elements[index];
        let text = element.text;
        if element.mixed {
            self.mixed.entry(index).or_default().push_str(piece);
        } else if text.start == text.end {
            self.elements[index].text = self.push_str(piece);
        } else if text.end == self.strings.len() {
            self.strings.push_str(piece);
            self.elements[index].text.end = self.strings.len();
        } else {
            // Child elements came in between: the pieces go on in their own string.
            let joined = [&self.strings[text.start..text.end], piece].concat();
            self.mixed.insert(index, joined);
            self.elements[index].mixed = true;
        }
    }

    fn link_flows(&mut self) {
        for node in 0..self.elements.len() {
            for kind in [Kind::Incoming, Kind::Outgoing] {
                let start = self.links.len();
                let mut child = node + 1;
                while child < self.elements[node].end {
                    if self.elements[child].kind == kind
                        && let Some(target) = self.by_id(self.text(child).trim())
                    {
                        self.links.push(target);
                    }
                    child = self.elements[child].end;
                }
                let range = Str { start, end: self.links.len() };
                if kind == Kind::Incoming {
                    self.elements[node].incoming = range;
                } else {
                    self.elements[node].outgoing = range;
                }
            }
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

    fn str(&self, s: Str) -> &str {
        &self.strings[s.start..s.end]
    }

    /// The unprefixed attribute `local` of element `index`.
    #[must_use]
    pub fn attr(&self, index: usize, local: &str) -> Option<&str> {
        let range = self.elements[index].attrs;
        self.attrs[range.start..range.end]
            .iter()
            .find(|a| !a.qualified && self.str(a.local) == local)
            .map(|a| self.str(a.value))
    }

    /// The unprefixed attributes of element `index` (name, value), in document order.
    pub fn attributes(&self, index: usize) -> impl Iterator<Item = (&str, &str)> + '_ {
        let range = self.elements[index].attrs;
        self.attrs[range.start..range.end]
            .iter()
            .filter(|a| !a.qualified)
            .map(|a| (self.str(a.local), self.str(a.value)))
    }

    /// The local name of element `index` as written (`userTask`).
    #[must_use]
    pub fn local(&self, index: usize) -> &str {
        self.str(self.elements[index].local)
    }

    /// The direct character content of element `index`.
    #[must_use]
    pub fn text(&self, index: usize) -> &str {
        let element = &self.elements[index];
        if element.mixed { self.mixed.get(&index).map_or("", String::as_str) } else { self.str(element.text) }
    }

    /// The flows named by the `<incoming>` children of element `index` that resolve.
    #[must_use]
    pub fn incoming(&self, index: usize) -> &[usize] {
        let range = self.elements[index].incoming;
        &self.links[range.start..range.end]
    }

    /// The flows named by the `<outgoing>` children of element `index` that resolve.
    #[must_use]
    pub fn outgoing(&self, index: usize) -> &[usize] {
        let range = self.elements[index].outgoing;
        &self.links[range.start..range.end]
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
        self.elements[index].id.map_or("", |id| self.str(id))
    }

    /// Whether element `index` has an `id` attribute.
    #[must_use]
    pub fn has_id(&self, index: usize) -> bool {
        self.elements[index].id.is_some()
    }

    /// The parent of element `index`.
    #[must_use]
    pub fn parent(&self, index: usize) -> Option<usize> {
        self.elements[index].parent
    }

    /// The children of element `index`.
    pub fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.elements[index].end;
        let mut next = index + 1;
        std::iter::from_fn(move || {
            let child = next;
            (child < end).then(|| {
                next = self.elements[child].end;
                child
            })
        })
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
        let mut chain = Vec::with_capacity(8);
        let mut at = Some(index);
        while let Some(i) = at {
            chain.push(i);
            at = self.parent(i);
        }
        let mut path = String::with_capacity(chain.len() * 24);
        for &i in chain.iter().rev() {
            let element = &self.elements[i];
            path.push('/');
            path.push_str(self.str(element.local));
            // The root is unique: its id would only lengthen every path.
            if let Some(id) = element.id.filter(|_| element.parent.is_some()) {
                path.push_str("[@id='");
                let id = self.str(id);
                if id.contains('\'') {
                    path.push_str(&id.replace('\'', "&apos;"));
                } else {
                    path.push_str(id);
                }
                path.push_str("']");
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
        assert_eq!(model.outgoing(task), [model.by_id("F1").unwrap()]);
        assert!(model.incoming(task).is_empty());
        assert_eq!(model.reference(model.by_id("F1").unwrap(), "sourceRef"), Some(task));
        assert_eq!(model.duplicate_ids.len(), 1);
        let prop = model.all(|k| k == Kind::Foreign).next().unwrap();
        assert_eq!(model.attr(prop, "value"), Some("P5D"));
        assert_eq!(model.local(prop), "prop");
        let process = model.by_id("P1").unwrap();
        let children: Vec<&str> = model.children(process).map(|c| model.id(c)).collect();
        assert_eq!(children, ["Task_1", "F1", "Task_1"]);
        let outgoing: Vec<&str> = model.children_of(task, Kind::Outgoing).map(|o| model.text(o)).collect();
        assert_eq!(outgoing, ["F1", "Missing"]);
    }

    #[test]
    fn text_around_child_elements_is_joined() {
        let xml = r#"<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="P"><bpmn:documentation>a <b>x</b>c<d/> e</bpmn:documentation></bpmn:process></bpmn:definitions>"#;
        let (model, _) = Model::parse(xml.as_bytes()).unwrap();
        let documentation = model.child(model.by_id("P").unwrap(), Kind::Documentation).unwrap();
        assert_eq!(model.text(documentation), "a c e");
        let inner: Vec<&str> = model.children(documentation).map(|c| model.text(c)).collect();
        assert_eq!(inner, ["x", ""]);
    }
}
