//! Writing only what changed, page by page as they are rendered, without ever leaving a half-written site.
//!
//! The output folder holds a manifest ([`MANIFEST`]): every file milepost wrote there, with its hash, size and
//! modification time. A build streams its pages through a [`Writer`]:
//! - a page whose hash the manifest already has, and whose file on disk still has the recorded size and time, is
//!   left alone;
//! - any other page is written into a staging folder beside the output (nothing in the output changes yet);
//! - [`Writer::finish`] moves the staged files into place and the files of the old manifest that the build no
//!   longer makes out of it (each replaced or removed file is first moved aside), then writes the new manifest.
//!   If any move fails, every move done so far is undone: the old site stays as it was.
//! - A build that fails before `finish` (an error in the input, a template error) drops the writer: the staging
//!   folder is removed and the output is untouched.
//!
//! Without a usable manifest (a new output folder, or one from a milepost before the manifest) every page is
//! staged and the folder is swapped whole: the old folder moved aside, the kept entries moved into the new one.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};

use super::{MANIFEST, OutputDir, WriteReport, kept_names, swap, write_marker};
use crate::render::Page;

/// A 128-bit hash of a file's bytes (XXH3-128: fast, and stable across versions and machines).
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    hash: u128,
    size: u64,
    /// Modification time in nanoseconds since the epoch, as the file system reported it after the write.
    mtime: u128,
}

fn mtime(meta: &fs::Metadata) -> u128 {
    meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos())
}

/// A path from a manifest: relative, plain names only (a manifest edited to say `../x` is not trusted).
fn safe(path: &str) -> bool {
    !path.is_empty() && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

fn read_manifest(dir: &Path) -> Option<HashMap<String, Entry>> {
    let text = fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "milepost-files 1" {
        return None;
    }
    let mut out = HashMap::new();
    for line in lines {
        let mut parts = line.splitn(4, ' ');
        let (hash, size, mtime, path) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if !safe(path) {
            return None;
        }
        let entry =
            Entry { hash: u128::from_str_radix(hash, 16).ok()?, size: size.parse().ok()?, mtime: mtime.parse().ok()? };
        out.insert(path.to_string(), entry);
    }
    Some(out)
}

fn manifest_text(files: &[(String, Entry)]) -> String {
    let mut out = String::with_capacity(files.len() * 80 + 20);
    out.push_str("milepost-files 1\n");
    for (path, e) in files {
        out.push_str(&format!("{:032x} {} {} {path}\n", e.hash, e.size, e.mtime));
    }
    out
}

fn join(dir: &Path, path: &str) -> PathBuf {
    path.split('/').fold(dir.to_path_buf(), |p, part| p.join(part))
}

/// Whether the output holds exactly the files its manifest lists, each with the recorded size and time (so a
/// build that would write the same pages can leave it alone).
pub fn output_intact(out: &OutputDir) -> bool {
    let Some(manifest) = read_manifest(&out.dir) else { return false };
    let Ok(on_disk) = files_on_disk(&out.dir, &out.keep) else { return false };
    on_disk.len() + usize::from(manifest.contains_key(".nojekyll")) == manifest.len()
        && manifest.iter().all(|(path, e)| {
            fs::symlink_metadata(join(&out.dir, path))
                .is_ok_and(|m| m.is_file() && m.len() == e.size && mtime(&m) == e.mtime)
        })
}

/// Every file in `output`, as `a/b.html` paths, leaving out what a build keeps: top-level dot-entries (milepost's
/// own among them), `CNAME` and the `keep:` names. Links are listed, never followed.
fn files_on_disk(output: &Path, keep: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![(output.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let entries = fs::read_dir(&dir).with_context(|| format!("failed to read `{}`", dir.display()))?;
        for e in entries {
            let e = e.with_context(|| format!("failed to read `{}`", dir.display()))?;
            let name = e.file_name().to_string_lossy().into_owned();
            if prefix.is_empty() && (super::is_kept(&name, keep) || super::OWN_DOT_FILES.contains(&name.as_str())) {
                continue;
            }
            let path = format!("{prefix}{name}");
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push((e.path(), format!("{path}/")));
            } else {
                out.push(path);
            }
        }
    }
    Ok(out)
}

#[derive(Default)]
struct State {
    /// Every page of this build, with what the manifest will say of it (mtime filled in at `finish` for staged ones).
    current: Vec<(String, Entry)>,
    /// Pages written into the staging folder.
    staged: Vec<String>,
    /// Folders already created in the staging folder.
    made: HashSet<PathBuf>,
}

/// Streams pages into an output folder (see the module docs). `put` may be called from many threads.
pub struct Writer {
    output: PathBuf,
    staging: PathBuf,
    aside: PathBuf,
    keep: Vec<String>,
    /// The old manifest; `None` when the folder is swapped whole.
    old: Option<HashMap<String, Entry>>,
    state: Mutex<State>,
    finished: bool,
}

/// How much a build wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Pages written (new or changed).
    pub written: usize,
    /// Pages left as they were.
    pub unchanged: usize,
    /// Files of the previous build removed.
    pub removed: usize,
}

