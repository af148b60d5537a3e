//! Stage 1, load: the site folder -> `SiteSources` (config, and per project its Markdown documents as repaired
//! UTF-8 text with LF line ends, plus the raw `status.yaml` text). Only this stage reads `content/`.

pub mod git;
pub mod repair;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// One Markdown document as the parser will see it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// File name inside the project folder, e.g. `roadmap.md`.
    pub name: String,
    /// Path relative to the site root with `/` separators, for diagnostics.
    pub path: String,
    /// Text after BOM removal, CRLF -> LF and encoding repair.
    pub text: String,
    /// What repair did, if anything.
    pub repair: Option<repair::Repair>,
}

/// One `content/<slug>/` folder.
#[derive(Debug, Clone)]
pub struct ProjectSource {
    pub slug: String,
    pub documents: Vec<SourceFile>,
    /// `(path, text)` of `status.yaml` when present.
    pub status: Option<(String, String)>,
    /// The documents at the end of each day a commit touched the folder (`YYYY-MM-DD`), oldest first; a document
    /// whose blob the history cache knows comes without text.
    pub days: Vec<(String, Vec<git::HistoricDoc>)>,
    /// `(done, total)` per blob id, from the history cache, for the blobs in `days`.
    pub known_counts: HashMap<String, Counts>,
    /// The git walk of this project's folder, to keep in the history cache.
    pub walk: Option<git::Walk>,
}

/// Everything the later stages need from disk.
#[derive(Debug, Clone)]
pub struct SiteSources {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub projects: Vec<ProjectSource>,
    /// Theme files from `themes/<theme>/` of the site, `(relative path, bytes)`, overriding the built-in ones.
    pub theme_files: Vec<(String, Vec<u8>)>,
}

/// Loads the site. `as_of` is the report date from the command line or `SOURCE_DATE_EPOCH` (else `today:` in
/// site.yaml is used): when it is before later commits, each project's documents are read as they were committed
/// on or before that date, so nothing after it shows anywhere.
pub fn load_site(
    root: &Path,
    progress: bool,
    as_of: Option<time::Date>,
    diagnostics: &mut Diagnostics,
) -> Result<SiteSources> {
    let loader = Loader::open(root, as_of, diagnostics)?;
    let dirs = loader.project_dirs(diagnostics)?;
    let bar = progress_bar(progress && loader.repo.is_some(), dirs.len());
    // projects load in parallel; their diagnostics are merged in folder order
    let loaded: Vec<Result<(ProjectSource, Diagnostics)>> = dirs
        .par_iter()
        .map(|dir| {
            let mut d = Diagnostics::new();
            let p = loader.project(dir, &mut d);
            bar.inc(1);
            p.map(|p| (p, d))
        })
        .collect();
    bar.finish_and_clear();
    let mut projects = Vec::with_capacity(loaded.len());
    for result in loaded {
        let (project, d) = result?;
        diagnostics.extend(d);
        if !project.documents.is_empty() {
            projects.push(project);
        }
    }
    let theme_files = loader.theme_files(diagnostics)?;
    Ok(SiteSources { root: root.to_path_buf(), config: loader.config, projects, theme_files })
}

/// The site opened for loading: its validated configuration, the git repository it sits in (if any) and what
/// earlier builds learned about its history. Projects are loaded one at a time from it, so a rebuild can reload
/// only the project that changed.
pub struct Loader {
    pub config: SiteConfig,
    guard: Guard,
    repo: Option<git::Repo>,
    cache: HistoryCache,
    as_of: Option<time::Date>,
}

impl Loader {
    /// Reads and validates `site.yaml` (problems go to `diagnostics` with their line), opens the repository and
    /// reads the history cache.
    pub fn open(root: &Path, as_of: Option<time::Date>, diagnostics: &mut Diagnostics) -> Result<Loader> {
        if !root.is_dir() {
            bail!("site folder `{}` does not exist; pass the folder that holds `content/`", show(root));
        }
        let guard = Guard::new(root)?;
        let config = load_config(root, &guard, diagnostics)?;
        if !root.join("content").is_dir() {
            bail!(
                "no `content/` folder in `{}`; create `content/<project>/roadmap.md` (see README: content layout)",
                show(root)
            );
        }
        // the site's repository, if it is in one, and what earlier builds learned about its blobs
        let repo = if config.git_history { git::Repo::open(root) } else { None };
        if let Some(note) = repo.as_ref().and_then(git::Repo::shallow_note) {
            diagnostics.push(Diagnostic::warning(".git", 0, note).with_hint(
                "run `git fetch --unshallow` (in CI: `fetch-depth: 0`) for the whole history, or set `git-history: false`",
            ));
        }
        let cache =
            if repo.is_some() { HistoryCache::read(root, &cache_key(&config)) } else { HistoryCache::default() };
        let as_of = as_of.or_else(|| config.today.as_deref().and_then(crate::dates::parse_date));
        Ok(Loader { config, guard, repo, cache, as_of })
    }

