//! The evolution policy an interface standard declares (`check = { engine =
//! "api-evolution", ... }` requirements): breaking changes need a major `info.version`
//! bump, deprecation needs a sunset at least N days ahead. Without a policy `conform diff`
//! judges deprecation and versioning as oasdiff does by default.

/// What a standard requires of a new version of an API contract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// A breaking change (ERR) needs a higher major `info.version` (minor, before 1.0.0).
    pub major_version: bool,
    /// A deprecation needs an `x-sunset` at least this many days after the judging date.
    pub sunset_days: Option<u32>,
}

/// The part of a [`Policy`] a change violates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyRule {
    /// [`Policy::major_version`].
    MajorVersion,
    /// [`Policy::sunset_days`].
    SunsetNotice,
}

/// The versioning check ids: a breaking change without a major version bump.
pub const MAJOR_VERSION_IDS: &[&str] =
    &["api-version-not-bumped", "api-version-decreased", "api-major-version-not-bumped"];

/// The check ids of a deprecation without the sunset notice the policy asks for.
pub const SUNSET_IDS: &[&str] = &[
    "api-deprecated-sunset-missing",
    "request-parameter-deprecated-sunset-missing",
    "request-property-deprecated-sunset-missing",
    "response-property-deprecated-sunset-missing",
    "api-sunset-date-too-small",
    "request-parameter-sunset-date-too-small",
    "request-property-sunset-date-too-small",
    "response-property-sunset-date-too-small",
    "api-sunset-date-changed-too-small",
    "request-parameter-sunset-date-changed-too-small",
    "sunset-deleted",
    "request-parameter-sunset-deleted",
];

impl PolicyRule {
    /// The check ids that violate this rule.
    #[must_use]
    pub fn ids(self) -> &'static [&'static str] {
        match self {
            Self::MajorVersion => MAJOR_VERSION_IDS,
            Self::SunsetNotice => SUNSET_IDS,
        }
    }
}

impl Policy {
    /// The rule of this policy a change of check `id` violates, if any.
    #[must_use]
    pub fn rule_of(&self, id: &str) -> Option<PolicyRule> {
        if self.major_version && MAJOR_VERSION_IDS.contains(&id) {
            Some(PolicyRule::MajorVersion)
        } else if self.sunset_days.is_some() && SUNSET_IDS.contains(&id) {
            Some(PolicyRule::SunsetNotice)
        } else {
            None
        }
    }

    /// The days of notice a sunset needs (0 without a sunset policy).
    #[must_use]
    pub fn notice_days(&self) -> u32 {
        self.sunset_days.unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_the_declared_policy() {
        let none = Policy::default();
        assert_eq!(none.rule_of("api-major-version-not-bumped"), None);
        let both = Policy { major_version: true, sunset_days: Some(30) };
        assert_eq!(both.rule_of("api-version-not-bumped"), Some(PolicyRule::MajorVersion));
        assert_eq!(both.rule_of("request-property-deprecated-sunset-missing"), Some(PolicyRule::SunsetNotice));
        assert_eq!(both.rule_of("endpoint-added"), None);
        assert_eq!(both.notice_days(), 30);
        assert_eq!(none.notice_days(), 0);
    }

    #[test]
    fn every_policy_id_is_an_implemented_check() {
        for id in MAJOR_VERSION_IDS.iter().chain(SUNSET_IDS) {
            assert!(crate::rules::rule(id).is_some_and(|r| r.implemented), "{id}");
        }
    }
}
