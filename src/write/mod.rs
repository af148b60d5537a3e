//! Stage 6, write: pages -> `output/`, atomically and without ever losing a file that milepost did not make.
//!
//! The rules (the README's "What milepost writes and deletes" says the same in prose):
//! - milepost only replaces a folder it can prove it made: it holds the marker file [`MARKER`] (or, from
//!   before the marker existed, an `api/projects.json` that names milepost as its generator), or it is empty,
//!   or it holds nothing but files milepost keeps anyway. Anything else is refused before any work is done.
//! - The output is never the site folder, a folder that holds the site, or a folder inside `content/`,
//!   `themes/` or `.git` of the site; a path that names a file is refused.
//! - A symlinked output folder is written through: the folder it points to is the one replaced; the link stays.
//! - Everything is written into a staging folder beside the output first; only when that has fully succeeded is
//!   the old output moved aside and the new one moved in. Files the user keeps in the output (`CNAME`, the
//!   names listed under `keep:` in `site.yaml`, dot-folders and dot-files such as a gh-pages worktree's `.git`)
//!   are moved into the new output, never copied or deleted. If any step fails, everything is moved back.
//! - Removing the old output is the last step; when it fails (a folder that cannot be deleted) the build has
//!   still succeeded and the leftover folder is reported as a warning.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::render::Page;

mod incremental;

/// The file milepost writes into every output folder, proving it made the folder.
pub const MARKER: &str = ".milepost-output";

/// The list of files milepost wrote into the output, with their hashes: what lets the next build write only
/// what changed and delete only what it made.
pub const MANIFEST: &str = ".milepost-files";

/// Files at the top of the output that milepost writes itself (so they are not "kept" from the old output).
const OWN_DOT_FILES: [&str; 3] = [MARKER, ".nojekyll", MANIFEST];

/// Why an output folder was refused. These are usage errors: nothing was read or written yet.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OutputError {
    #[error(
        "refusing to write to `{path}`: it is a file, not a folder\n  help: pass a folder to --output, e.g. `--output public`"
    )]
    IsFile { path: String },
    #[error(
        "refusing to write to `{path}`: {why}\n  help: pick a folder outside the site's sources, e.g. the default `output/` or `--output public`"
    )]
    HoldsSources { path: String, why: String },
    #[error(
        "refusing to replace `{path}`: it is not empty and milepost did not make it (there is no `{MARKER}` file in it)\n  help: milepost only replaces folders it made; pass a new or empty folder to --output, or move `{path}` away yourself if nothing in it is needed"
    )]
    NotOurs { path: String },
    #[error(
        "refusing to write to `{path}`: it is a symbolic link that points nowhere (`{target}`)\n  help: create the folder it points to, or remove the link"
    )]
    DanglingLink { path: String, target: String },
}

/// Where the pages will go, after the checks; `dir` is the real folder (a symlink resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputDir {
    pub dir: PathBuf,
    /// Top-level names in the old output to carry over (`CNAME`, `keep:` entries); dot-entries always are.
    pub keep: Vec<String>,
}

/// Checks that `output` may be replaced by a build of the site at `site`.
pub fn check_output(site: &Path, output: &Path, keep: &[String]) -> Result<OutputDir, OutputError> {
    let shown = crate::diagnostics::printable(&output.display().to_string());
    let mut dir = absolute(output);
    match fs::symlink_metadata(&dir) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(&dir) {
            Ok(target) => dir = target,
            Err(_) => {
                let target = fs::read_link(&dir).map(|t| t.display().to_string()).unwrap_or_default();
                return Err(OutputError::DanglingLink { path: shown, target: crate::diagnostics::printable(&target) });
            }
        },
        _ => {}
    }
    let real = real_path(&dir);
    if real.is_file() || (real.exists() && !real.is_dir()) {
        return Err(OutputError::IsFile { path: shown });
    }
    let site = real_path(&absolute(site));
    let holds = |why: &str| OutputError::HoldsSources { path: shown.clone(), why: why.to_string() };
    if real == site {
        return Err(holds("it is the site folder itself"));
    }
    if site.starts_with(&real) {
        return Err(holds("it holds the site folder"));
    }
    for inner in ["content", "themes", ".git", ".milepost-cache"] {
        if real.starts_with(site.join(inner)) {
            return Err(holds(&format!("it is inside the site's `{inner}/` folder")));
        }
    }
    if real.components().any(|c| c.as_os_str() == ".git") {
        return Err(holds("it is inside a `.git` folder"));
    }
    let mut keep_names: Vec<String> = vec!["CNAME".to_string()];
    keep_names.extend(keep.iter().cloned());
    if real.is_dir() && !made_by_milepost(&real) && !only_kept_entries(&real, &keep_names) {
        return Err(OutputError::NotOurs { path: shown });
    }
    Ok(OutputDir { dir: real, keep: keep_names })
}

