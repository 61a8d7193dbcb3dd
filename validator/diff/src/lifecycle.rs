//! Lifecycle of operations and parameters: deprecation, `x-sunset` dates and
//! `x-stability-level`, judged as oasdiff does; with a sunset policy ([`crate::Policy`]) a
//! deprecation needs a sunset at least its days of notice ahead.

use serde_json::Value;

use crate::Date;
use crate::changes::{Cx, Side};
use crate::operations::{Node, child_at, field};

/// Alpha and draft endpoints may go without notice.
pub(crate) fn skipped_stability(op: &Value) -> bool {
    matches!(op.get("x-stability-level").and_then(Value::as_str), Some("alpha" | "draft"))
}

/// An operation's `x-stability-level` as a rank (draft 1 … stable 4; stable when absent), or
/// why it is not one.
pub(crate) fn stability(op: &Value) -> Result<u8, String> {
    match op.get("x-stability-level") {
        None | Some(Value::Null) => Ok(4),
        Some(Value::String(level)) => match level.as_str() {
            "draft" => Ok(1),
            "alpha" => Ok(2),
            "beta" => Ok(3),
            "stable" => Ok(4),
            other => Err(format!("value is not one of draft, alpha, beta or stable: \"{other}\"")),
        },
        Some(_) => Err("x-stability-level isn't a string nor valid json".to_owned()),
    }
}

const STABILITY: [&str; 5] = ["", "draft", "alpha", "beta", "stable"];

/// Reports an unreadable `x-stability-level` of an operation on `side`.
pub(crate) fn invalid_stability(cx: &mut Cx<'_>, side: Side, label: &str, op: &Node<'_>) {
    if let Err(err) = stability(op.1) {
        cx.emit("api-invalid-stability-level", side, &child_at(&op.0, "x-stability-level"), Some(label), &[&err]);
    }
}

/// A change of an operation's stability level that was beta or stable.
pub(crate) fn stability_change(cx: &mut Cx<'_>, label: &str, (base, rev): (&Node<'_>, &Node<'_>)) {
    invalid_stability(cx, Side::Base, label, base);
    invalid_stability(cx, Side::Revision, label, rev);
    let (Ok(from), Ok(to)) = (stability(base.1), stability(rev.1)) else { return };
    if from == to || from < 3 {
        return;
    }
    let id = if to < from { "api-stability-decreased" } else { "api-stability-increased" };
    let at =
        if rev.1.get("x-stability-level").is_some() { child_at(&rev.0, "x-stability-level") } else { rev.0.clone() };
    let (from, to) = (format!("`{}`", STABILITY[usize::from(from)]), format!("`{}`", STABILITY[usize::from(to)]));
    cx.emit(id, Side::Revision, &at, Some(label), &[&from, &to]);
}

pub(crate) fn deprecated(value: &Value) -> bool {
    value.get("deprecated").and_then(Value::as_bool) == Some(true)
}

/// The sunset of a deprecated element: `None` without `x-sunset`, `Some(Err)` when unreadable.
pub(crate) fn sunset(value: &Value) -> Option<Result<Date, String>> {
    let sunset = value.get("x-sunset")?;
    Some(match sunset {
        Value::String(text) => Date::parse(text),
        _ => Err("sunset value isn't a string nor valid json".to_owned()),
    })
}

/// The check ids of one element's deprecation: reactivated, deprecated, deprecated with a
/// sunset, unreadable sunset, sunset already past.
pub(crate) struct DeprecationIds {
    reactivated: &'static str,
    deprecated: &'static str,
    with_sunset: &'static str,
    sunset_missing: &'static str,
    sunset_parse: &'static str,
    too_small: &'static str,
}

pub(crate) const ENDPOINT_DEPRECATION: DeprecationIds = DeprecationIds {
    reactivated: "endpoint-reactivated",
    deprecated: "endpoint-deprecated",
    with_sunset: "endpoint-deprecated-with-sunset",
    sunset_missing: "api-deprecated-sunset-missing",
    sunset_parse: "api-deprecated-sunset-parse",
    too_small: "api-sunset-date-too-small",
};

pub(crate) const PARAMETER_DEPRECATION: DeprecationIds = DeprecationIds {
    reactivated: "request-parameter-reactivated",
    deprecated: "request-parameter-deprecated",
    with_sunset: "request-parameter-deprecated",
    sunset_missing: "request-parameter-deprecated-sunset-missing",
    sunset_parse: "request-parameter-sunset-parse",
    too_small: "request-parameter-sunset-date-too-small",
};

/// The check ids of a sunset change on an element deprecated in both versions: sunset
/// removed, unreadable sunset, sunset moved earlier to a past date.
pub(crate) struct SunsetIds {
    deleted: &'static str,
    parse: &'static str,
    earlier: &'static str,
}

pub(crate) const ENDPOINT_SUNSET: SunsetIds = SunsetIds {
    deleted: "sunset-deleted",
    parse: "api-path-sunset-parse",
    earlier: "api-sunset-date-changed-too-small",
};

