//! The `xsd` engine: W3C XML Schema 1.0 validation of XML documents.
//!
//! ## What it does
//! Loads an XML Schema (the entry schema and every `xs:include`/`xs:import` it reaches,
//! resolved relative to the including schema inside the standard's folder; never fetched
//! over the network, the W3C's own `xml.xsd` and `xlink.xsd` being bundled; import cycles
//! visited once), compiles every content model once into a
//! deterministic automaton, then validates each XML input in one pass over its events and
//! reports *every* problem, each at the offending element, attribute or text with its line
//! and column and a locator such as
//! `/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode[1]`. An unexpected
//! element names the elements that were expected instead. Validation continues after an
//! error: an unexpected element is validated against its declaration found elsewhere in
//! its parent's content model (or globally), and its parent reports no further content
//! errors.
//!
//! Covered: `targetNamespace`, element and attribute forms, global and local declarations,
//! named and anonymous types, groups and attribute groups, `ref`, substitution groups,
//! abstract elements and types, `sequence`/`choice`/`all` with occurrence bounds,
//! `any`/`anyAttribute` (namespace constraints; strict, lax, skip), mixed and empty
//! content, complex and simple content by extension and restriction, `xsi:type`,
//! `xsi:nil`, `nillable`, `default`/`fixed`, all built-in datatypes and facets, lists,
//! unions, XSD regular expressions, `unique`/`key`/`keyref` and ID/IDREF. See
//! `docs/xsd.md` for what is not supported.
//!
//! ## Parameters
//! - `schema`: the entry schema, relative to the standard's folder.
//!
//! ## Example
//! ```toml
//! check = { engine = "xsd", schema = "xsd/birth-registration.xsd" }
//! ```

mod automaton;
mod build;
mod catalog;
mod datatypes;
mod facets;
mod identity;
mod load;
mod model;
mod regex;
mod representation;
mod restriction;
#[cfg(test)]
mod schema_tests;
mod simple;
mod structure;
mod validate;
mod vocabulary;

use std::io;
use std::path::{Component, Path};
use std::sync::Arc;

use conform_diagnostics::{Finding, Level, RuleStamp};
use conform_formats::Format;
use conform_formats::xml::{XmlOptions, XmlReader};
use serde::Deserialize;

use crate::artifacts::ArtifactRoot;
use crate::plan::{Plan, PlannedCheck, PlannedStandard};
use crate::registry::{CompileContext, parse_params};
use crate::{CompileError, Compiled, FileCheck, Input};

/// Engine name in `check = { engine = "xsd" }`.
pub const NAME: &str = "xsd";

/// The deepest element nesting validated.
const MAX_DEPTH: usize = 1024;

/// Parameters of an `xsd` check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Entry schema file, relative to the standard's folder.
    pub schema: String,
}

/// Compiles the schema named by the parameters.
pub fn compile(params: &toml::Table, ctx: &mut CompileContext<'_>) -> Result<Compiled, CompileError> {
    let params: Params = parse_params(NAME, params)?;
    Ok(Compiled::File(Arc::new(XsdCheck::compile(ctx.root, &params.schema)?)))
}

/// A plan checking XML inputs against the schema file `path` (`conform check --schema
/// x.xsd`). Its includes and imports are read relative to it, and may not leave the
/// current directory (or, for a schema outside it, the schema's own folder).
pub fn ad_hoc_plan(path: &Path) -> Result<Plan, CompileError> {
    let (root, entry) = ad_hoc_root(path);
    let check = XsdCheck::compile(&root, &entry)?;
    let stamp = RuleStamp::ad_hoc("schema", Level::Must);
    let standard = PlannedStandard {
        label: path.display().to_string(),
        formats: vec![Format::Xml],
        files: None,
        content: None,
        checks: vec![PlannedCheck { stamp, check: Compiled::File(Arc::new(check)) }],
    };
    Ok(Plan { standards: vec![standard], explicit: true })
}

/// The folder schema references are confined to, and the entry schema relative to it.
fn ad_hoc_root(path: &Path) -> (ArtifactRoot, String) {
    let cwd = std::env::current_dir().ok();
    let absolute = cwd.as_ref().map_or_else(|| path.to_path_buf(), |cwd| cwd.join(path));
    let inside = cwd.as_ref().and_then(|cwd| {
        let relative = absolute.strip_prefix(cwd).ok()?;
        let parts: Option<Vec<String>> = relative
            .components()
            .map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        Some((cwd.clone(), parts?.join("/")))
    });
    match inside {
        Some((cwd, entry)) if !entry.is_empty() => (ArtifactRoot::Directory(cwd), entry),
        _ => ArtifactRoot::for_file(path),
    }
}

/// A compiled XML Schema.
pub struct XsdCheck {
    schema: model::Schema,
}

impl XsdCheck {
    /// Loads and compiles the schema `entry` (relative to `root`) and what it includes.
    pub fn compile(root: &ArtifactRoot, entry: &str) -> Result<Self, CompileError> {
        Self::compile_documents(root, &[entry])
    }

    /// Loads and compiles one schema made of the documents `entries` (relative to `root`)
    /// and of what they include or import, as a schema processor given several schema
    /// documents at once does.
    pub fn compile_documents(root: &ArtifactRoot, entries: &[&str]) -> Result<Self, CompileError> {
        let load::Sources { sources, unfetched } = load::read_all(root, entries)?;
        let mut schema = {
            let docs = sources.iter().map(load::parse).collect::<Result<Vec<_>, _>>()?;
            // Every problem of the schema for schemas, in every document, then (when there
            // is none) every problem of the components.
            let mut problems = Vec::new();
            for doc in &docs {
                vocabulary::check(doc, &mut problems);
            }
            if !problems.is_empty() {
                return Err(load::problems(problems));
            }
            build::build(&docs).map_err(load::problems)?
        };
        schema.unfetched = unfetched;
        // The parsed documents and their text go before the lookup tables are derived, so
        // the two never take memory at the same time.
        drop(sources);
        schema.index();
        Ok(Self { schema })
    }

    /// Validates the XML document streamed from `input`: the schema's findings, then the
    /// well-formedness error that ended reading, if any.
    #[must_use]
    pub fn validate(&self, input: impl io::Read) -> Vec<Finding> {
        let validated = validate::validate(&self.schema, xml_reader(input));
        let mut findings = validated.findings;
        findings.extend(validated.syntax);
        findings
    }
}

/// The XML reader for instance documents.
fn xml_reader<R: io::Read>(input: R) -> XmlReader<R> {
    XmlReader::with_options(input, XmlOptions { max_depth: MAX_DEPTH, ..XmlOptions::default() })
}

impl FileCheck for XsdCheck {
    fn accepts(&self, format: Format) -> bool {
        format == Format::Xml
    }

    fn check_file(&self, input: &Input, _format: Format, out: &mut Vec<Finding>) -> io::Result<()> {
        // A large document is read ahead on a second thread while this one validates.
        let validated = validate::validate(&self.schema, xml_reader(input.open_unbuffered()?).read_ahead());
        out.extend(validated.findings);
        // Not well-formed: rule `syntax`, as for every other format.
        match validated.syntax {
            Some(finding) => Err(crate::check::SyntaxFailure(finding).into_io()),
            None => Ok(()),
        }
    }
}
