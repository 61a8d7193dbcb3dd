//! XML Schema regular expressions (XSD 1.0, Appendix F) → Rust `regex` syntax.
//!
//! The pattern is parsed by the XSD grammar, so what is not XSD regex syntax (`a+?`, a
//! lone `{` or `]`, `(?:`, `\b`, `[z-a]`, an unknown category) is an error rather than
//! whatever another regex dialect makes of it. XSD patterns are implicitly anchored, `^`
//! and `$` are ordinary characters, `.` excludes both line ends, `\s`/`\w`/`\d` have the
//! XML meanings, `\i`/`\c` are XML name characters, `[a-z-[aeiou]]` is class subtraction
//! and `\p{IsBasicLatin}` names a Unicode block (the Unicode 3.1 blocks XSD 1.0 lists).

use std::fmt::Write as _;

use regex::Regex;

const NAME_START: &str = r"A-Za-z_:\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{2FF}\u{370}-\u{37D}\u{37F}-\u{1FFF}\u{200C}-\u{200D}\u{2070}-\u{218F}\u{2C00}-\u{2FEF}\u{3001}-\u{D7FF}\u{F900}-\u{FDCF}\u{FDF0}-\u{FFFD}\u{10000}-\u{EFFFF}";
const NAME_REST: &str = r"\-.0-9\u{B7}\u{300}-\u{36F}\u{203F}-\u{2040}";

/// The deepest nesting of groups and subtractions accepted.
const MAX_NESTING: usize = 200;

/// The Unicode general categories XSD 1.0 names in `\p{..}`.
const CATEGORIES: &[&str] = &[
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi",
    "Pf", "Po", "Z", "Zs", "Zl", "Zp", "S", "Sm", "Sc", "Sk", "So", "C", "Cc", "Cf", "Co", "Cn",
];

