//! Stage 6, write: pages -> `output/`, atomically. Everything is written into a staging folder beside the
//! output, which then replaces it; a failed build never leaves a half-written `output/`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::render::Page;

/// Writes `pages` to `output` by way of a staging folder next to it.
pub fn write_site(pages: &[Page], output: &Path) -> Result<()> {
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = write_all(pages, &staging).and_then(|()| swap(&staging, output, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
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
    let bytes = serde_json::to_vec(cache).context("failed to serialize the history cache")?;
    let tmp = path.with_extension("json.tmp");
    fs::write(&tmp, bytes).with_context(|| format!("failed to write `{}`", tmp.display()))?;
    fs::rename(&tmp, &path).with_context(|| format!("failed to write `{}`", path.display()))
}

fn write_all(pages: &[Page], dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    pages.par_iter().try_for_each(|page| {
        let path: PathBuf = page.path.split('/').fold(dir.to_path_buf(), |p, part| p.join(part));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        }
        fs::write(&path, &page.bytes).with_context(|| format!("failed to write `{}`", path.display()))
    })
}

fn swap(staging: &Path, output: &Path, old: &Path) -> Result<()> {
    if output.exists() {
        fs::rename(output, old).with_context(|| format!("failed to move the old `{}` aside", output.display()))?;
    }
    if let Err(e) = fs::rename(staging, output) {
        // put the old output back so nothing is lost
        if old.exists() {
            let _ = fs::rename(old, output);
        }
        return Err(e).with_context(|| format!("failed to move the new site into `{}`", output.display()));
    }
    if old.exists() {
        fs::remove_dir_all(old).with_context(|| format!("failed to remove `{}`", old.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        fs::create_dir_all(out.join("stale")).unwrap();
        fs::write(out.join("stale/x.html"), "old").unwrap();
        let pages = vec![Page { path: "a/b.html".into(), bytes: b"new".to_vec() }];
        write_site(&pages, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "new");
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("output")]);
    }
}
