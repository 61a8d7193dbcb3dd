//! Redaction of the fields a standard marks as personal data (`personal` in
//! `standard.toml`): their values are masked wherever a finding quotes them, quoted or not.

use std::path::Path;

use conform_catalog::Catalog;
use conform_report::Report;
use conform_report::redact::{MASK, mask_value, span_text};

/// Masks, in the message of every finding about a field its standard marks as personal
/// data, the value the finding is about (read back from its input, or from `stdin`). A
/// value that cannot be read back masks the whole message: personal data never leaks
/// because a file changed under the run.
pub fn redact(report: &mut Report, catalog: &Catalog, stdin: Option<&[u8]>) {
    for diagnostic in &mut report.diagnostics {
        let (Some(id), Some(version)) = (&diagnostic.standard, &diagnostic.version) else { continue };
        let standard = catalog.standards.iter().find(|s| *s.id == **id && s.version.to_string() == **version);
        if !standard.is_some_and(|s| s.is_personal(&diagnostic.locator)) {
            continue;
        }
        let span = diagnostic.span;
        let raw = if &*diagnostic.file == "-" {
            stdin.and_then(|bytes| bytes.get(span.start..span.end)).map(|b| String::from_utf8_lossy(b).into_owned())
        } else {
            span_text(Path::new(&*diagnostic.file), span)
        };
        diagnostic.message = match raw {
            Some(raw) => mask_value(&diagnostic.message, &raw),
            None => format!("{MASK} (personal data)"),
        };
    }
}
