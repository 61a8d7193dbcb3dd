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
            other => return Err(format!("unknown format `{other}`")),
        })
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
        }
    }
}
