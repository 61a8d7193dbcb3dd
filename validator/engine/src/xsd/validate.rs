//! Validating an instance document against a [`Schema`], one event at a time.

// A QName prefix resolves to: undeclared (`None`), no namespace (`Some(None)`) or a namespace.
#![allow(clippy::option_option)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::io::Read;
use std::rc::Rc;

use conform_diagnostics::{Finding, LineCol, Location, Locator, Span};
use conform_formats::xml::{Attribute, StartTag, XmlEvent, XmlReader};

use super::datatypes::Builtin;
use super::identity::{Problem, Tables};
use super::model::{
    Content, ElemId, Model, Process, QName, Schema, SimpleType, Symbol, TypeDef, TypeId, Variety, Wildcard, XSI,
};
use super::simple::{self, simple_type};

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

struct Frame {
    mode: Mode,
    elem: Option<ElemId>,
    state: usize,
    seen: Vec<bool>,
    failed: bool,
    nil: bool,
    text: String,
    text_span: Option<Span>,
    text_location: Option<Location>,
    text_reported: bool,
    tag: Span,
    tag_location: Location,
    name: Rc<str>,
    index: u32,
    counts: HashMap<Rc<str>, u32>,
    /// Whether its text holds `QNames` (their prefixes are resolved while it is open).
    needs_prefixes: bool,
    prefixes: Vec<(String, Option<Option<String>>)>,
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
    frames: Vec<Frame>,
    ids: HashSet<String>,
    idrefs: Vec<(String, Span, String, Option<Location>)>,
    tables: Tables,
    problems: Vec<Problem>,
    name_buffer: QName,
    out: Vec<Raw>,
}

type Resolve<'r> = &'r dyn Fn(&str) -> Option<Option<String>>;

/// The location of stand-in frames (never reported).
const NOWHERE: Location = Location { start: LineCol { line: 1, column: 1 }, end: LineCol { line: 1, column: 1 } };

/// Findings above which validation stops (the rest of the document is not reported).
const MAX_FINDINGS: usize = 100_000;

/// Validates the document `reader` streams against `schema`.
pub fn validate<R: Read>(schema: &Schema, mut reader: XmlReader<R>) -> Vec<Finding> {
    let mut v = Validator {
        schema,
        frames: Vec::new(),
        ids: HashSet::new(),
        idrefs: Vec::new(),
        tables: Tables::default(),
        problems: Vec::new(),
        name_buffer: QName::new("", ""),
        out: Vec::new(),
    };
    loop {
        let (found, refs) = (v.out.len(), v.idrefs.len());
        match reader.next_event() {
            Ok(None) => break,
            Err(err) => {
                let location = Some(reader.location(err.span));
                v.out.push(Raw { span: err.span, location, locator: v.locator(false), message: err.message });
                break;
            }
            Ok(Some((event, scope))) => {
                let resolve = |prefix: &str| scope.resolve_prefix(prefix).map(|ns| ns.map(ToString::to_string));
                match event {
                    XmlEvent::Start(tag) => v.start(&tag, scope.location(tag.span), &resolve),
                    XmlEvent::Text(text) => v.text(&text.text, text.span, &|| scope.location(text.span), &resolve),
                    XmlEvent::End(end) => v.end(end.span, &resolve),
                }
                for raw in &mut v.out[found..] {
                    raw.location = raw.location.or_else(|| Some(scope.location(raw.span)));
                }
                for r in &mut v.idrefs[refs..] {
                    r.3 = r.3.or_else(|| Some(scope.location(r.1)));
                }
            }
        }
        if v.out.len() >= MAX_FINDINGS {
            break;
        }
    }
    v.finish_ids();
    v.out
        .into_iter()
        .map(|raw| {
            let mut finding = Finding::new(raw.span, Locator::Path(raw.locator), raw.message);
            finding.location = Some(raw.location.unwrap_or_else(|| reader.location(raw.span)));
            finding
        })
        .collect()
}

fn qname(name: &conform_formats::xml::Name<'_>) -> QName {
    QName { ns: name.namespace.as_deref().unwrap_or("").to_owned(), local: name.local.to_string() }
}

