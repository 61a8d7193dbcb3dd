//! The conjuncts of a test, for evaluating `A and B` left to right when the whole test
//! raises a dynamic error.
//!
//! XPath leaves the order in which the operands of `and` are evaluated to the
//! implementation, and lets `A and B` return false when `A` is false even if `B` would raise
//! an error (XPath 3.1, 3.8). Saxon evaluates left to right and stops at a false operand;
//! xee-xpath 0.1.5 evaluates both and raises the error (EN 16931's BR-CO-15 with two
//! `TaxAmount`s in the document currency). When a test raises an error, its conjuncts are
//! evaluated in order, as Saxon does: the first false one makes the test false, an error
//! before any false one keeps the error.
//!
//! Only shapes whose meaning splitting cannot change are split: `C1 and C2 and ...` and
//! `every $v in E satisfies C1 and C2 ...` (into `every $v in E satisfies (Ci)`), where no
//! operand holds, outside brackets and strings, a keyword of an expression that binds looser
//! than `and` (`or`, `every`, `some`, `for`, `let`, `if`, `return`, `satisfies`, `then`,
//! `else`, `,`). Anything else gives no conjuncts, and the error stands.

/// Keywords of expressions that bind looser than `and`.
const LOOSER: [&str; 10] = ["or", "every", "some", "for", "let", "if", "return", "satisfies", "then", "else"];

/// The conjuncts of `test`, in order, when it has that shape; empty otherwise.
pub(crate) fn conjuncts(test: &str) -> Vec<String> {
    let test = test.trim();
    let words = top_level_words(test);
    if let Some(quantified) = test.strip_prefix("every").filter(|rest| rest.starts_with(char::is_whitespace)) {
        // `every $v in E satisfies BODY`, with no other looser keyword before `satisfies`.
        let offset = test.len() - quantified.len();
        let Some(&(at, _)) = words.iter().find(|(_, w)| *w == "satisfies") else { return Vec::new() };
        if words.iter().any(|&(i, w)| i > 0 && i < at && LOOSER.contains(&w)) || has_top_level_comma(&test[offset..at])
        {
            return Vec::new();
        }
        let head = &test[..at + "satisfies".len()];
        return split_and(&test[at + "satisfies".len()..]).into_iter().map(|part| format!("{head} ({part})")).collect();
    }
    split_and(test)
}

/// `C1 and C2 ...` split at its top-level `and`s, when there are two or more operands and
/// none holds a looser keyword or a top-level comma.
fn split_and(text: &str) -> Vec<String> {
    let words = top_level_words(text);
    if words.iter().any(|(_, w)| LOOSER.contains(w)) || has_top_level_comma(text) {
        return Vec::new();
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for &(at, word) in &words {
        if word == "and" {
            parts.push(text[start..at].trim().to_owned());
            start = at + word.len();
        }
    }
    parts.push(text[start..].trim().to_owned());
    if parts.len() < 2 || parts.iter().any(String::is_empty) {
        return Vec::new();
    }
    parts
}

fn has_top_level_comma(text: &str) -> bool {
    let mut found = false;
    scan(text, |at, depth| {
        if depth == 0 && text.as_bytes()[at] == b',' {
            found = true;
        }
    });
    found
}

/// The operator-like words (`and`, `or`, `every`, ...) outside brackets, strings and
/// comments, with their byte offsets: words that are not part of a name or path step.
fn top_level_words(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let name_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':' | b'$' | b'@' | b'/');
    scan(text, |at, depth| {
        if depth != 0 || !bytes[at].is_ascii_alphabetic() || (at > 0 && name_char(bytes[at - 1])) {
            return;
        }
        let end = (at..bytes.len()).find(|&i| !name_char(bytes[i])).unwrap_or(bytes.len());
        let word = &text[at..end];
        if LOOSER.contains(&word) || word == "and" {
            words.push((at, word));
        }
    });
    words
}

/// Calls `each(offset, depth)` for every byte outside string literals and comments.
fn scan(text: &str, mut each: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut comment = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
        } else if comment > 0 {
            if bytes[i..].starts_with(b"(:") {
                comment += 1;
                i += 1;
            } else if bytes[i..].starts_with(b":)") {
                comment -= 1;
                i += 1;
            }
        } else if bytes[i..].starts_with(b"(:") {
            comment = 1;
            i += 1;
        } else {
            match b {
                b'\'' | b'"' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => each(i, depth),
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::conjuncts;

    #[test]
    fn conjunctions_split_in_order() {
        assert_eq!(conjuncts("a = 1 and (b or c) and f(x, y)"), ["a = 1", "(b or c)", "f(x, y)"]);
        assert_eq!(
            conjuncts("every $C in cbc:X satisfies (count(y) eq 1) and (z = 2)"),
            ["every $C in cbc:X satisfies ((count(y) eq 1))", "every $C in cbc:X satisfies ((z = 2))"]
        );
        assert_eq!(conjuncts("cbc:and and 'x and y' = . and band"), ["cbc:and", "'x and y' = .", "band"]);
    }

    #[test]
    fn shapes_whose_meaning_could_change_are_not_split() {
        for test in [
            "a",
            "a or b and c",
            "a and every $x in y satisfies b and c",
            "some $x in y satisfies a and b",
            "every $x in a, $y in b satisfies c and d",
            "if (a) then b and c else d",
            "a and b, c",
            "(a and b)",
            "a and",
        ] {
            assert!(conjuncts(test).is_empty(), "{test}: {:?}", conjuncts(test));
        }
    }
}
