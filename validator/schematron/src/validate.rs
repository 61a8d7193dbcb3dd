//! Running a compiled schema over one document.

use std::collections::HashMap;

use xee_xpath::context::Variables;
use xee_xpath::query::SequenceQuery;
use xee_xpath::{Documents, Item, Query, Sequence};
use xot::xmlname::NameStrInfo;
use xot::{SpanInfo, SpanInfoKey, Xot};

use crate::compile::{CompiledLet, CompiledPart, CompiledRule, Predicate, Validator};
use crate::deferred::Deferred;
use crate::matcher::{self, Branch, NodeIndex};
use crate::model::{CheckKind, SourcePos};
use crate::read::normalize;
use crate::report::{Event, Outcome, OutcomeKind, PropertyText, Report};

/// A document that cannot be read as XML.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct DocumentError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

/// Where a node is: its XPath and its line and column in the source.
struct Locator<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    spans: SpanInfo,
}

impl Locator<'_> {
    fn line_column(&self, offset: usize) -> (u32, u32) {
        line_column(self.text, &self.line_starts, offset)
    }

    /// Line and column of `node`: an element's `<`, an attribute's name, the document's start.
    fn position(&self, xot: &Xot, node: xot::Node) -> (u32, u32) {
        let span = if xot.is_element(node) {
            self.spans.get(SpanInfoKey::ElementStart(node)).map(|s| s.start.saturating_sub(1))
        } else if xot.is_attribute_node(node) {
            let parent = xot.parent(node);
            let name = xot.node_name(node);
            parent.zip(name).and_then(|(p, n)| self.spans.get(SpanInfoKey::AttributeName(p, n))).map(|s| s.start)
        } else {
            None
        };
        span.map_or((1, 1), |offset| self.line_column(offset))
    }
}

/// The XPath of `node` as the ISO skeleton writes it (`/*:Invoice[namespace-uri()='…'][1]/…`).
fn location(xot: &Xot, node: xot::Node) -> String {
    let mut steps = Vec::new();
    let mut current = Some(node);
    while let Some(n) = current {
        if xot.is_element(n) {
            let Some(name) = xot.node_name(n) else { break };
            let (local, ns) = xot.name_ns_str(name);
            let index = xot.preceding_siblings(n).filter(|&s| s != n && xot.node_name(s) == Some(name)).count();
            steps.push(format!("*:{local}[namespace-uri()='{ns}'][{}]", index + 1));
        } else if xot.is_attribute_node(n) {
            let Some(name) = xot.node_name(n) else { break };
            let (local, ns) = xot.name_ns_str(name);
            if ns.is_empty() {
                steps.push(format!("@{local}"));
            } else {
                steps.push(format!("@*[local-name()='{local}' and namespace-uri()='{ns}']"));
            }
        }
        current = xot.parent(n);
    }
    if steps.is_empty() {
        return "/".to_owned();
    }
    steps.reverse();
    format!("/{}", steps.join("/"))
}

/// Error text of an XPath evaluation.
fn xpath_error(err: &impl std::fmt::Display) -> String {
    format!("XPath error: {err}")
}

/// Error text of a failed query: an application error (`fn:error`, a cancelled evaluation)
/// with its code and description, which xee-xpath's text leaves out.
fn query_error(err: &xee_interpreter::error::SpannedError) -> String {
    match &err.error {
        xee_interpreter::error::Error::Application(app) => {
            let span = err.span.map(|s| format!(" ({}..{})", s.range().start, s.range().end)).unwrap_or_default();
            format!("XPath error: {}: {}{span}", app.qname().local_name(), app.description())
        }
        _ => xpath_error(err),
    }
}

