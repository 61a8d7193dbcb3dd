//! Just enough of Go's syntax to read the assertions of oasdiff's checker tests: the calls
//! a test body makes (with their arguments split at top-level commas), string literals and
//! composite literals (`checker.ApiChange{Id: ..., Args: []any{...}}`).

/// One call of a test body: `require.Equal(t, a, b)` is `("require.Equal", ["t", "a", "b"])`.
#[derive(Debug, Clone)]
pub struct Call {
    /// The callee, as written (`require.Equal`, `requireSingleApiChange`).
    pub name: String,
    /// Its arguments, trimmed.
    pub args: Vec<String>,
    /// The variable the call's result is assigned to (`c := requireChange(...)`).
    pub bound: Option<String>,
}

/// The calls that start a statement of `body` whose callee satisfies `wanted`.
pub fn statements(body: &str, wanted: impl Fn(&str) -> bool) -> Vec<Call> {
    let mut out = Vec::new();
    let mut skip_until = 0;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if start < skip_until {
            continue;
        }
        let trimmed = line.trim_start();
        let (bound, rest) = match trimmed.split_once(" := ") {
            Some((var, rest)) if var.chars().all(|c| c.is_alphanumeric() || c == '_') => (Some(var.to_owned()), rest),
            _ => (None, trimmed),
        };
        let Some(open) = rest.find('(') else { continue };
        let name = &rest[..open];
        if !name.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '_') || !wanted(name) {
            continue;
        }
        let at = start + (line.len() - trimmed.len()) + (trimmed.len() - rest.len()) + open;
        let Some(close) = closing(body, at) else { continue };
        skip_until = close;
        out.push(Call { name: name.to_owned(), args: split(&body[at + 1..close]), bound });
    }
    out
}

/// The offset of the bracket closing the one at `open`.
fn closing(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'"' | b'`' => i = string_end(bytes, i)?,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the quote closing the string literal that starts at `i`.
fn string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        if bytes[j] == b'\\' && quote == b'"' {
            j += 2;
            continue;
        }
        if bytes[j] == quote {
            return Some(j);
        }
        j += 1;
    }
    None
}

/// `text` split at its top-level commas, each part trimmed (an empty last part dropped).
pub fn split(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let (mut parts, mut depth, mut from, mut i) = (Vec::new(), 0i32, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'"' | b'`' => i = string_end(bytes, i).unwrap_or(bytes.len()),
            b',' if depth == 0 => {
                parts.push(text[from..i].trim().to_owned());
                from = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let last = text[from.min(text.len())..].trim();
    if !last.is_empty() {
        parts.push(last.to_owned());
    }
    parts
}

/// The value of a Go string literal (`"a\"b"` or `` `raw` ``), if `text` is one.
pub fn string(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(raw) = text.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
        return Some(raw.to_owned());
    }
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            c @ ('"' | '\\' | '\'') => out.push(c),
            _ => return None,
        }
    }
    // A closing quote inside means the text is more than one literal.
    (!inner.replace("\\\"", "").contains('"')).then_some(out)
}

/// The fields of a composite literal `Type{Key: value, ...}`: `(type, [(key, value)])`.
pub fn composite(text: &str) -> Option<(String, Vec<(String, String)>)> {
    let text = text.trim();
    let open = text.find('{')?;
    let inner = text[open + 1..].strip_suffix('}')?;
    let fields = split(inner)
        .into_iter()
        .map(|f| match f.split_once(':') {
            Some((k, v)) if k.trim().chars().all(|c| c.is_alphanumeric() || c == '_') => {
                Some((k.trim().to_owned(), v.trim().to_owned()))
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some((text[..open].trim().to_owned(), fields))
}

/// The elements of a slice literal `[]T{a, b}`.
pub fn elements(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    let rest = text.strip_prefix("[]")?;
    let open = rest.find('{')?;
    Some(split(rest[open + 1..].strip_suffix('}')?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_statements_literals_and_composites() {
        let body = "\trequire.Equal(t, \"a, (b\", x(1, 2))\n\tc := requireChange(t, errs,\n\t\tchecker.XId)\n";
        let calls = statements(body, |n| n.starts_with("require"));
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].args, ["t", "\"a, (b\"", "x(1, 2)"]);
        assert_eq!(calls[1].bound.as_deref(), Some("c"));
        assert_eq!(string("\"say \\\"hi\\\"\"").as_deref(), Some("say \"hi\""));
        assert_eq!(string("\"a\" + \"b\""), None);
        let (ty, fields) =
            composite("checker.ApiChange{\n Id: checker.XId,\n Args: []any{\"q\", uint64(1)},\n}").unwrap();
        assert_eq!(ty, "checker.ApiChange");
        assert_eq!(fields[1].0, "Args");
        assert_eq!(elements(&fields[1].1).unwrap(), ["\"q\"", "uint64(1)"]);
    }
}
