//! The pipeline driven as a whole: load -> parse -> model -> analyze -> render. `write` is left to the caller
//! so `check` can run everything without touching the disk.
//!
//! [`Site`] is the one context every command uses (`build`, `check`, `inspect`, `serve`, `watch`): the validated
//! configuration, the report date, the calendar, the vocabulary and the theme. [`SiteState`] is the site built
//! from it, one unit of work per project keyed by its folder name, so a rebuild can redo one project, or only
//! re-render, and end with exactly what a full build gives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;
use time::Date;

use crate::analyze::{Analysis, Calendar, ProjectAnalysis, analyze_project};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Counts, HistoryCache, Loader, SiteSources, cache_key, git::Walk};
use crate::model::{Portfolio, Project, build_project, parse_date};
use crate::parse::{Vocabulary, parse_project};
use crate::render::{Page, theme};

/// Choices made on the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--today` or `SOURCE_DATE_EPOCH`; beats `today:` in site.yaml.
    pub today: Option<Date>,
    /// Used only when nothing else says what today is.
    pub clock: Date,
    /// `--base-url`, beats site.yaml.
    pub base_url: Option<String>,
    /// Show a progress bar while git history is replayed (the bar hides itself off a terminal and under `CI`).
    pub progress: bool,
}

impl Options {
    /// No flags: `today` if given, else site.yaml, else `clock`.
    pub fn at(today: Option<Date>, clock: Date) -> Options {
        Options { today, clock, base_url: None, progress: false }
    }
}

/// The site opened for a run: everything decided once for all projects.
pub struct Site {
    pub root: PathBuf,
    loader: Loader,
    /// The validated configuration (with `--base-url` applied).
    pub config: SiteConfig,
    /// The report date: `--today` / `SOURCE_DATE_EPOCH`, else `today:` in site.yaml, else the clock.
    pub today: Date,
    pub calendar: Calendar,
    vocab: Vocabulary,
    /// `None` when the theme failed to load; rendering then fails with the theme's error.
    theme: Option<theme::Theme>,
    theme_error: Option<String>,
    /// Problems with site.yaml, each with its line.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems reading the theme folder.
    theme_diagnostics: Vec<Diagnostic>,
    progress: bool,
}

impl Site {
    /// Reads site.yaml and the theme. Configuration problems become located diagnostics (an invalid value is
    /// reported and replaced by its default, so the rest of the run can still report everything it finds); a bad
    /// `--base-url` is a usage error.
    pub fn open(root: &Path, options: &Options) -> Result<Site> {
        let mut diagnostics = Diagnostics::new();
        let loader = Loader::open(root, options.today, &mut diagnostics)?;
        let mut config = loader.config.clone();
        if let Some(url) = &options.base_url {
            if !crate::url::is_safe_base(url) {
                return Err(crate::diagnostics::UsageError(format!(
                    "--base-url `{}` is not an http(s) address or a path\n  help: write it like https://owner.github.io/repo/ or /repo/",
                    crate::diagnostics::printable(url)
                ))
                .into());
            }
            config.base_url = url.clone();
        }
        // site.yaml's `today` and `working-days` were validated on load; an invalid one was reported and removed
        let today = options.today.or_else(|| config.today.as_deref().and_then(parse_date)).unwrap_or(options.clock);
        let calendar = Calendar::from_names(&config.working_days).unwrap_or_default();
        // unknown vocabulary keys were reported with their line when site.yaml was read
        let (vocab, _) = Vocabulary::from_config(&config.vocabulary);
        let mut site = Site {
            root: root.to_path_buf(),
            loader,
            config,
            today,
            calendar,
            vocab,
            theme: None,
            theme_error: None,
            diagnostics: diagnostics.iter().cloned().collect(),
            theme_diagnostics: Vec::new(),
            progress: options.progress,
        };
        let mut d = Diagnostics::new();
        site.reload_theme(&mut d)?;
        site.replace_theme_diagnostics(d);
        Ok(site)
    }

