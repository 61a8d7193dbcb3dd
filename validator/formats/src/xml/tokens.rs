//! Finding where each XML token ends in the bytes read so far.
//!
//! Tokens are found with `memchr`, in place: no byte is copied per token. Text runs that
//! have not ended are cut into pieces, so a huge text node costs no more memory than a
//! small one.

use memchr::{memchr, memchr3, memmem};

/// A text run at least this long that has not ended yet is handed out in pieces.
const TEXT_PIECE: usize = 16 * 1024;

/// The longest DOCTYPE (with its internal subset) accepted, in bytes.
const MAX_DOCTYPE: usize = 1024 * 1024;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token {
    /// Character data, possibly with references (`&amp;`), up to the next `<`.
    Text,
    /// `<name ...>`.
    Start,
    /// `<name .../>`.
    Empty,
    /// `</name>`.
    End,
    /// `<![CDATA[...]]>`.
    CData,
    /// `<!-- ... -->`.
    Comment,
    /// `<?target ...?>` (the XML declaration among them).
    Instruction,
    /// `<!DOCTYPE ...>`.
    DocType,
}

/// Why the scanner stopped without a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stop {
    /// The token goes on past the bytes read so far.
    More,
    /// Malformed markup at this index of the scanned bytes.
    Malformed(usize, &'static str),
}

/// Finds the token at the start of `data`: its kind and length. At the end of the input
/// (`eof`), a token that does not end is malformed.
pub(super) fn scan(data: &[u8], eof: bool) -> Result<(Token, usize), Stop> {
    let unterminated = |what: &'static str| if eof { Stop::Malformed(0, what) } else { Stop::More };
    if data.first() != Some(&b'<') {
        return match memchr(b'<', data) {
            Some(len) => Ok((Token::Text, len)),
            None if eof || data.len() >= TEXT_PIECE => match text_piece(data, eof) {
                0 => Err(Stop::More),
                len => Ok((Token::Text, len)),
            },
            None => Err(Stop::More),
        };
    }
    let rest = &data[1..];
    match rest.first() {
        None => Err(unterminated("`<` at the end of the input: a tag is not closed")),
        Some(b'/') => match memchr(b'>', rest) {
            Some(i) => Ok((Token::End, i + 2)),
            None => Err(unterminated("an end tag is not closed: `>` is missing")),
        },
        Some(b'?') => match memmem::find(&rest[1..], b"?>") {
            Some(i) => Ok((Token::Instruction, i + 4)),
            None => Err(unterminated("a processing instruction is not closed: `?>` is missing")),
        },
        Some(b'!') => markup_declaration(data, eof),
        Some(_) => tag(data, eof),
    }
}

/// How much of an unfinished text run to hand out now: all of it at the end of the input,
/// otherwise up to a point that splits neither a character nor a reference.
fn text_piece(data: &[u8], eof: bool) -> usize {
    if eof {
        return data.len();
    }
    let mut cut = data.len();
    if let Some(amp) = memchr::memrchr(b'&', &data[cut.saturating_sub(REFERENCE_WINDOW)..]) {
        let amp = cut.saturating_sub(REFERENCE_WINDOW) + amp;
        if memchr(b';', &data[amp..]).is_none() {
            cut = amp;
        }
    }
    while cut > 0 && cut < data.len() && (data[cut] & 0xC0) == 0x80 {
        cut -= 1;
    }
    if cut == data.len() {
        // The last character may be cut short: end the piece before a lead byte.
        let lead = data[..cut].iter().rposition(|&b| !(0x80..0xC0).contains(&b)).unwrap_or(0);
        if data[lead] >= 0xC0 {
            cut = lead;
        }
    }
    // `]]` stays with what follows, so that a `]]>` is seen whole, and a CR with its LF.
    for _ in 0..2 {
        if cut > 0 && matches!(data[cut - 1], b']' | b'\r') {
            cut -= 1;
        }
    }
    cut
}

/// How far back from the end of a text piece a reference that has not ended is looked
/// for (references longer than this are cut, and refused as malformed).
const REFERENCE_WINDOW: usize = 256;

/// A start or empty-element tag: up to the `>` outside quoted attribute values.
fn tag(data: &[u8], eof: bool) -> Result<(Token, usize), Stop> {
    let mut i = 1;
    loop {
        let Some(found) = memchr3(b'>', b'"', b'\'', &data[i..]) else {
            return Err(if eof { Stop::Malformed(0, "a start tag is not closed: `>` is missing") } else { Stop::More });
        };
        i += found;
        if data[i] == b'>' {
            let kind = if data[i - 1] == b'/' && i > 1 { Token::Empty } else { Token::Start };
            return Ok((kind, i + 1));
        }
        let Some(close) = memchr(data[i], &data[i + 1..]) else {
            return Err(if eof { Stop::Malformed(i, "an attribute value is not closed") } else { Stop::More });
        };
        i += close + 2;
    }
}

