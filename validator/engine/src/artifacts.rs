//! Reading the artifacts a check compiles (schemas, rulesets, code lists).

use std::path::{Path, PathBuf};

use conform_catalog::CatalogSource;

use crate::CompileError;

/// Where a check's artifacts are read from.
#[derive(Debug, Clone)]
pub enum ArtifactRoot {
    /// A folder of a catalog (catalog-relative), for catalog requirements.
    Catalog {
        /// The catalog's files.
        source: CatalogSource,
        /// The standard version's folder, relative to the catalog root.
        dir: String,
    },
    /// A folder on disk, for ad-hoc checks (`--schema FILE`).
    Directory(PathBuf),
}

/// An artifact read for compilation.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// How to name it to a person.
    pub display: String,
    /// Its path, relative to the catalog root (catalog artifacts) or absolute.
    pub key: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl ArtifactRoot {
    /// Reads `reference` relative to this root. Catalog references may not escape the catalog.
    pub fn read(&self, reference: &str) -> Result<Artifact, CompileError> {
        match self {
            Self::Catalog { source, dir } => {
                let key = CatalogSource::join(dir, reference)
                    .map_err(|message| CompileError::Artifact { artifact: reference.to_owned(), message })?;
                let bytes = source.read(&key).map_err(|err| CompileError::Artifact {
                    artifact: source.display(&key),
                    message: error_chain(&err),
                })?;
                Ok(Artifact { display: source.display(&key), key, bytes: bytes.into_owned() })
            }
            Self::Directory(dir) => {
                let path = dir.join(reference);
                let bytes = std::fs::read(&path).map_err(|err| CompileError::Artifact {
                    artifact: path.display().to_string(),
                    message: err.to_string(),
                })?;
                Ok(Artifact { display: path.display().to_string(), key: path.display().to_string(), bytes })
            }
        }
    }

    /// The root for an ad-hoc artifact file: its own folder.
    #[must_use]
    pub fn for_file(path: &Path) -> (Self, String) {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        (Self::Directory(dir), name)
    }
}

/// `error: cause: cause` on one line.
#[must_use]
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
