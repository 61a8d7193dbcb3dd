//! Catalog errors.

use std::path::PathBuf;

/// Why a catalog could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The catalog directory or one of its files could not be read.
    #[error("cannot read catalog file `{path}`")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The directory has no `catalog.toml`.
    #[error("`{0}` is not a catalog: it has no catalog.toml")]
    NotACatalog(PathBuf),
    /// A manifest is malformed; `diagnostics` say where.
    #[error("the catalog is invalid ({} problem{})", .diagnostics.len(), if .diagnostics.len() == 1 { "" } else { "s" })]
    Invalid {
        /// One diagnostic per problem, with file, line and column.
        diagnostics: Vec<conform_diagnostics::Diagnostic>,
        /// The text of each file named by the diagnostics, for snippets.
        sources: Vec<(String, String)>,
        /// The catalog without the standards whose manifests are broken, when its own
        /// `catalog.toml` is sound: `catalog lint` checks the rest too, so one broken file
        /// hides no other problem.
        partial: Option<Box<crate::Catalog>>,
    },
}

/// Why a `standard[@version]` reference did not resolve.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ResolveError {
    /// The reference is not `ID[@REQ]`.
    #[error("invalid standard reference `{0}`: expected ID, ID@1, ID@1.1 or ID@=1.0.0")]
    Syntax(String),
    /// No standard has this id.
    #[error("unknown standard `{id}`{}", suggestion(.known))]
    UnknownStandard {
        /// The id asked for.
        id: String,
        /// Known ids close to it.
        known: Vec<String>,
    },
    /// No version matches the requirement.
    #[error("no version of `{id}` matches `{req}` (available: {})", .available.join(", "))]
    NoMatchingVersion {
        /// The standard id.
        id: String,
        /// The version requirement.
        req: String,
        /// Every version, with its status.
        available: Vec<String>,
    },
    /// Only retired or draft versions match, and they were not asked for exactly.
    #[error("`{id}@{version}` is {status}; ask for it exactly with `{id}@={version}` to use it anyway")]
    NotSelectable {
        /// The standard id.
        id: String,
        /// The newest matching version.
        version: String,
        /// Its status.
        status: String,
    },
}

fn suggestion(known: &[String]) -> String {
    if known.is_empty() { String::new() } else { format!(" (did you mean {}?)", known.join(", ")) }
}
