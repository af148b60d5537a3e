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

/// Reads the config, every project and the site's theme overrides.
pub fn load_site(root: &Path, progress: bool, diagnostics: &mut Diagnostics) -> Result<SiteSources> {
    if !root.is_dir() {
        bail!("site folder `{}` does not exist; pass the folder that holds `content/`", root.display());
    }
    let config = load_config(root, diagnostics)?;
    let content = root.join("content");
    if !content.is_dir() {
        bail!(
            "no `content/` folder in `{}`; create `content/<project>/roadmap.md` (see README: content layout)",
            root.display()
        );
    }
    let mut dirs: Vec<PathBuf> = read_dir_sorted(&content)?.into_iter().filter(|p| p.is_dir()).collect();
    dirs.retain(|p| !file_name(p).starts_with('.'));
    // the site's repository, if it is in one, and what earlier builds learned about its blobs
    let repo = if config.git_history { git::Repo::open(root) } else { None };
    let cache = if repo.is_some() { HistoryCache::read(root, &cache_key(&config)) } else { HistoryCache::default() };
    let bar = progress_bar(progress && repo.is_some(), dirs.len());
    // projects load in parallel; their diagnostics are merged in folder order
    let loaded: Vec<Result<(ProjectSource, Diagnostics)>> = dirs
        .par_iter()
        .map(|dir| {
            let mut d = Diagnostics::new();
            load_project(root, dir, config.repair_encoding, &mut d).map(|mut p| {
                if let Some(repo) = &repo {
                    p.days = history_days(repo, &p.slug, config.repair_encoding, &cache);
                    p.known_counts = p
                        .days
                        .iter()
                        .flat_map(|(_, docs)| docs.iter())
                        .filter_map(|doc| cache.counts.get(&doc.blob).map(|c| (doc.blob.clone(), *c)))
                        .collect();
                    bar.inc(1);
                }
                (p, d)
            })
        })
        .collect();
    bar.finish_and_clear();
    let mut projects = Vec::with_capacity(loaded.len());
    for result in loaded {
        let (project, d) = result?;
        diagnostics.extend(d);
        projects.push(project);
    }
    let theme_files = load_theme(root, &config.theme)?;
    Ok(SiteSources { root: root.to_path_buf(), config, projects, theme_files })
}

fn load_config(root: &Path, diagnostics: &mut Diagnostics) -> Result<SiteConfig> {
    let path = root.join("site.yaml");
    if !path.exists() {
        return Ok(SiteConfig::default());
    }
    let bytes = fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
    let text = decode(&bytes, "site.yaml", diagnostics);
    match crate::yaml::from_str::<SiteConfig>("site.yaml", &text) {
        Ok(config) => Ok(config),
        Err(d) => {
            diagnostics.push(d);
            Ok(SiteConfig::default())
        }
    }
}

/// Loads one project folder: `*.md` in name order and the optional `status.yaml`.
pub fn load_project(
    root: &Path,
    dir: &Path,
    repair_encoding: bool,
    diagnostics: &mut Diagnostics,
) -> Result<ProjectSource> {
    let slug = file_name(dir);
    let mut documents = Vec::new();
    let mut status = None;
    for path in read_dir_sorted(dir)? {
        let name = file_name(&path);
        let rel = relative(root, &path);
        if path.is_file() && name.to_ascii_lowercase().ends_with(".md") {
            let bytes = fs::read(&path).with_context(|| format!("failed to read `{rel}`"))?;
            documents.push(source_file(&name, &rel, &bytes, repair_encoding, diagnostics));
        } else if name == "status.yaml" || name == "status.yml" {
            let bytes = fs::read(&path).with_context(|| format!("failed to read `{rel}`"))?;
            status = Some((rel.clone(), decode(&bytes, &rel, diagnostics)));
        }
    }
    if documents.is_empty() {
        diagnostics.push(
            Diagnostic::warning(relative(root, dir), 0, "project folder has no Markdown documents")
                .with_hint("add a `roadmap.md`, or remove the folder"),
        );
    }
    Ok(ProjectSource { slug, documents, status, days: Vec::new(), known_counts: HashMap::new() })
}

/// The project's documents per commit day, decoded and repaired like today's (their warnings are not repeated).
fn history_days(
    repo: &git::Repo,
    slug: &str,
    repair_encoding: bool,
    cache: &HistoryCache,
) -> Vec<(String, Vec<git::HistoricDoc>)> {
    let mut quiet = Diagnostics::new();
    let known = |blob: &str| cache.counts.contains_key(blob);
    let mut days = repo.project_days(&format!("content/{slug}"), &known);
    for (_, docs) in &mut days {
        for doc in docs.iter_mut() {
            if let Some(text) = doc.text.take() {
                let path = format!("content/{slug}/{}", doc.name);
                doc.text = Some(source_file(&doc.name, &path, text.as_bytes(), repair_encoding, &mut quiet).text);
            }
        }
    }
    days
}

/// Items of one document version: done and total (cancelled ones out of scope), and the same in effort days
/// (items without an estimate count nothing there).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub done: u32,
    pub total: u32,
    pub effort_done: f64,
    pub effort_total: f64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.done += o.done;
        self.total += o.total;
        self.effort_done += o.effort_done;
        self.effort_total += o.effort_total;
    }
}

/// Counts per blob id, kept between builds in `SITE/.milepost-cache/history.json` so a rebuild reads
/// and parses only the blobs it has not seen. Keyed by the milepost version and the vocabulary.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryCache {
    pub key: String,
    pub counts: std::collections::BTreeMap<String, Counts>,
}

pub const CACHE_FILE: &str = ".milepost-cache/history.json";

impl HistoryCache {
    /// The cache for `key`, or an empty one when it is missing, unreadable or for another key.
    pub fn read(root: &Path, key: &str) -> Self {
        fs::read(root.join(CACHE_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<HistoryCache>(&b).ok())
            .filter(|c| c.key == key)
            .unwrap_or_else(|| HistoryCache { key: key.to_string(), counts: Default::default() })
    }
}

/// What the cached counts depend on besides the blob: the extraction rules (version) and the vocabulary.
pub fn cache_key(config: &SiteConfig) -> String {
    let text = format!("v2 {} {:?}", env!("CARGO_PKG_VERSION"), config.vocabulary);
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// A bar over projects while git history is replayed; hidden off a terminal, under `CI`, or when asked.
fn progress_bar(wanted: bool, len: usize) -> indicatif::ProgressBar {
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

fn load_theme(root: &Path, theme: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let dir = root.join("themes").join(theme);
    if !dir.is_dir() {
        if theme != "default" {
            bail!(
                "theme `{theme}` not found: expected a folder `themes/{theme}/` in the site (or use `theme: default`)"
            );
        }
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for p in read_dir_sorted(&d)? {
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = relative(&dir, &p);
                let bytes = fs::read(&p).with_context(|| format!("failed to read theme file `{}`", p.display()))?;
                files.push((rel, bytes));
            }
        }
    }
    files.sort();
    Ok(files)
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("failed to read folder `{}`", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn relative(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}
