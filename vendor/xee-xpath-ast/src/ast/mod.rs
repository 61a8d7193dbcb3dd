mod ast_core;

mod rename;
mod visitor;

pub use ast_core::*;
pub(crate) use rename::unique_names;
