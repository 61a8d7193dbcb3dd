//! Where catalog files come from: the embedded copy or a directory.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::CatalogError;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../standards");

/// Largest catalog file read (schemas, rulesets, code lists).
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The files of a catalog, addressed by `/`-separated paths relative to its root.
#[derive(Debug, Clone)]
pub enum CatalogSource {
    /// The catalog compiled into the binary.
    Embedded(&'static Dir<'static>),
    /// A catalog directory on disk.
    Directory(PathBuf),
}

impl CatalogSource {
    /// The embedded catalog.
    #[must_use]
    pub fn embedded() -> Self {
        Self::Embedded(&EMBEDDED)
    }

    /// A catalog directory; it must exist.
    pub fn directory(dir: &Path) -> Result<Self, CatalogError> {
        let meta = std::fs::metadata(dir).map_err(|source| CatalogError::Io { path: dir.to_owned(), source })?;
        if !meta.is_dir() || !dir.join("catalog.toml").is_file() {
            return Err(CatalogError::NotACatalog(dir.to_owned()));
        }
        Ok(Self::Directory(dir.to_owned()))
    }

    /// Every file of the catalog, sorted, skipping hidden files and folders.
    pub fn files(&self) -> Result<Vec<String>, CatalogError> {
        let mut files = Vec::new();
        match self {
            Self::Embedded(dir) => collect_embedded(dir, &mut files),
            Self::Directory(root) => collect_dir(root, root, &mut files)?,
        }
        files.sort();
        Ok(files)
    }

    /// Reads one file; `rel` must come from [`CatalogSource::files`] or [`join`](Self::join).
    pub fn read(&self, rel: &str) -> Result<Cow<'static, [u8]>, CatalogError> {
        match self {
            Self::Embedded(dir) => {
                dir.get_file(rel).map(|f| Cow::Borrowed(f.contents())).ok_or_else(|| CatalogError::Io {
                    path: PathBuf::from(rel),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "not in the embedded catalog"),
                })
            }
            Self::Directory(root) => {
                let path = root.join(rel);
                let io = |source| CatalogError::Io { path: path.clone(), source };
                let len = std::fs::metadata(&path).map_err(io)?.len();
                if len > MAX_FILE_BYTES {
                    return Err(io(std::io::Error::other(format!(
                        "file is {len} bytes, over the {MAX_FILE_BYTES}-byte limit for catalog files"
                    ))));
                }
                std::fs::read(&path).map(Cow::Owned).map_err(io)
            }
        }
    }

    /// Whether `rel` names a file of the catalog.
    #[must_use]
    pub fn exists(&self, rel: &str) -> bool {
        match self {
            Self::Embedded(dir) => dir.get_file(rel).is_some(),
            Self::Directory(root) => root.join(rel).is_file(),
        }
    }

    /// How to show the file `rel` to a person.
    #[must_use]
    pub fn display(&self, rel: &str) -> String {
        match self {
            Self::Embedded(_) => format!("standards/{rel}"),
            Self::Directory(root) => root.join(rel).display().to_string(),
        }
    }

    /// The directory of an on-disk catalog.
    #[must_use]
    pub fn root(&self) -> Option<&Path> {
        match self {
            Self::Embedded(_) => None,
            Self::Directory(root) => Some(root),
        }
    }

    /// Resolves `reference` relative to the folder `base` (both catalog-relative).
    ///
    /// Absolute paths, URLs and paths that climb out of the catalog are refused, so
    /// catalog content can never make `conform` read outside the catalog.
    pub fn join(base: &str, reference: &str) -> Result<String, String> {
        if reference.contains("://")
            || reference.starts_with('/')
            || reference.starts_with('\\')
            || reference.contains(':')
        {
            return Err(format!("`{reference}` must be a relative path inside the catalog"));
        }
        let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
        for part in reference.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(format!("`{reference}` points outside the catalog"));
                    }
                }
                other => parts.push(other),
            }
        }
        Ok(parts.join("/"))
    }
}

fn collect_embedded(dir: &Dir<'static>, files: &mut Vec<String>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if !is_hidden(&path) {
            files.push(path);
        }
    }
    for sub in dir.dirs() {
        if !is_hidden(&sub.path().to_string_lossy()) {
            collect_embedded(sub, files);
        }
    }
}

fn collect_dir(root: &Path, dir: &Path, files: &mut Vec<String>) -> Result<(), CatalogError> {
    let io = |source| CatalogError::Io { path: dir.to_owned(), source };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type().map_err(io)?;
        if file_type.is_dir() {
            collect_dir(root, &path, files)?;
        } else if file_type.is_file() {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

fn is_hidden(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_stays_inside_the_catalog() {
        assert_eq!(
            CatalogSource::join("data/person/1.0.0", "person.schema.json").unwrap(),
            "data/person/1.0.0/person.schema.json"
        );
        assert_eq!(CatalogSource::join("data/person/1.0.0", "../../../codelists/x.csv").unwrap(), "codelists/x.csv");
        assert!(CatalogSource::join("data/person/1.0.0", "../../../../etc/passwd").is_err());
        assert!(CatalogSource::join("data", "/etc/passwd").is_err());
        assert!(CatalogSource::join("data", "https://example.org/s.json").is_err());
        assert!(CatalogSource::join("data", "C:\\x").is_err());
    }
}
