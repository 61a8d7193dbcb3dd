//! Loading schema documents: the entry schema and every `xs:include`/`xs:import` it
//! reaches (local files only, relative to the including schema; cycles visited once), then
//! indexing their global components by name.

use std::collections::{HashMap, HashSet};

use conform_catalog::CatalogSource;
use roxmltree::{Document, Node, NodeId};

use super::catalog;
use super::model::XS;
use crate::CompileError;
use crate::artifacts::ArtifactRoot;

/// Schema documents above this count are refused (runaway import graphs).
const MAX_DOCUMENTS: usize = 2000;

/// A schema document's text and how it was reached.
pub struct Source {
    /// Shown to a person.
    pub display: String,
    /// Its text (UTF-8).
    pub text: String,
    /// The including schema's namespace, for a chameleon include.
    pub chameleon: Option<String>,
}

/// A parsed schema document.
#[allow(clippy::struct_field_names)]
pub struct Doc<'a> {
    /// Where it came from.
    pub source: &'a Source,
    /// The document.
    pub doc: Document<'a>,
    /// Its effective target namespace (`""`: none).
    pub target: String,
    /// `elementFormDefault="qualified"`.
    pub elements_qualified: bool,
    /// `attributeFormDefault="qualified"`.
    pub attributes_qualified: bool,
}

/// A schema problem at a place in a schema document.
#[derive(Debug)]
pub struct SchemaError {
    /// The document, as shown to a person.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl From<SchemaError> for CompileError {
    fn from(err: SchemaError) -> Self {
        CompileError::Artifact { artifact: format!("{}:{}:{}", err.file, err.line, err.column), message: err.message }
    }
}

/// The compile error for the problems of a schema (at least one): each once, in the order
/// of their documents, then of line and column.
pub fn problems(mut problems: Vec<SchemaError>) -> CompileError {
    let mut files: Vec<String> = Vec::new();
    for p in &problems {
        if !files.contains(&p.file) {
            files.push(p.file.clone());
        }
    }
    problems.sort_by_key(|p| (files.iter().position(|f| *f == p.file), p.line, p.column));
    problems.dedup_by(|a, b| a.file == b.file && a.line == b.line && a.column == b.column && a.message == b.message);
    if problems.len() == 1 {
        return problems.remove(0).into();
    }
    CompileError::Artifacts { problems: problems.into_iter().map(CompileError::from).collect() }
}

impl Doc<'_> {
    /// An error at `node`.
    pub fn error(&self, node: Node<'_, '_>, message: impl Into<String>) -> SchemaError {
        let pos = self.doc.text_pos_at(node.range().start);
        SchemaError { file: self.source.display.clone(), line: pos.row, column: pos.col, message: message.into() }
    }
}

/// Whether `node` is the XML Schema element `local`.
pub fn is_xs(node: Node<'_, '_>, local: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(XS) && node.tag_name().name() == local
}

/// The XML Schema element children of `node`, annotations skipped.
pub fn children<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(|c| c.is_element() && !is_xs(*c, "annotation"))
}

/// A schema document named by a remote `schemaLocation` of an `xs:include` or `xs:import`:
/// never fetched, so the components of its namespace are missing.
#[derive(Debug, Clone)]
pub struct Unfetched {
    /// The namespace the document would have added components to (`""`: none).
    pub namespace: String,
    /// Its location, as written.
    pub location: String,
}

/// What [`read_all`] found: the documents read and those named but never fetched.
pub struct Sources {
    /// The documents read, entries first.
    pub sources: Vec<Source>,
    /// The remote documents not fetched (XSD makes a `schemaLocation` a hint, so a
    /// document that cannot be had is not an error by itself).
    pub unfetched: Vec<Unfetched>,
}

