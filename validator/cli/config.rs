//! `conform.toml`: a repository's configuration, found in the current directory or its
//! parents (or named with `--config`).
//!
//! ```toml
//! catalog = "standards"            # a catalog directory; omit for the embedded catalog
//! fail-on = "error"                # error | warning | info | never
//! ignore = ["vendor/**"]           # paths never checked (globs, relative to this file)
//! redact = true                    # mask instance values in every report (as --redact)
//!
//! [[inputs]]
//! glob = "exports/**/*.ndjson"     # which files ...
//! standards = ["person@1"]         # ... are checked against which standards
//!
//! [rules]
//! PERSON-003 = "off"               # or "error", "warning", "info"
//!
//! [parameters.time-limit]          # a requirement's parameters (docs/authoring.md)
//! max-days = 70                    # checked against the parameter's type and range
//! ```
//!
//! Unknown keys and wrong values are errors that name the file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use conform_diagnostics::{LineIndex, Severity, Span};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::args::FailOn;
use conform_catalog::ParameterSetting;

/// The longest glob `conform.toml` may hold, in bytes.
const MAX_GLOB_LEN: usize = 4096;

/// The most bytes all globs of `conform.toml` may hold together: each compiles to an
/// automaton of up to a few megabytes.
const MAX_GLOBS_LEN: usize = 64 * 1024;

/// The file name looked for.
pub const FILE_NAME: &str = "conform.toml";

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    catalog: Option<Spanned<String>>,
    fail_on: Option<FailOnSetting>,
    #[serde(default)]
    redact: bool,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    inputs: Vec<RawInput>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleSetting>,
    #[serde(default)]
    parameters: BTreeMap<Spanned<String>, Spanned<BTreeMap<Spanned<String>, toml::Value>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    glob: Spanned<String>,
    standards: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FailOnSetting {
    Error,
    Warning,
    Info,
    Never,
}

/// What a rule's findings become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    /// The rule is not reported.
    Off,
    /// Reported as errors.
    Error,
    /// Reported as warnings.
    Warning,
    /// Reported as notes.
    Info,
}

impl RuleSetting {
    /// The severity findings get, or `None` when the rule is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::Off => None,
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Info => Some(Severity::Info),
        }
    }
}

/// Files matched by a glob, checked against standards.
#[derive(Debug)]
pub struct InputRule {
    /// The glob, as written.
    pub glob: String,
    /// Where the glob is written: `file:line:column`.
    pub glob_at: String,
    matcher: globset::GlobMatcher,
    /// Standard references (`person@1`).
    pub standards: Vec<String>,
    /// Where each standard reference is written: `file:line:column`.
    standards_at: Vec<String>,
}

/// A loaded configuration.
#[derive(Debug)]
pub struct Config {
    /// The file it came from.
    pub path: PathBuf,
    /// Its folder, as a path usable from the current directory; globs are relative to it.
    pub root: PathBuf,
    /// Catalog directory (resolved against `root`), or `None` for the embedded catalog.
    pub catalog: Option<PathBuf>,
    /// Where `catalog` is written: `file:line:column`.
    catalog_at: Option<String>,
    /// `fail-on`.
    pub fail_on: Option<FailOn>,
    /// `redact`: mask instance values in every report.
    pub redact: bool,
    ignore: GlobSet,
    /// `[[inputs]]`, in order (the first match wins).
    pub inputs: Vec<InputRule>,
    /// `[rules]`: per-rule severity or `off`.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Where each `[rules]` key is written, as `file:line:column`.
    rule_positions: BTreeMap<String, String>,
    /// `[parameters.REQUIREMENT]`: parameter values, each with its place.
    pub parameters: Vec<ParameterSetting>,
}

