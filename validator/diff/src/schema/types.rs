//! Type and format changes judged as oasdiff's `check_types.go` judges them: a request
//! breaks when a value it accepted is refused, a response when it may return a value it did
//! not; `integer` is within `number`; some formats widen others (`int32` → `int64`,
//! `date` → `date-time`); and where the wire format is not strongly typed (anything but
//! JSON, or a parameter's value), any value may become a string.

use serde_json::Value;

use crate::load::Spec;
use crate::operations::{Node, member};

/// What a type or format change is, in check id terms (`{prefix}-type-{verdict}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Breaking.
    Changed,
    /// The values widened.
    Generalized,
    /// The values narrowed.
    Specialized,
    /// A concrete type swap that the wire format absorbs.
    Compatible,
}

impl Verdict {
    pub(super) fn suffix(self) -> &'static str {
        match self {
            Self::Changed => "type-changed",
            Self::Generalized => "type-generalized",
            Self::Specialized => "type-specialized",
            Self::Compatible => "type-compatible",
        }
    }
}

/// The types and format of one side (`null` left out; an empty format is none).
pub(super) struct Shape<'a> {
    pub types: Vec<&'a str>,
    pub format: &'a str,
}

fn is_subtype(sub: &str, sup: &str) -> bool {
    sub == sup || (sub == "integer" && sup == "number")
}

/// Non-empty `sub` with every type within one of `sup`.
fn subset(sub: &[&str], sup: &[&str]) -> bool {
    !sub.is_empty() && sub.iter().all(|t| sup.iter().any(|s| is_subtype(t, s)))
}

fn same_types(a: &[&str], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().all(|t| b.contains(t))
}

/// Whether the types going `from` → `to` (the added and deleted types) keep every value.
pub(super) fn type_contained(to: &[&str], from: &[&str], strongly_typed: bool) -> bool {
    if to.len() == 1 && from.len() == 1 && is_subtype(from[0], to[0]) {
        return true;
    }
    !strongly_typed && (to.is_empty() || to == ["string"])
}

/// Whether the format going `from` → `to` keeps every value of `to_types`.
fn format_contained(to_types: &[&str], to: &str, from: &str) -> bool {
    if to.is_empty() {
        return true;
    }
    let [single] = to_types else { return false };
    match *single {
        "number" => to == "double" && from == "float",
        "integer" => (to == "int64" && from == "int32") || (to == "bigint" && (from == "int32" || from == "int64")),
        "string" => to == "date-time" && (from == "date" || from == "time"),
        _ => false,
    }
}

/// oasdiff's `typeOrFormatBreaking` for a change `from` → `to`; `type_changed` false
/// leaves the types out (a widened set, say).
fn breaking(from: &Shape<'_>, to: &Shape<'_>, type_changed: bool, format_changed: bool, strongly_typed: bool) -> bool {
    let added: Vec<&str> = to.types.iter().copied().filter(|t| !from.types.contains(t)).collect();
    let deleted: Vec<&str> = from.types.iter().copied().filter(|t| !to.types.contains(t)).collect();
    (type_changed && !type_contained(&added, &deleted, strongly_typed))
        || (format_changed && !format_contained(&to.types, to.format, from.format))
}

/// The verdict on a request body or property (`strongly_typed`: JSON media type), or `None`
/// when neither type nor format changed.
pub(super) fn request(base: &Shape<'_>, rev: &Shape<'_>, strongly_typed: bool) -> Option<Verdict> {
    let type_changed = !same_types(&base.types, &rev.types);
    let format_changed = base.format != rev.format;
    if !type_changed && !format_changed {
        return None;
    }
    let widened = type_changed && subset(&base.types, &rev.types);
    let counted = type_changed && !widened;
    // A type constraint removed accepts anything.
    let is_breaking =
        !(counted && rev.types.is_empty()) && breaking(base, rev, counted, format_changed, strongly_typed);
    Some(if is_breaking {
        Verdict::Changed
    } else if type_changed && !base.types.is_empty() && !rev.types.is_empty() && !widened {
        Verdict::Compatible
    } else {
        Verdict::Generalized
    })
}

/// The verdict on a response body, property or header (headers are not strongly typed).
pub(super) fn response(base: &Shape<'_>, rev: &Shape<'_>, strongly_typed: bool) -> Option<Verdict> {
    let type_changed = !same_types(&base.types, &rev.types);
    let format_changed = base.format != rev.format;
    if !type_changed && !format_changed {
        return None;
    }
    let narrowed = type_changed && subset(&rev.types, &base.types);
    let counted = type_changed && !narrowed;
    // Judged in reverse: would the old response accept what the new one returns?
    let is_breaking =
        !(counted && base.types.is_empty()) && breaking(rev, base, counted, format_changed, strongly_typed);
    Some(if is_breaking {
        if type_changed && subset(&base.types, &rev.types) { Verdict::Generalized } else { Verdict::Changed }
    } else if type_changed && !base.types.is_empty() && !rev.types.is_empty() && !narrowed {
        Verdict::Compatible
    } else {
        Verdict::Specialized
    })
}

/// The verdict on a parameter's own value (a string on the wire): changed or generalized.
pub(super) fn parameter(base: &Shape<'_>, rev: &Shape<'_>) -> Option<Verdict> {
    let type_changed = !same_types(&base.types, &rev.types);
    let format_changed = base.format != rev.format;
    if !type_changed && !format_changed {
        return None;
    }
    Some(if breaking(base, rev, type_changed, format_changed, false) { Verdict::Changed } else { Verdict::Generalized })
}