/// Reads the entry schemas and everything they include or import.
pub fn read_all(root: &ArtifactRoot, entries: &[&str]) -> Result<Sources, CompileError> {
    let mut sources: Vec<Source> = Vec::new();
    let mut unfetched: Vec<Unfetched> = Vec::new();
    let mut seen: HashSet<(String, Option<String>)> = HashSet::new();
    let mut loaded: HashSet<(String, String)> = HashSet::new();
    let mut redefines: Vec<Redefinition> = Vec::new();
    let mut queue: Vec<Queued> = entries
        .iter()
        .rev()
        .map(|entry| Queued { key: (*entry).to_owned(), chameleon: None, origin: None, bundled: None })
        .collect();
    // Bundled documents read, by index in `sources`, with their namespace.
    let mut bundled_read: Vec<(usize, &str)> = Vec::new();
    // The target namespaces of the documents read that are not bundled.
    let mut own: HashSet<String> = HashSet::new();
    while let Some(Queued { key, chameleon, origin, bundled }) = queue.pop() {
        if !seen.insert((key.clone(), chameleon.clone())) {
            continue;
        }
        if sources.len() >= MAX_DOCUMENTS {
            return Err(CompileError::Artifact {
                artifact: key,
                message: format!("more than {MAX_DOCUMENTS} schema documents are reachable; refused"),
            });
        }
        let source = read_source(root, &key, bundled, origin, chameleon)?;
        let doc = parse(&source)?;
        // A document with its own target namespace is one document however it is reached.
        if !loaded.insert((key.clone(), doc.target.clone())) {
            continue;
        }
        let schema = doc.doc.root_element();
        let base = key.rsplit_once('/').map_or("", |(dir, _)| dir);
        for child in children(schema) {
            let include = is_xs(child, "include") || is_xs(child, "redefine");
            if !include && !is_xs(child, "import") && !is_xs(child, "redefine") {
                continue;
            }
            let Some(location) = child.attribute("schemaLocation") else {
                // An import by namespace alone reads the bundled W3C document, if any.
                if let Some(b) = catalog::import(child.attribute("namespace").unwrap_or_default(), None)
                    .filter(|_| is_xs(child, "import"))
                {
                    queue.push(Queued { key: b.key(), chameleon: None, origin: None, bundled: Some(b) });
                }
                continue;
            };
            // A redefinition that redefines nothing is an include.
            let redefines_nothing = !is_xs(child, "redefine") || children(child).next().is_none();
            if location.contains("://") && redefines_nothing {
                // The XML namespace's attributes are built in.
                let namespace = if include {
                    doc.target.clone()
                } else {
                    child.attribute("namespace").unwrap_or_default().to_owned()
                };
                if let Some(b) = catalog::import(&namespace, Some(location)).filter(|_| !include) {
                    queue.push(Queued { key: b.key(), chameleon: None, origin: None, bundled: Some(b) });
                } else if namespace != super::model::XML_NS {
                    unfetched.push(Unfetched { namespace, location: location.to_owned() });
                }
                continue;
            }
            if location.contains("://") {
                // A redefinition not applied would loosen the schema: refused.
                return Err(doc
                    .error(child, format!("schema location `{location}` is remote: schemas are never fetched; ship it with the standard"))
                    .into());
            }
            let target = CatalogSource::join(base, location).map_err(|message| doc.error(child, message))?;
            let chameleon = include.then(|| doc.target.clone()).filter(|t| !t.is_empty());
            let origin = doc.error(child, format!("cannot read `{location}`"));
            if is_xs(child, "redefine") {
                let names = children(child).filter_map(|c| c.attribute("name")).map(|n| n.trim().to_owned()).collect();
                redefines.push(Redefinition { from: key.clone(), to: target.clone(), names, at: doc.error(child, "") });
            }
            queue.push(Queued { key: target, chameleon, origin: Some(origin), bundled: None });
        }
        if let Some(b) = bundled {
            bundled_read.push((sources.len(), b.namespace));
        } else {
            own.insert(doc.target.clone());
        }
        drop(doc);
        sources.push(source);
    }
    // The schema's own document for a namespace wins over the bundled one (both would
    // declare the same components).
    for &(i, namespace) in bundled_read.iter().rev() {
        if own.contains(namespace) {
            sources.remove(i);
        }
    }
    if let Some(mut at) = redefine_cycle(&redefines) {
        at.message = "schema documents redefine the same component of each other in a cycle".into();
        return Err(at.into());
    }
    Ok(Sources { sources, unfetched })
}

/// Reads the schema document `key` (a bundled one, or relative to `root`); a failure is
/// reported at `origin`, the place that named it, when there is one.
fn read_source(
    root: &ArtifactRoot,
    key: &str,
    bundled: Option<&'static catalog::Bundled>,
    origin: Option<SchemaError>,
    chameleon: Option<String>,
) -> Result<Source, CompileError> {
    let artifact = match bundled {
        Some(b) => Ok(crate::artifacts::Artifact {
            display: b.display(),
            key: key.to_owned(),
            bytes: b.text.as_bytes().to_vec(),
        }),
        None => root.read(key),
    };
    let artifact = match artifact {
        Ok(artifact) => artifact,
        Err(err) => {
            return Err(match origin {
                Some(mut at) => {
                    at.message = format!("{}: {err}", at.message);
                    at.into()
                }
                None => err,
            });
        }
    };
    let (bytes, _) = conform_formats::text::strip_bom(&artifact.bytes);
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| CompileError::Artifact {
        artifact: artifact.display.clone(),
        message: "the schema is not UTF-8 text".into(),
    })?;
    Ok(Source { display: artifact.display, text, chameleon })
}

