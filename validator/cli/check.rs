//! `conform check`: load `conform.toml`, resolve standards, compile each plan once, check
//! every input in parallel, apply rule overrides and the baseline, render every report.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::ArgMatches;
use conform_catalog::Catalog;
use conform_diagnostics::Diagnostic;
use conform_engine::run::{self, RunError};
use conform_engine::{Input, Plan};
use conform_formats::{Format, Limits};
use conform_report::neutral::{terminal, terminal_lines};
use conform_report::{
    CatalogInfo, CheckedFile, HumanOptions, OutputFormat, ParameterValue, Report, RuleInfo, RunDetails, Skipped,
    ToolError,
};
use rayon::prelude::*;

use crate::args::{CheckArgs, ColorChoice, FailOn, OutputFormatArg};
use crate::config::Config;
use crate::exit::Exit;
use crate::sources::FileSources;

/// One report to write: a format and a file (`None`: standard output).
type Output = (OutputFormat, Option<PathBuf>);
/// Inputs, and the bytes of standard input when it is one of them.
type Collected = (Vec<Input>, Option<Arc<[u8]>>);

/// Runs `conform check`. `matches` are the subcommand's parsed arguments, used to pair each
/// `--output` with the `--format` before it.
pub fn run(args: &CheckArgs, matches: Option<&ArgMatches>) -> anyhow::Result<Exit> {
    let outputs = outputs(args, matches)?;
    let checked = crate::run_stack::run(args.jobs, || check(args, &outputs));
    match checked {
        Ok(exit) => Ok(exit),
        Err(err) if crate::exit::is_broken_pipe(&err) => Err(err),
        // The run failed before it had a report: every requested report still says so.
        Err(err) => {
            let message = format!("{err:#}");
            print_error(&message);
            let report = Report::of_failure(env!("CARGO_PKG_VERSION"), message);
            let sources = FileSources { stdin: None };
            for output in outputs.iter().filter(|(format, path)| path.is_some() || *format != OutputFormat::Human) {
                write_report(args, output, &report, &RunDetails::default(), &sources, false)?;
            }
            Ok(Exit::ToolError)
        }
    }
}

/// The run proper, once the reports to write are known.
fn check(args: &CheckArgs, outputs: &[Output]) -> anyhow::Result<Exit> {
    let config = if args.no_config {
        None
    } else if let Some(path) = &args.config {
        Some(crate::config::load_file(path)?)
    } else {
        crate::config::discover()?
    };
    let fail_on = args.fail_on.or(config.as_ref().and_then(|c| c.fail_on)).unwrap_or(FailOn::Error);
    let forced: Option<Format> =
        args.input_format.as_deref().map(str::parse).transpose().map_err(anyhow::Error::msg)?;
    let limits = Limits::default();

    let (inputs, stdin) = if args.paths.is_empty() {
        let Some(config) = &config else {
            bail!("no inputs: name files or directories to check, or list them in conform.toml (see `conform init`)")
        };
        (configured_inputs(config)?, None)
    } else {
        collect_inputs(&args.paths, &limits)?
    };
    let (inputs, ignored) = without_ignored(inputs, config.as_ref());

    let mut plans = Plans::new(args, config.as_ref())?;
    if let Some(config) = &config {
        plans.check_rule_settings(config)?;
    }
    let mut dropped = 0usize;
    let (keyed, first_package_key) = keyed_inputs(&mut plans, inputs)?;
    let walked_dirs = args.paths.is_empty() || args.paths.iter().any(|p| p.is_dir());
    // A file an `[[inputs]]` glob maps to standards is named by the configuration: no
    // standard for it is an error, never a file passed over.
    let mapped = |input: &Input| {
        let config = config.as_ref()?;
        let rule = config.input_for(Path::new(&*input.name))?;
        Some(format!(
            " (mapped to {} by `[[inputs]]` glob `{}` at {})",
            rule.standards.join(", "),
            rule.glob,
            rule.glob_at
        ))
    };
    let passable = |input: &Input| walked_dirs && !is_named(&args.paths, input) && mapped(input).is_none();
    let progress = crate::progress::Progress::new(keyed.len());
    let results: Vec<(usize, Input, Result<run::Outcome, RunError>)> = keyed
        .into_par_iter()
        .map(|(key, input)| {
            // A package's resources are tables, whatever their extension.
            let forced = if key >= first_package_key { Some(Format::Csv) } else { forced };
            let outcome = check_one(&plans.compiled[key], &input, forced, &limits, passable(&input));
            progress.file_done();
            (key, input, outcome)
        })
        .collect();
    progress.finish();

    let mut details = RunDetails::default();
    let Gathered { mut diagnostics, files, mut errors, skipped } =
        gather(results, &plans, &mut details, passable, mapped);
    if files == 0 && errors.is_empty() {
        let message = nothing_checked(&skipped, ignored);
        errors.push(ToolError { file: None, message });
    }
    if diagnostics.len() > args.max_findings {
        let max = args.max_findings;
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        dropped = diagnostics.len() - max;
        diagnostics.truncate(max);
        eprintln!("warning: {dropped} finding(s) beyond `--max-findings {max}` left out of the report");
    }
    if let Some(config) = &config {
        apply_rule_settings(config, &mut diagnostics, &mut details);
    }
    errors.extend(no_rule_checked(config.as_ref(), files, &diagnostics, &details, &errors));
    let parameters = plans.catalog.as_ref().map(|c| parameters_in_force(c, &details)).unwrap_or_default();
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let sources = FileSources { stdin };
    let diagnostics = apply_baseline(args, diagnostics, &sources, &mut details)?;
    let mut report = Report {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        catalog: plans.catalog.as_ref().map(|catalog| CatalogInfo {
            id: catalog.manifest.id.clone(),
            version: catalog.manifest.version.clone(),
            digest: catalog.digest.clone(),
        }),
        files,
        diagnostics,
        errors,
        skipped,
        dropped,
        parameters,
    };
    let redacted = args.redact || config.as_ref().is_some_and(|c| c.redact);
    if redacted {
        // The values of fields a standard marks as personal data first, read back from the
        // inputs, then whatever else looks like an instance value.
        if let Some(catalog) = &plans.catalog {
            crate::personal::redact(&mut report, catalog, sources.stdin.as_deref());
        }
        conform_report::redact::redact(&mut report);
    }
    print_errors(outputs, &report.errors);
    if !write_reports(args, outputs, &report, &details, &sources, redacted)? {
        return Ok(Exit::ToolError);
    }

    Ok(exit_of(&report, fail_on, args.write_baseline.is_none()))
}