impl Validator {
    /// Validates the XML document `xml`.
    pub fn validate(&self, xml: &str) -> Result<Report, DocumentError> {
        let mut documents = Documents::new();
        let (root, spans) = documents.xot_mut().parse_with_span_info(xml).map_err(|err| {
            let offset = err.span().start.min(xml.len());
            let (line, column) = line_column(xml, &line_starts(xml), offset);
            DocumentError { line, column, message: err.to_string() }
        })?;
        documents.documents().borrow_mut().add_root(None, root).map_err(|err| DocumentError {
            line: 1,
            column: 1,
            message: err.to_string(),
        })?;
        let locator = Locator { text: xml, line_starts: line_starts(xml), spans };
        if let Some(deep) = too_deep(documents.xot(), root) {
            let (line, column) = locator.position(documents.xot(), deep);
            let message = format!("elements are nested deeper than {MAX_DEPTH} levels; the input is refused");
            return Err(DocumentError { line, column, message });
        }
        let mut run = Run { validator: self, documents, locator, root, report: Report::new(self) };
        run.all();
        Ok(run.report)
    }
}

/// The deepest element nesting a document may have: as conform's XML reader
/// (`XmlOptions::max_depth`). Every finding carries its node's path, so a deeper document
/// costs time and memory in the square of its depth.
pub const MAX_DEPTH: usize = 512;

/// The first element nested deeper than [`MAX_DEPTH`] levels below `root`, if any.
fn too_deep(xot: &Xot, root: xot::Node) -> Option<xot::Node> {
    let mut depth = 0usize;
    for edge in xot.traverse(root) {
        match edge {
            xot::NodeEdge::Start(node) if xot.is_element(node) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(node);
                }
            }
            xot::NodeEdge::End(node) if xot.is_element(node) => depth -= 1,
            _ => {}
        }
    }
    None
}

fn line_column(text: &str, line_starts: &[usize], offset: usize) -> (u32, u32) {
    let line = line_starts.partition_point(|&s| s <= offset).max(1);
    let start = line_starts[line - 1];
    let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
    (line as u32, column as u32)
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(memchr_newlines(text)).collect()
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1)
}

/// Evaluates `query` with `node` as the context item (compiling it first if it is not yet:
/// an expression that does not compile is an evaluation error).
fn eval(documents: &mut Documents, query: &Deferred, node: xot::Node, vars: &Variables) -> Result<Sequence, String> {
    run_query(documents, query.get().map_err(str::to_owned)?, node, vars)
}

/// Evaluates the compiled `query` with `node` as the context item.
fn run_query(
    documents: &mut Documents,
    query: &SequenceQuery,
    node: xot::Node,
    vars: &Variables,
) -> Result<Sequence, String> {
    query
        .execute_build_context(documents, |builder| {
            builder.context_item(Item::Node(node));
            builder.variables(vars.clone());
        })
        .map_err(|err| query_error(&err))
}

/// The nodes a natively matched rule context selects: each branch's candidates whose
/// ancestors match, with every predicate true (outermost step first, as a path is
/// evaluated); the first predicate error is the context's error.
fn select(
    documents: &mut Documents,
    branches: &[Branch<Predicate>],
    by_name: &NodeIndex,
    vars: &Variables,
) -> Result<Vec<xot::Node>, String> {
    let mut out = Vec::new();
    for branch in branches {
        'candidate: for &node in by_name.candidates(documents.xot(), branch) {
            let Some(path) = matcher::path(documents.xot(), branch, node) else { continue };
            for (step, &at) in branch.steps.iter().zip(&path) {
                for predicate in &step.predicates {
                    let holds = match &predicate.native {
                        Some(test) => test.holds(documents.xot(), at, Some(by_name)),
                        None => eval(documents, &predicate.query, at, vars)?
                            .effective_boolean_value()
                            .map_err(|e| xpath_error(&e))?,
                    };
                    if !holds {
                        continue 'candidate;
                    }
                }
            }
            out.push(node);
        }
    }
    Ok(out)
}

struct Run<'v, 't> {
    validator: &'v Validator,
    documents: Documents,
    locator: Locator<'t>,
    root: xot::Node,
    report: Report,
}