impl Config {
    /// Fails on every `[rules]` key that names no rule in `known`, with its position and the
    /// closest known id: a typo must not turn a setting off without a word.
    pub fn check_rule_ids(&self, known: &[String]) -> anyhow::Result<()> {
        let mut problems = Vec::new();
        for id in self.rules.keys() {
            if known.iter().any(|k| k == id) {
                continue;
            }
            let at = self.rule_positions.get(id).map_or_else(|| self.path.display().to_string(), String::clone);
            let closest = crate::suggest::did_you_mean(id, known.iter().map(String::as_str));
            let id = conform_report::neutral::terminal(id);
            problems.push(format!("{at}: `[rules]` names unknown rule `{id}`{closest}"));
        }
        anyhow::ensure!(problems.is_empty(), "{}", problems.join("\n"));
        Ok(())
    }

    /// Fails when `catalog` names a folder that holds no `catalog.toml`, at its position.
    pub fn check_catalog(&self) -> anyhow::Result<()> {
        if let (Some(dir), Some(at)) = (&self.catalog, &self.catalog_at) {
            anyhow::ensure!(
                dir.join("catalog.toml").is_file(),
                "{at}: `catalog` names `{}`, which holds no `catalog.toml` (start one with `conform catalog init`)",
                dir.display()
            );
        }
        Ok(())
    }

    /// Fails on every `[[inputs]]` standard reference that `resolve` refuses (an unknown
    /// standard, no matching version), each at its position, all in one error.
    pub fn check_standards(&self, resolve: impl Fn(&str) -> Result<(), String>) -> anyhow::Result<()> {
        let mut problems = Vec::new();
        for input in &self.inputs {
            for (reference, at) in input.standards.iter().zip(&input.standards_at) {
                if let Err(message) = resolve(reference) {
                    problems.push(format!("{at}: {message}"));
                }
            }
        }
        anyhow::ensure!(problems.is_empty(), "{}", problems.join("\n"));
        Ok(())
    }

    /// The path of `file` relative to the configuration's folder (with `/` separators), when
    /// it lies inside it.
    pub fn relative(&self, file: &Path) -> Option<String> {
        let relative = file.strip_prefix(&self.root).ok().or_else(|| {
            // `./a` and `a` name the same file when the root is `.`.
            (self.root == Path::new(".")).then_some(file)
        })?;
        let text = relative.to_string_lossy().replace('\\', "/");
        Some(text.trim_start_matches("./").to_owned())
    }

    /// Whether `file` is ignored.
    pub fn ignores(&self, file: &Path) -> bool {
        self.relative(file).is_some_and(|rel| self.ignore.is_match(&rel))
    }

    /// The first `[[inputs]]` entry whose glob matches `file`.
    pub fn input_for(&self, file: &Path) -> Option<&InputRule> {
        self.input_index(file).map(|index| &self.inputs[index])
    }

    /// The index of the first `[[inputs]]` entry whose glob matches `file`.
    pub fn input_index(&self, file: &Path) -> Option<usize> {
        let rel = self.relative(file)?;
        self.inputs.iter().position(|input| input.matcher.is_match(&rel))
    }
}

/// Finds `conform.toml` in the current directory or its parents.
pub fn discover() -> anyhow::Result<Option<Config>> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    for (depth, dir) in cwd.ancestors().enumerate() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            let root: PathBuf = if depth == 0 { PathBuf::from(".") } else { (0..depth).map(|_| "..").collect() };
            return load(&root.join(FILE_NAME), root).map(Some);
        }
    }
    Ok(None)
}

/// Loads the configuration file at `path` (from `--config`).
pub fn load_file(path: &Path) -> anyhow::Result<Config> {
    let root = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    load(path, root)
}

fn load(path: &Path, root: PathBuf) -> anyhow::Result<Config> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    parse(&text, path, root)
}