/// Checks one input against its plan. A walked file no standard is about (`passable`) is
/// still read: one that does not parse is a syntax finding, not a file passed over; a
/// checked input with nothing in it is a finding, not a pass.
fn check_one(
    plan: &Plan,
    input: &Input,
    forced: Option<Format>,
    limits: &Limits,
    passable: bool,
) -> Result<run::Outcome, RunError> {
    match run::check_input(plan, input, forced, limits) {
        Err(err @ RunError::NotApplicable { format, .. }) if passable => match run::check_syntax(input, format, limits)
        {
            Ok(Some(diagnostics)) if !diagnostics.is_empty() => Ok(run::Outcome { diagnostics, standards: Vec::new() }),
            Ok(_) => Err(err),
            Err(read) => Err(read),
        },
        // Checked, and nothing found, because there was nothing to find.
        Ok(mut outcome) if outcome.diagnostics.is_empty() && crate::blank::is_blank(input) => {
            outcome.diagnostics.push(crate::blank::finding(input));
            Ok(outcome)
        }
        other => other,
    }
}

/// How a run ends: tool errors are exit 2; dropped findings, or a finding at or above
/// `fail_on` (unless a baseline is being written), exit 1.
fn exit_of(report: &Report, fail_on: FailOn, judge_findings: bool) -> Exit {
    if !report.errors.is_empty() {
        return Exit::ToolError;
    }
    // Findings nobody will see are not a pass, whatever `--fail-on` says.
    if report.dropped > 0 {
        return Exit::Findings;
    }
    if judge_findings && report.diagnostics.iter().any(|d| fail_on.fails(d.severity)) {
        return Exit::Findings;
    }
    Exit::Success
}

/// Says why the run failed on stderr, once the report is complete, unless the human report
/// lists it on the same terminal (stdout and stderr both a terminal).
fn print_errors(outputs: &[Output], errors: &[ToolError]) {
    let human_on_terminal = outputs.iter().any(|(format, path)| *format == OutputFormat::Human && path.is_none())
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal();
    if human_on_terminal {
        return;
    }
    for error in errors {
        match &error.file {
            Some(file) => print_error(&format!("{file}: {}", error.message)),
            None => print_error(&error.message),
        }
    }
}

/// Prints a tool error on stderr, neutralised for a terminal or CI log.
pub(crate) fn print_error(message: &str) {
    eprintln!("{}", terminal_lines(&format!("error: {message}")));
}

