//! Personal data a standard marks (`personal = [...]` in `standard.toml`): the fields whose
//! values redaction masks wherever a finding quotes them.

use conform_diagnostics::Locator;

use crate::model::Standard;

/// Checks one `personal` entry: a JSON pointer (`/birthDate`, `/contacts/*/phone`) or a CSV
/// column name.
pub(crate) fn check_entry(entry: &str) -> Result<(), String> {
    if entry.is_empty() || entry == "/" {
        return Err("a `personal` entry names a field: a JSON pointer (`/birthDate`) or a CSV column name".to_owned());
    }
    if entry.chars().any(char::is_control) {
        return Err("a `personal` entry cannot hold control characters".to_owned());
    }
    if entry.starts_with('/') && entry[1..].split('/').any(str::is_empty) {
        return Err(format!("`{entry}` is not a JSON pointer to a field: it has an empty token"));
    }
    Ok(())
}

impl Standard {
    /// Whether a finding at `locator` is about personal data the standard marks: its pointer
    /// names a marked field, lies inside one, or holds one (an object quoting a marked field);
    /// its CSV column is marked; or it is about a whole row of a table with a marked column.
    #[must_use]
    pub fn is_personal(&self, locator: &Locator) -> bool {
        match locator {
            Locator::Pointer(pointer) => self.personal.iter().any(|entry| pointers_overlap(entry, pointer)),
            Locator::Cell { field: Some(field), .. } => {
                self.personal.iter().any(|entry| entry.strip_prefix('/').unwrap_or(entry) == field)
            }
            Locator::Cell { field: None, .. } => self.personal.iter().any(|entry| !entry.starts_with('/')),
            Locator::Path(_) | Locator::None => false,
        }
    }
}

/// Whether the marked pointer `entry` (`*` matches any one token) and a finding's `pointer`
/// overlap: one is the other or an ancestor of it.
fn pointers_overlap(entry: &str, pointer: &str) -> bool {
    let Some(entry) = entry.strip_prefix('/') else { return false };
    if pointer.is_empty() {
        return true;
    }
    let Some(pointer) = pointer.strip_prefix('/') else { return false };
    entry.split('/').zip(pointer.split('/')).all(|(marked, token)| marked == "*" || marked == token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_pointers_or_column_names() {
        assert!(check_entry("/birthDate").is_ok());
        assert!(check_entry("/contacts/*/phone").is_ok());
        assert!(check_entry("family_name").is_ok());
        assert!(check_entry("").is_err());
        assert!(check_entry("/").is_err());
        assert!(check_entry("/a//b").is_err());
    }

    #[test]
    fn pointers_overlap_at_token_boundaries() {
        assert!(pointers_overlap("/birthDate", "/birthDate"));
        assert!(pointers_overlap("/address/street", "/address"));
        assert!(pointers_overlap("/address", "/address/street"));
        assert!(pointers_overlap("/contacts/*/phone", "/contacts/3/phone"));
        assert!(pointers_overlap("/id", ""));
        assert!(!pointers_overlap("/id", "/idType"));
        assert!(!pointers_overlap("/contacts/*/phone", "/contacts/3/email"));
        assert!(!pointers_overlap("name", "/name"));
    }
}
