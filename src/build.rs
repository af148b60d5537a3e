//! The whole pipeline as one call: load -> parse -> model -> analyze -> render. `write` is left to the caller
//! so `check` can run everything without touching the disk.

use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;
use time::Date;

use crate::analyze::{Analysis, analyze};
use crate::diagnostics::Diagnostics;
use crate::load::{HistoryCache, SiteSources, cache_key, load_site};
use crate::model::{Portfolio, build_project, parse_date};
use crate::parse::{Vocabulary, parse_project};
use crate::render::{Page, render_site, theme};

/// What a run of the pipeline gives.
pub struct Built {
    pub sources_root: std::path::PathBuf,
    /// The validated site configuration.
    pub config: crate::config::SiteConfig,
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
}

/// Loads and models the site; `options.progress` shows a bar while git history is replayed (on a terminal).
pub fn model_site_with(root: &Path, options: &Options, diagnostics: &mut Diagnostics) -> Result<Modelled> {
    let mut sources = load_site(root, options.progress, options.today, diagnostics)?;
    if let Some(url) = &options.base_url {
        if crate::url::is_safe_base(url) {
            sources.config.base_url = url.clone();
        } else {
            return Err(crate::diagnostics::UsageError(format!(
                "--base-url `{}` is not an http(s) address or a path\n  help: write it like https://owner.github.io/repo/ or /repo/",
                crate::diagnostics::printable(url)
            ))
            .into());
        }
    }
    // site.yaml's `today` was validated on load; an invalid one was reported and removed
    let today = options.today.or_else(|| sources.config.today.as_deref().and_then(parse_date)).unwrap_or(options.clock);
    // unknown vocabulary keys were reported with their line when site.yaml was read
    let (vocab, _) = Vocabulary::from_config(&sources.config.vocabulary);
    let mut projects = std::mem::take(&mut sources.projects);
    let walks = projects.iter_mut().filter_map(|p| p.walk.take().map(|w| (format!("content/{}", p.slug), w))).collect();
    let built: Vec<_> = projects
        .into_par_iter()
        .map(|p| {
            let (mut raw, mut d) = parse_project(p, &vocab);
            let counts = std::mem::take(&mut raw.blob_counts);
            let project = build_project(raw, today, &mut d);
            (project, counts, d)
        })
        .collect();
    let mut portfolio = Portfolio { projects: Vec::with_capacity(built.len()) };
    let mut history_cache = HistoryCache { key: cache_key(&sources.config), counts: Default::default(), walks };
    for (project, counts, d) in built {
        for x in d {
            diagnostics.push(x);
        }
        history_cache.counts.extend(counts);
        portfolio.projects.push(project);
    }
    Ok(Modelled { sources, portfolio, history_cache, today })
}

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

/// Runs everything up to rendering.
pub fn run_pipeline(root: &Path, options: &Options) -> Result<Built> {
    let mut diagnostics = Diagnostics::new();
    let mut timings = Vec::new();
    let clock_start = std::time::Instant::now();
    let Modelled { sources, portfolio, history_cache, today } = model_site_with(root, options, &mut diagnostics)?;
    timings.push(("load + parse + model", clock_start.elapsed()));
    let t = std::time::Instant::now();
    // validated on load: an invalid list was reported and replaced by the default
    let calendar = crate::analyze::Calendar::from_names(&sources.config.working_days).unwrap_or_default();
    let analysis = analyze(&portfolio, today, &calendar);
    for a in &analysis.projects {
        for f in &a.findings {
            diagnostics.push(f.clone());
        }
    }
    timings.push(("analyze", t.elapsed()));
    let t = std::time::Instant::now();
    let theme = theme::load_theme(&sources.theme_files)?;
    let mut render_diagnostics = Vec::new();
    let watchdog = crate::render::watchdog::Watchdog::start(sources.config.render_timeout);
    let pages = render_site(&portfolio, &analysis, &sources.config, &theme, &mut render_diagnostics)?;
    drop(watchdog);
    timings.push(("render", t.elapsed()));
    for d in render_diagnostics {
        diagnostics.push(d);
    }
    Ok(Built {
        sources_root: sources.root,
        config: sources.config,
        portfolio,
        analysis,
        pages,
        diagnostics: diagnostics.sorted(),
        timings,
        history_cache,
    })
}
