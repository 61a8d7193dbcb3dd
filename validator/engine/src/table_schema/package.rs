//! Data Package (v1 and v2) descriptors as input: every tabular resource checked against
//! its schema and dialect, foreign keys resolved across the package's resources.
//!
//! The CLI calls [`load_package`] on a `datapackage.json` and runs each returned table's
//! check on its file (`check.check_file(&Input::file(table.path), Format::Csv, out)`),
//! reporting findings under the resource's name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::descriptor::{Object, at};
use super::dialect::TableDialect;
use super::schema::Reference;
use super::{Schema, TableSchemaCheck};

/// Annotation-only package properties.
const PACKAGE_PROPERTIES: [&str; 16] = [
    "resources",
    "$schema",
    "profile",
    "name",
    "id",
    "title",
    "description",
    "homepage",
    "version",
    "created",
    "keywords",
    "image",
    "licenses",
    "sources",
    "contributors",
    "countryCode",
];

/// Resource properties: what is applied, and what only describes.
const RESOURCE_PROPERTIES: [&str; 17] = [
    "name",
    "path",
    "schema",
    "dialect",
    "encoding",
    "format",
    "mediatype",
    "type",
    "profile",
    "$schema",
    "title",
    "description",
    "bytes",
    "hash",
    "sources",
    "licenses",
    "homepage",
];

/// One tabular resource of a package, ready to check.
pub struct PackageTable {
    /// The resource's name.
    pub name: String,
    /// Its file.
    pub path: PathBuf,
    /// Its check.
    pub check: TableSchemaCheck,
}

/// A descriptor given inline or as a local JSON file next to the package.
fn descriptor(dir: &Path, value: &Value, path: &str) -> Result<(Value, String), String> {
    match value {
        Value::Object(_) => Ok((value.clone(), path.to_owned())),
        Value::String(file) => {
            let local = local_path(dir, file, path)?;
            let bytes = std::fs::read(&local).map_err(|err| format!("{}: {}: {err}", at(path), local.display()))?;
            let (text, _) = conform_formats::text::strip_bom(&bytes);
            let value = conform_formats::json::parse(text)
                .map_err(|err| format!("{}: {}: {}", at(path), local.display(), err.message))?;
            Ok((value, format!("{} ({})", local.display(), at(path))))
        }
        other => Err(format!("{}: expected an object or a path, found {}", at(path), super::descriptor::kind(other))),
    }
}

/// A path of the package, which must stay local (no URL: conform never reads the network).
fn local_path(dir: &Path, file: &str, path: &str) -> Result<PathBuf, String> {
    if file.contains("://") {
        return Err(format!("{}: {file} is remote; conform reads local files only", at(path)));
    }
    if Path::new(file).is_absolute() || file.split(['/', '\\']).any(|part| part == "..") {
        return Err(format!("{}: {file} leaves the package's folder", at(path)));
    }
    Ok(dir.join(file))
}

/// Reads a `datapackage.json` and compiles a check for each of its resources, refusing
/// anything it does not understand (with its position in the descriptor).
pub fn load_package(package: &Path) -> Result<Vec<PackageTable>, String> {
    let dir = package.parent().unwrap_or_else(|| Path::new(""));
    let bytes = std::fs::read(package).map_err(|err| format!("{}: {err}", package.display()))?;
    let (text, _) = conform_formats::text::strip_bom(&bytes);
    let value = conform_formats::json::parse(text).map_err(|err| format!("{}: {}", package.display(), err.message))?;
    let top = Object::new(&value, String::new())?;
    top.only(&PACKAGE_PROPERTIES, "Data Package")?;
    let Some(Value::Array(resources)) = top.get("resources") else {
        return Err(format!("{}: a data package has an array of `resources`", at("")));
    };
    let mut files = HashMap::new();
    let mut read = Vec::with_capacity(resources.len());
    for (i, resource) in resources.iter().enumerate() {
        let object = Object::new(resource, format!("/resources/{i}"))?;
        object.only(&RESOURCE_PROPERTIES, "Data Resource")?;
        let name = object.str("name")?.ok_or_else(|| format!("{}: a resource has a `name`", at(&object.path)))?;
        let file = match object.get("path") {
            Some(Value::String(file)) => local_path(dir, file, &object.child("path"))?,
            Some(Value::Array(_)) => {
                return Err(format!("{}: multipart resources are not supported", at(&object.child("path"))));
            }
            _ => {
                return Err(format!(
                    "{}: a resource needs a `path` (inline `data` is not supported)",
                    at(&object.path)
                ));
            }
        };
        files.insert(name.to_owned(), file.clone());
        read.push((object, name.to_owned(), file));
    }
    let mut tables = Vec::with_capacity(read.len());
    for (object, name, file) in read {
        let format = object.str("format")?.map(str::to_ascii_lowercase);
        let extension = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let tsv = match format.as_deref().or(extension.as_deref()) {
            Some("csv") => false,
            Some("tsv") => true,
            other => {
                return Err(format!(
                    "{}: format {} is not a CSV table conform can check",
                    at(&object.path),
                    other.unwrap_or("(none)")
                ));
            }
        };
        let Some(schema) = object.get("schema") else {
            return Err(format!("{}: resource {name:?} has no schema to check it against", at(&object.path)));
        };
        let (schema, schema_at) = descriptor(dir, schema, &object.child("schema"))?;
        let schema = Schema::parse(schema).map_err(|err| format!("{schema_at}: {err}"))?;
        if schema.foreign_keys.iter().any(|fk| matches!(fk.reference, Reference::CodeList(_))) {
            return Err(format!("{schema_at}: catalog code lists are not available to a data package"));
        }
        let mut table = match object.get("dialect") {
            None => TableDialect::default(),
            Some(value) => {
                let (dialect, dialect_at) = descriptor(dir, value, &object.child("dialect"))?;
                TableDialect::parse(&dialect, "").map_err(|err| format!("{dialect_at}: {err}"))?
            }
        };
        if tsv && table.delimiter.is_none() {
            table.delimiter = Some(b'\t');
        }
        let encoding = match object.str("encoding")? {
            None => None,
            Some(label) => {
                Some(super::encoding_of(label).map_err(|e| format!("{}: {e}", at(&object.child("encoding"))))?)
            }
        };
        let check = TableSchemaCheck::for_resource(schema, table, encoding, files.clone());
        tables.push(PackageTable { name, path: file, check });
    }
    Ok(tables)
}
