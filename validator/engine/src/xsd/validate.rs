//! Validating an instance document against a [`Schema`], one event at a time.

// A QName prefix resolves to: undeclared (`None`), no namespace (`Some(None)`) or a namespace.
#![allow(clippy::option_option)]

use std::collections::HashSet;
use std::fmt::Write;
use std::io::Read;
use std::rc::Rc;

use conform_diagnostics::{Finding, Location, Locator, Span};
use conform_formats::xml::{Attribute, Scope, StartTag, XmlEvent, XmlReader};
use rustc_hash::FxHashMap;

use super::automaton::NEVER;
use super::datatypes::Builtin;
use super::identity::{Problem, Tables};
use super::model::{
    Content, Edge, ElemId, ElementDecl, Lookup, Model, NameId, Process, QName, Schema, SimpleType, TypeDef, TypeId,
    Variety, Wildcard, XSI,
};
use super::simple::{self, Refusal, simple_type};

/// The most child elements an element may have: occurrence bounds are counted up to it (a
/// larger maximum is no bound, a larger minimum is never reached).
const MAX_CHILDREN: u32 = NEVER - 1;

/// How an element is validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Against a type.
    Typed(TypeId),
    /// Children are validated when declared globally.
    Lax,
    /// Not at all.
    Skip,
}

/// An open element. Frames are reused: a closed element's slot is reset for the next
/// element at its depth, so its strings, vectors and maps keep their capacity.
struct Frame {
    mode: Mode,
    elem: Option<ElemId>,
    state: usize,
    /// Occurrences counted in a counting state (see [`super::model::Dfa::counters`]).
    count: u32,
    seen: Vec<bool>,
    failed: bool,
    nil: bool,
    text: String,
    text_span: Option<Span>,
    text_location: Option<Location>,
    text_reported: bool,
    tag: Span,
    tag_location: Location,
    /// Its name as written, interned in [`Validator::written`].
    name: usize,
    index: u32,
    /// How many children of each written name it has had so far.
    counts: FxHashMap<usize, u32>,
    /// How many children it has had so far (at most [`MAX_CHILDREN`] are validated).
    children: u32,
    /// Whether its text holds `QNames` (their prefixes are resolved while it is open).
    needs_prefixes: bool,
    prefixes: Vec<(String, Option<Option<String>>)>,
}

impl Frame {
    /// A fresh frame (skipped content) for the element written `name`, the `index`th
    /// child of its name.
    fn new(name: usize, index: u32, tag: Span, tag_location: Location) -> Self {
        Self {
            mode: Mode::Skip,
            elem: None,
            state: 0,
            count: 0,
            seen: Vec::new(),
            failed: false,
            nil: false,
            text: String::new(),
            text_span: None,
            text_location: None,
            text_reported: false,
            tag,
            tag_location,
            name,
            index,
            counts: FxHashMap::default(),
            children: 0,
            needs_prefixes: false,
            prefixes: Vec::new(),
        }
    }

    /// Makes the slot a fresh frame (skipped content) for the element written `name`,
    /// the `index`th child of its name, keeping the capacity of its collections.
    fn reset(&mut self, name: usize, index: u32, tag: Span, tag_location: Location) {
        self.mode = Mode::Skip;
        self.elem = None;
        self.state = 0;
        self.count = 0;
        self.seen.clear();
        self.failed = false;
        self.nil = false;
        self.text.clear();
        self.text_span = None;
        self.text_location = None;
        self.text_reported = false;
        self.tag = tag;
        self.tag_location = tag_location;
        self.name = name;
        self.index = index;
        self.counts.clear();
        self.children = 0;
        self.needs_prefixes = false;
        self.prefixes.clear();
    }
}

/// How a starting element is validated, decided before it is stored in its frame.
struct Start {
    mode: Mode,
    elem: Option<ElemId>,
    nil: bool,
}

/// An element's expanded name as read, with its id among the schema's element names.
#[derive(Clone, Copy)]
struct ElementName<'n> {
    ns: &'n str,
    local: &'n str,
    /// `None` when no element declaration has this name.
    id: Option<NameId>,
}

impl ElementName<'_> {
    fn qname(self) -> QName {
        QName::new(self.ns, self.local)
    }
}

/// Element names as written (`prefix:local`), interned: frames and sibling counts refer
/// to them by index. There are as many as distinct names in the document.
#[derive(Default)]
struct Written {
    ids: FxHashMap<Rc<str>, usize>,
    names: Vec<WrittenName>,
}

/// An element name as written.
struct WrittenName {
    name: Rc<str>,
    /// The namespace it was last read in (the reader's number for it), with the schema's
    /// id for the expanded name.
    resolved: Option<(Option<u32>, Option<NameId>)>,
}

impl Written {
    fn intern(&mut self, name: &str) -> usize {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let name: Rc<str> = Rc::from(name);
        self.names.push(WrittenName { name: Rc::clone(&name), resolved: None });
        self.ids.insert(name, self.names.len() - 1);
        self.names.len() - 1
    }

    fn name(&self, id: usize) -> &str {
        self.names.get(id).map_or("", |n| &n.name)
    }

    /// The schema's id for the element written `id` (whose local part is `local`) in `ns`,
    /// which the reader numbers `ns_id`: the same written name nearly always has the same
    /// namespace, so the last answer is kept (and the URI is neither compared nor copied).
    fn name_id(&mut self, id: usize, (ns, ns_id): (&str, Option<u32>), local: &str, lookup: &Lookup) -> Option<NameId> {
        let Some(written) = self.names.get_mut(id) else { return lookup.name_id(ns, local) };
        match written.resolved {
            Some((known, name_id)) if known == ns_id => name_id,
            _ => {
                let name_id = lookup.name_id(ns, local);
                written.resolved = Some((ns_id, name_id));
                name_id
            }
        }
    }
}