/// Each input with the index of its plan, and the first plan index of Data Package
/// resources: a package descriptor stands for its resources, each with a plan of its own.
fn keyed_inputs(plans: &mut Plans<'_>, inputs: Vec<Input>) -> anyhow::Result<(Vec<(usize, Input)>, usize)> {
    let (packages, inputs): (Vec<Input>, Vec<Input>) = inputs.into_iter().partition(crate::package::is_package);
    let mut keyed: Vec<(usize, Input)> =
        inputs.into_iter().map(|input| plans.key_for(&input).map(|key| (key, input))).collect::<Result<_, _>>()?;
    let first_package_key = plans.compiled.len();
    for package in &packages {
        let conform_engine::check::Origin::Path(path) = &package.origin else { continue };
        for (input, plan) in crate::package::resources(path)? {
            plans.compiled.push(plan);
            keyed.push((plans.compiled.len() - 1, input));
        }
    }
    Ok((keyed, first_package_key))
}

/// What the checks of a run gave, before rule settings and the baseline apply.
struct Gathered {
    diagnostics: Vec<Diagnostic>,
    files: usize,
    errors: Vec<ToolError>,
    skipped: Vec<Skipped>,
}

/// Sorts each input's result into findings, tool errors and inputs passed over;
/// `passable` says which inputs a failure to match a standard passes over, `mapped` how the
/// configuration mapped an input to its standards (added to its errors).
fn gather(
    results: Vec<(usize, Input, Result<run::Outcome, RunError>)>,
    plans: &Plans<'_>,
    details: &mut RunDetails,
    passable: impl Fn(&Input) -> bool,
    mapped: impl Fn(&Input) -> Option<String>,
) -> Gathered {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut files = 0usize;
    let mut errors: Vec<ToolError> = Vec::new();
    let mut skipped: Vec<Skipped> = Vec::new();
    for (key, input, result) in results {
        match result {
            Ok(outcome) => {
                files += 1;
                let rules = plans.rules_of(key, &outcome.standards, &mut details.rules);
                details.checked.push(CheckedFile { file: input.name.to_string(), rules });
                // The first list is taken whole: copying it would hold it twice for a moment.
                if diagnostics.is_empty() {
                    diagnostics = outcome.diagnostics;
                } else {
                    diagnostics.extend(outcome.diagnostics);
                }
            }
            // A directory walk meets files no standard is about: they are passed over, but
            // counted and listed with their reason, never invisible.
            Err(err @ (RunError::NotApplicable { .. } | RunError::UnknownFormat(_))) if passable(&input) => {
                skipped.push(Skipped { file: input.name.to_string(), reason: err.to_string() });
            }
            Err(err) => {
                let message = format!("{:#}{}", anyhow::Error::new(err), mapped(&input).unwrap_or_default());
                errors.push(ToolError { file: Some(input.name.to_string()), message });
            }
        }
    }
    Gathered { diagnostics, files, errors, skipped }
}

/// Writes the baseline (`--write-baseline`), or keeps only the findings it does not know
/// (`--baseline`).
fn apply_baseline(
    args: &CheckArgs,
    diagnostics: Vec<Diagnostic>,
    sources: &FileSources,
    details: &mut RunDetails,
) -> anyhow::Result<Vec<Diagnostic>> {
    if let Some(path) = &args.write_baseline {
        let count = crate::baseline::write(path, &diagnostics, sources)?;
        eprintln!("baseline: recorded {count} finding(s) in {}", path.display());
    }
    let Some(path) = &args.baseline else { return Ok(diagnostics) };
    let (kept, suppressed) = crate::baseline::apply(path, diagnostics, sources)?;
    eprintln!(
        "baseline: {} new finding(s); {} known finding(s) suppressed, {} fixed since {}",
        kept.len(),
        suppressed.baseline,
        suppressed.fixed,
        path.display()
    );
    details.suppressed = Some(suppressed);
    Ok(kept)
}

