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
    /// Breaking changes between two versions of an OpenAPI description (oasdiff's checks).
    Diff(ApiDiffArgs),
    /// Inspect the catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Explain a requirement: what it asks, why, and how to fix a violation.
    Explain(ExplainArgs),
    /// Certify a product against a profile or standards: a signed, reproducible conformance report.
    Certify(CertifyArgs),
    /// Verify a certification report: digest, signature, catalog, inputs and verdicts.
    Verify(VerifyArgs),
    /// Generate an Ed25519 key pair for signing certification reports.
    Keygen(KeygenArgs),
    /// Write a commented starter `conform.toml`.
    Init(InitArgs),
}

/// Where the catalog comes from.
#[derive(Debug, Args, Clone)]
pub struct CatalogArg {
    /// Catalog directory. Default, as for every command: `catalog` in conform.toml, else
    /// `./standards` when it holds a `catalog.toml`, else the embedded catalog.
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
    /// Check against this schema instead of the catalog: a JSON Schema (JSON, NDJSON and
    /// YAML inputs), a Frictionless Table Schema (CSV, recognised by content) or an XML
    /// Schema (an `.xsd` file). Repeatable: each input is checked against every schema for
    /// its format.
    #[arg(long, value_name = "FILE", conflicts_with = "standards")]
    pub schema: Vec<PathBuf>,
    /// The Schematron phase to run (a phase id of the schema, `#ALL` or `#DEFAULT`), for a
    /// Schematron `--schema` and for the catalog's Schematron requirements; an unknown phase
    /// stops the run. Without it, each schema's default phase runs.
    #[arg(long, value_name = "PHASE", conflicts_with = "ruleset")]
    pub phase: Option<String>,
    /// Check against this Spectral ruleset (YAML or JSON) or bpmnlint configuration
    /// (`.bpmnlintrc`) instead of the catalog.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["standards", "schema"])]
    pub ruleset: Option<PathBuf>,
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
    /// Report at most N findings; the rest are counted as dropped and the run still fails.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub max_findings: usize,
    /// Mask instance values (quoted values, objects, long numbers) in every output format
    /// and leave out source snippets; positions, pointers and rule ids stay (also `redact =
    /// true` in conform.toml).
    #[arg(long)]
    pub redact: bool,
    #[command(flatten)]
    pub catalog: CatalogArg,
}

/// `conform diff`.
#[derive(Debug, Args)]
pub struct ApiDiffArgs {
    /// The old version: a file, or `git:REV:path` (read with `git show`).
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The new version: a file, or `git:REV:path`.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormatArg::Human)]
    pub format: OutputFormatArg,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the run fail (exit 1): ERR changes are errors, WARN
    /// warnings, INFO info.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// The date sunsets are judged against (`YYYY-MM-DD`; default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Judge the changes by the evolution policy of this interface standard (its
    /// `api-evolution` requirements); violations are findings of the standard.
    #[arg(long, short = 's', value_name = "ID[@REQ]")]
    pub standard: Option<String>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub catalog: CatalogArg,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormatArg {
    /// Source snippets with labels, for people.
    Human,
    /// The JSON report (see docs/json-report.md).
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
    /// Spectral's stylish layout (`line:col  severity  rule  message  path`).
    Stylish,
    /// SVRL of one checked document, for tools that read Schematron reports (KoSIT, ITB);
    /// a run of several documents, or one that failed or passed over its input, stops
    /// with exit 2.
    Svrl,
}

/// Output formats of the catalog authoring commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogFormatArg {
    /// For people.
    Human,
    /// For machines.
    Json,
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
    /// Start a catalog from nothing: `DIR/catalog.toml` (commented) and the kind folders.
    Init(CatalogInitArgs),
    /// List every standard version.
    List(CatalogArg),
    /// Show one standard version and its requirements.
    Show(ShowArgs),
    /// Check a catalog directory for every problem a committee must fix before publishing.
    Lint(LintArgs),
    /// Freeze the published versions not locked yet (`catalog.lock`).
    Lock(CatalogDirArgs),
    /// Run every requirement's pass and fail fixtures through the engine.
    Test(FixtureArgs),
    /// Compare two versions of a standard and classify every change's compatibility.
    Diff(DiffArgs),
    /// Generate the Markdown reference of a catalog.
    Docs(DocsArgs),
    /// Scaffold a new standard: `<kind>/<id>/0.1.0/` as a draft, with fixture folders.
    New(NewArgs),
    /// Copy the newest version of a standard to the next version, as a draft.
    NewVersion(NewVersionArgs),
}

/// `conform catalog init`.
#[derive(Debug, Args)]
pub struct CatalogInitArgs {
    /// Folder of the new catalog.
    #[arg(value_name = "DIR", default_value = "standards")]
    pub dir: PathBuf,
    /// Catalog id (kebab-case); default: the name of the folder it is made in.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

/// A catalog directory given as a positional argument.
#[derive(Debug, Args)]
pub struct CatalogDirArgs {
    /// Catalog directory (the folder with `catalog.toml`). Default, as for every command:
    /// `catalog` in conform.toml, else `./standards` when it holds a `catalog.toml`.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl CatalogDirArgs {
    /// The catalog directory this command works on, chosen by the one rule every command
    /// follows (docs/authoring.md) and announced on stderr; the embedded catalog is
    /// read-only, so a command that needs a directory fails without one.
    pub fn resolve(&self) -> anyhow::Result<PathBuf> {
        match crate::load::choose(self.dir.as_deref())? {
            crate::load::Source::Dir { dir, why } => {
                eprintln!("catalog: {} ({why})", dir.display());
                Ok(dir)
            }
            crate::load::Source::Embedded => anyhow::bail!(
                "no catalog directory: name one (`DIR`), set `catalog` in conform.toml, or start one with `conform catalog init`; the embedded catalog is built into conform and cannot be edited here"
            ),
        }
    }
}

/// A catalog directory and its fixtures.
#[derive(Debug, Args)]
pub struct FixtureArgs {
    #[command(flatten)]
    pub catalog: CatalogDirArgs,
    /// Fixture folder (`<id>/<version>/<REQ>/{pass,fail}/`); default: `fixtures/standards`
    /// next to the catalog directory.
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
}

/// `conform catalog lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    #[command(flatten)]
    pub target: FixtureArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = CatalogFormatArg::Human)]
    pub format: CatalogFormatArg,
}

