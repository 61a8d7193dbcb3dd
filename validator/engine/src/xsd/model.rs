//! The schema model: components after loading, content models compiled into automata.

use std::collections::HashMap;
use std::fmt;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::datatypes::{Builtin, Value, WhiteSpace};
use super::simple::simple_type;

/// The XML Schema namespace.
pub const XS: &str = "http://www.w3.org/2001/XMLSchema";
/// The XML Schema instance namespace.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The XML Schema instance namespace.
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Index of a type definition in [`Schema::types`].
pub type TypeId = usize;
/// Index of an element declaration in [`Schema::elements`].
pub type ElemId = usize;

/// An expanded name; `ns` is empty for no namespace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QName {
    /// Namespace URI (empty: none).
    pub ns: String,
    /// Local name.
    pub local: String,
}

impl QName {
    /// A name in `ns`.
    pub fn new(ns: &str, local: &str) -> Self {
        Self { ns: ns.to_owned(), local: local.to_owned() }
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ns.is_empty() { f.write_str(&self.local) } else { write!(f, "{{{}}}{}", self.ns, self.local) }
    }
}

/// A loaded, compiled schema.
#[derive(Debug, Default)]
pub struct Schema {
    /// Every type definition (built-ins first).
    pub types: Vec<TypeDef>,
    /// Every element declaration, global and local.
    pub elements: Vec<ElementDecl>,
    /// Global element declarations by name.
    pub global_elements: HashMap<QName, ElemId>,
    /// Global attribute declarations by name.
    pub global_attributes: HashMap<QName, AttributeUse>,
    /// Global types by name.
    pub global_types: HashMap<QName, TypeId>,
    /// Compiled content models.
    pub models: Vec<Model>,
    /// Id of `xs:anyType`.
    pub any_type: TypeId,
    /// What the validator looks up at every element, derived by [`Schema::index`].
    pub lookup: Lookup,
    /// Schema documents named by a remote location, never fetched: an element or
    /// attribute of their namespace that lax processing finds no declaration for is a
    /// finding (its declaration may be in them), never a silent pass.
    pub unfetched: Vec<super::load::Unfetched>,
}

impl Schema {
    /// Derives [`Schema::lookup`] from the built schema; call once it is complete. The
    /// automata's states move into the lookup tables, leaving each [`Model::Dfa`] empty.
    pub fn index(&mut self) {
        let automata: Vec<Dfa> = self
            .models
            .iter_mut()
            .map(|model| match model {
                Model::Dfa(dfa) => std::mem::take(dfa),
                Model::All { .. } => Dfa::default(),
            })
            .collect();
        self.elements.shrink_to_fit();
        self.types.shrink_to_fit();
        self.models.shrink_to_fit();
        self.lookup = Lookup::new(self, &automata);
    }
}

/// A type definition.
#[derive(Debug)]
pub enum TypeDef {
    /// A simple type.
    Simple(SimpleType),
    /// A complex type.
    Complex(ComplexType),
}

impl TypeDef {
    /// The type it derives from.
    pub fn base(&self) -> Option<TypeId> {
        match self {
            Self::Simple(s) => s.base,
            Self::Complex(c) => c.base,
        }
    }

    /// Its name, if global.
    pub fn name(&self) -> Option<&QName> {
        match self {
            Self::Simple(s) => s.name.as_ref(),
            Self::Complex(c) => c.name.as_ref(),
        }
    }
}

/// A simple type: variety, whitespace and the facets of its whole derivation chain.
#[derive(Debug, Clone)]
pub struct SimpleType {
    /// Its name, if global.
    pub name: Option<QName>,
    /// Base type (`None` for `anySimpleType`).
    pub base: Option<TypeId>,
    /// Atomic, list or union.
    pub variety: Variety,
    /// Whitespace handling.
    pub white_space: WhiteSpace,
    /// Every facet that applies, base facets first.
    pub facets: Vec<Facet>,
}

/// The variety of a simple type.
#[derive(Debug, Clone)]
pub enum Variety {
    /// Values of a built-in primitive or derived type.
    Atomic(Builtin),
    /// Whitespace-separated items of a type.
    List(TypeId),
    /// The first member type that accepts the value.
    Union(Vec<TypeId>),
}

