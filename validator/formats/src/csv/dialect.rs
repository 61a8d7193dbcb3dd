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
}

impl Default for Dialect {
    fn default() -> Self {
        Self { delimiter: b',', quote: Some(b'"'), double_quote: true, escape: None }
    }
}

/// Delimiters considered when sniffing.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Lines of the head looked at when sniffing.
const SNIFF_LINES: usize = 20;

impl Dialect {
    /// Guesses the delimiter from the first bytes of a file: the candidate that appears,
    /// outside quotes, the same non-zero number of times on the most lines (ties favour
    /// `,`, then `;`, tab and `|`). Quoting stays the RFC 4180 default.
    #[must_use]
    pub fn sniff(head: &[u8]) -> Self {
        let counts = line_counts(head, b'"');
        let mut best = (0usize, 0usize, b',');
        for (i, &delimiter) in CANDIDATES.iter().enumerate() {
            let per_line: Vec<usize> = counts.iter().map(|c| c[i]).collect();
            let Some(&first) = per_line.first() else { continue };
            if first == 0 {
                continue;
            }
            let consistent = per_line.iter().filter(|&&n| n == first).count();
            if (consistent, first) > (best.0, best.1) {
                best = (consistent, first, delimiter);
            }
        }
        Self { delimiter: best.2, ..Self::default() }
    }
}

/// Per line (outside quotes), how often each candidate delimiter appears.
fn line_counts(head: &[u8], quote: u8) -> Vec<[usize; 4]> {
    let mut lines = Vec::new();
    let mut current = [0usize; 4];
    let mut in_quotes = false;
    let mut seen = false;
    for &b in head {
        if b == quote {
            in_quotes = !in_quotes;
        } else if !in_quotes && (b == b'\n' || b == b'\r') {
            if seen {
                lines.push(current);
                if lines.len() == SNIFF_LINES {
                    return lines;
                }
            }
            current = [0; 4];
            seen = false;
            continue;
        } else if !in_quotes && let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
            current[i] += 1;
        }
        seen = true;
    }
    // The last line may be cut by the end of the head; count it only when it is the only one.
    if seen && lines.is_empty() {
        lines.push(current);
    }
    lines
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
    }

    #[test]
    fn defaults_to_comma_without_evidence() {
        assert_eq!(Dialect::sniff(b"single\ncolumn\n").delimiter, b',');
        assert_eq!(Dialect::sniff(b"").delimiter, b',');
    }
}
