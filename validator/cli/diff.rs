//! `conform diff OLD NEW`: the changes between two versions of an OpenAPI description, as
//! findings of oasdiff's check ids, in every report format.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use anyhow::Context;
use conform_diagnostics::{RuleStamp, Span};
use conform_diff::{Date, Policy, PolicyRule, Source, Spec};
use conform_engine::api_evolution::{self, PolicyName};
use conform_report::{CheckedFile, HumanOptions, Report, RuleInfo, RunDetails, SourceProvider, SourceWindow};

use crate::args::{ApiDiffArgs, ColorChoice};
use crate::exit::Exit;

/// Lines of context shown around a finding.
const CONTEXT_LINES: usize = 3;

/// Runs `conform diff`.
pub fn run(args: &ApiDiffArgs) -> anyhow::Result<Exit> {
    if args.format == crate::args::OutputFormatArg::Svrl {
        // SVRL reports Schematron asserts on one checked document; an API diff is neither.
        crate::check::print_error(
            "`--format svrl` is a report of a Schematron check of one document; `conform diff` writes human, json, sarif, junit, github, markdown, codequality or stylish",
        );
        return Ok(Exit::ToolError);
    }
    let today = match &args.date {
        Some(text) => Date::parse(text).map_err(|e| anyhow::anyhow!("`--date {text}`: {e}"))?,
        None => Date::today(),
    };
    let standard = match standard_policy(args) {
        Ok(standard) => standard,
        Err(err) => return fail(args, &err),
    };
    let load = |arg: &str| -> anyhow::Result<Spec> { Ok(Spec::load(&Source::parse(arg))?) };
    // Both sides are read at once: parsing dominates a diff of large descriptions.
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| load(&args.old));
        let new = load(&args.new);
        (old.join(), new)
    });
    let old = old.unwrap_or_else(|_| Err(anyhow::anyhow!("reading `{}` failed", args.old)));
    let (base, revision) = match (old, new) {
        (Ok(base), Ok(revision)) => (base, revision),
        (Err(err), _) | (_, Err(err)) => return fail(args, &err),
    };
    let changes = match conform_diff::diff_with_policy(&base, &revision, today, standard.policy) {
        Ok(changes) => changes,
        Err(err) => return fail(args, &err.into()),
    };
    let mut diagnostics = conform_diff::to_diagnostics_with(&changes, &base, &revision, &standard.stamps);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut details = RunDetails::default();
    for rule in conform_diff::rules::rules().iter().filter(|r| r.implemented) {
        details.rules.push(RuleInfo {
            id: rule.id.to_owned(),
            standard: None,
            version: None,
            title: rule.message.replace("%s", "…").replace("%v", "…").replace("%d", "…"),
            rationale: None,
            url: None,
            level: rule.level.rfc2119(),
            severity: rule.level.severity(),
        });
    }
    details.rules.extend(standard.rules);
    let all: Vec<usize> = (0..details.rules.len()).collect();
    details.checked.push(CheckedFile { file: revision.files[0].name.to_string(), rules: all });
    let report = Report {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        catalog: None,
        files: 2,
        diagnostics,
        errors: Vec::new(),
        skipped: Vec::new(),
        dropped: 0,
        parameters: Vec::new(),
    };
    write(args, &report, &details, &SpecSources(&[&base, &revision]))?;
    Ok(if report.diagnostics.iter().any(|d| args.fail_on.fails(d.severity)) { Exit::Findings } else { Exit::Success })
}

/// The evolution policy of `--standard`: the policy, the stamps of its findings (per rule)
/// and the rules they report under.
#[derive(Default)]
struct StandardPolicy {
    policy: Policy,
    stamps: Vec<(PolicyRule, RuleStamp)>,
    rules: Vec<RuleInfo>,
}

