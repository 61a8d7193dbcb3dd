//! Delimiter sniffing as frictionless does it: Python's `csv.Sniffer().sniff` on the first
//! 100 lines, among `,` tab `;` `|`, falling back to `,` when it cannot tell. Ported from
//! CPython's `csv.py` (`_guess_quote_and_delimiter`, then `_guess_delimiter`), including
//! its `skipinitialspace` guess, which frictionless applies.

/// Delimiters frictionless lets the sniffer choose from, in the order it lists them.
const DELIMITERS: [char; 4] = [',', '\t', ';', '|'];
/// Python's `Sniffer.preferred`.
const PREFERRED: [char; 5] = [',', '\t', ';', ' ', ':'];
/// Lines frictionless samples.
pub const SAMPLE_LINES: usize = 100;

/// The sniffed delimiter and whether spaces after it are skipped; `None` when Python's
/// sniffer raises "Could not determine delimiter".
#[must_use]
pub fn sniff(sample: &str) -> Option<(char, bool)> {
    let sample = first_lines(sample);
    guess_quote_and_delimiter(&sample).or_else(|| guess_delimiter(&sample))
}

/// The first [`SAMPLE_LINES`] lines, with their line endings.
fn first_lines(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut lines = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends {
            lines += 1;
            if lines == SAMPLE_LINES {
                return text[..=i].to_owned();
            }
        }
    }
    text.to_owned()
}

/// Python's `\w`.
fn word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A delimiter candidate of the regexes: not a word character, a newline or a quote.
fn delim_char(c: char) -> bool {
    !(word(c) || c == '\n' || c == '"' || c == '\'')
}

/// One regex match: its delimiter (if the pattern has one) and whether a space follows.
/// (Its quote does not matter: frictionless reads `'` as `"` and `"` is the default.)
struct Found {
    delim: Option<char>,
    space: bool,
}

/// `_guess_quote_and_delimiter`: quoted fields between the same delimiter.
fn guess_quote_and_delimiter(data: &str) -> Option<(char, bool)> {
    let chars: Vec<char> = data.chars().collect();
    let found = (0..4).map(|pattern| find_all(&chars, pattern)).find(|found| !found.is_empty())?;
    let mut delims: Vec<(char, usize)> = Vec::new();
    let mut spaces = 0;
    for m in &found {
        if let Some(d) = m.delim.filter(|d| DELIMITERS.contains(d)) {
            match delims.iter_mut().find(|(c, _)| *c == d) {
                Some(entry) => entry.1 += 1,
                None => delims.push((d, 1)),
            }
        }
        spaces += usize::from(m.space);
    }
    // `max(delims, key=delims.get)`: the first of the most frequent.
    let mut best: Option<(char, usize)> = None;
    for &(c, n) in &delims {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((c, n));
        }
    }
    // No delimiter among the quoted fields: Python then falls back to `_guess_delimiter`.
    best.map(|(c, n)| (c, n == spaces))
}

/// Whether `at` is a line start (`^` in MULTILINE) or consumes a newline: returns the index
/// of the character after `(?:^|\n)`, if it matches there.
fn line_start(chars: &[char], at: usize) -> Option<usize> {
    if (at == 0 || chars[at - 1] == '\n') && chars[at] != '\n' {
        Some(at)
    } else if chars[at] == '\n' {
        Some(at + 1)
    } else {
        None
    }
}

/// `$` in MULTILINE or `\n`: at the end or before a newline.
fn line_end(chars: &[char], at: usize) -> bool {
    at == chars.len() || chars[at] == '\n'
}

/// All non-overlapping matches of CPython's pattern number `pattern` (0..4).
///
/// A scan for a closing quote that fails from one opening fails from every later opening
/// with the same quote and delimiter, so failures are remembered: the search stays linear
/// where the regex would be quadratic (a head full of unclosed quotes).
fn find_all(chars: &[char], pattern: usize) -> Vec<Found> {
    let mut out = Vec::new();
    let mut failed: Vec<((char, Option<char>), usize)> = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        match match_at(chars, at, pattern, &mut failed) {
            Some((found, end)) => {
                out.push(found);
                at = end.max(at + 1);
            }
            None => at += 1,
        }
    }
    out
}