    /// Reads the theme folder again (after a template or static file changed).
    pub fn reload_theme(&mut self, diagnostics: &mut Diagnostics) -> Result<()> {
        let files = self.loader.theme_files(diagnostics)?;
        match theme::load_theme(&files) {
            Ok(t) => {
                self.theme = Some(t);
                self.theme_error = None;
            }
            Err(e) => {
                self.theme = None;
                self.theme_error = Some(e.to_string());
            }
        }
        Ok(())
    }

    /// Sets the problems found reading the theme folder (after [`Site::reload_theme`]).
    pub fn replace_theme_diagnostics(&mut self, d: Diagnostics) {
        self.theme_diagnostics = d.iter().cloned().collect();
    }

    /// The problems with site.yaml and the theme folder.
    pub fn site_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().chain(&self.theme_diagnostics)
    }

    /// The theme, or the error that kept it from loading.
    pub fn theme(&self) -> Result<&theme::Theme> {
        match (&self.theme, &self.theme_error) {
            (Some(t), _) => Ok(t),
            (None, Some(e)) => Err(anyhow::anyhow!("{e}")),
            (None, None) => Err(anyhow::anyhow!("the theme is not loaded")),
        }
    }

    /// Whether history comes from git.
    /// See [`Loader::fingerprint`]; `extra` adds what else the build depends on (the output folder, say).
    pub fn fingerprint(&self, extra: &str) -> Option<u128> {
        // the program itself: another build of milepost may render differently
        let exe = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok());
        let program = exe.map(|m| format!("{} {:?}", m.len(), m.modified().ok())).unwrap_or_default();
        let extra =
            format!("{} {program}\n{}\n{:?}\n{extra}", env!("CARGO_PKG_VERSION"), self.today, self.config.base_url);
        self.loader.fingerprint(&extra)
    }

    pub fn has_git(&self) -> bool {
        self.loader.has_git()
    }

    /// Loads, parses, models and analyses one project folder.
    pub fn model_folder(&self, dir: &Path) -> Result<Folder> {
        let mut d = Diagnostics::new();
        let source = self.loader.project(dir, &mut d)?;
        let mut diagnostics: Vec<Diagnostic> = d.iter().cloned().collect();
        if source.documents.is_empty() {
            return Ok(Folder { diagnostics, unit: None });
        }
        let walk = source.walk.clone();
        let (mut raw, parse_diagnostics) = parse_project(source, &self.vocab);
        let mut model_diagnostics = parse_diagnostics;
        let counts: BTreeMap<String, Counts> = std::mem::take(&mut raw.blob_counts).into_iter().collect();
        let project = build_project(raw, self.today, &mut model_diagnostics);
        diagnostics.extend(model_diagnostics);
        let analysis = analyze_project(&project, self.today, &self.calendar);
        // roadmap checks that site.yaml turned off are not reported
        diagnostics.extend(analysis.findings.iter().filter(|d| d.lint.is_none_or(|l| self.config.lint_on(l))).cloned());
        Ok(Folder { diagnostics, unit: Some(Unit { project, analysis, files: None, counts, walk }) })
    }

    /// Renders one project's own pages.
    pub fn render_project(&self, p: &Project, a: &ProjectAnalysis) -> Result<crate::render::ProjectFiles> {
        Ok(crate::render::project_files(p, a, &self.config, self.theme()?, self.today)?)
    }

    /// The folders under `content/` that hold projects, by name, with the problems found listing them.
    pub fn folders(&self) -> Result<(Vec<NamedDir>, Vec<Diagnostic>)> {
        let mut d = Diagnostics::new();
        let dirs = self.loader.project_dirs(&mut d)?;
        let named = dirs
            .into_iter()
            .map(|p| (p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), p))
            .collect();
        Ok((named, d.iter().cloned().collect()))
    }
}

