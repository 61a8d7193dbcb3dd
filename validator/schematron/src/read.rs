//! Reading a Schematron schema: includes, abstract patterns with parameters, abstract rules.
//!
//! Anything of the Schematron namespace this reader does not implement is an error at its
//! position (fail closed); elements of other namespaces are ignored as ISO allows, except XSLT
//! elements, whose meaning (functions, keys) cannot be honoured without an XSLT processor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use roxmltree::{Document, Node};

use crate::SchemaError;
use crate::model::{
    Check, CheckKind, Let, Message, Part, Pattern, Phase, Property, QueryBinding, Rule, Schema, SourcePos,
};

/// The ISO Schematron namespace.
pub const SCH_NS: &str = "http://purl.oclc.org/dsdl/schematron";
const XSL_NS: &str = "http://www.w3.org/1999/XSL/Transform";
/// Deepest chain of includes.
const MAX_INCLUDE_DEPTH: usize = 32;
/// Most files read by one schema (all includes together).
const MAX_FILES: usize = 1000;
/// Largest Schematron file read.
const MAX_FILE_BYTES: u64 = 64 << 20;

/// Where files come from: the filesystem, or (for tests and embedding) a closure.
pub type Loader<'a> = dyn Fn(&Path) -> Result<String, String> + 'a;

/// A rule before `extends` are resolved.
#[derive(Clone)]
struct RawRule {
    rule: Rule,
    is_abstract: bool,
    /// Lets, checks and `extends`, in document order.
    items: Vec<Item>,
}

#[derive(Clone)]
enum Item {
    Let(Let),
    Check(Check),
    Extends(String, SourcePos),
}

#[derive(Clone)]
struct RawPattern {
    pattern: Pattern,
    is_abstract: bool,
    is_a: Option<(String, SourcePos)>,
    params: Vec<(String, String)>,
    rules: Vec<RawRule>,
}

struct Reader<'l> {
    load: &'l Loader<'l>,
    files: usize,
    schema: Schema,
    patterns: Vec<RawPattern>,
    /// Rules read outside patterns (in `rules` elements): abstract rules for `extends`.
    loose_rules: Vec<RawRule>,
}

/// Reads the schema in `path` through `load`.
pub fn read(path: &Path, load: &Loader<'_>) -> Result<Schema, SchemaError> {
    let mut reader = Reader {
        load,
        files: 0,
        schema: Schema {
            query_binding: QueryBinding::XPath1,
            title: None,
            namespaces: Vec::new(),
            lets: Vec::new(),
            phases: Vec::new(),
            default_phase: None,
            patterns: Vec::new(),
            diagnostics: HashMap::new(),
            properties: HashMap::new(),
            notes: Vec::new(),
        },
        patterns: Vec::new(),
        loose_rules: Vec::new(),
    };
    let text = reader.load_file(path, None)?;
    let file: Arc<str> = Arc::from(path.display().to_string());
    let doc = parse(&text, &file)?;
    let root = doc.root_element();
    let src = Src { doc: &doc, file: &file, dir: path.parent().unwrap_or(Path::new("")), depth: 0 };
    if !is_sch(root, "schema") {
        return Err(src.error(root, "the root element is not an ISO Schematron `schema`".into()));
    }
    reader.schema_element(src, root)?;
    reader.finish()
}

/// Reads a schema from the filesystem.
pub fn read_file(path: &Path) -> Result<Schema, SchemaError> {
    read(path, &|p: &Path| {
        let meta = std::fs::metadata(p).map_err(|e| e.to_string())?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(format!("larger than {MAX_FILE_BYTES} bytes"));
        }
        std::fs::read_to_string(p).map_err(|e| e.to_string())
    })
}

fn parse<'t>(text: &'t str, file: &Arc<str>) -> Result<Document<'t>, SchemaError> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    Document::parse_with_options(text, options).map_err(|err| {
        let pos = err.pos();
        SchemaError::at(SourcePos { file: Arc::clone(file), line: pos.row, column: pos.col }, err.to_string())
    })
}

fn is_sch(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(SCH_NS) && node.tag_name().name() == name
}

/// One source file being read.
#[derive(Clone, Copy)]
struct Src<'a, 'd> {
    doc: &'a Document<'d>,
    file: &'a Arc<str>,
    dir: &'a Path,
    depth: usize,
}