/// A finding before its location is resolved.
struct Raw {
    span: Span,
    /// Resolved when the finding is made, or after the event it was found in.
    location: Option<Location>,
    locator: String,
    message: String,
}

/// Validates one document.
pub struct Validator<'s> {
    schema: &'s Schema,
    /// The open elements are the first `depth`; the rest are slots kept for reuse.
    frames: Vec<Frame>,
    depth: usize,
    written: Written,
    ids: HashSet<String>,
    idrefs: Vec<(String, Span, String, Option<Location>)>,
    tables: Tables,
    problems: Vec<Problem>,
    out: Vec<Raw>,
}

type Resolve<'r> = &'r dyn Fn(&str) -> Option<Option<String>>;

/// Findings above which validation stops (the rest of the document is not reported).
const MAX_FINDINGS: usize = 100_000;

/// Validates the document `reader` streams against `schema`.
/// What validating a document found: its validity findings, and the well-formedness error
/// that ended the reading, if one did (reported as rule `syntax`, not as a schema finding).
pub struct Validated {
    /// Findings of the schema, up to the point reading ended.
    pub findings: Vec<Finding>,
    /// The document is not well-formed XML here.
    pub syntax: Option<Finding>,
}

/// Validates the document `reader` streams against `schema`.
pub fn validate<R: Read>(schema: &Schema, mut reader: XmlReader<R>) -> Validated {
    let mut v = Validator {
        schema,
        frames: Vec::new(),
        depth: 0,
        written: Written::default(),
        ids: HashSet::new(),
        idrefs: Vec::new(),
        tables: Tables::default(),
        problems: Vec::new(),
        out: Vec::new(),
    };
    let mut syntax = None;
    loop {
        // Matched by reference: the event is read where the reader put it, not moved.
        let next = reader.next_event();
        match &next {
            Ok(Some((event, scope))) => v.event(event, scope),
            Ok(None) => break,
            Err(_) => {}
        }
        if let Err(err) = next {
            let mut finding = Finding::new(err.span, Locator::Path(v.locator(false)), err.message);
            finding.location = Some(reader.location(err.span));
            syntax = Some(finding);
            break;
        }
        if v.out.len() >= MAX_FINDINGS {
            break;
        }
    }
    if syntax.is_none() {
        v.finish_ids();
    }
    let findings = v
        .out
        .into_iter()
        .map(|raw| {
            let mut finding = Finding::new(raw.span, Locator::Path(raw.locator), raw.message);
            finding.location = Some(raw.location.unwrap_or_else(|| reader.location(raw.span)));
            finding
        })
        .collect();
    Validated { findings, syntax }
}

fn qname(name: &conform_formats::xml::Name<'_>) -> QName {
    QName { ns: name.namespace.as_deref().unwrap_or("").to_owned(), local: name.local.to_string() }
}