impl Writer {
    /// Prepares to write into `out` (already checked by [`super::check_output`]).
    pub fn start(out: &OutputDir) -> Result<Writer> {
        let output = out.dir.clone();
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        fs::create_dir_all(&parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let aside = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        let _ = fs::remove_dir_all(&aside);
        fs::create_dir_all(&staging).with_context(|| format!("failed to create `{}`", staging.display()))?;
        crate::render::watchdog::remove_on_abort(&staging);
        let old = if output.join(super::MARKER).is_file() { read_manifest(&output) } else { None };
        Ok(Writer { output, staging, aside, keep: out.keep.clone(), old, state: Mutex::default(), finished: false })
    }

    /// Records `page`, staging it unless the output already holds exactly these bytes.
    pub fn put(&self, page: &Page) -> Result<()> {
        self.put_bytes(&page.path, &page.bytes)
    }

    /// [`Writer::put`] for a page held elsewhere (`milepost watch` writes the pages `serve` keeps).
    pub fn put_bytes(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let hash = hash(bytes);
        let size = bytes.len() as u64;
        if let Some(e) = self.old.as_ref().and_then(|m| m.get(path))
            && e.hash == hash
            && e.size == size
            && let Ok(meta) = fs::symlink_metadata(join(&self.output, path))
            && meta.is_file()
            && meta.len() == size
            && mtime(&meta) == e.mtime
        {
            self.lock().current.push((path.to_string(), *e));
            return Ok(());
        }
        let file = join(&self.staging, path);
        if let Some(dir) = file.parent()
            && !self.lock().made.contains(dir)
        {
            fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
            self.lock().made.insert(dir.to_path_buf());
        }
        fs::write(&file, bytes).with_context(|| format!("failed to write `{}`", file.display()))?;
        let mut state = self.lock();
        state.staged.push(path.to_string());
        state.current.push((path.to_string(), Entry { hash, size, mtime: 0 }));
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts the build in place (see the module docs) and says what was written.
    pub fn finish(mut self) -> Result<(WriteReport, Written)> {
        self.finished = true;
        let mut state = std::mem::take(&mut *self.lock());
        state.current.sort_by(|a, b| a.0.cmp(&b.0));
        state.staged.sort();
        let result = match self.old.take() {
            None => self.swap_whole(&mut state),
            Some(_) => self.in_place(&mut state),
        };
        let _ = fs::remove_dir_all(&self.staging);
        crate::render::watchdog::keep_on_abort(&self.staging);
        result
    }

    /// Fills in the modification times of staged files (a rename keeps them).
    fn stamp(&self, state: &mut State) {
        let staged: HashSet<&String> = state.staged.iter().collect();
        for (path, e) in state.current.iter_mut().filter(|(p, _)| staged.contains(p)) {
            if let Ok(meta) = fs::metadata(join(&self.staging, path)) {
                e.mtime = mtime(&meta);
            }
        }
    }

    fn swap_whole(&self, state: &mut State) -> Result<(WriteReport, Written)> {
        self.stamp(state);
        write_marker(&self.staging)?;
        let manifest = self.staging.join(MANIFEST);
        fs::write(&manifest, manifest_text(&state.current))
            .with_context(|| format!("failed to write `{}`", manifest.display()))?;
        let kept = swap(&self.staging, &self.output, &self.aside, &self.keep)?;
        let warning = self.remove_aside();
        let written = Written { written: state.staged.len(), unchanged: 0, removed: 0 };
        Ok((WriteReport { kept, warning }, written))
    }

    fn in_place(&self, state: &mut State) -> Result<(WriteReport, Written)> {
        self.stamp(state);
        let current: HashSet<&str> = state.current.iter().map(|(p, _)| p.as_str()).collect();
        // what the output holds that this build does not make, and the user does not keep: the old build's pages
        // that are gone (the manifest lists them) and anything else put there (as a whole-folder swap would)
        let mut stale: Vec<String> =
            self.files_on_disk()?.into_iter().filter(|p| !current.contains(p.as_str())).collect();
        stale.sort();
        // every rename done, as (where the file is now, where it was): undone in reverse on failure
        let mut undo: Vec<(PathBuf, PathBuf)> = Vec::new();
        let moved = (|| -> Result<()> {
            let mut aside_made: HashSet<PathBuf> = HashSet::new();
            let mut move_aside = |path: &str, undo: &mut Vec<(PathBuf, PathBuf)>| -> Result<()> {
                let from = join(&self.output, path);
                if fs::symlink_metadata(&from).is_err() {
                    return Ok(());
                }
                let to = join(&self.aside, path);
                if let Some(dir) = to.parent()
                    && aside_made.insert(dir.to_path_buf())
                {
                    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
                }
                fs::rename(&from, &to).with_context(|| format!("failed to move `{}` aside", from.display()))?;
                undo.push((to, from));
                Ok(())
            };
            for path in &state.staged {
                move_aside(path, &mut undo)?;
                let (from, to) = (join(&self.staging, path), join(&self.output, path));
                if let Some(dir) = to.parent() {
                    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
                }
                fs::rename(&from, &to).with_context(|| format!("failed to move `{}` into place", to.display()))?;
                undo.push((to, from));
            }
            for path in &stale {
                move_aside(path.as_str(), &mut undo)?;
            }
            Ok(())
        })();
        if let Err(e) = moved {
            for (now, was) in undo.iter().rev() {
                let _ = fs::rename(now, was);
            }
            let _ = fs::remove_dir_all(&self.aside);
            return Err(e);
        }
        let mut warning = None;
        if !self.output.join(super::MARKER).is_file()
            && let Err(e) = write_marker(&self.output)
        {
            warning = Some(format!("{e:#}"));
        }
        let manifest = self.output.join(MANIFEST);
        let tmp = self.output.join(format!("{MANIFEST}.tmp"));
        let saved = fs::write(&tmp, manifest_text(&state.current)).and_then(|()| fs::rename(&tmp, &manifest));
        if let Err(e) = saved {
            // without a true manifest the next build must not trust the old one: it swaps the folder whole
            let _ = fs::remove_file(&manifest);
            let _ = fs::remove_file(&tmp);
            warning = Some(format!(
                "the new site is in place, but `{}` could not be written ({e}); the next build rewrites every file",
                manifest.display()
            ));
        }
        // folders left empty by removed pages go too (never the output itself)
        let mut dirs: Vec<PathBuf> =
            stale.iter().filter_map(|p| join(&self.output, p).parent().map(Path::to_path_buf)).collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs.iter().rev() {
            let mut d = dir.as_path();
            while d != self.output && d.starts_with(&self.output) && fs::remove_dir(d).is_ok() {
                d = match d.parent() {
                    Some(p) => p,
                    None => break,
                };
            }
        }
        if let Some(w) = self.remove_aside() {
            warning.get_or_insert(w);
        }
        let written = Written {
            written: state.staged.len(),
            unchanged: state.current.len() - state.staged.len(),
            removed: stale.len(),
        };
        Ok((WriteReport { kept: kept_names(&self.output, &self.keep).unwrap_or_default(), warning }, written))
    }

    fn files_on_disk(&self) -> Result<Vec<String>> {
        files_on_disk(&self.output, &self.keep)
    }

    fn remove_aside(&self) -> Option<String> {
        if !self.aside.exists() {
            return None;
        }
        fs::remove_dir_all(&self.aside).err().map(|e| {
            format!(
                "the new site is in place, but the replaced files could not be removed from `{}`: {e}; delete it by hand",
                self.aside.display()
            )
        })
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
            crate::render::watchdog::keep_on_abort(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::check_output;

    /// A site folder with an empty `content/`.
    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir_all(tmp.path().join("content")).unwrap();
        tmp
    }

    /// No staging or aside folder left behind.
    fn assert_nothing_beside_the_output(site: &Path) {
        let mut leftovers: Vec<_> = fs::read_dir(site).unwrap().map(|e| e.unwrap().file_name()).collect();
        leftovers.sort();
        assert_eq!(leftovers, ["content", "output"]);
    }

    fn page(path: &str, body: &str) -> Page {
        Page { path: path.into(), bytes: body.as_bytes().to_vec() }
    }

    fn build(site: &Path, pages: &[Page]) -> Written {
        let target = check_output(site, &site.join("output"), &[]).unwrap();
        let w = Writer::start(&target).unwrap();
        for p in pages {
            w.put(p).unwrap();
        }
        w.finish().unwrap().1
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                if e.file_type().unwrap().is_dir() {
                    stack.push(e.path());
                } else {
                    out.push(e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned());
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn writes_only_what_changed_and_removes_what_is_gone() {
        let tmp = site();
        let site = tmp.path();
        let first = [page("index.html", "home"), page("a/index.html", "a"), page("b/deep/x.csv", "b")];
        assert_eq!(build(site, &first), Written { written: 3, unchanged: 0, removed: 0 });
        fs::write(site.join("output/CNAME"), "example.org").unwrap();
        // the same pages again: nothing written
        assert_eq!(build(site, &first), Written { written: 0, unchanged: 3, removed: 0 });
        // one changed, one gone, one new
        let second = [page("index.html", "home 2"), page("a/index.html", "a"), page("c.html", "c")];
        assert_eq!(build(site, &second), Written { written: 2, unchanged: 1, removed: 1 });
        assert_eq!(fs::read_to_string(site.join("output/index.html")).unwrap(), "home 2");
        assert_eq!(
            listing(&site.join("output")),
            [".milepost-files", ".milepost-output", "CNAME", "a/index.html", "c.html", "index.html"]
        );
        // a file edited by hand in the output is written again, though its page did not change
        fs::write(site.join("output/a/index.html"), "tampered").unwrap();
        assert_eq!(build(site, &second), Written { written: 1, unchanged: 2, removed: 0 });
        assert_eq!(fs::read_to_string(site.join("output/a/index.html")).unwrap(), "a");
        assert_nothing_beside_the_output(site);
    }

    #[test]
    fn a_build_that_stops_before_finishing_changes_nothing() {
        let tmp = site();
        let site = tmp.path();
        build(site, &[page("index.html", "old"), page("p/index.html", "old p")]);
        let target = check_output(site, &site.join("output"), &[]).unwrap();
        let w = Writer::start(&target).unwrap();
        w.put(&page("index.html", "new")).unwrap();
        drop(w);
        assert_eq!(fs::read_to_string(site.join("output/index.html")).unwrap(), "old");
        assert_eq!(fs::read_to_string(site.join("output/p/index.html")).unwrap(), "old p");
        assert_nothing_beside_the_output(site);
    }

    #[test]
    fn a_failed_move_puts_every_file_back() {
        let tmp = site();
        let site = tmp.path();
        build(site, &[page("a.html", "old a"), page("b.html", "old b")]);
        // a file named `z` where the new page `z/index.html` needs a folder: moving it in fails after `a.html`
        // and `b.html` were replaced, and both come back
        fs::write(site.join("output/z"), "in the way").unwrap();
        let target = check_output(site, &site.join("output"), &[]).unwrap();
        let w = Writer::start(&target).unwrap();
        for p in [page("a.html", "new a"), page("b.html", "new b"), page("z/index.html", "new z")] {
            w.put(&p).unwrap();
        }
        assert!(w.finish().is_err());
        assert_eq!(fs::read_to_string(site.join("output/a.html")).unwrap(), "old a");
        assert_eq!(fs::read_to_string(site.join("output/b.html")).unwrap(), "old b");
        assert_eq!(fs::read_to_string(site.join("output/z")).unwrap(), "in the way");
        assert_nothing_beside_the_output(site);
    }

    #[test]
    fn a_manifest_pointing_outside_the_output_is_not_trusted() {
        let tmp = site();
        let site = tmp.path();
        fs::write(site.join("precious.txt"), "keep me").unwrap();
        build(site, &[page("index.html", "x")]);
        let m = site.join("output").join(MANIFEST);
        let text = fs::read_to_string(&m).unwrap() + &format!("{:032x} 7 0 ../precious.txt\n", 1);
        fs::write(&m, text).unwrap();
        build(site, &[page("index.html", "y")]);
        assert_eq!(fs::read_to_string(site.join("precious.txt")).unwrap(), "keep me");
        assert_eq!(fs::read_to_string(site.join("output/index.html")).unwrap(), "y");
    }
}
