//! `milepost build`: run the pipeline, then write the pages atomically.

use std::time::Instant;

use anyhow::Result;

use super::{BuildArgs, EXIT_INPUT, Output, clock, plural, today_override};
use crate::build::{Options, run_pipeline};

pub fn run(args: BuildArgs, out: &Output) -> Result<i32> {
    let started = Instant::now();
    let today = today_override(args.common.today)?;
    let site = &args.common.site;
    let output = args.output.unwrap_or_else(|| site.join("output"));
    // refuse a dangerous output folder before any work; whether a non-empty folder holds only kept files is
    // decided once site.yaml's `keep:` list is read
    match crate::write::check_output(site, &output, &[]) {
        Ok(_) | Err(crate::write::OutputError::NotOurs { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let options = Options { today, clock: clock(), base_url: args.base_url, progress: !out.quiet };
    let mut built = run_pipeline(site, &options)?;
    out.report(&built.diagnostics);
    if built.diagnostics.has_errors() {
        out.info(format!("build failed: {}; nothing was written", plural(built.diagnostics.error_count(), "error")));
        return Ok(EXIT_INPUT);
    }
    let target = crate::write::check_output(site, &output, &built.config.keep)?;
    let t = Instant::now();
    let report = crate::write::write_site(&built.pages, &target)?;
    if let Some(w) = &report.warning {
        out.warn(w);
    }
    if !report.kept.is_empty() {
        out.debug(format!("kept from the previous output: {}", report.kept.join(", ")));
    }
    if let Err(e) = crate::write::write_history_cache(site, &built.history_cache) {
        out.warn(format!("{e:#}; the next build replays git history again (the site is fine)"));
    }
    built.timings.push(("write", t.elapsed()));
    for (stage, took) in &built.timings {
        out.debug(format!("{stage:>22}: {} ms", took.as_millis()));
    }
    let items: usize = built.portfolio.projects.iter().map(|p| p.items.len()).sum();
    out.info(format!(
        "built {} ({}, {}) into {} in {} ms{}",
        plural(built.portfolio.projects.len(), "project"),
        plural(items, "item"),
        plural(built.pages.len(), "file"),
        crate::diagnostics::printable(&output.display().to_string()),
        started.elapsed().as_millis(),
        if built.diagnostics.warning_count() > 0 {
            format!(", {}", plural(built.diagnostics.warning_count(), "warning"))
        } else {
            String::new()
        }
    ));
    built.pages.clear();
    Ok(0)
}
