//! `conform`: check agency exports, API contracts and process models against versioned
//! e-government standards.

mod args;
mod baseline;
mod blank;
mod catalog_cmd;
mod catalog_diff;
mod catalog_docs;
mod catalog_init;
mod catalog_lint;
mod catalog_new;
mod catalog_test;
mod certify;
mod check;
mod config;
mod diff;
mod exit;
mod explain;
mod init;
mod keygen;
mod load;
mod package;
mod personal;
mod progress;
mod run_stack;
mod schema_keywords;
mod sources;
mod suggest;
mod verify;

use std::process::ExitCode;

/// The system allocators are slow at the many small, short-lived allocations a check makes:
/// musl's serialises threads on one lock, and glibc's spends a large part of a wide CSV
/// header's or a large API description's run merging freed chunks (`malloc_consolidate`).
/// Every 64-bit Unix build uses jemalloc, as ruff's builds and ripgrep's musl builds do
/// (docs/architecture.md has the figures); Windows keeps its own.
#[cfg(all(not(windows), not(target_os = "openbsd"), any(target_arch = "x86_64", target_arch = "aarch64")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use clap::{CommandFactory, FromArgMatches};

use crate::args::{Cli, Command};
use crate::exit::Exit;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
    let result = match cli.command {
        Command::Check(args) => check::run(&args, matches.subcommand_matches("check")),
        Command::Diff(args) => diff::run(&args),
        Command::Catalog(args) => catalog_cmd::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Certify(args) => certify::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Keygen(args) => keygen::run(&args),
        Command::Init(args) => init::run(&args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(err) if exit::is_broken_pipe(&err) => Exit::Success.into(),
        Err(err) => {
            eprintln!("{}", conform_report::neutral::terminal_lines(&format!("error: {err:#}")));
            Exit::ToolError.into()
        }
    }
}
