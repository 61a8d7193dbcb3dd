//! `conform catalog diff`: what changed between two versions of a standard, and whether each
//! change is compatible.
//!
//! Compatibility follows Confluent Schema Registry's JSON Schema rules. A change is
//! **backward** compatible when every input valid under the old version stays valid under the
//! new one (consumers can upgrade first), **forward** compatible when every input valid under
//! the new version was valid under the old one (producers can upgrade first), and **full**
//! compatible when it is both. Each rule is stated for the old → new direction; the forward
//! verdict of a change is the backward verdict of the reverse change, as the registry computes
//! it.
//!
//! Requirements are compared by id (added, removed, level, check), JSON Schemas keyword by
//! keyword ([`json_schema`]), Table Schemas field by field ([`table_schema`]); every change
//! carries the JSON pointer of the place it is about.

pub mod json_schema;
mod manifest;
pub mod table_schema;

use std::fmt;

use serde::Serialize;

use crate::{Catalog, Standard};

/// Which compatibility a release promises (`--mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Inputs valid under the old version stay valid (the registry's default).
    #[default]
    Backward,
    /// Inputs valid under the new version were valid under the old one.
    Forward,
    /// Both.
    Full,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Backward => "backward",
            Self::Forward => "forward",
            Self::Full => "full",
        })
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The file it is in, relative to the version's folder (`standard.toml` for requirements).
    pub file: String,
    /// JSON pointer of the place it is about (in the schema, or `/requirement/ID/...`).
    pub pointer: String,
    /// What kind of change it is (`type-narrowed`, `required-added`, ...).
    pub kind: String,
    /// One sentence for people.
    pub message: String,
    /// Inputs valid under the old version stay valid under the new one.
    pub backward: bool,
    /// Inputs valid under the new version were valid under the old one.
    pub forward: bool,
    /// Both.
    pub full: bool,
}

impl Change {
    /// A change at `pointer` of `file`.
    #[must_use]
    pub fn new(file: &str, pointer: String, kind: impl Into<String>, message: String, compat: Compat) -> Self {
        Self {
            file: file.to_owned(),
            pointer,
            kind: kind.into(),
            message,
            backward: compat.backward,
            forward: compat.forward,
            full: compat.backward && compat.forward,
        }
    }

    /// Whether the change is compatible under `mode`.
    #[must_use]
    pub fn compatible(&self, mode: Mode) -> bool {
        match mode {
            Mode::Backward => self.backward,
            Mode::Forward => self.forward,
            Mode::Full => self.full,
        }
    }
}

/// Backward and forward verdicts of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compat {
    /// Old inputs stay valid.
    pub backward: bool,
    /// New inputs were valid.
    pub forward: bool,
}

impl Compat {
    /// Fewer inputs are valid: breaks backward, keeps forward.
    pub const NARROWED: Self = Self { backward: false, forward: true };
    /// More inputs are valid: keeps backward, breaks forward.
    pub const EXTENDED: Self = Self { backward: true, forward: false };
    /// Compatible both ways (annotations, equivalent rewrites).
    pub const NONE: Self = Self { backward: true, forward: true };
    /// Incompatible both ways (changed, not comparable).
    pub const CHANGED: Self = Self { backward: false, forward: false };

    /// The verdicts of the reverse change.
    #[must_use]
    pub fn reversed(self) -> Self {
        Self { backward: self.forward, forward: self.backward }
    }
}

/// The smallest version bump a set of changes allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Same version.
    None,
    /// Patch.
    Patch,
    /// Minor.
    Minor,
    /// Major.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        })
    }
}

impl Bump {
    /// The bump from `old` to `new` (a `0.y` minor bump counts as major, as in Cargo).
    #[must_use]
    pub fn between(old: &semver::Version, new: &semver::Version) -> Self {
        if new.major != old.major || (old.major == 0 && new.minor != old.minor) {
            Self::Major
        } else if new.minor != old.minor {
            Self::Minor
        } else if new.patch != old.patch || new.pre != old.pre {
            Self::Patch
        } else {
            Self::None
        }
    }
}

/// The changes between two versions of a standard.
#[derive(Debug, Clone, Serialize)]
pub struct StandardDiff {
    /// `id@version` of the old side.
    pub old: String,
    /// `id@version` of the new side.
    pub new: String,
    /// The old version.
    #[serde(skip)]
    pub old_version: semver::Version,
    /// The new version.
    #[serde(skip)]
    pub new_version: semver::Version,
    /// Every change, by file then pointer.
    pub changes: Vec<Change>,
}

impl StandardDiff {
    /// The smallest bump the changes allow under `mode`: major for a change that breaks it,
    /// minor for any other change that is not compatible both ways, patch for the rest.
    #[must_use]
    pub fn required_bump(&self, mode: Mode) -> Bump {
        self.changes.iter().fold(Bump::None, |bump, change| {
            let needed = if !change.compatible(mode) {
                Bump::Major
            } else if !change.full {
                Bump::Minor
            } else {
                Bump::Patch
            };
            bump.max(needed)
        })
    }

    /// The bump from the old version to the new one.
    #[must_use]
    pub fn actual_bump(&self) -> Bump {
        Bump::between(&self.old_version, &self.new_version)
    }

    /// Whether the new version's number is big enough for its changes under `mode`.
    #[must_use]
    pub fn semver_ok(&self, mode: Mode) -> bool {
        self.new_version > self.old_version && self.actual_bump() >= self.required_bump(mode)
    }
}

