//! Loading a catalog: parsing manifests, with file/line/column on every problem.

use std::collections::BTreeMap;
use std::sync::Arc;

use conform_diagnostics::{Diagnostic, Finding, Level, LineIndex, Locator, RuleStamp, Span};
use serde::Deserialize;
use toml::Spanned;

use crate::model::{CatalogManifest, Check, Detect, Kind, Requirement, Standard, Status, Templates};
use crate::params::{self, ParamType, Parameter};
use crate::{Catalog, CatalogError, CatalogSource, digest_files};

/// Rule id of catalog problems found while loading.
const CATALOG_RULE: &str = "catalog";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandard {
    id: Spanned<String>,
    version: Spanned<String>,
    kind: Kind,
    title: String,
    #[serde(default)]
    description: Option<String>,
    status: Status,
    #[serde(default)]
    effective: Option<String>,
    #[serde(default)]
    sunset: Option<String>,
    #[serde(default)]
    supersedes: Option<String>,
    #[serde(default)]
    detect: Detect,
    #[serde(default)]
    personal: Vec<Spanned<String>>,
    #[serde(default, rename = "requirement")]
    requirements: Vec<RawRequirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    id: Spanned<String>,
    level: Level,
    title: String,
    check: Spanned<toml::Table>,
    #[serde(default)]
    rationale: Option<String>,
    #[serde(default)]
    fix: Option<String>,
    #[serde(default)]
    parameters: BTreeMap<Spanned<String>, RawParameter>,
}

/// `[requirement.parameters.NAME]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    default: Spanned<toml::Value>,
    #[serde(default)]
    minimum: Option<Spanned<f64>>,
    #[serde(default)]
    maximum: Option<Spanned<f64>>,
    #[serde(default)]
    values: Option<Spanned<Vec<String>>>,
    doc: Spanned<String>,
}

/// Collects problems with their source texts, to fail once with all of them.
#[derive(Default)]
struct Problems {
    diagnostics: Vec<Diagnostic>,
    sources: Vec<(String, String)>,
}

impl Problems {
    fn add(&mut self, file: &str, text: &str, span: Span, message: String) {
        let index = LineIndex::new(text.as_bytes());
        let mut finding = Finding::new(span, Locator::None, message);
        finding.location = Some(index.location(text.as_bytes(), span));
        let stamp = RuleStamp::ad_hoc(CATALOG_RULE, Level::Must);
        self.diagnostics.push(stamp.stamp(&Arc::from(file), finding));
        if !self.sources.iter().any(|(name, _)| name == file) {
            self.sources.push((file.to_owned(), text.to_owned()));
        }
    }

    fn toml_error(&mut self, file: &str, text: &str, err: &toml::de::Error) {
        let span = err.span().map_or(Span::empty(0), |r| Span::new(r.start, r.end));
        self.add(file, text, span, err.message().trim_end().to_owned());
    }
}

pub(crate) fn load(source: CatalogSource) -> Result<Catalog, CatalogError> {
    let files = source.files()?;
    let mut problems = Problems::default();

    let manifest_text = text_of(&source, "catalog.toml")?;
    let manifest_name = source.display("catalog.toml");
    let manifest = match toml::from_str::<CatalogManifest>(&manifest_text) {
        Ok(manifest) => Some(manifest),
        Err(err) => {
            problems.toml_error(&manifest_name, &manifest_text, &err);
            None
        }
    };

    let mut standards = Vec::new();
    for file in files.iter().filter(|f| f.ends_with("/standard.toml")) {
        let text = text_of(&source, file)?;
        let name = source.display(file);
        match toml::from_str::<RawStandard>(&text) {
            Ok(raw) => {
                let dir = file.trim_end_matches("/standard.toml").to_owned();
                if let Some(standard) = convert(raw, dir, &name, &text, &mut problems) {
                    standards.push(standard);
                }
            }
            Err(err) => problems.toml_error(&name, &text, &err),
        }
    }
    standards.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.version.cmp(&b.version)));

    let digest = digest_files(&source, &files)?;
    let Some(manifest) = manifest else {
        return Err(CatalogError::Invalid {
            diagnostics: problems.diagnostics,
            sources: problems.sources,
            partial: None,
        });
    };
    let catalog = Catalog { manifest, standards, source, digest };
    if !problems.diagnostics.is_empty() {
        return Err(CatalogError::Invalid {
            diagnostics: problems.diagnostics,
            sources: problems.sources,
            partial: Some(Box::new(catalog)),
        });
    }
    Ok(catalog)
}

fn text_of(source: &CatalogSource, file: &str) -> Result<String, CatalogError> {
    let bytes = source.read(file)?;
    let (bytes, _) = strip_bom(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|err| CatalogError::Io {
        path: source.display(file).into(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, err),
    })
}

fn strip_bom(bytes: &[u8]) -> (&[u8], usize) {
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    }
}

