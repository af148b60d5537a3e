//! Watching the site folder: notify with notify-debouncer-full, the whole site folder recursively (so an editor
//! that saves by writing a temporary file and renaming it onto the document is seen), or polling with `--poll`
//! where native events do not arrive (network mounts, some containers).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};

/// How long events are gathered after the first one: one save often makes several (write, rename, attributes).
pub const DEBOUNCE: Duration = Duration::from_millis(15);
/// How often `--poll` scans the site.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _inner: Box<dyn std::any::Any + Send>,
    pub events: mpsc::Receiver<Vec<PathBuf>>,
}

/// Watches `root` recursively. Each message is the set of paths a burst of events touched (access events left
/// out). Output and cache folders are reported too; [`super::rebuild::classify`] ignores them.
pub fn watch(root: &Path, poll: bool) -> Result<Watcher> {
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.iter().cloned())
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    };
    let what = || format!("failed to watch `{}` for changes", root.display());
    let inner: Box<dyn std::any::Any + Send> = if poll {
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
        let mut d = new_debouncer_opt::<_, notify::PollWatcher, _>(
            DEBOUNCE,
            None,
            handler,
            notify_debouncer_full::NoCache,
            config,
        )
        .with_context(what)?;
        d.watch(root, RecursiveMode::Recursive).with_context(what)?;
        Box::new(d)
    } else {
        let mut d = new_debouncer(DEBOUNCE, Some(Duration::from_millis(5)), handler).with_context(what)?;
        d.watch(root, RecursiveMode::Recursive)
            .with_context(what)
            .context("help: on a network mount or in a container without file events, try `--poll`")?;
        Box::new(d)
    };
    Ok(Watcher { _inner: inner, events: rx })
}

/// Waits for the next burst of changes and gathers what arrives right after it.
pub fn next_batch(rx: &mpsc::Receiver<Vec<PathBuf>>) -> Option<Vec<PathBuf>> {
    let mut paths = rx.recv().ok()?;
    while let Ok(more) = rx.try_recv() {
        paths.extend(more);
    }
    Some(paths)
}