/// A constraining facet.
#[derive(Debug, Clone)]
pub enum Facet {
    /// Exact length.
    Length(usize),
    /// Minimum length.
    MinLength(usize),
    /// Maximum length.
    MaxLength(usize),
    /// One derivation step's patterns (any may match); the source text for messages.
    Pattern(Vec<Regex>, Vec<String>),
    /// One derivation step's enumeration.
    Enumeration(Enumeration),
    /// Inclusive upper bound.
    MaxInclusive(Value, String),
    /// Exclusive upper bound.
    MaxExclusive(Value, String),
    /// Inclusive lower bound.
    MinInclusive(Value, String),
    /// Exclusive lower bound.
    MinExclusive(Value, String),
    /// Maximum number of digits.
    TotalDigits(usize),
    /// Maximum number of fraction digits.
    FractionDigits(usize),
    /// A public identifier format of [`crate::identifiers`] (check character and more),
    /// declared in the restriction's `xs:appinfo` as
    /// `<conform:identifier xmlns:conform="urn:conform:xsd">gb11643</conform:identifier>`.
    Identifier(&'static str),
}

/// One derivation step's enumeration: values and their lexical forms.
#[derive(Debug, Clone)]
pub struct Enumeration {
    /// The allowed values.
    pub values: Vec<Value>,
    /// Their lexical forms (for messages).
    pub lexical: Vec<String>,
    /// The values as a set when there are many and all are strings (code lists have
    /// thousands).
    strings: Option<FxHashSet<String>>,
}

impl Enumeration {
    /// Enumerations with more values than this are looked up in a set.
    const SET_ABOVE: usize = 8;

    /// The enumeration of `values` written `lexical`.
    pub fn new(values: Vec<Value>, lexical: Vec<String>) -> Self {
        let strings = (values.len() > Self::SET_ABOVE)
            .then(|| {
                values
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect::<Option<FxHashSet<String>>>()
            })
            .flatten();
        Self { values, lexical, strings }
    }

    /// Whether `value` is one of the values.
    pub fn contains(&self, value: &Value) -> bool {
        match (&self.strings, value) {
            (Some(strings), Value::String(s)) => strings.contains(s),
            // Only strings equal strings.
            (Some(_), _) => false,
            (None, _) => self.values.contains(value),
        }
    }
}

/// How a complex type was derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derivation {
    /// By extension.
    Extension,
    /// By restriction.
    Restriction,
}

/// A complex type.
#[derive(Debug, Clone)]
pub struct ComplexType {
    /// Its name, if global.
    pub name: Option<QName>,
    /// Base type (`None` only for `anyType`).
    pub base: Option<TypeId>,
    /// Derivation method.
    pub derivation: Derivation,
    /// Whether it is abstract.
    pub is_abstract: bool,
    /// Whether text may be mixed with child elements.
    pub mixed: bool,
    /// Its content.
    pub content: Content,
    /// The particle before compilation (kept for extension).
    pub particle: Option<Particle>,
    /// Attribute uses.
    pub attributes: Vec<AttributeUse>,
    /// Attribute wildcard.
    pub any_attribute: Option<Wildcard>,
    /// The derivations (`BLOCK_EXTENSION`, `BLOCK_RESTRICTION`) its `block` or the
    /// schema's `blockDefault` rules out for `xsi:type`.
    pub block: u8,
}

/// The content of a complex type.
#[derive(Debug, Clone)]
pub enum Content {
    /// No children, no text.
    Empty,
    /// Text of a simple type.
    Simple(TypeId),
    /// Child elements, by a compiled model.
    Elements(usize),
}

/// An attribute use.
#[derive(Debug, Clone)]
pub struct AttributeUse {
    /// Its name.
    pub name: QName,
    /// Its simple type.
    pub type_id: TypeId,
    /// Whether it must be present.
    pub required: bool,
    /// Whether it is prohibited (restrictions only).
    pub prohibited: bool,
    /// Its default value.
    pub default: Option<String>,
    /// Its fixed value.
    pub fixed: Option<String>,
}