impl Run<'_, '_> {
    fn eval(&mut self, query: &Deferred, node: xot::Node, vars: &Variables) -> Result<Sequence, String> {
        eval(&mut self.documents, query, node, vars)
    }

    fn error(&mut self, node: xot::Node, pos: &SourcePos, id: Option<String>, context: String, message: String) {
        let (line, column) = self.locator.position(self.documents.xot(), node);
        let location = location(self.documents.xot(), node);
        self.report.events.push(Event::Outcome(Outcome {
            kind: OutcomeKind::Error,
            id,
            flag: None,
            role: None,
            test: context,
            message,
            location,
            line,
            column,
            diagnostics: Vec::new(),
            properties: Vec::new(),
            source: pos.clone(),
        }));
    }

    /// Binds `lets` in order into `vars`; an error is reported and stops the caller.
    fn bind(&mut self, lets: &[CompiledLet], node: xot::Node, vars: &mut Variables) -> bool {
        for l in lets {
            match self.eval(&l.query, node, vars) {
                Ok(value) => {
                    vars.insert(l.name.clone(), value);
                }
                Err(message) => {
                    let text = format!("let ${}: {message}", l.name.local_name());
                    self.error(node, &l.pos, None, String::new(), text);
                    return false;
                }
            }
        }
        true
    }

    fn all(&mut self) {
        let mut globals = Variables::new();
        let validator = self.validator;
        if !self.bind(&validator.globals, self.root, &mut globals) {
            return;
        }
        let order = self.visit_order();
        // One pass over the document, for native rule contexts and the `//` paths of native
        // tests: without it each such test would walk the whole document once per context
        // node it runs on (quadratic in the document).
        let by_name = NodeIndex::new(self.documents.xot(), self.root);
        for pattern in &validator.patterns {
            self.report.events.push(Event::ActivePattern { id: pattern.id.clone() });
            let mut winner: HashMap<xot::Node, usize> = HashMap::new();
            for (index, rule) in pattern.rules.iter().enumerate().rev() {
                let selected = match &rule.matcher {
                    Some(branches) => select(&mut self.documents, branches, &by_name, &globals),
                    None => self.eval(&rule.selector, self.root, &globals).map(|nodes| {
                        nodes
                            .iter()
                            .filter_map(|item| if let Item::Node(node) = item { Some(node) } else { None })
                            .collect()
                    }),
                };
                match selected {
                    Ok(nodes) => {
                        for node in nodes {
                            winner.insert(node, index);
                        }
                    }
                    Err(message) => {
                        let text = format!("rule context `{}`: {message}", rule.context.trim());
                        self.error(self.root, &rule.pos, rule.id.clone(), rule.context.clone(), text);
                    }
                }
            }
            if winner.is_empty() {
                continue;
            }
            for &node in &order {
                if let Some(&index) = winner.get(&node) {
                    self.fire(&pattern.rules[index], node, &globals, &by_name);
                }
            }
        }
    }

    /// The document node, then every element and its attributes in document order: the
    /// nodes the ISO skeleton visits.
    fn visit_order(&self) -> Vec<xot::Node> {
        let xot = self.documents.xot();
        let mut order = vec![self.root];
        for node in xot.descendants(self.root) {
            if xot.is_element(node) {
                order.push(node);
                order.extend(xot.attribute_nodes(node));
            }
        }
        order
    }