impl Validator<'_> {
    fn report(&mut self, span: Span, message: String) {
        let locator = self.locator(true);
        self.out.push(Raw { span, location: None, locator, message });
    }

    /// Reports at a span of an earlier event, whose location was kept.
    fn report_at(&mut self, span: Span, location: Location, message: String) {
        let locator = self.locator(true);
        self.out.push(Raw { span, location: Some(location), locator, message });
    }

    /// `/a/b[2]/c[1]`: the innermost step always indexed, ancestors when not the first.
    fn locator(&self, index_last: bool) -> String {
        let mut path = String::new();
        let last = self.frames.len().saturating_sub(1);
        for (i, frame) in self.frames.iter().enumerate() {
            path.push('/');
            path.push_str(&frame.name);
            if i > 0 && (frame.index > 1 || (i == last && index_last)) {
                let _ = write!(path, "[{}]", frame.index);
            }
        }
        path
    }

    fn names(&self, symbols: &[&Symbol]) -> String {
        let mut names: Vec<String> = Vec::new();
        for symbol in symbols {
            match symbol {
                Symbol::Element(e) => {
                    let decl = &self.schema.elements[*e];
                    if !decl.is_abstract {
                        names.push(decl.name.local.clone());
                    }
                    names.extend(decl.substitutes.iter().map(|s| self.schema.elements[*s].name.local.clone()));
                }
                Symbol::Any(_) => names.push("any element allowed by a wildcard".into()),
            }
        }
        names.dedup();
        names.join(", ")
    }

    fn expected(&self, frame: &Frame, model: &Model) -> (String, bool) {
        match model {
            Model::Dfa(dfa) => {
                let (edges, accept) = &dfa.states[frame.state];
                (self.names(&edges.iter().map(|(s, _)| s).collect::<Vec<_>>()), *accept)
            }
            Model::All { members, .. } => {
                let open: Vec<Symbol> = members
                    .iter()
                    .zip(&frame.seen)
                    .filter(|(_, seen)| !**seen)
                    .map(|((e, _), _)| Symbol::Element(*e))
                    .collect();
                (self.names(&open.iter().collect::<Vec<_>>()), false)
            }
        }
    }

    fn matches(&self, symbol: &Symbol, name: &QName) -> Option<Option<ElemId>> {
        match symbol {
            Symbol::Element(e) => {
                let decl = &self.schema.elements[*e];
                if decl.name == *name {
                    return Some(Some(*e));
                }
                decl.substitutes.iter().find(|s| self.schema.elements[**s].name == *name).map(|s| Some(*s))
            }
            Symbol::Any(w) => w.allows(&name.ns).then_some(None),
        }
    }

    fn start(&mut self, tag: &StartTag<'_>, tag_location: Location, resolve: Resolve<'_>) {
        // The expanded name is built in a reused buffer: no allocation per element.
        let mut name = std::mem::replace(&mut self.name_buffer, QName { ns: String::new(), local: String::new() });
        name.ns.clear();
        name.ns.push_str(tag.name.namespace.as_deref().unwrap_or(""));
        name.local.clear();
        name.local.push_str(&tag.name.local);
        self.start_named(tag, &name, tag_location, resolve);
        self.name_buffer = name;
    }

    fn start_named(&mut self, tag: &StartTag<'_>, name: &QName, tag_location: Location, resolve: Resolve<'_>) {
        let written: &str = &tag.name.qualified;
        // Siblings of the same name share one copy of it.
        let (qualified, index) = match self.frames.last_mut() {
            Some(parent) => {
                let (name, count) = if let Some((known, &count)) = parent.counts.get_key_value(written) {
                    (Rc::clone(known), count + 1)
                } else {
                    (Rc::from(written), 1)
                };
                parent.counts.insert(Rc::clone(&name), count);
                (name, count)
            }
            None => (Rc::from(written), 1),
        };
        self.frames.push(Frame { tag: tag.span, tag_location, index, ..frame_named(qualified) });
        let mut frame = match self.child_decl(name, tag.span) {
            Placement::Declared(e) => {
                let mut frame = self.take_frame();
                frame.elem = Some(e);
                frame.mode = Mode::Typed(self.schema.elements[e].type_id);
                frame
            }
            Placement::Lax => {
                let mut frame = self.take_frame();
                frame.mode = Mode::Lax;
                frame
            }
            Placement::Skip => self.take_frame(),
        };
        if let Mode::Typed(declared) = frame.mode {
            self.typed_start(&mut frame, declared, tag, resolve);
        } else if frame.mode == Mode::Lax {
            self.check_xsi(tag, &mut frame, resolve);
        }
        if let Mode::Typed(t) = frame.mode
            && let Some(TypeDef::Complex(ct)) = self.schema.types.get(t)
            && let Content::Elements(m) = ct.content
            && let Model::All { members, .. } = &self.schema.models[m]
        {
            frame.seen = vec![false; members.len()];
        }
        if let Mode::Typed(t) = frame.mode {
            frame.needs_prefixes = simple_type(self.schema, t).is_some_and(|st| holds_qnames(self.schema, st, 0));
        }
        let depth = self.frames.len();
        let schema = self.schema;
        let constraints = frame.elem.map_or(&[][..], |e| &schema.elements[e].identity[..]);
        if !(self.tables.idle() && constraints.is_empty()) {
            let attributes: Vec<(QName, String)> =
                tag.attributes.iter().map(|a| (qname(&a.name), a.value.to_string())).collect();
            let locator = self.locator(true);
            self.tables.start(
                depth,
                name,
                frame.mode != Mode::Skip,
                constraints,
                &attributes,
                (tag.span, tag_location),
                &|| locator.clone(),
            );
        }
        if let Some(slot) = self.frames.last_mut() {
            *slot = frame;
        }
    }

    /// Moves the innermost frame out, leaving a stand-in that keeps the locator.
    fn take_frame(&mut self) -> Frame {
        let Some(last) = self.frames.last_mut() else { return frame_named(Rc::from("")) };
        let stand_in = frame_named(Rc::clone(&last.name));
        let mut frame = std::mem::replace(last, stand_in);
        if let Some(l) = self.frames.last_mut() {
            l.index = frame.index;
        }
        frame.counts.clear();
        frame
    }

    /// Where a new child element (the innermost frame) fits in its parent, reporting when
    /// it does not.
    fn child_decl(&mut self, name: &QName, span: Span) -> Placement {
        let schema = self.schema;
        let global = || schema.global_elements.get(name).copied();
        let n = self.frames.len();
        if n < 2 {
            return if let Some(e) = global() {
                Placement::Declared(e)
            } else {
                self.report(span, format!("no global element declaration matches the root element `{}`", name.local));
                Placement::Skip
            };
        }
        let parent = &self.frames[n - 2];
        let parent_type = match parent.mode {
            Mode::Skip => return Placement::Skip,
            Mode::Lax => return global().map_or(Placement::Lax, Placement::Declared),
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
            Model::Dfa(dfa) => dfa.states[parent.state].0.iter().find_map(|(symbol, to)| {
                let wildcard = match symbol {
                    Symbol::Any(w) => Some(w),
                    Symbol::Element(_) => None,
                };
                self.matches(symbol, name).map(|m| (m, wildcard, *to))
            }),
            Model::All { members, .. } => members
                .iter()
                .enumerate()
                .filter(|(i, _)| !parent.seen.get(*i).copied().unwrap_or(true))
                .find_map(|(i, (e, _))| self.matches(&Symbol::Element(*e), name).map(|m| (m, None, i))),
        };
        let Some((matched, wildcard, to)) = found else {
            if !parent.failed {
                let (expected, accept) = self.expected(parent, &schema.models[model]);
                let why = if expected.is_empty() {
                    "no more child elements are expected here".to_owned()
                } else if accept {
                    format!("expected one of: {expected} (or the end of the parent element)")
                } else {
                    format!("expected one of: {expected}")
                };
                self.unexpected(span, name, &why);
                self.frames[n - 2].failed = true;
            }
            return self.fallback(name, Some(&Content::Elements(model)));
        };
        match &schema.models[model] {
            Model::Dfa(_) => self.frames[n - 2].state = to,
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
                Process::Lax => global().map_or(Placement::Lax, Placement::Declared),
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

    fn unexpected(&mut self, span: Span, name: &QName, why: &str) {
        self.report(span, format!("element `{}` is not expected here: {why}", name.local));
    }

    /// A declaration for an unexpected element, to keep validating inside it.
    fn fallback(&self, name: &QName, content: Option<&Content>) -> Placement {
        if let Some(Content::Elements(m)) = content
            && let Model::Dfa(dfa) = &self.schema.models[*m]
        {
            for (edges, _) in &dfa.states {
                for (symbol, _) in edges {
                    if let Some(Some(e)) = self.matches(symbol, name) {
                        return Placement::Declared(e);
                    }
                }
            }
        }
        self.schema.global_elements.get(name).map_or(Placement::Skip, |&e| Placement::Declared(e))
    }

    fn check_xsi(&mut self, tag: &StartTag<'_>, frame: &mut Frame, resolve: Resolve<'_>) -> Option<TypeId> {
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
                    "true" | "1" => frame.nil = true,
                    "false" | "0" => {}
                    other => self.report(attr.value_span, format!("xsi:nil must be `true` or `false`, not `{other}`")),
                },
                "schemaLocation" | "noNamespaceSchemaLocation" => {}
                other => self.report(attr.name_span, format!("attribute `xsi:{other}` is not defined")),
            }
        }
        xsi_type
    }

    fn typed_start(&mut self, frame: &mut Frame, declared: TypeId, tag: &StartTag<'_>, resolve: Resolve<'_>) {
        let schema = self.schema;
        let mut type_id = declared;
        if let Some(t) = self.check_xsi(tag, frame, resolve) {
            if derives_from(schema, t, declared) {
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
        if frame.nil {
            let nillable = frame.elem.is_some_and(|e| schema.elements[e].nillable);
            if !nillable {
                let span = tag
                    .attributes
                    .iter()
                    .find(|a| a.name.namespace.as_deref() == Some(XSI) && a.name.local == "nil")
                    .map_or(tag.span, |a| a.value_span);
                self.report(span, format!("element `{}` is not nillable: xsi:nil is not allowed", tag.name.local));
                frame.nil = false;
            } else if frame.elem.is_some_and(|e| schema.elements[e].fixed.is_some()) {
                self.report(tag.span, format!("element `{}` has a fixed value and cannot be nil", tag.name.local));
            }
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

    fn attributes(&mut self, tag: &StartTag<'_>, ct: &super::model::ComplexType, resolve: Resolve<'_>) {
        let schema = self.schema;
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
                    Some(g) => self.attribute_value(attr, g.type_id, g.fixed.as_deref(), resolve),
                    None if process == Process::Strict => {
                        self.report(
                            attr.name_span,
                            format!(
                                "attribute `{}` matches a strict wildcard but is not declared",
                                attr.name.qualified
                            ),
                        );
                    }
                    None => {}
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
        match simple::validate(self.schema, st, &attr.value, resolve) {
            Err(why) => self.report(attr.value_span, format!("attribute `{}`: {why}", attr.name.qualified)),
            Ok(value) => {
                if let Some(fixed) = fixed
                    && simple::validate(self.schema, st, fixed, resolve).ok().as_ref() != Some(&value)
                {
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

    /// Character data; `location` resolves `span` (only text that is kept needs it).
    fn text(&mut self, text: &str, span: Span, location: &dyn Fn() -> Location, resolve: Resolve<'_>) {
        let schema = self.schema;
        let Some(frame) = self.frames.last_mut() else { return };
        let Mode::Typed(t) = frame.mode else { return };
        let simple = simple_type(schema, t).is_some();
        let whitespace = text.bytes().all(|b| b.is_ascii_whitespace());
        if simple || !self.tables.idle() {
            frame.text.push_str(text);
            frame.text_span = Some(frame.text_span.map_or(span, |s| Span::new(s.start, span.end)));
            let location = location();
            frame.text_location =
                Some(frame.text_location.map_or(location, |l| Location { start: l.start, end: location.end }));
        }
        let empty =
            matches!(&schema.types[t], TypeDef::Complex(ct) if !ct.mixed && matches!(ct.content, Content::Empty));
        if (whitespace && !empty) || frame.text_reported || text.is_empty() {
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
            let name = frame.name.clone();
            self.report(
                Span::new(span.start, span.end.min(span.start + 1).max(span.start)),
                format!("text is not allowed in element `{name}`: {why}"),
            );
        }
    }

    fn end(&mut self, _span: Span, resolve: Resolve<'_>) {
        let depth = self.frames.len();
        let Some(frame) = self.frames.last() else { return };
        let schema = self.schema;
        let mut simple_text = None;
        if let Mode::Typed(t) = frame.mode {
            if let Some(st) = simple_type(schema, t) {
                if !frame.nil {
                    simple_text = Some(self.simple_content(st, resolve));
                }
            } else if let TypeDef::Complex(ct) = &schema.types[t]
                && let Content::Elements(m) = ct.content
            {
                self.check_complete(&schema.models[m]);
            }
        }
        if !self.tables.idle() {
            let text = simple_text.flatten().or_else(|| self.frames.last().map(|f| f.text.clone()));
            self.tables.end(depth, text.as_deref(), &mut self.problems);
            for p in std::mem::take(&mut self.problems) {
                self.out.push(Raw { span: p.span, location: Some(p.location), locator: p.locator, message: p.message });
            }
        }
        self.frames.pop();
    }

    fn check_complete(&mut self, model: &Model) {
        let Some(frame) = self.frames.last() else { return };
        if frame.failed || frame.nil {
            return;
        }
        let complete = match model {
            Model::Dfa(dfa) => dfa.states[frame.state].1,
            Model::All { members, optional } => {
                let any = frame.seen.iter().any(|s| *s);
                (*optional && !any) || members.iter().zip(&frame.seen).all(|((_, required), seen)| *seen || !required)
            }
        };
        if !complete {
            let (expected, _) = self.expected(frame, model);
            let (span, location) = (frame.tag, frame.tag_location);
            let name = frame.name.clone();
            self.report_at(
                span,
                location,
                format!("element `{name}` is incomplete: a child element is missing; expected one of: {expected}"),
            );
        }
    }

    /// Validates the text of a simple-content element; returns its normalised text.
    fn simple_content(&mut self, st: &SimpleType, resolve: Resolve<'_>) -> Option<String> {
        let schema = self.schema;
        let frame = self.frames.last()?;
        let decl = frame.elem.map(|e| &schema.elements[e]);
        let mut text = frame.text.clone();
        let span = frame.text_span.unwrap_or(frame.tag);
        let location = frame.text_location.unwrap_or(frame.tag_location);
        if text.is_empty()
            && let Some(default) = decl.and_then(|d| d.default.as_ref().or(d.fixed.as_ref()))
        {
            text.clone_from(default);
        }
        let prefixes = &frame.prefixes;
        let local = |prefix: &str| match prefixes.iter().find(|(p, _)| p == prefix) {
            Some((_, ns)) => ns.clone(),
            None => resolve(prefix),
        };
        let resolve: Resolve<'_> = &local;
        match simple::validate(schema, st, &text, resolve) {
            Err(why) => {
                let name = frame.name.clone();
                self.report_at(span, location, format!("element `{name}`: {why}"));
                None
            }
            Ok(value) => {
                if let Some(fixed) = decl.and_then(|d| d.fixed.as_deref())
                    && simple::validate(schema, st, fixed, resolve).ok().as_ref() != Some(&value)
                {
                    let name = frame.name.clone();
                    self.report_at(span, location, format!("element `{name}` must have the fixed value '{fixed}'"));
                }
                self.track_ids(st, &text, span, Some(location));
                Some(st.white_space.apply(&text).into_owned())
            }
        }
    }
}

/// Where a child element fits.
enum Placement {
    Declared(ElemId),
    Lax,
    Skip,
}

/// A fresh frame (skipped content, first of its name) for the element `name`.
fn frame_named(name: Rc<str>) -> Frame {
    Frame {
        mode: Mode::Skip,
        elem: None,
        state: 0,
        seen: Vec::new(),
        failed: false,
        nil: false,
        text: String::new(),
        text_span: None,
        text_location: None,
        text_reported: false,
        tag: Span::empty(0),
        tag_location: NOWHERE,
        name,
        index: 1,
        counts: HashMap::new(),
        needs_prefixes: false,
        prefixes: Vec::new(),
    }
}

/// Whether values of `st` may contain `QNames` (whose prefixes need the element's scope).
fn holds_qnames(schema: &Schema, st: &SimpleType, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match &st.variety {
        Variety::Atomic(b) => matches!(b, Builtin::QName | Builtin::Notation),
        Variety::List(item) => simple_type(schema, *item).is_some_and(|i| holds_qnames(schema, i, depth + 1)),
        Variety::Union(members) => {
            members.iter().any(|m| simple_type(schema, *m).is_some_and(|i| holds_qnames(schema, i, depth + 1)))
        }
    }
}

/// Whether type `t` is `base` or derived from it.
fn derives_from(schema: &Schema, mut t: TypeId, base: TypeId) -> bool {
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
