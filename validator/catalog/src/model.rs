//! The catalog's data model, as written in `catalog.toml` and `standard.toml`.

use std::fmt;

use conform_diagnostics::Level;
use serde::Deserialize;

use crate::params::Parameter;

/// `standards/catalog.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CatalogManifest {
    /// Stable catalog id.
    pub id: String,
    /// Release version of the catalog.
    pub version: String,
    /// Human title.
    pub title: String,
    /// Template of requirement docs URLs, with `{standard}`, `{version}` and `{rule}`.
    #[serde(default = "default_docs_url")]
    pub docs_url: String,
    /// Named sets of standard requirements.
    #[serde(default, rename = "profile")]
    pub profiles: Vec<Profile>,
}

fn default_docs_url() -> String {
    "https://conform.dev/reference/{standard}/{version}/#{rule}".to_owned()
}

/// A named set of `standard@version` requirements (e.g. what a municipal portal must meet).
///
/// Its standards are grouped in conformance classes (`[[profile.class]]`): a product meets
/// the profile when every requirement of every mandatory class is met. Standards listed
/// directly under the profile form one mandatory class named `core`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Profile {
    /// Profile name.
    pub name: String,
    /// Human title.
    pub title: String,
    /// Profile version.
    #[serde(default)]
    pub version: Option<String>,
    /// Longer description.
    #[serde(default)]
    pub description: Option<String>,
    /// Standard references (`ID[@REQ]`) of the implicit mandatory `core` class.
    #[serde(default)]
    pub standards: Vec<String>,
    /// Conformance classes.
    #[serde(default, rename = "class")]
    pub classes: Vec<ConformanceClass>,
}

impl Profile {
    /// Every conformance class, the implicit `core` class of `standards` first.
    #[must_use]
    pub fn all_classes(&self) -> Vec<ConformanceClass> {
        let mut classes = Vec::with_capacity(self.classes.len() + 1);
        if !self.standards.is_empty() {
            classes.push(ConformanceClass {
                name: "core".to_owned(),
                title: None,
                mandatory: true,
                standards: self.standards.clone(),
            });
        }
        classes.extend(self.classes.iter().cloned());
        classes
    }

    /// `name@version`, or the name alone when unversioned.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.version {
            Some(version) => format!("{}@{version}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A conformance class of a profile: standards that are met together (e.g. `core`, `extended`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConformanceClass {
    /// Class name, unique within the profile.
    pub name: String,
    /// Human title.
    #[serde(default)]
    pub title: Option<String>,
    /// Whether a product must meet this class to meet the profile.
    #[serde(default = "mandatory_by_default")]
    pub mandatory: bool,
    /// Standard references (`ID[@REQ]`).
    pub standards: Vec<String>,
}

fn mandatory_by_default() -> bool {
    true
}

/// What a standard governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Data exports (JSON, NDJSON, CSV, XML).
    Data,
    /// API contracts (`OpenAPI`).
    Interface,
    /// Process models (BPMN).
    Process,
}

impl Kind {
    /// The lower-case name, also the catalog folder name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Data => "data",
            Self::Interface => "interface",
            Self::Process => "process",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Life-cycle status of a standard version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written; never selected unless asked for exactly.
    Draft,
    /// In force.
    Active,
    /// Still usable, with a warning; a newer version should be adopted.
    Deprecated,
    /// No longer usable unless asked for exactly.
    Retired,
}

impl Status {
    /// The lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Deprecated => "deprecated",
            Self::Retired => "retired",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How inputs are matched to a standard when no `--standard` is given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detect {
    /// Input formats the standard applies to (`json`, `ndjson`, `csv`, `xml`, `yaml`).
    #[serde(default)]
    pub formats: Vec<String>,
    /// File-name globs (matched against the path) that select the standard.
    #[serde(default)]
    pub files: Vec<String>,
    /// XML scenarios, as the KoSIT validator selects them: an XML input is selected only
    /// when its content matches one (root element, and an identifier such as UBL's
    /// `cbc:CustomizationID`). None: format and files alone decide.
    #[serde(default)]
    pub xml: Vec<XmlScenario>,
}

/// An XML document a standard is about, told by its content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct XmlScenario {
    /// The root element, `{namespace}local` (`local` alone for no namespace).
    pub root: String,
    /// The element holding the document's identifier, as the path of child elements below
    /// the root (each `{namespace}local`); none: the root alone decides.
    #[serde(default)]
    pub id_path: Vec<String>,
    /// Identifiers that select the standard: the identifier equals one, or starts with one
    /// followed by `#` (EN 16931's `urn:cen.eu:en16931:2017#compliant#...` for a CIUS or
    /// extension). Empty: any identifier, but the element must be there.
    #[serde(default)]
    pub id_values: Vec<String>,
}