/// The block escapes of XSD 1.0 (Unicode 3.1 `Blocks.txt`, spaces removed): name and
/// ranges. The surrogate blocks hold no character a string can contain.
const BLOCKS: &[(&str, &[(u32, u32)])] = &[
    ("BasicLatin", &[(0x0000, 0x007F)]),
    ("Latin-1Supplement", &[(0x0080, 0x00FF)]),
    ("LatinExtended-A", &[(0x0100, 0x017F)]),
    ("LatinExtended-B", &[(0x0180, 0x024F)]),
    ("IPAExtensions", &[(0x0250, 0x02AF)]),
    ("SpacingModifierLetters", &[(0x02B0, 0x02FF)]),
    ("CombiningDiacriticalMarks", &[(0x0300, 0x036F)]),
    ("Greek", &[(0x0370, 0x03FF)]),
    ("Cyrillic", &[(0x0400, 0x04FF)]),
    ("Armenian", &[(0x0530, 0x058F)]),
    ("Hebrew", &[(0x0590, 0x05FF)]),
    ("Arabic", &[(0x0600, 0x06FF)]),
    ("Syriac", &[(0x0700, 0x074F)]),
    ("Thaana", &[(0x0780, 0x07BF)]),
    ("Devanagari", &[(0x0900, 0x097F)]),
    ("Bengali", &[(0x0980, 0x09FF)]),
    ("Gurmukhi", &[(0x0A00, 0x0A7F)]),
    ("Gujarati", &[(0x0A80, 0x0AFF)]),
    ("Oriya", &[(0x0B00, 0x0B7F)]),
    ("Tamil", &[(0x0B80, 0x0BFF)]),
    ("Telugu", &[(0x0C00, 0x0C7F)]),
    ("Kannada", &[(0x0C80, 0x0CFF)]),
    ("Malayalam", &[(0x0D00, 0x0D7F)]),
    ("Sinhala", &[(0x0D80, 0x0DFF)]),
    ("Thai", &[(0x0E00, 0x0E7F)]),
    ("Lao", &[(0x0E80, 0x0EFF)]),
    ("Tibetan", &[(0x0F00, 0x0FFF)]),
    ("Myanmar", &[(0x1000, 0x109F)]),
    ("Georgian", &[(0x10A0, 0x10FF)]),
    ("HangulJamo", &[(0x1100, 0x11FF)]),
    ("Ethiopic", &[(0x1200, 0x137F)]),
    ("Cherokee", &[(0x13A0, 0x13FF)]),
    ("UnifiedCanadianAboriginalSyllabics", &[(0x1400, 0x167F)]),
    ("Ogham", &[(0x1680, 0x169F)]),
    ("Runic", &[(0x16A0, 0x16FF)]),
    ("Khmer", &[(0x1780, 0x17FF)]),
    ("Mongolian", &[(0x1800, 0x18AF)]),
    ("LatinExtendedAdditional", &[(0x1E00, 0x1EFF)]),
    ("GreekExtended", &[(0x1F00, 0x1FFF)]),
    ("GeneralPunctuation", &[(0x2000, 0x206F)]),
    ("SuperscriptsandSubscripts", &[(0x2070, 0x209F)]),
    ("CurrencySymbols", &[(0x20A0, 0x20CF)]),
    ("CombiningMarksforSymbols", &[(0x20D0, 0x20FF)]),
    ("LetterlikeSymbols", &[(0x2100, 0x214F)]),
    ("NumberForms", &[(0x2150, 0x218F)]),
    ("Arrows", &[(0x2190, 0x21FF)]),
    ("MathematicalOperators", &[(0x2200, 0x22FF)]),
    ("MiscellaneousTechnical", &[(0x2300, 0x23FF)]),
    ("ControlPictures", &[(0x2400, 0x243F)]),
    ("OpticalCharacterRecognition", &[(0x2440, 0x245F)]),
    ("EnclosedAlphanumerics", &[(0x2460, 0x24FF)]),
    ("BoxDrawing", &[(0x2500, 0x257F)]),
    ("BlockElements", &[(0x2580, 0x259F)]),
    ("GeometricShapes", &[(0x25A0, 0x25FF)]),
    ("MiscellaneousSymbols", &[(0x2600, 0x26FF)]),
    ("Dingbats", &[(0x2700, 0x27BF)]),
    ("BraillePatterns", &[(0x2800, 0x28FF)]),
    ("CJKRadicalsSupplement", &[(0x2E80, 0x2EFF)]),
    ("KangxiRadicals", &[(0x2F00, 0x2FDF)]),
    ("IdeographicDescriptionCharacters", &[(0x2FF0, 0x2FFF)]),
    ("CJKSymbolsandPunctuation", &[(0x3000, 0x303F)]),
    ("Hiragana", &[(0x3040, 0x309F)]),
    ("Katakana", &[(0x30A0, 0x30FF)]),
    ("Bopomofo", &[(0x3100, 0x312F)]),
    ("HangulCompatibilityJamo", &[(0x3130, 0x318F)]),
    ("Kanbun", &[(0x3190, 0x319F)]),
    ("BopomofoExtended", &[(0x31A0, 0x31BF)]),
    ("EnclosedCJKLettersandMonths", &[(0x3200, 0x32FF)]),
    ("CJKCompatibility", &[(0x3300, 0x33FF)]),
    ("CJKUnifiedIdeographsExtensionA", &[(0x3400, 0x4DB5)]),
    ("CJKUnifiedIdeographs", &[(0x4E00, 0x9FFF)]),
    ("YiSyllables", &[(0xA000, 0xA48F)]),
    ("YiRadicals", &[(0xA490, 0xA4CF)]),
    ("HangulSyllables", &[(0xAC00, 0xD7AF)]),
    ("PrivateUse", &[(0xE000, 0xF8FF)]),
    ("CJKCompatibilityIdeographs", &[(0xF900, 0xFAFF)]),
    ("AlphabeticPresentationForms", &[(0xFB00, 0xFB4F)]),
    ("ArabicPresentationForms-A", &[(0xFB50, 0xFDFF)]),
    ("CombiningHalfMarks", &[(0xFE20, 0xFE2F)]),
    ("CJKCompatibilityForms", &[(0xFE30, 0xFE4F)]),
    ("SmallFormVariants", &[(0xFE50, 0xFE6F)]),
    ("ArabicPresentationForms-B", &[(0xFE70, 0xFEFE)]),
    ("Specials", &[(0xFEFF, 0xFEFF), (0xFFF0, 0xFFFD)]),
    ("HalfwidthandFullwidthForms", &[(0xFF00, 0xFFEF)]),
    ("OldItalic", &[(0x10300, 0x1032F)]),
    ("Gothic", &[(0x10330, 0x1034F)]),
    ("Deseret", &[(0x10400, 0x1044F)]),
    ("ByzantineMusicalSymbols", &[(0x1D000, 0x1D0FF)]),
    ("MusicalSymbols", &[(0x1D100, 0x1D1FF)]),
    ("MathematicalAlphanumericSymbols", &[(0x1D400, 0x1D7FF)]),
    ("CJKUnifiedIdeographsExtensionB", &[(0x20000, 0x2A6DF)]),
    ("CJKCompatibilityIdeographsSupplement", &[(0x2F800, 0x2FA1F)]),
    ("Tags", &[(0xE0000, 0xE007F)]),
    ("HighSurrogates", &[]),
    ("HighPrivateUseSurrogates", &[]),
    ("LowSurrogates", &[]),
];

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
    let mut parser = Parser { chars: pattern.chars().collect(), at: 0, out: String::with_capacity(pattern.len() * 2) };
    parser.reg_exp(0).map_err(|why| format!("pattern `{pattern}` is not an XSD regular expression: {why}"))?;
    if parser.at < parser.chars.len() {
        return Err(format!("pattern `{pattern}` is not an XSD regular expression: unbalanced `)`"));
    }
    Ok(parser.out)
}

