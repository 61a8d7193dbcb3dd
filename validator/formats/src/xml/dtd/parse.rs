//! The parser of the DOCTYPE and its internal subset.

use super::{AttributeDecl, Dtd, DtdError, Entity, MAX_ENTITY_DEPTH, character, collapse, normalise};
use crate::xml::declaration::check_instruction;
use crate::xml::names::{is_name_char, is_name_start_char, is_nmtoken};
use crate::xml::unescape::is_xml_char;

/// Deepest nesting of parenthesised content particles and parameter entities accepted.
const MAX_NESTING: usize = 64;

/// Parses the DOCTYPE `text` into `dtd`.
pub(super) fn doctype(text: &str, dtd: &mut Dtd) -> Result<(), DtdError> {
    Parser { s: text, i: 0, dtd, in_entity: false, open: Vec::new() }.doctype()
}

struct Parser<'s, 'd> {
    s: &'s str,
    i: usize,
    dtd: &'d mut Dtd,
    /// Parsing the replacement text of a parameter entity (external-subset rules).
    in_entity: bool,
    /// The parameter entities being read, innermost last.
    open: Vec<String>,
}

type Step<T = ()> = Result<T, DtdError>;

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl<'s> Parser<'s, '_> {
    fn rest(&self) -> &'s str {
        &self.s[self.i..]
    }

    fn fail<T>(&self, message: impl Into<String>) -> Step<T> {
        Err((self.i, message.into()))
    }

    fn eat(&mut self, literal: &str) -> bool {
        if self.rest().starts_with(literal) {
            self.i += literal.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, literal: &str, what: &str) -> Step {
        if self.eat(literal) { Ok(()) } else { self.fail(format!("malformed DTD: expected {what}")) }
    }

    /// Optional white space; whether there was any.
    fn space(&mut self) -> bool {
        let start = self.i;
        let len = self.rest().find(|c| !is_space(c)).unwrap_or(self.rest().len());
        self.i += len;
        self.i > start
    }

    fn required_space(&mut self, after: &str) -> Step {
        if self.space() { Ok(()) } else { self.fail(format!("malformed DTD: white space is required after {after}")) }
    }

    fn name(&mut self, what: &str) -> Step<&'s str> {
        let rest = self.rest();
        let len = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
        let name = &rest[..len];
        if !name.chars().next().is_some_and(is_name_start_char) {
            return self.fail(format!("malformed DTD: expected {what} (a name)"));
        }
        self.i += len;
        Ok(name)
    }

    fn nmtoken(&mut self) -> Step<&'s str> {
        let rest = self.rest();
        let len = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
        let token = &rest[..len];
        if !is_nmtoken(token) {
            return self.fail("malformed DTD: expected a name token");
        }
        self.i += len;
        Ok(token)
    }

    /// A quoted literal; its text.
    fn literal(&mut self, what: &str) -> Step<&'s str> {
        let Some(quote) = self.rest().chars().next().filter(|q| matches!(q, '"' | '\'')) else {
            return self.fail(format!("malformed DTD: expected {what} in quotes"));
        };
        let Some(len) = self.rest()[1..].find(quote) else { return self.fail(format!("{what} is not closed")) };
        let text = &self.s[self.i + 1..self.i + 1 + len];
        self.i += len + 2;
        Ok(text)
    }

    fn doctype(&mut self) -> Step {
        self.expect("<!DOCTYPE", "`<!DOCTYPE`")?;
        self.required_space("`<!DOCTYPE`")?;
        self.name("the root element's name")?;
        let spaced = self.space();
        if self.rest().starts_with("SYSTEM") || self.rest().starts_with("PUBLIC") {
            if !spaced {
                return self.fail("malformed DTD: white space is required before the external identifier");
            }
            let at = self.i;
            let system = self.external_id(false)?;
            self.dtd.external_subset = true;
            if !self.dtd.standalone {
                return Err((
                    at,
                    format!(
                        "the DOCTYPE names an external DTD (`{system}`), which is never fetched: its declarations (default attributes, entities) could change the document, so it is refused (a document that does not depend on it says `standalone=\"yes\"`)"
                    ),
                ));
            }
            self.space();
        }
        if self.eat("[") {
            self.subset()?;
            self.expect("]", "`]` closing the internal subset")?;
            self.space();
        }
        self.expect(">", "`>` closing the DOCTYPE")?;
        if self.i < self.s.len() {
            return self.fail("malformed DTD: text after the DOCTYPE");
        }
        Ok(())
    }

    /// `SYSTEM "uri"` or `PUBLIC "id" "uri"`; for a notation the URI after a public id is
    /// optional.
    /// Returns the system identifier (`""` for a notation's public identifier alone).
    fn external_id(&mut self, notation: bool) -> Step<&'s str> {
        if self.eat("SYSTEM") {
            self.required_space("`SYSTEM`")?;
            return self.literal("the system identifier");
        }
        self.expect("PUBLIC", "`SYSTEM` or `PUBLIC`")?;
        self.required_space("`PUBLIC`")?;
        let at = self.i;
        let public = self.literal("the public identifier")?;
        if let Some(bad) = public.chars().find(|&c| !is_pubid_char(c)) {
            return Err((at, format!("`{}` is not allowed in a public identifier", bad.escape_debug())));
        }
        let spaced = self.space();
        if notation && !self.rest().starts_with(['"', '\'']) {
            return Ok("");
        }
        if !spaced {
            return self.fail("malformed DTD: white space is required between the public and system identifiers");
        }
        self.literal("the system identifier")
    }

    /// Markup declarations and parameter-entity references up to `]` or the end.
    fn subset(&mut self) -> Step {
        loop {
            self.space();
            let rest = self.rest();
            if rest.is_empty() || rest.starts_with(']') {
                return Ok(());
            }
            if rest.starts_with('%') {
                self.parameter_reference()?;
            } else if rest.starts_with("<!--") {
                self.comment()?;
            } else if rest.starts_with("<?") {
                self.instruction()?;
            } else if self.eat("<!ELEMENT") {
                self.element()?;
            } else if self.eat("<!ATTLIST") {
                self.attlist()?;
            } else if self.eat("<!ENTITY") {
                self.entity()?;
            } else if self.eat("<!NOTATION") {
                self.notation()?;
            } else if rest.starts_with("<![") && self.in_entity {
                self.conditional_section()?;
            } else if rest.starts_with("<![") {
                return self.fail(
                    "conditional sections (`<![INCLUDE[`, `<![IGNORE[`) are allowed only in the external DTD subset",
                );
            } else {
                return self.fail(
                    "malformed DTD: expected a markup declaration (`<!ELEMENT`, `<!ATTLIST`, `<!ENTITY`, `<!NOTATION`), a comment, a processing instruction or a parameter-entity reference",
                );
            }
        }
    }

    /// `<![INCLUDE[...]]>` or `<![IGNORE[...]]>` (external-subset rules, in a parameter
    /// entity's replacement text).
    fn conditional_section(&mut self) -> Step {
        self.i += 3;
        self.space();
        let include = self.eat("INCLUDE");
        if !include && !self.eat("IGNORE") {
            return self.fail("malformed DTD: a conditional section starts `<![INCLUDE[` or `<![IGNORE[`");
        }
        self.space();
        self.expect("[", "`[` after `INCLUDE` or `IGNORE`")?;
        if include {
            self.subset()?;
            return self.expect("]]>", "`]]>` closing a conditional section");
        }
        let mut depth = 1_usize;
        while depth > 0 {
            let rest = self.rest();
            let Some(next) = rest.find(['<', ']']) else { return self.fail("a conditional section is not closed") };
            self.i += next;
            if self.eat("<![") {
                depth += 1;
            } else if self.eat("]]>") {
                depth -= 1;
            } else {
                self.i += 1;
            }
        }
        Ok(())
    }

    fn comment(&mut self) -> Step {
        let Some(end) = self.rest()[4..].find("-->") else { return self.fail("a comment is not closed") };
        let body = &self.rest()[4..4 + end];
        if body.contains("--") || body.ends_with('-') {
            return self.fail("`--` is not allowed inside a comment (nor a `-` right before `-->`)");
        }
        self.i += end + 7;
        Ok(())
    }

    fn instruction(&mut self) -> Step {
        let Some(end) = self.rest().find("?>") else { return self.fail("a processing instruction is not closed") };
        let token = &self.rest()[..end + 2];
        check_instruction(token.as_bytes(), false).or_else(|m| self.fail(m))?;
        self.i += end + 2;
        Ok(())
    }

    fn parameter_reference(&mut self) -> Step {
        let at = self.i;
        self.i += 1;
        let name = self.name("a parameter entity's name")?.to_owned();
        self.expect(";", "`;` ending the parameter-entity reference")?;
        let text = match self.dtd.parameters.get(&name) {
            Some(Entity::Internal(text)) => text.clone(),
            Some(_) if !self.dtd.standalone => {
                return Err((
                    at,
                    format!(
                        "`%{name};` refers to an external parameter entity, which is never fetched: its declarations could change the document, so it is refused"
                    ),
                ));
            }
            _ => {
                // Not read, so the declarations after it are not processed.
                self.dtd.skipped = true;
                return Ok(());
            }
        };
        if self.open.contains(&name) {
            return Err((at, format!("parameter entity `%{name};` refers to itself (WFC: No Recursion)")));
        }
        self.dtd.budget.enter(self.open.len(), text.len()).map_err(|m| (at, m))?;
        let text = self.expand_in_declarations(&text).map_err(|m| (at, m))?;
        self.open.push(name);
        let mut inner = Parser { s: &text, i: 0, dtd: self.dtd, in_entity: true, open: std::mem::take(&mut self.open) };
        let result = inner
            .subset()
            .and_then(|()| if inner.i < inner.s.len() { inner.fail("`]` inside a parameter entity") } else { Ok(()) });
        self.open = std::mem::take(&mut inner.open);
        self.open.pop();
        result
            .map_err(|(_, message)| (at, format!("in parameter entity `%{};`: {message}", &self.s[at + 1..self.i - 1])))
    }

    /// The replacement text of a parameter entity, which is read as external-subset
    /// declarations: references to parameter entities inside its declarations (outside
    /// literals) are replaced by their replacement text with a space on each side (XML 1.0
    /// section 4.4.8).
    fn expand_in_declarations(&mut self, text: &str) -> Result<String, String> {
        let mut current = text.to_owned();
        for _ in 0..MAX_ENTITY_DEPTH {
            let (next, changed) = self.expand_once(&current)?;
            if !changed {
                return Ok(next);
            }
            current = next;
        }
        Err(format!("parameter entities are nested more than {MAX_ENTITY_DEPTH} deep"))
    }

    fn expand_once(&mut self, text: &str) -> Result<(String, bool), String> {
        let mut out = String::with_capacity(text.len());
        let (mut changed, mut declaration, mut quote) = (false, false, None);
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            let rest = &text[i..];
            if let Some(q) = quote {
                quote = (c != q).then_some(q);
            } else if !declaration {
                let skipped = if let Some(comment) = rest.strip_prefix("<!--") {
                    comment.find("-->").map(|end| end + 7)
                } else if rest.starts_with("<?") {
                    rest.find("?>").map(|end| end + 2)
                } else {
                    None
                };
                if let Some(len) = skipped {
                    out.push_str(&rest[..len]);
                    i += len;
                    continue;
                }
                declaration = rest.starts_with("<!");
            } else if matches!(c, '"' | '\'') {
                quote = Some(c);
            } else if c == '>' {
                declaration = false;
            } else if c == '%' && rest[1..].chars().next().is_some_and(is_name_start_char) {
                let end = rest.find(';').ok_or("`%` must start a parameter-entity reference")?;
                let name = &rest[1..end];
                let Some(Entity::Internal(value)) = self.dtd.parameters.get(name).cloned() else {
                    return Err(format!(
                        "`%{name};` is an external or undeclared parameter entity, which is never fetched: the declarations that use it cannot be read"
                    ));
                };
                if self.open.iter().any(|open| open == name) {
                    return Err(format!("parameter entity `%{name};` refers to itself (WFC: No Recursion)"));
                }
                self.dtd.budget.enter(0, value.len())?;
                out.push(' ');
                out.push_str(&value);
                out.push(' ');
                changed = true;
                i += end + 1;
                continue;
            }
            out.push(c);
            i += c.len_utf8();
        }
        Ok((out, changed))
    }

    fn element(&mut self) -> Step {
        self.required_space("`<!ELEMENT`")?;
        self.name("the element's name")?;
        self.required_space("the element's name")?;
        if !(self.eat("EMPTY") || self.eat("ANY")) {
            self.expect("(", "`EMPTY`, `ANY` or a content model in parentheses")?;
            self.space();
            if self.eat("#PCDATA") {
                self.mixed()?;
            } else {
                self.group(1)?;
            }
        }
        self.space();
        self.expect(">", "`>` closing `<!ELEMENT`")
    }

    /// Mixed content after `(#PCDATA`.
    fn mixed(&mut self) -> Step {
        let mut names = false;
        loop {
            self.space();
            if self.eat(")") {
                if names {
                    return self.expect("*", "`)*` closing mixed content with element names");
                }
                self.eat("*");
                return Ok(());
            }
            self.expect("|", "`|` or `)` in mixed content")?;
            self.space();
            self.name("an element name")?;
            names = true;
        }
    }

    /// A choice or sequence after its `(` (and white space), with its occurrence mark.
    fn group(&mut self, depth: usize) -> Step {
        if depth > MAX_NESTING {
            return self.fail("a content model is nested too deep");
        }
        let mut separator = None;
        loop {
            self.particle(depth)?;
            self.space();
            if self.eat(")") {
                self.eat_occurrence();
                return Ok(());
            }
            let Some(sep) = self.rest().chars().next().filter(|c| matches!(c, '|' | ',')) else {
                return self.fail("malformed DTD: expected `|`, `,` or `)` in a content model");
            };
            if separator.is_some_and(|s| s != sep) {
                return self.fail("a content model group mixes `|` and `,`");
            }
            separator = Some(sep);
            self.i += 1;
            self.space();
        }
    }

    fn particle(&mut self, depth: usize) -> Step {
        if self.eat("(") {
            self.space();
            return self.group(depth + 1);
        }
        self.name("an element name or `(`")?;
        self.eat_occurrence();
        Ok(())
    }

    fn eat_occurrence(&mut self) {
        if self.rest().starts_with(['?', '*', '+']) {
            self.i += 1;
        }
    }

    fn attlist(&mut self) -> Step {
        self.required_space("`<!ATTLIST`")?;
        let element = self.name("the element's name")?;
        loop {
            let spaced = self.space();
            if self.eat(">") {
                return Ok(());
            }
            if !spaced {
                return self.fail("malformed DTD: white space is required before an attribute definition");
            }
            let name = self.name("an attribute name")?;
            self.required_space("the attribute name")?;
            let tokenized = self.attribute_type()?;
            self.required_space("the attribute type")?;
            let mut default = None;
            if !(self.eat("#REQUIRED") || self.eat("#IMPLIED")) {
                if self.eat("#FIXED") {
                    self.required_space("`#FIXED`")?;
                }
                let at = self.i;
                let value = self.literal("the default value")?;
                default = self.check_default(value).map_err(|(i, m)| (at + 1 + i, m))?;
            }
            // After a parameter entity that was not read, declarations are not processed.
            if !self.dtd.skipped || self.dtd.standalone {
                let declared = self.dtd.attributes.entry(element.to_owned()).or_default();
                if !declared.iter().any(|d| d.name == name) {
                    let default = default.map(|value| if tokenized { collapse(&value) } else { value });
                    declared.push(AttributeDecl { name: name.to_owned(), tokenized, default });
                }
            }
        }
    }

    /// An attribute type; whether its values are tokenized (every type but `CDATA`).
    fn attribute_type(&mut self) -> Step<bool> {
        if self.eat("CDATA") {
            return Ok(false);
        }
        for keyword in ["IDREFS", "IDREF", "ID", "ENTITIES", "ENTITY", "NMTOKENS", "NMTOKEN"] {
            if self.eat(keyword) {
                return Ok(true);
            }
        }
        let notation = self.eat("NOTATION");
        if notation {
            self.required_space("`NOTATION`")?;
        }
        self.expect("(", "an attribute type")?;
        loop {
            self.space();
            if notation {
                self.name("a notation name")?;
            } else {
                self.nmtoken()?;
            }
            self.space();
            if self.eat(")") {
                return Ok(true);
            }
            self.expect("|", "`|` or `)` in an enumeration")?;
        }
    }

    /// A default attribute value: no `<`, references well-formed, declared, internal, and
    /// without `<` in their replacement text. Returns the normalised value, or `None` when
    /// it refers to an entity that may be declared where the reader does not look.
    fn check_default(&mut self, value: &str) -> Step<Option<String>> {
        if let Some(lt) = value.find('<') {
            return Err((lt, "`<` is not allowed in an attribute value (write `&lt;`)".to_owned()));
        }
        let mut out = String::with_capacity(value.len());
        let mut known = true;
        let mut from = 0;
        while let Some(amp) = value[from..].find('&').map(|a| from + a) {
            normalise(&value[from..amp], &mut out);
            let end = value[amp..].find(';').map(|e| amp + e).ok_or((amp, "`&` must be written `&amp;`".to_owned()))?;
            let reference = &value[amp + 1..end];
            if let Some(c) = character(reference).map_err(|m| (amp, m))? {
                out.push(c);
            } else if self.dtd.complete() || self.dtd.general.contains_key(reference) {
                let mut budget = std::mem::take(&mut self.dtd.budget);
                let expanded = self.dtd.expand_in_attribute(reference, &mut out, &mut budget, &mut Vec::new());
                self.dtd.budget = budget;
                expanded.map_err(|m| (amp, m))?;
            } else {
                known = false;
            }
            from = end + 1;
        }
        normalise(&value[from..], &mut out);
        Ok(known.then_some(out))
    }

    fn entity(&mut self) -> Step {
        self.required_space("`<!ENTITY`")?;
        let parameter = self.eat("%");
        if parameter {
            self.required_space("`%`")?;
        }
        let name = self.name("the entity's name")?.to_owned();
        if name.contains(':') {
            return self.fail(format!("entity name `{name}` has a colon (Namespaces in XML 1.0 forbids it)"));
        }
        self.required_space("the entity's name")?;
        let entity = if self.rest().starts_with(['"', '\'']) {
            let at = self.i;
            let value = self.literal("the entity's value")?;
            Entity::Internal(self.entity_value(value).map_err(|(i, m)| (at + 1 + i, m))?)
        } else {
            self.external_id(false)?;
            let spaced = self.space();
            if self.rest().starts_with("NDATA") {
                if parameter {
                    return self.fail("a parameter entity cannot be unparsed (`NDATA`)");
                }
                if !spaced {
                    return self.fail("malformed DTD: white space is required before `NDATA`");
                }
                self.i += 5;
                self.required_space("`NDATA`")?;
                self.name("a notation name")?;
                Entity::Unparsed
            } else {
                Entity::External
            }
        };
        self.space();
        self.expect(">", "`>` closing `<!ENTITY`")?;
        // After a parameter entity that was not read, declarations are not processed.
        if !self.dtd.skipped || self.dtd.standalone {
            let map = if parameter { &mut self.dtd.parameters } else { &mut self.dtd.general };
            map.entry(name).or_insert(entity);
        }
        Ok(())
    }

    /// The replacement text of an entity value literal: character references replaced,
    /// entity references checked and kept.
    fn entity_value(&mut self, value: &str) -> Step<String> {
        let mut out = String::with_capacity(value.len());
        let mut chars = value.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '%' if !self.in_entity => {
                    return Err((
                        i,
                        "parameter-entity references are not allowed inside a declaration of the internal DTD subset"
                            .to_owned(),
                    ));
                }
                '%' => {
                    let end =
                        value[i..].find(';').map(|e| i + e).ok_or((i, "`%` must start a reference".to_owned()))?;
                    let name = &value[i + 1..end];
                    match self.dtd.parameters.get(name) {
                        Some(Entity::Internal(text)) if !self.open.iter().any(|o| o == name) => {
                            self.dtd.budget.enter(0, text.len()).map_err(|m| (i, m))?;
                            out.push_str(text);
                        }
                        _ => return Err((i, format!("parameter entity `%{name};` cannot be read here"))),
                    }
                    skip_to(&mut chars, end);
                }
                '&' => {
                    let end =
                        value[i..].find(';').map(|e| i + e).ok_or((i, "`&` must be written `&amp;`".to_owned()))?;
                    let reference = &value[i + 1..end];
                    match character(reference).map_err(|m| (i, m))? {
                        Some(c) if reference.starts_with('#') => out.push(c),
                        _ => out.push_str(&value[i..=end]),
                    }
                    skip_to(&mut chars, end);
                }
                '\r' if value[i + 1..].starts_with('\n') => {}
                '\r' => out.push('\n'),
                c if !is_xml_char(c) => return Err((i, "a character XML does not allow".to_owned())),
                c => out.push(c),
            }
        }
        Ok(out)
    }

    fn notation(&mut self) -> Step {
        self.required_space("`<!NOTATION`")?;
        if self.name("the notation's name")?.contains(':') {
            return self.fail("a notation name has no colon (Namespaces in XML 1.0)");
        }
        self.required_space("the notation's name")?;
        self.external_id(true)?;
        self.space();
        self.expect(">", "`>` closing `<!NOTATION`")
    }
}

