//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use conform_diagnostics::Severity;

/// Check agency exports, API contracts and process models against versioned
/// e-government standards.
#[derive(Debug, Parser)]
#[command(name = "conform", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
#[expect(clippy::large_enum_variant, reason = "parsed once per process; boxing buys nothing")]
pub enum Command {
    /// Check inputs against standards of the catalog (or an ad-hoc schema).
    Check(CheckArgs),
    /// Inspect the catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Explain a requirement: what it asks, why, and how to fix a violation.
    Explain(ExplainArgs),
    /// Write a commented starter `conform.toml`.
    Init(InitArgs),
}

/// Where the catalog comes from.
#[derive(Debug, Args, Clone)]
pub struct CatalogArg {
    /// Catalog directory to use instead of the embedded catalog.
    #[arg(long, value_name = "DIR", global = true)]
    pub catalog: Option<PathBuf>,
}

/// `conform check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Without paths, the files
    /// matched by the `[[inputs]]` of `conform.toml` are checked.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Standard to check against: `ID`, `ID@1`, `ID@1.1` or `ID@=1.0.0` (repeatable).
    /// Without it, standards are chosen by `conform.toml` or the catalog's detection rules.
    #[arg(long = "standard", short = 's', value_name = "ID[@REQ]")]
    pub standards: Vec<String>,
    /// Check against this JSON Schema file instead of the catalog.
    #[arg(long, value_name = "FILE", conflicts_with = "standards")]
    pub schema: Option<PathBuf>,
    /// Read inputs as this format instead of detecting it.
    #[arg(long = "input-format", value_name = "FORMAT")]
    pub input_format: Option<String>,
    /// Output format (repeatable: each `--format` writes to the `--output` that follows it,
    /// or to standard output).
    #[arg(long, short = 'f', value_enum, value_name = "FORMAT")]
    pub format: Vec<OutputFormatArg>,
    /// Write the report of the preceding `--format` to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Vec<PathBuf>,
    /// Also write a report in FORMAT to PATH (repeatable), e.g. `--report sarif=conform.sarif`.
    #[arg(long, value_name = "FORMAT=PATH")]
    pub report: Vec<String>,
    /// Lowest severity that makes the run fail (exit 1) [default: `fail-on` of conform.toml, or error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Configuration file to use instead of the `conform.toml` found in the current
    /// directory or its parents.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any `conform.toml`.
    #[arg(long)]
    pub no_config: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every finding of this run in a baseline file (the run then succeeds).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Number of threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub catalog: CatalogArg,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormatArg {
    /// Source snippets with labels, for people.
    Human,
    /// The JSON report (DESIGN.md section 4).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// `JUnit` XML, for CI test reports.
    Junit,
    /// GitHub Actions annotations.
    Github,
    /// A Markdown summary (job summary, merge-request comment).
    Markdown,
    /// GitLab Code Quality issues (merge-request widget).
    Codequality,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors (MUST violations).
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    /// Whether a diagnostic of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            Self::Error => severity >= Severity::Error,
            Self::Warning => severity >= Severity::Warning,
            Self::Info => true,
            Self::Never => false,
        }
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `conform catalog ...`.
#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List every standard version.
    List(CatalogArg),
    /// Show one standard version and its requirements.
    Show(ShowArgs),
}

/// `conform catalog show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// `ID`, `ID@1`, `ID@1.1` or `ID@=1.0.0`.
    #[arg(value_name = "ID[@REQ]")]
    pub standard: String,
    #[command(flatten)]
    pub catalog: CatalogArg,
}

/// `conform explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Requirement id (e.g. `PERSON-001`), optionally `ID@REQ:RULE` to pick a version.
    #[arg(value_name = "RULE")]
    pub rule: String,
    #[command(flatten)]
    pub catalog: CatalogArg,
}

/// `conform init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to write `conform.toml` into.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing `conform.toml`.
    #[arg(long)]
    pub force: bool,
}
