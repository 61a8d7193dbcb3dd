//! `conform explain RULE`: a requirement's statement, rationale and fix.

use std::io::Write;

use anyhow::bail;
use conform_engine::bpmn::lint::RULES as BPMNLINT_RULES;
use conform_engine::ruleset::load::load_text;

use crate::args::ExplainArgs;
use crate::exit::Exit;

/// Runs `conform explain`.
pub fn run(args: &ExplainArgs) -> anyhow::Result<Exit> {
    let mut catalog = crate::load::announced(&args.catalog)?;
    // The texts show the parameter values a conform.toml sets, as a check would use them.
    if let Some(config) = crate::config::discover()? {
        catalog.set_parameters(&config.parameters).map_err(|problems| anyhow::anyhow!("{}", problems.join("\n")))?;
    }
    // The rules of the ruleset named first: their names may hold a `:` (`agency:title`).
    if let Some(path) = &args.ruleset
        && explain_ruleset_rule(path, &args.rule)?
    {
        return Ok(Exit::Success);
    }
    let (standard, requirement) = if let Some((reference, rule)) = args.rule.split_once(':') {
        let standard = catalog.resolve(reference)?.standard;
        match standard.requirements.iter().find(|r| r.id.eq_ignore_ascii_case(rule)) {
            Some(requirement) => (standard, requirement),
            None => bail!("{} has no requirement `{rule}`", standard.label()),
        }
    } else if let Some(found) = catalog.find_rule(&args.rule) {
        found
    } else if explain_schematron_rule(&catalog, &args.rule)? {
        return Ok(Exit::Success);
    } else {
        return explain_built_in(&args.rule, &catalog, args.ruleset.as_deref());
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} ({}) — {}", requirement.id, standard.label(), requirement.title)?;
    writeln!(out, "level: {} ({})", requirement.level, requirement.level.severity())?;
    writeln!(out, "check: {}", requirement.check.engine)?;
    if !requirement.parameters.is_empty() {
        writeln!(out, "\nParameters (set in conform.toml under [parameters.{}]):", requirement.id)?;
        for parameter in &requirement.parameters {
            writeln!(out, "  {} ({}): {}", parameter.summary(), parameter.kind.as_str(), parameter.doc)?;
        }
    }
    if let Some(rationale) = &requirement.rationale {
        writeln!(out, "\nWhy:\n  {}", rationale.trim().replace('\n', "\n  "))?;
    }
    if let Some(fix) = &requirement.fix {
        writeln!(out, "\nHow to fix:\n  {}", fix.trim().replace('\n', "\n  "))?;
    }
    writeln!(out, "\nDocs: {}", catalog.docs_url(&standard.id, &standard.version.to_string(), &requirement.id))?;
    Ok(Exit::Success)
}

/// Explains a rule of the Schematron requirements of the catalog (`BR-CO-15`), when one has
/// asserts by that id: for each standard, its text, level, context and test.
fn explain_schematron_rule(catalog: &conform_catalog::Catalog, rule: &str) -> anyhow::Result<bool> {
    let found = conform_engine::schematron::catalog::explain_rule(catalog, rule);
    let mut out = std::io::stdout().lock();
    for (i, entry) in found.iter().enumerate() {
        let assert = &entry.assert;
        let level = conform_engine::schematron::level_of_flag(assert.flag.as_deref());
        if i > 0 {
            writeln!(out)?;
        }
        let id = rule.to_ascii_uppercase();
        writeln!(out, "{id} ({}, in requirement {}) — {}", entry.standard, entry.requirement, assert.text)?;
        writeln!(out, "level: {level} ({}); flag: {}", level.severity(), assert.flag.as_deref().unwrap_or("none"))?;
        writeln!(out, "check: schematron {}", assert.kind)?;
        if let Some(pattern) = &assert.pattern {
            writeln!(out, "pattern: {pattern}")?;
        }
        writeln!(out, "\nContext (the nodes it is checked on):\n  {}", assert.context)?;
        let verb = if assert.kind == "assert" { "must hold" } else { "reports when true" };
        writeln!(out, "\nTest ({verb}):\n  {}", assert.test)?;
        writeln!(out, "\nDocs: {}", entry.url)?;
    }
    Ok(!found.is_empty())
}