fn skip_to(chars: &mut std::str::CharIndices<'_>, end: usize) {
    while chars.clone().next().is_some_and(|(j, _)| j <= end) {
        chars.next();
    }
}

fn is_pubid_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '\r' | '\n') || "-'()+,./:=?;!*#@$_%".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a DOCTYPE with internal subset `subset` is refused (its byte index in the
    /// subset) and why.
    fn refused(subset: &str) -> (usize, String) {
        let text = format!("<!DOCTYPE d [{subset}]>");
        let (at, message) = Dtd::parse(&text, false).expect_err(subset);
        (at - 13, message)
    }

    #[test]
    fn well_formed_declarations_are_read() {
        let subset = r#"
<!ELEMENT d (a, (b | c)*, e?)+> <!ELEMENT a EMPTY> <!ELEMENT b ANY>
<!ELEMENT c (#PCDATA)> <!ELEMENT e (#PCDATA | a | b)*>
<!ATTLIST d id ID #REQUIRED kind (x | y) "x" n NOTATION (png) #IMPLIED f CDATA #FIXED 'v'>
<!ENTITY g "text &amp; &#60;a/&#62;"> <!ENTITY % p "<!ENTITY q 'Q'>"> %p;
<!ENTITY u SYSTEM "u.bin" NDATA png> <!NOTATION png PUBLIC "-//png//EN">
<!-- a comment with ] and > --> <?pi data?>
"#;
        let dtd = Dtd::parse(&format!("<!DOCTYPE d [{subset}]>"), false).unwrap();
        assert_eq!(dtd.entity("g"), Ok(&Entity::Internal("text &amp; <a/>".to_owned())));
        assert_eq!(dtd.entity("q"), Ok(&Entity::Internal("Q".to_owned())));
        assert_eq!(dtd.entity("u"), Ok(&Entity::Unparsed));
        assert_eq!(dtd.attributes_of("d")[1].default.as_deref(), Some("x"));
    }

    #[test]
    fn malformed_declarations_are_refused_where_they_go_wrong() {
        for (subset, at, needle) in [
            ("<!ELEMENT d (a|b,c)>", 16, "mixes"),
            ("<!ELEMENT d (#PCDATA|a)>", 23, "`)*`"),
            ("<!ELEMENT d>", 11, "white space"),
            ("<!ELEMENT d (a)?? >", 16, "`>`"),
            ("<!ATTLIST d a CDATA>", 19, "white space"),
            ("<!ATTLIST d a CDATA \"<\">", 21, "`<`"),
            ("<!ATTLIST d a CDATA \"&u;\">", 21, "Entity Declared"),
            ("<!ENTITY e \"%p;\">", 12, "parameter-entity references"),
            ("<!ENTITY e \"&#0;\">", 12, "character reference"),
            ("<!ENTITY a:b \"x\">", 12, "colon"),
            ("<!ENTITY % e SYSTEM 'e' NDATA n>", 24, "cannot be unparsed"),
            ("<!ENTITY e PUBLIC '{' 'e'>", 18, "public identifier"),
            ("<!NOTATION n>", 12, "white space"),
            ("<![INCLUDE[ ]]>", 0, "external DTD subset"),
            ("<!-- a -- b -->", 0, "`--`"),
            ("<?xml version='1.0'?>", 0, "XML declaration"),
            ("%undeclared", 11, "`;`"),
            ("<!ENTITY % e '<!ELEMENT'> %e;", 26, "in parameter entity"),
            ("<!ELEMENT d ANY> junk", 17, "markup declaration"),
        ] {
            let (got, message) = refused(subset);
            assert!(message.contains(needle), "{subset}: {message}");
            assert_eq!(got, at, "{subset}: {message}");
        }
    }

    #[test]
    fn an_external_subset_is_refused_unless_standalone() {
        let text = "<!DOCTYPE d SYSTEM 'd.dtd'>";
        assert!(Dtd::parse(text, false).unwrap_err().1.contains("never fetched"));
        assert!(Dtd::parse(text, true).unwrap().external_subset);
    }
}
