//! `milepost build`: run the pipeline, then write the pages atomically.

use std::time::Instant;

use anyhow::Result;

use super::{BuildArgs, EXIT_INPUT, Output, clock, plural, today_override};
use rayon::prelude::*;

use crate::build::{Options, Site, SiteState};

pub fn run(args: BuildArgs, out: &Output) -> Result<i32> {
    let started = Instant::now();
    let today = today_override(args.common.today)?;
    let site_dir = &args.common.site;
    let output = args.output.unwrap_or_else(|| site_dir.join("output"));
    // refuse a dangerous output folder before any work; whether a non-empty folder holds only kept files is
    // decided once site.yaml's `keep:` list is read
    match crate::write::check_output(site_dir, &output, &[]) {
        Ok(_) | Err(crate::write::OutputError::NotOurs { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let options = Options { today, clock: clock(), base_url: args.base_url, progress: !out.quiet };
    let t = Instant::now();
    let site = Site::open(site_dir, &options)?;
    let opened = t.elapsed();
    let target = crate::write::check_output(site_dir, &output, &site.config.keep)?;
    // nothing read has changed since the last build into this folder, and the folder is as that build left it:
    // say what it said, write nothing
    let inputs = site.fingerprint(&target.dir.display().to_string()).map(|h| format!("{h:032x}"));
    if let Some(inputs) = &inputs
        && let Some(last) = crate::load::last_build(site_dir, &target.dir)
        && last.inputs == *inputs
        && crate::write::output_intact(&target)
    {
        out.replay(&last.warnings);
        out.info(format!(
            "{} in {} ms{} (nothing changed since the last build: no file written)",
            last.summary,
            started.elapsed().as_millis(),
            warning_count(last.warnings.len())
        ));
        return Ok(0);
    }
    // each project's pages go to the staging folder as soon as they are rendered; nothing in the output changes
    // until `finish`, and a build that fails drops the writer, which removes what it staged
    let writer = crate::write::Writer::start(&target)?;
    let state = SiteState::build_into(&site, Some(&|page| writer.put(&page)))?;
    let mut timings = vec![("open site", opened)];
    timings.extend(state.timings.iter().copied());
    let diagnostics = state.diagnostics(&site);
    out.report(&diagnostics);
    if diagnostics.has_errors() {
        out.info(format!("build failed: {}; nothing was written", plural(diagnostics.error_count(), "error")));
        return Ok(EXIT_INPUT);
    }
    let t = Instant::now();
    // a template error fails the build here, after the input's own errors were shown
    let pages = state.pages()?;
    pages.par_iter().try_for_each(|p| writer.put(p))?;
    // the output is about to change: the record of the last build no longer describes it
    crate::write::forget_last_build(site_dir, &target.dir);
    let (report, written) = writer.finish()?;
    if let Some(w) = &report.warning {
        out.warn(w);
    }
    if !report.kept.is_empty() {
        out.debug(format!("kept from the previous output: {}", report.kept.join(", ")));
    }
    if let Err(e) = crate::write::write_history_cache(site_dir, &state.history_cache(&site)) {
        out.warn(format!("{e:#}; the next build replays git history again (the site is fine)"));
    }
    timings.push(("portfolio pages written, output in place", t.elapsed()));
    for (stage, took) in &timings {
        out.debug(format!("{stage:>32}: {} ms", took.as_millis()));
    }
    out.debug(format!(
        "{} written, {} unchanged, {} removed",
        plural(written.written, "file"),
        written.unchanged,
        written.removed
    ));
    let items: usize = state.portfolio.projects.iter().map(|p| p.items.len()).sum();
    let summary = format!(
        "built {} ({}, {}) into {}",
        plural(state.portfolio.projects.len(), "project"),
        plural(items, "item"),
        plural(written.written + written.unchanged, "file"),
        crate::diagnostics::printable(&output.display().to_string()),
    );
    out.info(format!(
        "{summary} in {} ms{}",
        started.elapsed().as_millis(),
        warning_count(diagnostics.warning_count())
    ));
    if let Some(inputs) = inputs {
        let record =
            crate::load::LastBuild { inputs, warnings: diagnostics.iter().map(|d| d.to_string()).collect(), summary };
        if let Err(e) = crate::write::save_last_build(site_dir, &target.dir, &record) {
            out.debug(format!("{e:#}; the next build does all the work again"));
        }
    }
    Ok(0)
}

/// `, 3 warnings` (nothing for none), the end of the summary line.
fn warning_count(n: usize) -> String {
    if n > 0 { format!(", {}", plural(n, "warning")) } else { String::new() }
}
