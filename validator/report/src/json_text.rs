//! JSON text that a terminal or a CI log cannot act on when someone prints the report raw.
//!
//! serde_json escapes what JSON requires (C0 controls, `"` and `\`) and writes every other
//! character as it is, so a value quoted from an input could carry DEL, C1 controls (U+009B
//! is a terminal's CSI), bidirectional overrides, the line and paragraph separators or a
//! byte-order mark into `report.json` verbatim. [`SafeFormatter`] writes those as `\uXXXX`
//! escapes instead: the JSON value is the same, only its text differs.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::neutral::is_hazard;

/// A pretty-printing formatter that also escapes every [hazard](is_hazard) as `\uXXXX`.
#[derive(Default)]
pub struct SafeFormatter {
    pretty: PrettyFormatter<'static>,
}

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices().filter(|&(_, c)| is_hazard(c)) {
            writer.write_all(&fragment.as_bytes()[start..at])?;
            // Every hazard lies in the Basic Multilingual Plane: one escape each.
            write!(writer, "\\u{:04x}", u32::from(c))?;
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.pretty.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.pretty.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(writer)
    }
}

/// Writes `value` as pretty-printed JSON with every hazard escaped (see [`SafeFormatter`]).
pub fn to_writer_pretty<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(writer, SafeFormatter::default()))
}

/// `value` as pretty-printed JSON text with every hazard escaped (see [`SafeFormatter`]).
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer_pretty(&mut out, value)?;
    // The serializer writes UTF-8 only: the fragments are `str`s and the escapes ASCII.
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazards_are_escaped_and_the_value_is_unchanged() {
        let value = serde_json::json!({"m": "a\u{9b}31m\u{202e}b\u{2028}c\u{7f}\u{feff}é\u{1b}"});
        let text = to_string_pretty(&value).unwrap();
        assert_eq!(text, "{\n  \"m\": \"a\\u009b31m\\u202eb\\u2028c\\u007f\\ufeffé\\u001b\"\n}");
        assert!(!text.chars().any(is_hazard_other_than_line_break));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }

    #[test]
    fn the_layout_is_serde_json_s_pretty_layout() {
        let value = serde_json::json!({"a": [1, {"b": []}, {}], "c": "plain"});
        assert_eq!(to_string_pretty(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap());
    }

    fn is_hazard_other_than_line_break(c: char) -> bool {
        c != '\n' && is_hazard(c)
    }
}