/// Reads the `api-evolution` requirements of `--standard` (none without it). A standard
/// without any, a policy declared twice, or parameters the engine refuses stop the run.
fn standard_policy(args: &ApiDiffArgs) -> anyhow::Result<StandardPolicy> {
    let mut found = StandardPolicy::default();
    let Some(reference) = &args.standard else { return Ok(found) };
    let catalog = crate::load::catalog(&args.catalog)?;
    let resolved = catalog.resolve(reference)?;
    for notice in &resolved.notices {
        eprintln!("notice: {notice}");
    }
    let standard = resolved.standard;
    let (id, version): (Arc<str>, Arc<str>) =
        (Arc::from(standard.id.as_str()), Arc::from(standard.version.to_string()));
    let manifest = standard.manifest_path();
    for requirement in standard.requirements.iter().filter(|r| r.check.engine == api_evolution::NAME) {
        let params = api_evolution::params(&requirement.check.params).map_err(|err| {
            let text = catalog.source.read(&manifest).unwrap_or_default();
            let text = String::from_utf8_lossy(&text);
            let at = conform_engine::registry::error_span(&text, requirement.check.span.clone(), &err);
            let (line, column) = line_column(text.as_bytes(), at.start);
            anyhow::anyhow!(
                "{}:{line}:{column}: {} does not compile: {err}",
                catalog.source.display(&manifest),
                requirement.id
            )
        })?;
        let rule = match params.policy {
            PolicyName::MajorVersionForBreakingChanges => {
                found.policy.major_version = true;
                PolicyRule::MajorVersion
            }
            PolicyName::SunsetNotice => {
                found.policy.sunset_days = params.min_sunset_days;
                PolicyRule::SunsetNotice
            }
        };
        if found.stamps.iter().any(|(r, _)| *r == rule) {
            anyhow::bail!(
                "{}: {} declares a policy another requirement declares already",
                standard.label(),
                requirement.id
            );
        }
        let url = catalog.docs_url(&standard.id, &version, &requirement.id);
        for check_id in rule.ids() {
            found.rules.push(RuleInfo {
                id: (*check_id).to_owned(),
                standard: Some(id.to_string()),
                version: Some(version.to_string()),
                title: format!("{} ({})", requirement.title, requirement.id),
                rationale: requirement.rationale.clone(),
                url: Some(url.clone()),
                level: requirement.level,
                severity: requirement.level.severity(),
            });
        }
        let stamp = RuleStamp {
            rule: Arc::from(requirement.id.as_str()),
            standard: Some(Arc::clone(&id)),
            version: Some(Arc::clone(&version)),
            level: requirement.level,
            severity: requirement.level.severity(),
            url: Some(Arc::from(url)),
            help: requirement.fix.as_deref().map(Arc::from),
        };
        found.stamps.push((rule, stamp));
    }
    if found.stamps.is_empty() {
        let with_policy: Vec<String> = catalog
            .standards
            .iter()
            .filter(|s| s.id == standard.id && s.requirements.iter().any(|r| r.check.engine == api_evolution::NAME))
            .map(|s| format!("`--standard {}@={}` ({})", s.id, s.version, s.status))
            .collect();
        let hint = if with_policy.is_empty() { String::new() } else { format!("; try {}", with_policy.join(" or ")) };
        anyhow::bail!(
            "{} declares no evolution policy (no `{}` requirement){hint}",
            standard.label(),
            api_evolution::NAME
        );
    }
    Ok(found)
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    (line, String::from_utf8_lossy(&before[line_start..]).chars().count() + 1)
}

/// A side that cannot be read: exit 2, with the error in the requested report too.
fn fail(args: &ApiDiffArgs, err: &anyhow::Error) -> anyhow::Result<Exit> {
    let message = format!("{err:#}");
    crate::check::print_error(&message);
    if args.output.is_some() || args.format != crate::args::OutputFormatArg::Human {
        let report = Report::of_failure(env!("CARGO_PKG_VERSION"), message);
        write(args, &report, &RunDetails::default(), &SpecSources(&[]))?;
    }
    Ok(Exit::ToolError)
}

fn write(args: &ApiDiffArgs, report: &Report, details: &RunDetails, sources: &SpecSources<'_>) -> anyhow::Result<()> {
    let format = crate::check::output_format(args.format);
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => args.output.is_none(),
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let options = HumanOptions { color, width: 100, links: false, snippets: true };
    if let Some(path) = &args.output {
        let file = std::fs::File::create(path).with_context(|| format!("cannot write `{}`", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        conform_report::render_with(report, details, format, options, sources, &mut out)?;
        out.flush()?;
    } else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        conform_report::render_with(report, details, format, options, sources, &mut out)?;
        out.flush()?;
    }
    Ok(())
}

/// Snippets from the texts both sides were read from (a `git:` side exists only in memory).
struct SpecSources<'a>(&'a [&'a Spec]);

impl SourceProvider for SpecSources<'_> {
    fn window(&self, file: &str, span: Span, line: usize) -> Option<SourceWindow> {
        let found = self.0.iter().flat_map(|spec| &spec.files).find(|f| &*f.name == file)?;
        let (text, offset) = found.text();
        let local = span.start.checked_sub(offset)?.min(text.len());
        // From the start of the line CONTEXT_LINES above to the end of the span's last line
        // (at most a few more lines below).
        let mut start = local;
        for _ in 0..=CONTEXT_LINES {
            start = text[..start].iter().rposition(|&b| b == b'\n').unwrap_or(0);
            if start == 0 {
                break;
            }
        }
        if start > 0 {
            start += 1;
        }
        let end_local = span.end.saturating_sub(offset).clamp(local, text.len());
        let end = text[end_local..].iter().position(|&b| b == b'\n').map_or(text.len(), |p| end_local + p);
        let before = memchr::memchr_iter(b'\n', &text[start..local]).count();
        Some(SourceWindow {
            text: String::from_utf8_lossy(&text[start..end]).into_owned(),
            offset: offset + start,
            first_line: line.checked_sub(before)?.max(1),
        })
    }
}