impl Src<'_, '_> {
    fn pos(&self, node: Node<'_, '_>) -> SourcePos {
        let at = self.doc.text_pos_at(node.range().start);
        SourcePos { file: Arc::clone(self.file), line: at.row, column: at.col }
    }

    fn error(&self, node: Node<'_, '_>, message: String) -> SchemaError {
        SchemaError::at(self.pos(node), message)
    }

    /// Checks that `node` has only the `allowed` attributes (plus `xml:*` and foreign ones).
    fn attributes(&self, node: Node<'_, '_>, allowed: &[&str]) -> Result<(), SchemaError> {
        for attr in node.attributes() {
            if attr.namespace().is_some() {
                continue;
            }
            if !allowed.contains(&attr.name()) {
                return Err(self.error(
                    node,
                    format!("attribute `{}` of `{}` is not supported", attr.name(), node.tag_name().name()),
                ));
            }
        }
        Ok(())
    }

    fn required<'n>(&self, node: Node<'n, '_>, name: &str) -> Result<&'n str, SchemaError> {
        node.attribute(name)
            .ok_or_else(|| self.error(node, format!("`{}` needs the attribute `{name}`", node.tag_name().name())))
    }

    /// The Schematron children of `node`; XSLT children are an error, other foreign ones ignored.
    fn children<'n>(&self, node: Node<'n, 'n>) -> Result<Vec<Node<'n, 'n>>, SchemaError> {
        let mut out = Vec::new();
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().namespace() {
                Some(SCH_NS) => out.push(child),
                Some(XSL_NS) => {
                    return Err(self.error(
                        child,
                        format!("XSLT element `xsl:{}` is not supported (no XSLT processor)", child.tag_name().name()),
                    ));
                }
                _ => {}
            }
        }
        Ok(out)
    }
}

const COMMON: &[&str] = &["id", "icon", "see", "fpi", "role", "flag", "subject", "properties"];

