//! Reading JSON descriptors strictly: every property is either understood or refused with
//! its position (a JSON pointer such as `/fields/2/constraints/jsonSchema`).

use serde_json::{Map, Value};

/// A JSON object of a descriptor, with its position.
pub struct Object<'a> {
    /// The object's properties.
    pub map: &'a Map<String, Value>,
    /// JSON pointer of the object.
    pub path: String,
}

impl<'a> Object<'a> {
    /// `value` as an object at `path`.
    pub fn new(value: &'a Value, path: String) -> Result<Self, String> {
        match value {
            Value::Object(map) => Ok(Self { map, path }),
            other => Err(format!("{}: expected an object, found {}", at(&path), kind(other))),
        }
    }

    /// The pointer of a property.
    #[must_use]
    pub fn child(&self, key: &str) -> String {
        format!("{}/{}", self.path, key.replace('~', "~0").replace('/', "~1"))
    }

    /// Refuses any property not in `known`, saying what it is not.
    pub fn only(&self, known: &[&str], what: &str) -> Result<(), String> {
        match self.map.keys().find(|k| !known.contains(&k.as_str())) {
            Some(key) => Err(format!(
                "{}: `{key}` is not a {what} property that conform understands (it would be ignored, so the descriptor is refused)",
                at(&self.child(key))
            )),
            None => Ok(()),
        }
    }

    /// A property, if present.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// A string property.
    pub fn str(&self, key: &str) -> Result<Option<&'a str>, String> {
        self.get(key).map(|v| v.as_str().ok_or_else(|| self.wrong(key, "a string", v))).transpose()
    }

    /// A boolean property.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, String> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| self.wrong(key, "true or false", v))).transpose()
    }

    /// A non-negative integer property.
    pub fn count(&self, key: &str) -> Result<Option<usize>, String> {
        self.get(key)
            .map(|v| {
                v.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| self.wrong(key, "a non-negative integer", v))
            })
            .transpose()
    }

    /// An array of strings.
    pub fn strings(&self, key: &str) -> Result<Option<Vec<String>>, String> {
        let Some(value) = self.get(key) else { return Ok(None) };
        let items = value.as_array().ok_or_else(|| self.wrong(key, "an array of strings", value))?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    format!("{}: expected a string, found {}", at(&format!("{}/{i}", self.child(key))), kind(item))
                })
            })
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// A string or an array of strings (`primaryKey`, foreign key `fields`).
    pub fn one_or_many(&self, key: &str) -> Result<Option<Vec<String>>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(one)) => Ok(Some(vec![one.clone()])),
            Some(_) => self.strings(key),
        }
    }

    /// The error for a property of the wrong kind.
    #[must_use]
    pub fn wrong(&self, key: &str, expected: &str, found: &Value) -> String {
        format!("{}: expected {expected}, found {}", at(&self.child(key)), kind(found))
    }
}

/// `at /pointer` (or `at the top` for the root).
#[must_use]
pub fn at(path: &str) -> String {
    if path.is_empty() { "at the top of the descriptor".to_owned() } else { format!("at {path}") }
}

/// What a JSON value is, for messages.
#[must_use]
pub fn kind(value: &Value) -> String {
    let text = value.to_string();
    let shown =
        if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text };
    let name = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    format!("{name} ({shown})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_unknown_properties_with_their_position() {
        let value = serde_json::json!({"name": "a", "colour": "red"});
        let object = Object::new(&value, "/fields/0".to_owned()).unwrap();
        let err = object.only(&["name"], "field").unwrap_err();
        assert!(err.starts_with("at /fields/0/colour: `colour` is not a field property"), "{err}");
        assert!(object.count("name").unwrap_err().contains("expected a non-negative integer"));
    }
}
