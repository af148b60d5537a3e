//! `milepost check`: everything `build` does, in memory; prints diagnostics, writes nothing.

use anyhow::Result;

use super::{CommonArgs, EXIT_INPUT, Output, clock, plural, today_override};
use crate::build::{Options, run_pipeline};

pub fn run(args: CommonArgs, out: &Output) -> Result<i32> {
    let today = today_override(args.today)?;
    let built = run_pipeline(&args.site, &Options { today, clock: clock(), base_url: None, progress: !out.quiet })?;
    out.report(&built.diagnostics);
    let items: usize = built.portfolio.projects.iter().map(|p| p.items.len()).sum();
    out.info(format!(
        "checked {} ({}): {}, {}",
        plural(built.portfolio.projects.len(), "project"),
        plural(items, "item"),
        plural(built.diagnostics.error_count(), "error"),
        plural(built.diagnostics.warning_count(), "warning"),
    ));
    Ok(if built.diagnostics.has_errors() { EXIT_INPUT } else { 0 })
}