fn match_at(
    chars: &[char],
    at: usize,
    pattern: usize,
    failed: &mut Vec<((char, Option<char>), usize)>,
) -> Option<(Found, usize)> {
    let leading_delim = pattern == 0 || pattern == 2;
    let (delim, space, open) = if leading_delim {
        let d = chars[at];
        if !delim_char(d) {
            return None;
        }
        let space = chars.get(at + 1) == Some(&' ') && matches!(chars.get(at + 2), Some('"' | '\''));
        (Some(d), space, at + 1 + usize::from(space))
    } else {
        (None, false, line_start(chars, at)?)
    };
    let quote = *chars.get(open).filter(|q| **q == '"' || **q == '\'')?;
    let key = (quote, if pattern == 0 { delim } else { None });
    if failed.iter().any(|(k, from)| *k == key && open >= *from) {
        return None;
    }
    let mut close = open + 1;
    while close < chars.len() {
        if chars[close] == quote {
            let after = close + 1;
            match pattern {
                0 if chars.get(after) == delim.as_ref() => return Some((Found { delim, space }, after + 1)),
                1 if chars.get(after).is_some_and(|c| delim_char(*c)) => {
                    let d = chars[after];
                    let space = chars.get(after + 1) == Some(&' ');
                    return Some((Found { delim: Some(d), space }, after + 1 + usize::from(space)));
                }
                2 | 3 if line_end(chars, after) => return Some((Found { delim, space }, after)),
                _ => {}
            }
        }
        close += 1;
    }
    failed.push((key, open));
    None
}

/// `_guess_delimiter`: the candidate whose count per line is most consistent.
#[expect(clippy::cast_precision_loss, reason = "line counts, far below 2^52")]
fn guess_delimiter(data: &str) -> Option<(char, bool)> {
    let lines: Vec<&str> = data.split('\n').filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return None;
    }
    let chunk = lines.len().min(10);
    // Per candidate: frequency → number of lines, in first-seen order.
    let mut frequencies: Vec<Vec<(usize, usize)>> = vec![Vec::new(); DELIMITERS.len()];
    let mut delims: Vec<(char, (usize, i64))> = Vec::new();
    let (mut start, mut end, mut iteration) = (0, chunk, 0);
    while start < lines.len() {
        iteration += 1;
        for line in &lines[start..end.min(lines.len())] {
            for (i, &c) in DELIMITERS.iter().enumerate() {
                let n = line.matches(c).count();
                match frequencies[i].iter_mut().find(|(f, _)| *f == n) {
                    Some(entry) => entry.1 += 1,
                    None => frequencies[i].push((n, 1)),
                }
            }
        }
        let modes: Vec<(char, (usize, i64))> = DELIMITERS
            .iter()
            .zip(&frequencies)
            .filter(|(_, items)| !(items.len() == 1 && items[0].0 == 0))
            .map(|(&c, items)| {
                let mut best = items[0];
                for &item in &items[1..] {
                    if item.1 > best.1 {
                        best = item;
                    }
                }
                let others: usize = items.iter().map(|i| i.1).sum::<usize>() - best.1;
                (c, (best.0, i64::try_from(best.1).unwrap_or(i64::MAX) - i64::try_from(others).unwrap_or(0)))
            })
            .collect();
        let total = (chunk * iteration).min(lines.len()) as f64;
        let mut consistency = 1.0;
        while delims.is_empty() && consistency >= 0.9 {
            for &(c, (freq, count)) in &modes {
                if freq > 0 && count > 0 && count as f64 / total >= consistency {
                    delims.push((c, (freq, count)));
                }
            }
            consistency -= 0.01;
        }
        if delims.len() == 1 {
            return Some((delims[0].0, skips_space(lines[0], delims[0].0)));
        }
        start = end;
        end += chunk;
    }
    if delims.is_empty() {
        return None;
    }
    if let Some(&c) = PREFERRED.iter().find(|p| delims.iter().any(|(d, _)| d == *p)) {
        return Some((c, skips_space(lines[0], c)));
    }
    let (c, _) = delims.iter().max_by_key(|(c, mode)| (*mode, *c))?;
    Some((*c, skips_space(lines[0], *c)))
}

/// Python: `data[0].count(delim) == data[0].count(delim + " ")`.
fn skips_space(line: &str, delim: char) -> bool {
    line.matches(delim).count() == line.matches(&format!("{delim} ")).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_as_python_does() {
        assert_eq!(sniff("a,b,c\n1,2,3\n"), Some((',', false)));
        assert_eq!(sniff("a;b;c\n1;2,5;3\n"), Some((';', false)));
        assert_eq!(sniff("a\tb\n1\t2\n"), Some(('\t', false)));
        assert_eq!(sniff("a, b, c\n1, 2, 3\n"), Some((',', true)));
        assert_eq!(sniff("id,name\n1,\"x|y\"\n2,\"a|b\"\n"), Some((',', false)));
        assert_eq!(sniff("single\ncolumn\n"), None);
        // Unclosed quotes everywhere: linear, not quadratic.
        let hostile = ",\"".repeat(30_000);
        let _ = sniff(&hostile);
    }
}
