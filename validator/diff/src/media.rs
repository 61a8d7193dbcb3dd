//! Media type names: oasdiff pairs a media type that disappeared with a related one that
//! appeared (`application/json` and `application/problem+json`, or the same type with other
//! parameters), compares them as one, and reports the change of name in responses
//! (`response-media-type-name-*`).

use std::collections::BTreeMap;

/// A media type name read as Go's `mime.ParseMediaType` reads it, split as oasdiff splits
/// it: `type/subtype+suffix; parameters`.
#[derive(Debug, PartialEq, Eq)]
struct Name {
    kind: String,
    subtype: String,
    suffix: String,
    parameters: BTreeMap<String, String>,
}

/// RFC 2045 token characters, as Go's `mime` package tests them.
fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?=".contains(&b))
}

/// Reads `name`; `None` when Go's parser or oasdiff refuses it (oasdiff then never pairs it).
fn parse(name: &str) -> Option<Name> {
    let (base, params) = name.split_once(';').unwrap_or((name, ""));
    let base = base.trim().to_ascii_lowercase();
    let (kind, subtype) = base.split_once('/')?;
    if !is_token(kind) || !is_token(subtype) {
        return None;
    }
    let parameters = parameters(params)?;
    let mut parts = subtype.split('+');
    let sub = parts.next().unwrap_or_default().trim().to_owned();
    let suffix = match (parts.next(), parts.next()) {
        (None, _) => String::new(),
        (Some(suffix), None) if !suffix.trim().is_empty() => suffix.trim().to_owned(),
        _ => return None,
    };
    Some(Name { kind: kind.trim().to_owned(), subtype: sub, suffix, parameters })
}

/// `; key=value; key="quoted"`: keys lower-cased; `None` for a malformed or repeated one.
fn parameters(mut rest: &str) -> Option<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c == ';' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return Some(map);
        }
        let (key, after) = rest.split_once('=')?;
        let key = key.trim();
        if !is_token(key) {
            return None;
        }
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next()? {
                    (i, '"') => break i + 1,
                    (_, '\\') => value.push(chars.next()?.1),
                    (_, c) => value.push(c),
                }
            };
            (value, &quoted[end..])
        } else {
            let end = after.find(|c: char| c == ';' || c.is_ascii_whitespace()).unwrap_or(after.len());
            if !is_token(&after[..end]) {
                return None;
            }
            (after[..end].to_owned(), &after[end..])
        };
        let next = next.trim_start();
        if !(next.is_empty() || next.starts_with(';')) {
            return None;
        }
        if map.insert(key.to_ascii_lowercase(), value).is_some() {
            return None;
        }
        rest = next;
    }
}

/// Whether `new` is `old` or a specialization of it (oasdiff's `IsMediaTypeNameContained`):
/// the same type, and the same subtype and suffix, or `old` without a suffix and `new`
/// with `old`'s subtype as its suffix (`application/json` contains
/// `application/problem+json`). Parameters do not count.
#[must_use]
pub(crate) fn contains(old: &str, new: &str) -> bool {
    let (Some(old), Some(new)) = (parse(old), parse(new)) else { return false };
    if old.kind != new.kind {
        return false;
    }
    if old.suffix.is_empty() && !new.suffix.is_empty() && new.suffix == old.subtype {
        return true;
    }
    old.subtype == new.subtype && old.suffix == new.suffix
}

/// How a response's media type name changed, as oasdiff's check names it.
#[must_use]
pub(crate) fn name_change(old: &str, new: &str) -> &'static str {
    let parameters = |name: &str| parse(name).map(|n| n.parameters);
    if parameters(old) != parameters(new) {
        "response-media-type-name-changed"
    } else if contains(old, new) {
        "response-media-type-name-specialized"
    } else {
        "response-media-type-name-generalized"
    }
}

/// Two `content` maps matched as oasdiff matches them: by equal names first, then each
/// name only in `new` (in its order) with the first name only in `old` that contains it
/// or that it contains.
pub(crate) struct Matched<T> {
    /// (old, new) pairs, equal names first.
    pub pairs: Vec<(T, T)>,
    /// In `old` only.
    pub removed: Vec<T>,
    /// In `new` only.
    pub added: Vec<T>,
}

/// Whether two names are the same media type up to their parameters (and letter case).
#[must_use]
pub(crate) fn same_essence(a: &str, b: &str) -> bool {
    let essence = |name: &str| parse(name).map(|n| (n.kind, n.subtype, n.suffix));
    matches!((essence(a), essence(b)), (Some(a), Some(b)) if a == b)
}