/// One version of one standard (`standard.toml`).
#[derive(Debug, Clone)]
pub struct Standard {
    /// Stable kebab-case id.
    pub id: String,
    /// Semantic version.
    pub version: semver::Version,
    /// Data, interface or process.
    pub kind: Kind,
    /// Human title.
    pub title: String,
    /// Longer description.
    pub description: Option<String>,
    /// Life-cycle status.
    pub status: Status,
    /// Date the version takes effect (`YYYY-MM-DD`).
    pub effective: Option<String>,
    /// Date the version stops being accepted.
    pub sunset: Option<String>,
    /// The version this one replaces.
    pub supersedes: Option<String>,
    /// Input matching.
    pub detect: Detect,
    /// Fields that hold personal data (`personal`): JSON pointers (`/birthDate`, `*` for any
    /// array item or member) and CSV column names. Redaction masks their values beyond what
    /// it finds by itself (docs/authoring.md).
    pub personal: Vec<String>,
    /// The requirements, in file order.
    pub requirements: Vec<Requirement>,
    /// The version's folder, relative to the catalog root (`data/person/1.1.0`).
    pub dir: String,
}

impl Standard {
    /// `id@version`.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// Path of `standard.toml`, relative to the catalog root.
    #[must_use]
    pub fn manifest_path(&self) -> String {
        format!("{}/standard.toml", self.dir)
    }
}

/// One requirement of a standard.
///
/// `title`, `rationale`, `fix` and `check.params` hold the values in force: the texts as
/// written (`templates`) with each `{parameter}` replaced by its value.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// Stable id, unique within the standard (e.g. `PERSON-001`).
    pub id: String,
    /// MUST, SHOULD or MAY.
    pub level: Level,
    /// One-line statement of the requirement.
    pub title: String,
    /// How it is checked.
    pub check: Check,
    /// Why it exists.
    pub rationale: Option<String>,
    /// How to meet it.
    pub fix: Option<String>,
    /// Its parameters (`[requirement.parameters.NAME]`), by name.
    pub parameters: Vec<Parameter>,
    /// The title, rationale, fix and check options as written, before parameters apply.
    pub templates: Templates,
}

/// A requirement's texts and check options as written in `standard.toml`.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    /// `title`.
    pub title: String,
    /// `rationale`.
    pub rationale: Option<String>,
    /// `fix`.
    pub fix: Option<String>,
    /// The check options (every key of `check` but `engine`).
    pub check: toml::Table,
}

impl Requirement {
    /// Sets the value of parameter `name`, checked against its type and range, and renders
    /// the texts and check options again with it.
    pub fn set_parameter(&mut self, name: &str, value: toml::Value) -> Result<(), String> {
        let Some(parameter) = self.parameters.iter_mut().find(|p| p.name == name) else {
            return Err(format!("{} has no parameter `{name}`", self.id));
        };
        parameter.accepts(&value)?;
        parameter.value = value;
        self.render()
    }

    /// Renders the texts and check options from the templates with the values in force.
    pub(crate) fn render(&mut self) -> Result<(), String> {
        let params = &self.parameters;
        self.check.params = crate::params::substitute(&self.templates.check, params)?;
        self.title = crate::params::interpolate(&self.templates.title, params);
        self.rationale = self.templates.rationale.as_deref().map(|t| crate::params::interpolate(t, params));
        self.fix = self.templates.fix.as_deref().map(|t| crate::params::interpolate(t, params));
        Ok(())
    }

    /// The parameters whose value in force is not the default.
    pub fn overridden(&self) -> impl Iterator<Item = &Parameter> {
        self.parameters.iter().filter(|p| p.is_overridden())
    }
}

/// The check a requirement runs: an engine name and its parameters.
#[derive(Debug, Clone)]
pub struct Check {
    /// Engine name (`json-schema`, `table-schema`, `manual`, ...).
    pub engine: String,
    /// The remaining keys of the `check` table with the parameters in force, parsed by the
    /// engine.
    pub params: toml::Table,
    /// Byte range of the `check` value in `standard.toml`.
    pub span: std::ops::Range<usize>,
}
