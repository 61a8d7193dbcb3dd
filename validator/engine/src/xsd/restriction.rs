//! Derivation Valid (Restriction, Complex): a complex type derived by restriction must
//! allow only what its base allows. Attributes: each one the base declares (with a type
//! derived from the base's, required where the base requires it, the base's fixed value)
//! or its attribute wildcard allows; every required attribute of the base kept; the
//! attribute wildcard a subset of the base's. Content: mixed only when the base is;
//! empty only when the base may be empty; element content a sublanguage of the base's,
//! found by walking both automata together: every child the restriction accepts the base
//! accepts at the same place, with a declaration the restriction's refines (same name,
//! or a member of the base element's substitution group; a type derived by restriction,
//! nillable and fixed value no looser, block no weaker), every wildcard within a base
//! wildcard. XSD 1.0's particle-by-particle rules are stricter in places (pointless
//! particles, occurrence ranges of groups); this is the language check XSD 1.1 makes.

use std::collections::HashSet;

use super::model::{
    BLOCK_EXTENSION, ComplexType, Content, Dfa, ElemId, Model, NsConstraint, Process, Schema, Symbol, TypeId, Wildcard,
    derivation_bits, derives_or_is_member,
};
use super::simple;

/// Checks that `derived` restricts `base`; the first problem found.
pub fn check(schema: &Schema, derived: &ComplexType, base: &ComplexType) -> Result<(), String> {
    attributes(schema, derived, base)?;
    if derived.mixed && !base.mixed && !matches!(base.content, Content::Simple(_)) {
        return Err("a restriction cannot be mixed when its base is not".into());
    }
    match (&derived.content, &base.content) {
        (Content::Elements(d), Content::Empty) if !allows_nothing_but_empty(&schema.models[*d]) => {
            Err("the base type has empty content: a restriction cannot allow elements".into())
        }
        (Content::Empty, Content::Elements(b)) if !emptiable(&schema.models[*b]) => {
            Err("the base type needs child elements: a restriction cannot have empty content".into())
        }
        (Content::Elements(d), Content::Elements(b)) => content(schema, &schema.models[*d], &schema.models[*b]),
        _ => Ok(()),
    }
}

/// Checks the attribute uses and wildcard of `derived` against `base`'s.
pub fn attributes(schema: &Schema, derived: &ComplexType, base: &ComplexType) -> Result<(), String> {
    for attribute in derived.attributes.iter().filter(|a| !a.prohibited) {
        match base.attributes.iter().find(|b| b.name == attribute.name && !b.prohibited) {
            Some(b) => {
                if !restricts_type(schema, attribute.type_id, b.type_id) {
                    return Err(format!(
                        "attribute `{}`: its type does not derive by restriction from the base's",
                        attribute.name
                    ));
                }
                if b.required && !attribute.required {
                    return Err(format!("attribute `{}` is required in the base type", attribute.name));
                }
                if let Some(fixed) = &b.fixed
                    && !attribute.fixed.as_deref().is_some_and(|f| same_value(schema, b.type_id, f, fixed))
                {
                    return Err(format!("attribute `{}` must keep the base's fixed value `{fixed}`", attribute.name));
                }
            }
            None if base.any_attribute.as_ref().is_some_and(|w| w.allows(&attribute.name.ns)) => {}
            None => return Err(format!("attribute `{}` is not allowed by the base type", attribute.name)),
        }
    }
    if let Some(missing) = base
        .attributes
        .iter()
        .find(|b| b.required && !derived.attributes.iter().any(|a| a.name == b.name && !a.prohibited))
    {
        return Err(format!("attribute `{}` is required in the base type and cannot be removed", missing.name));
    }
    match (&derived.any_attribute, &base.any_attribute) {
        (Some(_), None) => Err("an attribute wildcard the base type does not have".into()),
        (Some(d), Some(b)) if !wildcard_subset(d, b) => {
            Err("the attribute wildcard is not a subset of the base type's".into())
        }
        _ => Ok(()),
    }
}

/// Whether the fixed values `a` and `b` of the simple type (or simple content) `t` are
/// the same value (written alike but for whitespace, or equal in the value space).
fn same_value(schema: &Schema, t: TypeId, a: &str, b: &str) -> bool {
    if a.split_whitespace().eq(b.split_whitespace()) {
        return true;
    }
    let Some(st) = simple::simple_type(schema, t) else { return false };
    let no_prefixes = |_: &str| None;
    matches!(
        (simple::validate(schema, st, a, &no_prefixes), simple::validate(schema, st, b, &no_prefixes)),
        (Ok(left), Ok(right)) if left == right
    )
}