/// The problems `conform catalog lint` reports, by rule id.
const CATALOG_RULES: [(&str, &str); 12] = [
    ("catalog", "a catalog file does not load (TOML syntax, unknown keys, wrong values)"),
    ("catalog/compile", "a requirement's check does not compile with its engine"),
    ("catalog/documented", "a standard or requirement lacks its description, rationale or fix"),
    ("catalog/fixtures", "a requirement lacks pass or fail fixtures, or a fixture is not judged as expected"),
    ("catalog/frozen", "a published version changed after it was locked, or is not in catalog.lock"),
    ("catalog/id", "an id is not in the catalog's id style, or is used twice"),
    ("catalog/json", "a JSON artifact does not parse"),
    ("catalog/lifecycle", "status, effective and sunset dates do not agree"),
    ("catalog/meta-schema", "a JSON Schema is not valid against its meta-schema"),
    ("catalog/path", "an artifact path leaves the catalog folder or names no file"),
    ("catalog/profile", "a profile names a standard or version the catalog does not have"),
    ("catalog/supersedes", "`supersedes` names no earlier version of the standard"),
];

/// Explains `rule` of the user's own Spectral ruleset at `path` (`--ruleset`), when it has
/// one by that name.
fn explain_ruleset_rule(path: &std::path::Path, rule: &str) -> anyhow::Result<bool> {
    let ruleset = conform_engine::ruleset::load::load_file(path)
        .map_err(|message| anyhow::anyhow!("cannot load the ruleset `{}`: {message}", path.display()))?;
    let Some(found) = ruleset.rules.iter().find(|r| r.name == rule) else { return Ok(false) };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} ({}) — {}", found.name, path.display(), found.description.as_deref().unwrap_or(&found.name))?;
    writeln!(out, "severity: {:?}; enabled: {}", found.severity, found.enabled)?;
    if let Some(message) = &found.message {
        writeln!(out, "message: {message}")?;
    }
    writeln!(out, "\nA rule of the Spectral ruleset `{}`, reported by `conform check --ruleset`.", path.display())?;
    if let Some(url) = &found.url {
        writeln!(out, "Docs: {url}")?;
    }
    Ok(true)
}

/// Rules a run reports that are not catalog requirements: `syntax`, `schema` (an ad-hoc
/// `--schema`), the rules of Spectral's `spectral:oas` ruleset (reported with `--ruleset`),
/// bpmnlint's rules, oasdiff's check ids and the problems of `catalog lint`.
fn explain_built_in(
    rule: &str,
    catalog: &conform_catalog::Catalog,
    ruleset: Option<&std::path::Path>,
) -> anyhow::Result<Exit> {
    let mut out = std::io::stdout().lock();
    if rule == "schema" {
        writeln!(out, "schema — the input does not match the schema given with `--schema`")?;
        writeln!(out, "level: MUST (error)")?;
        writeln!(
            out,
            "\nWhy:\n  `conform check --schema FILE` checks inputs against a schema of your own (a JSON Schema, a\n  Frictionless Table Schema or an XML Schema) instead of the catalog; every violation is reported\n  under this id.\n\nHow to fix:\n  Correct the value at the position given so that it matches the schema, or correct the schema."
        )?;
        return Ok(Exit::Success);
    }
    if let Some((id, what)) = CATALOG_RULES.iter().find(|(id, _)| *id == rule) {
        writeln!(out, "{id} (conform catalog lint) — {what}")?;
        writeln!(
            out,
            "\nA problem of a catalog of standards, reported by `conform catalog lint`; a catalog with problems\nis not loaded by any command. The message names the file, line and column to fix."
        )?;
        writeln!(out, "Docs: docs/authoring.md")?;
        return Ok(Exit::Success);
    }
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
    let mut known: Vec<String> =
        catalog.standards.iter().flat_map(|s| s.requirements.iter().map(|r| r.id.clone())).collect();
    known.extend(oas.rules.iter().map(|r| r.name.clone()));
    known.extend(BPMNLINT_RULES.iter().map(|r| r.name.to_owned()));
    known.extend(CATALOG_RULES.iter().map(|(id, _)| (*id).to_owned()));
    if let Some(path) = ruleset
        && let Ok(own) = conform_engine::ruleset::load::load_file(path)
    {
        known.extend(own.rules.iter().map(|r| r.name.clone()));
    }
    let suggestion = crate::suggest::did_you_mean(rule, known.iter().map(String::as_str));
    bail!(
        "no rule `{rule}`{suggestion}: not a requirement of the catalog (see `conform catalog show ID`), a spectral:oas or bpmnlint rule, an oasdiff check id, nor a `catalog lint` problem; a rule of your own ruleset is explained with `--ruleset FILE`"
    )
}