/// A recursive-descent parser of XSD regular expressions that writes the translation.
struct Parser {
    chars: Vec<char>,
    at: usize,
    out: String,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    /// `regExp ::= branch ( '|' branch )*`
    fn reg_exp(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_NESTING {
            return Err(format!("groups nest deeper than {MAX_NESTING}"));
        }
        loop {
            self.branch(depth)?;
            if self.peek() == Some('|') {
                self.at += 1;
                self.out.push('|');
            } else {
                return Ok(());
            }
        }
    }

    /// `branch ::= piece*`, `piece ::= atom quantifier?`
    fn branch(&mut self, depth: usize) -> Result<(), String> {
        while let Some(c) = self.peek() {
            match c {
                '|' | ')' => return Ok(()),
                '(' => {
                    self.at += 1;
                    self.out.push_str("(?:");
                    self.reg_exp(depth + 1)?;
                    if self.peek() != Some(')') {
                        return Err("unclosed `(`".into());
                    }
                    self.at += 1;
                    self.out.push(')');
                }
                '[' => {
                    self.at += 1;
                    let class = self.char_class_expr(depth)?;
                    self.out.push_str(&class);
                }
                '\\' => {
                    let class = self.escape(false)?;
                    self.out.push_str(&class);
                }
                '.' => {
                    self.at += 1;
                    self.out.push_str(r"[^\n\r]");
                }
                '?' | '*' | '+' | '{' => return Err(format!("`{c}` quantifies nothing")),
                ']' | '}' => return Err(format!("`{c}` must be escaped")),
                c => {
                    self.at += 1;
                    self.out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
                }
            }
            self.quantifier()?;
        }
        Ok(())
    }

