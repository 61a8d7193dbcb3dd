//! Selecting a standard by an XML input's content, as the KoSIT validator selects its
//! scenarios: the root element, and an identifier inside the document (UBL's
//! `cbc:CustomizationID`, CII's `ram:GuidelineSpecifiedDocumentContextParameter/ram:ID`).
//!
//! Fail closed: a document whose root or identifier cannot be read (not well-formed, the
//! identifier beyond the first [`MAX_EVENTS`] events) matches no scenario, and is then
//! passed over with its reason, never checked against a guess.

use std::fmt::{self, Write as _};

use conform_catalog::XmlScenario;
use conform_formats::xml::XmlEvent;

use crate::Input;

/// How many XML events the sniffer reads at most looking for an identifier.
pub const MAX_EVENTS: usize = 20_000;

/// An element name, `{namespace}local`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clark {
    namespace: Option<String>,
    local: String,
}

impl Clark {
    fn parse(text: &str) -> Result<Self, String> {
        let (namespace, local) = match text.strip_prefix('{') {
            Some(rest) => {
                let (ns, local) = rest.split_once('}').ok_or_else(|| format!("`{text}`: `{{` without `}}`"))?;
                (Some(ns.to_owned()), local)
            }
            None => (None, text),
        };
        if local.is_empty() || local.contains([':', '{', '}', '/', ' ']) {
            return Err(format!("`{text}` is not an element name `{{namespace}}local`"));
        }
        Ok(Self { namespace, local: local.to_owned() })
    }
}

impl fmt::Display for Clark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(&self.local),
        }
    }
}

/// One compiled scenario.
#[derive(Debug, Clone)]
struct Scenario {
    root: Clark,
    id_path: Vec<Clark>,
    id_values: Vec<String>,
}

/// The XML scenarios of one standard, compiled.
#[derive(Debug, Clone)]
pub struct ContentMatch {
    scenarios: Vec<Scenario>,
}

/// What the sniffer read of a document.
#[derive(Debug, Clone, Default)]
pub struct Sniffed {
    root: Option<Clark>,
    /// The text of the first element at each wanted id path (by index into the paths asked for).
    ids: Vec<Option<String>>,
    paths: Vec<Vec<Clark>>,
    /// Why the sniffer stopped short, when it did.
    problem: Option<String>,
}

