//! What a certification is against: a profile's conformance classes, or standards named
//! one by one (one mandatory class), or the classes recorded in a claim (to verify it).

use conform_catalog::{Catalog, Profile, ResolveError, Standard};

use crate::claim::{Claim, ProfileRef};

/// Why the selection cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    /// No profile has this name (and version).
    #[error("unknown profile `{reference}` (profiles in the catalog: {known})")]
    UnknownProfile {
        /// The reference given.
        reference: String,
        /// Every profile label.
        known: String,
    },
    /// A profile is malformed.
    #[error("profile `{profile}`: {message}")]
    InvalidProfile {
        /// The profile.
        profile: String,
        /// What is wrong.
        message: String,
    },
    /// A standard reference does not resolve.
    #[error("{context}: {source}")]
    Resolve {
        /// Where the reference comes from.
        context: String,
        /// Why.
        #[source]
        source: ResolveError,
    },
}

/// A conformance class with its resolved standards.
#[derive(Debug)]
pub struct SelectedClass<'c> {
    /// Class name.
    pub name: String,
    /// Human title.
    pub title: Option<String>,
    /// Whether it must be met.
    pub mandatory: bool,
    /// Its standards; a standard appears in the first class that lists it only.
    pub standards: Vec<&'c Standard>,
}

/// What to certify against.
#[derive(Debug)]
pub struct Selection<'c> {
    /// The profile, when one was named.
    pub profile: Option<ProfileRef>,
    /// The classes, in profile order.
    pub classes: Vec<SelectedClass<'c>>,
    /// Whether inputs are matched to standards by detection (profiles) or checked against
    /// every named standard.
    pub detection: bool,
    /// Warnings to show (deprecated versions).
    pub notices: Vec<String>,
}

impl<'c> Selection<'c> {
    /// The classes of profile `NAME[@VERSION]`; without a version, the newest.
    pub fn profile(catalog: &'c Catalog, reference: &str) -> Result<Self, SelectError> {
        let profile = find_profile(catalog, reference)?;
        let mut selection = Self {
            profile: Some(ProfileRef {
                name: profile.name.clone(),
                version: profile.version.clone(),
                title: profile.title.clone(),
            }),
            classes: Vec::new(),
            detection: true,
            notices: Vec::new(),
        };
        let classes = profile.all_classes();
        if classes.is_empty() {
            return Err(SelectError::InvalidProfile {
                profile: profile.label(),
                message: "it has no conformance class".to_owned(),
            });
        }
        for class in classes {
            if selection.classes.iter().any(|c| c.name == class.name) {
                return Err(SelectError::InvalidProfile {
                    profile: profile.label(),
                    message: format!("two conformance classes are named `{}`", class.name),
                });
            }
            let context = format!("profile `{}`, class `{}`", profile.label(), class.name);
            let standards = selection.resolve_all(catalog, &class.standards, &context, false)?;
            selection.classes.push(SelectedClass {
                name: class.name,
                title: class.title,
                mandatory: class.mandatory,
                standards,
            });
        }
        Ok(selection)
    }

    /// Standards named one by one, as one mandatory class `core`; every input is checked
    /// against every one of them that reads its format.
    pub fn standards(catalog: &'c Catalog, references: &[String]) -> Result<Self, SelectError> {
        let mut selection = Self { profile: None, classes: Vec::new(), detection: false, notices: Vec::new() };
        let standards = selection.resolve_all(catalog, references, "--standard", false)?;
        selection.classes.push(SelectedClass { name: "core".to_owned(), title: None, mandatory: true, standards });
        Ok(selection)
    }

    /// The exact standard versions and classes recorded in `claim`.
    pub fn of_claim(catalog: &'c Catalog, claim: &Claim) -> Result<Self, SelectError> {
        let mut selection = Self {
            profile: claim.profile.clone(),
            classes: Vec::new(),
            detection: claim.detection,
            notices: Vec::new(),
        };
        for class in &claim.classes {
            let context = format!("class `{}` of the report", class.name);
            let standards = selection.resolve_all(catalog, &class.standards, &context, true)?;
            selection.classes.push(SelectedClass {
                name: class.name.clone(),
                title: class.title.clone(),
                mandatory: class.mandatory,
                standards,
            });
        }
        Ok(selection)
    }