/// Where [`SiteState::build_into`] hands rendered project pages.
pub type Sink<'a> = &'a (dyn Fn(Page) -> Result<()> + Sync);

/// A project folder and its name.
pub type NamedDir = (String, PathBuf);

/// One project folder after analysis: its diagnostics so far, and the project unless it has no documents.
pub struct Folder {
    pub diagnostics: Vec<Diagnostic>,
    pub unit: Option<Unit>,
}

/// One project's unit of work.
pub struct Unit {
    pub project: Project,
    pub analysis: ProjectAnalysis,
    /// Its rendered files (`None` until rendered).
    pub files: Option<crate::render::ProjectFiles>,
    /// Counts per history blob and the git walk, for the history cache.
    pub counts: BTreeMap<String, Counts>,
    pub walk: Option<Walk>,
}

/// What a unit keeps besides its project and analysis.
struct Extra {
    name: String,
    files: Option<crate::render::ProjectFiles>,
    counts: BTreeMap<String, Counts>,
    walk: Option<Walk>,
}

/// The whole site built, per project folder, plus the portfolio pages made from all of them. The projects and
/// their analyses are kept as the portfolio the site-wide pages are rendered from, so a rebuild copies nothing.
pub struct SiteState {
    /// Diagnostics per project folder name (load to analysis), including folders without documents.
    folders: BTreeMap<String, Vec<Diagnostic>>,
    /// Diagnostics from listing `content/`.
    listing: Vec<Diagnostic>,
    /// The projects in folder-name order, their analyses and the rest of their units, index for index.
    pub portfolio: Portfolio,
    pub analysis: Analysis,
    extras: Vec<Extra>,
    /// The portfolio pages (index, comparison, priorities, 404, exports, static files).
    portfolio_pages: Vec<Page>,
    /// What rendering last failed with, if it did.
    render_error: Option<String>,
    /// Projects rendered since [`SiteState::take_rendered`] was last called (`None`: all of them).
    rendered: Option<std::collections::BTreeSet<String>>,
    /// How long each stage of [`SiteState::build`] took, for `-v`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Which projects a rebuild has to redo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Files in these project folders (by folder name) changed: added, edited, removed, renamed.
    Projects(Vec<String>),
    /// Only templates or static files changed: render again, parse nothing.
    Theme,
}

impl SiteState {
    /// Builds every project (in parallel) and the portfolio pages.
    pub fn build(site: &Site) -> Result<SiteState> {
        SiteState::build_into(site, None)
    }

    /// [`SiteState::build`], handing each project's pages to `sink` as soon as they are rendered instead of
    /// keeping them (the portfolio pages are kept): `milepost build` streams them to disk this way, so memory
    /// does not grow with the size of the output. A sink error is kept like a render error.
    pub fn build_into(site: &Site, sink: Option<Sink>) -> Result<SiteState> {
        let t = std::time::Instant::now();
        let (dirs, listing) = site.folders()?;
        let bar = crate::load::progress_bar(site.progress && site.has_git(), dirs.len());
        let models: Vec<Result<(String, Folder)>> = dirs
            .par_iter()
            .map(|(name, dir)| {
                let folder = site.model_folder(dir);
                bar.inc(1);
                folder.map(|f| (name.clone(), f))
            })
            .collect();
        bar.finish_and_clear();
        let mut state = SiteState {
            folders: BTreeMap::new(),
            listing,
            portfolio: Portfolio { projects: Vec::with_capacity(models.len()) },
            analysis: Analysis { today: site.today, projects: Vec::with_capacity(models.len()) },
            extras: Vec::with_capacity(models.len()),
            portfolio_pages: Vec::new(),
            render_error: None,
            rendered: None,
            timings: Vec::new(),
        };
        state.timings.push(("load + parse + model + analyze", t.elapsed()));
        for m in models {
            let (name, folder) = m?;
            state.folders.insert(name.clone(), folder.diagnostics);
            if let Some(unit) = folder.unit {
                let at = state.extras.len();
                state.insert(at, name, unit);
            }
        }
        let t = std::time::Instant::now();
        state.render_projects(site, sink);
        state.timings.push(("render projects", t.elapsed()));
        let t = std::time::Instant::now();
        state.finish(site);
        state.timings.push(("render portfolio pages", t.elapsed()));
        Ok(state)
    }