/// Compares `old` (of `old_catalog`) with `new` (of `new_catalog`).
#[must_use]
pub fn diff_standards(old_catalog: &Catalog, old: &Standard, new_catalog: &Catalog, new: &Standard) -> StandardDiff {
    let mut changes = manifest::diff(old, new);
    changes.extend(artifacts(old_catalog, old, new_catalog, new));
    changes.sort_by(|a, b| (&a.file, &a.pointer, &a.kind).cmp(&(&b.file, &b.pointer, &b.kind)));
    StandardDiff {
        old: old.label(),
        new: new.label(),
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        changes,
    }
}

/// Files of a version's folder (relative to it), except its manifest.
fn version_files(catalog: &Catalog, standard: &Standard) -> Vec<String> {
    let prefix = format!("{}/", standard.dir);
    catalog
        .source
        .files()
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.strip_prefix(&prefix))
        .filter(|f| *f != "standard.toml")
        .map(str::to_owned)
        .collect()
}

fn artifacts(old_catalog: &Catalog, old: &Standard, new_catalog: &Catalog, new: &Standard) -> Vec<Change> {
    let old_files = version_files(old_catalog, old);
    let new_files = version_files(new_catalog, new);
    let read = |catalog: &Catalog, standard: &Standard, name: &str| {
        catalog.source.read(&format!("{}/{name}", standard.dir)).map(std::borrow::Cow::into_owned).unwrap_or_default()
    };
    let mut changes = Vec::new();
    for name in &old_files {
        if !new_files.contains(name) {
            changes.push(Change::new(
                name,
                String::new(),
                "artifact-removed",
                format!("`{name}` was removed"),
                Compat::NONE,
            ));
        }
    }
    for name in &new_files {
        if !old_files.contains(name) {
            changes.push(Change::new(
                name,
                String::new(),
                "artifact-added",
                format!("`{name}` was added"),
                Compat::NONE,
            ));
            continue;
        }
        let (a, b) = (read(old_catalog, old, name), read(new_catalog, new, name));
        if a == b {
            continue;
        }
        let parsed =
            (serde_json::from_slice::<serde_json::Value>(strip_bom(&a)), serde_json::from_slice(strip_bom(&b)));
        match parsed {
            (Ok(a), Ok(b)) if table_schema::is_table_schema(&a) && table_schema::is_table_schema(&b) => {
                changes.extend(table_schema::diff(&a, &b).into_iter().map(|c| c.into_change(name)));
            }
            (Ok(a), Ok(b)) if name.to_ascii_lowercase().ends_with(".json") => {
                changes.extend(json_schema::diff(&a, &b).into_iter().map(|c| c.into_change(name)));
            }
            _ => changes.push(Change::new(
                name,
                String::new(),
                "artifact-changed",
                format!("`{name}` changed; conform cannot classify changes to this kind of file, review it"),
                Compat::CHANGED,
            )),
        }
    }
    changes
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// A change found inside one artifact, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactChange {
    /// JSON pointer of the place in the artifact.
    pub pointer: String,
    /// Kind of change.
    pub kind: String,
    /// One sentence.
    pub message: String,
    /// Verdicts.
    pub compat: Compat,
}

impl ArtifactChange {
    /// Places the change in `file`.
    #[must_use]
    pub fn into_change(self, file: &str) -> Change {
        Change::new(file, self.pointer, self.kind, self.message, self.compat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> semver::Version {
        semver::Version::parse(text).unwrap()
    }

    fn diff(old: &str, new: &str, changes: Vec<Change>) -> StandardDiff {
        StandardDiff { old: old.into(), new: new.into(), old_version: v(old), new_version: v(new), changes }
    }

    #[test]
    fn bumps_between_versions() {
        assert_eq!(Bump::between(&v("1.0.0"), &v("2.0.0")), Bump::Major);
        assert_eq!(Bump::between(&v("1.0.0"), &v("1.1.0")), Bump::Minor);
        assert_eq!(Bump::between(&v("1.0.0"), &v("1.0.1")), Bump::Patch);
        assert_eq!(Bump::between(&v("0.1.0"), &v("0.2.0")), Bump::Major, "0.y minor releases may break");
    }

    #[test]
    fn semver_follows_the_mode() {
        let narrowed = Change::new("s.json", "/type".into(), "type-narrowed", String::new(), Compat::NARROWED);
        let minor = diff("1.0.0", "1.1.0", vec![narrowed.clone()]);
        assert_eq!(minor.required_bump(Mode::Backward), Bump::Major);
        assert!(!minor.semver_ok(Mode::Backward));
        assert_eq!(minor.required_bump(Mode::Forward), Bump::Minor);
        assert!(minor.semver_ok(Mode::Forward));
        assert!(!minor.semver_ok(Mode::Full));
        let annotation = Change::new("s.json", "/title".into(), "annotation-changed", String::new(), Compat::NONE);
        let patch = diff("1.0.0", "1.0.1", vec![annotation]);
        assert_eq!(patch.required_bump(Mode::Full), Bump::Patch);
        assert!(patch.semver_ok(Mode::Full));
        assert!(!diff("1.1.0", "1.0.0", Vec::new()).semver_ok(Mode::Backward), "versions only go up");
    }
}