    /// Every selected standard once, in class order.
    #[must_use]
    pub fn all_standards(&self) -> Vec<&'c Standard> {
        self.classes.iter().flat_map(|c| c.standards.iter().copied()).collect()
    }

    fn resolve_all(
        &mut self,
        catalog: &'c Catalog,
        references: &[String],
        context: &str,
        exact: bool,
    ) -> Result<Vec<&'c Standard>, SelectError> {
        let mut out: Vec<&'c Standard> = Vec::new();
        for reference in references {
            let resolved = if exact {
                let (id, version) = reference.split_once('@').unwrap_or((reference, ""));
                catalog.resolve(&format!("{id}@={version}"))
            } else {
                catalog.resolve(reference)
            }
            .map_err(|source| SelectError::Resolve { context: context.to_owned(), source })?;
            self.notices.extend(resolved.notices);
            let standard = resolved.standard;
            let seen = self.all_standards().into_iter().chain(out.iter().copied()).any(|s| std::ptr::eq(s, standard));
            if !seen {
                out.push(standard);
            }
        }
        Ok(out)
    }
}

/// The profile `NAME[@VERSION]`: the version is matched as a semantic-version requirement
/// (`1` = newest 1.x, `=1.0.0` = exactly), and the newest match wins.
fn find_profile<'c>(catalog: &'c Catalog, reference: &str) -> Result<&'c Profile, SelectError> {
    let (name, req) = match reference.split_once('@') {
        Some((name, req)) => (name, semver::VersionReq::parse(req).ok()),
        None => (reference, None),
    };
    let unknown = || SelectError::UnknownProfile {
        reference: reference.to_owned(),
        known: if catalog.manifest.profiles.is_empty() {
            "none".to_owned()
        } else {
            catalog.manifest.profiles.iter().map(Profile::label).collect::<Vec<_>>().join(", ")
        },
    };
    if reference.contains('@') && req.is_none() {
        return Err(unknown());
    }
    let version = |p: &Profile| p.version.as_deref().and_then(|v| semver::Version::parse(v).ok());
    catalog
        .manifest
        .profiles
        .iter()
        .filter(|p| p.name == name)
        .filter(|p| req.as_ref().is_none_or(|req| version(p).is_some_and(|v| req.matches(&v))))
        .max_by(|a, b| version(a).cmp(&version(b)))
        .ok_or_else(unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_of_the_embedded_catalog_resolves() {
        let catalog = Catalog::embedded().unwrap();
        assert!(!catalog.manifest.profiles.is_empty());
        for profile in &catalog.manifest.profiles {
            let selection = Selection::profile(&catalog, &profile.label()).unwrap();
            assert!(selection.detection);
            assert!(selection.classes.iter().all(|c| !c.standards.is_empty()), "{}", profile.label());
        }
    }

    #[test]
    fn profiles_are_found_by_name_and_version() {
        let catalog = Catalog::embedded().unwrap();
        let selection = Selection::profile(&catalog, "municipal-service-portal@1").unwrap();
        let labels: Vec<String> = selection.all_standards().iter().map(|s| s.label()).collect();
        assert_eq!(
            labels,
            [
                "person@1.1.0",
                "organization@1.0.0",
                "security-baseline@1.0.0",
                "rest-api@2.0.0",
                "public-service-process@1.0.0"
            ]
        );
        assert!(Selection::profile(&catalog, "municipal-service-portal@2").is_err());
        assert!(Selection::profile(&catalog, "municipal-service-portal@>>1").is_err());
        let err = Selection::profile(&catalog, "portal").unwrap_err().to_string();
        assert!(err.contains("municipal-service-portal@1.0.0"), "{err}");
    }

    #[test]
    fn named_standards_form_one_mandatory_class_without_duplicates() {
        let catalog = Catalog::embedded().unwrap();
        let selection = Selection::standards(&catalog, &["person@2".into(), "person".into()]).unwrap();
        assert_eq!(selection.classes.len(), 1);
        assert!(selection.classes[0].mandatory && !selection.detection);
        assert_eq!(selection.all_standards().len(), 1);
    }
}
