//! `E//S` rewritten to `E/descendant::S` where that means the same, before compiling.
//!
//! `//` is `/descendant-or-self::node()/`: xee-xpath 0.1.5 builds the sequence of every node
//! of the document, maps each to its children and sorts the union into document order, on
//! every evaluation. The EN 16931 rule contexts and about a hundred of its tests start with
//! `//`, so this sorting was most of a validation's time. `E/descendant::S` selects the same
//! nodes without it when `S` is a step on the child axis with a name test (`cac:X`, `*`,
//! `p:*`, `*:x`) whose predicates do not depend on the context position: XPath 3.1 (3.3.5)
//! gives `//para[1]` and `/descendant::para[1]` as the one case where they differ.
//!
//! A predicate is taken as position-independent only when it cannot be a number and names
//! neither `position()` nor `last()`: its top level (outside brackets and strings) holds a
//! comparison, `and` or `or` and no `,`, `=>` or looser expression (`for`, `let`, `if`),
//! or it is a path of name steps (`@schemeID`, `cac:TaxScheme/cbc:ID`). Anything else is
//! left as written.

/// Expressions longer than this are compiled as written: deciding a step scans its
/// predicates, so the work grows with the number of `//` times the length.
const MAX_REWRITTEN_LEN: usize = 16 * 1024;
/// Expressions with more `//` than this are compiled as written (see [`MAX_REWRITTEN_LEN`]).
const MAX_REWRITTEN_STEPS: usize = 256;