    /// Whether history comes from git.
    pub fn has_git(&self) -> bool {
        self.repo.is_some()
    }

    /// What earlier builds learned about the history (to merge into the cache written after a build).
    pub fn history_cache(&self) -> &HistoryCache {
        &self.cache
    }

    /// The project folders under `content/` in name order; reserved names are errors and left out.
    pub fn project_dirs(&self, diagnostics: &mut Diagnostics) -> Result<Vec<PathBuf>> {
        let root = &self.guard.root;
        let mut dirs = Vec::new();
        for path in self.guard.entries(&root.join("content"), diagnostics)? {
            let name = file_name(&path);
            if name.starts_with('.') || !path.is_dir() {
                continue;
            }
            if crate::config::RESERVED_NAMES.iter().any(|r| r.eq_ignore_ascii_case(&name)) {
                diagnostics.push(
                    Diagnostic::error(
                        relative(root, &path),
                        0,
                        format!("project folder `{name}` has a name the site uses for its own pages"),
                    )
                    .with_hint(format!(
                        "rename the folder (e.g. `{name}-project`); reserved names: {}",
                        crate::config::RESERVED_NAMES.join(", ")
                    )),
                );
                continue;
            }
            dirs.push(path);
        }
        Ok(dirs)
    }

    /// One project folder with its history; a project without documents comes back with none (and a warning).
    pub fn project(&self, dir: &Path, d: &mut Diagnostics) -> Result<ProjectSource> {
        let config = &self.config;
        let root = &self.guard.root;
        let mut p = load_project_guarded(&self.guard, dir, config.repair_encoding, d)?;
        if let Some(repo) = &self.repo {
            let (days, damage, walk) = history_days(repo, &p.slug, config.repair_encoding, &self.cache);
            p.days = days;
            p.walk = walk;
            if let Some(date) = self.as_of {
                rewind(repo, &mut p, date, config.repair_encoding, &relative(root, dir), d);
            }
            if let Some(note) = damage {
                d.push(Diagnostic::warning(relative(root, dir), 0, note).with_hint(
                    "run `git fsck` to see what is damaged, or set `git-history: false` to build without history",
                ));
            }
            p.known_counts = p
                .days
                .iter()
                .flat_map(|(_, docs)| docs.iter())
                .filter_map(|doc| self.cache.counts.get(&doc.blob).map(|c| (doc.blob.clone(), c.clone())))
                .collect();
        }
        Ok(p)
    }

    /// A hash of everything a build reads: `site.yaml`, every file under `content/` and `themes/` (names and bytes),
    /// the commit HEAD points to when history comes from git, and `extra` (the report date, options, the
    /// program). Two builds with the same fingerprint make the same site. `None` when something cannot be read
    /// (then no build is skipped).
    pub fn fingerprint(&self, extra: &str) -> Option<u128> {
        let root = &self.guard.root;
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(extra.as_bytes());
        h.update(&[0]);
        match &self.repo {
            Some(repo) => h.update(repo.head()?.as_bytes()),
            None => h.update(b"no git"),
        }
        // every entry's path and kind (an empty folder counts: it is a warning), and the bytes of regular files;
        // a FIFO or device is never opened, a link is followed only inside the site and each folder walked once
        let mut entries = vec![root.join("site.yaml")];
        let mut stack = vec![root.join("content"), root.join("themes")];
        let mut seen = std::collections::HashSet::new();
        let real_root = std::fs::canonicalize(root).ok()?;
        while let Some(dir) = stack.pop() {
            let Ok(real) = std::fs::canonicalize(&dir) else { continue };
            if !real.starts_with(&real_root) || !seen.insert(real) {
                continue;
            }
            let Ok(list) = std::fs::read_dir(&dir) else { continue };
            for e in list {
                let path = e.ok()?.path();
                if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                    stack.push(path.clone());
                }
                entries.push(path);
            }
        }
        entries.sort();
        for path in entries {
            h.update(path.to_string_lossy().as_bytes());
            if let Ok(target) = std::fs::read_link(&path) {
                h.update(format!("\0link {}\0", target.display()).as_bytes());
            }
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => h.update(b"\0dir\0"),
                Ok(m) if m.is_file() && m.len() <= MAX_FILE_BYTES => {
                    let bytes = std::fs::read(&path).ok()?;
                    h.update(&(bytes.len() as u64).to_le_bytes());
                    h.update(&bytes);
                }
                Ok(m) => h.update(format!("\0other {} {:?}\0", m.len(), m.modified().ok()).as_bytes()),
                Err(_) => h.update(b"\0missing\0"),
            }
        }
        Some(h.digest128())
    }

    /// The site's theme overrides, `themes/<theme>/`.
    pub fn theme_files(&self, diagnostics: &mut Diagnostics) -> Result<Vec<(String, Vec<u8>)>> {
        load_theme(&self.guard, &self.config.theme, diagnostics)
    }
}

