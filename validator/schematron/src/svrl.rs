//! SVRL (Schematron Validation Report Language, ISO/IEC 19757-3 annex D) output, in the
//! shape the ISO skeleton writes, for tools that read it (KoSIT, ITB).

use std::fmt::Write as _;

use crate::report::{Event, OutcomeKind, Report};

/// The SVRL namespace.
pub const SVRL_NS: &str = "http://purl.oclc.org/dsdl/svrl";

/// Writes `report` as an SVRL document.
#[must_use]
pub fn to_svrl(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(out, "<svrl:schematron-output xmlns:svrl=\"{SVRL_NS}\"");
    if let Some(title) = &report.title {
        let _ = write!(out, " title=\"{}\"", escape(title));
    }
    if let Some(phase) = &report.phase {
        let _ = write!(out, " phase=\"{}\"", escape(phase));
    }
    out.push_str(">\n");
    for event in &report.events {
        match event {
            Event::ActivePattern { id } => {
                out.push_str("  <svrl:active-pattern");
                if let Some(id) = id {
                    let _ = write!(out, " id=\"{0}\" name=\"{0}\"", escape(id));
                }
                out.push_str("/>\n");
            }
            Event::FiredRule { id, context } => {
                let _ = write!(out, "  <svrl:fired-rule context=\"{}\"", escape(context));
                if let Some(id) = id {
                    let _ = write!(out, " id=\"{}\"", escape(id));
                }
                out.push_str("/>\n");
            }
            Event::Outcome(o) => {
                // An evaluation error has no SVRL element: it is written as a failed assert
                // with `flag="error"`, so SVRL readers never see a pass.
                let element =
                    if o.kind == OutcomeKind::SuccessfulReport { "successful-report" } else { "failed-assert" };
                let _ = write!(out, "  <svrl:{element} test=\"{}\"", escape(&o.test));
                if let Some(id) = &o.id {
                    let _ = write!(out, " id=\"{}\"", escape(id));
                }
                let flag = if o.kind == OutcomeKind::Error { Some("error") } else { o.flag.as_deref() };
                if let Some(flag) = flag {
                    let _ = write!(out, " flag=\"{}\"", escape(flag));
                }
                if let Some(role) = &o.role {
                    let _ = write!(out, " role=\"{}\"", escape(role));
                }
                let _ = writeln!(out, " location=\"{}\">", escape(&o.location));
                for (id, text) in &o.diagnostics {
                    let _ = writeln!(
                        out,
                        "    <svrl:diagnostic-reference diagnostic=\"{}\">{}</svrl:diagnostic-reference>",
                        escape(id),
                        escape(text)
                    );
                }
                for p in &o.properties {
                    let _ = writeln!(
                        out,
                        "    <svrl:property-reference property=\"{}\"><svrl:text>{}</svrl:text></svrl:property-reference>",
                        escape(&p.id),
                        escape(&p.text)
                    );
                }
                let _ = writeln!(out, "    <svrl:text>{}</svrl:text>\n  </svrl:{element}>", escape(&o.message));
            }
        }
    }
    out.push_str("</svrl:schematron-output>\n");
    out
}

/// Escapes text for an XML attribute or element; characters XML 1.0 forbids become U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
