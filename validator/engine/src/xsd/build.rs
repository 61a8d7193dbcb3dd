//! Building the schema model from indexed schema documents: types, declarations, groups
//! and attribute groups resolved by name, content models compiled once.

use std::collections::{HashMap, HashSet};

use roxmltree::Node;

use super::automaton;
use super::datatypes::{Builtin, Value, WhiteSpace};
use super::identity;
use super::load::{Doc, Index, Loc, SchemaError, children, is_xs};
use super::model::{
    AttributeUse, BLOCK_EXTENSION, BLOCK_RESTRICTION, BLOCK_SUBSTITUTION, ComplexType, Content, Derivation, ElemId,
    ElementDecl, Enumeration, Facet, Model, NsConstraint, Particle, Process, QName, Schema, SimpleType, Term, TypeDef,
    TypeId, Variety, Wildcard, XML_NS, XS,
};
use super::{restriction, simple};

type Result<T> = std::result::Result<T, SchemaError>;

/// Builds the schema from its documents; [`Schema::index`] then derives its lookup tables.
/// A problem in one global component does not stop the others from being checked: the
/// error lists every problem found.
pub fn build(docs: &[Doc<'_>]) -> std::result::Result<Schema, Vec<SchemaError>> {
    let index = Index::new(docs).map_err(|e| vec![e])?;
    identity::check_names(docs).map_err(|e| vec![e])?;
    let mut builder = Builder {
        docs,
        index,
        schema: Schema::default(),
        type_memo: HashMap::new(),
        elem_memo: HashMap::new(),
        local_memo: HashMap::new(),
        building: HashSet::new(),
        failed: HashSet::new(),
        groups: Vec::new(),
        heads: Vec::new(),
        restrictions: Vec::new(),
    };
    builder.builtins();
    let mut problems = Vec::new();
    let mut names: Vec<QName> = builder.index.types.keys().cloned().collect();
    names.sort();
    for name in names {
        let loc = builder.index.types[&name];
        let built = builder.resolve_type(&name, loc).map(drop);
        builder.collect(built, &mut problems);
    }
    let mut names: Vec<QName> = builder.index.elements.keys().cloned().collect();
    names.sort();
    for name in names {
        let loc = builder.index.elements[&name];
        let built = builder.resolve_element(&name, loc).map(drop);
        builder.collect(built, &mut problems);
    }
    let mut names: Vec<QName> = builder.index.attributes.keys().cloned().collect();
    names.sort();
    for name in names {
        let loc = builder.index.attributes[&name];
        match builder.global_attribute(&name, loc) {
            Ok(attribute) => {
                builder.schema.global_attributes.insert(name, attribute);
            }
            Err(err) => builder.collect(Err(err), &mut problems),
        }
    }
    if !problems.is_empty() {
        // Later checks would stumble over the components that failed.
        return Err(problems);
    }
    let built = builder.substitution_groups();
    builder.collect(built, &mut problems);
    for loc in std::mem::take(&mut builder.index.restricting) {
        let built = builder.redefinition_restricts(loc);
        builder.collect(built, &mut problems);
    }
    for (loc, derived, base) in std::mem::take(&mut builder.restrictions) {
        if let TypeDef::Complex(base) = &builder.schema.types[base]
            && let Err(why) = restriction::check(&builder.schema, &derived, base)
        {
            problems.push(builder.err(loc, why));
        }
    }
    if problems.is_empty() { Ok(builder.schema) } else { Err(problems) }
}

/// The attribute wildcard of an extension (XSD 1.0 §3.4.2): the union of the base's and
/// its own (with its own `processContents`), or whichever there is.
fn extended_wildcard(base: Option<Wildcard>, own: Option<Wildcard>) -> Option<Wildcard> {
    match (base, own) {
        (Some(b), Some(o)) => Some(Wildcard { namespaces: union(&b.namespaces, &o.namespaces), process: o.process }),
        (b, o) => o.or(b),
    }
}

/// The namespaces either constraint allows (Attribute Wildcard Union, as sets).
fn union(a: &NsConstraint, b: &NsConstraint) -> NsConstraint {
    match (a, b) {
        (NsConstraint::Any, _) | (_, NsConstraint::Any) => NsConstraint::Any,
        (NsConstraint::List(x), NsConstraint::List(y)) => {
            let mut all = x.clone();
            all.extend(y.iter().filter(|n| !x.contains(n)).cloned());
            NsConstraint::List(all)
        }
        (NsConstraint::Not(not), NsConstraint::List(list)) | (NsConstraint::List(list), NsConstraint::Not(not)) => {
            let left: Vec<String> = not.iter().filter(|n| !list.contains(n)).cloned().collect();
            if left.is_empty() { NsConstraint::Any } else { NsConstraint::Not(left) }
        }
        (NsConstraint::Not(x), NsConstraint::Not(y)) => {
            let both: Vec<String> = x.iter().filter(|n| y.contains(n)).cloned().collect();
            if both.is_empty() { NsConstraint::Any } else { NsConstraint::Not(both) }
        }
    }
}

/// The namespaces both constraints allow (Attribute Wildcard Intersection, as sets).
fn intersection(a: &NsConstraint, b: &NsConstraint) -> NsConstraint {
    match (a, b) {
        (NsConstraint::Any, other) | (other, NsConstraint::Any) => other.clone(),
        (NsConstraint::List(x), NsConstraint::List(y)) => {
            NsConstraint::List(x.iter().filter(|n| y.contains(n)).cloned().collect())
        }
        (NsConstraint::Not(not), NsConstraint::List(list)) | (NsConstraint::List(list), NsConstraint::Not(not)) => {
            NsConstraint::List(list.iter().filter(|n| !not.contains(n)).cloned().collect())
        }
        (NsConstraint::Not(x), NsConstraint::Not(y)) => {
            let mut all = x.clone();
            all.extend(y.iter().filter(|n| !x.contains(n)).cloned());
            NsConstraint::Not(all)
        }
    }
}

/// Whether `particle` is a group that stands for empty content: a sequence or `xs:all`
/// without particles, a choice without particles that may occur zero times, or any group
/// with `maxOccurs="0"`.
fn empty_group(particle: &Particle) -> bool {
    match &particle.term {
        Term::Sequence(ps) | Term::All(ps) => ps.is_empty() || particle.max == Some(0),
        Term::Choice(ps) => ps.is_empty() && particle.min == 0 || particle.max == Some(0),
        Term::Element(_) | Term::Any(_) => false,
    }
}

/// Whether the schema document `doc` has an `xs:import` of `ns` (`""`: no namespace).
fn imports(doc: &Doc<'_>, ns: &str) -> bool {
    children(doc.doc.root_element())
        .take_while(|c| ["import", "include", "redefine", "annotation"].iter().any(|k| is_xs(*c, k)))
        .any(|c| is_xs(c, "import") && c.attribute("namespace").unwrap_or("") == ns)
}

struct Builder<'d, 'a> {
    docs: &'d [Doc<'a>],
    index: Index,
    schema: Schema,
    type_memo: HashMap<QName, TypeId>,
    elem_memo: HashMap<QName, ElemId>,
    /// Local element declarations by place.
    local_memo: HashMap<Loc, ElemId>,
    building: HashSet<QName>,
    /// Types whose definition failed: a problem already reported, which a type built on
    /// them does not repeat.
    failed: HashSet<QName>,
    groups: Vec<QName>,
    heads: Vec<(ElemId, QName, Loc)>,
    /// Complex types derived by restriction from a type other than `xs:anyType`, with
    /// their base, checked once every declaration is built.
    restrictions: Vec<(Loc, ComplexType, TypeId)>,
}

