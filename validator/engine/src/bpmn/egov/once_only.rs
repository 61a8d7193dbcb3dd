//! `once-only`: no data input or data object asks for a document the administration
//! already holds.

use serde::Deserialize;
use serde_json::Value;

use super::{label, normalise, options};
use crate::CompileError;
use crate::artifacts::ArtifactRoot;
use crate::bpmn::kind::Kind;
use crate::bpmn::lint::{Check, Report};
use crate::bpmn::model::Model;

/// Options of `once-only`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// The code list of government-held documents, relative to the standard's folder: CSV
    /// with the header `code,name,holder,aliases` (aliases separated by `|`).
    #[serde(default = "default_code_list")]
    code_list: String,
}

impl Default for Options {
    fn default() -> Self {
        Self { code_list: default_code_list() }
    }
}

fn default_code_list() -> String {
    "held-documents.csv".to_owned()
}

/// A document the administration holds.
#[derive(Debug, Clone)]
struct HeldDocument {
    code: String,
    name: String,
    holder: String,
    /// Normalised name and aliases.
    terms: Vec<String>,
}

pub(super) fn build(value: &Value, root: &ArtifactRoot) -> Result<Check, CompileError> {
    let options: Options = options("once-only", value)?;
    let artifact = root.read(&options.code_list)?;
    let documents = parse_code_list(&artifact.bytes)
        .map_err(|message| CompileError::Artifact { artifact: artifact.display.clone(), message })?;
    Ok(Box::new(move |model, out| check(model, &documents, out)))
}

/// Reads the code list: a header line, then `code,name,holder,aliases` lines (no quoting;
/// `#` starts a comment line).
fn parse_code_list(bytes: &[u8]) -> Result<Vec<HeldDocument>, String> {
    let text = std::str::from_utf8(conform_formats::text::strip_bom(bytes).0).map_err(|err| err.to_string())?;
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let header = lines.next().map(|(_, l)| l.trim()).unwrap_or_default();
    if header != "code,name,holder,aliases" {
        return Err(format!("the header must be `code,name,holder,aliases`, found `{header}`"));
    }
    let mut documents = Vec::new();
    for (number, line) in lines {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [code, name, holder, aliases] = fields[..] else {
            return Err(format!("line {}: expected 4 fields, found {}", number + 1, fields.len()));
        };
        let mut terms = vec![normalise(name)];
        terms.extend(aliases.split('|').map(normalise).filter(|a| !a.is_empty()));
        documents.push(HeldDocument { code: code.to_owned(), name: name.to_owned(), holder: holder.to_owned(), terms });
    }
    Ok(documents)
}

fn check(model: &Model, documents: &[HeldDocument], out: &mut Vec<Report>) {
    let referenced: std::collections::HashSet<usize> =
        model.all(|k| k == Kind::DataObjectReference).filter_map(|r| model.reference(r, "dataObjectRef")).collect();
    for element in model.all(|k| matches!(k, Kind::DataInput | Kind::DataObject | Kind::DataObjectReference)) {
        let name = match model.kind(element) {
            Kind::DataObject if referenced.contains(&element) => continue,
            Kind::DataObjectReference => {
                model.name(element).or_else(|| model.reference(element, "dataObjectRef").and_then(|o| model.name(o)))
            }
            _ => model.name(element),
        };
        let Some(name) = name.map(normalise).filter(|n| !n.is_empty()) else { continue };
        if let Some(document) = documents.iter().find(|d| d.terms.iter().any(|t| name.contains(t.as_str()))) {
            out.push(Report::new(
                element,
                format!(
                    "`{}` asks for the {} ({}), which {} already holds: retrieve it from the register (a data store reference) instead of asking the citizen",
                    label(model, element),
                    document.name,
                    document.code,
                    document.holder
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_code_list() {
        let list = parse_code_list(
            b"code,name,holder,aliases\n# c\nBIRTH,Birth certificate,Civil registry,birth record|extract of birth\n",
        )
        .unwrap();
        assert_eq!(list[0].terms, ["birth certificate", "birth record", "extract of birth"]);
        assert!(parse_code_list(b"a,b\n").is_err());
        assert!(parse_code_list(b"code,name,holder,aliases\nX,Y\n").is_err());
    }
}
