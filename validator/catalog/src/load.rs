//! Loading a catalog: parsing manifests, with file/line/column on every problem.

use std::sync::Arc;

use conform_diagnostics::{Diagnostic, Finding, Level, LineIndex, Locator, RuleStamp, Span};
use serde::Deserialize;
use toml::Spanned;

use crate::model::{CatalogManifest, Check, Detect, Kind, Requirement, Standard, Status};
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
        requirements.push(Requirement {
            id: req.id.into_inner(),
            level: req.level,
            title: req.title,
            check: Check { engine, params, span },
            rationale: req.rationale,
            fix: req.fix,
        });
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
