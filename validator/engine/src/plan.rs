//! Compiling resolved standards into a plan of checks, once per run.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use conform_catalog::{Catalog, Standard};
use conform_diagnostics::{Level, RuleStamp};
use conform_formats::Format;
use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::artifacts::ArtifactRoot;
use crate::content::{self, ContentMatch};
use crate::registry::{self, CompileContext};
use crate::{Compiled, Input, json_schema};

/// Why a check could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// `check.engine` names no engine.
    #[error("unknown engine `{engine}` (known engines: {})", known.join(", "))]
    UnknownEngine {
        /// The name given.
        engine: String,
        /// Every engine name.
        known: Vec<&'static str>,
    },
    /// The check's parameters do not fit the engine.
    #[error("invalid parameters for engine `{engine}`: {message}")]
    Params {
        /// The engine.
        engine: String,
        /// What is wrong.
        message: String,
    },
    /// An artifact is missing or invalid.
    #[error("{artifact}: {message}")]
    Artifact {
        /// The artifact, as shown to a person.
        artifact: String,
        /// What is wrong.
        message: String,
    },
    /// An artifact is invalid at a position.
    #[error("{artifact}:{line}:{column}: {message}")]
    ArtifactAt {
        /// The artifact, as shown to a person.
        artifact: String,
        /// 1-based line of the problem.
        line: u32,
        /// 1-based column of the problem, in characters.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// Several problems in artifacts (an invalid schema reports every problem found).
    #[error("{} problems:\n{}", problems.len(), problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Artifacts {
        /// Each problem, with its artifact (and place), in order.
        problems: Vec<CompileError>,
    },
    /// A requirement's check failed to compile.
    #[error("{standard} requirement {requirement} ({file}): {source}")]
    Requirement {
        /// `id@version`.
        standard: String,
        /// Requirement id.
        requirement: String,
        /// The `standard.toml`, as shown to a person.
        file: String,
        /// The underlying problem.
        #[source]
        source: Box<CompileError>,
    },
    /// A `detect.xml` scenario is invalid.
    #[error("{standard}: invalid `detect.xml` scenario: {message}")]
    Scenario {
        /// `id@version`.
        standard: String,
        /// What is wrong.
        message: String,
    },
    /// A `detect.files` glob is invalid.
    #[error("{standard}: invalid `detect.files` glob: {message}")]
    Glob {
        /// `id@version`.
        standard: String,
        /// What is wrong.
        message: String,
    },
}

/// One requirement, compiled and stamped.
#[derive(Clone)]
pub struct PlannedCheck {
    /// Rule id, standard, version, level, severity and docs URL of its findings.
    pub stamp: RuleStamp,
    /// The compiled check.
    pub check: Compiled,
}

/// One standard version, compiled.
pub struct PlannedStandard {
    /// `id@version`, or the artifact path for ad-hoc checks.
    pub label: String,
    /// Formats it applies to when selected by detection.
    pub formats: Vec<Format>,
    /// File globs that select it when detecting (none: format alone decides).
    pub files: Option<GlobSet>,
    /// XML scenarios that select it by content when detecting (none: format and files decide).
    pub content: Option<ContentMatch>,
    /// Its requirements.
    pub checks: Vec<PlannedCheck>,
}

impl PlannedStandard {
    /// Whether detection selects this standard for `path` in `format`, before its content
    /// is looked at.
    #[must_use]
    pub fn detects(&self, path: &str, format: Format) -> bool {
        self.formats.contains(&format) && self.files.as_ref().is_none_or(|globs| globs.is_match(path))
    }

    /// Whether any requirement checks inputs of `format`.
    #[must_use]
    pub fn accepts(&self, format: Format) -> bool {
        self.checks.iter().any(|c| c.check.accepts(format))
    }
}

/// Everything a run checks, compiled once.
pub struct Plan {
    /// The standards in play.
    pub standards: Vec<PlannedStandard>,
    /// Whether the standards were named by the user (`--standard`), rather than candidates
    /// for detection.
    pub explicit: bool,
}

