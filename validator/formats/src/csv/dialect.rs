//! CSV dialects: delimiter and quoting, declared or sniffed from the first bytes.

/// How a CSV file separates and quotes fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// Field separator (`,`, `;`, tab, `|`, ...).
    pub delimiter: u8,
    /// Quote character; `None` disables quoting.
    pub quote: Option<u8>,
    /// Whether a doubled quote inside a quoted field stands for one quote.
    pub double_quote: bool,
    /// Escape character inside quoted fields, if any (e.g. `\`).
    pub escape: Option<u8>,
    /// Whether spaces right after a delimiter are skipped (Python's `skipinitialspace`).
    pub skip_initial_space: bool,
}

impl Default for Dialect {
    fn default() -> Self {
        Self { delimiter: b',', quote: Some(b'"'), double_quote: true, escape: None, skip_initial_space: false }
    }
}

impl Dialect {
    /// Guesses the delimiter as frictionless does (Python's `csv.Sniffer` on the first 100
    /// lines, among `,` tab `;` `|`; `,` when it cannot tell), with its guess of whether
    /// spaces after delimiters are skipped. Quoting stays the RFC 4180 default.
    #[must_use]
    pub fn sniff(head: &[u8]) -> Self {
        let text = String::from_utf8_lossy(head);
        let (delimiter, skip_initial_space) = super::sniff::sniff(&text).unwrap_or((',', false));
        Self { delimiter: u8::try_from(delimiter).unwrap_or(b','), skip_initial_space, ..Self::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_common_delimiters() {
        assert_eq!(Dialect::sniff(b"a,b,c\n1,2,3\n").delimiter, b',');
        assert_eq!(Dialect::sniff(b"a;b;c\n1;2,5;3\n").delimiter, b';');
        assert_eq!(Dialect::sniff(b"a\tb\n1\t2\n").delimiter, b'\t');
        assert_eq!(Dialect::sniff(b"a|b\n\"x|y\"|2\n").delimiter, b'|');
        // Python's sniffer reads `,` here, where counting per line would pick `|`.
        assert_eq!(Dialect::sniff(b"a,b\n1,x|y|z\n2,u|v|w\n").delimiter, b',');
    }

    #[test]
    fn defaults_to_comma_without_evidence() {
        assert_eq!(Dialect::sniff(b"single\ncolumn\n").delimiter, b',');
        assert_eq!(Dialect::sniff(b"").delimiter, b',');
    }
}
