//! Rendering a run's diagnostics: one module per output format, all fed the same
//! [`Report`]. This crate depends on the diagnostic model only.

pub mod codequality;
pub mod fingerprint;
pub mod github;
pub mod human;
pub mod json;
pub mod json_text;
pub mod junit;
pub mod markdown;
pub mod neutral;
pub mod redact;
pub mod sarif;
mod snippet;
mod source;
pub mod stylish;
pub mod svrl;

use std::fmt;
use std::io;
use std::str::FromStr;

use conform_diagnostics::{Diagnostic, Level, Severity};

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
    /// What kept the run from doing its job (exit 2). A report with errors is never a pass.
    pub errors: Vec<ToolError>,
    /// Inputs a directory walk or a configured glob passed over, each with its reason.
    pub skipped: Vec<Skipped>,
    /// Findings left out of the report after the `--max-findings` cap; a run that dropped
    /// findings still fails.
    pub dropped: usize,
    /// Requirement parameters whose value in force was not the default (set in
    /// `conform.toml`): a verdict under other values is not the default one.
    pub parameters: Vec<ParameterValue>,
}

/// A requirement parameter set to a value other than its default for the run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParameterValue {
    /// Standard id.
    pub standard: String,
    /// Standard version.
    pub version: String,
    /// Requirement id.
    pub requirement: String,
    /// Parameter name.
    pub name: String,
    /// The value in force.
    pub value: serde_json::Value,
    /// The documented default.
    pub default: serde_json::Value,
}

impl ParameterValue {
    /// One line for people: `public-service-process@2.0.0 time-limit max-days = 70 (default 56)`.
    #[must_use]
    pub fn summary(&self) -> String {
        format!(
            "{}@{} {} {} = {} (default {})",
            self.standard, self.version, self.requirement, self.name, self.value, self.default
        )
    }
}

impl Report {
    /// The report of a run that failed before it checked anything: no finding, one tool
    /// error, so that every requested report still says the run failed.
    #[must_use]
    pub fn of_failure(tool_version: &str, message: String) -> Self {
        Self {
            tool_version: tool_version.to_owned(),
            catalog: None,
            files: 0,
            diagnostics: Vec::new(),
            errors: vec![ToolError { file: None, message }],
            skipped: Vec::new(),
            dropped: 0,
            parameters: Vec::new(),
        }
    }
}

/// A problem that kept the run from doing its job: an unreadable input, a broken catalog or
/// configuration, a run that checked nothing. Any one of them makes the run fail (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolError {
    /// The input or configuration file concerned, when there is one.
    pub file: Option<String>,
    /// What went wrong, with its cause chain.
    pub message: String,
}

/// An input passed over without being checked, and why (no standard applies, format not
/// recognised, ignored by configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The input, as named in diagnostics.
    pub file: String,
    /// Why it was not checked.
    pub reason: String,
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
    /// Hint count.
    pub hints: usize,
    /// Tool errors: the run failed when this is not zero.
    pub tool_errors: usize,
    /// Inputs passed over without being checked.
    pub skipped: usize,
}

impl Summary {
    /// Whether the run did its job: no tool error, and at least one input checked.
    #[must_use]
    pub fn succeeded(&self) -> bool {
        self.tool_errors == 0 && self.files > 0
    }

    /// Whether the run succeeded and no MUST requirement was violated. A run that failed or
    /// checked nothing is never conformant.
    #[must_use]
    pub fn conformant(&self) -> bool {
        self.succeeded() && self.errors == 0
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
            hints: count(Severity::Hint),
            tool_errors: self.errors.len(),
            skipped: self.skipped.len(),
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
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// `JUnit` XML: one suite per file, one case per requirement checked.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A Markdown summary for job summaries and merge-request comments.
    Markdown,
    /// GitLab Code Quality issues.
    Codequality,
    /// Spectral's stylish layout.
    Stylish,
    /// SVRL (Schematron Validation Report Language) of one checked document.
    Svrl,
}

impl OutputFormat {
    /// Every format, in the order of [`OutputFormat::NAMES`].
    pub const ALL: &'static [OutputFormat] = &[
        Self::Human,
        Self::Json,
        Self::Sarif,
        Self::Junit,
        Self::Github,
        Self::Markdown,
        Self::Codequality,
        Self::Stylish,
        Self::Svrl,
    ];
    /// Every format name.
    pub const NAMES: &'static [&'static str] =
        &["human", "json", "sarif", "junit", "github", "markdown", "codequality", "stylish", "svrl"];

    /// The format's name, as given on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Junit => "junit",
            Self::Github => "github",
            Self::Markdown => "markdown",
            Self::Codequality => "codequality",
            Self::Stylish => "stylish",
            Self::Svrl => "svrl",
        }
    }
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown format `{s}` (expected one of: {})", Self::NAMES.join(", ")))
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a requirement is, for formats that describe the rules they report on (SARIF rules,
/// `JUnit` test cases).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Requirement id (e.g. `PERSON-001`).
    pub id: String,
    /// Standard id, when the rule belongs to one.
    pub standard: Option<String>,
    /// Standard version.
    pub version: Option<String>,
    /// One-line title.
    pub title: String,
    /// Why the requirement exists.
    pub rationale: Option<String>,
    /// Documentation URL.
    pub url: Option<String>,
    /// RFC 2119 level.
    pub level: Level,
    /// Severity its findings carry.
    pub severity: Severity,
}