/// Whether `t` is `base` or derives from it by restriction (list, union).
fn restricts_type(schema: &Schema, t: TypeId, base: TypeId) -> bool {
    base == schema.any_type
        || derivation_bits(&schema.types, t, base)
            .map_or_else(|| derives_or_is_member(&schema.types, t, base), |bits| bits & BLOCK_EXTENSION == 0)
}

/// Whether every namespace `d` allows `b` allows, and `d` validates at least as strictly.
fn wildcard_subset(d: &Wildcard, b: &Wildcard) -> bool {
    let strength = |p: Process| match p {
        Process::Skip => 0,
        Process::Lax => 1,
        Process::Strict => 2,
    };
    if strength(d.process) < strength(b.process) {
        return false;
    }
    match (&d.namespaces, &b.namespaces) {
        (_, NsConstraint::Any) => true,
        (NsConstraint::List(list), _) => list.iter().all(|ns| b.allows(ns)),
        // `##other` excludes the target namespace and no namespace; a larger exclusion
        // list is smaller.
        (NsConstraint::Not(dn), NsConstraint::Not(bn)) => bn.iter().all(|ns| dn.contains(ns)),
        (NsConstraint::Any, _) | (NsConstraint::Not(_), NsConstraint::List(_)) => false,
    }
}

/// Whether the content model allows no child at all.
pub fn emptiable(model: &Model) -> bool {
    match model {
        Model::Dfa(dfa) => dfa.states.first().is_some_and(|s| s.1),
        Model::All { members, optional } => *optional || members.iter().all(|m| !m.1),
    }
}

/// Whether a content model allows no child at all (an empty sequence).
fn allows_nothing_but_empty(model: &Model) -> bool {
    match model {
        Model::Dfa(dfa) => dfa.states.first().is_some_and(|s| s.1 && s.0.is_empty()),
        Model::All { members, .. } => members.is_empty(),
    }
}

/// Checks that the content model `derived` allows only what `base` allows.
pub fn content(schema: &Schema, derived: &Model, base: &Model) -> Result<(), String> {
    match (derived, base) {
        (Model::Dfa(d), Model::Dfa(b)) => sublanguage(schema, d, b),
        (Model::All { members: d, optional: d_optional }, Model::All { members: b, optional: b_optional }) => {
            if *d_optional && !*b_optional && b.iter().any(|m| m.1) {
                return Err("the base type's `xs:all` group is required".into());
            }
            for &(elem, _) in d {
                let Some(&(base_elem, _)) = b.iter().find(|m| schema.elements[m.0].name == schema.elements[elem].name)
                else {
                    return Err(format!("element `{}` is not in the base type's `xs:all`", schema.elements[elem].name));
                };
                element(schema, elem, base_elem)?;
            }
            match b
                .iter()
                .find(|m| m.1 && !d.iter().any(|x| x.1 && schema.elements[x.0].name == schema.elements[m.0].name))
            {
                Some(m) => Err(format!("element `{}` is required in the base type", schema.elements[m.0].name)),
                None => Ok(()),
            }
        }
        (Model::Dfa(d), Model::All { members: b, .. }) => {
            for edge in d.states.iter().flat_map(|s| &s.0) {
                let Symbol::Element(elem) = &edge.0 else {
                    return Err("a wildcard cannot restrict an `xs:all` group".into());
                };
                let Some(&(base_elem, _)) = b.iter().find(|m| schema.elements[m.0].name == schema.elements[*elem].name)
                else {
                    return Err(format!(
                        "element `{}` is not in the base type's `xs:all`",
                        schema.elements[*elem].name
                    ));
                };
                element(schema, *elem, base_elem)?;
            }
            Ok(())
        }
        (Model::All { .. }, Model::Dfa(_)) => Ok(()),
    }
}