/// Keeps reading inside the site: a symbolic link that resolves outside the site folder is not followed, and
/// only regular files of a sensible size are read (never a device, a FIFO or `/proc`).
pub struct Guard {
    root: PathBuf,
    real_root: PathBuf,
}

/// Larger files are not roadmaps; they are skipped with a warning.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

impl Guard {
    /// A guard for the site at `root` (which must exist).
    pub fn new(root: &Path) -> Result<Guard> {
        let real_root =
            root.canonicalize().with_context(|| format!("failed to read the site folder `{}`", show(root)))?;
        Ok(Guard { root: root.to_path_buf(), real_root })
    }

    /// The entries of `dir` in name order, leaving out (with a warning) links that lead outside the site.
    fn entries(&self, dir: &Path, diagnostics: &mut Diagnostics) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for path in read_dir_sorted(dir)? {
            if self.allowed(&path, diagnostics) {
                out.push(path);
            }
        }
        Ok(out)
    }

    fn allowed(&self, path: &Path, diagnostics: &mut Diagnostics) -> bool {
        let Ok(meta) = fs::symlink_metadata(path) else { return false };
        if !meta.file_type().is_symlink() {
            return true;
        }
        match fs::canonicalize(path) {
            Ok(target) if target.starts_with(&self.real_root) => true,
            Ok(target) => {
                diagnostics.push(
                    Diagnostic::warning(
                        relative(&self.root, path),
                        0,
                        format!("symbolic link to `{}`, outside the site folder; not followed", show(&target)),
                    )
                    .with_hint("milepost publishes only files inside the site folder; copy the file in if it belongs to the site"),
                );
                false
            }
            Err(_) => {
                diagnostics.push(
                    Diagnostic::warning(relative(&self.root, path), 0, "symbolic link that points nowhere; skipped")
                        .with_hint("remove the link or create what it points to"),
                );
                false
            }
        }
    }

    /// The bytes of a regular file, or `None` (with a warning) for anything else or anything too large.
    fn read(&self, path: &Path, diagnostics: &mut Diagnostics) -> Result<Option<Vec<u8>>> {
        let rel = relative(&self.root, path);
        let meta = fs::metadata(path).with_context(|| format!("failed to read `{}`", show(path)))?;
        if !meta.is_file() {
            diagnostics.push(
                Diagnostic::warning(rel, 0, "not a regular file (a device, a pipe or a socket); skipped")
                    .with_hint("replace it with an ordinary file"),
            );
            return Ok(None);
        }
        if meta.len() > MAX_FILE_BYTES {
            diagnostics.push(
                Diagnostic::warning(
                    rel,
                    0,
                    format!(
                        "file is {} MiB, larger than the {} MiB milepost reads; skipped",
                        meta.len() >> 20,
                        MAX_FILE_BYTES >> 20
                    ),
                )
                .with_hint("split the document, or move generated data out of `content/`"),
            );
            return Ok(None);
        }
        fs::read(path).map(Some).with_context(|| format!("failed to read `{}`", show(path)))
    }
}

