//! `conform catalog new KIND ID` and `conform catalog new-version ID`: scaffolding.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use conform_catalog::lint::is_standard_id;
use conform_catalog::{Kind, Status};

use crate::args::{BumpArg, NewArgs, NewVersionArgs};
use crate::catalog_lint::{fixtures_dir, load};
use crate::exit::Exit;

/// First version of a new standard.
const FIRST_VERSION: &str = "0.1.0";

/// Runs `conform catalog new KIND ID`.
pub fn new(args: &NewArgs) -> anyhow::Result<Exit> {
    let kind = match args.kind.as_str() {
        "data" => Kind::Data,
        "interface" => Kind::Interface,
        "process" => Kind::Process,
        other => bail!("unknown kind `{other}`: expected data, interface or process"),
    };
    if !is_standard_id(&args.id) {
        bail!("`{}` is not a standard id: use kebab-case (lower-case letters, digits and dashes)", args.id);
    }
    let dir = &args.target.catalog.resolve()?;
    if let Ok(catalog) = load(dir)?
        && catalog.versions(&args.id).next().is_some()
    {
        bail!("the catalog already has a standard `{}`; use `conform catalog new-version {}`", args.id, args.id);
    }
    let folder = dir.join(kind.as_str()).join(&args.id).join(FIRST_VERSION);
    if folder.exists() {
        bail!("`{}` already exists", folder.display());
    }
    let requirement = format!("{}-001", args.id.to_ascii_uppercase());
    let scaffold = Scaffold::for_kind(kind, &args.id, &requirement);
    write(&folder.join("standard.toml"), &scaffold.manifest)?;
    for (name, content) in &scaffold.artifacts {
        write(&folder.join(name), content)?;
    }
    let fixtures = fixtures_dir(&args.target, dir).join(&args.id).join(FIRST_VERSION).join(&requirement);
    for (expect, name, content) in &scaffold.fixtures {
        write(&fixtures.join(expect).join(name), content)?;
    }
    println!("created {} (draft) in {}", args.id, folder.display());
    if !scaffold.fixtures.is_empty() {
        println!("fixtures of {requirement} in {}", fixtures.display());
    }
    println!("next: edit the files, then `conform catalog lint` and `conform catalog test`");
    Ok(Exit::Success)
}

fn write(path: &Path, content: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    std::fs::write(path, content).with_context(|| format!("cannot write `{}`", path.display()))
}

/// The starter files of a new standard.
struct Scaffold {
    manifest: String,
    artifacts: Vec<(String, String)>,
    fixtures: Vec<(&'static str, String, String)>,
}

/// A BPMN model with a start event, a task and an end event: the pass fixture of a new
/// process standard; without its start event, the fail fixture.
fn bpmn_model(with_start: bool) -> String {
    let start = if with_start {
        "    <bpmn:startEvent id=\"Start\" name=\"Application received\">\n      <bpmn:outgoing>Flow_1</bpmn:outgoing>\n    </bpmn:startEvent>\n    <bpmn:sequenceFlow id=\"Flow_1\" sourceRef=\"Start\" targetRef=\"Review\" />\n"
    } else {
        ""
    };
    let incoming = if with_start { "      <bpmn:incoming>Flow_1</bpmn:incoming>\n" } else { "" };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"Definitions\" targetNamespace=\"https://example.gov/processes\">\n  <bpmn:process id=\"Process\" name=\"Example\" isExecutable=\"false\">\n{start}    <bpmn:task id=\"Review\" name=\"Review the application\">\n{incoming}      <bpmn:outgoing>Flow_2</bpmn:outgoing>\n    </bpmn:task>\n    <bpmn:sequenceFlow id=\"Flow_2\" sourceRef=\"Review\" targetRef=\"End\" />\n    <bpmn:endEvent id=\"End\" name=\"Decision sent\">\n      <bpmn:incoming>Flow_2</bpmn:incoming>\n    </bpmn:endEvent>\n  </bpmn:process>\n</bpmn:definitions>\n"
    )
}

/// An OpenAPI description, with or without a contact.
fn openapi(with_contact: bool) -> String {
    let contact = if with_contact { "  contact:\n    email: api@example.gov\n" } else { "" };
    format!("openapi: 3.1.0\ninfo:\n  title: Example\n  version: 1.0.0\n{contact}paths: {{}}\n")
}