/// Parses configuration text; errors carry `file:line:column`.
pub fn parse(text: &str, path: &Path, root: PathBuf) -> anyhow::Result<Config> {
    let index = LineIndex::new(text.as_bytes());
    let at = |span: std::ops::Range<usize>| {
        let start = index.location(text.as_bytes(), Span::new(span.start, span.end)).start;
        format!("{}:{}:{}", path.display(), start.line, start.column)
    };
    let raw: RawConfig = toml::from_str(text).map_err(|err| {
        let position = err.span().map_or_else(|| path.display().to_string(), &at);
        anyhow::anyhow!("{position}: {}", crate::suggest::serde_message(err.message().trim_end()))
    })?;
    let invalid = |span: std::ops::Range<usize>, what: &str, message: String| {
        anyhow::anyhow!("{}: invalid {what}: {message}", at(span))
    };
    // Checked before compiling: a huge glob costs time and memory in the glob compiler.
    let mut total = 0usize;
    for glob in raw.ignore.iter().chain(raw.inputs.iter().map(|i| &i.glob)) {
        if glob.get_ref().len() > MAX_GLOB_LEN {
            return Err(invalid(
                glob.span(),
                "glob",
                format!(
                    "a glob of {} bytes is longer than the {MAX_GLOB_LEN}-byte limit (docs/limits.md)",
                    glob.get_ref().len()
                ),
            ));
        }
        total = total.saturating_add(glob.get_ref().len());
        if total > MAX_GLOBS_LEN {
            return Err(invalid(
                glob.span(),
                "glob",
                format!(
                    "the globs hold more than the {MAX_GLOBS_LEN}-byte limit for all globs together (docs/limits.md)"
                ),
            ));
        }
    }
    let mut ignore = GlobSetBuilder::new();
    for pattern in &raw.ignore {
        ignore.add(Glob::new(pattern.get_ref()).map_err(|e| invalid(pattern.span(), "`ignore` glob", e.to_string()))?);
    }
    let ignore = ignore.build().map_err(|e| anyhow::anyhow!("{}: invalid `ignore` globs: {e}", path.display()))?;
    let mut inputs = Vec::with_capacity(raw.inputs.len());
    for input in raw.inputs {
        let matcher = Glob::new(input.glob.get_ref())
            .map_err(|e| invalid(input.glob.span(), "`[[inputs]]` glob", e.to_string()))?
            .compile_matcher();
        if input.standards.get_ref().is_empty() {
            return Err(invalid(
                input.standards.span(),
                "`[[inputs]]` entry",
                format!("`{}` names no standard", input.glob.get_ref()),
            ));
        }
        let glob_at = at(input.glob.span());
        let standards_at = input.standards.get_ref().iter().map(|s| at(s.span())).collect();
        let standards = input.standards.into_inner().into_iter().map(Spanned::into_inner).collect();
        inputs.push(InputRule { glob: input.glob.into_inner(), glob_at, matcher, standards, standards_at });
    }
    let rule_positions = raw.rules.keys().map(|key| (key.get_ref().clone(), at(key.span()))).collect();
    let mut parameters = Vec::new();
    for (requirement, values) in raw.parameters {
        if values.get_ref().is_empty() {
            return Err(invalid(
                values.span(),
                "`[parameters]` entry",
                format!("`{}` sets no parameter", requirement.get_ref()),
            ));
        }
        let requirement_at = at(requirement.span());
        for (name, value) in values.into_inner() {
            parameters.push(ParameterSetting {
                requirement: requirement.get_ref().clone(),
                requirement_at: requirement_at.clone(),
                at: at(name.span()),
                name: name.into_inner(),
                value,
            });
        }
    }
    Ok(Config {
        path: path.to_path_buf(),
        catalog_at: raw.catalog.as_ref().map(|dir| at(dir.span())),
        catalog: raw.catalog.map(|dir| root.join(dir.into_inner())),
        root,
        fail_on: raw.fail_on.map(|f| match f {
            FailOnSetting::Error => FailOn::Error,
            FailOnSetting::Warning => FailOn::Warning,
            FailOnSetting::Info => FailOn::Info,
            FailOnSetting::Never => FailOn::Never,
        }),
        redact: raw.redact,
        ignore,
        inputs,
        rule_positions,
        parameters,
        rules: raw.rules.into_iter().map(|(key, setting)| (key.into_inner(), setting)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> anyhow::Result<Config> {
        parse(text, Path::new("conform.toml"), PathBuf::from("."))
    }

    #[test]
    fn full_config() {
        let config = parse_str(
            "catalog = \"std\"\nfail-on = \"warning\"\nignore = [\"vendor/**\"]\n\n[[inputs]]\nglob = \"exports/**/*.ndjson\"\nstandards = [\"person@1\"]\n\n[rules]\nPERSON-003 = \"off\"\nPERSON-001 = \"warning\"\n",
        )
        .unwrap();
        assert_eq!(config.catalog, Some(PathBuf::from("./std")));
        assert_eq!(config.fail_on, Some(FailOn::Warning));
        assert!(config.ignores(Path::new("./vendor/a/b.json")));
        assert!(!config.ignores(Path::new("exports/a.ndjson")));
        assert_eq!(config.input_for(Path::new("./exports/2026/a.ndjson")).unwrap().standards, ["person@1"]);
        assert!(config.input_for(Path::new("exports/a.json")).is_none());
        assert_eq!(config.rules["PERSON-003"], RuleSetting::Off);
        assert_eq!(config.rules["PERSON-001"].severity(), Some(Severity::Warning));
    }

    #[test]
    fn unknown_keys_name_line_and_column() {
        let err =
            parse_str("fail-on = \"error\"\n\n[[inputs]]\nglob = \"*.json\"\nstandard = [\"person\"]\n").unwrap_err();
        assert!(err.to_string().starts_with("conform.toml:5:1: unknown field `standard`"), "{err}");
        let err = parse_str("fial-on = \"error\"\n").unwrap_err();
        assert!(err.to_string().starts_with("conform.toml:1:1: unknown field `fial-on`"), "{err}");
        let err = parse_str("[rules]\nX = \"loud\"\n").unwrap_err();
        assert!(err.to_string().starts_with("conform.toml:2:5: unknown variant `loud`"), "{err}");
    }

    #[test]
    fn parameters_keep_their_places() {
        let config =
            parse_str("[parameters.time-limit]\nmax-days = 70\n\n[parameters]\nnamed-steps.language = \"nl\"\n")
                .unwrap();
        let settings: Vec<(&str, &str, String, &str)> = config
            .parameters
            .iter()
            .map(|p| (p.requirement.as_str(), p.name.as_str(), p.value.to_string(), p.at.as_str()))
            .collect();
        assert_eq!(
            settings,
            [
                ("named-steps", "language", "\"nl\"".to_owned(), "conform.toml:5:13"),
                ("time-limit", "max-days", "70".to_owned(), "conform.toml:2:1")
            ]
        );
        let err = parse_str("[parameters.time-limit]\n").unwrap_err();
        assert!(err.to_string().contains("`time-limit` sets no parameter"), "{err}");
    }

    #[test]
    fn paths_are_relative_to_the_file() {
        let config =
            parse("catalog = \"cat\"\nignore = [\"tmp/**\"]\n", Path::new("../conform.toml"), PathBuf::from(".."))
                .unwrap();
        assert_eq!(config.catalog, Some(PathBuf::from("../cat")));
        assert!(config.ignores(Path::new("../tmp/x.json")));
        assert!(!config.ignores(Path::new("tmp/x.json")));
    }

    #[test]
    fn globs_are_bounded_one_by_one_and_together_before_compiling() {
        let long = format!("ignore = [\"{}\"]\n", "*a".repeat(2100));
        assert!(parse_str(&long).unwrap_err().to_string().contains("4096-byte limit"));
        // 2 000 globs of 2 kB each compile to gigabytes of automata: refused up front, at once.
        let many: Vec<String> = (0..2000).map(|i| format!("\"{}{i}\"", "*a".repeat(1000))).collect();
        let err = parse_str(&format!("ignore = [{}]\n", many.join(","))).unwrap_err();
        assert!(err.to_string().contains("65536-byte limit for all globs"), "{err}");
        let fine: Vec<String> = (0..8).map(|i| format!("\"{}{i}\"", "*a".repeat(1000))).collect();
        assert!(parse_str(&format!("ignore = [{}]\n", fine.join(","))).is_ok());
    }
}