impl Reader<'_> {
    fn load_file(&mut self, path: &Path, at: Option<&SourcePos>) -> Result<String, SchemaError> {
        self.files += 1;
        let fail = |message: String| match at {
            Some(pos) => SchemaError::at(pos.clone(), message),
            None => SchemaError::new(message),
        };
        if self.files > MAX_FILES {
            return Err(fail(format!("more than {MAX_FILES} included files")));
        }
        (self.load)(path).map_err(|e| fail(format!("cannot read {}: {e}", path.display())))
    }

    /// Reads the file an `include` names and hands its root element to `each`.
    fn include(
        &mut self,
        src: Src<'_, '_>,
        node: Node<'_, '_>,
        each: &mut dyn FnMut(&mut Self, Src<'_, '_>, Node<'_, '_>) -> Result<(), SchemaError>,
    ) -> Result<(), SchemaError> {
        src.attributes(node, &["href", "id", "icon", "see", "fpi"])?;
        let href = src.required(node, "href")?;
        if href.contains('#') || href.contains("://") {
            return Err(src.error(node, format!("include of `{href}`: only relative file references are supported")));
        }
        if src.depth >= MAX_INCLUDE_DEPTH {
            return Err(src.error(node, format!("includes nested deeper than {MAX_INCLUDE_DEPTH}")));
        }
        let path: PathBuf = src.dir.join(href);
        let text = self.load_file(&path, Some(&src.pos(node)))?;
        let file: Arc<str> = Arc::from(path.display().to_string());
        let doc = parse(&text, &file)?;
        let root = doc.root_element();
        let inner = Src { doc: &doc, file: &file, dir: path.parent().unwrap_or(Path::new("")), depth: src.depth + 1 };
        if root.tag_name().namespace() != Some(SCH_NS) {
            return Err(inner.error(root, "an included file's root element must be of the Schematron namespace".into()));
        }
        each(self, inner, root)
    }

    fn schema_element(&mut self, src: Src<'_, '_>, node: Node<'_, '_>) -> Result<(), SchemaError> {
        src.attributes(node, &["id", "fpi", "schemaVersion", "defaultPhase", "queryBinding", "icon", "see"])?;
        let binding = node.attribute("queryBinding").unwrap_or("xslt");
        self.schema.query_binding = match binding.trim().to_ascii_lowercase().as_str() {
            "xslt2" | "xpath2" | "xslt3" | "xpath3" | "xpath31" => QueryBinding::XPath2Plus,
            "xslt" | "xpath" => {
                self.schema.notes.push(format!(
                    "queryBinding `{binding}` (XPath 1.0): expressions run as XPath 3.1, where a few results differ"
                ));
                QueryBinding::XPath1
            }
            other => return Err(src.error(node, format!("unknown queryBinding `{other}`"))),
        };
        self.schema.default_phase = node.attribute("defaultPhase").map(str::to_owned);
        for child in src.children(node)? {
            self.schema_child(src, child)?;
        }
        Ok(())
    }

    fn schema_child(&mut self, src: Src<'_, '_>, child: Node<'_, '_>) -> Result<(), SchemaError> {
        match child.tag_name().name() {
            "include" => self.include(src, child, &mut |r, s, n| r.schema_child(s, n)),
            "title" => {
                self.schema.title = Some(normalize(&text_of(child)));
                Ok(())
            }
            "p" | "title_" => Ok(()),
            "ns" => {
                src.attributes(child, &["prefix", "uri"])?;
                let prefix = src.required(child, "prefix")?.to_owned();
                let uri = src.required(child, "uri")?.to_owned();
                self.schema.namespaces.push((prefix, uri));
                Ok(())
            }
            "let" => {
                let l = let_element(src, child)?;
                self.schema.lets.push(l);
                Ok(())
            }
            "phase" => self.phase(src, child),
            "pattern" => {
                let pattern = self.pattern(src, child)?;
                self.patterns.push(pattern);
                Ok(())
            }
            "diagnostics" => self.diagnostics(src, child),
            "properties" => self.properties(src, child),
            "rules" => {
                for rule in src.children(child)? {
                    let raw = self.rule_or_include(src, rule)?;
                    self.loose_rules.extend(raw);
                }
                Ok(())
            }
            other => Err(src.error(child, format!("Schematron element `{other}` is not supported in `schema`"))),
        }
    }

    fn phase(&mut self, src: Src<'_, '_>, node: Node<'_, '_>) -> Result<(), SchemaError> {
        src.attributes(node, &["id", "fpi", "icon", "see", "from", "when"])?;
        if node.attribute("from").is_some() || node.attribute("when").is_some() {
            return Err(src.error(node, "phase `from`/`when` (ISO 2020) are not supported".into()));
        }
        let mut phase = Phase {
            id: src.required(node, "id")?.to_owned(),
            active: Vec::new(),
            lets: Vec::new(),
            pos: src.pos(node),
        };
        for child in src.children(node)? {
            match child.tag_name().name() {
                "active" => {
                    src.attributes(child, &["pattern"])?;
                    phase.active.push(src.required(child, "pattern")?.to_owned());
                }
                "let" => phase.lets.push(let_element(src, child)?),
                "p" => {}
                "include" => {
                    return Err(src.error(child, "include inside `phase` is not supported".into()));
                }
                other => {
                    return Err(src.error(child, format!("Schematron element `{other}` is not supported in `phase`")));
                }
            }
        }
        self.schema.phases.push(phase);
        Ok(())
    }

    fn diagnostics(&mut self, src: Src<'_, '_>, node: Node<'_, '_>) -> Result<(), SchemaError> {
        for child in src.children(node)? {
            match child.tag_name().name() {
                "diagnostic" => {
                    src.attributes(child, &["id", "icon", "see", "fpi", "role"])?;
                    let id = src.required(child, "id")?.to_owned();
                    let message = message(src, child)?;
                    self.schema.diagnostics.insert(id, message);
                }
                "include" => self.include(src, child, &mut |r, s, n| {
                    if is_sch(n, "diagnostics") { r.diagnostics(s, n) } else { r.diagnostics_one(s, n) }
                })?,
                other => {
                    return Err(
                        src.error(child, format!("Schematron element `{other}` is not supported in `diagnostics`"))
                    );
                }
            }
        }
        Ok(())
    }

    fn diagnostics_one(&mut self, src: Src<'_, '_>, node: Node<'_, '_>) -> Result<(), SchemaError> {
        if !is_sch(node, "diagnostic") {
            return Err(src.error(node, "expected a `diagnostic`".into()));
        }
        let id = src.required(node, "id")?.to_owned();
        let message = message(src, node)?;
        self.schema.diagnostics.insert(id, message);
        Ok(())
    }

    fn properties(&mut self, src: Src<'_, '_>, node: Node<'_, '_>) -> Result<(), SchemaError> {
        for child in src.children(node)? {
            if child.tag_name().name() != "property" {
                return Err(src.error(
                    child,
                    format!("Schematron element `{}` is not supported in `properties`", child.tag_name().name()),
                ));
            }
            src.attributes(child, &["id", "role", "scheme"])?;
            let id = src.required(child, "id")?.to_owned();
            let property = Property {
                role: child.attribute("role").map(str::to_owned),
                scheme: child.attribute("scheme").map(str::to_owned),
                message: message(src, child)?,
            };
            self.schema.properties.insert(id, property);
        }
        Ok(())
    }

    fn pattern(&mut self, src: Src<'_, '_>, node: Node<'_, '_>) -> Result<RawPattern, SchemaError> {
        src.attributes(node, &["id", "abstract", "is-a", "icon", "see", "fpi", "role"])?;
        if node.attribute("documents").is_some() {
            return Err(src.error(node, "pattern `documents` is not supported".into()));
        }
        let is_abstract = node.attribute("abstract") == Some("true");
        let is_a = node.attribute("is-a").map(|id| (id.to_owned(), src.pos(node)));
        if is_abstract && node.attribute("id").is_none() {
            return Err(src.error(node, "an abstract pattern needs an `id`".into()));
        }
        let mut raw = RawPattern {
            pattern: Pattern {
                id: node.attribute("id").map(str::to_owned),
                lets: Vec::new(),
                rules: Vec::new(),
                pos: src.pos(node),
            },
            is_abstract,
            is_a,
            params: Vec::new(),
            rules: Vec::new(),
        };
        for child in src.children(node)? {
            match child.tag_name().name() {
                "param" => {
                    src.attributes(child, &["name", "value"])?;
                    let name = src.required(child, "name")?.trim().to_owned();
                    let value = src.required(child, "value")?.to_owned();
                    raw.params.push((name, value));
                }
                "let" => raw.pattern.lets.push(let_element(src, child)?),
                "title" | "p" => {}
                "rule" | "include" => {
                    let rules = self.rule_or_include(src, child)?;
                    raw.rules.extend(rules);
                }
                other => {
                    return Err(src.error(child, format!("Schematron element `{other}` is not supported in `pattern`")));
                }
            }
        }
        if raw.is_a.is_some() && !raw.rules.is_empty() {
            return Err(src.error(node, "a pattern with `is-a` cannot have rules of its own".into()));
        }
        Ok(raw)
    }

    fn rule_or_include(&mut self, src: Src<'_, '_>, node: Node<'_, '_>) -> Result<Vec<RawRule>, SchemaError> {
        if is_sch(node, "include") {
            let mut out = Vec::new();
            self.include(src, node, &mut |r, s, n| {
                if is_sch(n, "rule") {
                    out.push(rule(s, n)?);
                    Ok(())
                } else {
                    let _ = r;
                    Err(s.error(n, "an include here must bring a `rule`".into()))
                }
            })?;
            Ok(out)
        } else if is_sch(node, "rule") {
            Ok(vec![rule(src, node)?])
        } else {
            Err(src.error(node, format!("Schematron element `{}` is not supported here", node.tag_name().name())))
        }
    }

    /// Resolves abstract patterns and abstract rules into concrete patterns.
    fn finish(mut self) -> Result<Schema, SchemaError> {
        let abstract_patterns: HashMap<String, RawPattern> = self
            .patterns
            .iter()
            .filter(|p| p.is_abstract)
            .filter_map(|p| p.pattern.id.clone().map(|id| (id, p.clone())))
            .collect();
        let abstract_rules: HashMap<String, RawRule> = self
            .patterns
            .iter()
            .flat_map(|p| p.rules.iter())
            .chain(self.loose_rules.iter())
            .filter(|r| r.is_abstract)
            .filter_map(|r| r.rule.id.clone().map(|id| (id, r.clone())))
            .collect();
        for raw in std::mem::take(&mut self.patterns) {
            if raw.is_abstract {
                continue;
            }
            let pattern = if let Some((is_a, pos)) = &raw.is_a {
                let template = abstract_patterns
                    .get(is_a)
                    .ok_or_else(|| SchemaError::at(pos.clone(), format!("no abstract pattern `{is_a}`")))?;
                instantiate(template, &raw)
            } else {
                raw
            };
            let mut concrete = pattern.pattern;
            for rule in pattern.rules.into_iter().filter(|r| !r.is_abstract) {
                concrete.rules.push(resolve_rule(rule, &abstract_rules, 0)?);
            }
            self.schema.patterns.push(concrete);
        }
        Ok(self.schema)
    }
}