/// `expr` with each `//S` that can be rewritten as `/descendant::S`. The rewrite only saves
/// time, so an expression past the bounds above is left as written, never refused.
pub(crate) fn descendant_steps(expr: &str) -> String {
    if expr.len() > MAX_REWRITTEN_LEN || expr.matches("//").count() > MAX_REWRITTEN_STEPS {
        return expr.to_owned();
    }
    let bytes = expr.as_bytes();
    let mut out = String::with_capacity(expr.len() + 16);
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"') => i = skip_string(bytes, i, q),
            b'(' if bytes.get(i + 1) == Some(&b':') => i = skip_comment(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                if step_is_safe(&expr[i + 2..]) {
                    out.push_str(&expr[copied..i]);
                    out.push_str("/descendant::");
                    copied = i + 2;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    out.push_str(&expr[copied..]);
    out
}

/// The index after the string literal opened by the quote `q` at `start` (`''` and `""`
/// escape the quote).
fn skip_string(bytes: &[u8], start: usize, q: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == q {
            if bytes.get(i + 1) == Some(&q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// The index after the (possibly nested) comment `(: ... :)` at `start`.
fn skip_comment(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        if bytes[i] == b'(' && bytes[i + 1] == b':' {
            depth += 1;
            i += 2;
        } else if bytes[i] == b':' && bytes[i + 1] == b')' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// Whether `rest` (the text after `//`) starts with a child-axis name test whose
/// predicates are all position-independent.
fn step_is_safe(rest: &str) -> bool {
    let Some(after_name) = name_test(rest) else { return false };
    let bytes = rest.as_bytes();
    let mut i = after_name;
    // A function call or kind test (`(`) or an explicit axis (`::`) is not a name test.
    if bytes.get(i) == Some(&b'(') || rest[i..].starts_with("::") {
        return false;
    }
    while bytes.get(i) == Some(&b'[') {
        let Some(end) = closing_bracket(bytes, i) else { return false };
        if !predicate_is_safe(&rest[i + 1..end]) {
            return false;
        }
        i = end + 1;
    }
    true
}

/// The length of the name test at the start of `text`: `*`, `NCName`, `p:NCName`, `p:*`,
/// `*:NCName`; `None` when there is none.
fn name_test(text: &str) -> Option<usize> {
    let first = ncname_or_star(text)?;
    match text[first..].strip_prefix(':') {
        Some(rest) if !rest.starts_with(':') => {
            let second = ncname_or_star(rest)?;
            // `*:*` is no name test.
            if text.starts_with('*') && rest.starts_with('*') {
                return None;
            }
            Some(first + 1 + second)
        }
        _ => Some(first),
    }
}

/// The length of the ASCII NCName or `*` at the start of `text`.
pub(crate) fn ncname_or_star(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'*') => Some(1),
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
            Some(bytes.iter().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')).count())
        }
        _ => None,
    }
}

/// The index of the `]` closing the `[` at `open`, skipping strings and nested brackets.
pub(crate) fn closing_bracket(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"') => {
                i = skip_string(bytes, i, q);
                continue;
            }
            b'(' if bytes.get(i + 1) == Some(&b':') => {
                i = skip_comment(bytes, i);
                continue;
            }
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (bytes[i] == b']').then_some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether the predicate `pred` can be neither a number nor depend on the context
/// position (see the module documentation).
pub(crate) fn predicate_is_safe(pred: &str) -> bool {
    if pred.contains("position") || pred.contains("last") || pred.contains("(:") {
        return false;
    }
    let pred = pred.trim();
    if is_name_path(pred) {
        return true;
    }
    let first_word: String = pred.chars().take_while(char::is_ascii_alphabetic).collect();
    if matches!(first_word.as_str(), "for" | "let" | "if") {
        return false;
    }
    let top = top_level(pred);
    if top.contains(',') || top.contains("=>") {
        return false;
    }
    let words = [" and ", " or ", " eq ", " ne ", " lt ", " le ", " gt ", " ge ", " is "];
    top.contains(['=', '<', '>']) || words.iter().any(|w| top.contains(w))
}

/// `text` with everything inside brackets and string literals blanked out (spaces kept as
/// separators), so that only its top-level operators remain.
fn top_level(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"') => {
                let end = skip_string(bytes, i, q);
                out.push_str(&" ".repeat(end - i));
                i = end;
                continue;
            }
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(char::from(c)),
            _ => {}
        }
        // Brackets and their content stand as one space.
        if depth > 0 || matches!(bytes[i], b']' | b')' | b'}') {
            out.push(' ');
        }
        i += 1;
    }
    out
}

/// Whether `text` is a relative path of name tests (`@a`, `p:x/p:y`, `*/@*`): its value is
/// nodes, never a number.
fn is_name_path(text: &str) -> bool {
    !text.is_empty()
        && text.split('/').all(|step| {
            let step = step.strip_prefix('@').unwrap_or(step);
            name_test(step).is_some_and(|len| len == step.len())
        })
}

#[cfg(test)]
mod tests {
    use super::descendant_steps as d;

    #[test]
    fn expressions_past_the_bounds_are_left_as_written() {
        let nested = format!("{}x = 1{}", "//a[".repeat(300), "]".repeat(300));
        assert_eq!(d(&nested), nested);
        let long = format!("//a[@b = '{}']", "c".repeat(super::MAX_REWRITTEN_LEN));
        assert_eq!(d(&long), long);
        assert_eq!(d("//a[x = 1]//b[@c = 2]"), "/descendant::a[x = 1]/descendant::b[@c = 2]");
    }

    #[test]
    fn name_steps_with_boolean_predicates_are_rewritten() {
        assert_eq!(d("//cac:X"), "/descendant::cac:X");
        assert_eq!(d("(//cac:A/cbc:B) | (/ubl:I)"), "(/descendant::cac:A/cbc:B) | (/ubl:I)");
        assert_eq!(
            d("count(//*[ends-with(name(), 'Amount') and not(x)])"),
            "count(/descendant::*[ends-with(name(), 'Amount') and not(x)])"
        );
        assert_eq!(d("//a[@schemeID]"), "/descendant::a[@schemeID]");
        assert_eq!(d("//a[c:T/c:ID]"), "/descendant::a[c:T/c:ID]");
        assert_eq!(
            d("//a[normalize-space(c:ID) = 'AE'][c:S/normalize-space(upper-case(c:ID))='VAT']/b"),
            "/descendant::a[normalize-space(c:ID) = 'AE'][c:S/normalize-space(upper-case(c:ID))='VAT']/b"
        );
        assert_eq!(d("$x//p:*"), "$x/descendant::p:*");
        assert_eq!(d("a//*:b"), "a/descendant::*:b");
    }

    #[test]
    fn positional_or_unclear_steps_are_left_as_written() {
        for expr in [
            "//a[1]",
            "//a[$n]",
            "//a[position() = 1]",
            "//a[last()]",
            "//a[count(b)]",
            "//a[b, c = 1]",
            "//a[if (b) then 1 else 2]",
            "//a[for $x in b return $x = 1]",
            "//a[b => count()]",
            "//a[b][2]",
            "//@id",
            "//.",
            "//..",
            "//text()",
            "//node()",
            "//f(1)",
            "//descendant::a",
            "//*:*",
            "//(a|b)",
            "//a[(: 1 :) b = 1]",
            "//a[b = 1",
        ] {
            assert_eq!(d(expr), expr, "{expr}");
        }
    }

    #[test]
    fn strings_and_comments_are_not_rewritten() {
        assert_eq!(d("'//a' = \"//b\""), "'//a' = \"//b\"");
        assert_eq!(d("(: //a :) 1"), "(: //a :) 1");
        assert_eq!(d("'it''s //a' or //b"), "'it''s //a' or /descendant::b");
    }
}
