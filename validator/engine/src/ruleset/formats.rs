//! Document formats that rules can be limited to (`formats: [oas3]`).

use serde_json::Value;

/// A document format Spectral knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    /// Swagger 2.0.
    Oas2,
    /// OpenAPI 3.x.
    Oas3,
    /// OpenAPI 3.0.x.
    Oas3_0,
    /// OpenAPI 3.1.x.
    Oas3_1,
    /// Any JSON Schema draft (approximated: a `$schema` member).
    JsonSchema,
    /// AsyncAPI 2.x (`aas2`).
    Aas2,
    /// AsyncAPI 3.x (`aas3`).
    Aas3,
    /// AsyncAPI `major.minor.x` (`aas2_0` ... `aas2_6`, `aas3_0`, `aas3_1`).
    Aas(u8, u8),
}

/// Display names, in Spectral's wording and in the order `spectral:asyncapi` registers them,
/// of the AsyncAPI formats.
pub const AAS_NAMES: &str = "AsyncAPI 2.0.x, AsyncAPI 2.1.x, AsyncAPI 2.2.x, AsyncAPI 2.3.x, AsyncAPI 2.4.x, \
                             AsyncAPI 2.5.x, AsyncAPI 2.6.x, AsyncAPI 3.0.x, AsyncAPI 3.1.x, AsyncAPI 2.x, AsyncAPI 3.x";

/// The AsyncAPI minor versions Spectral 6.16 has a format for.
const AAS_MINORS: [(u8, u8); 9] = [(2, 0), (2, 1), (2, 2), (2, 3), (2, 4), (2, 5), (2, 6), (3, 0), (3, 1)];

/// Whether `version` is `major.N.N` as Spectral's `aas2`/`aas3` read it (no leading zeros).
fn aas_version(version: &str, major: &str) -> bool {
    let mut parts = version.split('.');
    let number = |p: Option<&str>| {
        p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0')))
    };
    parts.next() == Some(major) && number(parts.next()) && number(parts.next()) && parts.next().is_none()
}

/// Display names, in Spectral's wording, of the OpenAPI formats.
pub const OAS_NAMES: &str = "OpenAPI 2.0 (Swagger), OpenAPI 3.x, OpenAPI 3.0.x, OpenAPI 3.1.x";

impl DocFormat {
    /// Parses a format name used in rulesets.
    pub fn parse(name: &str) -> Result<Self, String> {
        Ok(match name {
            "oas2" => Self::Oas2,
            "oas3" => Self::Oas3,
            "oas3.0" | "oas3_0" => Self::Oas3_0,
            "oas3.1" | "oas3_1" => Self::Oas3_1,
            n if n.starts_with("json-schema") => Self::JsonSchema,
            "aas2" | "asyncapi2" | "asyncApi2" => Self::Aas2,
            "aas3" | "asyncapi3" => Self::Aas3,
            n => {
                let minor = n.strip_prefix("aas").and_then(|v| v.split_once('_'));
                let parsed = minor.and_then(|(a, b)| Some((a.parse::<u8>().ok()?, b.parse::<u8>().ok()?)));
                match parsed {
                    Some(version) if AAS_MINORS.contains(&version) => Self::Aas(version.0, version.1),
                    _ => return Err(format!("unknown format `{n}`")),
                }
            }
        })
    }

    /// Whether this is an AsyncAPI format.
    #[must_use]
    pub fn is_asyncapi(self) -> bool {
        matches!(self, Self::Aas2 | Self::Aas3 | Self::Aas(..))
    }

    /// Whether `doc` is in this format.
    #[must_use]
    pub fn matches(self, doc: &Value) -> bool {
        let openapi = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
        match self {
            Self::Oas2 => doc.get("swagger").is_some_and(|v| v.as_str() == Some("2.0") || v.as_f64() == Some(2.0)),
            Self::Oas3 => openapi.starts_with("3."),
            Self::Oas3_0 => openapi.starts_with("3.0"),
            Self::Oas3_1 => openapi.starts_with("3.1"),
            Self::JsonSchema => doc.get("$schema").is_some_and(Value::is_string),
            Self::Aas2 | Self::Aas3 | Self::Aas(..) => {
                // Spectral reads `String(document.asyncapi)`: a number 2.6 is "2.6", no match.
                let version = match doc.get("asyncapi") {
                    Some(Value::String(s)) => s.clone(),
                    Some(other @ (Value::Number(_) | Value::Bool(_))) => other.to_string(),
                    _ => return false,
                };
                let (major, minor) = match self {
                    Self::Aas2 => ("2", None),
                    Self::Aas3 => ("3", None),
                    Self::Aas(major, minor) => (if major == 2 { "2" } else { "3" }, Some(minor)),
                    _ => unreachable!("an AsyncAPI format"),
                };
                aas_version(&version, major)
                    && minor.is_none_or(|m| version.split('.').nth(1) == Some(m.to_string().as_str()))
            }
        }
    }
}
