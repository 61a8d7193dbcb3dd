//! Whether a change of `conform diff` is the one an oasdiff test asserts.

use std::path::Path;

use conform_diff::{Change, Side, Spec};

use super::asserts::{Loc, Pos, Want};

/// Both versions of a replayed pair.
pub struct Sides<'a> {
    base: &'a Spec,
    revision: &'a Spec,
}

/// Where a change is located: file name, line, column, end line, end column.
type Located = (String, u32, u32, u32, u32);

impl<'a> Sides<'a> {
    pub fn new(base: &'a Spec, revision: &'a Spec) -> Self {
        Self { base, revision }
    }

    fn root_name(spec: &Spec) -> String {
        file_name(&spec.files[0].name)
    }

    fn located(&self, change: &Change) -> Option<Located> {
        let spec = if change.side == Side::Base { self.base } else { self.revision };
        let file = &spec.files[change.at.file];
        let (_, l) = file.locate(&change.at.pointer)?;
        Some((file_name(&file.name), l.start.line, l.start.column, l.end.line, l.end.column))
    }

    /// A change satisfying `want`, or why none does (the nearest candidates' differences).
    pub fn find<'c>(&self, want: &Want, changes: &'c [Change]) -> Result<&'c Change, String> {
        let candidates: Vec<&Change> =
            changes.iter().filter(|c| want.id.as_deref().is_none_or(|id| c.id == id)).collect();
        if candidates.is_empty() {
            let ours: Vec<&str> = changes.iter().map(|c| c.id).collect();
            return Err(format!("expected {}, got {ours:?}", want.id.as_deref().unwrap_or("a change")));
        }
        let mut why = Vec::new();
        for change in candidates {
            match self.differences(want, change) {
                None => return Ok(change),
                Some(difference) => why.push(format!("{}: {difference}", change.id)),
            }
        }
        why.truncate(3);
        Err(why.join("; "))
    }

    /// How `change` differs from `want` (the first difference), or `None`.
    fn differences(&self, want: &Want, change: &Change) -> Option<String> {
        if let Some(level) = want.level
            && change.level != level
        {
            return Some(format!("level {:?}, expected {level:?}", change.level));
        }
        if let Some(in_operation) = want.in_operation
            && change.operation.is_some() != in_operation
        {
            return Some(format!(
                "operation {:?}, expected a change in an operation: {in_operation}",
                change.operation
            ));
        }
        let (method, path) = match change.operation.as_deref().and_then(|op| op.split_once(' ')) {
            Some((method, path)) => (Some(method), Some(path)),
            None => (None, None),
        };
        if let Some(expected) = &want.method
            && method != Some(expected.as_str())
        {
            return Some(format!("method {method:?}, expected {expected}"));
        }
        if let Some(expected) = &want.path
            && path != Some(expected.as_str())
        {
            return Some(format!("path {path:?}, expected {expected}"));
        }
        let text = match &change.operation {
            Some(op) => change.message.strip_prefix(&format!("{op}: ")).unwrap_or(&change.message),
            None => &change.message,
        };
        if let Some(expected) = &want.text
            && let Err(difference) = same_text(change.id, expected, text)
        {
            return Some(difference);
        }
        for part in &want.contains {
            if let Err(difference) = contains(change.id, text, part) {
                return Some(difference);
            }
        }
        let located = self.located(change);
        if let Some(file) = &want.operation_file {
            // oasdiff's `Source` is the file of the operation: the base's only when the
            // operation is gone, and then the change is located in the base.
            let (base, revision) = (Self::root_name(self.base), Self::root_name(self.revision));
            if *file == base && base != revision && change.side != Side::Base {
                return Some(format!("located in the revision, but oasdiff names the base's operation ({file})"));
            }
            if *file != base && *file != revision {
                return Some(format!("oasdiff's operation file {file} is neither side"));
            }
        }
        let (mine, other, side) = match change.side {
            Side::Base => (&want.base, &want.revision, "base"),
            Side::Revision => (&want.revision, &want.base, "revision"),
        };
        match mine {
            Loc::Nowhere => return Some(format!("located in the {side}, where oasdiff locates nothing")),
            Loc::At(pos) => {
                if let Some(difference) = same_pos(pos, located.as_ref()) {
                    return Some(format!("in the {side}: {difference}"));
                }
            }
            // oasdiff locates the change only in the other version: so must conform.
            Loc::Unsaid if matches!(other, Loc::At(_)) => {
                return Some(format!("located in the {side}, oasdiff locates it only in the other version"));
            }
            Loc::Unsaid => {}
        }
        None
    }
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