impl Validator<'_> {
    /// Validates one event; findings made in it are located while its positions are known.
    fn event(&mut self, event: &XmlEvent<'_>, scope: &Scope<'_>) {
        let (found, refs) = (self.out.len(), self.idrefs.len());
        let resolve = |prefix: &str| scope.resolve_prefix(prefix).map(|ns| ns.map(ToString::to_string));
        match event {
            XmlEvent::Start(tag) => self.start(tag, scope.location(tag.span), &resolve),
            XmlEvent::Text(text) => self.text(&text.text, text.span, scope, &resolve),
            XmlEvent::End(_) => self.end(&resolve),
        }
        for raw in &mut self.out[found..] {
            raw.location = raw.location.or_else(|| Some(scope.location(raw.span)));
        }
        for r in &mut self.idrefs[refs..] {
            r.3 = r.3.or_else(|| Some(scope.location(r.1)));
        }
    }

    fn report(&mut self, span: Span, message: String) {
        let locator = self.locator(true);
        self.out.push(Raw { span, location: None, locator, message });
    }

    /// Reports at a span of an earlier event, whose location was kept.
    fn report_at(&mut self, span: Span, location: Location, message: String) {
        let locator = self.locator(true);
        self.out.push(Raw { span, location: Some(location), locator, message });
    }

    /// The open elements, outermost first.
    fn open(&self) -> &[Frame] {
        self.frames.get(..self.depth).unwrap_or_default()
    }

    /// The innermost open element.
    fn top(&self) -> Option<&Frame> {
        self.open().last()
    }

    /// The innermost open element, mutably.
    fn top_mut(&mut self) -> Option<&mut Frame> {
        self.frames.get_mut(..self.depth).unwrap_or_default().last_mut()
    }

    /// Opens a frame for a new innermost element, reusing a slot when there is one.
    fn push_frame(&mut self, name: usize, index: u32, tag: Span, tag_location: Location) {
        match self.frames.get_mut(self.depth) {
            Some(slot) => slot.reset(name, index, tag, tag_location),
            None => self.frames.push(Frame::new(name, index, tag, tag_location)),
        }
        self.depth += 1;
    }

    /// `/a/b[2]/c[1]`: the innermost step always indexed, ancestors when not the first.
    fn locator(&self, index_last: bool) -> String {
        let mut path = String::new();
        let last = self.depth.saturating_sub(1);
        for (i, frame) in self.open().iter().enumerate() {
            path.push('/');
            path.push_str(self.written.name(frame.name));
            if i > 0 && (frame.index > 1 || (i == last && index_last)) {
                let _ = write!(path, "[{}]", frame.index);
            }
        }
        path
    }

    /// The names of the elements allowed next, each `(declaration, whether it is a member
    /// of the substitution group of an element the content model names)`, or `None` for a
    /// wildcard. An abstract element is named only through its substitution group.
    fn names(&self, allowed: impl Iterator<Item = Option<(ElemId, bool)>>) -> String {
        let mut names: Vec<&str> = Vec::new();
        for item in allowed {
            match item {
                Some((elem, substitute)) => {
                    let decl = &self.schema.elements[elem];
                    if substitute || !decl.is_abstract {
                        names.push(&decl.name.local);
                    }
                }
                None => names.push("any element allowed by a wildcard"),
            }
        }
        names.dedup();
        names.join(", ")
    }

    /// Why the child `name` cannot come next in `frame`, whose content model is `model`.
    fn why_unexpected(&self, frame: &Frame, model: usize, name: ElementName<'_>) -> String {
        let schema = self.schema;
        let (expected, accept) = self.expected(frame, model);
        let counter = match &schema.models[model] {
            Model::Dfa(_) => schema
                .lookup
                .transitions(model, frame.state)
                .filter(|t| t.find(name.id, name.ns).is_some())
                .and_then(|t| t.counter),
            Model::All { .. } => None,
        };
        if let Some(counter) = counter {
            let bounds = counter.max.map_or_else(
                || format!("at least {}", counter.min),
                |max| format!("between {} and {max}", counter.min),
            );
            format!("the preceding element occurs {} times so far, {bounds} are allowed", frame.count)
        } else if expected.is_empty() {
            "no more child elements are expected here".to_owned()
        } else if accept {
            format!("expected one of: {expected} (or the end of the parent element)")
        } else {
            format!("expected one of: {expected}")
        }
    }

    /// The elements the content model `model` allows next, and whether it may end here.
    fn expected(&self, frame: &Frame, model: usize) -> (String, bool) {
        match &self.schema.models[model] {
            Model::Dfa(_) => {
                let Some(transitions) = self.schema.lookup.transitions(model, frame.state) else {
                    return (String::new(), false);
                };
                let allowed = transitions.edges.iter().map(|edge| match edge {
                    Edge::Element { elem, substitute, .. } => Some((*elem as usize, *substitute)),
                    Edge::Any { .. } => None,
                });
                (self.names(allowed), transitions.accept)
            }
            Model::All { members, .. } => {
                let open = members.iter().zip(&frame.seen).filter(|(_, seen)| !**seen).map(|((e, _), _)| *e);
                let allowed = open.flat_map(|e| {
                    let substitutes = self.schema.elements[e].substitutes.iter();
                    std::iter::once(Some((e, false))).chain(substitutes.map(|s| Some((*s, true))))
                });
                (self.names(allowed), false)
            }
        }
    }

    /// The declaration `e`, or the member of its substitution group, named `name`.
    fn matches_element(&self, e: ElemId, name: ElementName<'_>) -> Option<ElemId> {
        let id = name.id?;
        let lookup = &self.schema.lookup;
        if lookup.element_name(e) == id {
            return Some(e);
        }
        self.schema.elements[e].substitutes.iter().copied().find(|s| lookup.element_name(*s) == id)
    }

    fn start(&mut self, tag: &StartTag<'_>, tag_location: Location, resolve: Resolve<'_>) {
        let schema = self.schema;
        let ns = tag.name.namespace.as_deref().unwrap_or("");
        let local: &str = &tag.name.local;
        let written = self.written.intern(&tag.name.qualified);
        let ns_id = tag.name.namespace_id;
        let name = ElementName { ns, local, id: self.written.name_id(written, (ns, ns_id), local, &schema.lookup) };
        let index = match self.top_mut() {
            Some(parent) => {
                parent.children = parent.children.saturating_add(1);
                let count = parent.counts.entry(written).or_insert(0);
                *count = count.saturating_add(1);
                *count
            }
            None => 1,
        };
        self.push_frame(written, index, tag.span, tag_location);
        let mut start = Start { mode: Mode::Skip, elem: None, nil: false };
        let xsi_typed =
            tag.attributes.iter().any(|a| a.name.namespace.as_deref() == Some(XSI) && a.name.local == "type");
        match self.child_decl(name, tag.span, xsi_typed) {
            Placement::Declared(e) => {
                start.elem = Some(e);
                start.mode = Mode::Typed(schema.elements[e].type_id);
            }
            Placement::ByType => start.mode = Mode::Typed(schema.any_type),
            Placement::Lax => start.mode = Mode::Lax,
            Placement::Skip => {}
        }
        match start.mode {
            Mode::Typed(declared) => self.typed_start(&mut start, declared, tag, resolve),
            Mode::Lax => {
                self.check_xsi(tag, &mut start.nil, resolve);
            }
            Mode::Skip => {}
        }
        let facts = match start.mode {
            Mode::Typed(t) => schema.lookup.facts(t),
            Mode::Lax | Mode::Skip => super::model::TypeFacts::default(),
        };
        let constraints = start.elem.map_or(&[][..], |e| &schema.elements[e].identity[..]);
        if !(self.tables.idle() && constraints.is_empty()) {
            let key = |name: &QName, value: &str| match self
                .attribute_type(start.mode, name)
                .and_then(|t| simple_type(schema, t))
            {
                Some(st) => identity_key(schema, st, value, resolve),
                None => value.split_whitespace().collect::<Vec<_>>().join(" "),
            };
            let mut attributes: Vec<(QName, String)> = tag
                .attributes
                .iter()
                .map(|a| {
                    let name = qname(&a.name);
                    let value = key(&name, &a.value);
                    (name, value)
                })
                .collect();
            // An absent attribute with a default or fixed value is there for identity
            // constraints (its value is in the post-schema-validation infoset).
            if let Mode::Typed(t) = start.mode
                && let TypeDef::Complex(ct) = &schema.types[t]
            {
                for u in &ct.attributes {
                    if let Some(value) = u.default.as_deref().or(u.fixed.as_deref())
                        && !attributes.iter().any(|(n, _)| *n == u.name)
                    {
                        attributes.push((u.name.clone(), key(&u.name, value)));
                    }
                }
            }
            let locator = self.locator(true);
            self.tables.start(
                self.depth,
                &name.qname(),
                start.mode != Mode::Skip,
                constraints,
                &attributes,
                (tag.span, tag_location),
                &|| locator.clone(),
            );
        }
        if let Some(frame) = self.top_mut() {
            frame.mode = start.mode;
            frame.elem = start.elem;
            frame.nil = start.nil;
            frame.needs_prefixes = facts.needs_prefixes;
            frame.seen.resize(facts.all_members, false);
        }
    }

    /// The declaration of the root element, reporting when there is none. A root element
    /// without a declaration but with an `xsi:type` (`xsi_typed`) is validated against that
    /// type (XSD 1.0 §3.3.4, cvc-assess-elt.1.2).
    fn root_decl(&mut self, name: ElementName<'_>, span: Span, xsi_typed: bool) -> Placement {
        let schema = self.schema;
        if let Some(e) = schema.lookup.global(name.id) {
            return Placement::Declared(e);
        }
        if xsi_typed {
            return Placement::ByType;
        }
        let unfetched = schema.unfetched.iter().find(|u| u.namespace == name.ns).map_or_else(String::new, |u| {
            format!(" (it may be in the schema document `{}`, which is never fetched)", u.location)
        });
        self.report(
            span,
            format!("no global element declaration matches the root element `{}`{unfetched}", name.local),
        );
        Placement::Skip
    }

    /// Where a new child element (the innermost frame) fits in its parent, reporting when
    /// it does not (the root: [`Self::root_decl`]).
    fn child_decl(&mut self, name: ElementName<'_>, span: Span, xsi_typed: bool) -> Placement {
        let schema = self.schema;
        let global = || schema.lookup.global(name.id);
        let n = self.depth;
        if n < 2 {
            return self.root_decl(name, span, xsi_typed);
        }
        let parent = &self.frames[n - 2];
        let parent_type = match parent.mode {
            Mode::Skip => return Placement::Skip,
            Mode::Lax => return global().map_or_else(|| self.lax(span, name.ns, name.local), Placement::Declared),
            Mode::Typed(t) => t,
        };
        let content = match &schema.types[parent_type] {
            TypeDef::Simple(_) => None,
            TypeDef::Complex(ct) => Some(ct.content.clone()),
        };
        if parent.nil {
            self.unexpected(span, name, "its parent is nil (`xsi:nil=\"true\"`) and must be empty");
            return self.fallback(name, content.as_ref());
        }
        if parent.children > MAX_CHILDREN {
            if !parent.failed {
                let why = format!("its parent already has {MAX_CHILDREN} child elements, the most validated");
                self.unexpected(span, name, &why);
                self.frames[n - 2].failed = true;
            }
            return self.fallback(name, content.as_ref());
        }
        let model = match content {
            Some(Content::Elements(m)) => m,
            Some(Content::Empty) => {
                self.unexpected(span, name, "the parent's content must be empty");
                return self.fallback(name, None);
            }
            _ => {
                self.unexpected(span, name, "the parent has simple (text-only) content");
                return self.fallback(name, None);
            }
        };
        let found: Option<(Option<ElemId>, Option<&Wildcard>, usize)> = match &schema.models[model] {
            Model::Dfa(_) => schema.lookup.transitions(model, parent.state).and_then(|t| {
                let edge = t.find(name.id, name.ns)?;
                if let Some(counter) = t.counter {
                    let looping = edge.to() == parent.state;
                    if looping && counter.max.is_some_and(|max| parent.count >= max)
                        || !looping && parent.count < counter.min
                    {
                        return None;
                    }
                }
                Some(match edge {
                    Edge::Element { elem, .. } => (Some(*elem as usize), None, edge.to()),
                    Edge::Any { wildcard, .. } => (None, Some(&**wildcard), edge.to()),
                })
            }),
            Model::All { members, .. } => members
                .iter()
                .enumerate()
                .filter(|(i, _)| !parent.seen.get(*i).copied().unwrap_or(true))
                .find_map(|(i, (e, _))| self.matches_element(*e, name).map(|m| (Some(m), None, i))),
        };
        let Some((matched, wildcard, to)) = found else {
            if !parent.failed {
                let why = self.why_unexpected(parent, model, name);
                self.unexpected(span, name, &why);
                self.frames[n - 2].failed = true;
            }
            return self.fallback(name, Some(&Content::Elements(model)));
        };
        match &schema.models[model] {
            Model::Dfa(_) => {
                let parent = &mut self.frames[n - 2];
                parent.count = if to == parent.state { parent.count.saturating_add(1) } else { 1 };
                parent.state = to;
            }
            Model::All { .. } => self.frames[n - 2].seen[to] = true,
        }
        match (matched, wildcard) {
            (Some(e), _) => {
                if schema.elements[e].is_abstract {
                    self.unexpected(span, name, "it is declared abstract: use a member of its substitution group");
                }
                Placement::Declared(e)
            }
            (None, Some(w)) => match w.process {
                Process::Skip => Placement::Skip,
                // Without a declaration, an `xsi:type` gives the type to validate against
                // (XSD 1.0 §3.10.1: strict needs "a top-level declaration ... or an
                // xsi:type"; cvc-assess-elt.1.2).
                Process::Lax | Process::Strict if global().is_none() && xsi_typed => Placement::ByType,
                Process::Lax => global().map_or_else(|| self.lax(span, name.ns, name.local), Placement::Declared),
                Process::Strict => global().map_or_else(
                    || {
                        self.unexpected(span, name, "the wildcard is strict and no global declaration matches it");
                        Placement::Skip
                    },
                    Placement::Declared,
                ),
            },
            (None, None) => Placement::Skip,
        }
    }

    /// Lax processing of an element or attribute without a declaration: nothing to check,
    /// unless a schema document of its namespace was never fetched (the declaration may
    /// be there), which is a finding.
    fn lax(&mut self, span: Span, ns: &str, local: &str) -> Placement {
        if let Some(missing) = self.schema.unfetched.iter().find(|u| u.namespace == ns) {
            self.report(
                span,
                format!(
                    "`{local}` cannot be validated: its declaration may be in the schema document `{}`, which is never fetched",
                    missing.location
                ),
            );
        }
        Placement::Lax
    }

    fn unexpected(&mut self, span: Span, name: ElementName<'_>, why: &str) {
        self.report(span, format!("element `{}` is not expected here: {why}", name.local));
    }

    /// A declaration for an unexpected element, to keep validating inside it.
    fn fallback(&self, name: ElementName<'_>, content: Option<&Content>) -> Placement {
        let lookup = &self.schema.lookup;
        if let Some(Content::Elements(m)) = content {
            for edge in lookup.model_edges(*m) {
                if let Edge::Element { name: id, elem, .. } = edge
                    && name.id == Some(*id)
                {
                    return Placement::Declared(*elem as usize);
                }
            }
        }
        lookup.global(name.id).map_or(Placement::Skip, Placement::Declared)
    }

    /// Checks the `xsi:` attributes, setting `nil`; returns the type `xsi:type` names.
    fn check_xsi(&mut self, tag: &StartTag<'_>, nil: &mut bool, resolve: Resolve<'_>) -> Option<TypeId> {
        let mut xsi_type = None;
        for attr in tag.attributes.iter().filter(|a| a.name.namespace.as_deref() == Some(XSI)) {
            match &*attr.name.local {
                "type" => {
                    let value = attr.value.trim();
                    match Builtin::QName.parse(value, resolve) {
                        Ok(super::datatypes::Value::QName(ns, local)) => {
                            let q = QName { ns, local };
                            match self.schema.global_types.get(&q) {
                                Some(&t) => xsi_type = Some(t),
                                None => self
                                    .report(attr.value_span, format!("xsi:type `{value}` names no type of the schema")),
                            }
                        }
                        Ok(_) | Err(_) => {
                            self.report(attr.value_span, format!("xsi:type `{value}` is not a valid QName"));
                        }
                    }
                }
                "nil" => match attr.value.trim() {
                    "true" | "1" => *nil = true,
                    "false" | "0" => {}
                    other => self.report(attr.value_span, format!("xsi:nil must be `true` or `false`, not `{other}`")),
                },
                "schemaLocation" | "noNamespaceSchemaLocation" => {}
                other => self.report(attr.name_span, format!("attribute `xsi:{other}` is not defined")),
            }
        }
        xsi_type
    }

    fn typed_start(&mut self, frame: &mut Start, declared: TypeId, tag: &StartTag<'_>, resolve: Resolve<'_>) {
        let schema = self.schema;
        let mut type_id = declared;
        if let Some(t) = self.check_xsi(tag, &mut frame.nil, resolve) {
            let blocked = frame.elem.map_or(0, |e| schema.elements[e].block)
                | match &schema.types[declared] {
                    TypeDef::Complex(c) => c.block,
                    TypeDef::Simple(_) => 0,
                };
            // A union's member stands for it as a restriction does.
            let bits = super::model::derivation_bits(&schema.types, t, declared).or_else(|| {
                super::model::derives_or_is_member(&schema.types, t, declared)
                    .then_some(super::model::BLOCK_RESTRICTION)
            });
            let blocked_by = bits.filter(|bits| bits & blocked != 0);
            if blocked_by.is_some() {
                let span = tag
                    .attributes
                    .iter()
                    .find(|a| a.name.namespace.as_deref() == Some(XSI) && a.name.local == "type")
                    .map_or(tag.span, |a| a.value_span);
                self.report(
                    span,
                    "xsi:type names a type derived in a way the element or its type blocks (`block`)".to_owned(),
                );
            } else if derives_from(schema, t, declared) {
                type_id = t;
            } else {
                let span = tag
                    .attributes
                    .iter()
                    .find(|a| a.name.namespace.as_deref() == Some(XSI) && a.name.local == "type")
                    .map_or(tag.span, |a| a.value_span);
                self.report(
                    span,
                    format!(
                        "xsi:type `{}` is not derived from the declared type of the element",
                        schema.types[t].name().map_or(String::new(), |n| n.local.clone())
                    ),
                );
            }
        }
        frame.mode = Mode::Typed(type_id);
        let nil_attribute =
            tag.attributes.iter().find(|a| a.name.namespace.as_deref() == Some(XSI) && a.name.local == "nil");
        let nillable = frame.elem.map(|e| schema.elements[e].nillable);
        // cvc-elt.3.1: on an element declared not nillable, xsi:nil is not allowed at all,
        // not even `false`.
        if frame.nil && nillable != Some(true) || nil_attribute.is_some() && nillable == Some(false) {
            let span = nil_attribute.map_or(tag.span, |a| a.value_span);
            self.report(span, format!("element `{}` is not nillable: xsi:nil is not allowed", tag.name.local));
            frame.nil = false;
        }
        if frame.nil && frame.elem.is_some_and(|e| schema.elements[e].fixed.is_some()) {
            self.report(tag.span, format!("element `{}` has a fixed value and cannot be nil", tag.name.local));
        }
        match &schema.types[type_id] {
            TypeDef::Simple(_) => {
                for attr in tag.attributes.iter().filter(|a| a.name.namespace.as_deref() != Some(XSI)) {
                    self.report(
                        attr.name_span,
                        format!("attribute `{}` is not allowed: the element has a simple type", attr.name.qualified),
                    );
                }
            }
            TypeDef::Complex(ct) => {
                if ct.is_abstract {
                    self.report(
                        tag.span,
                        format!(
                            "the type of element `{}` is abstract: name a derived type with xsi:type",
                            tag.name.local
                        ),
                    );
                }
                self.attributes(tag, ct, resolve);
            }
        }
    }

    /// The declared type of the attribute `name` of an element validated as `mode`.
    fn attribute_type(&self, mode: Mode, name: &QName) -> Option<TypeId> {
        let Mode::Typed(t) = mode else { return None };
        let TypeDef::Complex(ct) = &self.schema.types[t] else { return None };
        match ct.attributes.iter().find(|u| u.name == *name) {
            Some(u) => Some(u.type_id),
            None => self.schema.global_attributes.get(name).map(|g| g.type_id),
        }
    }

    fn attributes(&mut self, tag: &StartTag<'_>, ct: &super::model::ComplexType, resolve: Resolve<'_>) {
        let schema = self.schema;
        let is_id =
            |t: TypeId| simple_type(schema, t).is_some_and(|st| matches!(st.variety, Variety::Atomic(Builtin::Id)));
        // cvc-complex-type.5: wildcard attributes of type ID, at most one, and none when
        // the type declares an ID attribute.
        let mut wild_ids = 0;
        let declares_id = || ct.attributes.iter().any(|u| is_id(u.type_id));
        let mut present: Vec<&QName> = Vec::new();
        for attr in tag.attributes.iter().filter(|a| a.name.namespace.as_deref() != Some(XSI)) {
            let ns = attr.name.namespace.as_deref().unwrap_or("");
            if let Some(u) = ct.attributes.iter().find(|u| u.name.local == attr.name.local && u.name.ns == ns) {
                present.push(&u.name);
                self.attribute_value(attr, u.type_id, u.fixed.as_deref(), resolve);
                continue;
            }
            let allowed = ct.any_attribute.as_ref().filter(|w| w.allows(ns));
            let name = qname(&attr.name);
            match allowed.map(|w| w.process) {
                None => self.report(
                    attr.name_span,
                    format!("attribute `{}` is not allowed on element `{}`", attr.name.qualified, tag.name.local),
                ),
                Some(Process::Skip) => {}
                Some(process) => match schema.global_attributes.get(&name) {
                    Some(g) => {
                        if is_id(g.type_id) {
                            wild_ids += 1;
                            if wild_ids > 1 || declares_id() {
                                self.report(
                                    attr.name_span,
                                    format!(
                                        "attribute `{}` is a second attribute of type ID on element `{}` (matched by the wildcard)",
                                        attr.name.qualified, tag.name.local
                                    ),
                                );
                            }
                        }
                        self.attribute_value(attr, g.type_id, g.fixed.as_deref(), resolve);
                    }
                    None if process == Process::Strict => {
                        self.report(
                            attr.name_span,
                            format!(
                                "attribute `{}` matches a strict wildcard but is not declared",
                                attr.name.qualified
                            ),
                        );
                    }
                    None => {
                        self.lax(attr.name_span, ns, &attr.name.local);
                    }
                },
            }
        }
        for u in ct.attributes.iter().filter(|u| u.required && !present.contains(&&u.name)) {
            self.report(
                tag.span,
                format!("element `{}` lacks the required attribute `{}`", tag.name.local, u.name.local),
            );
        }
    }

    fn attribute_value(&mut self, attr: &Attribute<'_>, type_id: TypeId, fixed: Option<&str>, resolve: Resolve<'_>) {
        let Some(st) = simple_type(self.schema, type_id) else { return };
        match simple::check_fixed(self.schema, st, &attr.value, fixed, resolve) {
            Err(Refusal::Invalid(why)) => {
                self.report(attr.value_span, format!("attribute `{}`: {why}", attr.name.qualified));
            }
            checked => {
                if let (Err(Refusal::NotFixed), Some(fixed)) = (checked, fixed) {
                    self.report(
                        attr.value_span,
                        format!("attribute `{}` must have the fixed value '{fixed}'", attr.name.qualified),
                    );
                }
                self.track_ids(st, &attr.value, attr.value_span, None);
            }
        }
    }

    /// Tracks IDs and IDREFs; `location` is that of `span` when it is not in the event
    /// being read.
    fn track_ids(&mut self, st: &SimpleType, text: &str, span: Span, location: Option<Location>) {
        let kind = match &st.variety {
            Variety::Atomic(b) => *b,
            Variety::List(item) => match simple_type(self.schema, *item).map(|s| &s.variety) {
                Some(Variety::Atomic(Builtin::IdRef)) => Builtin::IdRefs,
                _ => return,
            },
            Variety::Union(_) => return,
        };
        match kind {
            Builtin::Id => {
                let id = text.trim().to_owned();
                if !self.ids.insert(id.clone()) {
                    let message = format!("ID '{id}' is not unique in the document");
                    match location {
                        Some(location) => self.report_at(span, location, message),
                        None => self.report(span, message),
                    }
                }
            }
            Builtin::IdRef | Builtin::IdRefs => {
                let locator = self.locator(true);
                for r in text.split_whitespace() {
                    self.idrefs.push((r.to_owned(), span, locator.clone(), location));
                }
            }
            _ => {}
        }
    }

    fn finish_ids(&mut self) {
        for (r, span, locator, location) in std::mem::take(&mut self.idrefs) {
            if !self.ids.contains(&r) {
                let message = format!("IDREF '{r}' matches no ID in the document");
                self.out.push(Raw { span, location, locator, message });
            }
        }
    }

    /// Character data. Only text that is kept (simple content, or for identity
    /// constraints) has its location resolved: its start comes from the start tag when the
    /// text follows it directly.
    fn text(&mut self, text: &str, span: Span, scope: &Scope<'_>, resolve: Resolve<'_>) {
        let schema = self.schema;
        let tables = !self.tables.idle();
        let Some(frame) = self.top_mut() else { return };
        // The text of a complex-typed element with a fixed value is compared with it.
        let keep = tables || frame.elem.is_some_and(|e| schema.elements[e].fixed.is_some());
        let Mode::Typed(t) = frame.mode else { return };
        let facts = schema.lookup.facts(t);
        if facts.simple.is_some() || keep {
            frame.text.push_str(text);
            frame.text_span = Some(frame.text_span.map_or(span, |s| Span::new(s.start, span.end)));
            let start = match frame.text_location {
                Some(kept) => kept.start,
                None if span.start == frame.tag.end => frame.tag_location.end,
                None => scope.line_col(span.start),
            };
            frame.text_location = Some(Location { start, end: scope.line_col(span.end) });
        }
        if frame.text_reported || text.is_empty() || (!facts.empty && is_whitespace(text)) {
            return;
        }
        if frame.needs_prefixes {
            let tokens: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
            for token in tokens {
                let prefix = token.split_once(':').map_or("", |(p, _)| p).to_owned();
                if !frame.prefixes.iter().any(|(p, _)| *p == prefix) {
                    let ns = resolve(&prefix);
                    frame.prefixes.push((prefix, ns));
                }
            }
        }
        let problem = if frame.nil {
            Some("it is nil (`xsi:nil=\"true\"`) and must be empty")
        } else {
            match &schema.types[t] {
                TypeDef::Complex(ct) if !ct.mixed => match ct.content {
                    Content::Empty => Some("its content must be empty"),
                    Content::Elements(_) => Some("its content is element-only"),
                    Content::Simple(_) => None,
                },
                _ => None,
            }
        };
        if let Some(why) = problem {
            frame.text_reported = true;
            let name = frame.name;
            let message = format!("text is not allowed in element `{}`: {why}", self.written.name(name));
            self.report(Span::new(span.start, span.end.min(span.start + 1).max(span.start)), message);
        }
    }

    /// cvc-elt.5.2.2: an element of complex (mixed) type with a fixed value has no element
    /// children, and its text, when it has any, is the fixed value.
    fn complex_fixed(&mut self) {
        let schema = self.schema;
        let Some(frame) = self.top() else { return };
        let Some(fixed) = frame.elem.and_then(|e| schema.elements[e].fixed.as_deref()) else { return };
        if frame.nil {
            return;
        }
        let name = self.written.name(frame.name).to_owned();
        let (tag, location) = (frame.tag, frame.tag_location);
        let message = if !frame.counts.is_empty() {
            format!("element `{name}` has a fixed value and may not have element children")
        } else if !frame.text.is_empty() && frame.text != fixed {
            format!("element `{name}` must have the fixed value '{fixed}'")
        } else {
            return;
        };
        self.report_at(tag, location, message);
    }

    fn end(&mut self, resolve: Resolve<'_>) {
        let depth = self.depth;
        let schema = self.schema;
        let Some(frame) = self.top() else { return };
        let (frame_mode, frame_nil) = (frame.mode, frame.nil);
        let mut simple_text = None;
        if let Mode::Typed(t) = frame.mode {
            if let Some(st) = schema.lookup.facts(t).simple.and_then(|s| simple_type(schema, s)) {
                if !frame.nil {
                    simple_text = Some(self.simple_content(st, resolve));
                }
            } else if let TypeDef::Complex(ct) = &schema.types[t] {
                if let Content::Elements(m) = ct.content {
                    self.check_complete(m);
                }
                self.complex_fixed();
            }
        }
        if !self.tables.idle() {
            let text = simple_text.flatten().or_else(|| self.top().map(|f| f.text.clone()));
            let complex = !frame_nil && matches!(frame_mode, Mode::Typed(t) if schema.lookup.facts(t).simple.is_none());
            self.tables.end(depth, text.as_deref(), complex, &mut self.problems);
            for p in std::mem::take(&mut self.problems) {
                self.out.push(Raw { span: p.span, location: Some(p.location), locator: p.locator, message: p.message });
            }
        }
        self.depth -= 1;
    }

    fn check_complete(&mut self, model: usize) {
        let Some(frame) = self.top() else { return };
        if frame.failed || frame.nil {
            return;
        }
        let complete = match &self.schema.models[model] {
            Model::Dfa(_) => self
                .schema
                .lookup
                .transitions(model, frame.state)
                .is_some_and(|t| t.accept && t.counter.is_none_or(|c| frame.count >= c.min)),
            Model::All { members, optional } => {
                let any = frame.seen.iter().any(|s| *s);
                (*optional && !any) || members.iter().zip(&frame.seen).all(|((_, required), seen)| *seen || !required)
            }
        };
        if !complete {
            let (expected, _) = self.expected(frame, model);
            let (span, location) = (frame.tag, frame.tag_location);
            let name = self.written.name(frame.name);
            let message =
                format!("element `{name}` is incomplete: a child element is missing; expected one of: {expected}");
            self.report_at(span, location, message);
        }
    }

    /// Validates the text of a simple-content element; returns its normalised text when
    /// identity constraints need it.
    fn simple_content(&mut self, st: &SimpleType, resolve: Resolve<'_>) -> Option<String> {
        let schema = self.schema;
        let frame = self.top_mut()?;
        // Moved out while validating (and put back after), so findings can be reported.
        let text = std::mem::take(&mut frame.text);
        let prefixes = std::mem::take(&mut frame.prefixes);
        let at = (frame.text_span.unwrap_or(frame.tag), frame.text_location.unwrap_or(frame.tag_location));
        let name = frame.name;
        let decl = frame.elem.map(|e| &schema.elements[e]);
        let value = match decl.and_then(|d| d.default.as_ref().or(d.fixed.as_ref())) {
            Some(default) if text.is_empty() => default.as_str(),
            _ => text.as_str(),
        };
        let local = |prefix: &str| match prefixes.iter().find(|(p, _)| p == prefix) {
            Some((_, ns)) => ns.clone(),
            None => resolve(prefix),
        };
        let normalized = self.simple_value(st, value, decl, name, at, &local);
        if let Some(frame) = self.top_mut() {
            frame.text = text;
            frame.prefixes = prefixes;
        }
        normalized
    }

    /// Validates `text`, the value of the element written `name` (declared `decl`) found
    /// `at`; returns its normalised form when identity constraints need it.
    fn simple_value(
        &mut self,
        st: &SimpleType,
        text: &str,
        decl: Option<&ElementDecl>,
        name: usize,
        (span, location): (Span, Location),
        resolve: Resolve<'_>,
    ) -> Option<String> {
        let fixed = decl.and_then(|d| d.fixed.as_deref());
        match simple::check_fixed(self.schema, st, text, fixed, resolve) {
            Err(Refusal::Invalid(why)) => {
                let message = format!("element `{}`: {why}", self.written.name(name));
                self.report_at(span, location, message);
                None
            }
            checked => {
                if let (Err(Refusal::NotFixed), Some(fixed)) = (checked, fixed) {
                    let message = format!("element `{}` must have the fixed value '{fixed}'", self.written.name(name));
                    self.report_at(span, location, message);
                }
                self.track_ids(st, text, span, Some(location));
                (!self.tables.idle()).then(|| identity_key(self.schema, st, text, resolve))
            }
        }
    }
}