/// The reports to write: each `--format` with the `--output` that follows it (before the
/// next `--format`), then every `--report FORMAT=PATH`. Human output to standard output is
/// the default when no `--format` is given.
fn outputs(args: &CheckArgs, matches: Option<&ArgMatches>) -> anyhow::Result<Vec<Output>> {
    let indices =
        |id: &str| -> Vec<usize> { matches.and_then(|m| m.indices_of(id)).map(Iterator::collect).unwrap_or_default() };
    let format_at = indices("format");
    let mut formats: Vec<(usize, Output)> = args
        .format
        .iter()
        .enumerate()
        .map(|(i, f)| (format_at.get(i).copied().unwrap_or(i), (output_format(*f), None)))
        .collect();
    if formats.is_empty() {
        // `--output report.json` alone: the format follows the file's extension.
        let inferred = match args.output.first() {
            Some(path) if args.output.len() == 1 => format_of_extension(path)?,
            _ => OutputFormat::Human,
        };
        formats.push((0, (inferred, None)));
    }
    let output_at = indices("output");
    for (i, path) in args.output.iter().enumerate() {
        let at = output_at.get(i).copied().unwrap_or(usize::MAX);
        let target = formats.iter().rposition(|(index, _)| *index < at).unwrap_or(0);
        let slot = &mut formats[target].1;
        if slot.1.is_some() {
            bail!("`--output {}` has no `--format` of its own: write `--format F --output FILE` pairs", path.display());
        }
        slot.1 = Some(path.clone());
    }
    let mut outputs: Vec<Output> = formats.into_iter().map(|(_, output)| output).collect();
    for spec in &args.report {
        let (format, path) =
            spec.split_once('=').with_context(|| format!("`--report {spec}`: expected FORMAT=PATH"))?;
        let format: OutputFormat = format.parse().map_err(anyhow::Error::msg)?;
        anyhow::ensure!(!path.is_empty(), "`--report {spec}`: the path is empty");
        outputs.push((format, Some(PathBuf::from(path))));
    }
    if outputs.iter().filter(|(_, path)| path.is_none()).count() > 1 {
        bail!("only one `--format` can write to standard output; give the others an `--output FILE`");
    }
    Ok(outputs)
}

/// The format an `--output` file's extension names, when no `--format` is given.
fn format_of_extension(path: &Path) -> anyhow::Result<OutputFormat> {
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let sarif_stem =
        path.file_stem().and_then(|stem| Path::new(stem).extension()).is_some_and(|e| e.eq_ignore_ascii_case("sarif"));
    let format = match extension.as_str() {
        "sarif" => OutputFormat::Sarif,
        "json" if sarif_stem => OutputFormat::Sarif,
        "json" => OutputFormat::Json,
        "xml" => OutputFormat::Junit,
        "svrl" => OutputFormat::Svrl,
        "md" | "markdown" => OutputFormat::Markdown,
        "txt" | "log" => OutputFormat::Human,
        _ => bail!(
            "`--output {}`: cannot tell the format from the extension (.json, .sarif, .xml, .svrl, .md, .txt); add `--format F`",
            path.display()
        ),
    };
    Ok(format)
}

pub(crate) fn output_format(arg: OutputFormatArg) -> OutputFormat {
    match arg {
        OutputFormatArg::Human => OutputFormat::Human,
        OutputFormatArg::Json => OutputFormat::Json,
        OutputFormatArg::Sarif => OutputFormat::Sarif,
        OutputFormatArg::Junit => OutputFormat::Junit,
        OutputFormatArg::Github => OutputFormat::Github,
        OutputFormatArg::Markdown => OutputFormat::Markdown,
        OutputFormatArg::Codequality => OutputFormat::Codequality,
        OutputFormatArg::Stylish => OutputFormat::Stylish,
        OutputFormatArg::Svrl => OutputFormat::Svrl,
    }
}

/// The compiled plans of a run, one per distinct set of standards, and what they check.
struct Plans<'a> {
    catalog: Option<Catalog>,
    config: Option<&'a Config>,
    /// `--standard` or `--schema` given: one plan for every input.
    fixed: bool,
    compiled: Vec<Plan>,
    /// Standards set (`[[inputs]]` standards; empty for detection) → index in `plans`.
    by_standards: HashMap<Vec<String>, usize>,
    /// The Schematron phase of the run (`--phase`).
    phase: Option<String>,
}

impl<'a> Plans<'a> {
    fn new(args: &CheckArgs, config: Option<&'a Config>) -> anyhow::Result<Self> {
        if let Some(plan) = ad_hoc_plan(args)? {
            return Ok(Self {
                catalog: None,
                config,
                fixed: true,
                compiled: vec![plan],
                by_standards: HashMap::new(),
                phase: None,
            });
        }
        if let Some(config) = config
            && args.catalog.catalog.is_none()
        {
            config.check_catalog()?;
        }
        let mut catalog = crate::load::load(crate::load::choose_in(args.catalog.catalog.as_deref(), config))?;
        if let Some(config) = config {
            catalog
                .set_parameters(&config.parameters)
                .map_err(|problems| anyhow::anyhow!("{}", problems.join("\n")))?;
        }
        let mut plans = Self {
            catalog: None,
            config,
            fixed: false,
            compiled: Vec::new(),
            by_standards: HashMap::new(),
            phase: args.phase.clone(),
        };
        if !args.standards.is_empty() {
            let settings = config.map_or(&[][..], |c| c.parameters.as_slice());
            plans.compiled.push(plan_for(&catalog, &args.standards, args.phase.as_deref(), settings)?);
            plans.fixed = true;
        }
        // Every standard the configuration names is resolved now, each at its position, not
        // when the first file its glob matches is reached.
        if let Some(config) = config {
            config.check_standards(|reference| catalog.resolve(reference).map(|_| ()).map_err(|e| e.to_string()))?;
        }
        plans.catalog = Some(catalog);
        Ok(plans)
    }