fn same_pos(pos: &Pos, located: Option<&Located>) -> Option<String> {
    let Some((file, line, column, end_line, end_column)) = located else {
        return Some("conform has no position".to_owned());
    };
    let at = format!("{file}:{line}:{column}-{end_line}:{end_column}");
    let differs = pos.file.as_ref().is_some_and(|f| f != file)
        || pos.line.is_some_and(|l| l != *line)
        || pos.column.is_some_and(|c| c != *column)
        || pos.end.is_some_and(|end| end != (*end_line, *end_column));
    differs.then(|| format!("conform at {at}, oasdiff at {pos:?}"))
}

/// The segments of `text` between backticks.
fn quoted(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// Whether `text` is `template` filled in as `conform diff` fills oasdiff's templates
/// (each `%s` slot a backticked argument).
fn shaped(template: &str, text: &str) -> bool {
    let mut pattern = String::from("^");
    let mut rest = template;
    while let Some(at) = rest.find('%') {
        pattern.push_str(&regex::escape(&rest[..at]));
        let inside_backticks = rest[..at].ends_with('`');
        pattern.push_str(if inside_backticks { "[^`]*" } else { "`[^`]*`" });
        rest = rest.get(at + 2..).unwrap_or("");
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(text))
}

/// Whether conform's `text` names `part` (a quoted part of oasdiff's message): quoted or
/// not (`type/format changed from `integer`/`int32``), a number by its value (`15.00`
/// is `15`).
fn names(text: &str, part: &str) -> bool {
    // oasdiff writes a subschema that is itself the property with an empty property name
    // after it (`anyOf[subschema #3: Rabbit]/`).
    let part = part.strip_suffix("]/").map_or(part, |p| &part[..=p.len()]);
    if text.contains(&format!("`{part}`")) {
        return true;
    }
    if let Ok(number) = part.parse::<f64>()
        && quoted(text).iter().any(|q| q.parse::<f64>().is_ok_and(|n| (n - number).abs() < 1e-9))
    {
        return true;
    }
    let plain = text.replace('`', "");
    plain.match_indices(part).any(|(at, _)| {
        let before = plain[..at].chars().next_back();
        let after = plain[at + part.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

/// oasdiff's message `expected` against conform's `text`: equal when conform uses oasdiff's
/// template for the id; otherwise (conform's own wording, docs/diff.md difference 1) every
/// quoted part of oasdiff's (the property, parameter, status, value named) is in conform's.
fn same_text(id: &str, expected: &str, text: &str) -> Result<(), String> {
    if expected == text {
        return Ok(());
    }
    let template = conform_diff::rules::rule(id).map_or("", |r| r.message);
    if shaped(template, text) {
        return Err(format!("message {text:?}, oasdiff's {expected:?}"));
    }
    for part in quoted(expected) {
        if !names(text, part) {
            return Err(format!("message {text:?} does not name `{part}` (oasdiff's {expected:?})"));
        }
    }
    Ok(())
}

/// `require.Contains(message, part)`, and the quoted arguments of `Args`.
fn contains(id: &str, text: &str, part: &str) -> Result<(), String> {
    if text.contains(part) {
        return Ok(());
    }
    let template = conform_diff::rules::rule(id).map_or("", |r| r.message);
    if shaped(template, text) {
        return Err(format!("message {text:?} does not contain {part:?}"));
    }
    // conform's own wording: only the quoted parts carry meaning to compare; a part of
    // oasdiff's wording without any (`media type:`) has nothing to compare.
    let parts = quoted(part);
    match parts.iter().find(|p| !names(text, p)) {
        Some(p) => Err(format!("message {text:?} does not name `{p}`")),
        None => Ok(()),
    }
}