fn span_of<T>(spanned: &Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

fn convert(raw: RawStandard, dir: String, file: &str, text: &str, problems: &mut Problems) -> Option<Standard> {
    let before = problems.diagnostics.len();
    let version = match semver::Version::parse(raw.version.get_ref()) {
        Ok(version) => Some(version),
        Err(err) => {
            problems.add(file, text, span_of(&raw.version), format!("`version` is not a semantic version: {err}"));
            None
        }
    };
    if let Some(version) = &version {
        let expected = format!("{}/{}/{version}", raw.kind, raw.id.get_ref());
        if dir != expected && !dir.ends_with(&format!("/{expected}")) {
            problems.add(
                file,
                text,
                span_of(&raw.id),
                format!(
                    "a standard `{}@{version}` of kind {} must live in the folder `{expected}`, not `{dir}`",
                    raw.id.get_ref(),
                    raw.kind
                ),
            );
        }
    }
    for entry in &raw.personal {
        if let Err(message) = crate::personal::check_entry(entry.get_ref()) {
            problems.add(file, text, span_of(entry), message);
        }
    }
    let mut requirements = Vec::with_capacity(raw.requirements.len());
    for req in raw.requirements {
        if requirements.iter().any(|r: &Requirement| r.id == *req.id.get_ref()) {
            problems.add(file, text, span_of(&req.id), format!("duplicate requirement id `{}`", req.id.get_ref()));
            continue;
        }
        let span = req.check.span();
        let mut params = req.check.into_inner();
        let engine = match params.remove("engine") {
            Some(toml::Value::String(engine)) => engine,
            Some(_) => {
                problems.add(file, text, Span::new(span.start, span.end), "`check.engine` must be a string".to_owned());
                continue;
            }
            None => {
                problems.add(file, text, Span::new(span.start, span.end), "`check` must name an `engine`".to_owned());
                continue;
            }
        };
        let Some(parameters) = parameters(req.parameters, file, text, problems) else { continue };
        let templates = Templates { title: req.title, rationale: req.rationale, fix: req.fix, check: params };
        unused_parameters(&parameters, &templates, file, text, problems);
        let mut requirement = Requirement {
            id: req.id.into_inner(),
            level: req.level,
            title: String::new(),
            check: Check { engine, params: toml::Table::new(), span: span.clone() },
            rationale: None,
            fix: None,
            parameters: parameters.into_iter().map(|(_, p)| p).collect(),
            templates,
        };
        if let Err(message) = requirement.render() {
            problems.add(file, text, Span::new(span.start, span.end), message);
            continue;
        }
        requirements.push(requirement);
    }
    if problems.diagnostics.len() > before {
        return None;
    }
    Some(Standard {
        id: raw.id.into_inner(),
        version: version?,
        kind: raw.kind,
        title: raw.title,
        description: raw.description,
        status: raw.status,
        effective: raw.effective,
        sunset: raw.sunset,
        supersedes: raw.supersedes,
        detect: raw.detect,
        personal: raw.personal.into_iter().map(Spanned::into_inner).collect(),
        requirements,
        dir,
    })
}

/// The declared parameters of a requirement with the span of each name, or `None` when one
/// is ill-formed (each problem reported at its place).
fn parameters(
    raw: BTreeMap<Spanned<String>, RawParameter>,
    file: &str,
    text: &str,
    problems: &mut Problems,
) -> Option<Vec<(Span, Parameter)>> {
    let before = problems.diagnostics.len();
    let mut out = Vec::with_capacity(raw.len());
    for (name, raw) in raw {
        let at = span_of(&name);
        if !params::is_name(name.get_ref()) {
            let message = format!(
                "parameter name `{}` is not kebab-case (lower-case letters, digits and dashes)",
                name.get_ref()
            );
            problems.add(file, text, at, message);
            continue;
        }
        let Some(kind) = ParamType::parse(raw.kind.get_ref()) else {
            let message =
                format!("unknown parameter type `{}` (expected {})", raw.kind.get_ref(), ParamType::NAMES.join(", "));
            problems.add(file, text, span_of(&raw.kind), message);
            continue;
        };
        if raw.doc.get_ref().trim().is_empty() {
            problems.add(
                file,
                text,
                span_of(&raw.doc),
                format!("parameter `{}` needs a one-line `doc`", name.get_ref()),
            );
        }
        for bound in [&raw.minimum, &raw.maximum].into_iter().flatten() {
            if !kind.is_numeric() {
                let message =
                    format!("`minimum` and `maximum` apply to integer and number parameters, not {}", kind.as_str());
                problems.add(file, text, span_of(bound), message);
            }
        }
        if let (Some(min), Some(max)) = (&raw.minimum, &raw.maximum)
            && min.get_ref() > max.get_ref()
        {
            problems.add(
                file,
                text,
                span_of(max),
                format!("`maximum` {} is below `minimum` {}", max.get_ref(), min.get_ref()),
            );
        }
        if let Some(values) = &raw.values
            && (!kind.has_strings() || values.get_ref().is_empty())
        {
            let message = "`values` lists the allowed values of a string or string-list parameter: at least one";
            problems.add(file, text, span_of(values), message.to_owned());
        }
        let default = raw.default.get_ref().clone();
        let parameter = Parameter {
            name: name.get_ref().clone(),
            kind,
            value: default.clone(),
            default,
            minimum: raw.minimum.map(Spanned::into_inner),
            maximum: raw.maximum.map(Spanned::into_inner),
            values: raw.values.map(Spanned::into_inner).unwrap_or_default(),
            doc: raw.doc.into_inner().trim().to_owned(),
        };
        if let Err(message) = parameter.accepts(&parameter.default) {
            problems.add(file, text, span_of(&raw.default), format!("the default does not fit: {message}"));
        }
        out.push((at, parameter));
    }
    (problems.diagnostics.len() == before).then_some(out)
}

/// A declared parameter nothing refers to changes nothing: an error at its name.
fn unused_parameters(
    declared: &[(Span, Parameter)],
    templates: &Templates,
    file: &str,
    text: &str,
    problems: &mut Problems,
) {
    for (at, parameter) in declared {
        let name = &parameter.name;
        let texts = [Some(&templates.title), templates.rationale.as_ref(), templates.fix.as_ref()];
        let used = params::check_mentions(&templates.check, name)
            || texts.into_iter().flatten().any(|t| params::mentions(t, name));
        if !used {
            let message = format!(
                "parameter `{name}` is declared but nothing refers to it: use `\"{{{name}}}\"` as a check option, \
                 or `{{{name}}}` in the title, rationale or fix"
            );
            problems.add(file, text, *at, message);
        }
    }
}
