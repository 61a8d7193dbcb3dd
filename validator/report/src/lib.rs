//! Rendering a run's diagnostics: one module per output format, all fed the same
//! [`Report`]. This crate depends on the diagnostic model only.

pub mod human;
pub mod json;
mod source;
pub mod stylish;

use std::fmt;
use std::io;
use std::str::FromStr;

use conform_diagnostics::{Diagnostic, Severity};

pub use source::{NoSources, SourceProvider, SourceWindow};

/// The catalog a run used, as reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogInfo {
    /// Catalog id.
    pub id: String,
    /// Catalog release version.
    pub version: String,
    /// `sha256:` content digest.
    pub digest: String,
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct Report {
    /// `conform`'s version.
    pub tool_version: String,
    /// The catalog used, if any (ad-hoc `--schema` runs have none).
    pub catalog: Option<CatalogInfo>,
    /// Number of inputs checked.
    pub files: usize,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Counts of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Number of inputs checked.
    pub files: usize,
    /// Error count.
    pub errors: usize,
    /// Warning count.
    pub warnings: usize,
    /// Info count.
    pub infos: usize,
}

impl Summary {
    /// Whether no MUST requirement was violated.
    #[must_use]
    pub fn conformant(&self) -> bool {
        self.errors == 0
    }
}

impl Report {
    /// Counts diagnostics by severity.
    #[must_use]
    pub fn summary(&self) -> Summary {
        let count = |s| self.diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files: self.files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// miette report with source snippets, for people.
    Human,
    /// The JSON report of DESIGN.md section 4.
    Json,
    /// Spectral's stylish layout.
    Stylish,
}

impl OutputFormat {
    /// Every format name.
    pub const NAMES: &'static [&'static str] = &["human", "json", "stylish"];
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "human" => Ok(Self::Human),
            "json" => Ok(Self::Json),
            "stylish" => Ok(Self::Stylish),
            other => Err(format!("unknown format `{other}` (expected one of: {})", Self::NAMES.join(", "))),
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Human => "human",
            Self::Json => "json",
            Self::Stylish => "stylish",
        })
    }
}

/// Presentation options of the human format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanOptions {
    /// Use colour.
    pub color: bool,
    /// Wrap width.
    pub width: usize,
    /// Emit terminal hyperlinks for docs URLs.
    pub links: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self { color: false, width: 100, links: false }
    }
}

/// Renders `report` in `format` to `out`.
pub fn render(
    report: &Report,
    format: OutputFormat,
    options: HumanOptions,
    sources: &dyn SourceProvider,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::render(report, options, sources, out),
        OutputFormat::Json => json::render(report, out),
        OutputFormat::Stylish => stylish::render(report, out),
    }
}