impl Plan {
    /// Compiles `standards` of `catalog`. `explicit` is true when the user named them.
    pub fn compile(catalog: &Catalog, standards: &[&Standard], explicit: bool) -> Result<Self, CompileError> {
        Self::compile_in_phase(catalog, standards, explicit, None)
    }

    /// Compiles `standards` of `catalog` as [`Plan::compile`] does, running their Schematron
    /// requirements in `phase` (`conform check --phase`) instead of the phase they name.
    pub fn compile_in_phase(
        catalog: &Catalog,
        standards: &[&Standard],
        explicit: bool,
        phase: Option<&str>,
    ) -> Result<Self, CompileError> {
        let mut cache: HashMap<String, Compiled> = HashMap::new();
        let mut planned = Vec::with_capacity(standards.len());
        for standard in standards {
            planned.push(compile_standard(catalog, standard, phase, &mut cache)?);
        }
        Ok(Self { standards: planned, explicit })
    }

    /// A plan checking inputs against one JSON Schema (JSON, NDJSON and YAML inputs), a
    /// Frictionless Table Schema (CSV), for an `.xsd` file an XML Schema or, for an ISO
    /// Schematron schema, its rules in `phase` (`None`: its default phase), without a catalog.
    pub fn ad_hoc_schema(schema: &Path, phase: Option<&str>) -> Result<Self, CompileError> {
        if schema.extension().is_some_and(|e| e.eq_ignore_ascii_case("xsd")) {
            return crate::xsd::ad_hoc_plan(schema);
        }
        if crate::schematron::is_schematron(schema) {
            return crate::schematron::ad_hoc_plan(schema, phase);
        }
        let (root, name) = ArtifactRoot::for_file(schema);
        let stamp = RuleStamp::ad_hoc("schema", Level::Must);
        let (formats, check) = if is_table_schema(schema) {
            let params = crate::table_schema::Params {
                schema: name,
                encoding: Some("detect".to_owned()),
                ..crate::table_schema::Params::default()
            };
            let check = crate::table_schema::TableSchemaCheck::compile(&root, &params)?;
            (vec![Format::Csv], Compiled::File(Arc::new(check)))
        } else {
            let check = json_schema::JsonSchemaCheck::compile(&root, &name, true, None)?;
            (vec![Format::Json, Format::Ndjson, Format::Yaml], Compiled::Record(Arc::new(check)))
        };
        let standard = PlannedStandard {
            label: schema.display().to_string(),
            formats,
            files: None,
            content: None,
            checks: vec![PlannedCheck { stamp, check }],
        };
        Ok(Self { standards: vec![standard], explicit: true })
    }

    /// The standards that apply to `input` read as `format`, and, when detection by content
    /// turned it down, why (what the document is, and what the standards look for).
    #[must_use]
    pub fn applicable(&self, input: &Input, format: Format) -> (Vec<&PlannedStandard>, Option<String>) {
        if self.explicit {
            return (self.standards.iter().filter(|s| s.accepts(format)).collect(), None);
        }
        let candidates: Vec<&PlannedStandard> =
            self.standards.iter().filter(|s| s.detects(&input.name, format) && s.accepts(format)).collect();
        let by_content: Vec<&ContentMatch> =
            candidates.iter().filter_map(|s| s.content.as_ref()).filter(|_| format == Format::Xml).collect();
        if by_content.is_empty() {
            return (candidates, None);
        }
        let sniffed = content::sniff(input, by_content.iter().copied());
        let selected: Vec<&PlannedStandard> = candidates
            .iter()
            .copied()
            .filter(|s| format != Format::Xml || s.content.as_ref().is_none_or(|m| m.matches(&sniffed)))
            .collect();
        let reason = selected.is_empty().then(|| {
            let wanted: Vec<String> = candidates
                .iter()
                .filter_map(|s| s.content.as_ref().map(|m| format!("{} wants {}", s.label, m.describe())))
                .collect();
            format!("its content matches no scenario: {}; {}", sniffed.describe(), wanted.join("; "))
        });
        (selected, reason)
    }
}

