//! Processing instructions and the XML declaration (XML 1.0 fifth edition, productions 16,
//! 17, 23-26 and 32): the declaration comes first or not at all, names its `version` first,
//! then an optional `encoding` and `standalone`, in that order and nothing else; a target
//! `xml` in any case is reserved everywhere else.

/// Checks one processing instruction token (`<?target ...?>`); `first` says whether it is the
/// document's first token.
pub(super) fn check_instruction(token: &[u8], first: bool) -> Result<(), String> {
    let body = token.strip_prefix(b"<?").and_then(|t| t.strip_suffix(b"?>")).unwrap_or(token);
    let target_len = body.iter().position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')).unwrap_or(body.len());
    let (target, rest) = body.split_at(target_len);
    if target.is_empty() {
        return Err("a processing instruction needs a target name right after `<?`".to_owned());
    }
    if !super::names::is_name(&String::from_utf8_lossy(target)) {
        return Err(format!("`{}` is not a name: a processing instruction's target must be one", shown(target)));
    }
    if target.contains(&b':') {
        return Err(format!(
            "`{}`: a processing instruction's target has no colon (Namespaces in XML 1.0)",
            shown(target)
        ));
    }
    if !target.eq_ignore_ascii_case(b"xml") {
        return Ok(());
    }
    if target != b"xml" || !first {
        return Err(
            "the XML declaration `<?xml ...?>` may only open the document (nothing before it, not even white space), and the target `xml` is reserved"
                .to_owned(),
        );
    }
    check_declaration(rest)
}

/// Whether a checked XML declaration says `standalone="yes"`.
pub(super) fn is_standalone(token: &[u8]) -> bool {
    let Some(at) = memchr::memmem::find(token, b"standalone") else { return false };
    let rest = token[at + 10..].trim_ascii_start().strip_prefix(b"=").unwrap_or_default().trim_ascii_start();
    rest.get(1..4) == Some(b"yes")
}

/// The pseudo-attributes of an XML declaration, after `<?xml`.
fn check_declaration(mut rest: &[u8]) -> Result<(), String> {
    let mut seen: Vec<&[u8]> = Vec::new();
    loop {
        let trimmed = rest.trim_ascii_start();
        if trimmed.is_empty() {
            break;
        }
        if trimmed.len() == rest.len() {
            return Err("the XML declaration needs white space between its pseudo-attributes".to_owned());
        }
        let name_len = trimmed.iter().position(|&b| !b.is_ascii_alphabetic()).unwrap_or(trimmed.len());
        let (name, after) = trimmed.split_at(name_len);
        let after = after.trim_ascii_start();
        let Some(after) = after.strip_prefix(b"=") else {
            return Err(format!("the XML declaration has `{}` where `name=\"value\"` belongs", shown(trimmed)));
        };
        let after = after.trim_ascii_start();
        let quote = *after
            .first()
            .filter(|q| matches!(q, b'"' | b'\''))
            .ok_or("a value in the XML declaration must be quoted")?;
        let end = memchr::memchr(quote, &after[1..]).ok_or("a value in the XML declaration is not closed")?;
        let value = &after[1..=end];
        rest = &after[end + 2..];
        let expected: &[&[u8]] = match seen.as_slice() {
            [] => &[b"version"],
            [b"version"] => &[b"encoding", b"standalone"],
            [_, b"encoding"] => &[b"standalone"],
            _ => &[],
        };
        if !expected.contains(&name) {
            return Err(if seen.is_empty() {
                "the XML declaration must name its `version` first (`<?xml version=\"1.0\"?>`)".to_owned()
            } else {
                format!(
                    "`{}` is not allowed here in the XML declaration: after `version` come `encoding`, then `standalone`, each at most once",
                    shown(name)
                )
            });
        }
        let valid = match name {
            b"version" => value.len() > 2 && value.starts_with(b"1.") && value[2..].iter().all(u8::is_ascii_digit),
            b"encoding" => {
                value.first().is_some_and(u8::is_ascii_alphabetic)
                    && value.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            _ => matches!(value, b"yes" | b"no"),
        };
        if !valid {
            return Err(format!("`{}=\"{}\"` is not a valid value in the XML declaration", shown(name), shown(value)));
        }
        seen.push(name);
    }
    if seen.is_empty() {
        return Err("the XML declaration must name its `version` (`<?xml version=\"1.0\"?>`)".to_owned());
    }
    Ok(())
}

/// Up to 40 characters of `bytes`, for a message.
fn shown(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::check_instruction;

    #[test]
    fn well_formed_declarations_and_instructions_pass() {
        for ok in [
            &b"<?xml version=\"1.0\"?>"[..],
            b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>",
            b"<?xml version=\"1.0\" standalone=\"no\"?>",
            b"<?xml-stylesheet href=\"a.xsl\"?>",
            b"<?pi?>",
        ] {
            assert_eq!(check_instruction(ok, true), Ok(()), "{}", String::from_utf8_lossy(ok));
        }
        assert_eq!(check_instruction(b"<?xml-stylesheet href=\"a.xsl\"?>", false), Ok(()));
    }

    #[test]
    fn malformed_declarations_are_refused() {
        for bad in [
            &b"<?xml encoding=\"UTF-8\"?>"[..],
            b"<?xml?>",
            b"<?xml version=\"1.0\"aaa?>",
            b"<?xml version=\"/\"?>",
            b"<?xml version=\"1.0\" standalone=\"maybe\"?>",
            b"<?xml standalone=\"yes\" version=\"1.0\"?>",
            b"<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?>",
            b"<?xml version=1.0?>",
            b"<?XML version=\"1.0\"?>",
            b"<? x?>",
        ] {
            assert!(check_instruction(bad, true).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert!(check_instruction(b"<?xml version=\"1.0\"?>", false).is_err());
        assert!(check_instruction(b"<?xMl data?>", false).is_err());
    }
}
