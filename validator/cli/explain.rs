//! `conform explain RULE`: a requirement's statement, rationale and fix.

use std::io::Write;

use anyhow::bail;
use conform_engine::bpmn::lint::RULES as BPMNLINT_RULES;
use conform_engine::ruleset::load::load_text;

use crate::args::ExplainArgs;
use crate::exit::Exit;

/// Runs `conform explain`.
pub fn run(args: &ExplainArgs) -> anyhow::Result<Exit> {
    let catalog = crate::load::announced(&args.catalog)?;
    let (standard, requirement) = match args.rule.split_once(':') {
        Some((reference, rule)) => {
            let standard = catalog.resolve(reference)?.standard;
            match standard.requirements.iter().find(|r| r.id.eq_ignore_ascii_case(rule)) {
                Some(requirement) => (standard, requirement),
                None => bail!("{} has no requirement `{rule}`", standard.label()),
            }
        }
        None => match catalog.find_rule(&args.rule) {
            Some(found) => found,
            None => return explain_built_in(&args.rule),
        },
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} ({}) — {}", requirement.id, standard.label(), requirement.title)?;
    writeln!(out, "level: {} ({})", requirement.level, requirement.level.severity())?;
    writeln!(out, "check: {}", requirement.check.engine)?;
    if let Some(rationale) = &requirement.rationale {
        writeln!(out, "\nWhy:\n  {}", rationale.trim().replace('\n', "\n  "))?;
    }
    if let Some(fix) = &requirement.fix {
        writeln!(out, "\nHow to fix:\n  {}", fix.trim().replace('\n', "\n  "))?;
    }
    writeln!(out, "\nDocs: {}", catalog.docs_url(&standard.id, &standard.version.to_string(), &requirement.id))?;
    Ok(Exit::Success)
}

/// Rules a run reports that are not catalog requirements: `syntax`, the rules of Spectral's
/// `spectral:oas` ruleset (reported with `--ruleset`) and bpmnlint's rules.
fn explain_built_in(rule: &str) -> anyhow::Result<Exit> {
    let mut out = std::io::stdout().lock();
    if rule == "syntax" {
        writeln!(out, "syntax — the input is not well-formed in its format")?;
        writeln!(out, "level: MUST (error)")?;
        writeln!(
            out,
            "\nWhy:\n  An input that does not parse cannot be checked against any requirement.\n\nHow to fix:\n  Correct the input at the position given; the message names what the reader expected."
        )?;
        return Ok(Exit::Success);
    }
    let oas = load_text(b"extends: [[spectral:oas, all]]\n", "spectral:oas", None).map_err(anyhow::Error::msg)?;
    if let Some(found) = oas.rules.iter().find(|r| r.name == rule) {
        writeln!(out, "{} (spectral:oas) — {}", found.name, found.description.as_deref().unwrap_or(&found.name))?;
        writeln!(out, "severity: {:?}; in `recommended`: {}", found.severity, found.recommended)?;
        writeln!(
            out,
            "\nA rule of Spectral's built-in OpenAPI ruleset, reported by `--ruleset` rulesets that extend `spectral:oas`."
        )?;
        writeln!(out, "Docs: https://docs.stoplight.io/docs/spectral/4dec24461f3af-open-api-rules#{}", found.name)?;
        return Ok(Exit::Success);
    }
    if let Some(found) = BPMNLINT_RULES.iter().find(|r| r.name == rule) {
        writeln!(out, "{} (bpmnlint)", found.name)?;
        writeln!(
            out,
            "in `bpmnlint:recommended`: {}; in `bpmnlint:correctness`: {}",
            found.recommended.map_or_else(|| "no".to_owned(), |s| format!("{s:?}")),
            found.correctness.map_or_else(|| "no".to_owned(), |s| format!("{s:?}"))
        )?;
        writeln!(
            out,
            "\nA rule of bpmnlint, reported for BPMN models with `--ruleset .bpmnlintrc` or the catalog's process standards."
        )?;
        writeln!(out, "Docs: https://github.com/bpmn-io/bpmnlint/blob/main/docs/rules/{}.md", found.name)?;
        return Ok(Exit::Success);
    }
    if let Some(found) = conform_diff::rules::rule(rule) {
        writeln!(out, "{} (conform diff, oasdiff's check id) — {}", found.id, found.message.replace("%s", "…"))?;
        writeln!(out, "level: {} ({})", found.level.as_str(), found.level.severity())?;
        let reported =
            if found.implemented { "reported by `conform diff`" } else { "not reported by `conform diff` yet" };
        writeln!(
            out,
            "\nA change between two versions of an OpenAPI description; {reported}. ERR breaks clients, WARN may break some, INFO is a changelog entry."
        )?;
        writeln!(out, "Docs: docs/diff.md")?;
        return Ok(Exit::Success);
    }
    bail!(
        "no rule `{rule}`: not a requirement of the catalog (see `conform catalog show ID`), a spectral:oas or bpmnlint rule, nor an oasdiff check id"
    )
}
