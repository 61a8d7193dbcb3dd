//! Splitting the raw bytes of a start tag into attributes with their byte spans.

use conform_diagnostics::Span;

use crate::SyntaxError;

/// One attribute as written: qualified name and raw (still escaped) value, with spans.
#[derive(Debug, Clone, Copy)]
pub(super) struct RawAttribute<'a> {
    /// `prefix:local` or `local`.
    pub qname: &'a [u8],
    /// Where the name is.
    pub name_span: Span,
    /// The value between the quotes, undecoded.
    pub value: &'a [u8],
    /// Where the value is (without the quotes).
    pub value_span: Span,
}

/// Scans `content` (the bytes between `<` and `>` or `/>`, starting at file offset
/// `start`) after the element name, which is `name_len` bytes long.
pub(super) fn scan(content: &[u8], start: usize, name_len: usize) -> Result<Vec<RawAttribute<'_>>, SyntaxError> {
    let mut out = Vec::new();
    let mut i = name_len;
    let at = |from: usize, to: usize| Span::new(start + from, start + to);
    loop {
        let before = i;
        while i < content.len() && content[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= content.len() {
            return Ok(out);
        }
        if i == before {
            return Err(SyntaxError::new(at(i, i + 1), "expected white space before an attribute"));
        }
        let name_start = i;
        while i < content.len() && !content[i].is_ascii_whitespace() && content[i] != b'=' {
            i += 1;
        }
        let qname = &content[name_start..i];
        while i < content.len() && content[i].is_ascii_whitespace() {
            i += 1;
        }
        if content.get(i) != Some(&b'=') {
            let shown = String::from_utf8_lossy(qname);
            return Err(SyntaxError::new(
                at(name_start, i),
                format!("attribute `{shown}` has no value (expected `=`)"),
            ));
        }
        i += 1;
        while i < content.len() && content[i].is_ascii_whitespace() {
            i += 1;
        }
        let Some(&quote @ (b'"' | b'\'')) = content.get(i) else {
            let shown = String::from_utf8_lossy(qname);
            return Err(SyntaxError::new(at(i, i + 1), format!("the value of attribute `{shown}` must be quoted")));
        };
        let value_start = i + 1;
        let Some(len) = memchr::memchr(quote, &content[value_start..]) else {
            return Err(SyntaxError::new(at(i, content.len()), "unterminated attribute value"));
        };
        let value_end = value_start + len;
        if let Some(lt) = memchr::memchr(b'<', &content[value_start..value_end]) {
            let pos = value_start + lt;
            return Err(SyntaxError::new(at(pos, pos + 1), "`<` is not allowed in an attribute value (write `&lt;`)"));
        }
        if out.iter().any(|a: &RawAttribute<'_>| a.qname == qname) {
            let shown = String::from_utf8_lossy(qname);
            return Err(SyntaxError::new(
                at(name_start, name_start + qname.len()),
                format!("duplicate attribute `{shown}`"),
            ));
        }
        out.push(RawAttribute {
            qname,
            name_span: at(name_start, name_start + qname.len()),
            value: &content[value_start..value_end],
            value_span: at(value_start, value_end),
        });
        i = value_end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_names_and_values() {
        let tag = br#"task id="T1"  name = 'a b'"#;
        let attrs = scan(tag, 10, 4).unwrap();
        assert_eq!(attrs.len(), 2);
        assert_eq!(attrs[0].qname, b"id");
        assert_eq!(attrs[0].name_span, Span::new(15, 17));
        assert_eq!(attrs[0].value_span, Span::new(19, 21));
        assert_eq!(attrs[1].value, b"a b");
    }

    #[test]
    fn malformed_attributes_are_errors() {
        assert!(scan(b"a b", 0, 1).is_err());
        assert!(scan(b"a b=c", 0, 1).is_err());
        assert!(scan(b"a b=\"c", 0, 1).is_err());
        assert!(scan(b"a b=\"1\" b=\"2\"", 0, 1).is_err());
        assert!(scan(b"a b=\"<\"", 0, 1).is_err());
    }
}