/// The value of `text` of the simple type `st` as identity constraints compare it (its
/// canonical form, after its value space and [`super::identity::FAMILY_END`] unless it is a
/// string), or the text, whitespace-collapsed, when it is not valid.
fn identity_key(schema: &Schema, st: &SimpleType, text: &str, resolve: Resolve<'_>) -> String {
    simple::validate(schema, st, text, resolve).map_or_else(
        |_| text.split_whitespace().collect::<Vec<_>>().join(" "),
        |value| match value.family() {
            "" => value.canonical(),
            family => format!("{family}{}{}", super::identity::FAMILY_END, value.canonical()),
        },
    )
}

/// Where a child element fits.
enum Placement {
    Declared(ElemId),
    /// No declaration: validated against the type its `xsi:type` names.
    ByType,
    Lax,
    Skip,
}

/// Whether `text` is all ASCII whitespace. Indentation (line ends, then spaces) is skipped
/// fast: the line ends, then the spaces eight at a time.
fn is_whitespace(text: &str) -> bool {
    let bytes = text.as_bytes();
    let indent = bytes.iter().position(|b| !matches!(b, b'\n' | b'\r')).unwrap_or(bytes.len());
    let mut rest = &bytes[indent..];
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>()
        && *chunk == [b' '; 8]
    {
        rest = tail;
    }
    rest.iter().all(u8::is_ascii_whitespace)
}

/// Whether type `t` is `base` or derived from it.
fn derives_from(schema: &Schema, mut t: TypeId, base: TypeId) -> bool {
    if super::model::derives_or_is_member(&schema.types, t, base) {
        return true;
    }
    for _ in 0..1000 {
        if t == base || base == schema.any_type {
            return true;
        }
        match schema.types[t].base() {
            Some(b) if b != t => t = b,
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::is_whitespace;

    #[test]
    fn whitespace() {
        for text in ["", "\n", "\r\n        ", "\n                  \t ", "        ", "\x0c"] {
            assert!(is_whitespace(text), "{text:?}");
        }
        for text in ["a", "\n        a", "\n                x", " \u{a0}"] {
            assert!(!is_whitespace(text), "{text:?}");
        }
    }
}
