//! JSON values read with objects and arrays of exactly their size.
//!
//! `serde_json`'s own reader grows each object and array as it fills: a one-member object
//! keeps room for three members (104 bytes each with its key and value), an array up to twice
//! its items. On a description of 125 000 small objects that was 15 % of the peak memory
//! (143 → 121 MiB), and every later pass over the document reads the slack too. Here the members
//! and items of the containers being read wait on two shared stacks; when a container
//! closes, its own are moved into a map or vector of exactly their number. The values are
//! the ones `serde_json::from_str` gives (same members in the same order, the last of
//! duplicate keys in the first one's place).

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The members and items of the containers being read, innermost last.
#[derive(Default)]
pub(super) struct Pending {
    members: RefCell<Vec<(String, Value)>>,
    items: RefCell<Vec<Value>>,
}

/// Reads one value, its containers sized exactly (see the module docs).
#[derive(Clone, Copy)]
pub(super) struct Exact<'p>(pub(super) &'p Pending);

impl<'de> DeserializeSeed<'de> for Exact<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Exact<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let start = self.0.items.borrow().len();
        while let Some(item) = seq.next_element_seed(self)? {
            self.0.items.borrow_mut().push(item);
        }
        let items: Vec<Value> = self.0.items.borrow_mut().drain(start..).collect();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let start = self.0.members.borrow().len();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            self.0.members.borrow_mut().push((key, value));
        }
        let mut members = self.0.members.borrow_mut();
        let mut object = Map::with_capacity(members.len() - start);
        object.extend(members.drain(start..));
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> Value {
        let pending = Pending::default();
        let mut reader = serde_json::Deserializer::from_str(text);
        let value = Exact(&pending).deserialize(&mut reader).unwrap();
        reader.end().unwrap();
        value
    }

    /// Every array's capacity is its length, at any depth.
    fn arrays_are_exact(value: &Value) -> bool {
        match value {
            Value::Array(items) => items.capacity() == items.len() && items.iter().all(arrays_are_exact),
            Value::Object(map) => map.values().all(arrays_are_exact),
            _ => true,
        }
    }

    #[test]
    fn values_are_the_ones_serde_json_reads() {
        for text in [
            r#"{"b": 1, "a": [1, 2.5, -3, 18446744073709551615, 1e300], "c": {"d": [[], {}, [null, true]]}}"#,
            r#"{"k": 1, "j": 2, "k": 3}"#,
            r#"["\u00e9\ud83d\ude00", "", {"": {"": []}}, [[[[1]]]], 0.1, -0.0]"#,
            r#""a string""#,
            "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]",
        ] {
            let ours = exact(text);
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
            // Same members in the same order (equality of maps ignores the order).
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
            assert!(arrays_are_exact(&ours), "{text}");
        }
    }
}
