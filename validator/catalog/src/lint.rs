//! `conform catalog lint`: checks of the manifests themselves (ids, versions, life cycle,
//! documentation, profiles, paths). Checks that need engines (compiling every requirement,
//! artifacts against their meta-schemas, fixtures) live in the engine crate and report into
//! the same [`LintSink`].

use std::collections::HashMap;
use std::sync::Arc;

use conform_diagnostics::{Diagnostic, Finding, Level, LineIndex, Locator, RuleStamp, Span};
use serde::Deserialize;
use toml::Spanned;

use crate::{Catalog, CatalogSource, Standard, Status};

/// Collects lint problems with the text of every file they point into.
#[derive(Debug, Default)]
pub struct LintSink {
    /// One diagnostic per problem; `rule` names the lint check (`catalog/id`, ...).
    pub diagnostics: Vec<Diagnostic>,
    /// The text of each file named by a diagnostic, for snippets.
    pub sources: Vec<(String, String)>,
}

impl LintSink {
    /// Records a problem of lint check `rule` at `span` of `file` (whose text is `text`).
    pub fn add(&mut self, rule: &str, file: &str, text: &str, span: Span, message: impl Into<String>) {
        self.add_with_help(rule, file, text, span, message, None);
    }

    /// Like [`add`](Self::add), with a hint on how to fix it.
    pub fn add_with_help(
        &mut self,
        rule: &str,
        file: &str,
        text: &str,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let span = Span::new(span.start.min(text.len()), span.end.min(text.len()));
        let mut finding = Finding::new(span, Locator::None, message);
        finding.location = Some(LineIndex::new(text.as_bytes()).location(text.as_bytes(), span));
        finding.help = help;
        self.push(rule, file, text, finding);
    }

    /// Records a finding already located (e.g. with a JSON pointer) in `file`.
    pub fn push(&mut self, rule: &str, file: &str, text: &str, finding: Finding) {
        let stamp = RuleStamp::ad_hoc(rule, Level::Must);
        self.diagnostics.push(stamp.stamp(&Arc::from(file), finding));
        if !self.sources.iter().any(|(name, _)| name == file) {
            self.sources.push((file.to_owned(), text.to_owned()));
        }
    }

    /// Sorts the diagnostics for stable output.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
}

/// A catalog file's text (BOM stripped, so TOML spans index it), or `None` when unreadable.
#[must_use]
pub fn text_of(source: &CatalogSource, rel: &str) -> Option<String> {
    let bytes = source.read(rel).ok()?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// The spans of a `standard.toml`'s values, for pointing at them.
#[derive(Deserialize)]
pub struct ManifestSpans {
    /// `id`.
    pub id: Spanned<String>,
    /// `version`.
    pub version: Spanned<String>,
    /// `status`.
    pub status: Spanned<String>,
    /// `effective`.
    #[serde(default)]
    pub effective: Option<Spanned<String>>,
    /// `sunset`.
    #[serde(default)]
    pub sunset: Option<Spanned<String>>,
    /// `supersedes`.
    #[serde(default)]
    pub supersedes: Option<Spanned<String>>,
    /// `[[requirement]]` tables.
    #[serde(default, rename = "requirement")]
    pub requirements: Vec<RequirementSpans>,
}

/// The spans of one `[[requirement]]`.
#[derive(Deserialize)]
pub struct RequirementSpans {
    /// `id`.
    pub id: Spanned<String>,
    /// `check`.
    pub check: Spanned<toml::Table>,
}

impl ManifestSpans {
    /// Parses the spans of a manifest that loaded successfully.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        toml::from_str(text).ok()
    }

    /// Span of requirement `id`'s id, or of the standard's id.
    #[must_use]
    pub fn requirement(&self, id: &str) -> Span {
        self.requirements.iter().find(|r| r.id.get_ref() == id).map_or_else(|| spanned(&self.id), |r| spanned(&r.id))
    }

    /// Span of requirement `id`'s check table.
    #[must_use]
    pub fn check(&self, id: &str) -> Span {
        self.requirements.iter().find(|r| r.id.get_ref() == id).map_or_else(|| spanned(&self.id), |r| spanned(&r.check))
    }
}