impl RuleInfo {
    /// Whether `diagnostic` was reported by this rule.
    #[must_use]
    pub fn matches(&self, diagnostic: &Diagnostic) -> bool {
        *diagnostic.rule == *self.id
            && diagnostic.standard.as_deref() == self.standard.as_deref()
            && diagnostic.version.as_deref() == self.version.as_deref()
    }

    /// The rule as known from a diagnostic alone (no title or rationale).
    #[must_use]
    pub fn from_diagnostic(diagnostic: &Diagnostic) -> Self {
        Self {
            id: diagnostic.rule.to_string(),
            standard: diagnostic.standard.as_deref().map(str::to_owned),
            version: diagnostic.version.as_deref().map(str::to_owned),
            title: diagnostic.rule.to_string(),
            rationale: None,
            url: diagnostic.url.as_deref().map(str::to_owned),
            level: diagnostic.level,
            severity: diagnostic.severity,
        }
    }

    /// `standard@version` (or nothing for rules outside a standard).
    #[must_use]
    pub fn standard_label(&self) -> Option<String> {
        match (&self.standard, &self.version) {
            (Some(id), Some(version)) => Some(format!("{id}@{version}")),
            (Some(id), None) => Some(id.clone()),
            _ => None,
        }
    }
}

/// One checked input and the rules (indexes into [`RunDetails::rules`]) applied to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    /// The input, as named in diagnostics.
    pub file: String,
    /// Indexes into [`RunDetails::rules`].
    pub rules: Vec<usize>,
}

/// Findings a baseline or suppressions kept out of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Suppressed {
    /// Known findings recorded in the baseline and found again.
    pub baseline: usize,
    /// Findings of the baseline that are gone.
    pub fixed: usize,
}

/// What a run knows beyond its diagnostics. Every field may be empty: formats then fall back
/// to what the diagnostics say.
#[derive(Debug, Clone, Default)]
pub struct RunDetails {
    /// Every rule in play.
    pub rules: Vec<RuleInfo>,
    /// Every checked input, in order.
    pub checked: Vec<CheckedFile>,
    /// Counts of findings kept out by a baseline, when one was used.
    pub suppressed: Option<Suppressed>,
}

impl RunDetails {
    /// The standards applied to at least one checked input (`id@version`), in first-seen
    /// order.
    #[must_use]
    pub fn standards_applied(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for checked in &self.checked {
            for label in checked.rules.iter().filter_map(|&i| self.rules.get(i)?.standard_label()) {
                if !out.contains(&label) {
                    out.push(label);
                }
            }
        }
        out
    }

    /// The rules in play: the given ones, plus any rule of a diagnostic they do not describe
    /// (e.g. `syntax`), in first-seen order.
    #[must_use]
    pub fn rules_with(&self, diagnostics: &[Diagnostic]) -> Vec<RuleInfo> {
        let mut rules = self.rules.clone();
        for diagnostic in diagnostics {
            if !rules.iter().any(|r| r.matches(diagnostic)) {
                rules.push(RuleInfo::from_diagnostic(diagnostic));
            }
        }
        rules
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
    /// Show source snippets (off with `--redact`: a snippet shows the values).
    pub snippets: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self { color: false, width: 100, links: false, snippets: true }
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
    render_with(report, &RunDetails::default(), format, options, sources, out)
}

/// Renders `report` in `format` to `out`, using what `details` knows about the run.
pub fn render_with(
    report: &Report,
    details: &RunDetails,
    format: OutputFormat,
    options: HumanOptions,
    sources: &dyn SourceProvider,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::render_naming(report, &details.standards_applied(), options, sources, out),
        OutputFormat::Json => json::render(report, out),
        OutputFormat::Sarif => sarif::render(report, details, sources, out),
        OutputFormat::Junit => junit::render(report, details, out),
        OutputFormat::Github => github::render(report, out),
        OutputFormat::Markdown => markdown::render(report, details, out),
        OutputFormat::Codequality => codequality::render(report, sources, out),
        OutputFormat::Stylish => stylish::render(report, out),
        OutputFormat::Svrl => svrl::render(report, details, out),
    }
}