/// A schema document to read: its key (relative to the root, or a bundled document's),
/// the including schema's namespace (chameleon include), the place that named it and the
/// bundled document it is, if one.
struct Queued {
    key: String,
    chameleon: Option<String>,
    origin: Option<SchemaError>,
    bundled: Option<&'static catalog::Bundled>,
}

/// An `xs:redefine`: from the document `from` of `to`, of the components `names`.
struct Redefinition {
    from: String,
    to: String,
    names: Vec<String>,
    at: SchemaError,
}

/// The place of an `xs:redefine` that closes a cycle of redefinitions of one component
/// (documents may redefine each other's other components), if one does.
fn redefine_cycle(edges: &[Redefinition]) -> Option<SchemaError> {
    for edge in edges {
        let shares = |other: &&Redefinition| other.names.iter().any(|n| edge.names.contains(n));
        // Follow redefinitions of the same names from `to`; reaching `from` closes a cycle.
        let mut seen = HashSet::new();
        let mut stack = vec![edge.to.as_str()];
        while let Some(doc) = stack.pop() {
            if doc == edge.from {
                let at = &edge.at;
                return Some(SchemaError {
                    file: at.file.clone(),
                    line: at.line,
                    column: at.column,
                    message: String::new(),
                });
            }
            if seen.insert(doc) {
                stack.extend(edges.iter().filter(|e| e.from == doc).filter(shares).map(|e| e.to.as_str()));
            }
        }
    }
    None
}

/// Parses one schema document.
pub fn parse(source: &Source) -> Result<Doc<'_>, CompileError> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: 5_000_000, ..Default::default() };
    let doc = Document::parse_with_options(&source.text, options).map_err(|err| {
        let pos = err.pos();
        CompileError::Artifact {
            artifact: format!("{}:{}:{}", source.display, pos.row, pos.col),
            message: format!("the schema is not well-formed XML: {err}"),
        }
    })?;
    let root = doc.root_element();
    if !is_xs(root, "schema") {
        let pos = doc.text_pos_at(root.range().start);
        return Err(CompileError::Artifact {
            artifact: format!("{}:{}:{}", source.display, pos.row, pos.col),
            message: "not an XML Schema: the root element is not `xs:schema`".into(),
        });
    }
    let target =
        root.attribute("targetNamespace").map(str::to_owned).or_else(|| source.chameleon.clone()).unwrap_or_default();
    let elements_qualified = root.attribute("elementFormDefault") == Some("qualified");
    let attributes_qualified = root.attribute("attributeFormDefault") == Some("qualified");
    Ok(Doc { source, doc, target, elements_qualified, attributes_qualified })
}

/// The `QName` `value` written on `node`, with its prefix resolved there.
fn resolve_qname(node: Node<'_, '_>, value: Option<&str>) -> Option<super::model::QName> {
    let value = value?.trim();
    let (prefix, local) = value.split_once(':').map_or((None, value), |(p, l)| (Some(p), l));
    let ns = node.lookup_namespace_uri(prefix).unwrap_or_default();
    Some(super::model::QName::new(ns, local))
}

/// Where a global component is declared: document index and node.
pub type Loc = (usize, NodeId);

/// The global components of every document, by kind and name.
#[derive(Default)]
pub struct Index {
    /// `xs:simpleType`/`xs:complexType`.
    pub types: HashMap<super::model::QName, Loc>,
    /// `xs:element`.
    pub elements: HashMap<super::model::QName, Loc>,
    /// `xs:attribute`.
    pub attributes: HashMap<super::model::QName, Loc>,
    /// `xs:group`.
    pub groups: HashMap<super::model::QName, Loc>,
    /// `xs:attributeGroup`.
    pub attribute_groups: HashMap<super::model::QName, Loc>,
    /// `xs:notation`.
    pub notations: HashMap<super::model::QName, Loc>,
    /// Components of an `xs:redefine`: the name under which the component they redefine
    /// is kept (what a self-reference inside them names).
    pub originals: HashMap<Loc, super::model::QName>,
    /// Groups and attribute groups of an `xs:redefine` that do not refer to themselves:
    /// each must restrict the original.
    pub restricting: Vec<Loc>,
}

