//! The whole pipeline as one call: load -> parse -> model -> analyze -> render. `write` is left to the caller
//! so `check` can run everything without touching the disk.

use std::path::Path;

use anyhow::{Result, anyhow};
use rayon::prelude::*;
use time::Date;

use crate::analyze::{Analysis, analyze};
use crate::diagnostics::Diagnostics;
use crate::load::{HistoryCache, SiteSources, cache_key, load_site};
use crate::model::{Portfolio, build_project};
use crate::parse::{Vocabulary, parse_project};
use crate::render::{Page, render_site, theme};

/// What a run of the pipeline gives.
pub struct Built {
    pub sources_root: std::path::PathBuf,
    pub portfolio: Portfolio,
    pub analysis: Analysis,
    pub pages: Vec<Page>,
    pub diagnostics: Diagnostics,
    /// Counts per history blob, to save after a successful build (empty when there is no git history).
    pub history_cache: HistoryCache,
    /// How long each stage took, for `-v`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Loads and models the site (no rendering): what `inspect` needs.
pub fn model_site(root: &Path, diagnostics: &mut Diagnostics) -> Result<(SiteSources, Portfolio)> {
    let m = model_site_with(root, false, diagnostics)?;
    Ok((m.sources, m.portfolio))
}

/// The modelled site and the history cache as it should be saved after a successful build.
pub struct Modelled {
    pub sources: SiteSources,
    pub portfolio: Portfolio,
    pub history_cache: HistoryCache,
}

/// Loads and models the site; `progress` shows a bar while git history is replayed (on a terminal).
pub fn model_site_with(root: &Path, progress: bool, diagnostics: &mut Diagnostics) -> Result<Modelled> {
    let mut sources = load_site(root, progress, diagnostics)?;
    let (vocab, problems) = Vocabulary::from_config(&sources.config.vocabulary);
    for p in problems {
        diagnostics.push(p);
    }
    let projects = std::mem::take(&mut sources.projects);
    let built: Vec<_> = projects
        .into_par_iter()
        .map(|p| {
            let (mut raw, mut d) = parse_project(p, &vocab);
            let counts = std::mem::take(&mut raw.blob_counts);
            let project = build_project(raw, &mut d);
            (project, counts, d)
        })
        .collect();
    let mut portfolio = Portfolio { projects: Vec::with_capacity(built.len()) };
    let mut history_cache = HistoryCache { key: cache_key(&sources.config), counts: Default::default() };
    for (project, counts, d) in built {
        for x in d {
            diagnostics.push(x);
        }
        history_cache.counts.extend(counts);
        portfolio.projects.push(project);
    }
    Ok(Modelled { sources, portfolio, history_cache })
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

/// Runs everything up to rendering.
pub fn run_pipeline(root: &Path, options: &Options) -> Result<Built> {
    let mut diagnostics = Diagnostics::new();
    let mut timings = Vec::new();
    let clock_start = std::time::Instant::now();
    let Modelled { mut sources, portfolio, history_cache } = model_site_with(root, options.progress, &mut diagnostics)?;
    timings.push(("load + parse + model", clock_start.elapsed()));
    if let Some(url) = &options.base_url {
        sources.config.base_url = url.clone();
    }
    let (today, clock) = (options.today, options.clock);
    let today = match today {
        Some(t) => t,
        None => match sources.config.today.as_deref() {
            Some(s) => crate::model::parse_date(s)
                .ok_or_else(|| anyhow!("site.yaml: `today: {s}` is not a date; write it as YYYY-MM-DD"))?,
            None => clock,
        },
    };
    let t = std::time::Instant::now();
    let calendar = crate::analyze::Calendar::from_names(&sources.config.working_days).map_err(|bad| {
        anyhow!("site.yaml: `working-days` has `{bad}`; use weekday names such as mon, tue, wed, thu, fri")
    })?;
    let analysis = analyze(&portfolio, today, &calendar);
    timings.push(("analyze", t.elapsed()));
    let t = std::time::Instant::now();
    let theme = theme::load_theme(&sources.theme_files)?;
    let mut render_diagnostics = Vec::new();
    let pages = render_site(&portfolio, &analysis, &sources.config, &theme, &mut render_diagnostics)?;
    timings.push(("render", t.elapsed()));
    for d in render_diagnostics {
        diagnostics.push(d);
    }
    Ok(Built {
        sources_root: sources.root,
        portfolio,
        analysis,
        pages,
        diagnostics: diagnostics.sorted(),
        timings,
        history_cache,
    })
}