/// `<!--`, `<![CDATA[` or `<!DOCTYPE`.
fn markup_declaration(data: &[u8], eof: bool) -> Result<(Token, usize), Stop> {
    let unterminated = |what: &'static str| if eof { Stop::Malformed(0, what) } else { Stop::More };
    let starts = |prefix: &[u8]| data.len() >= prefix.len() && data[..prefix.len()] == *prefix;
    let may_become = |prefix: &[u8]| data.len() < prefix.len() && prefix.starts_with(data);
    if starts(b"<!--") {
        return match memmem::find(&data[4..], b"-->") {
            Some(i) => Ok((Token::Comment, i + 7)),
            None => Err(unterminated("a comment is not closed: `-->` is missing")),
        };
    }
    if starts(b"<![CDATA[") {
        return match memmem::find(&data[9..], b"]]>") {
            Some(i) => Ok((Token::CData, i + 12)),
            None => Err(unterminated("a CDATA section is not closed: `]]>` is missing")),
        };
    }
    if starts(b"<!DOCTYPE") {
        return doctype(data, eof);
    }
    if !eof && (may_become(b"<!--") || may_become(b"<![CDATA[") || may_become(b"<!DOCTYPE")) {
        return Err(Stop::More);
    }
    Err(Stop::Malformed(0, "unknown markup: `<!` starts a comment, a CDATA section or a DOCTYPE"))
}

/// A document type declaration, with its internal subset in brackets: quoted literals,
/// comments and processing instructions in it are skipped whole (they may hold `]` or `>`).
fn doctype(data: &[u8], eof: bool) -> Result<(Token, usize), Stop> {
    let mut subset = false;
    let mut i = 9;
    let skip = |from: usize, end: &[u8]| memmem::find(&data[from..], end).map(|at| from + at + end.len());
    while i < data.len() {
        if i > MAX_DOCTYPE {
            return Err(Stop::Malformed(0, "a DOCTYPE longer than 1 MiB is refused"));
        }
        let next = match data[i] {
            b'[' if !subset => {
                subset = true;
                Some(i + 1)
            }
            b']' if subset => {
                subset = false;
                Some(i + 1)
            }
            b'>' if !subset => return Ok((Token::DocType, i + 1)),
            quote @ (b'"' | b'\'') => memchr(quote, &data[i + 1..]).map(|close| i + close + 2),
            b'<' if subset && data[i..].starts_with(b"<!--") => skip(i + 4, b"-->"),
            b'<' if subset && data[i..].starts_with(b"<?") => skip(i + 2, b"?>"),
            _ => Some(i + 1),
        };
        let Some(next) = next else { break };
        i = next;
    }
    Err(if eof { Stop::Malformed(0, "the DOCTYPE is not closed: `>` is missing") } else { Stop::More })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_end_where_their_markup_ends() {
        assert_eq!(scan(b"<a b='>'>x", false), Ok((Token::Start, 9)));
        assert_eq!(scan(b"<a/>", false), Ok((Token::Empty, 4)));
        assert_eq!(scan(b"</a >", false), Ok((Token::End, 5)));
        assert_eq!(scan(b"<!-- > -->", false), Ok((Token::Comment, 10)));
        assert_eq!(scan(b"<![CDATA[<]]>", false), Ok((Token::CData, 13)));
        assert_eq!(scan(b"<?xml version='1.0'?>", false), Ok((Token::Instruction, 21)));
        assert_eq!(scan(b"<!DOCTYPE a [<!ENTITY b '>'>]>", false), Ok((Token::DocType, 30)));
        assert_eq!(scan(b"ab<", false), Ok((Token::Text, 2)));
    }

    #[test]
    fn unfinished_tokens_ask_for_more_then_are_malformed_at_the_end() {
        for partial in [&b"<a b='"[..], b"<!-", b"<!--x", b"</a", b"<?x", b"<", b"text"] {
            assert_eq!(scan(partial, false), Err(Stop::More), "{partial:?}");
        }
        assert!(matches!(scan(b"<a b='x", true), Err(Stop::Malformed(..))));
        assert!(matches!(scan(b"<!x>", false), Err(Stop::Malformed(..))));
        assert_eq!(scan(b"text", true), Ok((Token::Text, 4)));
    }

    #[test]
    fn long_text_is_cut_between_characters_and_references() {
        let mut text = vec![b'x'; TEXT_PIECE];
        text.extend("é".as_bytes());
        text.pop();
        let (_, len) = scan(&text, false).unwrap();
        assert_eq!(len, TEXT_PIECE);
        let mut text = vec![b'x'; TEXT_PIECE];
        text.extend(b"&am");
        assert_eq!(scan(&text, false), Ok((Token::Text, TEXT_PIECE)));
        let mut text = vec![b'x'; TEXT_PIECE];
        text.extend(b"]]");
        assert_eq!(scan(&text, false), Ok((Token::Text, TEXT_PIECE)));
    }
}
