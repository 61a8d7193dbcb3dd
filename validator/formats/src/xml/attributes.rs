//! Splitting the raw bytes of a start tag into attributes with their byte spans.

use conform_diagnostics::Span;

use crate::SyntaxError;

/// One attribute as written: where its qualified name and its raw (still escaped) value
/// are, as byte ranges of the scanned tag content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawAttribute {
    /// `prefix:local` or `local`.
    pub qname: Range,
    /// The value between the quotes, undecoded.
    pub value: Range,
}

/// A byte range of the tag content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Range {
    pub start: usize,
    pub end: usize,
}

impl Range {
    /// The bytes of `content` in the range.
    pub(super) fn of(self, content: &[u8]) -> &[u8] {
        &content[self.start..self.end]
    }

    /// The file span of the range, for content that starts at file offset `base`.
    pub(super) fn span(self, base: usize) -> Span {
        Span::new(base + self.start, base + self.end)
    }
}

/// Scans `content` (the bytes between `<` and `>` or `/>`, starting at file offset
/// `start`) after the element name, which is `name_len` bytes long, into `out`.
pub(super) fn scan(
    content: &[u8],
    start: usize,
    name_len: usize,
    out: &mut Vec<RawAttribute>,
) -> Result<(), SyntaxError> {
    out.clear();
    let mut i = name_len;
    let at = |from: usize, to: usize| Span::new(start + from, start + to);
    loop {
        let before = i;
        while i < content.len() && content[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= content.len() {
            return Ok(());
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
        if out.iter().any(|a| a.qname.of(content) == qname) {
            let shown = String::from_utf8_lossy(qname);
            return Err(SyntaxError::new(
                at(name_start, name_start + qname.len()),
                format!("duplicate attribute `{shown}`"),
            ));
        }
        out.push(RawAttribute {
            qname: Range { start: name_start, end: name_start + qname.len() },
            value: Range { start: value_start, end: value_end },
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
        let mut attrs = Vec::new();
        scan(tag, 10, 4, &mut attrs).unwrap();
        assert_eq!(attrs.len(), 2);
        assert_eq!(attrs[0].qname.of(tag), b"id");
        assert_eq!(attrs[0].qname.span(10), Span::new(15, 17));
        assert_eq!(attrs[0].value.span(10), Span::new(19, 21));
        assert_eq!(attrs[1].value.of(tag), b"a b");
    }

    #[test]
    fn malformed_attributes_are_errors() {
        let scan = |tag: &[u8]| scan(tag, 0, 1, &mut Vec::new());
        assert!(scan(b"a b").is_err());
        assert!(scan(b"a b=c").is_err());
        assert!(scan(b"a b=\"c").is_err());
        assert!(scan(b"a b=\"1\" b=\"2\"").is_err());
        assert!(scan(b"a b=\"<\"").is_err());
    }
}