/// Byte span of a spanned TOML value.
#[must_use]
pub fn spanned<T>(value: &Spanned<T>) -> Span {
    let range = value.span();
    Span::new(range.start, range.end)
}

/// A standard version with its manifest text and spans, as lint checks need it.
pub struct Manifest<'a> {
    /// The standard.
    pub standard: &'a Standard,
    /// `standard.toml` as shown to a person.
    pub file: String,
    /// Its text.
    pub text: String,
    /// Its spans.
    pub spans: ManifestSpans,
}

/// Reads every standard's manifest text and spans.
#[must_use]
pub fn manifests(catalog: &Catalog) -> Vec<Manifest<'_>> {
    catalog
        .standards
        .iter()
        .filter_map(|standard| {
            let rel = standard.manifest_path();
            let text = text_of(&catalog.source, &rel)?;
            let spans = ManifestSpans::parse(&text)?;
            Some(Manifest { standard, file: catalog.source.display(&rel), text, spans })
        })
        .collect()
}

/// Runs every manifest check on `catalog`.
pub fn lint_manifests(catalog: &Catalog, sink: &mut LintSink) {
    let manifests = manifests(catalog);
    ids(&manifests, sink);
    for manifest in &manifests {
        supersedes(catalog, manifest, sink);
        lifecycle(catalog, manifest, sink);
        documented(manifest, sink);
        paths(manifest, sink);
    }
    profiles(catalog, sink);
}

/// Whether `id` is kebab-case: lower-case letters and digits in dash-separated words.
#[must_use]
pub fn is_standard_id(id: &str) -> bool {
    words(id, |c| c.is_ascii_lowercase() || c.is_ascii_digit()) && id.starts_with(|c: char| c.is_ascii_lowercase())
}