/// The verdict on a property of an object parameter, whose serialization is unknown: both
/// readings breaking is specialized (an error), only one is changed (a warning), none
/// generalized.
pub(super) fn parameter_property(base: &Shape<'_>, rev: &Shape<'_>) -> Option<Verdict> {
    let type_changed = !same_types(&base.types, &rev.types);
    let format_changed = base.format != rev.format;
    if !type_changed && !format_changed {
        return None;
    }
    let strong = breaking(base, rev, type_changed, format_changed, true);
    let loose = breaking(base, rev, type_changed, format_changed, false);
    Some(match (strong, loose) {
        (true, true) => Verdict::Specialized,
        (false, false) => Verdict::Generalized,
        _ => Verdict::Changed,
    })
}

/// What a type change changed, as oasdiff names it: `type`, `format` or `type/format`.
pub(super) fn dimension(types_changed: bool, format_changed: bool) -> &'static str {
    match (types_changed, format_changed) {
        (true, true) => "type/format",
        (true, false) => "type",
        _ => "format",
    }
}

/// One side of a type change, as oasdiff renders it for `dimension`: the types (an array's
/// items inline, `array<integer>`; `any` without a type), the format (`none` without one),
/// or both (`string/date-time`).
pub(super) fn render(spec: &Spec, node: &Node<'_>, dimension: &str) -> String {
    let format = node.1.get("format").and_then(Value::as_str).filter(|f| !f.is_empty());
    match dimension {
        "format" => format.unwrap_or("none").to_owned(),
        "type" => type_string(spec, node, 0),
        _ => type_format(spec, node, 0),
    }
}

/// Items nested deeper than this are rendered `array<…>` (a recursive schema ends).
const RENDER_DEPTH: usize = 8;

fn type_string(spec: &Spec, node: &Node<'_>, depth: usize) -> String {
    let parts: Vec<String> = super::facets::type_names(node.1)
        .into_iter()
        .map(|t| match (t, member(spec, node, "items")) {
            ("array", Some(_)) if depth >= RENDER_DEPTH => "array<…>".to_owned(),
            ("array", Some(items)) => format!("array<{}>", type_format(spec, &items, depth + 1)),
            (t, _) => t.to_owned(),
        })
        .collect();
    if parts.is_empty() { "any".to_owned() } else { parts.join(", ") }
}

fn type_format(spec: &Spec, node: &Node<'_>, depth: usize) -> String {
    let types = type_string(spec, node, depth);
    match node.1.get("format").and_then(Value::as_str).filter(|f| !f.is_empty()) {
        None => types,
        Some(format) if types == "any" => format.to_owned(),
        Some(format) => format!("{types}/{format}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape<'a>(types: &[&'a str], format: &'a str) -> Shape<'a> {
        Shape { types: types.to_vec(), format }
    }

    #[test]
    fn requests_break_when_narrowed() {
        let v = |b, r, strong| request(&b, &r, strong);
        assert_eq!(v(shape(&["integer"], ""), shape(&["number"], ""), true), Some(Verdict::Generalized));
        assert_eq!(v(shape(&["number"], ""), shape(&["integer"], ""), true), Some(Verdict::Changed));
        assert_eq!(v(shape(&["integer"], ""), shape(&["string"], ""), true), Some(Verdict::Changed));
        assert_eq!(v(shape(&["integer"], ""), shape(&["string"], ""), false), Some(Verdict::Compatible));
        assert_eq!(v(shape(&["string"], "date"), shape(&["string"], "date-time"), true), Some(Verdict::Generalized));
        assert_eq!(v(shape(&["string"], ""), shape(&["string"], "uuid"), true), Some(Verdict::Changed));
        assert_eq!(v(shape(&["string"], "uuid"), shape(&["string"], ""), true), Some(Verdict::Generalized));
        assert_eq!(v(shape(&["string"], ""), shape(&[], ""), true), Some(Verdict::Generalized));
        assert_eq!(v(shape(&["string"], ""), shape(&["string"], ""), true), None);
    }

    #[test]
    fn responses_break_when_widened() {
        let v = |b, r| response(&b, &r, true);
        assert_eq!(v(shape(&["integer"], ""), shape(&["number"], "")), Some(Verdict::Generalized));
        assert_eq!(v(shape(&["number"], ""), shape(&["integer"], "")), Some(Verdict::Specialized));
        assert_eq!(v(shape(&["string"], ""), shape(&["integer"], "")), Some(Verdict::Changed));
        assert_eq!(v(shape(&["string"], ""), shape(&["string"], "uuid")), Some(Verdict::Specialized));
    }

    #[test]
    fn parameters() {
        assert_eq!(parameter(&shape(&["integer"], ""), &shape(&["string"], "")), Some(Verdict::Generalized));
        assert_eq!(parameter(&shape(&["string"], ""), &shape(&["integer"], "")), Some(Verdict::Changed));
        assert_eq!(parameter_property(&shape(&["string"], ""), &shape(&["number"], "")), Some(Verdict::Specialized));
        assert_eq!(parameter_property(&shape(&["number"], ""), &shape(&["string"], "")), Some(Verdict::Changed));
    }
}