    /// Fails when `[rules]` names a rule that neither the catalog nor the ad-hoc plan has.
    fn check_rule_settings(&self, config: &Config) -> anyhow::Result<()> {
        if config.rules.is_empty() {
            return Ok(());
        }
        let mut known: Vec<String> = vec!["syntax".to_owned()];
        if let Some(catalog) = &self.catalog {
            for standard in &catalog.standards {
                known.extend(standard.requirements.iter().map(|r| r.id.clone()));
            }
        }
        for plan in &self.compiled {
            for standard in &plan.standards {
                known.extend(standard.checks.iter().map(|c| c.stamp.rule.to_string()));
            }
        }
        // An ad-hoc ruleset reports its own rule names, which only a run reveals.
        if self.catalog.is_none() && self.fixed {
            return Ok(());
        }
        // A Schematron requirement's asserts are rules of their own (`BR-CO-15`).
        if let Some(catalog) = &self.catalog {
            let unknown: Vec<&String> = config.rules.keys().filter(|id| !known.contains(id)).collect();
            for id in unknown {
                let asserts = conform_engine::schematron::catalog::explain_rule(catalog, id);
                if asserts.iter().any(|a| a.assert.id == *id) {
                    known.push(id.clone());
                }
            }
        }
        config.check_rule_ids(&known)
    }

    /// The plan (index) that checks `input`, compiled on first use.
    fn key_for(&mut self, input: &Input) -> anyhow::Result<usize> {
        if self.fixed {
            return Ok(0);
        }
        let standards = self
            .config
            .and_then(|c| c.input_for(Path::new(&*input.name)))
            .map(|rule| rule.standards.clone())
            .unwrap_or_default();
        if let Some(&index) = self.by_standards.get(&standards) {
            return Ok(index);
        }
        let catalog = self.catalog.as_ref().context("no catalog")?;
        let settings = self.config.map_or(&[][..], |c| c.parameters.as_slice());
        let plan = plan_for(catalog, &standards, self.phase.as_deref(), settings);
        let plan = match self.config {
            Some(config) => plan.with_context(|| format!("in {}", config.path.display()))?,
            None => plan?,
        };
        self.compiled.push(plan);
        self.by_standards.insert(standards, self.compiled.len() - 1);
        Ok(self.compiled.len() - 1)
    }

    /// The rules of plan `key`'s standards `labels`, as indexes into `rules` (extended with
    /// any rule not yet there).
    fn rules_of(&self, key: usize, labels: &[String], rules: &mut Vec<RuleInfo>) -> Vec<usize> {
        let mut indexes = Vec::new();
        for standard in self.compiled[key].standards.iter().filter(|s| labels.contains(&s.label)) {
            for check in &standard.checks {
                let stamp = &check.stamp;
                let known = rules.iter().position(|r| {
                    *r.id == *stamp.rule
                        && r.standard.as_deref() == stamp.standard.as_deref()
                        && r.version.as_deref() == stamp.version.as_deref()
                });
                let index = known.unwrap_or_else(|| {
                    rules.push(self.rule_info(stamp, &standard.label));
                    rules.len() - 1
                });
                indexes.push(index);
            }
        }
        indexes
    }

    fn rule_info(&self, stamp: &conform_diagnostics::RuleStamp, label: &str) -> RuleInfo {
        let requirement = self.catalog.as_ref().and_then(|catalog| {
            let standard = catalog.standards.iter().find(|s| {
                Some(s.id.as_str()) == stamp.standard.as_deref()
                    && Some(s.version.to_string().as_str()) == stamp.version.as_deref()
            })?;
            standard.requirements.iter().find(|r| *r.id == *stamp.rule)
        });
        RuleInfo {
            id: stamp.rule.to_string(),
            standard: stamp.standard.as_deref().map(str::to_owned),
            version: stamp.version.as_deref().map(str::to_owned),
            title: requirement.map_or_else(|| format!("Conforms to {label}"), |r| r.title.clone()),
            rationale: requirement.and_then(|r| r.rationale.as_deref()).map(|r| r.trim().to_owned()),
            url: stamp.url.as_deref().map(str::to_owned),
            level: stamp.level,
            severity: stamp.severity,
        }
    }
}