    fn insert(&mut self, at: usize, name: String, u: Unit) {
        self.portfolio.projects.insert(at, u.project);
        self.analysis.projects.insert(at, u.analysis);
        self.extras.insert(at, Extra { name, files: u.files, counts: u.counts, walk: u.walk });
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.extras.binary_search_by(|e| e.name.as_str().cmp(name))
    }

    /// Applies a change: project folders are re-read and re-analysed, then what depends on them is rendered again
    /// (their own pages and every portfolio page); a theme change renders everything again from the analysis.
    pub fn apply(&mut self, site: &Site, change: &Change) -> Result<()> {
        self.update(site, change)?;
        self.finish(site);
        Ok(())
    }

    /// The first half of [`SiteState::apply`]: the changed projects re-read, re-analysed and their own pages
    /// rendered; the portfolio pages are left for [`SiteState::finish`].
    pub fn update(&mut self, site: &Site, change: &Change) -> Result<()> {
        match change {
            Change::Theme => {
                for e in &mut self.extras {
                    e.files = None;
                }
            }
            Change::Projects(names) => {
                let (dirs, listing) = site.folders()?;
                self.listing = listing;
                let dirs: BTreeMap<String, PathBuf> = dirs.into_iter().collect();
                let mut names = names.clone();
                names.sort();
                names.dedup();
                // folders that appeared or went without an event naming them (a parent renamed) are redone too
                names.extend(dirs.keys().filter(|k| !self.folders.contains_key(*k)).cloned());
                names.extend(self.folders.keys().filter(|k| !dirs.contains_key(*k)).cloned());
                let models: Vec<Result<(String, Option<Folder>)>> = names
                    .par_iter()
                    .map(|name| match dirs.get(name) {
                        Some(dir) => site.model_folder(dir).map(|f| (name.clone(), Some(f))),
                        None => Ok((name.clone(), None)),
                    })
                    .collect();
                for m in models {
                    let (name, folder) = m?;
                    self.folders.remove(&name);
                    if let Some(set) = &mut self.rendered {
                        set.insert(name.clone());
                    }
                    if let Ok(i) = self.position(&name) {
                        self.portfolio.projects.remove(i);
                        self.analysis.projects.remove(i);
                        self.extras.remove(i);
                    }
                    let Some(folder) = folder else { continue };
                    self.folders.insert(name.clone(), folder.diagnostics);
                    if let Some(unit) = folder.unit {
                        let at = self.position(&name).unwrap_or_else(|i| i);
                        self.insert(at, name, unit);
                    }
                }
            }
        }
        self.analysis.today = site.today;
        self.render_projects(site, None);
        Ok(())
    }

    /// Renders the projects not yet rendered (all of them after a failed render); with a `sink`, their pages are
    /// handed to it and not kept.
    fn render_projects(&mut self, site: &Site, sink: Option<Sink>) {
        if self.render_error.take().is_some() {
            for e in &mut self.extras {
                e.files = None;
            }
        }
        if let Some(set) = &mut self.rendered {
            set.extend(self.extras.iter().filter(|e| e.files.is_none()).map(|e| e.name.clone()));
        }
        let watchdog = crate::render::watchdog::Watchdog::start(site.config.render_timeout);
        let errors: Vec<String> = self
            .extras
            .par_iter_mut()
            .zip(self.portfolio.projects.par_iter().zip(self.analysis.projects.par_iter()))
            .filter(|(e, _)| e.files.is_none())
            .filter_map(|(e, (p, a))| match site.render_project(p, a) {
                Ok(mut f) => {
                    if let Some(sink) = sink {
                        for page in f.pages.drain(..) {
                            if let Err(err) = sink(page) {
                                return Some(format!("{err:#}"));
                            }
                        }
                    }
                    e.files = Some(f);
                    None
                }
                Err(err) => Some(format!("{err:#}")),
            })
            .collect();
        drop(watchdog);
        if let Some(e) = errors.into_iter().next() {
            self.render_error = Some(e);
        }
    }