/// An element declaration.
#[derive(Debug, Clone)]
pub struct ElementDecl {
    /// Its name.
    pub name: QName,
    /// Its type.
    pub type_id: TypeId,
    /// Whether `xsi:nil` is allowed.
    pub nillable: bool,
    /// Whether it may not appear itself (only its substitutes).
    pub is_abstract: bool,
    /// Default value.
    pub default: Option<String>,
    /// Fixed value.
    pub fixed: Option<String>,
    /// Elements that may substitute for it (transitively), global elements only.
    pub substitutes: Vec<ElemId>,
    /// Identity constraints.
    pub identity: Vec<super::identity::Constraint>,
    /// The derivations (`BLOCK_*` bits) its `block` or the schema's `blockDefault` rules
    /// out for `xsi:type` and substitution.
    pub block: u8,
}

/// `block`/`final` bit: derivation by extension.
pub const BLOCK_EXTENSION: u8 = 1;
/// `block`/`final` bit: derivation by restriction.
pub const BLOCK_RESTRICTION: u8 = 2;
/// `block` bit: substitution-group membership.
pub const BLOCK_SUBSTITUTION: u8 = 4;

/// The `BLOCK_*` bits of a `block` value (`#all` or a list of keywords).
#[must_use]
pub fn block_bits(value: &str) -> u8 {
    value.split_whitespace().fold(0, |bits, token| {
        bits | match token {
            "#all" => BLOCK_EXTENSION | BLOCK_RESTRICTION | BLOCK_SUBSTITUTION,
            "extension" => BLOCK_EXTENSION,
            "restriction" => BLOCK_RESTRICTION,
            "substitution" => BLOCK_SUBSTITUTION,
            _ => 0,
        }
    })
}

/// Whether `t` derives from `base`, a union without facets counting each member type (and
/// what derives from one) as derived from it (Type Derivation OK (Simple), 2.2.4).
#[must_use]
pub fn derives_or_is_member(types: &[TypeDef], t: TypeId, base: TypeId) -> bool {
    if derivation_bits(types, t, base).is_some() {
        return true;
    }
    // A union restricted by facets does not admit its members (as the W3C suite and
    // XSD 1.1 read 2.2.4).
    match &types[base] {
        TypeDef::Simple(SimpleType { variety: Variety::Union(members), facets, .. }) if facets.is_empty() => {
            members.iter().any(|&m| m != base && derivation_bits(types, t, m).is_some())
        }
        _ => false,
    }
}

/// The `BLOCK_*` bits of the derivation steps from `t` up to `base` (0 when `t` is
/// `base`; `None` when `t` does not derive from `base`).
#[must_use]
pub fn derivation_bits(types: &[TypeDef], mut t: TypeId, base: TypeId) -> Option<u8> {
    let mut bits = 0;
    for _ in 0..1000 {
        if t == base {
            return Some(bits);
        }
        bits |= match &types[t] {
            TypeDef::Complex(c) if c.derivation == Derivation::Extension => BLOCK_EXTENSION,
            _ => BLOCK_RESTRICTION,
        };
        match types[t].base() {
            Some(b) if b != t => t = b,
            _ => return None,
        }
    }
    None
}

/// Namespaces a wildcard allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NsConstraint {
    /// `##any`.
    Any,
    /// `##other`: anything but these (the target namespace and no namespace).
    Not(Vec<String>),
    /// An explicit list (`""` = no namespace).
    List(Vec<String>),
}

/// How a wildcard's matches are validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Process {
    /// Must be declared and valid.
    Strict,
    /// Validated when declared.
    Lax,
    /// Not validated.
    Skip,
}

/// An `xs:any` or `xs:anyAttribute`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wildcard {
    /// Allowed namespaces.
    pub namespaces: NsConstraint,
    /// Validation of matches.
    pub process: Process,
}

impl Wildcard {
    /// Whether a name in `ns` matches.
    pub fn allows(&self, ns: &str) -> bool {
        match &self.namespaces {
            NsConstraint::Any => true,
            NsConstraint::Not(list) => !list.iter().any(|n| n == ns),
            NsConstraint::List(list) => list.iter().any(|n| n == ns),
        }
    }
}

/// A particle before compilation.
#[derive(Debug, Clone)]
pub struct Particle {
    /// Minimum occurrences.
    pub min: u32,
    /// Maximum occurrences (`None`: unbounded).
    pub max: Option<u32>,
    /// What occurs.
    pub term: Term,
}

