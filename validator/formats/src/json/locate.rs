//! Locates the first syntax error of a JSON text precisely.
//!
//! `serde_json` reports some errors a few bytes late (after reading a whole `\u` escape, or
//! the character after a control character). When it refuses a text, this scanner finds the
//! first byte that no JSON text (RFC 8259) can continue with, or the end of a truncated
//! text, and says what was expected there. It is iterative: nesting depth costs one byte of
//! stack memory per level, never call-stack frames.

/// A grammar error: where, what was expected, and whether the text just ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct GrammarError {
    /// Byte offset of the offending byte (the text's length when it is truncated).
    pub at: usize,
    /// What was expected, or what is wrong.
    pub message: String,
    /// The text ended where more was expected.
    pub truncated: bool,
}

/// The first grammar error of `text`, or `None` when its grammar is right (it may still
/// hold something a reader refuses: a lone surrogate, a number out of range, deep nesting).
pub(super) fn first_error(text: &str) -> Option<GrammarError> {
    let mut scanner = Scanner { text, b: text.as_bytes(), i: 0, stack: Vec::new() };
    scanner.run().err()
}

/// The opening bracket that first nests deeper than `limit` levels, if any.
pub(super) fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The first `\u` escape naming a surrogate that is not half of a pair, in a text whose
/// grammar is right.
pub(super) fn lone_surrogate(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let escape = |at: usize| -> Option<u32> {
        let hex = b.get(at..at + 6).filter(|e| e.starts_with(b"\\u"))?;
        u32::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => match escape(i) {
                Some(0xD800..=0xDBFF) if matches!(escape(i + 6), Some(0xDC00..=0xDFFF)) => i += 11,
                Some(0xD800..=0xDFFF) => return Some(i),
                _ => i += 1,
            },
            _ => {}
        }
        i += 1;
    }
    None
}

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    /// Open brackets, innermost last.
    stack: Vec<u8>,
}

type Step = Result<(), GrammarError>;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// An error at the current byte: `expected` was wanted there.
    fn fail(&self, expected: &str) -> GrammarError {
        match self.text.get(self.i..).and_then(|rest| rest.chars().next()) {
            None => GrammarError { at: self.b.len(), message: format!("expected {expected}"), truncated: true },
            Some(found) => {
                GrammarError { at: self.i, message: format!("expected {expected}, found {found:?}"), truncated: false }
            }
        }
    }

    fn run(&mut self) -> Step {
        let mut want_value = true;
        loop {
            self.ws();
            if want_value {
                want_value = false;
                if self.value()? {
                    // An opening bracket: its first item or member, or its closing bracket.
                    self.ws();
                    match (self.stack.last(), self.peek()) {
                        (Some(b'['), Some(b']')) | (Some(b'{'), Some(b'}')) => {
                            self.i += 1;
                            self.stack.pop();
                        }
                        (Some(b'{'), _) => {
                            self.key()?;
                            want_value = true;
                        }
                        _ => want_value = true,
                    }
                }
                continue;
            }
            match (self.stack.last().copied(), self.peek()) {
                (None, None) => return Ok(()),
                (None, Some(_)) => return Err(self.fail("the end of the text after the JSON value")),
                (Some(_), Some(b',')) => {
                    self.i += 1;
                    if self.stack.last() == Some(&b'{') {
                        self.ws();
                        self.key()?;
                    }
                    want_value = true;
                }
                (Some(b'['), Some(b']')) | (Some(b'{'), Some(b'}')) => {
                    self.i += 1;
                    self.stack.pop();
                }
                (Some(b'['), _) => return Err(self.fail("`,` or `]` after an array item")),
                (Some(_), _) => return Err(self.fail("`,` or `}` after an object member")),
            }
        }
    }

    /// One value; an opening bracket is pushed and left for [`Self::run`] (then `true`).
    fn value(&mut self) -> Result<bool, GrammarError> {
        match self.peek() {
            Some(bracket @ (b'[' | b'{')) => {
                self.stack.push(bracket);
                self.i += 1;
                return Ok(true);
            }
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            _ => Err(self.fail("a value")),
        }?;
        Ok(false)
    }

    /// A member's name and colon.
    fn key(&mut self) -> Step {
        if self.peek() != Some(b'"') {
            return Err(self.fail("a member name (a string in double quotes)"));
        }
        self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(self.fail("`:` after the member name"));
        }
        self.i += 1;
        Ok(())
    }

    fn literal(&mut self, word: &str) -> Step {
        for &expected in word.as_bytes() {
            if self.peek() != Some(expected) {
                return Err(self.fail(&format!("the literal `{word}`")));
            }
            self.i += 1;
        }
        Ok(())
    }

    fn digits(&mut self, what: &str) -> Step {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.fail(what));
        }
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        Ok(())
    }

    fn number(&mut self) -> Step {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            _ => self.digits("a digit in the number")?,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            self.digits("a digit after the decimal point")?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            self.digits("a digit in the exponent")?;
        }
        Ok(())
    }

    fn string(&mut self) -> Step {
        self.i += 1;
        loop {
            match self.peek() {
                None => return Err(self.fail("`\"` to close the string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(0..0x20) => {
                    return Err(self.fail("a character other than a control character in the string (escape it)"));
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        Some(b'u') => {
                            self.i += 1;
                            for _ in 0..4 {
                                if !self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                                    return Err(self.fail("a hexadecimal digit in the `\\u` escape"));
                                }
                                self.i += 1;
                            }
                        }
                        _ => return Err(self.fail("an escape (one of `\"\\/bfnrtu`) after `\\`")),
                    }
                }
                Some(_) => self.i += 1,
            }
        }
    }
}