    /// Renders the portfolio pages from every project (after [`SiteState::update`]).
    pub fn finish(&mut self, site: &Site) {
        if self.render_error.is_some() {
            return;
        }
        let watchdog = crate::render::watchdog::Watchdog::start(site.config.render_timeout);
        let result = (|| -> Result<Vec<Page>> {
            let entries: Vec<&[u8]> =
                self.extras.iter().map(|e| e.files.as_ref().map_or(&[][..], |f| f.entry.as_slice())).collect();
            Ok(crate::render::portfolio_files(&self.portfolio, &self.analysis, &entries, &site.config, site.theme()?)?)
        })();
        drop(watchdog);
        match result {
            Ok(pages) => self.portfolio_pages = pages,
            Err(e) => self.render_error = Some(format!("{e:#}")),
        }
    }

    /// The template error that keeps the site from rendering, if any.
    pub fn render_error(&self) -> Option<&str> {
        self.render_error.as_deref()
    }

    /// Every output file, sorted by path; or the template error that keeps the site from rendering.
    pub fn pages(&self) -> Result<Vec<&Page>> {
        if let Some(e) = &self.render_error {
            return Err(anyhow::anyhow!("{e}"));
        }
        let mut pages: Vec<&Page> = self.portfolio_pages.iter().collect();
        for e in &self.extras {
            pages.extend(e.files.iter().flat_map(|f| f.pages.iter()));
        }
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(pages)
    }

    /// The project folders whose pages were rendered again (or removed) since the last call; `None` when that may
    /// be all of them.
    pub fn take_rendered(&mut self) -> Option<std::collections::BTreeSet<String>> {
        self.rendered.replace(Default::default())
    }

    /// The project folder names, in order.
    pub fn project_names(&self) -> impl Iterator<Item = &str> {
        self.extras.iter().map(|e| e.name.as_str())
    }

    /// The portfolio pages (everything that is not one project's own).
    pub fn portfolio_pages(&self) -> &[Page] {
        &self.portfolio_pages
    }

    /// The pages of one project (by folder name), or none.
    pub fn project_pages(&self, name: &str) -> Vec<&Page> {
        self.position(name)
            .ok()
            .and_then(|i| self.extras[i].files.as_ref())
            .map(|f| f.pages.iter().collect())
            .unwrap_or_default()
    }

    /// Whether any diagnostic of the site is an error (without collecting them).
    pub fn has_errors(&self, site: &Site) -> bool {
        let error = |d: &Diagnostic| d.severity == crate::diagnostics::Severity::Error;
        site.site_diagnostics().chain(&self.listing).any(error)
            || self.folders.values().flatten().any(error)
            || self.extras.iter().flat_map(|e| e.files.iter().flat_map(|f| f.diagnostics.iter())).any(error)
    }

    /// Every diagnostic of the site, sorted by place.
    pub fn diagnostics(&self, site: &Site) -> Diagnostics {
        let mut d = Diagnostics::new();
        for x in site.site_diagnostics().chain(&self.listing) {
            d.push(x.clone());
        }
        for diagnostics in self.folders.values() {
            for x in diagnostics {
                d.push(x.clone());
            }
        }
        for e in &self.extras {
            for x in e.files.iter().flat_map(|f| f.diagnostics.iter()) {
                d.push(x.clone());
            }
        }
        d.sorted()
    }