/// A particle's term.
#[derive(Debug, Clone)]
pub enum Term {
    /// An element.
    Element(ElemId),
    /// A wildcard.
    Any(Wildcard),
    /// In order.
    Sequence(Vec<Particle>),
    /// One of.
    Choice(Vec<Particle>),
    /// All, in any order, each at most once.
    All(Vec<Particle>),
}

/// A compiled content model.
#[derive(Debug, Clone)]
pub enum Model {
    /// A deterministic automaton; [`Schema::index`] moves its states into [`Lookup`],
    /// where the validator reads them.
    Dfa(Dfa),
    /// An `xs:all` group: elements and whether each is required.
    All {
        /// Members.
        members: Vec<(ElemId, bool)>,
        /// Whether the whole group may be absent.
        optional: bool,
    },
}

/// What a transition consumes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Symbol {
    /// An element declaration (or a member of its substitution group).
    Element(ElemId),
    /// A wildcard (boxed: wildcards are rare, and transitions many).
    Any(Box<Wildcard>),
}

/// A deterministic automaton over child elements; state 0 is the start.
#[derive(Debug, Clone, Default)]
pub struct Dfa {
    /// Per state: transitions in schema order, and whether the content may end here.
    pub states: Vec<(Vec<(Symbol, usize)>, bool)>,
    /// States that count: a particle with large occurrence bounds (one element or
    /// wildcard) loops on such a state instead of being unrolled; it is entered by the
    /// particle's first occurrence, each further one is its loop, and it may be left only
    /// after `min` occurrences, looped at most `max` times in all (state, min, max).
    pub counters: Vec<(usize, u32, Option<u32>)>,
}

/// Index of an element name interned in a [`Lookup`].
pub type NameId = u32;

/// A transition of a content model's automaton with element names interned, so a child
/// element is matched by comparing integers.
#[derive(Debug, Clone)]
pub enum Edge {
    /// An element named `name`: a declaration or a member of its substitution group.
    Element {
        /// Its interned name.
        name: NameId,
        /// The declaration (an [`ElemId`]; 32 bits, as edges are many).
        elem: u32,
        /// The target state.
        to: u32,
        /// Whether it is a member of the substitution group of the element the content
        /// model names, rather than that element.
        substitute: bool,
    },
    /// A wildcard.
    Any {
        /// Which names it allows (boxed: wildcards are rare, and edges many).
        wildcard: Box<Wildcard>,
        /// The target state.
        to: u32,
    },
}

impl Edge {
    /// The state it leads to.
    pub fn to(&self) -> usize {
        match self {
            Self::Element { to, .. } | Self::Any { to, .. } => *to as usize,
        }
    }
}

/// One state of a content model's automaton: where its edges are in [`Lookup`].
#[derive(Debug, Clone, Copy)]
struct State {
    first_edge: u32,
    edges: u32,
    accept: bool,
    wildcards: bool,
    counter: Option<Counter>,
}

/// The occurrence bounds of a counting state (see [`Dfa::counters`]).
#[derive(Debug, Clone, Copy)]
pub struct Counter {
    /// Occurrences needed before the state may be left.
    pub min: u32,
    /// Occurrences allowed (`None`: unbounded).
    pub max: Option<u32>,
}

/// The transitions out of one state of a content model's automaton.
#[derive(Debug, Clone, Copy)]
pub struct Transitions<'l> {
    /// In match order: each element declaration followed by the members of its
    /// substitution group.
    pub edges: &'l [Edge],
    /// The name of each edge's element (`NameId::MAX` for a wildcard), for a compact scan
    /// when there is no wildcard.
    names: &'l [NameId],
    /// Whether an edge is a wildcard.
    wildcards: bool,
    /// Whether the content may end in this state (for a counting state, once its minimum
    /// is reached).
    pub accept: bool,
    /// The bounds of a counting state.
    pub counter: Option<Counter>,
}

impl<'l> Transitions<'l> {
    /// The first edge a child element named `name` (its id, if declared) in `ns` takes.
    pub fn find(&self, name: Option<NameId>, ns: &str) -> Option<&'l Edge> {
        if !self.wildcards {
            let name = name?;
            return self.names.iter().position(|n| *n == name).and_then(|i| self.edges.get(i));
        }
        self.edges.iter().find(|edge| match edge {
            Edge::Element { name: id, .. } => name == Some(*id),
            Edge::Any { wildcard, .. } => wildcard.allows(ns),
        })
    }
}

