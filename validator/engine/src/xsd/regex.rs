//! XML Schema regular expressions (XSD 1.0, Appendix F) → Rust `regex` syntax.
//!
//! XSD patterns are implicitly anchored, `^` and `$` are ordinary characters, `.` excludes
//! both line ends, `\s`/`\w`/`\d` have the XML meanings, `\i`/`\c` are XML name characters
//! and `[a-z-[aeiou]]` is class subtraction. Unicode block escapes (`\p{IsBasicLatin}`)
//! are not supported and are reported as such.

use regex::Regex;

const NAME_START: &str = r"A-Za-z_:\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{2FF}\u{370}-\u{37D}\u{37F}-\u{1FFF}\u{200C}-\u{200D}\u{2070}-\u{218F}\u{2C00}-\u{2FEF}\u{3001}-\u{D7FF}\u{F900}-\u{FDCF}\u{FDF0}-\u{FFFD}\u{10000}-\u{EFFFF}";
const NAME_REST: &str = r"\-.0-9\u{B7}\u{300}-\u{36F}\u{203F}-\u{2040}";

/// Compiles an XSD pattern.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    let translated = translate(pattern)?;
    regex::RegexBuilder::new(&format!("^(?:{translated})$"))
        .size_limit(8 * 1024 * 1024)
        .build()
        .map_err(|err| format!("pattern `{pattern}` cannot be compiled: {err}"))
}

/// The Rust `regex` equivalent of an XSD pattern (unanchored).
pub fn translate(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut i = 0;
    let mut depth = 0usize;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let (text, used) = escape(&chars, i, depth > 0, pattern)?;
                out.push_str(&text);
                i += used;
                continue;
            }
            '[' if depth == 0 => {
                depth = 1;
                out.push('[');
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
            }
            '[' => return Err(format!("pattern `{pattern}`: `[` inside a character class must be escaped")),
            '-' if depth > 0 && chars.get(i + 1) == Some(&'[') => {
                // Class subtraction: [base-[sub]] → [base&&[^sub]].
                out.push_str("&&[^");
                i += 2;
                depth += 1;
                continue;
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(']');
            }
            '.' if depth == 0 => out.push_str(r"[^\n\r]"),
            '^' | '$' if depth == 0 => {
                out.push('\\');
                out.push(c);
            }
            '&' | '~' if depth > 0 => {
                out.push('\\');
                out.push(c);
            }
            '(' if depth == 0 && chars.get(i + 1) == Some(&'?') => {
                return Err(format!("pattern `{pattern}`: `(?` is not XSD regex syntax"));
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if depth > 0 {
        return Err(format!("pattern `{pattern}`: unclosed character class"));
    }
    Ok(out)
}

fn escape(chars: &[char], i: usize, in_class: bool, pattern: &str) -> Result<(String, usize), String> {
    let Some(&next) = chars.get(i + 1) else {
        return Err(format!("pattern `{pattern}` ends with a lone backslash"));
    };
    let wrap = |body: String| if in_class { body } else { format!("[{body}]") };
    let text = match next {
        'n' | 'r' | 't' | '\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']' | '^' => {
            format!("\\{next}")
        }
        's' => wrap(r" \t\n\r".to_owned()),
        'S' => r"[^ \t\n\r]".to_owned(),
        'd' => wrap(r"\p{Nd}".to_owned()),
        'D' => r"\P{Nd}".to_owned(),
        'w' => r"[^\p{P}\p{Z}\p{C}]".to_owned(),
        'W' => r"[\p{P}\p{Z}\p{C}]".to_owned(),
        'i' => wrap(NAME_START.to_owned()),
        'I' => format!("[^{NAME_START}]"),
        'c' => wrap(format!("{NAME_START}{NAME_REST}")),
        'C' => format!("[^{NAME_START}{NAME_REST}]"),
        'p' | 'P' => {
            let close = chars[i..].iter().position(|&c| c == '}').map(|p| p + i);
            let Some(close) = close.filter(|_| chars.get(i + 2) == Some(&'{')) else {
                return Err(format!("pattern `{pattern}`: malformed `\\{next}{{...}}`"));
            };
            let name: String = chars[i + 3..close].iter().collect();
            if name.starts_with("Is") {
                return Err(format!(
                    "pattern `{pattern}`: Unicode block escapes (`\\{next}{{{name}}}`) are not supported"
                ));
            }
            return Ok((format!("\\{next}{{{name}}}"), close - i + 1));
        }
        other => return Err(format!("pattern `{pattern}`: `\\{other}` is not an XSD escape")),
    };
    Ok((text, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_match(pattern: &str, text: &str) -> bool {
        compile(pattern).unwrap().is_match(text)
    }

    #[test]
    fn anchored_and_literal_anchors() {
        assert!(is_match("[0-9]{3}", "123"));
        assert!(!is_match("[0-9]{3}", "1234"));
        assert!(is_match("a^b$", "a^b$"));
    }

    #[test]
    fn subtraction_and_xml_classes() {
        assert!(is_match("[a-z-[aeiou]]+", "bcd"));
        assert!(!is_match("[a-z-[aeiou]]+", "bad"));
        assert!(is_match(r"\i\c*", "_ab-c.1"));
        assert!(!is_match(r"\i\c*", "1ab"));
        assert!(!is_match(r"\s", "\u{A0}"));
        assert!(!is_match(".", "\r"));
    }

    #[test]
    fn blocks_are_refused() {
        assert!(compile(r"\p{IsBasicLatin}").is_err());
        assert!(compile(r"\p{Lu}+").is_ok());
    }
}