/// Walks the two automata in step from their start states.
fn sublanguage(schema: &Schema, derived: &Dfa, base: &Dfa) -> Result<(), String> {
    let mut seen = HashSet::new();
    let mut stack = vec![(0usize, 0usize)];
    seen.insert((0, 0));
    while let Some((d, b)) = stack.pop() {
        let (d_edges, d_accept) = &derived.states[d];
        let (b_edges, b_accept) = &base.states[b];
        if *d_accept && !*b_accept {
            return Err("the content may end where the base type's content may not".into());
        }
        for (symbol, d_to) in d_edges {
            let b_to = match symbol {
                Symbol::Element(elem) => {
                    let name = &schema.elements[*elem].name;
                    let by_element = b_edges.iter().find_map(|(s, to)| match s {
                        Symbol::Element(be)
                            if schema.elements[*be].name == *name
                                || schema.elements[*be].substitutes.contains(elem) =>
                        {
                            Some((*be, *to))
                        }
                        _ => None,
                    });
                    if let Some((base_elem, to)) = by_element {
                        if schema.elements[base_elem].name == *name {
                            element(schema, *elem, base_elem)?;
                        }
                        to
                    } else if let Some((_, to)) =
                        b_edges.iter().find(|(s, _)| matches!(s, Symbol::Any(w) if w.allows(&name.ns)))
                    {
                        *to
                    } else {
                        return Err(format!("element `{name}` is not allowed there by the base type"));
                    }
                }
                Symbol::Any(w) => {
                    match b_edges.iter().find(|(s, _)| matches!(s, Symbol::Any(bw) if wildcard_subset(w, bw))) {
                        Some((_, to)) => *to,
                        None => return Err("a wildcard the base type does not allow there".into()),
                    }
                }
            };
            if seen.insert((*d_to, b_to)) {
                stack.push((*d_to, b_to));
            }
        }
    }
    Ok(())
}

/// Whether the element declaration `d` restricts the base's `b` of the same name.
fn element(schema: &Schema, d: ElemId, b: ElemId) -> Result<(), String> {
    if d == b {
        return Ok(());
    }
    let (de, be) = (&schema.elements[d], &schema.elements[b]);
    if de.nillable && !be.nillable {
        return Err(format!("element `{}` cannot be nillable: the base's is not", de.name));
    }
    if let Some(fixed) = &be.fixed
        && !de.fixed.as_deref().is_some_and(|f| same_value(schema, be.type_id, f, fixed))
    {
        return Err(format!("element `{}` must keep the base's fixed value `{fixed}`", de.name));
    }
    if de.block & be.block != be.block {
        return Err(format!("element `{}` must block at least what the base's blocks", de.name));
    }
    if !restricts_type(schema, de.type_id, be.type_id) {
        return Err(format!("element `{}`: its type does not derive by restriction from the base's", de.name));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::build::build;
    use super::super::load::{Source, parse};

    /// The error building `body` as a schema gives, if any.
    fn error(body: &str) -> Option<String> {
        let text = format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
                 <xs:complexType name="B"><xs:sequence>
                   <xs:element name="a" type="xs:decimal"/><xs:element name="b" minOccurs="0"/>
                 </xs:sequence><xs:attribute name="r" use="required"/></xs:complexType>{body}</xs:schema>"#
        );
        let source = Source { display: "t.xsd".into(), text, chameleon: None };
        let doc = parse(&source).ok()?;
        build(&[doc]).err().map(|problems| problems[0].message.clone())
    }

    fn restriction(particle: &str, attributes: &str) -> Option<String> {
        error(&format!(
            r#"<xs:complexType name="R"><xs:complexContent><xs:restriction base="B">{particle}{attributes}
               </xs:restriction></xs:complexContent></xs:complexType>"#
        ))
    }

    #[test]
    fn restrictions_allow_only_what_the_base_allows() {
        let a = r#"<xs:sequence><xs:element name="a" type="xs:integer"/></xs:sequence>"#;
        assert_eq!(restriction(a, ""), None);
        let c = r#"<xs:sequence><xs:element name="a" type="xs:integer"/><xs:element name="c"/></xs:sequence>"#;
        assert!(restriction(c, "").unwrap().contains("`c`"));
        let string = r#"<xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence>"#;
        assert!(restriction(string, "").unwrap().contains("type"));
        let optional = r#"<xs:sequence><xs:element name="a" minOccurs="0" type="xs:int"/></xs:sequence>"#;
        assert!(restriction(optional, "").is_some());
        assert!(restriction(a, r#"<xs:attribute name="r" use="prohibited"/>"#).unwrap().contains("required"));
        assert!(restriction(a, r#"<xs:attribute name="s"/>"#).unwrap().contains("`s`"));
    }
}
