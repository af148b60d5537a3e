//! `milepost serve` (build in memory, serve with live reload) and `milepost watch` (rebuild into `output/` on
//! every change).

use anyhow::Result;

use super::{EXIT_INPUT, Output, ServeArgs, WatchArgs, clock, plural, today_override};
use crate::build::Options;
use crate::serve::rebuild::{Outcome, Rebuilder, Work};
use crate::serve::{ServeOptions, watch as watching};

/// Prints what a rebuild found (each problem once) and a one-line summary.
fn report(out: &Output, outcome: &Outcome, work: Option<&Work>) {
    out.report(&outcome.diagnostics);
    let what = match work {
        None => "built".to_string(),
        Some(Work::Full) => "rebuilt everything".to_string(),
        Some(Work::Theme { css_only: true }) => "swapped the stylesheets".to_string(),
        Some(Work::Theme { .. }) => "rendered again (theme changed)".to_string(),
        Some(Work::Projects(names)) => {
            format!("rebuilt {}", names.iter().map(|n| format!("content/{n}")).collect::<Vec<_>>().join(", "))
        }
    };
    let ms = outcome.took.as_millis();
    match &outcome.result {
        Ok(_) => out.info(format!("{what} in {ms} ms")),
        Err(problem) => {
            // diagnostics were printed above; a template or site error is printed here
            if outcome.diagnostics.error_count() == 0 {
                eprintln!(
                    "error: {}",
                    problem.lines().map(crate::diagnostics::printable).collect::<Vec<_>>().join("\n")
                );
            }
            eprintln!("the site cannot be rebuilt ({ms} ms); the last good pages stay until the problem is fixed");
        }
    }
}

pub fn run(args: ServeArgs, out: &Output) -> Result<i32> {
    let today = today_override(args.common.today)?;
    let options = Options { today, clock: clock(), base_url: None, progress: !out.quiet };
    let serve = ServeOptions { bind: args.bind, port: args.port, poll: args.poll };
    let o = *out;
    let server =
        crate::serve::start(&args.common.site, options, &serve, move |outcome, work| report(&o, outcome, work))?;
    let url = format!("http://{}/", server.addr);
    out.info(format!(
        "serving {} on {url} (watching for changes{}; Ctrl+C stops)",
        crate::diagnostics::printable(&args.common.site.display().to_string()),
        if args.poll { ", polling" } else { "" }
    ));
    if !args.bind.is_loopback() {
        out.warn(format!("listening on {}: other machines can read the site", args.bind));
    }
    if args.open {
        open_browser(&url, out);
    }
    server.wait();
    Ok(0)
}

fn open_browser(url: &str, out: &Output) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(program).args(&args).spawn() {
        out.warn(format!("could not open a browser ({program}: {e}); open {url} yourself"));
    }
}

pub fn watch(args: WatchArgs, out: &Output) -> Result<i32> {
    let today = today_override(args.build.common.today)?;
    let site = args.build.common.site.clone();
    let output = args.build.output.clone().unwrap_or_else(|| site.join("output"));
    match crate::write::check_output(&site, &output, &[]) {
        Ok(_) | Err(crate::write::OutputError::NotOurs { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let options = Options { today, clock: clock(), base_url: args.build.base_url.clone(), progress: !out.quiet };
    let watcher = watching::watch(&site, args.poll)?;
    let mut rebuilder = Rebuilder::new(&site, options);
    let mut work = None;
    loop {
        let outcome = rebuilder.run(work.as_ref().unwrap_or(&Work::Full));
        report(out, &outcome, work.as_ref());
        if outcome.result.is_ok() {
            write(&rebuilder, &site, &output, out);
        }
        out.info(format!(
            "watching {} for changes (Ctrl+C stops)",
            crate::diagnostics::printable(&site.display().to_string())
        ));
        // wait for something the site reads
        work = loop {
            let Some(paths) = watching::next_batch(&watcher.events) else {
                return Ok(EXIT_INPUT);
            };
            let theme = rebuilder.site().map_or_else(|| "default".to_string(), |s| s.config.theme.clone());
            if let Some(w) = crate::serve::rebuild::classify(&site, &theme, &paths) {
                break Some(w);
            }
        };
    }
}

/// Writes the published pages atomically; false when that failed (reported).
fn write(rebuilder: &Rebuilder, site: &std::path::Path, output: &std::path::Path, out: &Output) -> bool {
    let keep = rebuilder.site().map(|s| s.config.keep.clone()).unwrap_or_default();
    let result = (|| -> Result<usize> {
        let target = crate::write::check_output(site, output, &keep)?;
        // only the files whose bytes changed are written (the pages stay where serve keeps them)
        let writer = crate::write::Writer::start(&target)?;
        for (path, bytes) in rebuilder.pages.iter() {
            writer.put_bytes(path, bytes)?;
        }
        // the output is about to change: a later `milepost build` must not take it for its own last build
        crate::write::forget_last_build(site, &target.dir);
        let (report, written) = writer.finish()?;
        if let Some(w) = &report.warning {
            out.warn(w);
        }
        if let (Some(s), Some(state)) = (rebuilder.site(), rebuilder.state())
            && let Err(e) = crate::write::write_history_cache(site, &state.history_cache(s))
        {
            out.warn(format!("{e:#}; the next build replays git history again (the site is fine)"));
        }
        Ok(written.written + written.unchanged)
    })();
    match result {
        Ok(n) => {
            out.info(format!(
                "wrote {} into {}",
                plural(n, "file"),
                crate::diagnostics::printable(&output.display().to_string())
            ));
            true
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            false
        }
    }
}