fn load_config(root: &Path, guard: &Guard, diagnostics: &mut Diagnostics) -> Result<SiteConfig> {
    let path = root.join("site.yaml");
    if fs::symlink_metadata(&path).is_err() || !guard.allowed(&path, diagnostics) {
        return Ok(SiteConfig::default());
    }
    let Some(bytes) = guard.read(&path, diagnostics)? else { return Ok(SiteConfig::default()) };
    let text = decode(&bytes, "site.yaml", diagnostics);
    match crate::yaml::from_str::<SiteConfig>("site.yaml", &text) {
        Ok(mut config) => {
            for d in config.validate("site.yaml", &text) {
                diagnostics.push(d);
            }
            if config.theme != "default" && !root.join("themes").join(&config.theme).is_dir() {
                let (line, col) = crate::yaml::key_location(&text, "", "theme");
                diagnostics.push(
                    Diagnostic::error(
                        "site.yaml",
                        line,
                        format!("theme `{}` not found: there is no folder `themes/{}/`", config.theme, config.theme),
                    )
                    .at_col(col)
                    .with_snippet(&text, line, col)
                    .with_hint("create the folder, fix the name, or use `theme: default` for the built-in theme"),
                );
                config.theme = "default".into();
            }
            Ok(config)
        }
        Err(d) => {
            diagnostics.push(d);
            Ok(SiteConfig::default())
        }
    }
}

/// Loads one project folder (see [`load_project_guarded`]); links leading outside `root` are not followed.
pub fn load_project(
    root: &Path,
    dir: &Path,
    repair_encoding: bool,
    diagnostics: &mut Diagnostics,
) -> Result<ProjectSource> {
    load_project_guarded(&Guard::new(root)?, dir, repair_encoding, diagnostics)
}

/// Loads one project folder: `*.md` in name order and the optional `status.yaml` (or `status.yml`, not both).
fn load_project_guarded(
    guard: &Guard,
    dir: &Path,
    repair_encoding: bool,
    diagnostics: &mut Diagnostics,
) -> Result<ProjectSource> {
    let root = &guard.root;
    let slug = file_name(dir);
    let mut documents = Vec::new();
    let mut status: Option<(String, String)> = None;
    for path in guard.entries(dir, diagnostics)? {
        let name = file_name(&path);
        let rel = relative(root, &path);
        let is_status = name == "status.yaml" || name == "status.yml";
        if path.is_dir() || !(name.to_ascii_lowercase().ends_with(".md") || is_status) {
            continue;
        }
        let Some(bytes) = guard.read(&path, diagnostics)? else { continue };
        if is_status {
            if let Some((other, _)) = &status {
                diagnostics.push(
                    Diagnostic::error(&rel, 0, format!("both `{other}` and `{rel}` exist; milepost reads only one"))
                        .with_hint("merge them into `status.yaml` and delete `status.yml`"),
                );
                continue;
            }
            status = Some((rel.clone(), decode(&bytes, &rel, diagnostics)));
        } else {
            documents.push(source_file(&name, &rel, &bytes, repair_encoding, diagnostics));
        }
    }
    if documents.is_empty() {
        let has = if status.is_some() { " (only a status file)" } else { "" };
        diagnostics.push(
            Diagnostic::warning(
                relative(root, dir),
                0,
                format!("project folder has no Markdown documents{has}; it is left out of the site"),
            )
            .with_hint("add a `roadmap.md`, or remove the folder"),
        );
    }
    Ok(ProjectSource { slug, documents, status, days: Vec::new(), known_counts: HashMap::new(), walk: None })
}

/// With a report date before later commits: the documents as committed on the last commit day on or before it,
/// and no history after it. The project's `status.yaml` stays as it is now (its dated snapshots after the report
/// date are ignored later); a warning says so.
fn rewind(repo: &git::Repo, p: &mut ProjectSource, date: time::Date, repair: bool, dir: &str, d: &mut Diagnostics) {
    let day = crate::dates::format_date(date);
    let later = p.days.iter().filter(|(x, _)| *x > day).count();
    if later == 0 {
        return;
    }
    p.days.retain(|(x, _)| *x <= day);
    let Some((then, docs)) = p.days.last() else {
        d.push(
            Diagnostic::warning(dir, 0, format!("no commit of this project is on or before the report date {day}"))
                .with_hint("the documents are shown as they are now; pass a later --today to report a committed state"),
        );
        return;
    };
    let mut documents = Vec::new();
    let mut quiet = Diagnostics::new();
    for doc in docs {
        let text = doc.text.clone().or_else(|| repo.blob_text(&doc.blob));
        let Some(text) = text else { continue };
        let path = format!("{dir}/{}", doc.name);
        documents.push(source_file(&doc.name, &path, text.as_bytes(), repair, &mut quiet));
    }
    if documents.is_empty() {
        return;
    }
    p.documents = documents;
    d.push(
        Diagnostic::warning(
            dir,
            0,
            format!(
                "the report date {day} is before {later} later commit day{}: the documents are shown as committed on {then}",
                if later == 1 { "" } else { "s" }
            ),
        )
        .with_hint("status.yaml is read as it is now; drop --today (or `today:`) to report the working tree"),
    );
}