/// The error of a run that checked files against no rule at all (the standards applied
/// have none left, or `[rules]` turned off every one): that is not a pass either.
fn no_rule_checked(
    config: Option<&Config>,
    files: usize,
    diagnostics: &[Diagnostic],
    details: &RunDetails,
    errors: &[ToolError],
) -> Option<ToolError> {
    let nothing = files > 0
        && errors.is_empty()
        && diagnostics.is_empty()
        && details.checked.iter().all(|checked| checked.rules.is_empty());
    nothing.then(|| {
        let why = match config.filter(|c| !c.rules.is_empty()) {
            Some(config) => {
                format!("`[rules]` of {} turns off every rule of the standards applied", config.path.display())
            }
            None => "the standards applied have no rule for these inputs".to_owned(),
        };
        let message = format!("no requirement was checked: {why} (a run that checks nothing is not a pass)");
        ToolError { file: None, message }
    })
}

/// The parameters not at their defaults of the standards the run applied.
fn parameters_in_force(catalog: &Catalog, details: &RunDetails) -> Vec<ParameterValue> {
    let applied = details.standards_applied();
    let standards = catalog.standards.iter().filter(|s| applied.contains(&s.label()));
    let json = |value: &toml::Value| serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    conform_catalog::configure::in_force(standards)
        .into_iter()
        .map(|p| ParameterValue {
            value: json(&p.value),
            default: json(&p.default),
            standard: p.standard,
            version: p.version,
            requirement: p.requirement,
            name: p.name,
        })
        .collect()
}

/// Applies `[rules]` of `conform.toml`: drops rules set to `off`, changes severities.
fn apply_rule_settings(config: &Config, diagnostics: &mut Vec<Diagnostic>, details: &mut RunDetails) {
    if config.rules.is_empty() {
        return;
    }
    // A requirement's setting covers the rules it bundles (a Schematron requirement's
    // asserts); a bundled rule's own setting (`BR-CO-15`) comes first.
    let setting = |d: &Diagnostic| config.rules.get(&*d.rule).or_else(|| config.rules.get(d.requirement_id()));
    diagnostics.retain_mut(|d| match setting(d).map(|s| s.severity()) {
        Some(None) => false,
        Some(Some(severity)) => {
            d.severity = severity;
            true
        }
        None => true,
    });
    for rule in &mut details.rules {
        if let Some(Some(severity)) = config.rules.get(&rule.id).map(|s| s.severity()) {
            rule.severity = severity;
        }
    }
    let off: Vec<usize> = details
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| config.rules.get(&r.id).is_some_and(|s| s.severity().is_none()))
        .map(|(i, _)| i)
        .collect();
    for checked in &mut details.checked {
        checked.rules.retain(|i| !off.contains(i));
    }
}

/// Whether a `--ruleset` file is a bpmnlint configuration by its content: it extends a
/// `bpmnlint:` or `plugin:` configuration, or it is a JSON object whose `rules` name
/// bpmnlint rules (a Spectral ruleset's rules are objects, bpmnlint's are severities).
fn is_bpmnlint_config(text: &[u8]) -> bool {
    if memchr::memmem::find(text, b"bpmnlint:").is_some() {
        return true;
    }
    let Ok(serde_json::Value::Object(config)) = serde_json::from_slice::<serde_json::Value>(text) else {
        return false;
    };
    let extends_plugin = match config.get("extends") {
        Some(serde_json::Value::String(name)) => name.starts_with("plugin:"),
        Some(serde_json::Value::Array(names)) => {
            names.iter().any(|n| n.as_str().is_some_and(|n| n.starts_with("plugin:")))
        }
        _ => false,
    };
    let names_bpmnlint_rules = config.get("rules").and_then(serde_json::Value::as_object).is_some_and(|rules| {
        rules.keys().any(|name| conform_engine::bpmn::lint::RULES.iter().any(|rule| rule.name == name))
    });
    extends_plugin || names_bpmnlint_rules
}

