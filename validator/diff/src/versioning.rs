//! oasdiff's versioning policy: a breaking change needs a higher `info.version`, and a
//! higher major version (minor, before 1.0.0). By default judged only when both versions
//! are semver; under a standard's major-version policy ([`crate::Policy`]) a version that
//! is missing or not semver fails the policy too (it cannot show the bump).

use serde_json::Value;

use crate::changes::{Change, Cx, Side};
use crate::load::At;
use crate::rules::Level;

/// `v?MAJOR.MINOR.PATCH[-pre][+build]`.
fn semver(text: &str) -> Option<(u64, u64, u64)> {
    let text = text.strip_prefix('v').unwrap_or(text);
    let end = text.find(['-', '+']).unwrap_or(text.len());
    let (core, rest) = text.split_at(end);
    let valid_rest = rest.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'));
    let parts: Vec<&str> = core.split('.').collect();
    let [major, minor, patch] = parts.as_slice() else { return None };
    let number = |p: &str| -> Option<u64> {
        if p.is_empty() || (p.len() > 1 && p.starts_with('0')) || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    if !valid_rest || rest.len() == 1 {
        return None;
    }
    Some((number(major)?, number(minor)?, number(patch)?))
}

/// Adds the versioning finding when `changes` hold a breaking change and `info.version`
/// does not say so.
pub(crate) fn apply(cx: &mut Cx<'_>, changes: &[Change]) {
    if !changes.iter().any(|c| c.level == Level::Err) {
        return;
    }
    let version =
        |value: &Value| value.get("info").and_then(|i| i.get("version")).and_then(Value::as_str).map(str::to_owned);
    let (old, new) = (version(&cx.base.files[0].value), version(&cx.revision.files[0].value));
    let at = At { file: 0, pointer: "/info/version".to_owned() };
    let (Some(base), Some(revision)) = (old.as_deref().and_then(semver), new.as_deref().and_then(semver)) else {
        if cx.policy.major_version {
            let show = |v: Option<&str>| v.map_or_else(|| "no `info.version`".to_owned(), |v| format!("`{v}`"));
            let (old, new) = (show(old.as_deref()), show(new.as_deref()));
            let text = format!(
                "a breaking change was detected but the major version cannot be compared, from {old} to {new}: \
                 the policy needs semantic versions"
            );
            let at = if new.starts_with('`') { at } else { At { file: 0, pointer: String::new() } };
            cx.emit_text("api-major-version-not-bumped", Side::Revision, &at, None, text);
        }
        return;
    };
    let (Some(old), Some(new)) = (old, new) else { return };
    let (old_q, new_q) = (format!("`{old}`"), format!("`{new}`"));
    if old == new {
        cx.emit("api-version-not-bumped", Side::Revision, &at, None, &[&new_q]);
    } else if revision <= base {
        cx.emit("api-version-decreased", Side::Revision, &at, None, &[&old_q, &new_q]);
    } else if (base.0 == 0 && revision.0 == 0 && revision.1 <= base.1)
        || (!(base.0 == 0 && revision.0 == 0) && revision.0 <= base.0)
    {
        cx.emit("api-major-version-not-bumped", Side::Revision, &at, None, &[&old_q, &new_q]);
    }
}

#[cfg(test)]
mod tests {
    use super::semver;

    #[test]
    fn reads_semver() {
        assert_eq!(semver("1.2.3"), Some((1, 2, 3)));
        assert_eq!(semver("v2.0.0-rc.1+build.5"), Some((2, 0, 0)));
        assert_eq!(semver("1.2"), None);
        assert_eq!(semver("01.2.3"), None);
        assert_eq!(semver("1.2.3-"), None);
    }
}
