//! JavaScript regular expressions, translated for `fancy-regex` and run with a backtracking
//! limit, so a hostile pattern in a ruleset cannot hang a run.

use fancy_regex::{Regex, RegexBuilder};

/// Steps the backtracking matcher may take for one match before giving up (a non-match).
const BACKTRACK_LIMIT: usize = 200_000;

/// The longest regex source a ruleset may hold, in bytes, checked before parsing: the
/// parser holds a few hundred bytes per pattern character before the compiled size limit
/// applies.
pub const MAX_PATTERN_LEN: usize = 32 * 1024;

/// A compiled JavaScript-style regex.
#[derive(Debug)]
pub struct JsRegex {
    source: String,
    regex: Regex,
}

impl JsRegex {
    /// Compiles a JavaScript regex `source` with `flags` (`i`, `m`, `s`, `u`, `g`, `y`).
    pub fn new(source: &str, flags: &str) -> Result<Self, String> {
        if source.len() > MAX_PATTERN_LEN {
            return Err(format!(
                "a regex of {} bytes is longer than the {MAX_PATTERN_LEN}-byte limit (docs/limits.md)",
                source.len()
            ));
        }
        let mut inline = String::new();
        for flag in flags.chars() {
            match flag {
                'i' | 'm' | 's' => inline.push(flag),
                'g' | 'u' | 'y' | 'd' | 'v' => {}
                other => return Err(format!("unsupported regex flag `{other}` in /{source}/{flags}")),
            }
        }
        let mut pattern = if inline.is_empty() { String::new() } else { format!("(?{inline})") };
        pattern.push_str(&translate(source));
        let regex = RegexBuilder::new(&pattern)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .map_err(|err| format!("invalid regex /{source}/: {err}"))?;
        Ok(Self { source: source.to_owned(), regex })
    }

    /// Parses Spectral's pattern syntax as its `pattern` function does
    /// (`/^\/(.+)\/([a-z]*)$/`): `/source/flags` with a non-empty source on one line and
    /// lower-case flags, else the whole text is the source (so `//` matches a literal `//`).
    pub fn from_pattern(pattern: &str) -> Result<Self, String> {
        if let Some(rest) = pattern.strip_prefix('/')
            && let Some(end) = rest.rfind('/')
            && end > 0
            && !rest[..end].contains(['\n', '\r', '\u{2028}', '\u{2029}'])
            && rest[end + 1..].chars().all(|c| c.is_ascii_lowercase())
        {
            return Self::new(&rest[..end], &rest[end + 1..]);
        }
        Self::new(pattern, "")
    }

    /// Whether `text` matches somewhere; hitting the backtracking limit is a non-match.
    #[must_use]
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text).unwrap_or(false)
    }

    /// Whether `text` matches somewhere, or `None` when the backtracking limit was hit before
    /// the matcher could tell (the caller reports that the value could not be checked).
    #[must_use]
    pub fn try_match(&self, text: &str) -> Option<bool> {
        self.regex.is_match(text).ok()
    }

    /// The JavaScript source.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// Rewrites JavaScript regex syntax that Rust reads differently: ASCII `\d`/`\w`, literal