impl<'d, 'a> Builder<'d, 'a> {
    /// Adds the problem of a failed top-level step to `problems`, and forgets what was
    /// under construction when it failed, so that the next component starts clean.
    fn collect(&mut self, built: Result<()>, problems: &mut Vec<SchemaError>) {
        if let Err(err) = built {
            // An empty message: a type that failed before, already reported.
            if !err.message.is_empty() {
                problems.push(err);
            }
            self.building.clear();
            self.groups.clear();
        }
    }

    fn doc(&self, loc: Loc) -> &'d Doc<'a> {
        &self.docs[loc.0]
    }

    fn node(&self, loc: Loc) -> Node<'d, 'a> {
        self.docs[loc.0].doc.get_node(loc.1).unwrap_or_else(|| self.docs[loc.0].doc.root_element())
    }

    fn err(&self, loc: Loc, message: impl Into<String>) -> SchemaError {
        self.doc(loc).error(self.node(loc), message)
    }

    fn builtins(&mut self) {
        let any_type = self.schema.types.len();
        self.schema.any_type = any_type;
        let wildcard = Wildcard { namespaces: NsConstraint::Any, process: Process::Lax };
        let particle = Particle { min: 0, max: None, term: Term::Any(wildcard.clone()) };
        let dfa = automaton::compile(&particle, &[]).unwrap_or_default();
        self.schema.models.push(Model::Dfa(dfa));
        self.schema.types.push(TypeDef::Complex(ComplexType {
            name: Some(QName::new(XS, "anyType")),
            base: None,
            derivation: Derivation::Restriction,
            is_abstract: false,
            mixed: true,
            content: Content::Elements(0),
            particle: Some(particle),
            attributes: Vec::new(),
            any_attribute: Some(wildcard),
            block: 0,
        }));
        self.schema.global_types.insert(QName::new(XS, "anyType"), any_type);
        let first = self.schema.types.len();
        for (i, &builtin) in Builtin::ALL.iter().enumerate() {
            let base =
                builtin.base().and_then(|b| Builtin::ALL.iter().position(|&x| x == b)).map_or(any_type, |p| first + p);
            let name = QName::new(XS, builtin.name());
            self.schema.types.push(TypeDef::Simple(SimpleType {
                name: Some(name.clone()),
                base: Some(base),
                variety: Variety::Atomic(builtin),
                white_space: builtin.white_space(),
                facets: Vec::new(),
            }));
            self.schema.global_types.insert(name, first + i);
        }
    }

