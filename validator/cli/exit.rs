//! Exit codes, in one place (docs/exit-codes.md).

use std::process::ExitCode;

/// How a run ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: no finding at or above `--fail-on`.
    Success,
    /// 1: findings at or above `--fail-on`.
    Findings,
    /// 2: the tool could not do its job (usage, unknown standard, unreadable input, broken catalog).
    ToolError,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::Findings => 1,
            Exit::ToolError => 2,
        })
    }
}

/// Whether an error is a closed pipe on output (`conform ... | head`): exit quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
