//! History from git (cargo feature `git`, on by default): when the site is in a git repository, each project's
//! Markdown documents as they were at the last commit of every day that changed the project folder. Read with gix
//! (pure Rust). Documents are named by blob id; a blob whose counts the cache already holds is not read again.

#[cfg(feature = "git")]
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

/// What a walk of one project folder's history found, kept in the history cache so that a rebuild walks only the
/// commits made since (none when HEAD has not moved) and reads no tree it has read before.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Walk {
    /// The commit the walk started from.
    pub head: String,
    /// Commits that changed the folder, oldest first, with their committer-local day.
    pub touched: Vec<(String, String)>,
    /// Per day: its last commit and the folder's Markdown documents then.
    pub days: Vec<(String, String, Vec<NamedBlob>)>,
}

/// A document's file name and blob id.
pub type NamedBlob = (String, String);

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

    /// The commit HEAD points to, in hex (what the history depends on besides the work tree).
    pub fn head(&self) -> Option<String> {
        #[cfg(feature = "git")]
        {
            let repo = self.repo.to_thread_local();
            repo.head_id().ok().map(|id| id.to_string())
        }
        #[cfg(not(feature = "git"))]
        {
            None
        }
    }

    /// The text of a blob by its hex id, if it can be read.
    pub fn blob_text(&self, hex: &str) -> Option<String> {
        #[cfg(feature = "git")]
        {
            let id = gix::ObjectId::from_hex(hex.as_bytes()).ok()?;
            let repo = self.repo.to_thread_local();
            let object = repo.find_object(id).ok()?;
            Some(String::from_utf8_lossy(&object.data).into_owned())
        }
        #[cfg(not(feature = "git"))]
        {
            let _ = hex;
            None
        }
    }

    /// A sentence for a shallow clone (history cut off), or `None` for a full one.
    pub fn shallow_note(&self) -> Option<String> {
        #[cfg(feature = "git")]
        {
            let repo = self.repo.to_thread_local();
            if !repo.is_shallow().unwrap_or(false) {
                return None;
            }
            let commits = repo.head_commit().ok().map_or(0, |h| h.ancestors().all().map_or(0, |w| w.count()));
            Some(format!(
                "the git repository is a shallow clone: history is cut off, only {commits} commit{} could be used",
                if commits == 1 { "" } else { "s" }
            ))
        }
        #[cfg(not(feature = "git"))]
        {
            None
        }
    }

    /// Documents per commit day of `dir` (relative to the site, e.g. `content/acme`), oldest first. Blobs in
    /// `known` are listed without their text. The second value says what could not be read, if anything.
    /// `cached` is the walk an earlier build made of the same folder; the walk made now comes back third.
    pub fn project_days(
        &self,
        dir: &str,
        known: &dyn Fn(&str) -> bool,
        cached: Option<&Walk>,
    ) -> (Vec<DayDocuments>, Option<String>, Option<Walk>) {
        #[cfg(feature = "git")]
        {
            let mut damage = Damage::default();
            let (days, walk) = match self.days(dir, known, cached, &mut damage) {
                Some((days, walk)) => (days, Some(walk)),
                None => (Vec::new(), None),
            };
            // a walk that met damage is not cached: the next build tries again
            let walk = walk.filter(|_| damage.unreadable == 0);
            let note = (damage.unreadable > 0 || damage.no_head).then(|| {
                if damage.no_head {
                    "git history could not be read (HEAD does not lead to a readable commit); no history from git was used".to_string()
                } else {
                    format!(
                        "git history is damaged: {} object{} could not be read; used the {} commit{} that could (first problem: {})",
                        damage.unreadable,
                        if damage.unreadable == 1 { "" } else { "s" },
                        damage.read,
                        if damage.read == 1 { "" } else { "s" },
                        damage.first.as_deref().unwrap_or("unknown")
                    )
                }
            });
            (days, note, walk)
        }
        #[cfg(not(feature = "git"))]
        {
            let _ = (dir, known, cached, &self.prefix);
            (Vec::new(), None, None)
        }
    }

    #[cfg(feature = "git")]
    fn days(
        &self,
        dir: &str,
        known: &dyn Fn(&str) -> bool,
        cached: Option<&Walk>,
        damage: &mut Damage,
    ) -> Option<(Vec<DayDocuments>, Walk)> {
        let repo = self.repo.to_thread_local();
        let path = format!("{}{dir}", self.prefix);
        let head = match repo.head_commit() {
            Ok(h) => h,
            Err(_) => {
                // an unborn branch (no commit yet) is not damage
                damage.no_head = !repo.head().is_ok_and(|h| h.is_unborn());
                return None;
            }
        };
        let head_id = head.id.to_string();
        // every commit that changed the folder's tree, with its committer date in its own time zone
        let mut touched: Vec<(i64, String, gix::ObjectId)> = Vec::new();
        // the walk stops where the cached one started: the commits before it were walked then
        let stop = cached.map(|c| c.head.clone());
        let mut reached_cache = false;
        // the first parent only: a merged side branch's commits are not states of this branch
        let walk = match head.ancestors().first_parent_only().all() {
            Ok(w) => w,
            Err(e) => {
                damage.note(e.to_string());
                return None;
            }
        };
        for info in walk {
            let info = match info {
                Ok(i) => i,
                Err(e) => {
                    damage.note(e.to_string());
                    continue;
                }
            };
            if stop.as_deref() == Some(info.id.to_string().as_str()) {
                reached_cache = true;
                break;
            }
            let commit = match info.object() {
                Ok(c) => c,
                Err(e) => {
                    damage.note(e.to_string());
                    continue;
                }
            };
            damage.read += 1;
            // the folder's tree id in a commit: Ok(None) when the folder is not there, Err when unreadable
            let folder = |c: &gix::Commit<'_>| -> Result<Option<gix::ObjectId>, String> {
                let tree = c.tree().map_err(|e| format!("commit {}: {e}", c.id))?;
                let entry = tree.lookup_entry_by_path(&path).map_err(|e| format!("commit {}: {e}", c.id))?;
                Ok(entry.map(|e| e.object_id()))
            };
            let now = match folder(&commit) {
                Ok(Some(now)) => now,
                Ok(None) => continue,
                Err(e) => {
                    damage.note(e);
                    continue;
                }
            };
            let before = commit
                .parent_ids()
                .next()
                .and_then(|p| p.object().ok())
                .and_then(|o| o.try_into_commit().ok())
                .and_then(|c| folder(&c).ok().flatten());
            if before == Some(now) {
                continue;
            }
            let Ok(time) = commit.committer().map(|c| c.time()) else { continue };
            let Ok(time) = time else { continue };
            // a forged timestamp far outside the calendar is no data point
            let Some(day) = time.seconds.checked_add(i64::from(time.offset)).and_then(day_of) else { continue };
            touched.push((time.seconds, day, commit.id));
        }
        // the walk goes newest first along the first parents; reversed it is the order the commits were made in,
        // whatever their clocks and time zones say. Each committer-local day keeps its last commit in that order.
        touched.reverse();
        let mut all: Vec<(String, String)> = match cached {
            Some(c) if reached_cache => c.touched.clone(),
            _ => Vec::new(),
        };
        all.extend(touched.into_iter().map(|(_, day, id)| (day, id.to_string())));
        let mut last_of_day: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        for (day, id) in &all {
            last_of_day.insert(day.clone(), id.clone());
        }
        let known_days: HashMap<(&str, &str), &Vec<(String, String)>> = cached
            .map(|c| c.days.iter().map(|(d, id, docs)| ((d.as_str(), id.as_str()), docs)).collect())
            .unwrap_or_default();
        let mut walk = Walk { head: head_id, touched: all.clone(), days: Vec::new() };
        let mut texts: HashMap<gix::ObjectId, Option<String>> = HashMap::new();
        let mut out = Vec::new();
        for (day, id_hex) in last_of_day {
            // the documents of a day whose last commit was read before: from the cache, no tree read
            let listed: Option<Vec<(String, String)>> = match known_days.get(&(day.as_str(), id_hex.as_str())) {
                Some(docs) => Some((*docs).clone()),
                None => {
                    let Ok(id) = gix::ObjectId::from_hex(id_hex.as_bytes()) else { continue };
                    let Ok(commit) = repo.find_commit(id) else {
                        damage.note(format!("commit {id} could not be read"));
                        continue;
                    };
                    match commit.tree().ok().and_then(|t| t.lookup_entry_by_path(&path).ok().flatten()) {
                        None => None,
                        Some(entry) => {
                            let Some(tree) = entry.object().ok().and_then(|o| o.try_into_tree().ok()) else {
                                damage.note(format!("the folder's tree in commit {id} could not be read"));
                                continue;
                            };
                            let mut docs = Vec::new();
                            for e in tree.iter().filter_map(Result::ok) {
                                let name = e.filename().to_string();
                                if e.mode().is_blob() && name.to_ascii_lowercase().ends_with(".md") {
                                    docs.push((name, e.oid().to_string()));
                                }
                            }
                            Some(docs)
                        }
                    }
                }
            };
            let Some(listed) = listed else {
                // the folder is gone on this day
                walk.days.push((day.clone(), id_hex.clone(), Vec::new()));
                if !out.is_empty() {
                    out.push((day, Vec::new()));
                }
                continue;
            };
            walk.days.push((day.clone(), id_hex.clone(), listed.clone()));
            let mut docs = Vec::new();
            for (name, hex) in listed {
                let Ok(blob) = gix::ObjectId::from_hex(hex.as_bytes()) else { continue };
                let text = match texts.get(&blob) {
                    Some(t) => t.clone(),
                    None => {
                        let t = if known(&hex) {
                            None
                        } else {
                            match repo.find_object(blob) {
                                Ok(o) => Some(String::from_utf8_lossy(&o.data).into_owned()),
                                Err(e) => {
                                    damage.note(format!("{name} in commit {id_hex}: {e}"));
                                    None
                                }
                            }
                        };
                        texts.insert(blob, t.clone());
                        t
                    }
                };
                docs.push(HistoricDoc { name, blob: hex, text });
            }
            docs.sort_by(|a, b| a.name.cmp(&b.name));
            // no snapshot before the project has a document (a status.yaml committed first, a .txt renamed later)
            if docs.is_empty() && out.iter().all(|(_, d): &DayDocuments| d.is_empty()) {
                continue;
            }
            out.push((day, docs));
        }
        Some((out, walk))
    }
}

/// What could not be read while walking the history.
#[cfg(feature = "git")]
#[derive(Debug, Default)]
struct Damage {
    read: usize,
    unreadable: usize,
    first: Option<String>,
    no_head: bool,
}

#[cfg(feature = "git")]
impl Damage {
    fn note(&mut self, problem: String) {
        self.unreadable += 1;
        self.first.get_or_insert(problem);
    }
}

/// `YYYY-MM-DD` of a Unix time (already shifted into the committer's time zone), within milepost's date range.
#[cfg(feature = "git")]
fn day_of(seconds: i64) -> Option<String> {
    let date = time::OffsetDateTime::from_unix_timestamp(seconds).ok()?.date();
    crate::dates::in_range(date).then(|| crate::dates::format_date(date))
}