/// Whether `schema` is a Frictionless Table Schema, recognised by content: a JSON object
/// whose `fields` is an array of objects with a `name`, and no JSON Schema keyword at the top.
fn is_table_schema(schema: &Path) -> bool {
    use serde::de::IgnoredAny;
    /// What telling a Table Schema from a JSON Schema reads: the field names and the
    /// JSON Schema keywords, nothing else (a descriptor of a million fields is not built
    /// twice).
    #[derive(serde::Deserialize)]
    struct Sniffed {
        #[serde(rename = "fields")]
        _fields: Vec<Named>,
        #[serde(rename = "$schema")]
        schema: Option<IgnoredAny>,
        #[serde(rename = "type")]
        ty: Option<IgnoredAny>,
        properties: Option<IgnoredAny>,
        #[serde(rename = "$ref")]
        reference: Option<IgnoredAny>,
        #[serde(rename = "allOf")]
        all_of: Option<IgnoredAny>,
        #[serde(rename = "anyOf")]
        any_of: Option<IgnoredAny>,
        #[serde(rename = "oneOf")]
        one_of: Option<IgnoredAny>,
    }
    #[derive(serde::Deserialize)]
    struct Named {
        #[serde(rename = "name")]
        _name: String,
    }
    let Ok(bytes) = std::fs::read(schema) else { return false };
    let Ok(s) = serde_json::from_slice::<Sniffed>(&bytes) else { return false };
    [s.schema, s.ty, s.properties, s.reference, s.all_of, s.any_of, s.one_of].iter().all(Option::is_none)
}

fn compile_standard(
    catalog: &Catalog,
    standard: &Standard,
    phase: Option<&str>,
    cache: &mut HashMap<String, Compiled>,
) -> Result<PlannedStandard, CompileError> {
    let label = standard.label();
    let root = ArtifactRoot::Catalog { source: catalog.source.clone(), dir: standard.dir.clone() };
    let standard_id: Arc<str> = Arc::from(standard.id.as_str());
    let version: Arc<str> = Arc::from(standard.version.to_string());
    let mut checks = Vec::with_capacity(standard.requirements.len());
    for requirement in &standard.requirements {
        let wrap = |source: CompileError| CompileError::Requirement {
            standard: label.clone(),
            requirement: requirement.id.clone(),
            file: catalog.source.display(&standard.manifest_path()),
            source: Box::new(source),
        };
        let engine = registry::engine(&requirement.check.engine).ok_or_else(|| {
            wrap(CompileError::UnknownEngine {
                engine: requirement.check.engine.clone(),
                known: registry::ENGINES.iter().map(|e| e.name).collect(),
            })
        })?;
        let key = format!("{}\0{}\0{}", standard.dir, engine.name, requirement.check.params);
        let check = if let Some(check) = cache.get(&key) {
            check.clone()
        } else {
            let check = (engine.compile)(&requirement.check.params, &mut CompileContext { root: &root, phase })
                .map_err(wrap)?;
            cache.insert(key, check.clone());
            check
        };
        let stamp = RuleStamp {
            rule: Arc::from(requirement.id.as_str()),
            standard: Some(Arc::clone(&standard_id)),
            version: Some(Arc::clone(&version)),
            level: requirement.level,
            severity: requirement.level.severity(),
            url: Some(Arc::from(catalog.docs_url(&standard.id, &version, &requirement.id))),
            help: requirement.fix.as_deref().map(Arc::from),
        };
        checks.push(PlannedCheck { stamp, check });
    }
    let formats = standard.detect.formats.iter().filter_map(|f| f.parse().ok()).collect();
    let files = if standard.detect.files.is_empty() {
        None
    } else {
        let mut builder = GlobSetBuilder::new();
        for pattern in &standard.detect.files {
            let glob = Glob::new(pattern)
                .map_err(|err| CompileError::Glob { standard: label.clone(), message: err.to_string() })?;
            builder.add(glob);
        }
        Some(builder.build().map_err(|err| CompileError::Glob { standard: label.clone(), message: err.to_string() })?)
    };
    let content = if standard.detect.xml.is_empty() {
        None
    } else {
        Some(
            ContentMatch::compile(&standard.detect.xml)
                .map_err(|message| CompileError::Scenario { standard: label.clone(), message })?,
        )
    };
    Ok(PlannedStandard { label, formats, files, content, checks })
}