/// What the validator needs to know about a type at every element.
#[derive(Debug, Clone, Copy, Default)]
pub struct TypeFacts {
    /// The simple type of its values or of its text content (see [`simple_type`]).
    pub simple: Option<TypeId>,
    /// Whether its values may hold `QNames` (whose prefixes need the element's scope).
    pub needs_prefixes: bool,
    /// Whether it is complex, not mixed, and its content is empty.
    pub empty: bool,
    /// How many members its `xs:all` content model has (0 without one).
    pub all_members: usize,
}

/// Lookup tables derived once from a built schema for the validator's per-element work:
/// interned element names, automaton transitions by name id, and per-type facts.
#[derive(Debug, Default)]
pub struct Lookup {
    /// Interned element names: by local name, each namespace with its id.
    names: FxHashMap<String, Vec<(String, NameId)>>,
    /// How many names are interned.
    name_count: NameId,
    /// The name id of every element declaration.
    element_names: Vec<NameId>,
    /// Per model, then one past the last: its first state in `states` (`xs:all` models
    /// have none). The automata are flat tables: a state is a few integers, not a list.
    first_state: Vec<u32>,
    /// Every automaton's states, model after model.
    states: Vec<State>,
    /// Every state's edges, state after state.
    edges: Vec<Edge>,
    /// The name of each edge's element (`NameId::MAX` for a wildcard).
    edge_names: Vec<NameId>,
    /// Global element declarations by name id.
    globals: FxHashMap<NameId, ElemId>,
    /// Facts of every type.
    types: Vec<TypeFacts>,
}

impl Lookup {
    fn new(schema: &Schema, automata: &[Dfa]) -> Self {
        let mut lookup = Self::default();
        lookup.element_names = schema.elements.iter().map(|decl| lookup.intern(&decl.name)).collect();
        let mut globals: Vec<(&QName, ElemId)> = schema.global_elements.iter().map(|(n, &e)| (n, e)).collect();
        globals.sort_unstable();
        for (name, elem) in globals {
            let id = lookup.intern(name);
            lookup.globals.insert(id, elem);
        }
        for dfa in automata {
            lookup.first_state.push(lookup.states.len() as u32);
            lookup.add_automaton(schema, dfa);
        }
        lookup.first_state.push(lookup.states.len() as u32);
        lookup.types = (0..schema.types.len()).map(|t| type_facts(schema, t)).collect();
        lookup
    }

    fn intern(&mut self, name: &QName) -> NameId {
        let namespaces = self.names.entry(name.local.clone()).or_default();
        if let Some((_, id)) = namespaces.iter().find(|(ns, _)| *ns == name.ns) {
            return *id;
        }
        let id = self.name_count;
        self.name_count += 1;
        namespaces.push((name.ns.clone(), id));
        id
    }

    fn add_automaton(&mut self, schema: &Schema, dfa: &Dfa) {
        for (state, (symbols, accept)) in dfa.states.iter().enumerate() {
            let first_edge = self.edges.len() as u32;
            let mut wildcards = false;
            for (symbol, to) in symbols {
                let to = *to as u32;
                match symbol {
                    Symbol::Element(e) => {
                        self.element_edge(*e, to, false);
                        for s in &schema.elements[*e].substitutes {
                            self.element_edge(*s, to, true);
                        }
                    }
                    Symbol::Any(wildcard) => {
                        wildcards = true;
                        self.edges.push(Edge::Any { wildcard: wildcard.clone(), to });
                        self.edge_names.push(NameId::MAX);
                    }
                }
            }
            let edges = self.edges.len() as u32 - first_edge;
            let counter = dfa.counters.iter().find(|c| c.0 == state).map(|&(_, min, max)| Counter { min, max });
            self.states.push(State { first_edge, edges, accept: *accept, wildcards, counter });
        }
    }

    fn element_edge(&mut self, elem: ElemId, to: u32, substitute: bool) {
        let name = self.element_name(elem);
        self.edges.push(Edge::Element { name, elem: elem as u32, to, substitute });
        self.edge_names.push(name);
    }

