//! The inputs a vendor declares: files, directories, or the `[[inputs]]` globs of a
//! `conform.toml`.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSetBuilder};

/// Why the declared inputs cannot be collected.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A path cannot be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A `conform.toml` does not declare inputs usably.
    #[error("{path}: {message}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Nothing to check.
    #[error("no input files were declared")]
    Empty,
}

/// One declared input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Its name in the report: the path as declared, with `/` separators.
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
    /// Whether it was named on its own (rather than found in a directory or by a glob);
    /// named files no standard applies to are errors, found ones are skipped.
    pub named: bool,
}

/// Collects the inputs of `paths`, sorted by name, without duplicates.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Declared>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| InputError::Read { path: path.clone(), source })?;
        if meta.is_dir() {
            walk(path, &mut |file| out.push(declared(file, false)))?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            from_config(path, &mut out)?;
        } else {
            out.push(declared(path.clone(), true));
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.dedup_by(|a, b| a.name == b.name);
    if out.is_empty() {
        return Err(InputError::Empty);
    }
    Ok(out)
}

/// The report name of a path: its components joined by `/`, without `.` components.
#[must_use]
pub fn name_of(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    let name = parts.join("/");
    if path.has_root() && !name.starts_with('/') { format!("/{name}") } else { name }
}

fn declared(path: PathBuf, named: bool) -> Declared {
    Declared { name: name_of(&path), path, named }
}

/// Files under `dir`, in name order; hidden entries (`.git`, `.env`) are skipped.
fn walk(dir: &Path, found: &mut dyn FnMut(PathBuf)) -> Result<(), InputError> {
    let read = std::fs::read_dir(dir).map_err(|source| InputError::Read { path: dir.to_owned(), source })?;
    let mut entries: Vec<PathBuf> = Vec::new();
    for entry in read {
        let entry = entry.map_err(|source| InputError::Read { path: dir.to_owned(), source })?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            entries.push(entry.path());
        }
    }
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            walk(&entry, found)?;
        } else {
            found(entry);
        }
    }
    Ok(())
}

/// The files matched by the `glob`s of `[[inputs]]` in a `conform.toml`, relative to its folder.
fn from_config(path: &Path, out: &mut Vec<Declared>) -> Result<(), InputError> {
    let config = |message: String| InputError::Config { path: path.to_owned(), message };
    let text = std::fs::read_to_string(path).map_err(|source| InputError::Read { path: path.to_owned(), source })?;
    let table: toml::Table = toml::from_str(&text).map_err(|err| config(err.message().trim_end().to_owned()))?;
    let globs: Vec<&str> = match table.get("inputs") {
        Some(toml::Value::Array(items)) => {
            items.iter().filter_map(|item| item.get("glob").and_then(toml::Value::as_str)).collect()
        }
        _ => Vec::new(),
    };
    if globs.is_empty() {
        return Err(config("declares no `[[inputs]]` with a `glob`".to_owned()));
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(Glob::new(glob).map_err(|err| config(format!("invalid glob: {err}")))?);
    }
    let set = builder.build().map_err(|err| config(format!("invalid glob: {err}")))?;
    let base = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    walk(base, &mut |file| {
        let relative = file.strip_prefix(base).unwrap_or(&file);
        if set.is_match(relative) {
            out.push(declared(file.clone(), false));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_portable() {
        assert_eq!(name_of(Path::new("./a/./b.json")), "a/b.json");
        assert_eq!(name_of(Path::new("/tmp/x.json")), "/tmp/x.json");
    }

    #[test]
    fn collects_files_directories_and_config_globs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("exports/.hidden")).unwrap();
        for file in ["exports/b.ndjson", "exports/a.json", "exports/.hidden/c.json", "other.csv"] {
            std::fs::write(root.join(file), "{}").unwrap();
        }
        std::fs::write(root.join("conform.toml"), "[[inputs]]\nglob = \"exports/*.ndjson\"\nstandards = []\n").unwrap();
        let found = collect(&[root.join("exports"), root.join("other.csv")]).unwrap();
        let names: Vec<&str> = found.iter().map(|d| d.name.rsplit('/').next().unwrap()).collect();
        assert_eq!(names, ["a.json", "b.ndjson", "other.csv"]);
        assert!(found[2].named && !found[0].named);
        let found = collect(&[root.join("conform.toml")]).unwrap();
        assert_eq!(found.len(), 1);
        assert!(found[0].name.ends_with("exports/b.ndjson"));
        std::fs::write(root.join("empty.toml"), "").unwrap();
        assert!(collect(&[root.join("empty.toml")]).is_err());
    }
}