/// Matches the named items of two `content` maps (see [`Matched`]).
pub(crate) fn pair<T: Copy>(old: &[(&str, T)], new: &[(&str, T)]) -> Matched<T> {
    pair_by(old, new, |a, b| contains(a, b) || contains(b, a))
}

/// [`pair`] with another relation for the names that differ.
pub(crate) fn pair_by<T: Copy>(old: &[(&str, T)], new: &[(&str, T)], related: fn(&str, &str) -> bool) -> Matched<T> {
    let mut pairs = Vec::new();
    let mut removed: Vec<(&str, T)> = Vec::new();
    for &(name, item) in old {
        match new.iter().find(|(n, _)| *n == name) {
            Some(&(_, other)) => pairs.push((item, other)),
            None => removed.push((name, item)),
        }
    }
    let mut added = Vec::new();
    for &(name, item) in new.iter().filter(|(n, _)| !old.iter().any(|(o, _)| o == n)) {
        match removed.iter().position(|(o, _)| related(o, name)) {
            Some(i) => pairs.push((removed.remove(i).1, item)),
            None => added.push(item),
        }
    }
    Matched { pairs, removed: removed.into_iter().map(|(_, item)| item).collect(), added }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_as_go_does() {
        let name = parse("Application/Problem+JSON; Charset=\"utf-8\"; q=1").unwrap();
        assert_eq!(
            (name.kind.as_str(), name.subtype.as_str(), name.suffix.as_str()),
            ("application", "problem", "json")
        );
        assert_eq!(name.parameters.get("charset").map(String::as_str), Some("utf-8"));
        assert_eq!(name.parameters.get("q").map(String::as_str), Some("1"));
        for bad in
            ["json", "application/", "a/b+c+d", "a/b+", "a/b; charset", "a/b; x=1; x=2", "a b/c", "a/b; k=\"open"]
        {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert!(parse("*/*").is_some());
    }

    #[test]
    fn containment_follows_oasdiff() {
        assert!(contains("application/json", "application/problem+json"));
        assert!(contains("application/xml", "application/atom+xml"));
        assert!(contains("application/xml;q=0.9", "application/xml;q=0.8"));
        assert!(!contains("application/problem+json", "application/json"));
        assert!(!contains("application/json", "text/json"));
        assert!(!contains("application/json", "application/xml"));
        assert!(!contains("application/vnd.a+json", "application/vnd.b+json"));
        assert!(!contains("not a media type", "application/json"));
    }

    #[test]
    fn names_changes_as_oasdiff_does() {
        // oasdiff's TestChangeMediaTypeParameters, TestSpecializeMediaTypeName, TestGeneralizeMediaTypeName.
        assert_eq!(name_change("application/json", "application/problem+json;q=1"), "response-media-type-name-changed");
        assert_eq!(name_change("application/json", "application/problem+json"), "response-media-type-name-specialized");
        assert_eq!(name_change("application/problem+json", "application/json"), "response-media-type-name-generalized");
        assert_eq!(
            name_change("application/json", "application/json; charset=utf-8"),
            "response-media-type-name-changed"
        );
        assert_eq!(name_change("application/JSON", "application/json"), "response-media-type-name-specialized");
    }

    #[test]
    fn pairs_equal_names_then_related_ones() {
        let old = [("application/json", 1), ("application/xml", 2), ("text/plain", 3)];
        let new = [("application/xml", 20), ("application/problem+json", 10), ("text/csv", 30)];
        let matched = pair(&old, &new);
        assert_eq!(matched.pairs, [(2, 20), (1, 10)]);
        assert_eq!((matched.removed, matched.added), (vec![3], vec![30]));
        // One old name pairs with one new name only.
        let matched = pair(&[("application/json", 1)], &[("application/a+json", 10), ("application/b+json", 20)]);
        assert_eq!((matched.pairs, matched.added), (vec![(1, 10)], vec![20]));
        // Requests pair only names that differ in their parameters.
        let old = [("application/json; charset=utf-8", 1), ("application/json", 2)];
        let new = [("application/json", 10), ("application/merge-patch+json", 20)];
        let matched = pair_by(&old, &new, same_essence);
        assert_eq!((matched.pairs, matched.removed, matched.added), (vec![(2, 10)], vec![1], vec![20]));
        let matched = pair_by(&[("Application/JSON; charset=utf-8", 1)], &[("application/json", 10)], same_essence);
        assert_eq!(matched.pairs, [(1, 10)]);
    }
}