/// The plan of an ad-hoc check (`--ruleset FILE`, `--schema FILE`), if one is asked for:
/// a bpmnlint configuration (`.bpmnlintrc`) or a Spectral ruleset, or the schemas named
/// with `--schema`, each for the formats it checks.
fn ad_hoc_plan(args: &CheckArgs) -> anyhow::Result<Option<Plan>> {
    if let Some(path) = &args.ruleset {
        let text = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let named_bpmnlintrc = path.file_name().is_some_and(|n| {
            let name = n.to_string_lossy();
            name.starts_with(".bpmnlintrc") || name.ends_with(".bpmnlintrc")
        });
        let plan = if named_bpmnlintrc || is_bpmnlint_config(&text) {
            conform_engine::bpmn::ad_hoc_plan(path)
        } else {
            Plan::ad_hoc_ruleset(path)
        };
        let plan = plan.context("cannot load the ruleset")?;
        // Spectral's `parser` and `invalid-ref` rules come with every ruleset: they alone
        // check no rule.
        anyhow::ensure!(
            plan.standards.iter().flat_map(|s| &s.checks).any(|c| !matches!(&*c.stamp.rule, "parser" | "invalid-ref")),
            "the ruleset `{}` enables no rule: it would check nothing (a run that checks nothing is not a pass)",
            path.display()
        );
        return Ok(Some(plan));
    }
    if args.schema.is_empty() {
        return Ok(None);
    }
    if args.phase.is_some() && !args.schema.iter().any(|s| conform_engine::schematron::is_schematron(s)) {
        anyhow::bail!("--phase selects a phase of a Schematron schema, and no `--schema` is one");
    }
    let mut standards = Vec::new();
    for schema in &args.schema {
        let plan = Plan::ad_hoc_schema(schema, args.phase.as_deref())
            .with_context(|| format!("cannot compile the schema `{}`", schema.display()))?;
        if plan.standards.iter().any(|s| s.formats.contains(&Format::Json)) {
            crate::schema_keywords::check(schema)?;
        }
        standards.extend(plan.standards);
    }
    Ok(Some(Plan { standards, explicit: true }))
}

/// Compiles the standards named with `--standard`, or every standard for detection, their
/// Schematron requirements in `phase` (`--phase`) when one is given. A version that cannot
/// take a parameter of `settings` (it hard-wires the value) is an error, never a silent default.
fn plan_for(
    catalog: &Catalog,
    references: &[String],
    phase: Option<&str>,
    settings: &[conform_catalog::ParameterSetting],
) -> anyhow::Result<Plan> {
    let mut standards = Vec::new();
    if references.is_empty() {
        let mut ids: Vec<&str> = catalog.standards.iter().map(|s| s.id.as_str()).collect();
        ids.dedup();
        for id in ids {
            // Standards with no selectable version (drafts only, retired) take no part in detection.
            if let Ok(resolved) = catalog.resolve(id) {
                standards.push(resolved.standard);
            }
        }
    } else {
        for reference in references {
            let resolved = catalog.resolve(reference)?;
            for notice in &resolved.notices {
                eprintln!("warning: {notice}");
            }
            if !standards.iter().any(|s: &&conform_catalog::Standard| std::ptr::eq(*s, resolved.standard)) {
                standards.push(resolved.standard);
            }
        }
    }
    let unsupported: Vec<String> =
        standards.iter().flat_map(|s| conform_catalog::configure::unsupported(s, settings)).collect();
    anyhow::ensure!(unsupported.is_empty(), "{}", unsupported.join("\n"));
    Ok(Plan::compile_in_phase(catalog, &standards, !references.is_empty(), phase)?)
}

/// `inputs` less those the `ignore` globs of `config` take out, and how many those were.
fn without_ignored(inputs: Vec<Input>, config: Option<&Config>) -> (Vec<Input>, usize) {
    let Some(config) = config else { return (inputs, 0) };
    let found = inputs.len();
    let kept: Vec<Input> = inputs.into_iter().filter(|i| !config.ignores(Path::new(&*i.name))).collect();
    let ignored = found - kept.len();
    (kept, ignored)
}

/// Why a run checked nothing, naming what it passed over (`ignored`: the files the
/// `ignore` globs of conform.toml took out).
fn nothing_checked(skipped: &[Skipped], ignored: usize) -> String {
    if skipped.is_empty() && ignored > 0 {
        return format!(
            "no input was checked: the {ignored} file(s) found are all excluded by the `ignore` globs of conform.toml (a run that checks nothing is not a pass)"
        );
    }
    if skipped.is_empty() {
        return "no input was checked: the paths hold no file (a run that checks nothing is not a pass)".to_owned();
    }
    let shown: Vec<String> =
        skipped.iter().take(5).map(|s| format!("  {}: {}", terminal(&s.file), terminal(&s.reason))).collect();
    let more = skipped.len().saturating_sub(shown.len());
    format!(
        "no input was checked: {} file(s) passed over, none matched a standard (a run that checks nothing is not a pass); name the standard with `--standard`, or list inputs in conform.toml\n{}{}",
        skipped.len(),
        shown.join("\n"),
        if more > 0 { format!("\n  ... and {more} more") } else { String::new() }
    )
}