/// The project's documents per commit day, decoded and repaired like today's (their warnings are not repeated).
fn history_days(
    repo: &git::Repo,
    slug: &str,
    repair_encoding: bool,
    cache: &HistoryCache,
) -> (Vec<git::DayDocuments>, Option<String>, Option<git::Walk>) {
    let mut quiet = Diagnostics::new();
    let known = |blob: &str| cache.counts.contains_key(blob);
    let dir = format!("content/{slug}");
    let (mut days, damage, walk) = repo.project_days(&dir, &known, cache.walks.get(&dir));
    for (_, docs) in &mut days {
        for doc in docs.iter_mut() {
            if let Some(text) = doc.text.take() {
                let path = format!("content/{slug}/{}", doc.name);
                doc.text = Some(source_file(&doc.name, &path, text.as_bytes(), repair_encoding, &mut quiet).text);
            }
        }
    }
    (days, damage, walk)
}

/// Items of one document version: done and total (cancelled ones out of scope), and the same in effort days
/// (items without an estimate count nothing there).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub done: u32,
    pub total: u32,
    pub effort_done: f64,
    pub effort_total: f64,
    /// The items by identity (a hash of the title as matched for restatements), to tell a finished item that was
    /// archived from one reopened: done ones and open ones, sorted.
    #[serde(default)]
    pub done_ids: Vec<u32>,
    #[serde(default)]
    pub open_ids: Vec<u32>,
}

impl std::ops::AddAssign<&Counts> for Counts {
    fn add_assign(&mut self, o: &Counts) {
        // saturating: counts may come from a cache file someone edited
        self.done = self.done.saturating_add(o.done);
        self.total = self.total.saturating_add(o.total);
        self.effort_done += o.effort_done;
        self.effort_total += o.effort_total;
        self.done_ids.extend_from_slice(&o.done_ids);
        self.open_ids.extend_from_slice(&o.open_ids);
    }
}

/// Counts per blob id, kept between builds in `SITE/.milepost-cache/history.json` so a rebuild reads
/// and parses only the blobs it has not seen. Keyed by the milepost version and the vocabulary.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryCache {
    pub key: String,
    pub counts: std::collections::BTreeMap<String, Counts>,
    /// The last walk of each project folder (`content/<slug>`), so a rebuild walks only new commits.
    #[serde(default)]
    pub walks: std::collections::BTreeMap<String, git::Walk>,
}

pub const CACHE_FILE: &str = ".milepost-cache/history.json";

/// What the last successful build into one output folder saw and said, so that a build with nothing changed
/// can say the same without doing the work (`SITE/.milepost-cache/build-<output>.json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LastBuild {
    /// [`Loader::fingerprint`] of that build, in hex.
    pub inputs: String,
    /// The warnings it printed, as printed.
    pub warnings: Vec<String>,
    /// Its last line ("built 3 projects (…)"), without the time.
    pub summary: String,
}

