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
pub enum Command {
    /// Check inputs against standards of the catalog (or an ad-hoc schema).
    Check(CheckArgs),
    /// Inspect the catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Explain a requirement: what it asks, why, and how to fix a violation.
    Explain(ExplainArgs),
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
    /// Files or directories to check; `-` reads standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Standard to check against: `ID`, `ID@1`, `ID@1.1` or `ID@=1.0.0` (repeatable).
    /// Without it, standards are chosen by the catalog's detection rules.
    #[arg(long = "standard", short = 's', value_name = "ID[@REQ]")]
    pub standards: Vec<String>,
    /// Check against this JSON Schema file instead of the catalog.
    #[arg(long, value_name = "FILE", conflicts_with = "standards")]
    pub schema: Option<PathBuf>,
    /// Check against this Spectral ruleset (YAML or JSON) instead of the catalog.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["standards", "schema"])]
    pub ruleset: Option<PathBuf>,
    /// Read inputs as this format instead of detecting it.
    #[arg(long = "input-format", value_name = "FORMAT")]
    pub input_format: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormatArg::Human)]
    pub format: OutputFormatArg,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
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
    /// Spectral's stylish layout (`line:col  severity  rule  message  path`).
    Stylish,
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
