//! The frictionless error types this engine reports; each finding's message starts with one.

/// A frictionless error type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// The header row is empty.
    BlankHeader,
    /// A header label is empty.
    BlankLabel,
    /// A header label repeats an earlier one.
    DuplicateLabel,
    /// A schema field has no header label.
    MissingLabel,
    /// A header label has no schema field.
    ExtraLabel,
    /// A header label differs from its field's name.
    IncorrectLabel,
    /// Every cell of a row is empty.
    BlankRow,
    /// A row has fewer cells than there are fields.
    MissingCell,
    /// A row has more cells than there are fields.
    ExtraCell,
    /// A cell is not a value of its field's type.
    TypeError,
    /// A cell breaks one of its field's constraints.
    ConstraintError,
    /// A `unique` field repeats a value.
    UniqueError,
    /// A primary key repeats, or all of its cells are empty.
    PrimaryKey,
    /// A foreign key has no match in the referenced table or code list.
    ForeignKey,
    /// A row repeats an earlier row.
    DuplicateRow,
    /// Bytes that are not text in the file's encoding.
    EncodingError,
    /// The file cannot be read as CSV there (unterminated quote, oversized record).
    SourceError,
}

impl ErrorType {
    /// Every type, for parameter validation and docs.
    pub const ALL: [Self; 17] = [
        Self::BlankHeader,
        Self::BlankLabel,
        Self::DuplicateLabel,
        Self::MissingLabel,
        Self::ExtraLabel,
        Self::IncorrectLabel,
        Self::BlankRow,
        Self::MissingCell,
        Self::ExtraCell,
        Self::TypeError,
        Self::ConstraintError,
        Self::UniqueError,
        Self::PrimaryKey,
        Self::ForeignKey,
        Self::DuplicateRow,
        Self::EncodingError,
        Self::SourceError,
    ];

    /// The frictionless name (`type-error`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BlankHeader => "blank-header",
            Self::BlankLabel => "blank-label",
            Self::DuplicateLabel => "duplicate-label",
            Self::MissingLabel => "missing-label",
            Self::ExtraLabel => "extra-label",
            Self::IncorrectLabel => "incorrect-label",
            Self::BlankRow => "blank-row",
            Self::MissingCell => "missing-cell",
            Self::ExtraCell => "extra-cell",
            Self::TypeError => "type-error",
            Self::ConstraintError => "constraint-error",
            Self::UniqueError => "unique-error",
            Self::PrimaryKey => "primary-key",
            Self::ForeignKey => "foreign-key",
            Self::DuplicateRow => "duplicate-row",
            Self::EncodingError => "encoding-error",
            Self::SourceError => "source-error",
        }
    }

    /// Looks a type up by its frictionless name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Reads the type back from the start of a finding's message (`type-error: ...`).
    #[must_use]
    pub fn of_message(message: &str) -> Option<Self> {
        message.split_once(':').and_then(|(name, _)| Self::parse(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in ErrorType::ALL {
            assert_eq!(ErrorType::parse(t.as_str()), Some(t));
            assert_eq!(ErrorType::of_message(&format!("{}: x", t.as_str())), Some(t));
        }
    }
}