/// The deepest chain of `extends`.
const MAX_EXTENDS: usize = 32;

fn resolve_rule(raw: RawRule, abstract_rules: &HashMap<String, RawRule>, depth: usize) -> Result<Rule, SchemaError> {
    let mut rule = raw.rule;
    for item in raw.items {
        match item {
            Item::Let(l) => rule.lets.push(l),
            Item::Check(c) => rule.checks.push(c),
            Item::Extends(id, pos) => {
                if depth >= MAX_EXTENDS {
                    return Err(SchemaError::at(pos, format!("`extends` nested deeper than {MAX_EXTENDS}")));
                }
                let base =
                    abstract_rules.get(&id).ok_or_else(|| SchemaError::at(pos, format!("no abstract rule `{id}`")))?;
                let base = resolve_rule(base.clone(), abstract_rules, depth + 1)?;
                rule.lets.extend(base.lets);
                rule.checks.extend(base.checks);
            }
        }
    }
    Ok(rule)
}

fn rule(src: Src<'_, '_>, node: Node<'_, '_>) -> Result<RawRule, SchemaError> {
    src.attributes(node, &["id", "context", "abstract", "flag", "role", "subject", "icon", "see", "fpi"])?;
    if node.attribute("visit-each").is_some() {
        return Err(src.error(node, "rule `visit-each` (ISO 2020) is not supported".into()));
    }
    let is_abstract = node.attribute("abstract") == Some("true");
    let context = if is_abstract {
        if node.attribute("context").is_some() {
            return Err(src.error(node, "an abstract rule cannot have a `context`".into()));
        }
        String::new()
    } else {
        src.required(node, "context")?.to_owned()
    };
    let flag = node.attribute("flag").map(str::to_owned);
    let role = node.attribute("role").map(str::to_owned);
    let mut items = Vec::new();
    for child in src.children(node)? {
        match child.tag_name().name() {
            "let" => items.push(Item::Let(let_element(src, child)?)),
            "assert" | "report" => {
                let mut check = check(src, child)?;
                check.flag = check.flag.or_else(|| flag.clone());
                check.role = check.role.or_else(|| role.clone());
                items.push(Item::Check(check));
            }
            "extends" => {
                src.attributes(child, &["rule"])?;
                let Some(id) = child.attribute("rule") else {
                    return Err(src.error(child, "only `extends rule=\"...\"` is supported".into()));
                };
                items.push(Item::Extends(id.to_owned(), src.pos(child)));
            }
            "p" | "title" => {}
            other => return Err(src.error(child, format!("Schematron element `{other}` is not supported in `rule`"))),
        }
    }
    Ok(RawRule {
        rule: Rule {
            id: node.attribute("id").map(str::to_owned),
            context,
            lets: Vec::new(),
            checks: Vec::new(),
            pos: src.pos(node),
        },
        is_abstract,
        items,
    })
}