    /// The id of the element name `{ns}local`, if an element declaration has it.
    pub fn name_id(&self, ns: &str, local: &str) -> Option<NameId> {
        self.names.get(local)?.iter().find(|(n, _)| n == ns).map(|(_, id)| *id)
    }

    /// The name id of element declaration `elem`.
    pub fn element_name(&self, elem: ElemId) -> NameId {
        self.element_names.get(elem).copied().unwrap_or(NameId::MAX)
    }

    /// The transitions out of `state` of the automaton of model `model`.
    pub fn transitions(&self, model: usize, state: usize) -> Option<Transitions<'_>> {
        let (first, end) = self.model_states(model)?;
        if first + state >= end {
            return None;
        }
        let state = self.states[first + state];
        let edges = state.first_edge as usize..(state.first_edge + state.edges) as usize;
        Some(Transitions {
            edges: &self.edges[edges.clone()],
            names: &self.edge_names[edges],
            wildcards: state.wildcards,
            accept: state.accept,
            counter: state.counter,
        })
    }

    /// Every edge of the automaton of model `model`, state after state.
    pub fn model_edges(&self, model: usize) -> &[Edge] {
        let Some((first, end)) = self.model_states(model).filter(|(first, end)| first < end) else { return &[] };
        let start = self.states[first].first_edge as usize;
        let last = self.states[end - 1];
        &self.edges[start..(last.first_edge + last.edges) as usize]
    }

    /// The range of the states of model `model` in `states`.
    fn model_states(&self, model: usize) -> Option<(usize, usize)> {
        let first = *self.first_state.get(model)? as usize;
        let end = *self.first_state.get(model + 1)? as usize;
        Some((first, end))
    }

    /// The global element declaration named `name`.
    pub fn global(&self, name: Option<NameId>) -> Option<ElemId> {
        self.globals.get(&name?).copied()
    }

    /// The facts of type `t`.
    pub fn facts(&self, t: TypeId) -> TypeFacts {
        self.types.get(t).copied().unwrap_or_default()
    }
}

/// The facts of type `t`.
fn type_facts(schema: &Schema, t: TypeId) -> TypeFacts {
    let simple = simple_type_id(schema, t);
    let needs_prefixes = simple.is_some_and(|s| match &schema.types[s] {
        TypeDef::Simple(st) => holds_qnames(schema, st, 0),
        TypeDef::Complex(_) => false,
    });
    let (empty, all_members) = match &schema.types[t] {
        TypeDef::Simple(_) => (false, 0),
        TypeDef::Complex(ct) => {
            let all_members = match ct.content {
                Content::Elements(m) => match schema.models.get(m) {
                    Some(Model::All { members, .. }) => members.len(),
                    _ => 0,
                },
                _ => 0,
            };
            (!ct.mixed && matches!(ct.content, Content::Empty), all_members)
        }
    };
    TypeFacts { simple, needs_prefixes, empty, all_members }
}

/// The id of the simple type [`simple_type`] finds for `t`.
fn simple_type_id(schema: &Schema, mut t: TypeId) -> Option<TypeId> {
    // A chain of simple-content types longer than the type table would be a cycle.
    for _ in 0..=schema.types.len() {
        match schema.types.get(t)? {
            TypeDef::Simple(_) => return Some(t),
            TypeDef::Complex(ct) => match ct.content {
                Content::Simple(inner) => t = inner,
                _ => return None,
            },
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_of_strings_use_a_set_with_the_same_answers() {
        let codes: Vec<String> = (0..20).map(|i| format!("C{i}")).collect();
        let values: Vec<Value> = codes.iter().map(|c| Value::String(c.clone())).collect();
        let enumeration = Enumeration::new(values, codes);
        assert!(enumeration.strings.is_some());
        assert!(enumeration.contains(&Value::String("C7".into())));
        assert!(!enumeration.contains(&Value::String("C70".into())));
        assert!(!enumeration.contains(&Value::Bool(true)));
        let few = Enumeration::new(vec![Value::Bool(true)], vec!["true".into()]);
        assert!(few.strings.is_none() && few.contains(&Value::Bool(true)));
    }
}
