//! A render time limit for themes. A template can loop for ever (or for hours: nested loops over large ranges),
//! and a thread cannot be interrupted, so a watchdog thread watches the pages being finished: when no page has
//! finished for `render-timeout` seconds it reports the template and ends the process with exit code 1. Rendering
//! happens before anything in the output folder changes (`milepost build` stages pages beside it, and the staging
//! folder registered with [`remove_on_abort`] is removed before the process ends), so the output is untouched.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

static FINISHED: AtomicU64 = AtomicU64::new(0);
static CURRENT: Mutex<String> = Mutex::new(String::new());
static ON_ABORT: Mutex<Vec<std::path::PathBuf>> = Mutex::new(Vec::new());

/// A folder to delete if the watchdog ends the process (a build's staging folder), until [`keep_on_abort`].
pub fn remove_on_abort(dir: &std::path::Path) {
    if let Ok(mut v) = ON_ABORT.lock() {
        v.push(dir.to_path_buf());
    }
}

/// Forgets a folder given to [`remove_on_abort`].
pub fn keep_on_abort(dir: &std::path::Path) {
    if let Ok(mut v) = ON_ABORT.lock() {
        v.retain(|d| d != dir);
    }
}

/// Called around every template render.
pub(crate) fn started(template: &str) {
    if let Ok(mut c) = CURRENT.lock() {
        c.clear();
        c.push_str(template);
    }
}

pub(crate) fn finished() {
    FINISHED.fetch_add(1, Ordering::Relaxed);
}

/// Stops watching when dropped.
pub struct Watchdog {
    stop: Arc<AtomicBool>,
}

impl Watchdog {
    /// Watches rendering until dropped; `limit_secs` without a finished page ends the process.
    pub fn start(limit_secs: u64) -> Watchdog {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let limit = Duration::from_secs(limit_secs.max(1));
        std::thread::spawn(move || {
            let mut seen = FINISHED.load(Ordering::Relaxed);
            let mut since = Instant::now();
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
                let now = FINISHED.load(Ordering::Relaxed);
                if now != seen {
                    seen = now;
                    since = Instant::now();
                } else if since.elapsed() >= limit && !flag.load(Ordering::Relaxed) {
                    let template = CURRENT.lock().map(|c| c.clone()).unwrap_or_default();
                    eprintln!(
                        "error: templates/{}: rendering one page took longer than {} s (an endless or very large loop?); stopped, nothing was written\n  help: fix the loop in the theme, or raise `render-timeout` in site.yaml if the page is really that large",
                        crate::diagnostics::printable(&template),
                        limit.as_secs()
                    );
                    if let Ok(dirs) = ON_ABORT.lock() {
                        for d in dirs.iter() {
                            let _ = std::fs::remove_dir_all(d);
                        }
                    }
                    std::process::exit(1);
                }
            }
        });
        Watchdog { stop }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