    fn fire(&mut self, rule: &CompiledRule, node: xot::Node, globals: &Variables, by_name: &NodeIndex) {
        self.report.events.push(Event::FiredRule { id: rule.id.clone(), context: rule.context.clone() });
        let mut vars = globals.clone();
        if !self.bind(&rule.lets, node, &mut vars) {
            return;
        }
        for check in &rule.checks {
            let value = match &check.native {
                Some(test) => Ok(test.holds(self.documents.xot(), node, Some(by_name))),
                None => self
                    .eval(&check.test, node, &vars)
                    .and_then(|s| s.effective_boolean_value().map_err(|e| xpath_error(&e)))
                    .or_else(|err| self.conjuncts(check.conjuncts.get(), node, &vars).ok_or(err)),
            };
            let fired = match value {
                Ok(value) => value == (check.kind == CheckKind::Report),
                Err(message) => {
                    let text = format!("test `{}`: {message}", check.test_text.trim());
                    self.error(node, &check.pos, check.id.clone(), check.test_text.clone(), text);
                    continue;
                }
            };
            if !fired {
                continue;
            }
            let message = self.text(&check.message, node, &vars);
            let diagnostics =
                check.diagnostics.iter().map(|(id, parts)| (id.clone(), self.text(parts, node, &vars))).collect();
            let properties = check
                .properties
                .iter()
                .map(|p| PropertyText {
                    id: p.id.clone(),
                    role: p.role.clone(),
                    scheme: p.scheme.clone(),
                    text: self.text(&p.message, node, &vars),
                })
                .collect();
            let (line, column) = self.locator.position(self.documents.xot(), node);
            let at = location(self.documents.xot(), node);
            let kind =
                if check.kind == CheckKind::Assert { OutcomeKind::FailedAssert } else { OutcomeKind::SuccessfulReport };
            self.report.events.push(Event::Outcome(Outcome {
                kind,
                id: check.id.clone(),
                flag: check.flag.clone(),
                role: check.role.clone(),
                test: check.test_text.clone(),
                message,
                location: at,
                line,
                column,
                diagnostics,
                properties,
                source: check.pos.clone(),
            }));
        }
    }

    /// A test that raised an error, evaluated conjunct by conjunct in order as Saxon does:
    /// `Some(false)` at the first false conjunct; `None` (the error stands) when one raises
    /// an error before any is false, or all are true.
    fn conjuncts(&mut self, conjuncts: &[SequenceQuery], node: xot::Node, vars: &Variables) -> Option<bool> {
        for query in conjuncts {
            let value = run_query(&mut self.documents, query, node, vars);
            match value.and_then(|s| s.effective_boolean_value().map_err(|e| xpath_error(&e))) {
                Ok(true) => {}
                Ok(false) => return Some(false),
                Err(_) => return None,
            }
        }
        None
    }