fn check(src: Src<'_, '_>, node: Node<'_, '_>) -> Result<Check, SchemaError> {
    src.attributes(node, &[COMMON, &["test", "diagnostics"]].concat())?;
    let kind = if node.tag_name().name() == "assert" { CheckKind::Assert } else { CheckKind::Report };
    let ids = |name: &str| {
        node.attribute(name).map(|v| v.split_whitespace().map(str::to_owned).collect()).unwrap_or_default()
    };
    Ok(Check {
        kind,
        id: node.attribute("id").map(str::to_owned),
        test: src.required(node, "test")?.to_owned(),
        flag: node.attribute("flag").map(str::to_owned),
        role: node.attribute("role").map(str::to_owned),
        message: message(src, node)?,
        diagnostics: ids("diagnostics"),
        properties: ids("properties"),
        pos: src.pos(node),
    })
}

fn let_element(src: Src<'_, '_>, node: Node<'_, '_>) -> Result<Let, SchemaError> {
    src.attributes(node, &["name", "value", "as"])?;
    if node.attribute("as").is_some() {
        return Err(src.error(node, "`let` with `as` (ISO 2020) is not supported".into()));
    }
    let name = src.required(node, "name")?;
    if name.contains(':') {
        return Err(src.error(node, format!("`let` name `{name}`: prefixed variable names are not supported")));
    }
    let Some(value) = node.attribute("value") else {
        return Err(src.error(node, "`let` without `value` (element content) is not supported".into()));
    };
    Ok(Let { name: name.to_owned(), value: value.to_owned(), pos: src.pos(node) })
}

