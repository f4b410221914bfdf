//! The progress bar of `briefing build`: shown on stderr only when stderr is a terminal and
//! only once the build has taken longer than a second (a quick build prints its one-line
//! summary and nothing else; a log file or a pipe never gets a bar).

use crate::build::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How long a build runs before the bar appears, unless `BRIEFING_PROGRESS_AFTER_MS` says
/// otherwise (tests set it to 0 to see the bar on a quick build).
pub const DEFAULT_DELAY: Duration = Duration::from_secs(1);

/// The delay from the environment, or [`DEFAULT_DELAY`].
pub fn delay_from_env() -> Duration {
    std::env::var("BRIEFING_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_DELAY, Duration::from_millis)
}

/// Whether a bar is drawn: only on a terminal, and only for a build still running after the
/// delay.
pub fn shows(is_terminal: bool, still_running_after_delay: bool) -> bool {
    is_terminal && still_running_after_delay
}

/// A progress bar that stays hidden until the delay has passed.
pub struct BuildProgress {
    bar: ProgressBar,
    finished: Arc<(Mutex<bool>, Condvar)>,
    timer: Option<std::thread::JoinHandle<()>>,
}

impl BuildProgress {
    /// Start the clock. The bar is drawn on stderr after `delay` if stderr is a terminal.
    pub fn start(delay: Duration) -> BuildProgress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template(
            "{spinner} {msg:<20} [{bar:40}] {pos}/{len} articles, {elapsed}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message("Loading");
        let finished = Arc::new((Mutex::new(false), Condvar::new()));
        let timer = {
            let (bar, finished) = (bar.clone(), Arc::clone(&finished));
            std::thread::spawn(move || {
                let (lock, cvar) = &*finished;
                let Ok(guard) = lock.lock() else { return };
                let Ok((guard, _)) = cvar.wait_timeout_while(guard, delay, |done| !*done) else {
                    return;
                };
                if shows(std::io::stderr().is_terminal(), !*guard) {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
            })
        };
        BuildProgress {
            bar,
            finished,
            timer: Some(timer),
        }
    }

    /// Report a stage; callable from any thread.
    pub fn observe(&self, p: Progress) {
        match p {
            Progress::Loading => self.bar.set_message("Loading"),
            Progress::Extracting { done, total } => {
                self.bar.set_message("Extracting articles");
                self.bar.set_length(total as u64);
                self.bar.set_position(done as u64);
            }
            Progress::Rendering => self.bar.set_message("Rendering pages"),
            Progress::Writing => self.bar.set_message("Writing"),
        }
    }

    /// Stop the clock and erase the bar (the summary line follows).
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let (lock, cvar) = &*self.finished;
        if let Ok(mut done) = lock.lock() {
            *done = true;
        }
        cvar.notify_all();
        if let Some(t) = self.timer.take() {
            let _ = t.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for BuildProgress {
    fn drop(&mut self) {
        if self.timer.is_some() {
            self.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_only_on_a_terminal_after_the_delay() {
        assert!(shows(true, true));
        assert!(!shows(false, true), "never in a pipe or a log");
        assert!(!shows(true, false), "a quick build prints its summary only");
    }

    #[test]
    fn a_quick_build_finishes_without_waiting_for_the_delay() {
        let t = std::time::Instant::now();
        let p = BuildProgress::start(Duration::from_secs(30));
        p.observe(Progress::Extracting { done: 1, total: 2 });
        p.finish();
        assert!(t.elapsed() < Duration::from_secs(5));
    }
}
