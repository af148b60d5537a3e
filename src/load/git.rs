//! History from git: when the site is in a git repository, each project's Markdown documents as they were at the
//! last commit of every day that touched the project folder. Read with the `git` command (blobs are read once
//! per blob id); the parse stage re-extracts each day and the model turns the counts into snapshots.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// The project's documents as of the end of one day: `(date YYYY-MM-DD, [(file name, text)])`.
pub type DayDocuments = (String, Vec<(String, String)>);

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(root).args(args).env("GIT_OPTIONAL_LOCKS", "0").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Documents per commit day of `dir` (relative to `root`, e.g. `content/acme`), oldest first; empty when `root`
/// is not in a git repository or git is not installed.
pub fn project_days(root: &Path, dir: &str, blobs: &mut HashMap<String, String>) -> Vec<DayDocuments> {
    let Some(log) = git(root, &["log", "--format=%H %cs", "--reverse", "--", dir]) else { return Vec::new() };
    // the last commit of each day
    let mut days: Vec<(String, String)> = Vec::new();
    for line in log.lines() {
        let Some((hash, date)) = line.split_once(' ') else { continue };
        match days.last_mut() {
            Some((d, h)) if d == date => *h = hash.to_string(),
            _ => days.push((date.to_string(), hash.to_string())),
        }
    }
    let mut out = Vec::new();
    for (date, hash) in days {
        let Some(tree) = git(root, &["ls-tree", "-r", &hash, "--", &format!("{dir}/")]) else { continue };
        let mut docs = Vec::new();
        for entry in tree.lines() {
            // "<mode> blob <id>\t<path>"
            let Some((meta, path)) = entry.split_once('\t') else { continue };
            let mut parts = meta.split_whitespace();
            let (Some(_), Some("blob"), Some(id)) = (parts.next(), parts.next(), parts.next()) else { continue };
            let name = path.rsplit('/').next().unwrap_or(path);
            if !name.to_ascii_lowercase().ends_with(".md") || path.trim_start_matches(&format!("{dir}/")).contains('/')
            {
                continue;
            }
            if !blobs.contains_key(id)
                && let Some(text) = git(root, &["cat-file", "blob", id])
            {
                blobs.insert(id.to_string(), text);
            }
            if let Some(text) = blobs.get(id) {
                docs.push((name.to_string(), text.clone()));
            }
        }
        docs.sort();
        out.push((date, docs));
    }
    out
}

/// The site folder relative to the repository's top level (`""` at the top), or `None` outside a repository.
pub fn prefix(root: &Path) -> Option<String> {
    git(root, &["rev-parse", "--show-prefix"]).map(|s| s.trim().trim_end_matches('/').to_string())
}
