//! `conform check`: resolve standards, compile the plan once, check every input, render.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use conform_catalog::Catalog;
use conform_diagnostics::Diagnostic;
use conform_engine::run::{self, RunError};
use conform_engine::{Input, Plan};
use conform_formats::{Format, Limits};
use conform_report::{CatalogInfo, HumanOptions, OutputFormat, Report};
use rayon::prelude::*;

use crate::args::{CheckArgs, ColorChoice, OutputFormatArg};
use crate::exit::Exit;
use crate::sources::FileSources;

/// Runs `conform check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<Exit> {
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .context("cannot start worker threads")?;
    }
    let forced: Option<Format> =
        args.input_format.as_deref().map(str::parse).transpose().map_err(anyhow::Error::msg)?;
    let limits = Limits::default();

    let (plan, catalog_info) = if let Some(plan) = ad_hoc_rules(args)? {
        (plan, None)
    } else if let Some(schema) = &args.schema {
        (Plan::ad_hoc_schema(schema).context("cannot compile the schema")?, None)
    } else {
        let catalog = crate::load::catalog(&args.catalog)?;
        let plan = plan_for(&catalog, &args.standards)?;
        let info = CatalogInfo {
            id: catalog.manifest.id.clone(),
            version: catalog.manifest.version.clone(),
            digest: catalog.digest.clone(),
        };
        (plan, Some(info))
    };

    let (inputs, stdin) = collect_inputs(&args.paths, &limits)?;
    let walked_dirs = args.paths.iter().any(|p| p.is_dir());
    let results: Vec<(Input, Result<run::Outcome, RunError>)> = inputs
        .into_par_iter()
        .map(|input| {
            let outcome = run::check_input(&plan, &input, forced, &limits);
            (input, outcome)
        })
        .collect();

    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut files = 0usize;
    let mut tool_error = false;
    for (input, result) in results {
        match result {
            Ok(outcome) => {
                files += 1;
                diagnostics.extend(outcome.diagnostics);
            }
            // Walking a directory meets files no standard is about: skip them quietly.
            Err(RunError::NotApplicable { .. } | RunError::UnknownFormat(_))
                if walked_dirs && !is_named(&args.paths, &input) => {}
            Err(err) => {
                tool_error = true;
                eprintln!("error: {:#}", anyhow::Error::new(err));
            }
        }
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let report =
        Report { tool_version: env!("CARGO_PKG_VERSION").to_owned(), catalog: catalog_info, files, diagnostics };
    write_report(args, &report, stdin)?;

    if tool_error {
        return Ok(Exit::ToolError);
    }
    if report.diagnostics.iter().any(|d| args.fail_on.fails(d.severity)) {
        return Ok(Exit::Findings);
    }
    Ok(Exit::Success)
}

/// The plan of a rules file given on the command line (`--ruleset FILE`), if any.
fn ad_hoc_rules(args: &CheckArgs) -> anyhow::Result<Option<Plan>> {
    let Some(path) = &args.ruleset else { return Ok(None) };
    Ok(Some(Plan::ad_hoc_ruleset(path).context("cannot load the ruleset")?))
}

/// Compiles the standards named with `--standard`, or every standard for detection.
fn plan_for(catalog: &Catalog, references: &[String]) -> anyhow::Result<Plan> {
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
    Ok(Plan::compile(catalog, &standards, !references.is_empty())?)
}

fn is_named(paths: &[PathBuf], input: &Input) -> bool {
    paths.iter().any(|p| p.as_os_str() == std::ffi::OsStr::new(&*input.name))
}

/// Expands the command-line paths into inputs; directories are walked respecting
/// `.gitignore`. Missing paths are errors (exit 2).
fn collect_inputs(paths: &[PathBuf], limits: &Limits) -> anyhow::Result<(Vec<Input>, Option<Arc<[u8]>>)> {
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

fn write_report(args: &CheckArgs, report: &Report, stdin: Option<Arc<[u8]>>) -> anyhow::Result<()> {
    let format = match args.format {
        OutputFormatArg::Human => OutputFormat::Human,
        OutputFormatArg::Json => OutputFormat::Json,
        OutputFormatArg::Stylish => OutputFormat::Stylish,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let options = HumanOptions { color, width: 100, links: false };
    let sources = FileSources { stdin };
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path).with_context(|| format!("cannot write `{}`", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            conform_report::render(report, format, options, &sources, &mut out)?;
            out.flush()?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            conform_report::render(report, format, options, &sources, &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
