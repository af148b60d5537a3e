//! History from git (cargo feature `git`, on by default): when the site is in a git repository, each project's
//! Markdown documents as they were at the last commit of every day that changed the project folder. Read with gix
//! (pure Rust). Documents are named by blob id; a blob whose counts the cache already holds is not read again.

use std::collections::HashMap;
use std::path::Path;

/// One document at one point in history: its name, blob id, and text unless the cache already knows the blob.
#[derive(Debug, Clone)]
pub struct HistoricDoc {
    pub name: String,
    pub blob: String,
    pub text: Option<String>,
}

/// The project's documents as of the end of one day (`YYYY-MM-DD`).
pub type DayDocuments = (String, Vec<HistoricDoc>);

/// An open repository and where the site sits in it.
pub struct Repo {
    #[cfg(feature = "git")]
    repo: gix::ThreadSafeRepository,
    /// The site folder relative to the work tree, with a trailing `/` (empty at the top).
    prefix: String,
}

impl Repo {
    /// The repository holding `root`, if any (and if the `git` feature is built in).
    pub fn open(root: &Path) -> Option<Repo> {
        #[cfg(feature = "git")]
        {
            let repo = gix::discover(root).ok()?;
            let workdir = repo.workdir()?.canonicalize().ok()?;
            let site = root.canonicalize().ok()?;
            let rel = site.strip_prefix(&workdir).ok()?;
            let mut prefix =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
            if !prefix.is_empty() {
                prefix.push('/');
            }
            Some(Repo { repo: repo.into_sync(), prefix })
        }
        #[cfg(not(feature = "git"))]
        {
            let _ = root;
            None
        }
    }

    /// Documents per commit day of `dir` (relative to the site, e.g. `content/acme`), oldest first. Blobs in
    /// `known` are listed without their text.
    pub fn project_days(&self, dir: &str, known: &dyn Fn(&str) -> bool) -> Vec<DayDocuments> {
        #[cfg(feature = "git")]
        {
            self.days(dir, known).unwrap_or_default()
        }
        #[cfg(not(feature = "git"))]
        {
            let _ = (dir, known, &self.prefix);
            Vec::new()
        }
    }

    #[cfg(feature = "git")]
    fn days(&self, dir: &str, known: &dyn Fn(&str) -> bool) -> Option<Vec<DayDocuments>> {
        let repo = self.repo.to_thread_local();
        let path = format!("{}{dir}", self.prefix);
        let head = repo.head_commit().ok()?;
        // every commit that changed the folder's tree, with its committer date in its own time zone
        let mut touched: Vec<(i64, String, gix::ObjectId)> = Vec::new();
        for info in head.ancestors().all().ok()? {
            let Ok(info) = info else { continue };
            let Ok(commit) = info.object() else { continue };
            let folder = |c: &gix::Commit<'_>| -> Option<gix::ObjectId> {
                c.tree().ok()?.lookup_entry_by_path(&path).ok()?.map(|e| e.object_id())
            };
            let Some(now) = folder(&commit) else { continue };
            let before = commit
                .parent_ids()
                .next()
                .and_then(|p| p.object().ok())
                .and_then(|o| o.try_into_commit().ok())
                .and_then(|c| folder(&c));
            if before == Some(now) {
                continue;
            }
            let Ok(time) = commit.committer().map(|c| c.time()) else { continue };
            let Ok(time) = time else { continue };
            let local = time.seconds + i64::from(time.offset);
            touched.push((time.seconds, day_of(local), commit.id));
        }
        // the walk goes newest first; oldest first, and a stable sort keeps parents before children on equal times
        touched.reverse();
        touched.sort_by_key(|(t, _, _)| *t);
        // the last commit of each day
        let mut days: Vec<(String, gix::ObjectId)> = Vec::new();
        for (_, day, id) in touched {
            match days.last_mut() {
                Some((d, last)) if *d == day => *last = id,
                _ => days.push((day, id)),
            }
        }
        let mut texts: HashMap<gix::ObjectId, Option<String>> = HashMap::new();
        let mut out = Vec::new();
        for (day, id) in days {
            let Ok(commit) = repo.find_commit(id) else { continue };
            let Some(entry) = commit.tree().ok().and_then(|t| t.lookup_entry_by_path(&path).ok().flatten()) else {
                out.push((day, Vec::new()));
                continue;
            };
            let Some(tree) = entry.object().ok().and_then(|o| o.try_into_tree().ok()) else { continue };
            let mut docs = Vec::new();
            for e in tree.iter().filter_map(Result::ok) {
                let name = e.filename().to_string();
                if !e.mode().is_blob() || !name.to_ascii_lowercase().ends_with(".md") {
                    continue;
                }
                let blob = e.oid().to_owned();
                let hex = blob.to_string();
                let text = texts
                    .entry(blob)
                    .or_insert_with(|| {
                        if known(&hex) {
                            None
                        } else {
                            repo.find_object(blob).ok().map(|o| String::from_utf8_lossy(&o.data).into_owned())
                        }
                    })
                    .clone();
                docs.push(HistoricDoc { name, blob: hex, text });
            }
            docs.sort_by(|a, b| a.name.cmp(&b.name));
            out.push((day, docs));
        }
        Some(out)
    }
}

/// `YYYY-MM-DD` of a Unix time (already shifted into the committer's time zone).
fn day_of(seconds: i64) -> String {
    let date = time::OffsetDateTime::from_unix_timestamp(seconds).map(|t| t.date()).unwrap_or(time::Date::MIN);
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}
