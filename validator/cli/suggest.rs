//! "Did you mean": the known name closest to a misspelt one.

/// ` (did you mean `x`?)` for the name of `known` closest to `name`, when one is close
/// enough to be the intended one; empty otherwise.
pub fn did_you_mean<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> String {
    closest(name, known).map_or_else(String::new, |k| format!(" (did you mean `{k}`?)"))
}

/// The name of `known` closest to `name` (Jaro-Winkler above 0.8), if any.
pub fn closest<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    known
        .into_iter()
        .filter(|k| *k != name)
        .map(|k| (strsim::jaro_winkler(k, name), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Adds a "did you mean" to a serde message of the form ``unknown field `x`, expected one of
/// `a`, `b` `` (or `unknown variant`, or ``expected `a` or `b` ``), naming the expected
/// name closest to the unknown one.
pub fn serde_message(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `").or_else(|| message.strip_prefix("unknown variant `"))
    else {
        return message.to_owned();
    };
    let Some((name, expected)) = rest.split_once('`') else { return message.to_owned() };
    // The expected names are the backticked words after the unknown one.
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    format!("{message}{}", did_you_mean(name, candidates))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_expected_name() {
        assert_eq!(
            serde_message("unknown field `fial-on`, expected one of `catalog`, `fail-on`, `redact`"),
            "unknown field `fial-on`, expected one of `catalog`, `fail-on`, `redact` (did you mean `fail-on`?)"
        );
        assert_eq!(
            serde_message("unknown variant `warn`, expected one of `off`, `error`, `warning`, `info`"),
            "unknown variant `warn`, expected one of `off`, `error`, `warning`, `info` (did you mean `warning`?)"
        );
        assert_eq!(
            serde_message("unknown field `standard`, expected `glob` or `standards`"),
            "unknown field `standard`, expected `glob` or `standards` (did you mean `standards`?)"
        );
        assert_eq!(serde_message("unknown field `zzz`, expected `glob`"), "unknown field `zzz`, expected `glob`");
        assert_eq!(serde_message("invalid type: integer"), "invalid type: integer");
    }
}
