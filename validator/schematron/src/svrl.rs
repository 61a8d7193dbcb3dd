//! SVRL output.