/// braces that are not quantifiers, `\/`, `\uXXXX`, and `[` inside classes.
fn translate(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                let e = chars[i + 1];
                i += 2;
                match (e, in_class) {
                    ('d', false) => out.push_str("[0-9]"),
                    ('d', true) => out.push_str("0-9"),
                    ('D', false) => out.push_str("[^0-9]"),
                    ('w', false) => out.push_str("[A-Za-z0-9_]"),
                    ('w', true) => out.push_str("A-Za-z0-9_"),
                    ('W', false) => out.push_str("[^A-Za-z0-9_]"),
                    ('/', _) => out.push('/'),
                    ('u', _) if i + 4 <= chars.len() && chars[i..i + 4].iter().all(char::is_ascii_hexdigit) => {
                        out.push_str("\\x{");
                        out.extend(&chars[i..i + 4]);
                        out.push('}');
                        i += 4;
                    }
                    (e, _) => {
                        out.push('\\');
                        out.push(e);
                    }
                }
                continue;
            }
            '[' if in_class => out.push_str("\\["),
            '[' => {
                in_class = true;
                out.push('[');
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '{' if !in_class && !is_quantifier(&chars[i..]) => out.push_str("\\{"),
            '}' if !in_class => {
                if out.ends_with(|ch: char| ch.is_ascii_digit() || ch == ',') && quantifier_open(&out) {
                    out.push('}');
                } else {
                    out.push_str("\\}");
                }
            }
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether `rest` (starting at `{`) is a `{n}`, `{n,}` or `{n,m}` quantifier.
fn is_quantifier(rest: &[char]) -> bool {
    let Some(close) = rest.iter().position(|&c| c == '}') else { return false };
    let body: String = rest[1..close].iter().collect();
    let mut parts = body.splitn(2, ',');
    let first = parts.next().unwrap_or("");
    !first.is_empty()
        && first.chars().all(|c| c.is_ascii_digit())
        && parts.next().is_none_or(|second| second.chars().all(|c| c.is_ascii_digit()))
}

/// Whether the output ends inside an unescaped `{n,m` quantifier.
fn quantifier_open(out: &str) -> bool {
    let Some(open) = out.rfind('{') else { return false };
    let escaped = out[..open].ends_with('\\') && !out[..open].ends_with("\\\\");
    !escaped && out[open + 1..].chars().all(|c| c.is_ascii_digit() || c == ',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_syntax_is_translated() {
        let kebab = JsRegex::new(r"^(\/|\/(([a-z0-9\-]+|{[^}]+})(\/([a-z0-9\-\.]+|{[^}]+}))*)\/?)$", "").unwrap();
        assert!(kebab.is_match("/a-b/{id}/c"));
        assert!(!kebab.is_match("/camelCase"));
        assert!(JsRegex::new(r"\/v[\d+]", "").unwrap().is_match("https://x/v1"));
        assert!(JsRegex::new("^a{2,3}$", "").unwrap().is_match("aaa"));
        assert!(JsRegex::from_pattern("/^DATE$/i").unwrap().is_match("date"));
        // `//` is not the empty regex: Spectral reads it as the source `//`.
        let slashes = JsRegex::from_pattern("//").unwrap();
        assert!(!slashes.is_match("/a/b") && slashes.is_match("http://x"));
        assert!(JsRegex::from_pattern("/a/I").unwrap().is_match("x/a/I"));
        assert!(JsRegex::from_pattern("/a/q").is_err());
        assert!(!JsRegex::new(r"\d", "").unwrap().is_match("٣"));
    }

    #[test]
    fn a_match_given_up_on_is_undecided_not_a_non_match() {
        let catastrophic = JsRegex::new(r"(x+x+)+y\1", "").unwrap();
        assert_eq!(catastrophic.try_match(&"x".repeat(50)), None);
        assert!(!catastrophic.is_match(&"x".repeat(50)));
        assert_eq!(catastrophic.try_match("xxyxx"), Some(true));
    }

    #[test]
    fn huge_patterns_are_refused_before_parsing() {
        let huge = "a".repeat(4 << 20);
        let err = JsRegex::from_pattern(&format!("/{huge}/")).unwrap_err();
        assert!(err.contains("32768-byte limit"), "{}", &err[..80]);
        assert!(JsRegex::new(&"a".repeat(MAX_PATTERN_LEN), "").is_ok());
    }

    #[test]
    fn catastrophic_patterns_give_up() {
        let re = JsRegex::new("^(a+)+\\1$", "").unwrap();
        let text = format!("{}b", "a".repeat(40));
        assert!(!re.is_match(&text));
    }
}