/// The folder holds the marker, or (from versions before the marker) milepost's JSON export.
fn made_by_milepost(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    let Ok(bytes) = fs::read(dir.join("api/projects.json")) else { return false };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    head.contains("\"generator\":\"milepost ") && dir.join(".nojekyll").exists()
}

/// Empty, or nothing but entries a build keeps anyway (dot-entries, `CNAME`, `keep:` names).
fn only_kept_entries(dir: &Path, keep: &[String]) -> bool {
    let Ok(entries) = fs::read_dir(dir) else { return false };
    entries.filter_map(|e| e.ok()).all(|e| is_kept(&e.file_name().to_string_lossy(), keep))
}

fn is_kept(name: &str, keep: &[String]) -> bool {
    (name.starts_with('.') && !OWN_DOT_FILES.contains(&name)) || keep.iter().any(|k| k == name)
}

/// `path` made absolute against the working directory, with `.` and `..` resolved lexically.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The canonical form of the longest existing prefix of `path`, with the rest appended.
fn real_path(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut head = path.to_path_buf();
    loop {
        if let Ok(real) = fs::canonicalize(&head) {
            return rest.iter().rev().fold(real, |p: PathBuf, part| p.join(part));
        }
        match (head.file_name().map(|n| n.to_os_string()), head.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                head = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// What a successful write left behind that the user should know about.
#[derive(Debug, Default)]
pub struct WriteReport {
    /// Entries of the old output carried into the new one.
    pub kept: Vec<String>,
    /// A problem after the new output was in place (the build still succeeded).
    pub warning: Option<String>,
}

/// Writes `pages` into `out.dir` through a [`Writer`]: only what changed, by way of a staging folder next to it
/// (see the module docs and [`incremental`]).
pub fn write_site<P: std::borrow::Borrow<Page> + Sync>(pages: &[P], out: &OutputDir) -> Result<WriteReport> {
    let writer = Writer::start(out)?;
    pages.par_iter().try_for_each(|p| writer.put(p.borrow()))?;
    Ok(writer.finish()?.0)
}

/// Saves what a successful build saw and said (see [`crate::load::LastBuild`]); a failure only costs the next
/// build its shortcut.
pub fn save_last_build(root: &Path, output: &Path, record: &crate::load::LastBuild) -> Result<()> {
    let path = crate::load::last_build_path(root, output);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    }
    let tmp = path.with_extension("json.tmp");
    fs::write(&tmp, serde_json::to_vec(record)?).with_context(|| format!("failed to write `{}`", tmp.display()))?;
    fs::rename(&tmp, &path).with_context(|| format!("failed to write `{}`", path.display()))
}

/// Forgets the last build into `output` (before a build that may change it).
pub fn forget_last_build(root: &Path, output: &Path) {
    let _ = fs::remove_file(crate::load::last_build_path(root, output));
}

/// Saves the history cache (`SITE/.milepost-cache/history.json`); nothing is written when it is empty.
pub fn write_history_cache(root: &Path, cache: &crate::load::HistoryCache) -> Result<()> {
    if cache.counts.is_empty() {
        return Ok(());
    }
    let path = root.join(crate::load::CACHE_FILE);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    }
    // counts this build did not need (a report with an earlier --today reads fewer days) stay for the next one
    let mut merged = crate::load::HistoryCache::read(root, &cache.key);
    merged.counts.extend(cache.counts.iter().map(|(k, v)| (k.clone(), v.clone())));
    merged.walks.extend(cache.walks.iter().map(|(k, v)| (k.clone(), v.clone())));
    let bytes = serde_json::to_vec(&merged).context("failed to serialize the history cache")?;
    let tmp = path.with_extension("json.tmp");
    fs::write(&tmp, bytes).with_context(|| format!("failed to write `{}`", tmp.display()))?;
    fs::rename(&tmp, &path).with_context(|| format!("failed to write `{}`", path.display()))
}

pub use incremental::{Writer, hash, output_intact};

fn write_marker(dir: &Path) -> Result<()> {
    let marker = "This folder was made by milepost (https://crates.io/crates/milepost). milepost replaces only \
                  folders that hold this file.\n";
    fs::write(dir.join(MARKER), marker).with_context(|| format!("failed to write `{}`", dir.join(MARKER).display()))
}

/// The top-level names in `output` that a build keeps (`CNAME`, `keep:` names, dot-entries not milepost's own),
/// sorted.
fn kept_names(output: &Path, keep: &[String]) -> Result<Vec<String>> {
    let mut names: Vec<String> = fs::read_dir(output)
        .with_context(|| format!("failed to read `{}`", output.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| is_kept(n, keep))
        .collect();
    names.sort();
    Ok(names)
}

/// Old output aside, kept entries into the new one, new one in place; undone step by step on any failure.
fn swap(staging: &Path, output: &Path, old: &Path, keep: &[String]) -> Result<Vec<String>> {
    if !output.exists() {
        fs::rename(staging, output)
            .with_context(|| format!("failed to move the new site into `{}`", output.display()))?;
        return Ok(Vec::new());
    }
    let kept_names = kept_names(output, keep)?;
    fs::rename(output, old).with_context(|| format!("failed to move the old `{}` aside", output.display()))?;
    let mut moved = Vec::new();
    let mut failure = None;
    for name in &kept_names {
        let (from, to) = (old.join(name), staging.join(name));
        if to.exists() {
            let _ = fs::remove_dir_all(&to).or_else(|_| fs::remove_file(&to));
        }
        match fs::rename(&from, &to) {
            Ok(()) => moved.push(name.clone()),
            Err(e) => {
                failure = Some(anyhow::Error::new(e).context(format!("failed to keep `{}`", from.display())));
                break;
            }
        }
    }
    if failure.is_none()
        && let Err(e) = fs::rename(staging, output)
    {
        failure =
            Some(anyhow::Error::new(e).context(format!("failed to move the new site into `{}`", output.display())));
    }
    match failure {
        None => Ok(kept_names),
        Some(e) => {
            for name in &moved {
                let _ = fs::rename(staging.join(name), old.join(name));
            }
            let _ = fs::rename(old, output);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, body: &str) -> Page {
        Page { path: path.into(), bytes: body.as_bytes().to_vec() }
    }

    #[test]
    fn replaces_its_own_tree_and_keeps_user_files() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let out = site.join("output");
        let target = check_output(&site, &out, &[]).unwrap();
        write_site(&[page("a/b.html", "first")], &target).unwrap();
        assert!(out.join(MARKER).is_file());
        fs::create_dir_all(out.join(".git")).unwrap();
        fs::write(out.join(".git/HEAD"), "ref").unwrap();
        fs::write(out.join("CNAME"), "example.org").unwrap();
        fs::write(out.join("a/stale.html"), "old").unwrap();
        let target = check_output(&site, &out, &[]).unwrap();
        let report = write_site(&[page("a/b.html", "new")], &target).unwrap();
        assert_eq!(report.kept, vec![".git".to_string(), "CNAME".to_string()]);
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref");
        assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "example.org");
        assert!(!out.join("a/stale.html").exists());
        let mut leftovers: Vec<_> = fs::read_dir(&site).unwrap().map(|e| e.unwrap().file_name()).collect();
        leftovers.sort();
        assert_eq!(leftovers, ["content", "output"]);
    }

    #[test]
    fn refuses_folders_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        fs::create_dir_all(site.join("content/p")).unwrap();
        fs::create_dir_all(site.join("themes/x")).unwrap();
        fs::create_dir_all(tmp.path().join("docs")).unwrap();
        fs::write(tmp.path().join("docs/letter.txt"), "dear").unwrap();
        fs::write(tmp.path().join("file.txt"), "x").unwrap();
        let err = |p: PathBuf| check_output(&site, &p, &[]).unwrap_err();
        assert!(matches!(err(site.clone()), OutputError::HoldsSources { .. }));
        assert!(matches!(err(tmp.path().to_path_buf()), OutputError::HoldsSources { .. }));
        assert!(matches!(err(site.join("content")), OutputError::HoldsSources { .. }));
        assert!(matches!(err(site.join("content/p/new")), OutputError::HoldsSources { .. }));
        assert!(matches!(err(site.join("themes/x")), OutputError::HoldsSources { .. }));
        assert!(matches!(err(site.join(".git")), OutputError::HoldsSources { .. }));
        assert!(matches!(err(site.join("output/../content")), OutputError::HoldsSources { .. }));
        assert!(matches!(err(tmp.path().join("docs")), OutputError::NotOurs { .. }));
        assert!(matches!(err(tmp.path().join("file.txt")), OutputError::IsFile { .. }));
        // new, empty, or only dot-entries and CNAME: fine
        assert!(check_output(&site, &tmp.path().join("new/deeper"), &[]).is_ok());
        fs::create_dir_all(tmp.path().join("pages/.git")).unwrap();
        fs::write(tmp.path().join("pages/CNAME"), "x").unwrap();
        assert!(check_output(&site, &tmp.path().join("pages"), &[]).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_is_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        fs::create_dir_all(tmp.path().join("real")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("real"), site.join("output")).unwrap();
        let target = check_output(&site, &site.join("output"), &[]).unwrap();
        write_site(&[page("index.html", "hi")], &target).unwrap();
        assert!(fs::symlink_metadata(site.join("output")).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(tmp.path().join("real/index.html")).unwrap(), "hi");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), site.join("dangling")).unwrap();
        assert!(matches!(
            check_output(&site, &site.join("dangling"), &[]).unwrap_err(),
            OutputError::DanglingLink { .. }
        ));
    }
}
