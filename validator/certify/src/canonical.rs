//! Canonical JSON (RFC 8785, JSON Canonicalization Scheme) and content digests.
//!
//! A certification claim is signed and digested in its canonical form, so any party can
//! re-serialise it and obtain the same bytes: object members sorted by their UTF-16 code
//! units, no insignificant whitespace, strings escaped as ECMAScript does. Claims hold
//! integers only, so numbers need no special formatting.

use std::fmt::Write as _;
use std::io::{self, Read};

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical serialisation of `value`.
#[must_use]
pub fn to_canonical(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push(b'{');
            for (i, (key, member)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(key, out);
                out.push(b':');
                write_value(member, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(item, out);
            }
            out.push(b']');
        }
        Value::String(s) => write_string(s, out),
        // Null, booleans and integers serialise identically in JCS and serde_json.
        other => out.extend_from_slice(other.to_string().as_bytes()),
    }
}

/// Writes a JSON string with JCS escaping: `"` and `\`, the short escapes `\b \f \n \r \t`,
/// other control characters as `\u00xx`; everything else as UTF-8.
fn write_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let mut buf = [0u8; 4];
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes()),
            c => out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
        }
    }
    out.push(b'"');
}

/// `sha256:<hex>` of `bytes`.
#[must_use]
pub fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}

/// `sha256:<hex>` and length of everything `reader` yields.
pub fn sha256_reader(mut reader: impl Read) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut len = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    Ok((format!("sha256:{}", hex(&hasher.finalize())), len))
}

/// Lower-case hexadecimal.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sorts_members_and_drops_whitespace() {
        let value = json!({"b": [1, {"z": null, "a": true}], "a": "x", "é": 0, "B": -3});
        assert_eq!(
            String::from_utf8(to_canonical(&value)).unwrap(),
            r#"{"B":-3,"a":"x","b":[1,{"a":true,"z":null}],"é":0}"#
        );
    }

    #[test]
    fn escapes_strings_like_ecmascript() {
        let value = json!("a\"b\\c\n\u{1}\u{7f}é/€");
        assert_eq!(String::from_utf8(to_canonical(&value)).unwrap(), "\"a\\\"b\\\\c\\n\\u0001\u{7f}é/€\"");
    }

    #[test]
    fn sorts_by_utf16_code_units() {
        // U+FFFD sorts after U+1F600 in UTF-8 order but before it in UTF-16 order.
        let value = json!({"\u{1F600}": 1, "\u{FFFD}": 2});
        assert_eq!(String::from_utf8(to_canonical(&value)).unwrap(), "{\"\u{1F600}\":1,\"\u{FFFD}\":2}");
    }

    #[test]
    fn digests_are_prefixed_hex() {
        assert_eq!(sha256(b"abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(sha256_reader(&b"abc"[..]).unwrap().1, 3);
    }
}