/// Where [`LastBuild`] is kept for `output` (any spelling of the same folder gives the same file).
pub fn last_build_path(root: &Path, output: &Path) -> PathBuf {
    let real = std::fs::canonicalize(output).unwrap_or_else(|_| output.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(real.to_string_lossy().as_bytes());
    root.join(format!(".milepost-cache/build-{key:016x}.json"))
}

/// The record of the last build into `output`, if there is a readable one.
pub fn last_build(root: &Path, output: &Path) -> Option<LastBuild> {
    serde_json::from_slice(&std::fs::read(last_build_path(root, output)).ok()?).ok()
}

impl HistoryCache {
    /// The cache for `key`, or an empty one when it is missing, unreadable or for another key.
    pub fn read(root: &Path, key: &str) -> Self {
        fs::read(root.join(CACHE_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<HistoryCache>(&b).ok())
            .filter(|c| c.key == key)
            .map(|mut c| {
                // a hand-edited cache must not feed impossible counts into the history
                c.counts.retain(|_, v| {
                    v.done <= v.total && v.effort_done.is_finite() && v.effort_total.is_finite() && v.effort_done >= 0.0
                });
                c
            })
            .unwrap_or_else(|| HistoryCache { key: key.to_string(), ..Default::default() })
    }
}

/// What the cached counts depend on besides the blob: the extraction rules (version), the vocabulary and
/// whether encodings are repaired.
pub fn cache_key(config: &SiteConfig) -> String {
    // bump the leading tag whenever the extraction rules change: cached counts from older rules are stale
    let text = format!("v4 {} {:?} {}", env!("CARGO_PKG_VERSION"), config.vocabulary, config.repair_encoding);
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// A bar over projects while git history is replayed; hidden off a terminal, under `CI`, or when asked.
pub fn progress_bar(wanted: bool, len: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !wanted || std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("replaying git history {bar:30} {pos}/{len} projects") {
        bar.set_style(style);
    }
    bar
}

/// Decodes, normalizes and repairs one document.
pub fn source_file(
    name: &str,
    path: &str,
    bytes: &[u8],
    repair_encoding: bool,
    diagnostics: &mut Diagnostics,
) -> SourceFile {
    let text = decode(bytes, path, diagnostics);
    let repaired = if repair_encoding { repair::repair(&text) } else { None };
    if let Some(r) = &repaired {
        let mut message = format!(
            "repaired {} emoji/symbol run{} that had been misread as {}",
            r.fixed,
            if r.fixed == 1 { "" } else { "s" },
            r.encoding.name()
        );
        if !r.lost_lines.is_empty() {
            let lines: Vec<String> = r.lost_lines.iter().map(|l| l.to_string()).collect();
            message.push_str(&format!(
                "; bytes were already lost on line{} {} (shown as �)",
                if lines.len() == 1 { "" } else { "s" },
                lines.join(", ")
            ));
        }
        diagnostics.push(Diagnostic::warning(path, 0, message).with_hint(
            "the file is left as it is; re-save it as UTF-8 to silence this, or set `repair-encoding: false`",
        ));
    }
    let text = repaired.as_ref().map_or(text, |r| r.text.clone());
    SourceFile { name: name.to_string(), path: path.to_string(), text, repair: repaired }
}

/// UTF-8 with or without BOM, CRLF or LF. Anything else is decoded as Windows-1252 (every byte maps, nothing is
/// lost) with a warning that names the first bad line.
pub fn decode(bytes: &[u8], path: &str, diagnostics: &mut Diagnostics) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            diagnostics.push(
                Diagnostic::warning(path, line, "file is not valid UTF-8; decoded it as Windows-1252")
                    .with_hint("re-save the file as UTF-8"),
            );
            encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned()
        }
    };
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text }
}

/// The site's files for `theme` (a plain name, checked with the config) from `themes/<theme>/`.
fn load_theme(guard: &Guard, theme: &str, diagnostics: &mut Diagnostics) -> Result<Vec<(String, Vec<u8>)>> {
    let themes = guard.root.join("themes");
    let dir = themes.join(theme);
    if !crate::config::is_plain_name(theme)
        || !dir.is_dir()
        || !guard.allowed(&themes, diagnostics)
        || !guard.allowed(&dir, diagnostics)
    {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for p in guard.entries(&d, diagnostics)? {
            if p.is_dir() {
                stack.push(p);
            } else if let Some(bytes) = guard.read(&p, diagnostics)? {
                files.push((relative(&dir, &p), bytes));
            }
        }
    }
    files.sort();
    Ok(files)
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("failed to read folder `{}`", show(dir)))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

/// A path for a message: control characters escaped.
fn show(p: &Path) -> String {
    crate::diagnostics::printable(&p.display().to_string())
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn relative(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_key_follows_what_the_counts_depend_on() {
        let base = SiteConfig::default();
        let no_repair = SiteConfig { repair_encoding: false, ..SiteConfig::default() };
        let mut words = SiteConfig::default();
        words.vocabulary.status.insert("done".into(), vec!["merged".into()]);
        assert_eq!(cache_key(&base), cache_key(&SiteConfig::default()));
        assert_ne!(cache_key(&base), cache_key(&no_repair));
        assert_ne!(cache_key(&base), cache_key(&words));
    }
}
