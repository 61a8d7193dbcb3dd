//! An independent oracle for "the right position" of a JSON syntax error: the first byte
//! at which the text stops being the prefix of any JSON text (RFC 8259), or the end of the
//! text when it is a truncated one. Invalid UTF-8 is found first, at the start of the first
//! invalid sequence: a text that is not UTF-8 is not JSON at all (RFC 8259 §8.1), so the
//! decoder's verdict comes before the grammar's.

/// What the oracle finds in a text (without BOM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// `None` when the text is JSON; otherwise the offset of the first offending byte.
    pub error: Option<usize>,
    /// The opening bracket that first nests deeper than `depth_limit` levels, if any
    /// (before the error, if there is one).
    pub too_deep: Option<usize>,
}

/// Judges `b` with nesting counted against `depth_limit`.
pub fn judge(b: &[u8], depth_limit: usize) -> Verdict {
    if let Err(err) = std::str::from_utf8(b) {
        return Verdict { error: Some(err.valid_up_to()), too_deep: None };
    }
    let mut o = Oracle { b, i: 0, stack: Vec::new(), too_deep: None, depth_limit };
    let error = o.run().err();
    Verdict { error, too_deep: o.too_deep }
}

struct Oracle<'a> {
    b: &'a [u8],
    i: usize,
    stack: Vec<u8>,
    too_deep: Option<usize>,
    depth_limit: usize,
}

impl Oracle<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// The error offset at the current byte (the end when there is none).
    fn here(&self) -> usize {
        self.i.min(self.b.len())
    }

    fn open(&mut self, bracket: u8) {
        if self.stack.len() == self.depth_limit && self.too_deep.is_none() {
            self.too_deep = Some(self.i);
        }
        self.stack.push(bracket);
        self.i += 1;
    }

    fn run(&mut self) -> Result<(), usize> {
        // `true`: a value is wanted; `false`: a value just ended.
        let mut want_value = true;
        loop {
            self.ws();
            if want_value {
                match self.peek() {
                    Some(b'[') => {
                        self.open(b'[');
                        self.ws();
                        if self.peek() == Some(b']') {
                            self.i += 1;
                            self.stack.pop();
                            want_value = false;
                        }
                    }
                    Some(b'{') => {
                        self.open(b'{');
                        self.ws();
                        if self.peek() == Some(b'}') {
                            self.i += 1;
                            self.stack.pop();
                            want_value = false;
                        } else {
                            self.key()?;
                        }
                    }
                    Some(b'"') => {
                        self.string()?;
                        want_value = false;
                    }
                    Some(b'-' | b'0'..=b'9') => {
                        self.number()?;
                        want_value = false;
                    }
                    Some(b't') => self.literal(b"true").map(|()| want_value = false)?,
                    Some(b'f') => self.literal(b"false").map(|()| want_value = false)?,
                    Some(b'n') => self.literal(b"null").map(|()| want_value = false)?,
                    _ => return Err(self.here()),
                }
                continue;
            }
            match (self.stack.last(), self.peek()) {
                (None, None) => return Ok(()),
                (Some(_), None) => return Err(self.b.len()),
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
                _ => return Err(self.i),
            }
        }
    }

    /// A member's key and colon.
    fn key(&mut self) -> Result<(), usize> {
        if self.peek() != Some(b'"') {
            return Err(self.here());
        }
        self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(self.here());
        }
        self.i += 1;
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), usize> {
        for &expected in word {
            if self.peek() != Some(expected) {
                return Err(self.here());
            }
            self.i += 1;
        }
        Ok(())
    }

    fn digits(&mut self) -> Result<(), usize> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.here());
        }
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), usize> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            _ => self.digits()?,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            self.digits()?;
        }
        Ok(())
    }

    fn string(&mut self) -> Result<(), usize> {
        self.i += 1;
        loop {
            match self.peek() {
                None => return Err(self.b.len()),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(0..0x20) => return Err(self.i),
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        Some(b'u') => {
                            self.i += 1;
                            for _ in 0..4 {
                                if !self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                                    return Err(self.here());
                                }
                                self.i += 1;
                            }
                        }
                        _ => return Err(self.here()),
                    }
                }
                Some(_) => self.i += 1,
            }
        }
    }
}
