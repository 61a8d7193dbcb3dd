//! The standards catalog: versioned data, interface and process standards.
//!
//! A catalog is a directory (`standards/`) with a `catalog.toml` and one folder per
//! standard version, `<kind>/<id>/<version>/standard.toml`, holding the artifacts its
//! requirements check against. The default catalog is embedded in the binary
//! ([`Catalog::embedded`]); any directory can be loaded instead ([`Catalog::from_dir`]).

pub mod configure;
pub mod diff;
mod digest;
pub mod docs;
mod error;
pub mod lint;
mod load;
pub mod lock;
mod model;
pub mod params;
mod personal;
mod resolve;
mod source;

pub use configure::{ParameterInForce, ParameterSetting};
pub use digest::digest_files;
pub use error::{CatalogError, ResolveError};
pub use model::{
    CatalogManifest, Check, ConformanceClass, Detect, Kind, Profile, Requirement, Standard, Status, Templates,
    XmlScenario,
};
pub use params::{ParamType, Parameter};
pub use resolve::{Resolved, StandardRef};
pub use source::CatalogSource;

use std::path::Path;

/// A loaded catalog.
#[derive(Debug)]
pub struct Catalog {
    /// `catalog.toml`.
    pub manifest: CatalogManifest,
    /// Every standard version, sorted by id then version.
    pub standards: Vec<Standard>,
    /// Where the catalog's files come from.
    pub source: CatalogSource,
    /// `sha256:` digest over the catalog's canonical content.
    pub digest: String,
}

impl Catalog {
    /// The catalog embedded in the binary.
    pub fn embedded() -> Result<Self, CatalogError> {
        load::load(CatalogSource::embedded())
    }

    /// A catalog read from a directory.
    pub fn from_dir(dir: &Path) -> Result<Self, CatalogError> {
        load::load(CatalogSource::directory(dir)?)
    }

    /// Every version of the standard `id`, oldest first.
    pub fn versions<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Standard> + 'a {
        self.standards.iter().filter(move |s| s.id == id)
    }

    /// Documentation URL of requirement `rule` of `standard` at `version`.
    #[must_use]
    pub fn docs_url(&self, standard: &str, version: &str, rule: &str) -> String {
        self.manifest
            .docs_url
            .replace("{standard}", standard)
            .replace("{version}", version)
            .replace("{rule}", &rule.to_ascii_lowercase())
    }

    /// Finds the requirement (or standard) a rule id names, newest version first.
    #[must_use]
    pub fn find_rule(&self, rule: &str) -> Option<(&Standard, &Requirement)> {
        self.standards
            .iter()
            .rev()
            .find_map(|s| s.requirements.iter().find(|r| r.id.eq_ignore_ascii_case(rule)).map(|r| (s, r)))
    }
}
