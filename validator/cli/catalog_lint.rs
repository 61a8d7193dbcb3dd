//! `conform catalog lint [DIR]` and `conform catalog lock [DIR]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use conform_catalog::lint::LintSink;
use conform_catalog::lock::{self, LOCK_FILE, Lock};
use conform_catalog::{Catalog, CatalogError};
use conform_report::{CatalogInfo, HumanOptions, OutputFormat, Report};

use crate::args::{CatalogDirArgs, CatalogFormatArg, FixtureArgs, LintArgs};
use crate::exit::Exit;
use crate::sources::MemorySources;

/// The fixture folder of the catalog directory `dir`: `--fixtures`, or `fixtures/standards`
/// beside it.
pub fn fixtures_dir(args: &FixtureArgs, dir: &Path) -> PathBuf {
    args.fixtures
        .clone()
        .unwrap_or_else(|| dir.parent().unwrap_or_else(|| Path::new("")).join("fixtures").join("standards"))
}

/// Loads a catalog directory; manifest problems come back as lint problems.
pub fn load(dir: &Path) -> anyhow::Result<Result<Catalog, LintSink>> {
    match Catalog::from_dir(dir) {
        Ok(catalog) => Ok(Ok(catalog)),
        Err(CatalogError::Invalid { diagnostics, sources, .. }) => Ok(Err(LintSink { diagnostics, sources })),
        Err(err) => Err(err).with_context(|| format!("cannot load the catalog `{}`", dir.display())),
    }
}

fn info_of(catalog: &Catalog) -> CatalogInfo {
    CatalogInfo {
        id: catalog.manifest.id.clone(),
        version: catalog.manifest.version.clone(),
        digest: catalog.digest.clone(),
    }
}

/// Adds a problem for every misspelt keyword (`requird`) in the JSON Schemas of the
/// catalog's `json-schema` requirements: JSON Schema ignores keys it does not know, so the
/// requirement would check less than it says.
fn misspelt_keywords(dir: &Path, sink: &mut LintSink) {
    let Ok(catalog) = Catalog::from_dir(dir) else { return };
    let mut seen = std::collections::BTreeSet::new();
    for standard in &catalog.standards {
        for requirement in standard.requirements.iter().filter(|r| r.check.engine == "json-schema") {
            let Some(toml::Value::String(schema)) = requirement.check.params.get("schema") else { continue };
            let path = dir.join(&standard.dir).join(schema);
            if !seen.insert(path.clone()) {
                continue;
            }
            let Ok(text) = std::fs::read(&path) else { continue };
            let file = path.display().to_string();
            let text = String::from_utf8_lossy(&text).into_owned();
            for (span, message) in crate::schema_keywords::misspelt(text.as_bytes()) {
                sink.add("catalog/meta-schema", &file, &text, span, message);
            }
        }
    }
    sink.diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Runs `conform catalog lint`.
pub fn lint(args: &LintArgs) -> anyhow::Result<Exit> {
    let dir = args.target.catalog.resolve()?;
    let fixtures = fixtures_dir(&args.target, &dir);
    let (sink, info) = match Catalog::from_dir(&dir) {
        Ok(catalog) => {
            let sink = conform_engine::lint::lint(&catalog, Some(&fixtures));
            (sink, Some(info_of(&catalog)))
        }
        // Broken manifests are problems; the standards that did load are linted as well,
        // so one broken file hides no other problem.
        Err(CatalogError::Invalid { mut diagnostics, mut sources, partial }) => {
            let info = partial.as_ref().map(|catalog| info_of(catalog));
            if let Some(catalog) = partial {
                let rest = conform_engine::lint::lint(&catalog, Some(&fixtures));
                diagnostics.extend(rest.diagnostics);
                for (name, text) in rest.sources {
                    if !sources.iter().any(|(known, _)| *known == name) {
                        sources.push((name, text));
                    }
                }
            }
            diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            (LintSink { diagnostics, sources }, info)
        }
        Err(err) => return Err(err).with_context(|| format!("cannot load the catalog `{}`", dir.display())),
    };
    let mut sink = sink;
    misspelt_keywords(&dir, &mut sink);
    let count = sink.diagnostics.len();
    let report = Report {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        catalog: info,
        files: sink.sources.len(),
        diagnostics: sink.diagnostics,
        errors: Vec::new(),
        skipped: Vec::new(),
        dropped: 0,
        parameters: Vec::new(),
    };
    let format = match args.format {
        CatalogFormatArg::Human => OutputFormat::Human,
        CatalogFormatArg::Json => OutputFormat::Json,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if format == OutputFormat::Human && count == 0 {
        writeln!(out, "catalog `{}`: no problems", dir.display())?;
    } else {
        conform_report::render(&report, format, HumanOptions::default(), &MemorySources(sink.sources), &mut out)?;
    }
    out.flush()?;
    if count > 0 {
        eprintln!("catalog lint: {count} problem{}", if count == 1 { "" } else { "s" });
        return Ok(Exit::Findings);
    }
    Ok(Exit::Success)
}

/// Runs `conform catalog lock`: adds the published versions the lock lacks.
pub fn lock(args: &CatalogDirArgs) -> anyhow::Result<Exit> {
    let dir = args.resolve()?;
    let catalog = match load(&dir)? {
        Ok(catalog) => catalog,
        Err(sink) => anyhow::bail!("the catalog has {} problem(s); run `conform catalog lint`", sink.diagnostics.len()),
    };
    let mut problems = LintSink::default();
    let current = lock::read(&catalog, &mut problems);
    if !problems.diagnostics.is_empty() {
        anyhow::bail!("{LOCK_FILE} is malformed; run `conform catalog lint` to see where");
    }
    let (updated, added) = Lock::with_new_versions(&current, &catalog)?;
    let path = dir.join(LOCK_FILE);
    if added.is_empty() {
        println!("{}: every published version is already locked", path.display());
        return Ok(Exit::Success);
    }
    std::fs::write(&path, updated.render()).with_context(|| format!("cannot write `{}`", path.display()))?;
    for label in added {
        println!("locked {label}");
    }
    Ok(Exit::Success)
}
