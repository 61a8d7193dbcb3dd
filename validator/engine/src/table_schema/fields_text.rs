//! Reading a Table Schema descriptor from JSON text with its `fields` left as text: each
//! field is parsed only when it is compiled and dropped right after, so that a schema of a
//! million fields never holds a million parsed field descriptors (about 500 bytes each as
//! `serde_json` values, against 16 for a slice of the text) at once.

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// A descriptor whose `fields` array, when it is one, is kept as the text of each item.
pub struct FieldsText<'a> {
    /// The descriptor, `fields` (when an array) replaced by an empty array.
    pub top: Value,
    /// The text of each item of `fields`, in order, when `fields` is an array.
    pub fields: Option<Vec<&'a RawValue>>,
}

impl<'a> FieldsText<'a> {
    /// Reads `text` when it is a JSON object; `None` for anything else (malformed text
    /// included), which the caller reads as a whole to report it.
    pub fn read(text: &'a str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

impl<'de> Deserialize<'de> for FieldsText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TopVisitor)
    }
}

/// Visits the descriptor's properties, keeping `fields` as text.
struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = FieldsText<'de>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a Table Schema descriptor (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut top = Map::new();
        let mut fields = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != "fields" {
                let value: Value = map.next_value()?;
                top.insert(key, value);
                continue;
            }
            // A later `fields` replaces an earlier one, as in a `serde_json` value.
            let raw: &'de RawValue = map.next_value()?;
            if let Ok(items) = serde_json::from_str::<Vec<&'de RawValue>>(raw.get()) {
                fields = Some(items);
                top.insert(key, Value::Array(Vec::new()));
            } else {
                fields = None;
                top.insert(key, serde_json::from_str(raw.get()).map_err(A::Error::custom)?);
            }
        }
        Ok(FieldsText { top: Value::Object(top), fields })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_kept_as_text_and_the_rest_as_values() {
        let text = r#"{"missingValues": ["-"], "fields": [{"name": "a"}, {"name": "b", "type": "integer"}]}"#;
        let read = FieldsText::read(text).expect("an object");
        assert_eq!(read.top, serde_json::json!({"missingValues": ["-"], "fields": []}));
        let fields: Vec<&str> = read.fields.expect("an array").iter().map(|raw| raw.get()).collect();
        assert_eq!(fields, [r#"{"name": "a"}"#, r#"{"name": "b", "type": "integer"}"#]);
    }

    #[test]
    fn fields_that_are_no_array_stay_a_value_and_the_last_fields_wins() {
        let read = FieldsText::read(r#"{"fields": [{"name": "a"}], "fields": "x"}"#).expect("an object");
        assert_eq!(read.top, serde_json::json!({"fields": "x"}));
        assert!(read.fields.is_none());
        let read = FieldsText::read(r#"{"fields": 1, "fields": []}"#).expect("an object");
        assert_eq!(read.fields.map(|f| f.len()), Some(0));
    }

    #[test]
    fn anything_but_an_object_is_left_to_the_caller() {
        for text in ["[]", "\"x\"", "{\"fields\": [", "{} x", ""] {
            assert!(FieldsText::read(text).is_none(), "{text}");
        }
    }
}