fn is_named(paths: &[PathBuf], input: &Input) -> bool {
    paths.iter().any(|p| p.as_os_str() == std::ffi::OsStr::new(&*input.name))
}

/// The files under the configuration's folder that an `[[inputs]]` glob matches; without
/// `[[inputs]]`, every file (checked by detection).
fn configured_inputs(config: &Config) -> anyhow::Result<Vec<Input>> {
    let files = walk(&config.root)?;
    if config.inputs.is_empty() {
        return Ok(files);
    }
    // One glob match per file: which entry takes it, and so which entries took nothing.
    let mut matched = vec![false; config.inputs.len()];
    let files: Vec<Input> = files
        .into_iter()
        .filter(|i| {
            let entry = config.input_index(Path::new(&*i.name));
            if let Some(index) = entry {
                matched[index] = true;
            }
            entry.is_some()
        })
        .collect();
    let unmatched: Vec<String> = config
        .inputs
        .iter()
        .zip(&matched)
        .filter(|(_, m)| !**m)
        .map(|(rule, _)| {
            format!(
                "{}: `[[inputs]]` glob `{}` matches no file under `{}` (a glob that matches nothing checks nothing)",
                rule.glob_at,
                terminal(&rule.glob),
                config.root.display()
            )
        })
        .collect();
    anyhow::ensure!(unmatched.is_empty(), "{}", unmatched.join("\n"));
    Ok(files)
}

/// Expands the command-line paths into inputs; directories are walked respecting
/// `.gitignore`. Missing paths are errors (exit 2).
fn collect_inputs(paths: &[PathBuf], limits: &Limits) -> anyhow::Result<Collected> {
    let mut inputs = Vec::new();
    let mut stdin_bytes = None;
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(limits.max_document_bytes + 1)
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            if bytes.len() as u64 > limits.max_document_bytes {
                bail!("standard input is larger than the {} MiB limit", limits.max_document_bytes / (1024 * 1024));
            }
            let input = Input::stdin(bytes);
            if let conform_engine::check::Origin::Bytes(bytes) = &input.origin {
                stdin_bytes = Some(Arc::clone(bytes));
            }
            inputs.push(input);
            continue;
        }
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        if meta.is_dir() {
            inputs.extend(walk(path)?);
        } else {
            inputs.push(Input::file(path.clone()));
        }
    }
    Ok((inputs, stdin_bytes))
}

fn walk(dir: &Path) -> anyhow::Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).sort_by_file_name(std::cmp::Ord::cmp).build() {
        let entry = entry.with_context(|| format!("cannot walk `{}`", dir.display()))?;
        if entry.file_type().is_some_and(|t| t.is_file()) {
            inputs.push(Input::file(entry.into_path()));
        }
    }
    Ok(inputs)
}

/// Writes every report; `false` when one could not be written (see [`write_report`]).
fn write_reports(
    args: &CheckArgs,
    outputs: &[Output],
    report: &Report,
    details: &RunDetails,
    sources: &FileSources,
    redacted: bool,
) -> anyhow::Result<bool> {
    let mut written = true;
    for output in outputs {
        written &= write_report(args, output, report, details, sources, redacted)?;
    }
    Ok(written)
}

/// Writes one report; `false` when the format cannot represent the run (SVRL of several
/// documents, of a failed run): the reason is printed, an `--output` file is left empty (no
/// reader takes it for a pass) and the run must end with exit 2.
fn write_report(
    args: &CheckArgs,
    (format, path): &Output,
    report: &Report,
    details: &RunDetails,
    sources: &FileSources,
    redacted: bool,
) -> anyhow::Result<bool> {
    if *format == OutputFormat::Svrl
        && let Some(reason) = conform_report::svrl::refusal(report, details)
    {
        print_error(&reason);
        if let Some(path) = path {
            std::fs::File::create(path).with_context(|| format!("cannot write `{}`", path.display()))?;
        }
        return Ok(false);
    }
    let to_terminal = path.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => path.is_none(),
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let options = HumanOptions { color, width: 100, links: false, snippets: !redacted };
    if let Some(path) = path {
        let file = std::fs::File::create(path).with_context(|| format!("cannot write `{}`", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        conform_report::render_with(report, details, *format, options, sources, &mut out)?;
        out.flush()?;
    } else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        conform_report::render_with(report, details, *format, options, sources, &mut out)?;
        out.flush()?;
    }
    Ok(true)
}