pub(crate) const PARAMETER_SUNSET: SunsetIds = SunsetIds {
    deleted: "request-parameter-sunset-deleted",
    parse: "request-parameter-sunset-parse",
    earlier: "request-parameter-sunset-date-changed-too-small",
};

/// A change of `x-sunset` on an element that stays deprecated.
pub(crate) fn sunset_change(
    cx: &mut Cx<'_>,
    ids: &SunsetIds,
    label: &str,
    (base, rev): (&Node<'_>, &Node<'_>),
    args: &[&str],
) {
    if !deprecated(rev.1) {
        return;
    }
    let (old, new) = (base.1.get("x-sunset"), rev.1.get("x-sunset"));
    let at = if new.is_some() { child_at(&rev.0, "x-sunset") } else { rev.0.clone() };
    let (Some(old), Some(new)) = (old, new) else {
        if old.is_some() {
            // What was deleted is located in the base, as oasdiff locates it.
            cx.emit(ids.deleted, Side::Base, &child_at(&base.0, "x-sunset"), Some(label), args);
        }
        return;
    };
    if old == new {
        return;
    }
    let (Some(new_date), Some(old_date)) = (sunset(rev.1), sunset(base.1)) else { return };
    match (new_date, old_date) {
        // Located where the unreadable date is, as oasdiff locates it.
        (Err(err), _) => {
            let mut with = args.to_vec();
            with.push(&err);
            cx.emit(ids.parse, Side::Revision, &at, Some(label), &with);
        }
        (_, Err(err)) => {
            let mut with = args.to_vec();
            with.push(&err);
            cx.emit(ids.parse, Side::Base, &child_at(&base.0, "x-sunset"), Some(label), &with);
        }
        (Ok(new_date), Ok(old_date)) if old_date > new_date && new_date < cx.earliest_sunset() => {
            let (from, to) = (format!("`{old_date}`"), format!("`{new_date}`"));
            let days = cx.policy.notice_days().to_string();
            let mut with = args.to_vec();
            with.extend([from.as_str(), to.as_str(), from.as_str(), days.as_str()]);
            cx.emit(ids.earlier, Side::Revision, &at, Some(label), &with);
        }
        _ => {}
    }
}

/// oasdiff's details of a deprecation: the sunset (when given) and the stability level of
/// the operation (when it declares one), e.g. `(sunset: 2027-01-01, stability: beta)`.
fn details(sunset: Option<Date>, op: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(date) = sunset {
        parts.push(format!("sunset: {date}"));
    }
    if let (Some(level), Ok(_)) = (op.get("x-stability-level").and_then(Value::as_str), stability(op)) {
        parts.push(format!("stability: {level}"));
    }
    if parts.is_empty() { String::new() } else { format!("({})", parts.join(", ")) }
}

/// A change of `deprecated` (located at the revision's field) of an element of the
/// operation `op` (the revision's): a sunset must be readable and not past; with a sunset
/// policy, present and at least its days of notice ahead.
pub(crate) fn deprecation(
    cx: &mut Cx<'_>,
    ids: &DeprecationIds,
    label: &str,
    (base, rev): (&Node<'_>, &Node<'_>),
    op: &Value,
    args: &[&str],
) {
    let (was, is) = (deprecated(base.1), deprecated(rev.1));
    if was == is {
        return;
    }
    let at = if rev.1.get("deprecated").is_some() { child_at(&rev.0, "deprecated") } else { rev.0.clone() };
    if !is {
        // Reactivated by deleting `deprecated`: located at the base's, as oasdiff locates it.
        let (side, at) = field(base, rev, "deprecated");
        cx.emit_detailed(ids.reactivated, side, &at, Some(label), args, &details(None, op));
        return;
    }
    match sunset(rev.1) {
        None if cx.policy.sunset_days.is_some() => cx.emit(ids.sunset_missing, Side::Revision, &at, Some(label), args),
        None => cx.emit_detailed(ids.deprecated, Side::Revision, &at, Some(label), args, &details(None, op)),
        Some(Err(err)) => {
            let mut with = args.to_vec();
            with.push(&err);
            cx.emit(ids.sunset_parse, Side::Revision, &at, Some(label), &with);
        }
        Some(Ok(date)) => {
            let too_small = date < cx.earliest_sunset();
            // oasdiff names the sunset in the details of a parameter's deprecation only (an
            // endpoint's message names it already).
            let detail = match (too_small, args.is_empty()) {
                (true, _) => String::new(),
                (false, true) => details(None, op),
                (false, false) => details(Some(date), op),
            };
            let id = if too_small { ids.too_small } else { ids.with_sunset };
            let (date, days) = (format!("`{date}`"), cx.policy.notice_days().to_string());
            let mut with = args.to_vec();
            with.push(&date);
            with.push(&days);
            cx.emit_detailed(id, Side::Revision, &at, Some(label), &with, &detail);
        }
    }
}