    /// Evaluates a message; an evaluation error is written into the text (the finding stands).
    fn text(&mut self, parts: &[CompiledPart], node: xot::Node, vars: &Variables) -> String {
        let mut out = String::new();
        for part in parts {
            match part {
                CompiledPart::Text(text) => out.push_str(text),
                CompiledPart::Eval(query) => match self.eval(query, node, vars) {
                    Ok(value) => {
                        let xot = self.documents.xot();
                        let strings: Vec<String> =
                            value.iter().map(|item| item.string_value(xot).unwrap_or_default()).collect();
                        out.push_str(&strings.join(" "));
                    }
                    Err(message) => {
                        out.push('[');
                        out.push_str(&message);
                        out.push(']');
                    }
                },
            }
        }
        normalize(&out)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use super::*;

    const DOC: &str = r#"<ubl:I xmlns:ubl="urn:ubl" xmlns:cac="urn:cac" xmlns:cbc="urn:cbc" id="1">
      <cac:A n="1"><cbc:ID s="x">AE</cbc:ID><cac:T><cbc:ID>VAT</cbc:ID></cac:T></cac:A>
      <cac:A><cbc:ID>S</cbc:ID><cac:B><cac:A n="2"><cbc:ID>Z</cbc:ID></cac:A></cac:B></cac:A>
      <cbc:ID>top</cbc:ID><other a="b"/></ubl:I>"#;

    /// The nodes `context` selects natively and as the XPath selector, on [`DOC`].
    fn both_ways(context: &str) -> (HashSet<xot::Node>, HashSet<xot::Node>) {
        let sch = format!(
            r#"<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
            <ns prefix="ubl" uri="urn:ubl"/><ns prefix="cac" uri="urn:cac"/><ns prefix="cbc" uri="urn:cbc"/>
            <pattern><rule context="{context}"><assert test="true()"/></rule></pattern></schema>"#
        );
        let schema = crate::read(Path::new("t.sch"), &move |_: &Path| Ok(sch.clone())).unwrap();
        let validator = Validator::compile(&schema, None).unwrap();
        let rule = &validator.patterns[0].rules[0];
        let branches = rule.matcher.as_ref().unwrap_or_else(|| panic!("`{context}` is not matched natively"));
        let mut documents = Documents::new();
        let root = documents.xot_mut().parse(DOC).unwrap();
        documents.documents().borrow_mut().add_root(None, root).unwrap();
        let by_name = NodeIndex::new(documents.xot(), root);
        let vars = Variables::new();
        let native = select(&mut documents, branches, &by_name, &vars).unwrap().into_iter().collect();
        let xpath = eval(&mut documents, &rule.selector, root, &vars).unwrap();
        let xpath = xpath.iter().filter_map(|i| if let Item::Node(n) = i { Some(n) } else { None }).collect();
        (native, xpath)
    }

    /// Every test below is decided natively, with the same value as its XPath evaluation on
    /// every node of [`DOC`] (the document node, each element and each attribute).
    #[test]
    fn native_tests_are_the_xpath_tests() {
        for test in [
            "exists(cbc:ID)",
            "not(cac:A/cbc:ID)",
            "cac:A/cac:B/cac:A/cbc:ID",
            "@id",
            "@*",
            "cbc:ID/@s",
            "exists(*/cbc:ID) and not(other/@a)",
            "other/@a or missing",
            "(cac:T) or (cac:B and not(@n))",
            "*/*/*",
            "not(@n) and exists(cbc:ID)",
            "missing/cbc:ID",
            "ubl:I/other",
            "not(not(cbc:ID) or cbc:ID/@s)",
            "not((cac:T|cac:B)/cbc:ID)",
            "exists((cac:A | cac:T)/cbc:ID/@s)",
            "(other | cac:B)",
            "count(cac:A) <= 1",
            "count(cac:A/cbc:ID) = 2",
            "count(*/*) > 2",
            "count(@*) != 0",
            "count(cbc:ID) >= 1 and count(cac:A/cac:B) < 1",
            "contains(' AE S top ', concat(' ', normalize-space(.), ' '))",
            "not(contains(normalize-space(.), ' ')) and contains(' 1 2 ', concat(' ', normalize-space(@n), ' '))",
            "contains(normalize-space(@s), 'x') or contains(\"VATZ\", normalize-space(.))",
            "contains(concat(normalize-space(@a), '|', normalize-space(@id)), 'b|')",
            // Paths from the root and from anywhere decide the same on every node: each is
            // joined with a relative test, so the test still tells nodes apart.
            "//@s and cbc:ID",
            "not(//@zz) and @n",
            "count(//cac:A) = 3 and @n",
            "count(//cbc:ID) = 5 and not(@n)",
            "//cac:A/cbc:ID and cac:B",
            "count(//cac:A/@n) = 2 and cac:T",
            "count(//*) > 3 and @*",
            "count(//@*) >= 5 and cac:T",
            "/ubl:I/cac:A/cbc:ID and @n",
            "not(/cac:A) and cbc:ID",
            "exists((/ubl:I | //cac:B)/cac:A) and cac:T",
            "//cac:B/cac:A/@n and @id",
            "ends-with(name(), 'ID')",
            "ends-with(local-name(), 'D') or starts-with(local-name(), 'o')",
            "starts-with(normalize-space(.), 'V') or ends-with(normalize-space(@n), '2')",
            "contains(local-name(), 'I') and not(ends-with(name(), 'D'))",
            "ends-with(name(), '') and @n",
        ] {
            let sch = format!(
                r#"<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
                <ns prefix="ubl" uri="urn:ubl"/><ns prefix="cac" uri="urn:cac"/><ns prefix="cbc" uri="urn:cbc"/>
                <pattern><rule context="/"><assert test="{}"/></rule></pattern></schema>"#,
                test.replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
            );
            let schema = crate::read(Path::new("t.sch"), &move |_: &Path| Ok(sch.clone())).unwrap();
            let validator = Validator::compile(&schema, None).unwrap();
            let check = &validator.patterns[0].rules[0].checks[0];
            let native = check.native.as_ref().unwrap_or_else(|| panic!("`{test}` is not decided natively"));
            let mut documents = Documents::new();
            let root = documents.xot_mut().parse(DOC).unwrap();
            documents.documents().borrow_mut().add_root(None, root).unwrap();
            let mut nodes = vec![root];
            for node in documents.xot().descendants(root) {
                if documents.xot().is_element(node) {
                    nodes.push(node);
                    nodes.extend(documents.xot().attribute_nodes(node));
                }
            }
            let vars = Variables::new();
            let index = NodeIndex::new(documents.xot(), root);
            let mut seen = HashSet::new();
            for node in nodes {
                let xpath = eval(&mut documents, &check.test, node, &vars).unwrap().effective_boolean_value().unwrap();
                assert_eq!(native.holds(documents.xot(), node, None), xpath, "`{test}` on {node:?}");
                assert_eq!(native.holds(documents.xot(), node, Some(&index)), xpath, "`{test}` on {node:?}, indexed");
                seen.insert(xpath);
            }
            // Each test tells nodes apart, but for the one about a name the document lacks.
            assert_eq!(seen.len(), if test.starts_with("missing") { 1 } else { 2 }, "`{test}`: {seen:?}");
        }
    }

    #[test]
    fn native_selection_is_the_xpath_selection() {
        for context in [
            "cac:A",
            "/ubl:I",
            "//cac:A",
            "cbc:ID[@s]",
            "cac:A/cbc:ID",
            "cac:A[cbc:ID = 'S']/cac:B/cac:A",
            "cac:A[normalize-space(cbc:ID)='AE'][cac:T/normalize-space(upper-case(cbc:ID))='VAT']",
            "@s",
            "cbc:ID/@s",
            "/ubl:I/@id",
            "@*",
            "*",
            "*/cbc:ID",
            "/*/cbc:ID",
            "ubl:I/cbc:ID | cac:A/cbc:ID",
            "other",
            "missing",
            "cac:A[@n = 1]",
            "cac:A[@n]/cbc:ID",
            // Predicates decided natively.
            "//*[ends-with(name(), 'ID')]",
            "*[starts-with(local-name(), 'o')]",
            "cac:A[exists(cac:T)]/cbc:ID",
            "cac:A[not(//@zz)][contains(' 1 2 ', concat(' ', normalize-space(@n), ' '))]",
        ] {
            let (native, xpath) = both_ways(context);
            assert!(!xpath.is_empty() || ["missing"].contains(&context), "{context}");
            assert_eq!(native, xpath, "{context}");
        }
    }

    /// Predicates of the shapes `native_test` decides are decided natively, not compiled.
    #[test]
    fn native_predicates_are_not_evaluated_by_xpath() {
        let sch = r#"<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
            <pattern><rule context="//*[ends-with(name(), 'ID')][@n = 1]"><assert test="true()"/></rule></pattern></schema>"#;
        let schema = crate::read(Path::new("t.sch"), &move |_: &Path| Ok(sch.to_owned())).unwrap();
        let validator = Validator::compile(&schema, None).unwrap();
        let branches = validator.patterns[0].rules[0].matcher.as_ref().unwrap();
        let predicates = &branches[0].steps[0].predicates;
        assert!(predicates[0].native.is_some() && predicates[1].native.is_none());
    }
}