impl Index {
    /// Indexes the top-level named components of `docs`.
    pub fn new(docs: &[Doc<'_>]) -> Result<Self, SchemaError> {
        let mut index = Self::default();
        let mut redefinitions = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            for child in children(doc.doc.root_element()) {
                let kind = child.tag_name().name();
                if kind == "redefine" {
                    redefinitions.extend(children(child).filter(|c| !is_xs(*c, "annotation")).map(|c| (d, c)));
                    continue;
                }
                let map = match kind {
                    "simpleType" | "complexType" => &mut index.types,
                    "element" => &mut index.elements,
                    "attribute" => &mut index.attributes,
                    "group" => &mut index.groups,
                    "attributeGroup" => &mut index.attribute_groups,
                    "notation" => &mut index.notations,
                    "include" | "import" => continue,
                    other => return Err(doc.error(child, format!("unexpected `{other}` at the top level of a schema"))),
                };
                let Some(name) = child.attribute("name") else {
                    return Err(doc.error(child, format!("a top-level `xs:{kind}` needs a `name`")));
                };
                let qname = super::model::QName::new(&doc.target, name.trim());
                if let Some(&(first_doc, first)) = map.get(&qname) {
                    let first = docs[first_doc].error(docs[first_doc].doc.get_node(first).unwrap_or(child), "");
                    return Err(doc.error(
                        child,
                        format!(
                            "`{qname}` is declared twice: a global `xs:{kind}` of that name is already at {}:{}:{}",
                            first.file, first.line, first.column
                        ),
                    ));
                }
                map.insert(qname, (d, child.id()));
            }
        }
        // A document redefines one read after it: the innermost redefinition of a chain
        // applies first.
        redefinitions.sort_by_key(|&(d, _)| std::cmp::Reverse(d));
        let mut redefined = HashSet::new();
        for (n, (d, child)) in redefinitions.into_iter().enumerate() {
            let kind = if child.tag_name().name().ends_with("Type") { "type" } else { child.tag_name().name() };
            let name = child.attribute("name").unwrap_or_default().trim();
            if !redefined.insert((d, kind, name)) {
                return Err(docs[d].error(child, format!("`{name}` is redefined twice in this schema document")));
            }
            index.redefine(&docs[d], (d, child.id()), n)?;
        }
        Ok(index)
    }

    /// Puts the component at `loc`, a child of `xs:redefine`, in place of the component of
    /// its name, which is kept under a name no schema can write (the `n`th redefinition).
    fn redefine(&mut self, doc: &Doc<'_>, loc: Loc, n: usize) -> Result<(), SchemaError> {
        let Some(node) = doc.doc.get_node(loc.1) else { return Ok(()) };
        let kind = node.tag_name().name();
        let map = match kind {
            "simpleType" | "complexType" => &mut self.types,
            "group" => &mut self.groups,
            _ => &mut self.attribute_groups,
        };
        let Some(name) = node.attribute("name") else {
            return Err(doc.error(node, format!("a redefined `xs:{kind}` needs a `name`")));
        };
        let qname = super::model::QName::new(&doc.target, name.trim());
        let Some(original) = map.insert(qname.clone(), loc) else {
            return Err(doc.error(node, format!("`{qname}` is redefined but the redefined schema does not declare it")));
        };
        let refers_to_self = |a: Node<'_, '_>| {
            resolve_qname(a, a.attribute(if kind.ends_with("Type") { "base" } else { "ref" })) == Some(qname.clone())
        };
        let own: Vec<Node<'_, '_>> = node
            .descendants()
            .filter(|a| {
                if kind.ends_with("Type") {
                    is_xs(*a, "restriction") || is_xs(*a, "extension")
                } else {
                    is_xs(*a, kind)
                }
            })
            .filter(|a| refers_to_self(*a))
            .collect();
        match (kind, own.as_slice()) {
            ("simpleType" | "complexType", []) => {
                return Err(doc.error(node, format!("a redefined type must derive from itself, `{qname}`")));
            }
            ("group" | "attributeGroup", [_, _, ..]) => {
                return Err(doc.error(own[1], format!("a redefinition refers to `{qname}` more than once")));
            }
            ("group", [reference])
                if [reference.attribute("minOccurs"), reference.attribute("maxOccurs")]
                    .iter()
                    .any(|v| v.is_some_and(|v| v.trim() != "1")) =>
            {
                return Err(
                    doc.error(*reference, "a redefined group refers to itself with occurrence bounds other than 1")
                );
            }
            ("group" | "attributeGroup", []) => self.restricting.push(loc),
            _ => {}
        }
        let hidden = super::model::QName::new(&qname.ns, &format!("{}\u{0}{n}", qname.local));
        map.insert(hidden.clone(), original);
        self.originals.insert(loc, hidden);
        Ok(())
    }
}