/// `--mode` of `conform catalog diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompatMode {
    /// Inputs valid under the old version stay valid.
    Backward,
    /// Inputs valid under the new version were valid under the old one.
    Forward,
    /// Both.
    Full,
}

/// `conform catalog diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version: `ID@VERSION`.
    #[arg(value_name = "ID@A")]
    pub old: String,
    /// The new version: `ID@VERSION`.
    #[arg(value_name = "ID@B")]
    pub new: String,
    /// Catalog directory of the old version (default: the catalog of the new one).
    #[arg(long, value_name = "DIR")]
    pub old_catalog: Option<PathBuf>,
    /// Compatibility the release promises.
    #[arg(long, value_enum, default_value_t = CompatMode::Backward)]
    pub mode: CompatMode,
    /// Exit 1 when B's version bump is smaller than its changes require under `--mode`.
    #[arg(long)]
    pub check_semver: bool,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = CatalogFormatArg::Human)]
    pub format: CatalogFormatArg,
    #[command(flatten)]
    pub catalog: CatalogArg,
}

/// `conform catalog docs`.
#[derive(Debug, Args)]
pub struct DocsArgs {
    #[command(flatten)]
    pub target: FixtureArgs,
    /// Folder to write the reference into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `conform catalog new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// `data`, `interface` or `process`.
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// Standard id, kebab-case.
    #[arg(value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub target: FixtureArgs,
}

/// Which version component `new-version` raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BumpArg {
    /// `x.y.z` → `x+1.0.0`.
    Major,
    /// `x.y.z` → `x.y+1.0`.
    Minor,
    /// `x.y.z` → `x.y.z+1`.
    Patch,
}

/// `conform catalog new-version`.
#[derive(Debug, Args)]
pub struct NewVersionArgs {
    /// Standard id.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Which component to raise.
    #[arg(long, value_enum, default_value_t = BumpArg::Minor)]
    pub bump: BumpArg,
    #[command(flatten)]
    pub target: FixtureArgs,
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
    /// The Spectral ruleset a `conform check --ruleset FILE` run used: its own rules are
    /// explained too.
    #[arg(long, value_name = "FILE")]
    pub ruleset: Option<PathBuf>,
    #[command(flatten)]
    pub catalog: CatalogArg,
}

/// `conform certify`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("against").required(true).args(["profile", "standards"])))]
pub struct CertifyArgs {
    /// Profile to certify against: `NAME` (newest version) or `NAME@VERSION`.
    #[arg(long, value_name = "NAME[@VERSION]")]
    pub profile: Option<String>,
    /// Standard to certify against, instead of a profile (repeatable): `ID@REQ`.
    #[arg(long = "standard", short = 's', value_name = "ID[@REQ]")]
    pub standards: Vec<String>,
    /// Product name.
    #[arg(long, value_name = "NAME")]
    pub product: String,
    /// Product version.
    #[arg(long = "product-version", value_name = "VERSION")]
    pub product_version: String,
    /// The certifying organisation.
    #[arg(long, value_name = "ORG")]
    pub vendor: String,
    /// Input files, directories, or a conform.toml whose `[[inputs]]` globs name them.
    #[arg(long, value_name = "PATH", num_args = 1.., required = true)]
    pub inputs: Vec<PathBuf>,
    /// Attestations of the manual requirements (TOML).
    #[arg(long, value_name = "FILE")]
    pub attestations: Option<PathBuf>,
    /// Directory to write report.json, report.html and report.md to.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Ed25519 private key (PKCS#8 PEM, from `conform keygen`) to sign the report with.
    #[arg(long = "sign-key", value_name = "KEY")]
    pub sign_key: Option<PathBuf>,
    #[command(flatten)]
    pub catalog: CatalogArg,
}

/// `conform verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The report to verify (`report.json`).
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,
    /// The vendor's public key (PEM): the report must be signed by it.
    #[arg(long = "public-key", value_name = "KEY")]
    pub public_key: Option<PathBuf>,
    /// Accept a report that is unsigned, or signed by a key not pinned with `--public-key`
    /// (without it, such a report is not verified: exit 1).
    #[arg(long)]
    pub allow_unsigned: bool,
    /// The inputs the report was made on: their hashes are compared and the checks re-run.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub inputs: Vec<PathBuf>,
    /// The folder the evidence files are in (the attestations file's folder): every
    /// evidence file the report cites is re-hashed.
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    #[command(flatten)]
    pub catalog: CatalogArg,
}

/// `conform keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Writes `PREFIX.key` (private, PKCS#8 PEM) and `PREFIX.pub` (public, SPKI PEM).
    #[arg(long, value_name = "PREFIX")]
    pub out: PathBuf,
    /// Overwrite existing key files.
    #[arg(long)]
    pub force: bool,
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