    /// Resolves a QName-valued attribute of `node` (in `doc`).
    fn qname(doc: &Doc<'_>, node: Node<'_, '_>, value: &str) -> Result<QName> {
        let (prefix, local) = match value.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, value),
        };
        let ns = match node.lookup_namespace_uri(prefix) {
            Some(ns) => ns.to_owned(),
            // The `xml` prefix is bound by definition (Namespaces in XML 1.0, 3).
            None if prefix == Some("xml") => XML_NS.to_owned(),
            None if prefix.is_none() => String::new(),
            None => return Err(doc.error(node, format!("the prefix of `{value}` is not declared"))),
        };
        let ns = if ns.is_empty() && doc.source.chameleon.is_some() { doc.target.clone() } else { ns };
        if ns != doc.target && ns != XS && ns != XML_NS && !imports(doc, &ns) {
            let shown = if ns.is_empty() { "no namespace".to_owned() } else { format!("namespace `{ns}`") };
            return Err(doc.error(
                node,
                format!("`{value}` is in {shown}, which this schema document does not import (src-resolve.4.2)"),
            ));
        }
        Ok(QName::new(&ns, local))
    }

    /// The `xs:boolean` attribute `name` of the node at `loc` (`true`/`1`, `false`/`0`,
    /// surrounding spaces allowed; absent: false).
    fn boolean(&self, loc: Loc, name: &str) -> Result<bool> {
        match self.node(loc).attribute(name).map(|v| v.trim_matches([' ', '\t', '\n', '\r'])) {
            None | Some("false" | "0") => Ok(false),
            Some("true" | "1") => Ok(true),
            Some(other) => {
                Err(self.err(loc, format!("`{name}` must be a boolean (`true`, `false`, `1` or `0`), not `{other}`")))
            }
        }
    }

    fn attr_qname(&self, loc: Loc, name: &str) -> Result<Option<QName>> {
        let node = self.node(loc);
        node.attribute(name).map(|v| Self::qname(self.doc(loc), node, v)).transpose()
    }

    // ---- types -------------------------------------------------------------------------

    fn resolve_type(&mut self, name: &QName, at: Loc) -> Result<TypeId> {
        if self.failed.contains(name) {
            return Err(self.err(at, ""));
        }
        if let Some(&id) = self.type_memo.get(name).or_else(|| self.schema.global_types.get(name)) {
            return Ok(id);
        }
        let Some(&loc) = self.index.types.get(name) else {
            return Err(self.err(at, format!("type `{name}` is not defined (is its schema imported?)")));
        };
        let id = self.reserve();
        self.type_memo.insert(name.clone(), id);
        self.building.insert(name.clone());
        let def = self.type_def(loc, Some(name.clone())).inspect_err(|_| {
            self.failed.insert(name.clone());
        })?;
        self.building.remove(name);
        self.schema.types[id] = def;
        self.schema.global_types.insert(name.clone(), id);
        Ok(id)
    }

    /// A complete type for derivation: refuses a base still being built.
    fn base_type(&mut self, loc: Loc) -> Result<TypeId> {
        let Some(name) = self.attr_qname(loc, "base")? else {
            return Err(self.err(loc, "`base` is required here"));
        };
        let name = self.redefined(loc, name);
        if self.building.contains(&name) {
            return Err(self.err(loc, format!("type `{name}` derives from itself")));
        }
        let how = self.node(loc).tag_name().name();
        self.not_final(&name, how, loc)?;
        self.resolve_type(&name, loc)
    }

    /// The `BLOCK_*` bits of the `block` of the node at `loc`, or of its schema's
    /// `blockDefault`.
    fn block(&self, loc: Loc) -> u8 {
        let node = self.node(loc);
        node.attribute("block")
            .or_else(|| self.doc(loc).doc.root_element().attribute("blockDefault"))
            .map_or(0, super::model::block_bits)
    }

    /// An error when the global type `name` forbids derivation by `how` (`extension`,
    /// `restriction`, `list`, `union`) with its `final` or its schema's `finalDefault`.
    fn not_final(&self, name: &QName, how: &str, at: Loc) -> Result<()> {
        let Some(&loc) = self.index.types.get(name) else { return Ok(()) };
        let node = self.node(loc);
        let finals = node.attribute("final").or_else(|| self.doc(loc).doc.root_element().attribute("finalDefault"));
        let forbidden = finals.is_some_and(|f| f.split_whitespace().any(|t| t == "#all" || t == how));
        if forbidden {
            return Err(self.err(at, format!("type `{name}` is final for {how}: it cannot be derived from that way")));
        }
        Ok(())
    }

    /// Checks that the group or attribute group at `loc`, which redefines one without
    /// referring to it, restricts the original.
    fn redefinition_restricts(&mut self, loc: Loc) -> Result<()> {
        let Some(hidden) = self.index.originals.get(&loc).cloned() else { return Ok(()) };
        if is_xs(self.node(loc), "group") {
            let Some(&original) = self.index.groups.get(&hidden) else { return Ok(()) };
            let mut particles = Vec::new();
            for at in [loc, original] {
                particles.push(match children(self.node(at)).next() {
                    Some(body) => self.particle((at.0, body.id()))?,
                    None => None,
                });
            }
            let [Some(derived), Some(base)] = [&particles[0], &particles[1]] else { return Ok(()) };
            // The two automata are compiled for the check only.
            let mark = self.schema.models.len();
            let models = (self.model(loc, derived)?, self.model(original, base)?);
            let checked = match models {
                (Content::Elements(d), Content::Elements(b)) => {
                    restriction::content(&self.schema, &self.schema.models[d], &self.schema.models[b])
                }
                _ => Ok(()),
            };
            self.schema.models.truncate(mark);
            checked.map_err(|why| self.err(loc, format!("a redefined group must restrict the original: {why}")))?;
        } else {
            let Some(&original) = self.index.attribute_groups.get(&hidden) else { return Ok(()) };
            let (mut derived, mut base) = (Self::complex_shell(), Self::complex_shell());
            self.attributes(loc, &mut derived.attributes, &mut derived.any_attribute)?;
            self.attributes(original, &mut base.attributes, &mut base.any_attribute)?;
            restriction::attributes(&self.schema, &derived, &base).map_err(|why| {
                self.err(loc, format!("a redefined attribute group must restrict the original: {why}"))
            })?;
        }
        Ok(())
    }

    /// An empty complex type, to carry attribute uses.
    fn complex_shell() -> ComplexType {
        ComplexType {
            name: None,
            base: None,
            derivation: Derivation::Restriction,
            is_abstract: false,
            mixed: false,
            content: Content::Empty,
            particle: None,
            attributes: Vec::new(),
            any_attribute: None,
            block: 0,
        }
    }

    /// `name`, or the name the original is kept under when `name` is the component of
    /// `xs:redefine` that `loc` is inside, of the same kind (its self-reference).
    fn redefined(&self, loc: Loc, name: QName) -> QName {
        let node = self.node(loc);
        let Some(top) = node.ancestors().find(|a| a.parent_element().is_some_and(|p| is_xs(p, "redefine"))) else {
            return name;
        };
        let same_kind = match top.tag_name().name() {
            "group" => is_xs(node, "group"),
            "attributeGroup" => is_xs(node, "attributeGroup"),
            _ => is_xs(node, "restriction") || is_xs(node, "extension"),
        };
        match self.index.originals.get(&(loc.0, top.id())) {
            Some(hidden) if same_kind && top.attribute("name").map(str::trim) == Some(name.local.as_str()) => {
                let own = QName::new(&self.doc(loc).target, &name.local);
                if own == name { hidden.clone() } else { name }
            }
            _ => name,
        }
    }

    fn reserve(&mut self) -> TypeId {
        self.schema.types.push(TypeDef::Simple(SimpleType {
            name: None,
            base: None,
            variety: Variety::Atomic(Builtin::AnySimpleType),
            white_space: WhiteSpace::Preserve,
            facets: Vec::new(),
        }));
        self.schema.types.len() - 1
    }

    fn add_type(&mut self, def: TypeDef) -> TypeId {
        self.schema.types.push(def);
        self.schema.types.len() - 1
    }

    fn type_def(&mut self, loc: Loc, name: Option<QName>) -> Result<TypeDef> {
        let node = self.node(loc);
        if is_xs(node, "simpleType") {
            Ok(TypeDef::Simple(self.simple_type(loc, name)?))
        } else {
            Ok(TypeDef::Complex(self.complex_type(loc, name)?))
        }
    }

    /// The simple type named by attribute `attr` or defined by an inline `xs:simpleType`.
    fn simple_ref(&mut self, loc: Loc, attr: &str) -> Result<Option<TypeId>> {
        if let Some(name) = self.attr_qname(loc, attr)? {
            return self.resolve_type(&name, loc).map(Some);
        }
        let inline = children(self.node(loc)).find(|c| is_xs(*c, "simpleType"));
        match inline {
            Some(child) => {
                let st = self.simple_type((loc.0, child.id()), None)?;
                Ok(Some(self.add_type(TypeDef::Simple(st))))
            }
            None => Ok(None),
        }
    }

    fn simple_of(&self, id: TypeId, loc: Loc) -> Result<SimpleType> {
        match &self.schema.types[id] {
            TypeDef::Simple(st) => Ok(st.clone()),
            TypeDef::Complex(_) => Err(self.err(loc, "a simple type cannot derive from a complex type")),
        }
    }

    fn simple_type(&mut self, loc: Loc, name: Option<QName>) -> Result<SimpleType> {
        let node = self.node(loc);
        let Some(body) = children(node).next() else {
            return Err(self.err(loc, "`xs:simpleType` needs a `restriction`, `list` or `union`"));
        };
        let body_loc = (loc.0, body.id());
        match body.tag_name().name() {
            "restriction" if is_xs(body, "restriction") => {
                let base_id = match self.attr_qname(body_loc, "base")? {
                    Some(_) => self.base_type(body_loc)?,
                    None => self
                        .simple_ref(body_loc, "base")?
                        .ok_or_else(|| self.err(body_loc, "a restriction needs a `base` or an inline simple type"))?,
                };
                let mut st = self.simple_of(base_id, body_loc)?;
                st.name = name;
                st.base = Some(base_id);
                self.facets(body_loc, &mut st)?;
                Ok(st)
            }
            "list" if is_xs(body, "list") => {
                if let Some(item) = self.attr_qname(body_loc, "itemType")? {
                    self.not_final(&item, "list", body_loc)?;
                }
                let item = self
                    .simple_ref(body_loc, "itemType")?
                    .ok_or_else(|| self.err(body_loc, "a list needs an `itemType` or an inline simple type"))?;
                Ok(SimpleType {
                    name,
                    base: Some(self.builtin_id(Builtin::AnySimpleType)),
                    variety: Variety::List(item),
                    white_space: WhiteSpace::Collapse,
                    facets: Vec::new(),
                })
            }
            "union" if is_xs(body, "union") => {
                let mut members = Vec::new();
                if let Some(list) = body.attribute("memberTypes") {
                    for member in list.split_whitespace() {
                        let qname = Self::qname(self.doc(body_loc), body, member)?;
                        self.not_final(&qname, "union", body_loc)?;
                        members.push(self.resolve_type(&qname, body_loc)?);
                    }
                }
                for child in children(body).filter(|c| is_xs(*c, "simpleType")) {
                    let st = self.simple_type((loc.0, child.id()), None)?;
                    members.push(self.add_type(TypeDef::Simple(st)));
                }
                if members.is_empty() {
                    return Err(self.err(body_loc, "a union needs member types"));
                }
                Ok(SimpleType {
                    name,
                    base: Some(self.builtin_id(Builtin::AnySimpleType)),
                    variety: Variety::Union(members),
                    white_space: WhiteSpace::Collapse,
                    facets: Vec::new(),
                })
            }
            other => Err(self.err(body_loc, format!("unexpected `{other}` in `xs:simpleType`"))),
        }
    }

    fn builtin_id(&self, builtin: Builtin) -> TypeId {
        self.schema.global_types[&QName::new(XS, builtin.name())]
    }

    fn facets(&mut self, loc: Loc, st: &mut SimpleType) -> Result<()> {
        let node = self.node(loc);
        let base = st.clone();
        let mut patterns = (Vec::new(), Vec::new());
        let mut enumeration = (Vec::new(), Vec::new());
        let mut kinds = Vec::new();
        for facet in children(node) {
            let facet_loc = (loc.0, facet.id());
            let kind = facet.tag_name().name();
            if kind == "simpleType" {
                continue;
            }
            if matches!(kind, "attribute" | "attributeGroup" | "anyAttribute") {
                continue;
            }
            if is_xs(facet, kind) && !super::facets::applicable(&base.variety, kind) {
                return Err(self.err(facet_loc, format!("facet `{kind}` does not apply to the base type")));
            }
            kinds.push(kind);
            let Some(value) = facet.attribute("value") else {
                return Err(self.err(facet_loc, format!("facet `{kind}` needs a `value`")));
            };
            let count =
                || value.trim().parse::<usize>().map_err(|_| self.err(facet_loc, format!("`{value}` is not a count")));
            let doc = self.doc(facet_loc);
            let resolve = |prefix: &str| {
                let p = (!prefix.is_empty()).then_some(prefix);
                facet.lookup_namespace_uri(p).map(|ns| Some(ns.to_owned())).or(if p.is_none() {
                    Some(None)
                } else {
                    None
                })
            };
            let value_of = |text: &str| {
                simple::validate(&self.schema, &base, text, &resolve)
                    .map_err(|why| doc.error(facet, format!("facet value is not valid for the base type: {why}")))
            };
            match kind {
                "length" => st.facets.push(Facet::Length(count()?)),
                "minLength" => st.facets.push(Facet::MinLength(count()?)),
                "maxLength" => st.facets.push(Facet::MaxLength(count()?)),
                "totalDigits" => st.facets.push(Facet::TotalDigits(count()?)),
                "fractionDigits" => st.facets.push(Facet::FractionDigits(count()?)),
                "pattern" => {
                    let regex = super::regex::compile(value).map_err(|why| self.err(facet_loc, why))?;
                    patterns.0.push(regex);
                    patterns.1.push(value.to_owned());
                }
                "enumeration" => {
                    enumeration.0.push(value_of(value)?);
                    enumeration.1.push(value.to_owned());
                }
                "whiteSpace" => {
                    st.white_space = match value {
                        "preserve" => WhiteSpace::Preserve,
                        "replace" => WhiteSpace::Replace,
                        "collapse" => WhiteSpace::Collapse,
                        _ => return Err(self.err(facet_loc, format!("`{value}` is not a whiteSpace value"))),
                    }
                }
                "maxInclusive" => st.facets.push(Facet::MaxInclusive(value_of(value)?, value.to_owned())),
                "maxExclusive" => st.facets.push(Facet::MaxExclusive(value_of(value)?, value.to_owned())),
                "minInclusive" => st.facets.push(Facet::MinInclusive(value_of(value)?, value.to_owned())),
                "minExclusive" => st.facets.push(Facet::MinExclusive(value_of(value)?, value.to_owned())),
                other => return Err(self.err(facet_loc, format!("`{other}` is not a facet"))),
            }
        }
        if !patterns.0.is_empty() {
            st.facets.push(Facet::Pattern(patterns.0, patterns.1));
        }
        if !enumeration.0.is_empty() {
            st.facets.push(Facet::Enumeration(Enumeration::new(enumeration.0, enumeration.1)));
        }
        if let Some((at, name)) = identifier_appinfo(node) {
            let known = crate::identifiers::FORMATS.iter().find(|(known, _)| *known == name);
            let Some(&(known, _)) = known else {
                let names: Vec<&str> = crate::identifiers::FORMATS.iter().map(|(n, _)| *n).collect();
                return Err(self.err(
                    (loc.0, at),
                    format!("`{name}` is not an identifier format (formats: {})", names.join(", ")),
                ));
            };
            st.facets.push(Facet::Identifier(known));
        }
        super::facets::consistent(&base, st, &kinds).map_err(|why| self.err(loc, why))
    }

    #[allow(clippy::too_many_lines)] // one derivation case per branch, kept together
    fn complex_type(&mut self, loc: Loc, name: Option<QName>) -> Result<ComplexType> {
        let node = self.node(loc);
        let is_abstract = self.boolean(loc, "abstract")?;
        let mut mixed = self.boolean(loc, "mixed")?;
        let any_type = self.schema.any_type;
        let mut ct = ComplexType {
            name,
            base: Some(any_type),
            derivation: Derivation::Restriction,
            is_abstract,
            mixed,
            content: Content::Empty,
            particle: None,
            attributes: Vec::new(),
            any_attribute: None,
            block: self.block(loc) & (BLOCK_EXTENSION | BLOCK_RESTRICTION),
        };
        let body = children(node).find(|c| is_xs(*c, "simpleContent") || is_xs(*c, "complexContent"));
        let Some(body) = body else {
            ct.particle = self.particle_child(loc)?;
            self.attributes(loc, &mut ct.attributes, &mut ct.any_attribute)?;
            self.finish_content(loc, &mut ct)?;
            return Ok(ct);
        };
        let Some(derivation) = children(body).next() else {
            return Err(self.err((loc.0, body.id()), "needs an `extension` or a `restriction`"));
        };
        let der_loc = (loc.0, derivation.id());
        let extension = is_xs(derivation, "extension");
        if !extension && !is_xs(derivation, "restriction") {
            return Err(self.err(der_loc, "expected `xs:extension` or `xs:restriction`"));
        }
        let base_id = self.base_type(der_loc)?;
        ct.base = Some(base_id);
        ct.derivation = if extension { Derivation::Extension } else { Derivation::Restriction };
        let base = match &self.schema.types[base_id] {
            TypeDef::Complex(c) => Some(c.clone()),
            TypeDef::Simple(_) => None,
        };
        if is_xs(body, "simpleContent") {
            let content = match (&base, extension) {
                (None, true) => base_id,
                (Some(b), _) if matches!(b.content, Content::Simple(_)) => {
                    let Content::Simple(inner) = b.content else { unreachable!() };
                    if extension {
                        inner
                    } else {
                        let mut st = match self.simple_ref(der_loc, "\u{0}")? {
                            Some(id) => self.simple_of(id, der_loc)?,
                            None => self.simple_of(inner, der_loc)?,
                        };
                        st.name = None;
                        st.base = Some(inner);
                        self.facets(der_loc, &mut st)?;
                        self.add_type(TypeDef::Simple(st))
                    }
                }
                (Some(b), false) if b.mixed => {
                    let st = self.simple_ref(der_loc, "\u{0}")?;
                    st.ok_or_else(|| {
                        self.err(der_loc, "a simple content restriction of a mixed type needs a simple type")
                    })?
                }
                _ => return Err(self.err(der_loc, "the base of a simple content derivation must have simple content")),
            };
            ct.content = Content::Simple(content);
            ct.mixed = false;
            if let Some(b) = &base {
                ct.attributes.clone_from(&b.attributes);
            }
            self.attributes(der_loc, &mut ct.attributes, &mut ct.any_attribute)?;
            if extension {
                ct.any_attribute =
                    extended_wildcard(base.as_ref().and_then(|b| b.any_attribute.clone()), ct.any_attribute.take());
            }
            if !extension && base.is_some() {
                self.restrictions.push((der_loc, ct.clone(), base_id));
            }
            return Ok(ct);
        }
        if body.attribute("mixed").is_some() {
            mixed = self.boolean((loc.0, body.id()), "mixed")?;
            ct.mixed = mixed;
        }
        let Some(base) = base else {
            return Err(self.err(der_loc, "the base of a complex content derivation must be a complex type"));
        };
        let own = self.particle_child(der_loc)?;
        if extension {
            ct.attributes.clone_from(&base.attributes);
            ct.any_attribute.clone_from(&base.any_attribute);
            // An empty group is empty content (the effective content of XSD 1.0 §3.4.2):
            // extending it adds the other particle alone.
            let effective = |p: Option<Particle>| p.filter(|p| !empty_group(p));
            ct.particle = match (effective(base.particle.clone()), effective(own)) {
                (Some(b), Some(o)) => {
                    if matches!(b.term, Term::All(_)) || matches!(o.term, Term::All(_)) {
                        return Err(self.err(der_loc, "extending a type whose content is `xs:all` is not supported"));
                    }
                    Some(Particle { min: 1, max: Some(1), term: Term::Sequence(vec![b, o]) })
                }
                (b, o) => b.or(o),
            };
            if base_id == any_type {
                ct.particle = self.particle_child(der_loc)?;
            }
        } else {
            ct.attributes.clone_from(&base.attributes);
            ct.particle = own;
        }
        let inherited = if extension { ct.any_attribute.take() } else { None };
        self.attributes(der_loc, &mut ct.attributes, &mut ct.any_attribute)?;
        if extension {
            ct.any_attribute = extended_wildcard(inherited, ct.any_attribute.take());
        }
        self.finish_content(der_loc, &mut ct)?;
        if !extension && base_id != any_type {
            self.restrictions.push((der_loc, ct.clone(), base_id));
        }
        Ok(ct)
    }

    fn finish_content(&mut self, loc: Loc, ct: &mut ComplexType) -> Result<()> {
        ct.attributes.retain(|a| !a.prohibited);
        let Some(particle) = &ct.particle else {
            ct.content = if ct.mixed {
                self.model(loc, &Particle { min: 0, max: Some(0), term: Term::Sequence(Vec::new()) })?
            } else {
                Content::Empty
            };
            return Ok(());
        };
        ct.content = self.model(loc, &particle.clone())?;
        Ok(())
    }

    /// Element Declarations Consistent: elements of one name in a content model have one
    /// type (elements of `xs:anyType` are skipped: a declaration still being built has it
    /// for now).
    fn consistent(&self, loc: Loc, particle: &Particle) -> Result<()> {
        let mut seen: HashMap<&QName, TypeId> = HashMap::new();
        let mut stack = vec![particle];
        while let Some(p) = stack.pop() {
            match &p.term {
                Term::Element(e) if self.schema.elements[*e].type_id == self.schema.any_type => {}
                Term::Element(e) => {
                    let decl = &self.schema.elements[*e];
                    if let Some(&t) = seen.get(&decl.name)
                        && t != decl.type_id
                    {
                        return Err(self.err(
                            loc,
                            format!("elements named `{}` in one content model must have the same type", decl.name),
                        ));
                    }
                    seen.insert(&decl.name, decl.type_id);
                }
                Term::Any(_) => {}
                Term::Sequence(items) | Term::Choice(items) | Term::All(items) => stack.extend(items),
            }
        }
        Ok(())
    }

    fn model(&mut self, loc: Loc, particle: &Particle) -> Result<Content> {
        self.consistent(loc, particle)?;
        let model = if let Term::All(items) = &particle.term {
            let mut members = Vec::new();
            for item in items {
                let Term::Element(id) = item.term else {
                    return Err(self.err(loc, "`xs:all` may contain only elements"));
                };
                if item.max.is_none_or(|m| m > 1) {
                    return Err(self.err(loc, "elements in `xs:all` may occur at most once"));
                }
                if members
                    .iter()
                    .any(|&(m, _): &(ElemId, bool)| self.schema.elements[m].name == self.schema.elements[id].name)
                {
                    return Err(self.err(
                        loc,
                        format!(
                            "the content model is not deterministic (Unique Particle Attribution): `{}` appears twice in `xs:all`",
                            self.schema.elements[id].name
                        ),
                    ));
                }
                members.push((id, item.min > 0));
            }
            Model::All { members, optional: particle.min == 0 }
        } else {
            Model::Dfa(automaton::compile(particle, &self.schema.elements).map_err(|why| self.err(loc, why))?)
        };
        self.schema.models.push(model);
        Ok(Content::Elements(self.schema.models.len() - 1))
    }

    // ---- particles ---------------------------------------------------------------------

    fn occurs(&self, loc: Loc) -> Result<(u32, Option<u32>)> {
        let node = self.node(loc);
        // No element has more than `MAX_CHILDREN` children (the validator refuses more), so
        // a bound of 2^32 - 1 or more is exact as 2^32 - 1 for a minimum (never reached)
        // and as unbounded for a maximum (never passed).
        // A count of any length, as its digits without leading zeros (compared by length,
        // then digits).
        let count = |name: &str| -> Result<Option<&str>> {
            let Some(v) = node.attribute(name).map(str::trim) else { return Ok(None) };
            let digits = v.strip_prefix('+').unwrap_or(v);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(self.err(loc, format!("{name} `{v}` is not a count")));
            }
            Ok(Some(digits.trim_start_matches('0')))
        };
        let min_digits = count("minOccurs")?.unwrap_or("1");
        let max_digits = match node.attribute("maxOccurs").map(str::trim) {
            Some("unbounded") => None,
            _ => Some(count("maxOccurs")?.unwrap_or("1")),
        };
        if max_digits.is_some_and(|m| (m.len(), m) < (min_digits.len(), min_digits)) {
            return Err(self.err(loc, "maxOccurs is less than minOccurs"));
        }
        let value = |digits: &str| if digits.is_empty() { 0 } else { digits.parse::<u32>().unwrap_or(u32::MAX) };
        let min = value(min_digits);
        let max = max_digits.map(value).filter(|&m| m < u32::MAX);
        Ok((min, max))
    }

    /// The model group child (sequence/choice/all/group) of a type or derivation.
    fn particle_child(&mut self, loc: Loc) -> Result<Option<Particle>> {
        let node = self.node(loc);
        let group = children(node).find(|c| ["sequence", "choice", "all", "group"].iter().any(|k| is_xs(*c, k)));
        match group {
            Some(g) => self.particle((loc.0, g.id())),
            None => Ok(None),
        }
    }

    fn particle(&mut self, loc: Loc) -> Result<Option<Particle>> {
        let node = self.node(loc);
        let (min, max) = self.occurs(loc)?;
        if max == Some(0) {
            return Ok(None);
        }
        let term = match node.tag_name().name() {
            "element" => Term::Element(self.element_particle(loc)?),
            "any" => Term::Any(self.wildcard(loc)?),
            "group" => {
                let Some(name) = self.attr_qname(loc, "ref")? else {
                    return Err(self.err(loc, "a local `xs:group` needs a `ref`"));
                };
                let name = self.redefined(loc, name);
                if self.groups.contains(&name) {
                    return Err(self.err(loc, format!("group `{name}` refers to itself")));
                }
                let Some(&def) = self.index.groups.get(&name) else {
                    return Err(self.err(loc, format!("group `{name}` is not defined")));
                };
                let Some(body) = children(self.node(def)).next() else { return Ok(None) };
                self.groups.push(name);
                let inner = self.particle((def.0, body.id()));
                self.groups.pop();
                return Ok(inner?.map(|p| Particle { min, max, term: p.term }));
            }
            kind @ ("sequence" | "choice" | "all") => {
                let mut items = Vec::new();
                for child in children(node) {
                    if let Some(p) = self.particle((loc.0, child.id()))? {
                        items.push(p);
                    }
                }
                match kind {
                    "sequence" => Term::Sequence(items),
                    "choice" => Term::Choice(items),
                    _ => Term::All(items),
                }
            }
            other => return Err(self.err(loc, format!("unexpected `{other}` in a content model"))),
        };
        Ok(Some(Particle { min, max, term }))
    }

    fn wildcard(&self, loc: Loc) -> Result<Wildcard> {
        let node = self.node(loc);
        let target = self.doc(loc).target.clone();
        let namespaces = match node.attribute("namespace").map(str::trim) {
            None | Some("##any") => NsConstraint::Any,
            Some("##other") => NsConstraint::Not(vec![target, String::new()]),
            Some(list) => NsConstraint::List(
                list.split_whitespace()
                    .map(|n| match n {
                        "##targetNamespace" => target.clone(),
                        "##local" => String::new(),
                        other => other.to_owned(),
                    })
                    .collect(),
            ),
        };
        let process = match node.attribute("processContents") {
            None | Some("strict") => Process::Strict,
            Some("lax") => Process::Lax,
            Some("skip") => Process::Skip,
            Some(other) => return Err(self.err(loc, format!("`{other}` is not a processContents value"))),
        };
        Ok(Wildcard { namespaces, process })
    }

    // ---- elements ----------------------------------------------------------------------

    fn element_particle(&mut self, loc: Loc) -> Result<ElemId> {
        if let Some(name) = self.attr_qname(loc, "ref")? {
            return self.resolve_element(&name, loc);
        }
        let node = self.node(loc);
        let Some(local) = node.attribute("name") else {
            return Err(self.err(loc, "a local element needs a `name` or a `ref`"));
        };
        let doc = self.doc(loc);
        let qualified = match node.attribute("form") {
            Some(form) => form == "qualified",
            None => doc.elements_qualified,
        };
        let name = QName::new(if qualified { &doc.target } else { "" }, local);
        // One declaration per local element: a group reached again through it (legal
        // recursion, `g` → `e` → `g`) finds the declaration, still being built, here.
        if let Some(&id) = self.local_memo.get(&loc) {
            return Ok(id);
        }
        let id = self.schema.elements.len();
        self.schema.elements.push(self.placeholder(name.clone()));
        self.local_memo.insert(loc, id);
        // Groups are expanded in place; the element's own type starts a new expansion.
        let outer_groups = std::mem::take(&mut self.groups);
        let decl = self.element_decl(loc, name);
        self.groups = outer_groups;
        self.schema.elements[id] = decl?;
        Ok(id)
    }

    fn placeholder(&self, name: QName) -> ElementDecl {
        ElementDecl {
            name,
            type_id: self.schema.any_type,
            nillable: false,
            is_abstract: false,
            default: None,
            fixed: None,
            substitutes: Vec::new(),
            identity: Vec::new(),
            block: 0,
        }
    }

    fn resolve_element(&mut self, name: &QName, at: Loc) -> Result<ElemId> {
        if let Some(&id) = self.elem_memo.get(name) {
            return Ok(id);
        }
        let Some(&loc) = self.index.elements.get(name) else {
            return Err(self.err(at, format!("element `{name}` is not declared (is its schema imported?)")));
        };
        let id = self.schema.elements.len();
        self.schema.elements.push(self.placeholder(name.clone()));
        self.elem_memo.insert(name.clone(), id);
        self.schema.global_elements.insert(name.clone(), id);
        let outer_groups = std::mem::take(&mut self.groups);
        let decl = self.element_decl(loc, name.clone());
        self.groups = outer_groups;
        let decl = decl?;
        if let Some(head) = self.attr_qname(loc, "substitutionGroup")? {
            self.heads.push((id, head, loc));
        }
        self.schema.elements[id] = decl;
        Ok(id)
    }

    fn element_decl(&mut self, loc: Loc, name: QName) -> Result<ElementDecl> {
        let node = self.node(loc);
        let type_id = if let Some(t) = self.attr_qname(loc, "type")? {
            self.resolve_type(&t, loc)?
        } else if let Some(inline) = children(node).find(|c| is_xs(*c, "complexType") || is_xs(*c, "simpleType")) {
            let def = self.type_def((loc.0, inline.id()), None)?;
            self.add_type(def)
        } else if let Some(head) = self.attr_qname(loc, "substitutionGroup")? {
            let head = self.resolve_element(&head, loc)?;
            self.schema.elements[head].type_id
        } else {
            self.schema.any_type
        };
        self.value_constraint(loc, type_id)?;
        let mut identity = Vec::new();
        for child in children(node).filter(|c| is_xs(*c, "unique") || is_xs(*c, "key") || is_xs(*c, "keyref")) {
            let doc = self.doc(loc);
            identity.push(identity::Constraint::parse(doc, child).map_err(|why| doc.error(child, why))?);
        }
        Ok(ElementDecl {
            name,
            type_id,
            nillable: self.boolean(loc, "nillable")?,
            is_abstract: self.boolean(loc, "abstract")?,
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
            substitutes: Vec::new(),
            identity,
            block: self.block(loc),
        })
    }

    fn substitution_groups(&mut self) -> Result<()> {
        let heads = std::mem::take(&mut self.heads);
        let mut direct: HashMap<ElemId, Vec<ElemId>> = HashMap::new();
        for (member, head_name, loc) in heads {
            let head = self.resolve_element(&head_name, loc)?;
            // Substitution Group OK (Transitive): the member's type derives from the head's,
            // by no method the head's `final` (or `finalDefault`) excludes.
            let head_type = self.schema.elements[head].type_id;
            let member_type = self.schema.elements[member].type_id;
            let head_loc = self.index.elements.get(&head_name).copied();
            let excluded = head_loc.map_or(0, |hl| {
                self.node(hl)
                    .attribute("final")
                    .or_else(|| self.doc(hl).doc.root_element().attribute("finalDefault"))
                    .map_or(0, super::model::block_bits)
                    & (BLOCK_EXTENSION | BLOCK_RESTRICTION)
            });
            match super::model::derivation_bits(&self.schema.types, member_type, head_type) {
                None if head_type != self.schema.any_type
                    && !super::model::derives_or_is_member(&self.schema.types, member_type, head_type) =>
                {
                    return Err(self.err(loc, format!("the type of a member of `{head_name}`'s substitution group must derive from the head's type")));
                }
                Some(bits) if bits & excluded != 0 => {
                    return Err(
                        self.err(loc, format!("`{head_name}` is final for the derivation of this member's type"))
                    );
                }
                _ => {}
            }
            direct.entry(head).or_default().push(member);
        }
        for &head in direct.keys() {
            let mut all = Vec::new();
            let mut stack = direct[&head].clone();
            while let Some(m) = stack.pop() {
                if m == head || all.contains(&m) {
                    continue;
                }
                all.push(m);
                stack.extend(direct.get(&m).into_iter().flatten());
            }
            // A member whose type reaches the head's by a derivation the head blocks
            // (`block`, or the head type's `block`), or any member when the head blocks
            // substitution, may not stand for it.
            let head_decl = &self.schema.elements[head];
            let head_type = head_decl.type_id;
            let blocked = head_decl.block
                | match &self.schema.types[head_type] {
                    TypeDef::Complex(c) => c.block,
                    TypeDef::Simple(_) => 0,
                };
            let types = &self.schema.types;
            let elements = &self.schema.elements;
            all.retain(|&m| {
                blocked & BLOCK_SUBSTITUTION == 0
                    && super::model::derivation_bits(types, elements[m].type_id, head_type)
                        .is_none_or(|bits| bits & blocked == 0)
            });
            all.sort_unstable();
            self.schema.elements[head].substitutes = all;
        }
        Ok(())
    }

    // ---- attributes --------------------------------------------------------------------

    /// Adds the attribute uses and wildcard of the type, derivation or attribute group at
    /// `loc` to `uses` and `any` (replacing inherited uses of the same name).
    fn attributes(&mut self, loc: Loc, uses: &mut Vec<AttributeUse>, any: &mut Option<Wildcard>) -> Result<()> {
        self.attributes_once(loc, uses, any, &mut Vec::new())
    }

    /// [`Self::attributes`], with the names declared so far and where: two declarations of
    /// one name (a global one is its name's only) are an error, one reached twice is not.
    fn attributes_once(
        &mut self,
        loc: Loc,
        uses: &mut Vec<AttributeUse>,
        any: &mut Option<Wildcard>,
        declared: &mut Vec<(QName, Option<Loc>)>,
    ) -> Result<()> {
        let node = self.node(loc);
        for child in children(node) {
            let child_loc = (loc.0, child.id());
            if is_xs(child, "attribute") {
                let attribute = self.local_attribute(child_loc)?;
                // A prohibited use in an attribute group contributes nothing (it removes
                // an inherited attribute only when the restriction itself says so).
                if attribute.prohibited && is_xs(node, "attributeGroup") {
                    continue;
                }
                let at = child.attribute("ref").is_none().then_some(child_loc);
                if declared.iter().any(|(name, place)| *name == attribute.name && *place != at) {
                    return Err(self.err(child_loc, format!("attribute `{}` is declared twice here", attribute.name)));
                }
                declared.push((attribute.name.clone(), at));
                uses.retain(|u| u.name != attribute.name);
                uses.push(attribute);
            } else if is_xs(child, "attributeGroup") {
                let Some(name) = self.attr_qname(child_loc, "ref")? else {
                    return Err(self.err(child_loc, "a local `xs:attributeGroup` needs a `ref`"));
                };
                let name = self.redefined(child_loc, name);
                if self.groups.contains(&name) {
                    return Err(self.err(child_loc, format!("attribute group `{name}` refers to itself")));
                }
                let Some(&def) = self.index.attribute_groups.get(&name) else {
                    return Err(self.err(child_loc, format!("attribute group `{name}` is not defined")));
                };
                self.groups.push(name);
                let result = self.attributes_once(def, uses, any, declared);
                self.groups.pop();
                result?;
            } else if is_xs(child, "anyAttribute") {
                // The complete wildcard is the intersection of the type's own and those of
                // its attribute groups (XSD 1.0 §3.4.2); the own one comes last and gives
                // `processContents`.
                let own = self.wildcard(child_loc)?;
                *any = Some(match any.take() {
                    Some(earlier) => {
                        let process = if is_xs(node, "attributeGroup") { earlier.process } else { own.process };
                        Wildcard { namespaces: intersection(&earlier.namespaces, &own.namespaces), process }
                    }
                    None => own,
                });
            }
        }
        Ok(())
    }

    fn local_attribute(&mut self, loc: Loc) -> Result<AttributeUse> {
        let node = self.node(loc);
        let mut attribute = if let Some(name) = self.attr_qname(loc, "ref")? {
            match self.index.attributes.get(&name) {
                Some(&def) => self.global_attribute(&name, def)?,
                None => match self.xml_attribute(&name) {
                    Some(attribute) => attribute,
                    None => return Err(self.err(loc, format!("attribute `{name}` is not declared"))),
                },
            }
        } else {
            let Some(local) = node.attribute("name") else {
                return Err(self.err(loc, "an attribute needs a `name` or a `ref`"));
            };
            let doc = self.doc(loc);
            let qualified = match node.attribute("form") {
                Some(form) => form == "qualified",
                None => doc.attributes_qualified,
            };
            let name = QName::new(if qualified { &doc.target } else { "" }, local);
            self.attribute_decl(loc, name)?
        };
        match node.attribute("use") {
            Some("required") => attribute.required = true,
            Some("prohibited") => attribute.prohibited = true,
            _ => {}
        }
        if let Some(d) = node.attribute("default") {
            attribute.default = Some(d.to_owned());
        }
        if let Some(f) = node.attribute("fixed") {
            attribute.fixed = Some(f.to_owned());
        }
        Ok(attribute)
    }

    /// The attributes of the XML namespace (`xml:lang`, `xml:space`, `xml:base`, `xml:id`),
    /// as its schema (`xml.xsd`) declares them, for a schema that refers to them without
    /// shipping that schema.
    fn xml_attribute(&mut self, name: &QName) -> Option<AttributeUse> {
        if name.ns != XML_NS {
            return None;
        }
        let type_id = match name.local.as_str() {
            "lang" => self.builtin_id(Builtin::Language),
            "base" => self.builtin_id(Builtin::AnyUri),
            "id" => self.builtin_id(Builtin::Id),
            "space" => {
                let TypeDef::Simple(st) = &self.schema.types[self.builtin_id(Builtin::NCName)] else {
                    return None;
                };
                let mut st = st.clone();
                let values = ["default", "preserve"];
                st.name = None;
                st.base = Some(self.builtin_id(Builtin::NCName));
                st.facets.push(Facet::Enumeration(Enumeration::new(
                    values.iter().map(|v| Value::String((*v).to_owned())).collect(),
                    values.iter().map(|v| (*v).to_owned()).collect(),
                )));
                self.add_type(TypeDef::Simple(st))
            }
            _ => return None,
        };
        Some(AttributeUse {
            name: name.clone(),
            type_id,
            required: false,
            prohibited: false,
            default: None,
            fixed: None,
        })
    }

    /// Checks the `default` or `fixed` value of the element or attribute declaration at
    /// `loc` against its type `type_id`: valid for its simple type (or simple content), or,
    /// for an element of complex type, mixed content that may be empty.
    fn value_constraint(&self, loc: Loc, type_id: TypeId) -> Result<()> {
        let node = self.node(loc);
        let Some(value) = node.attribute("default").or_else(|| node.attribute("fixed")) else { return Ok(()) };
        if let TypeDef::Complex(ct) = &self.schema.types[type_id] {
            let emptiable_mixed = ct.mixed
                && matches!(ct.content, Content::Elements(m) if restriction::emptiable(&self.schema.models[m]));
            if !emptiable_mixed && !matches!(ct.content, Content::Simple(_)) {
                return Err(self.err(
                    loc,
                    "a `default` or `fixed` value needs a simple type, simple content or mixed content that may be empty",
                ));
            }
        }
        let Some(st) = simple::simple_type(&self.schema, type_id) else { return Ok(()) };
        let resolve = |prefix: &str| match node.lookup_namespace_uri((!prefix.is_empty()).then_some(prefix)) {
            Some(ns) => Some(Some(ns.to_owned())),
            None if prefix.is_empty() => Some(None),
            None => None,
        };
        simple::validate(&self.schema, st, value, &resolve)
            .map(drop)
            .map_err(|why| self.err(loc, format!("the `default` or `fixed` value is not valid for the type: {why}")))
    }

    fn global_attribute(&mut self, name: &QName, loc: Loc) -> Result<AttributeUse> {
        self.attribute_decl(loc, name.clone())
    }

    fn attribute_decl(&mut self, loc: Loc, name: QName) -> Result<AttributeUse> {
        let node = self.node(loc);
        let type_id = match self.simple_ref(loc, "type")? {
            Some(id) => id,
            None => self.builtin_id(Builtin::AnySimpleType),
        };
        if matches!(self.schema.types[type_id], TypeDef::Complex(_)) {
            return Err(self.err(loc, "an attribute's type must be a simple type"));
        }
        self.value_constraint(loc, type_id)?;
        Ok(AttributeUse {
            name,
            type_id,
            required: false,
            prohibited: false,
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
        })
    }
}

/// Namespace of conform's XSD extensions (read from `xs:appinfo` only, so schemas stay valid
/// for every other processor).
const CONFORM_XSD: &str = "urn:conform:xsd";

/// The `<conform:identifier>` format name in a restriction's `xs:annotation/xs:appinfo`,
/// with the node that declares it.
fn identifier_appinfo<'a>(restriction: Node<'a, '_>) -> Option<(roxmltree::NodeId, &'a str)> {
    restriction
        .children()
        .filter(|c| is_xs(*c, "annotation"))
        .flat_map(|annotation| annotation.children().filter(|c| is_xs(*c, "appinfo")))
        .flat_map(|appinfo| appinfo.children())
        .find(|c| {
            c.is_element() && c.tag_name().namespace() == Some(CONFORM_XSD) && c.tag_name().name() == "identifier"
        })
        .map(|c| (c.id(), c.text().unwrap_or_default().trim()))
}