/// Whether `id` is a requirement id: letters and digits in dash-separated words, starting
/// with a letter, all upper-case (`PERSON-001`) or all lower-case (`end-event-required`, as
/// rule names of bpmnlint and Spectral are).
#[must_use]
pub fn is_requirement_id(id: &str) -> bool {
    let upper = words(id, |c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let lower = words(id, |c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (upper || lower) && id.starts_with(|c: char| c.is_ascii_alphabetic())
}

fn words(id: &str, allowed: impl Fn(char) -> bool) -> bool {
    !id.is_empty() && id.split('-').all(|word| !word.is_empty() && word.chars().all(&allowed))
}

/// `catalog/id`: ids are well-formed; a requirement id belongs to one standard only.
fn ids(manifests: &[Manifest<'_>], sink: &mut LintSink) {
    let mut owners: HashMap<&str, Vec<&str>> = HashMap::new();
    for m in manifests {
        for requirement in &m.standard.requirements {
            let standards = owners.entry(&requirement.id).or_default();
            if !standards.contains(&m.standard.id.as_str()) {
                standards.push(&m.standard.id);
            }
        }
    }
    let mut kinds: HashMap<&str, crate::Kind> = HashMap::new();
    for m in manifests {
        let kind = *kinds.entry(&m.standard.id).or_insert(m.standard.kind);
        if kind != m.standard.kind {
            sink.add(
                "catalog/id",
                &m.file,
                &m.text,
                spanned(&m.spans.id),
                format!("`{}` is already a {kind} standard; a standard keeps its kind in every version", m.standard.id),
            );
        }
        if !is_standard_id(&m.standard.id) {
            sink.add(
                "catalog/id",
                &m.file,
                &m.text,
                spanned(&m.spans.id),
                format!("standard id `{}` is not kebab-case (lower-case letters, digits and dashes)", m.standard.id),
            );
        }
        for requirement in &m.standard.requirements {
            let span = m.spans.requirement(&requirement.id);
            if !is_requirement_id(&requirement.id) {
                sink.add(
                    "catalog/id",
                    &m.file,
                    &m.text,
                    span,
                    format!(
                        "requirement id `{}` is not well-formed: use words of letters and digits joined by dashes, \
                         all upper-case like `PERSON-001` or all lower-case like `end-event-required`",
                        requirement.id
                    ),
                );
            }
            let others: Vec<&str> =
                owners[requirement.id.as_str()].iter().copied().filter(|s| *s != m.standard.id).collect();
            if !others.is_empty() {
                sink.add(
                    "catalog/id",
                    &m.file,
                    &m.text,
                    span,
                    format!(
                        "requirement id `{}` is also used by the standard `{}`",
                        requirement.id,
                        others.join("`, `")
                    ),
                );
            }
        }
    }
}

/// `catalog/supersedes`: `supersedes` names an older version of the same standard.
fn supersedes(catalog: &Catalog, m: &Manifest<'_>, sink: &mut LintSink) {
    let Some(value) = &m.spans.supersedes else { return };
    let span = spanned(value);
    let message = match semver::Version::parse(value.get_ref()) {
        Err(err) => format!("`supersedes` is not a semantic version: {err}"),
        Ok(version) if version >= m.standard.version => {
            format!("`supersedes` must name an older version than {}, not {version}", m.standard.version)
        }
        Ok(version) if catalog.versions(&m.standard.id).any(|s| s.version == version) => return,
        Ok(version) => {
            let known: Vec<String> = catalog.versions(&m.standard.id).map(|s| s.version.to_string()).collect();
            format!("`supersedes` names {}@{version}, which is not in the catalog (versions: {})", m.standard.id, {
                known.join(", ")
            })
        }
    };
    sink.add("catalog/supersedes", &m.file, &m.text, span, message);
}

/// `catalog/lifecycle`: dates are real `YYYY-MM-DD` dates in order, and statuses agree
/// with the versions that supersede them.
fn lifecycle(catalog: &Catalog, m: &Manifest<'_>, sink: &mut LintSink) {
    let mut dates = Vec::new();
    for (key, value) in [("effective", &m.spans.effective), ("sunset", &m.spans.sunset)] {
        let Some(value) = value else { continue };
        if is_date(value.get_ref()) {
            dates.push(value);
        } else {
            sink.add(
                "catalog/lifecycle",
                &m.file,
                &m.text,
                spanned(value),
                format!("`{key}` must be a date written YYYY-MM-DD, not `{}`", value.get_ref()),
            );
        }
    }
    if let [effective, sunset] = dates.as_slice()
        && sunset.get_ref() <= effective.get_ref()
    {
        sink.add(
            "catalog/lifecycle",
            &m.file,
            &m.text,
            spanned(sunset),
            format!("`sunset` ({}) must come after `effective` ({})", sunset.get_ref(), effective.get_ref()),
        );
    }
    let status = spanned(&m.spans.status);
    if m.standard.status == Status::Retired && m.standard.sunset.is_none() {
        sink.add("catalog/lifecycle", &m.file, &m.text, status, "a retired version must give its `sunset` date");
    }
    if m.standard.status == Status::Draft && m.standard.sunset.is_some() {
        sink.add("catalog/lifecycle", &m.file, &m.text, status, "a draft version cannot have a `sunset` date");
    }
    let superseded_by = catalog.versions(&m.standard.id).find(|s| {
        s.status != Status::Draft && s.supersedes.as_deref() == Some(m.standard.version.to_string().as_str())
    });
    if let Some(newer) = superseded_by
        && matches!(m.standard.status, Status::Active | Status::Draft)
    {
        sink.add_with_help(
            "catalog/lifecycle",
            &m.file,
            &m.text,
            status,
            format!("{} is {} but {} supersedes it", m.standard.label(), m.standard.status, newer.label()),
            Some("set `status = \"deprecated\"` (with a `sunset` date) or `\"retired\"`".to_owned()),
        );
    }
}

/// Whether `text` is a calendar date written `YYYY-MM-DD`.
#[must_use]
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, mo, d] = parts.as_slice() else { return false };
    if y.len() != 4 || mo.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<u32>(), mo.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `catalog/documented`: every requirement says why it exists and how to meet it.
fn documented(m: &Manifest<'_>, sink: &mut LintSink) {
    for requirement in &m.standard.requirements {
        let missing: Vec<&str> = [("rationale", &requirement.rationale), ("fix", &requirement.fix)]
            .into_iter()
            .filter(|(_, text)| text.as_deref().is_none_or(|t| t.trim().is_empty()))
            .map(|(key, _)| key)
            .collect();
        if !missing.is_empty() {
            sink.add(
                "catalog/documented",
                &m.file,
                &m.text,
                m.spans.requirement(&requirement.id),
                format!("requirement {} has no {}", requirement.id, missing.join(" and no ")),
            );
        }
    }
}

/// File extensions that make a check parameter a path to an artifact.
const ARTIFACT_EXTENSIONS: &[&str] = &[".json", ".csv", ".xsd", ".xml", ".yaml", ".yml", ".toml", ".bpmn", ".txt"];

/// Whether a check parameter value names a file.
fn looks_like_path(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    ARTIFACT_EXTENSIONS.iter().any(|ext| lower.ends_with(ext)) || value.contains("://")
}

/// (requirement id, path, why) for every check parameter of `standard` that names a file
/// outside the catalog.
#[must_use]
pub fn escaping_paths(standard: &Standard) -> Vec<(&str, String, String)> {
    let mut found = Vec::new();
    for requirement in &standard.requirements {
        let mut values = Vec::new();
        collect_strings(&toml::Value::Table(requirement.check.params.clone()), &mut values);
        for value in values {
            if looks_like_path(&value)
                && let Err(message) = CatalogSource::join(&standard.dir, &value)
            {
                found.push((requirement.id.as_str(), value, message));
            }
        }
    }
    found
}

fn collect_strings(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        toml::Value::Table(table) => table.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// `catalog/path`: artifact paths are relative and stay inside the catalog.
fn paths(m: &Manifest<'_>, sink: &mut LintSink) {
    for (requirement, _, message) in escaping_paths(m.standard) {
        sink.add("catalog/path", &m.file, &m.text, m.spans.check(requirement), format!("{requirement}: {message}"));
    }
}

#[derive(Deserialize)]
struct ProfileSpans {
    #[serde(default, rename = "profile")]
    profiles: Vec<ProfileSpan>,
}

#[derive(Deserialize)]
struct ProfileSpan {
    name: String,
    #[serde(default)]
    standards: Vec<Spanned<String>>,
    #[serde(default, rename = "class")]
    classes: Vec<ClassSpan>,
}

#[derive(Deserialize)]
struct ClassSpan {
    #[serde(default)]
    standards: Vec<Spanned<String>>,
}

/// `catalog/profile`: every standard a profile (or one of its classes) names resolves.
fn profiles(catalog: &Catalog, sink: &mut LintSink) {
    let Some(text) = text_of(&catalog.source, "catalog.toml") else { return };
    let Ok(parsed) = toml::from_str::<ProfileSpans>(&text) else { return };
    let file = catalog.source.display("catalog.toml");
    for profile in &parsed.profiles {
        let classes = profile.classes.iter().flat_map(|class| &class.standards);
        for reference in profile.standards.iter().chain(classes) {
            if let Err(err) = catalog.resolve(reference.get_ref()) {
                sink.add(
                    "catalog/profile",
                    &file,
                    &text,
                    spanned(reference),
                    format!("profile `{}`: {err}", profile.name),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert!(is_standard_id("person") && is_standard_id("api-security-2"));
        assert!(!is_standard_id("Person") && !is_standard_id("person-") && !is_standard_id("1person"));
        assert!(is_requirement_id("PERSON-001") && is_requirement_id("API-SEC-12"));
        assert!(is_requirement_id("end-event-required") && is_requirement_id("no-bpmndi"));
        assert!(!is_requirement_id("Person-001") && !is_requirement_id("PERSON--1") && !is_requirement_id(""));
        assert!(!is_requirement_id("1-PERSON") && !is_requirement_id("org_2"));
    }

    #[test]
    fn dates_are_calendar_dates() {
        assert!(is_date("2024-02-29") && is_date("2026-12-31"));
        assert!(!is_date("2023-02-29") && !is_date("2026-13-01") && !is_date("2026-1-01") && !is_date("soon"));
    }

    #[test]
    fn only_paths_that_escape_are_flagged() {
        assert!(looks_like_path("person.schema.json") && looks_like_path("https://x.org/s"));
        assert!(!looks_like_path("$.paths[*]") && !looks_like_path("^[a-z]+$"));
    }
}