    /// The history cache as it should be saved after a successful build.
    pub fn history_cache(&self, site: &Site) -> HistoryCache {
        let mut cache = HistoryCache { key: cache_key(&site.config), ..Default::default() };
        if !site.has_git() {
            return cache;
        }
        for e in &self.extras {
            cache.counts.extend(e.counts.iter().map(|(k, v)| (k.clone(), v.clone())));
            if let Some(w) = &e.walk {
                cache.walks.insert(format!("content/{}", e.name), w.clone());
            }
        }
        cache
    }
}

/// What a run of the pipeline gives.
pub struct Built {
    pub sources_root: PathBuf,
    /// The validated site configuration.
    pub config: SiteConfig,
    pub portfolio: Portfolio,
    pub analysis: Analysis,
    pub pages: Vec<Page>,
    pub diagnostics: Diagnostics,
    /// Counts per history blob, to save after a successful build (empty when there is no git history).
    pub history_cache: HistoryCache,
    /// How long each stage took, for `-v`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Loads and models the site for the report date `today` (no rendering).
pub fn model_site(root: &Path, today: Date, diagnostics: &mut Diagnostics) -> Result<(SiteSources, Portfolio)> {
    let m = model_site_with(root, &Options::at(Some(today), today), diagnostics)?;
    Ok((m.sources, m.portfolio))
}

/// The modelled site and the history cache as it should be saved after a successful build.
pub struct Modelled {
    pub sources: SiteSources,
    pub portfolio: Portfolio,
    pub history_cache: HistoryCache,
    /// The report date: `--today` / `SOURCE_DATE_EPOCH`, else `today:` in site.yaml, else the clock.
    pub today: Date,
    /// The analysis, made with the site's calendar.
    pub analysis: Analysis,
}

/// Loads and models the site; `options.progress` shows a bar while git history is replayed (on a terminal).
pub fn model_site_with(root: &Path, options: &Options, diagnostics: &mut Diagnostics) -> Result<Modelled> {
    let site = Site::open(root, options)?;
    let (dirs, listing) = site.folders()?;
    let folders: Vec<Result<Folder>> = dirs.par_iter().map(|(_, dir)| site.model_folder(dir)).collect();
    for x in site.site_diagnostics().chain(&listing) {
        diagnostics.push(x.clone());
    }
    let mut portfolio = Portfolio { projects: Vec::new() };
    let mut analyses = Vec::new();
    let mut history_cache = HistoryCache { key: cache_key(&site.config), ..Default::default() };
    for (f, (name, _)) in folders.into_iter().zip(&dirs) {
        let f = f?;
        for x in f.diagnostics {
            diagnostics.push(x);
        }
        if let Some(u) = f.unit {
            if site.has_git() {
                history_cache.counts.extend(u.counts);
                if let Some(w) = u.walk {
                    history_cache.walks.insert(format!("content/{name}"), w);
                }
            }
            portfolio.projects.push(u.project);
            analyses.push(u.analysis);
        }
    }
    let sources = SiteSources {
        root: site.root.clone(),
        config: site.config.clone(),
        projects: Vec::new(),
        theme_files: Vec::new(),
    };
    Ok(Modelled {
        sources,
        portfolio,
        history_cache,
        today: site.today,
        analysis: Analysis { today: site.today, projects: analyses },
    })
}

/// Runs everything up to rendering.
pub fn run_pipeline(root: &Path, options: &Options) -> Result<Built> {
    let started = std::time::Instant::now();
    let site = Site::open(root, options)?;
    let state = SiteState::build(&site)?;
    let mut timings = vec![("load + model + analyze + render", started.elapsed())];
    let diagnostics = state.diagnostics(&site);
    let t = std::time::Instant::now();
    // a template error fails the build, but only after the input's own errors were collected
    let pages = state.pages()?.into_iter().cloned().collect();
    timings.push(("collect", t.elapsed()));
    Ok(Built {
        sources_root: site.root.clone(),
        history_cache: state.history_cache(&site),
        portfolio: state.portfolio,
        analysis: state.analysis,
        config: site.config,
        pages,
        diagnostics,
        timings,
    })
}
