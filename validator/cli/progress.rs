//! Progress on stderr while `check` runs, so a long run is never silent: files done out of
//! files to check, elapsed time, and a spinner that keeps turning while one large file is
//! read. Shown only when stderr is a terminal and not under CI; never in reports.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs shorter than this show no progress at all.
const SHOW_AFTER: Duration = Duration::from_millis(500);

/// The progress of one run, hidden when stderr is not an interactive terminal.
pub struct Progress(ProgressBar);

impl Progress {
    /// Progress over `files` inputs.
    pub fn new(files: usize) -> Self {
        let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none_or(|v| v.is_empty());
        let bar = if interactive {
            let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} checked {pos}/{len} files {elapsed} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            // The bar draws only once the run has lasted a moment.
            bar.set_draw_target(ProgressDrawTarget::hidden());
            bar
        } else {
            ProgressBar::hidden()
        };
        let progress = Self(bar);
        if interactive {
            let bar = progress.0.clone();
            std::thread::spawn(move || {
                std::thread::sleep(SHOW_AFTER);
                if !bar.is_finished() {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        progress
    }

    /// One more input done.
    pub fn file_done(&self) {
        self.0.inc(1);
    }

    /// Clears the bar before the report is written.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