/// The mixed content of an assert, report, diagnostic or property.
fn message(src: Src<'_, '_>, node: Node<'_, '_>) -> Result<Message, SchemaError> {
    let mut parts = Vec::new();
    collect_message(src, node, &mut parts)?;
    Ok(Message(parts))
}

fn collect_message(src: Src<'_, '_>, node: Node<'_, '_>, parts: &mut Vec<Part>) -> Result<(), SchemaError> {
    for child in node.children() {
        if let Some(text) = child.text().filter(|_| child.is_text()) {
            parts.push(Part::Text(text.to_owned()));
            continue;
        }
        if !child.is_element() {
            continue;
        }
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(SCH_NS), "value-of") => {
                src.attributes(child, &["select"])?;
                parts.push(Part::ValueOf { select: src.required(child, "select")?.to_owned(), pos: src.pos(child) });
            }
            (Some(SCH_NS), "name") => {
                src.attributes(child, &["path"])?;
                parts.push(Part::Name { path: child.attribute("path").map(str::to_owned), pos: src.pos(child) });
            }
            (Some(SCH_NS), "emph" | "dir" | "span") => collect_message(src, child, parts)?,
            (Some(XSL_NS), name) => {
                return Err(src.error(child, format!("XSLT element `xsl:{name}` in a message is not supported")));
            }
            (Some(SCH_NS), other) => {
                return Err(src.error(child, format!("Schematron element `{other}` is not supported in a message")));
            }
            _ => collect_message(src, child, parts)?,
        }
    }
    Ok(())
}

fn text_of(node: Node<'_, '_>) -> String {
    node.descendants().filter(Node::is_text).filter_map(|n| n.text()).collect()
}

/// Collapses runs of whitespace to one space and trims.
#[must_use]
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A concrete pattern made from `template` (abstract) with the parameters of `instance`.
fn instantiate(template: &RawPattern, instance: &RawPattern) -> RawPattern {
    let params: HashMap<&str, &str> = instance.params.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let sub = |text: &str| substitute(text, &params);
    let mut rules = template.rules.clone();
    for rule in &mut rules {
        rule.rule.context = sub(&rule.rule.context);
        for item in &mut rule.items {
            match item {
                Item::Let(l) => l.value = sub(&l.value),
                Item::Check(c) => {
                    c.test = sub(&c.test);
                    for part in &mut c.message.0 {
                        substitute_part(part, &sub);
                    }
                }
                Item::Extends(..) => {}
            }
        }
    }
    let mut lets = template.pattern.lets.clone();
    for l in &mut lets {
        l.value = sub(&l.value);
    }
    RawPattern {
        pattern: Pattern {
            id: instance.pattern.id.clone(),
            lets,
            rules: Vec::new(),
            pos: instance.pattern.pos.clone(),
        },
        is_abstract: false,
        is_a: None,
        params: Vec::new(),
        rules,
    }
}

fn substitute_part(part: &mut Part, sub: &dyn Fn(&str) -> String) {
    match part {
        Part::ValueOf { select, .. } => *select = sub(select),
        Part::Name { path: Some(path), .. } => *path = sub(path),
        Part::Text(_) | Part::Name { path: None, .. } => {}
    }
}

/// Replaces every `$name` whose name is a parameter by the parameter's value; the name is
/// read greedily (NCName characters), as an XPath lexer reads a variable reference.
#[must_use]
pub fn substitute(text: &str, params: &HashMap<&str, &str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .map_or(after.len(), |(i, _)| i);
        let name = &after[..len];
        if let Some(value) = params.get(name) {
            out.push_str(value);
        } else {
            out.push('$');
            out.push_str(name);
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_replaced_by_whole_names() {
        let params = HashMap::from([("BR-1", "a"), ("BR-10", "b")]);
        assert_eq!(substitute("$BR-10 and $BR-1 or $BR-2", &params), "b and a or $BR-2");
    }
}
