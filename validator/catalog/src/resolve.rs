//! Resolving `ID[@REQ]` references to one standard version.

use std::fmt;
use std::str::FromStr;

use crate::model::{Standard, Status};
use crate::{Catalog, ResolveError};

/// A parsed `ID[@REQ]` reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardRef {
    /// Standard id.
    pub id: String,
    /// Version requirement, as written after `@`.
    pub req: Option<String>,
}

impl FromStr for StandardRef {
    type Err = ResolveError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (id, req) = match s.split_once('@') {
            Some((id, req)) => (id, Some(req.trim().to_owned())),
            None => (s, None),
        };
        let valid_id = !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_id || req.as_deref() == Some("") {
            return Err(ResolveError::Syntax(s.to_owned()));
        }
        Ok(Self { id: id.to_owned(), req })
    }
}

impl fmt::Display for StandardRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.req {
            Some(req) => write!(f, "{}@{req}", self.id),
            None => f.write_str(&self.id),
        }
    }
}

/// A resolved standard version, with notices to show the user (deprecation, drafts).
#[derive(Debug)]
pub struct Resolved<'a> {
    /// The selected version.
    pub standard: &'a Standard,
    /// Warnings about the selection.
    pub notices: Vec<String>,
}

/// How a version requirement is matched.
enum Matcher {
    /// `=1.0.0`: exactly this version, whatever its status.
    Exact(semver::Version),
    /// `1`, `1.1`, `1.1.0`: versions whose leading components are these.
    Prefix(Vec<u64>),
    /// Any other requirement, with Cargo's semantics (`>=1.2, <2`, `^1.1`, `~1.1`).
    Req(semver::VersionReq),
}

impl Matcher {
    fn parse(req: &str) -> Option<Self> {
        if let Some(exact) = req.strip_prefix('=') {
            return semver::Version::parse(exact.trim()).ok().map(Self::Exact);
        }
        let parts: Option<Vec<u64>> = req.split('.').map(|p| p.parse().ok()).collect();
        match parts {
            Some(parts) if (1..=3).contains(&parts.len()) => Some(Self::Prefix(parts)),
            _ => semver::VersionReq::parse(req).ok().map(Self::Req),
        }
    }

    fn matches(&self, version: &semver::Version) -> bool {
        match self {
            Self::Exact(v) => v == version,
            Self::Prefix(parts) => {
                let components = [version.major, version.minor, version.patch];
                parts.iter().zip(components).all(|(want, have)| *want == have)
                    && (parts.len() == 3 || version.pre.is_empty())
            }
            Self::Req(req) => req.matches(version),
        }
    }
}

impl Catalog {
    /// Resolves `ID[@REQ]`: `person` = newest active version, `person@1` = newest active 1.x,
    /// `person@=1.0.0` = exactly that version. Deprecated versions are used with a notice when
    /// no active one matches; draft and retired versions only when asked for exactly.
    pub fn resolve(&self, reference: &str) -> Result<Resolved<'_>, ResolveError> {
        let parsed: StandardRef = reference.parse()?;
        let versions: Vec<&Standard> = self.standards.iter().filter(|s| s.id == parsed.id).collect();
        if versions.is_empty() {
            return Err(ResolveError::UnknownStandard { id: parsed.id.clone(), known: self.similar_ids(&parsed.id) });
        }
        let matcher = match &parsed.req {
            None => Matcher::Prefix(Vec::new()),
            Some(req) => Matcher::parse(req).ok_or_else(|| ResolveError::Syntax(reference.to_owned()))?,
        };
        let matching: Vec<&Standard> = versions.iter().copied().filter(|s| matcher.matches(&s.version)).collect();
        let Some(newest) = matching.last() else {
            return Err(ResolveError::NoMatchingVersion {
                id: parsed.id,
                req: parsed.req.unwrap_or_default(),
                available: versions.iter().map(|s| format!("{} ({})", s.version, s.status)).collect(),
            });
        };
        if let Matcher::Exact(_) = matcher {
            let notices = match newest.status {
                Status::Active => Vec::new(),
                status => vec![format!("{} is {status}", newest.label())],
            };
            return Ok(Resolved { standard: newest, notices });
        }
        let pick = |status| matching.iter().rev().find(|s| s.status == status).copied();
        if let Some(active) = pick(Status::Active) {
            return Ok(Resolved { standard: active, notices: Vec::new() });
        }
        if let Some(deprecated) = pick(Status::Deprecated) {
            let newer = versions.iter().rev().find(|s| s.status == Status::Active).map(|s| s.label());
            let advice = newer.map_or_else(String::new, |label| format!("; adopt {label}"));
            let sunset = deprecated.sunset.as_deref().map_or_else(String::new, |d| format!(" (sunset {d})"));
            return Ok(Resolved {
                standard: deprecated,
                notices: vec![format!("{} is deprecated{sunset}{advice}", deprecated.label())],
            });
        }
        Err(ResolveError::NotSelectable {
            id: parsed.id,
            version: newest.version.to_string(),
            status: newest.status.to_string(),
        })
    }

    fn similar_ids(&self, id: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .standards
            .iter()
            .map(|s| s.id.clone())
            .filter(|known| {
                strsim::levenshtein(known, id) <= 2 || known.starts_with(id) || id.starts_with(known.as_str())
            })
            .collect();
        ids.dedup();
        ids.into_iter().map(|s| format!("`{s}`")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(v: &str) -> semver::Version {
        semver::Version::parse(v).unwrap()
    }

    #[test]
    fn parses_references() {
        assert_eq!("person".parse::<StandardRef>().unwrap(), StandardRef { id: "person".into(), req: None });
        assert_eq!("person@=1.0.0".parse::<StandardRef>().unwrap().req.as_deref(), Some("=1.0.0"));
        assert!("Person".parse::<StandardRef>().is_err());
        assert!("person@".parse::<StandardRef>().is_err());
    }

    #[test]
    fn prefix_requirements_match_leading_components() {
        let m = Matcher::parse("1").unwrap();
        assert!(m.matches(&version("1.9.0")) && !m.matches(&version("2.0.0")));
        let m = Matcher::parse("1.1").unwrap();
        assert!(m.matches(&version("1.1.3")) && !m.matches(&version("1.2.0")));
        let m = Matcher::parse("1").unwrap();
        assert!(!m.matches(&version("1.2.0-rc.1")), "pre-releases only when named");
        let m = Matcher::parse(">=1.1, <2").unwrap();
        assert!(m.matches(&version("1.5.0")) && !m.matches(&version("1.0.0")));
        assert!(Matcher::parse("=1.0").is_none());
    }
}