    /// `quantifier ::= [?*+] | ( '{' quantity '}' )`, at most one per atom.
    fn quantifier(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(c @ ('?' | '*' | '+')) => {
                self.at += 1;
                self.out.push(c);
            }
            Some('{') => {
                self.at += 1;
                let min = self.number().ok_or("`{` must start a quantity such as `{2,5}`")?;
                let comma = self.peek() == Some(',');
                let max = if comma && self.peek_at(1) != Some('}') {
                    self.at += 1;
                    Some(self.number().ok_or("malformed quantity")?)
                } else {
                    self.at += usize::from(comma);
                    None
                };
                if self.peek() != Some('}') {
                    return Err("malformed quantity".into());
                }
                self.at += 1;
                match (comma, max) {
                    (_, Some(max)) if max < min => {
                        return Err(format!("quantity `{{{min},{max}}}`: the maximum is below the minimum"));
                    }
                    (_, Some(max)) => {
                        let _ = write!(self.out, "{{{min},{max}}}");
                    }
                    (true, None) => {
                        let _ = write!(self.out, "{{{min},}}");
                    }
                    (false, None) => {
                        let _ = write!(self.out, "{{{min}}}");
                    }
                }
            }
            _ => return Ok(()),
        }
        match self.peek() {
            Some(c @ ('?' | '*' | '+' | '{')) => {
                Err(format!("`{c}` after a quantifier (XSD has no lazy or possessive quantifiers)"))
            }
            _ => Ok(()),
        }
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let digits: String = self.chars[start..self.at].iter().collect();
        digits.parse().ok()
    }

    /// After `[`: `charGroup ']'`, where `charGroup ::= ( posCharGroup | negCharGroup )
    /// ( '-' charClassExpr )?`. Returns a Rust class.
    fn char_class_expr(&mut self, depth: usize) -> Result<String, String> {
        if depth > MAX_NESTING {
            return Err(format!("character classes nest deeper than {MAX_NESTING}"));
        }
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut items = String::new();
        let mut count = 0usize;
        loop {
            let Some(c) = self.peek() else { return Err("unclosed `[`".into()) };
            match c {
                ']' if count > 0 => {
                    self.at += 1;
                    break;
                }
                '-' if self.peek_at(1) == Some('[') && count > 0 => {
                    self.at += 2;
                    let sub = self.char_class_expr(depth + 1)?;
                    if self.peek() != Some(']') {
                        return Err("a class subtraction must end its class".into());
                    }
                    self.at += 1;
                    let base = if negated { format!("[^{items}]") } else { format!("[{items}]") };
                    return Ok(format!("[{base}&&[^{sub}]]"));
                }
                ']' | '[' => return Err(format!("`{c}` must be escaped in a character class")),
                // `-` ends a group before `]` or before a subtraction `-[`.
                '-' if count > 0 && self.peek_at(1) == Some('-') && self.peek_at(2) == Some('[') => {
                    self.at += 1;
                    items.push_str(&hex('-'));
                }
                '-' if count > 0 && self.peek_at(1) != Some(']') => {
                    return Err("`-` is a character only at the start or end of a class".into());
                }
                '\\' if self.peek_at(1).is_some_and(|n| "nrt\\|.?*+(){}-[]^".contains(n)) => {
                    let first = self.single_escape();
                    items.push_str(&self.range_from(first)?);
                }
                '\\' => items.push_str(&self.escape(true)?),
                c => {
                    self.at += 1;
                    items.push_str(&self.range_from(c)?);
                }
            }
            count += 1;
        }
        Ok(if negated { format!("[^{items}]") } else { format!("[{items}]") })
    }

    /// A single-character escape `\n`, `\-`, ... (at `\`): the character.
    fn single_escape(&mut self) -> char {
        let c = self.chars[self.at + 1];
        self.at += 2;
        match c {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            c => c,
        }
    }

    /// A class item starting with the character `first` (already read): the character or
    /// the range `first-last`.
    fn range_from(&mut self, first: char) -> Result<String, String> {
        if self.peek() != Some('-') || matches!(self.peek_at(1), Some(']' | '[') | None) {
            return Ok(hex(first));
        }
        self.at += 1;
        let last = match self.peek() {
            Some('\\') if self.peek_at(1).is_some_and(|n| "nrt\\|.?*+(){}-[]^".contains(n)) => self.single_escape(),
            Some('\\') => return Err("a range must end with a single character".into()),
            Some('-') => return Err("`-` cannot end a range unescaped".into()),
            Some(c) => {
                self.at += 1;
                c
            }
            None => return Err("unclosed `[`".into()),
        };
        if last < first {
            return Err(format!("range `{first}-{last}` ends before it starts"));
        }
        Ok(format!("{}-{}", hex(first), hex(last)))
    }

    /// An escape at `\` (single-character, multi-character or category), as a Rust class
    /// (bracketed) or escaped character.
    fn escape(&mut self, in_class: bool) -> Result<String, String> {
        let Some(next) = self.peek_at(1) else { return Err("a lone backslash ends it".into()) };
        let text = match next {
            'n' | 'r' | 't' | '\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']' | '^' => {
                let c = self.single_escape();
                return Ok(if in_class { hex(c) } else { regex::escape(c.encode_utf8(&mut [0; 4])) });
            }
            's' => r"[ \t\n\r]".to_owned(),
            'S' => r"[^ \t\n\r]".to_owned(),
            'd' => r"[\p{Nd}]".to_owned(),
            'D' => r"[^\p{Nd}]".to_owned(),
            'w' => r"[^\p{P}\p{Z}\p{C}]".to_owned(),
            'W' => r"[\p{P}\p{Z}\p{C}]".to_owned(),
            'i' => format!("[{NAME_START}]"),
            'I' => format!("[^{NAME_START}]"),
            'c' => format!("[{NAME_START}{NAME_REST}]"),
            'C' => format!("[^{NAME_START}{NAME_REST}]"),
            'p' | 'P' => return self.category(next == 'P'),
            other => return Err(format!("`\\{other}` is not an XSD escape")),
        };
        self.at += 2;
        Ok(text)
    }

    /// `\p{name}` or `\P{name}` (at `\`).
    fn category(&mut self, negated: bool) -> Result<String, String> {
        if self.peek_at(2) != Some('{') {
            return Err("`\\p` and `\\P` need a `{name}`".into());
        }
        let start = self.at + 3;
        let Some(len) = self.chars[start..].iter().position(|&c| c == '}') else {
            return Err("unclosed `\\p{`".into());
        };
        let name: String = self.chars[start..start + len].iter().collect();
        self.at = start + len + 1;
        let caret = if negated { "^" } else { "" };
        if let Some(block) = name.strip_prefix("Is") {
            let Some((_, ranges)) = BLOCKS.iter().find(|(b, _)| *b == block) else {
                return Err(format!("`{name}` is not a Unicode block XSD 1.0 knows"));
            };
            let body = ranges.iter().fold(String::new(), |mut body, &(a, b)| {
                let _ = write!(body, r"\x{{{a:X}}}-\x{{{b:X}}}");
                body
            });
            if body.is_empty() {
                // A surrogate block: nothing, or (negated) every character.
                return Ok(if negated { r"[\x{0}-\x{10FFFF}]".to_owned() } else { r"[^\x{0}-\x{10FFFF}]".to_owned() });
            }
            return Ok(format!("[{caret}{body}]"));
        }
        if !CATEGORIES.contains(&name.as_str()) {
            return Err(format!("`{name}` is not a Unicode category or block name"));
        }
        Ok(format!("[{caret}\\p{{{name}}}]"))
    }
}