impl ContentMatch {
    /// Compiles the scenarios of a standard's `detect.xml`.
    pub fn compile(scenarios: &[XmlScenario]) -> Result<Self, String> {
        let scenarios = scenarios
            .iter()
            .map(|s| {
                Ok(Scenario {
                    root: Clark::parse(&s.root)?,
                    id_path: s.id_path.iter().map(|p| Clark::parse(p)).collect::<Result<_, String>>()?,
                    id_values: s.id_values.clone(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Self { scenarios })
    }

    /// The identifier paths this standard needs read.
    fn paths(&self) -> impl Iterator<Item = &Vec<Clark>> {
        self.scenarios.iter().map(|s| &s.id_path).filter(|p| !p.is_empty())
    }

    /// Whether the sniffed document matches one of the scenarios.
    #[must_use]
    pub fn matches(&self, sniffed: &Sniffed) -> bool {
        let Some(root) = &sniffed.root else { return false };
        self.scenarios.iter().any(|s| {
            if &s.root != root {
                return false;
            }
            if s.id_path.is_empty() {
                return true;
            }
            let Some(id) = sniffed.id(&s.id_path) else { return false };
            s.id_values.is_empty()
                || s.id_values
                    .iter()
                    .any(|v| id == v || id.strip_prefix(v.as_str()).is_some_and(|r| r.starts_with('#')))
        })
    }

    /// What a document must look like to match, for a skip reason.
    #[must_use]
    pub fn describe(&self) -> String {
        self.scenarios
            .iter()
            .map(|s| {
                let path: Vec<String> = s.id_path.iter().map(|c| c.local.clone()).collect();
                if path.is_empty() {
                    format!("root {}", s.root)
                } else {
                    format!("root {} with {} in [{}]", s.root, path.join("/"), s.id_values.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Sniffed {
    fn id(&self, path: &[Clark]) -> Option<&str> {
        let index = self.paths.iter().position(|p| p == path)?;
        self.ids.get(index)?.as_deref()
    }

    /// The root and identifiers read, for a skip reason.
    #[must_use]
    pub fn describe(&self) -> String {
        let Some(root) = &self.root else {
            return self.problem.clone().unwrap_or_else(|| "no root element".to_owned());
        };
        let mut text = format!("root {root}");
        for (path, id) in self.paths.iter().zip(&self.ids) {
            let name = path.last().map_or("", |c| c.local.as_str());
            // Writing to a String cannot fail.
            let _ = match id {
                Some(id) => write!(text, ", {name} `{id}`"),
                None => write!(text, ", no {name}"),
            };
        }
        if let Some(problem) = &self.problem {
            let _ = write!(text, " ({problem})");
        }
        text
    }
}

/// Reads the root element of `input` and the identifiers every standard in `matches` asks
/// for, streaming, stopping as soon as all are found.
#[must_use]
pub fn sniff<'a>(input: &Input, matches: impl Iterator<Item = &'a ContentMatch>) -> Sniffed {
    let mut paths: Vec<Vec<Clark>> = Vec::new();
    for m in matches {
        for path in m.paths() {
            if !paths.contains(path) {
                paths.push(path.clone());
            }
        }
    }
    let mut sniffed = Sniffed { ids: vec![None; paths.len()], paths, ..Sniffed::default() };
    let reader = match input.open_unbuffered() {
        Ok(reader) => reader,
        Err(err) => {
            sniffed.problem = Some(format!("cannot read it: {err}"));
            return sniffed;
        }
    };
    let mut reader = conform_formats::xml::XmlReader::new(reader);
    let mut stack: Vec<Clark> = Vec::new();
    // The id path being collected, and its text so far.
    let mut collecting: Option<(usize, String)> = None;
    for _ in 0..MAX_EVENTS {
        let event = match reader.next_event() {
            Ok(Some((event, _))) => event,
            Ok(None) => return sniffed,
            Err(err) => {
                sniffed.problem = Some(format!("not well-formed: {}", err.message));
                return sniffed;
            }
        };
        match event {
            XmlEvent::Start(tag) => {
                let name = Clark {
                    namespace: tag.name.namespace.as_deref().map(str::to_owned),
                    local: tag.name.local.into_owned(),
                };
                if stack.is_empty() {
                    sniffed.root = Some(name.clone());
                } else {
                    stack.push(name);
                    let below_root = &stack[1..];
                    if let Some(index) = sniffed
                        .paths
                        .iter()
                        .position(|p| p.as_slice() == below_root)
                        .filter(|&i| sniffed.ids[i].is_none())
                    {
                        collecting = Some((index, String::new()));
                    }
                    continue;
                }
                stack.push(name);
                if sniffed.paths.is_empty() {
                    return sniffed;
                }
            }
            XmlEvent::Text(text) => {
                if let Some((_, buffer)) = &mut collecting {
                    buffer.push_str(&text.text);
                }
            }
            XmlEvent::End(_) => {
                if let Some((index, buffer)) = collecting.take() {
                    sniffed.ids[index] = Some(buffer.trim().to_owned());
                    if sniffed.ids.iter().all(Option::is_some) {
                        return sniffed;
                    }
                }
                stack.pop();
                if stack.is_empty() {
                    return sniffed;
                }
            }
        }
    }
    sniffed.problem = Some(format!("identifier not within the first {MAX_EVENTS} XML events"));
    sniffed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> Input {
        Input::stdin(text.as_bytes().to_vec())
    }

    fn ubl() -> ContentMatch {
        ContentMatch::compile(&[XmlScenario {
            root: "{urn:inv}Invoice".into(),
            id_path: vec!["{urn:cbc}CustomizationID".into()],
            id_values: vec!["urn:cen.eu:en16931:2017".into()],
        }])
        .unwrap()
    }

    #[test]
    fn root_and_identifier_select() {
        let m = ubl();
        let doc = |id: &str| {
            format!(
                "<Invoice xmlns='urn:inv' xmlns:cbc='urn:cbc'><x><cbc:CustomizationID>no</cbc:CustomizationID></x>\
                 <cbc:CustomizationID> {id} </cbc:CustomizationID></Invoice>"
            )
        };
        for (id, expected) in [
            ("urn:cen.eu:en16931:2017", true),
            ("urn:cen.eu:en16931:2017#compliant#urn:x", true),
            ("urn:cen.eu:en16931:2017x", false),
            ("urn:other", false),
        ] {
            let sniffed = sniff(&input(&doc(id)), std::iter::once(&m));
            assert_eq!(m.matches(&sniffed), expected, "{id}: {}", sniffed.describe());
        }
    }

    #[test]
    fn another_root_a_missing_identifier_or_broken_xml_match_nothing() {
        let m = ubl();
        for doc in [
            "<CreditNote xmlns='urn:inv'/>",
            "<Invoice xmlns='urn:inv'><a/></Invoice>",
            "<Invoice xmlns='urn:other' xmlns:cbc='urn:cbc'><cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID></Invoice>",
            "<Invoice xmlns='urn:inv' xmlns:cbc='urn:cbc'><cbc:CustomizationID>urn:cen.eu:en16931:2017",
            "not xml",
        ] {
            let sniffed = sniff(&input(doc), std::iter::once(&m));
            assert!(!m.matches(&sniffed), "{doc}: {}", sniffed.describe());
        }
    }

    #[test]
    fn bad_names_do_not_compile() {
        for root in ["{urn:x", "", "a:b", "{urn:x}"] {
            let scenario = XmlScenario { root: root.into(), ..XmlScenario::default() };
            assert!(ContentMatch::compile(&[scenario]).is_err(), "{root}");
        }
    }
}