impl Scaffold {
    /// The manifest, artifacts and fixtures of a new standard of `kind`: a JSON Schema for
    /// `data`, a Spectral ruleset for `interface`, bpmnlint rules for `process`.
    fn for_kind(kind: Kind, id: &str, requirement: &str) -> Self {
        let mut manifest = format!(
            "id = \"{id}\"\nversion = \"{FIRST_VERSION}\"\nkind = \"{kind}\"\ntitle = \"{id}\"\n\
             description = \"\"\"\nWhat the standard governs, who exchanges it and why.\n\"\"\"\nstatus = \"draft\"\n"
        );
        let schema = format!("{id}.schema.json");
        let (detect, check, artifacts, fixtures) = match kind {
            Kind::Data => (
                format!("detect = {{ formats = [\"json\", \"ndjson\"], files = [\"**/*{id}*\"] }}"),
                format!("{{ engine = \"json-schema\", schema = \"{schema}\", records = \"\" }}"),
                vec![(
                    schema.clone(),
                    "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"type\": \"object\",\n  \
                     \"required\": [\"id\"],\n  \"properties\": {\n    \"id\": { \"type\": \"string\", \"minLength\": 1 }\n  \
                     }\n}\n"
                        .to_owned(),
                )],
                vec![
                    ("pass", "record.json".to_owned(), "{ \"id\": \"example-1\" }\n".to_owned()),
                    ("fail", "missing-id.json".to_owned(), "{ \"name\": \"a record without an id\" }\n".to_owned()),
                ],
            ),
            Kind::Interface => (
                "detect = { formats = [\"yaml\", \"json\"], files = [\"**/*openapi*\"] }".to_owned(),
                format!("{{ engine = \"ruleset\", ruleset = \"ruleset.yaml\", rule = \"{id}:info-contact\" }}"),
                vec![(
                    "ruleset.yaml".to_owned(),
                    format!(
                        "# The rules of {id}, as a Spectral ruleset (it runs in Spectral too). Each rule is a\n\
                         # requirement of standard.toml: `check = {{ engine = \"ruleset\", ruleset = \"ruleset.yaml\", rule = NAME }}`.\n\
                         # Add `extends: [[spectral:oas, recommended]]` to report Spectral's OpenAPI rules as well.\n\
                         rules:\n  {id}:info-contact:\n    description: The API description names a contact.\n    \
                         message: The API description has no contact.\n    severity: error\n    given: \"$.info\"\n    \
                         then:\n      field: contact\n      function: truthy\n"
                    ),
                )],
                vec![
                    ("pass", "openapi.yaml".to_owned(), openapi(true)),
                    ("fail", "openapi.yaml".to_owned(), openapi(false)),
                ],
            ),
            Kind::Process => (
                "detect = { formats = [\"xml\"], files = [\"**/*.bpmn\"] }".to_owned(),
                "{ engine = \"bpmn\", rule = \"start-event-required\" }".to_owned(),
                Vec::new(),
                vec![
                    ("pass", "model.bpmn".to_owned(), bpmn_model(true)),
                    ("fail", "no-start-event.bpmn".to_owned(), bpmn_model(false)),
                ],
            ),
        };
        if kind == Kind::Process {
            manifest.push_str(
                "# Each requirement runs one bpmnlint rule by its name (`conform explain RULE` describes it):\n\
                 # `check = { engine = \"bpmn\", rule = \"label-required\" }`, ...\n",
            );
        }
        let _ = write!(
            manifest,
            "{detect}\n\n[[requirement]]\nid = \"{requirement}\"\nlevel = \"MUST\"\ntitle = \"State the requirement in \
             one sentence\"\ncheck = {check}\nrationale = \"\"\"\nWhy agencies need it.\n\"\"\"\nfix = \"How to meet \
             it.\"\n"
        );
        Self { manifest, artifacts, fixtures }
    }
}

/// Runs `conform catalog new-version ID`.
pub fn new_version(args: &NewVersionArgs) -> anyhow::Result<Exit> {
    let dir = &args.target.catalog.resolve()?;
    let catalog = match load(dir)? {
        Ok(catalog) => catalog,
        Err(sink) => bail!("the catalog has {} problem(s); run `conform catalog lint`", sink.diagnostics.len()),
    };
    let Some(newest) = catalog.versions(&args.id).last() else {
        bail!("the catalog has no standard `{}`; create it with `conform catalog new KIND {}`", args.id, args.id);
    };
    if newest.status == Status::Draft {
        bail!("{} is still a draft: publish it before starting the next version", newest.label());
    }
    let old = &newest.version;
    let next = match args.bump {
        BumpArg::Major => semver::Version::new(old.major + 1, 0, 0),
        BumpArg::Minor => semver::Version::new(old.major, old.minor + 1, 0),
        BumpArg::Patch => semver::Version::new(old.major, old.minor, old.patch + 1),
    };
    let from = dir.join(&newest.dir);
    let to = dir.join(newest.kind.as_str()).join(&newest.id).join(next.to_string());
    if to.exists() {
        bail!("`{}` already exists", to.display());
    }
    copy_dir(&from, &to)?;
    let manifest = to.join("standard.toml");
    let text = std::fs::read_to_string(&manifest).with_context(|| format!("cannot read `{}`", manifest.display()))?;
    std::fs::write(&manifest, next_manifest(&text, old, &next)?)?;
    let fixtures = fixtures_dir(&args.target, dir).join(&newest.id);
    let old_fixtures = fixtures.join(old.to_string());
    if old_fixtures.is_dir() {
        copy_dir(&old_fixtures, &fixtures.join(next.to_string()))?;
    }
    println!("created {}@{next} (draft, supersedes {old}) in {}", newest.id, to.display());
    Ok(Exit::Success)
}

/// The manifest of the next version: new `version`, `status = "draft"`, `supersedes` the old
/// version, no `effective` or `sunset` date. Everything else, comments and layout included, is
/// kept: the manifest is edited as a TOML document, never line by line.
fn next_manifest(text: &str, old: &semver::Version, next: &semver::Version) -> anyhow::Result<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().context("the manifest does not parse")?;
    for key in ["version", "status"] {
        anyhow::ensure!(doc.contains_key(key), "the manifest has no `{key}`");
    }
    set_string(&mut doc, "version", &next.to_string());
    set_string(&mut doc, "status", "draft");
    set_string(&mut doc, "supersedes", &old.to_string());
    doc.remove("effective");
    doc.remove("sunset");
    Ok(doc.to_string())
}

/// Sets the top-level string `key`, keeping the decoration (comments, spacing) of a value
/// already there.
fn set_string(doc: &mut toml_edit::DocumentMut, key: &str, value: &str) {
    match doc.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
        Some(existing) => {
            let decor = existing.decor().clone();
            *existing = toml_edit::Value::from(value);
            *existing.decor_mut() = decor;
        }
        None => doc[key] = toml_edit::value(value),
    }
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create `{}`", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read `{}`", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| format!("cannot write `{}`", target.display()))?;
        }
    }
    Ok(())
}