/// A character as a Rust regex escape (safe in and out of classes).
fn hex(c: char) -> String {
    format!(r"\x{{{:X}}}", u32::from(c))
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
    fn block_escapes() {
        assert!(is_match(r"\p{IsBasicLatin}+", "abc"));
        assert!(!is_match(r"\p{IsBasicLatin}", "\u{E9}"));
        assert!(is_match(r"\P{IsBasicLatin}", "\u{E9}"));
        assert!(is_match(r"[\p{IsGreek}a]+", "a\u{3B1}"));
        assert!(!is_match(r"\p{IsPrivateUse}", "\u{F0000}"));
        assert!(is_match(r"[a-z--[b-z]]+", "a-"));
        assert!(!is_match(r"\p{IsHighSurrogates}", "a"));
        assert!(is_match(r"\P{IsLowSurrogates}", "a"));
        assert!(compile(r"\p{IsNoSuchBlock}").is_err());
        assert!(compile(r"\p{Lu}+").is_ok());
        assert!(compile(r"\p{Greek}").is_err());
    }

    #[test]
    fn what_is_not_xsd_syntax_is_refused() {
        for bad in [
            "a+?", "a**", "a{2}?", "a{,3}", "a{3,2}", "{", "a}", "]", "(?:a)", "(a", "a)", "[]", "[^]", "[a-]b]",
            "[z-a]", r"\b", r"\x41", "[a-c-e]", "[[a]]", r"[\d-z]", "a{", "*a", "|*",
        ] {
            assert!(compile(bad).is_err(), "{bad} is accepted");
        }
        for good in [
            "",
            "a|",
            "()",
            "a{0}",
            "a{2,}",
            "a{1,3}",
            "[-a]",
            "[a-]",
            "[^-a]",
            r"[\-a]",
            "x^y$",
            r"[a-z-[aeiou]]",
            r"[\p{L}-[\p{Lu}]]",
            r"\p{IsBasicLatin}{1,5}",
            "[+-]?[0-9]+",
            r"[\[\]]",
        ] {
            assert!(compile(good).is_ok(), "{good} is refused: {:?}", compile(good).err());
        }
        assert!(is_match("a{2,}", "aaa"));
        assert!(is_match("[a-]+", "a-"));
        assert!(!is_match("a{0}", "a"));
        assert!(is_match(r"[^\s]", "x"));
    }
}
