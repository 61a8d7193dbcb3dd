//! Neutralising text that comes from inputs before it reaches a medium that would act on
//! it: a terminal (escape sequences), a CI log (workflow commands start at a line's
//! beginning), Markdown (links, table cells) or XML (characters XML forbids).
//!
//! Every value a finding quotes, every file name and every source snippet passes through
//! one of these functions in the format that prints it (Markdown cells escape in
//! [`crate::markdown`]).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` would be acted on, or hidden, by a terminal or a CI log when printed raw:
/// C0 controls (tab excepted), DEL, C1 controls, bidirectional overrides and isolates,
/// the Unicode line and paragraph separators, and the byte-order mark.
#[must_use]
pub fn is_hazard(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\x0a'..='\x1f' | '\x7f'..='\u{9f}'
        | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `text` with every [hazard](is_hazard) shown visibly: C0 controls and DEL as their
/// Unicode control pictures (`␛`, `␊`, `␡`), the others as `\u{202e}`. Safe for one line of
/// terminal or CI-log output.
#[must_use]
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hazard) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Multi-line text for a terminal or CI log (an error with its cause chain, a command's
/// output): each line as [`terminal`] shows it, and a line that would start a CI workflow
/// command (`::error::`, `::set-output`, `::stop-commands::`; the runner ignores leading
/// blanks) is escaped with a backslash.
#[must_use]
pub fn terminal_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let blanks = line.len() - line.trim_start().len();
        out.push_str(&line[..blanks]);
        if line[blanks..].starts_with("::") {
            out.push('\\');
        }
        out.push_str(&terminal(&line[blanks..]));
    }
    out
}

/// Prose written with hard line breaks (a fix text from a TOML multi-line string) for a
/// terminal: the lines of each paragraph joined with a space, paragraphs (separated by a
/// blank line) and list items (`- `, `* `) kept on lines of their own, each line made safe as [`terminal_lines`] does.
/// The renderer wraps the paragraphs to the terminal's width.
#[must_use]
pub fn terminal_prose(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    let mut blank_before = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank_before = true;
            continue;
        }
        if !joined.is_empty() {
            let item = line.starts_with("- ") || line.starts_with("* ");
            joined.push(if blank_before || item { '\n' } else { ' ' });
        }
        joined.push_str(line);
        blank_before = false;
    }
    terminal_lines(&joined)
}

/// Appends `c`, shown visibly when it is a [hazard](is_hazard).
pub(crate) fn push_visible(out: &mut String, c: char) {
    match c {
        '\0'..='\x1f' if c != '\t' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
        '\x7f' => out.push('\u{2421}'),
        c if is_hazard(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `text` with the characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR;
/// surrogates cannot occur in a `str`; U+FFFE and U+FFFF) replaced by their `\u{..}` form,
/// so an XML report stays well-formed, and no line starting a CI workflow command (the
/// report may be printed to a log).
#[must_use]
pub fn xml(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\u{fffe}' | '\u{ffff}');
    let command = |line: &str| line.trim_start().starts_with("::");
    if !text.chars().any(forbidden) && !text.split(['\n', '\r']).any(command) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    // Line by line (a line ends at LF or CR, as a CI runner splits), each looked at once.
    for piece in text.split_inclusive(['\n', '\r']) {
        let blanks = piece.len() - piece.trim_start().len();
        out.push_str(&piece[..blanks]);
        if piece[blanks..].starts_with("::") {
            out.push('\\');
        }
        for c in piece[blanks..].chars() {
            if forbidden(c) {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            } else {
                out.push(c);
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_escape_sequences_and_line_breaks_visibly() {
        assert_eq!(terminal("plain text\tand tab"), "plain text\tand tab");
        assert_eq!(terminal("\u{1b}[2J"), "␛[2J");
        assert_eq!(terminal("a\r\n::error::pwned"), "a␍␊::error::pwned");
        assert_eq!(terminal_prose("Use a plain\nend event.\n\n  Or none.\n"), "Use a plain end event.\nOr none.");
        assert_eq!(terminal_prose("Either:\n- a lane\n- a performer"), "Either:\n- a lane\n- a performer");
        assert_eq!(terminal_prose("fix\n\n::error::pwned"), "fix\n\\::error::pwned");
        assert_eq!(terminal("x\u{7f}\u{9b}y"), "x␡\\u{9b}y");
        assert_eq!(terminal("abc\u{202e}fed\u{2028}"), "abc\\u{202e}fed\\u{2028}");
        assert!(!terminal("\u{1b}]8;;http://x\u{7}link").chars().any(is_hazard));
    }

    #[test]
    fn terminal_lines_keep_line_breaks_but_no_workflow_command() {
        assert_eq!(terminal_lines("error: a\n  b\u{1b}\r\n  ::error::x"), "error: a\n  b␛\n  \\::error::x");
    }

    #[test]
    fn xml_text_keeps_only_xml_characters() {
        assert_eq!(xml("a\u{fffe}b\u{1}c\td\n"), "a\\u{fffe}b\\u{1}c\td\n");
        assert_eq!(xml("ok"), "ok");
        assert_eq!(xml("a\r\n  ::error::x"), "a\r\n  \\::error::x");
    }
}
