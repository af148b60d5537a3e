//! The command line: argument parsing, "today" resolution, diagnostics printing. One file per subcommand.

mod build;
mod check;
mod init;
mod inspect;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use time::{Date, OffsetDateTime};

use crate::diagnostics::{Diagnostics, Severity};

/// Exit codes: 0 ok, 1 errors in the input (or the build failed), 2 usage errors.
pub const EXIT_INPUT: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "milepost",
    version,
    about = "Turn Markdown roadmaps into a static report site.",
    long_about = "milepost reads roadmaps as people write them (content/<project>/*.md, with an optional \
content/<project>/status.yaml) and builds a static report site: a portfolio index, one report per project \
with burn-up and burn-down charts, a Monte Carlo forecast and priority matrices, a site-wide priorities page, \
and a JSON export. History comes from status.yaml snapshots and, in a git repository, from the commits.\n\nExit codes: 0 ok, 1 errors in the input, 2 usage errors. Set NO_COLOR to turn colour off.",
    after_help = "Examples:\n  milepost build                      build ./content into ./output\n  milepost build site --today 2026-06-01 --output public\n  milepost check                      validate without writing anything\n  milepost inspect content/acme/roadmap.md   show what was extracted
  milepost inspect --explain          ... and which rule and words decided each item and field
  milepost init demo && cd demo && milepost serve   start a site and watch it while you edit"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print timings and every step.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into SITE/output (or --output).
    Build(BuildArgs),
    /// Do everything `build` does but write nothing; exit 1 when there are errors.
    Check(CommonArgs),
    /// Show what was extracted from a site or one Markdown file: items, fields, lines, ids.
    Inspect(InspectArgs),
    /// Build in memory and serve on http://127.0.0.1:PORT with live reload while you edit.
    #[command(
        long_about = "Build the site in memory and serve it on the loopback address. Files are watched: an edit to \
a roadmap or status.yaml redoes that project and the site-wide pages, a template edit renders again, site.yaml \
rebuilds everything, a new commit refreshes history. Open pages reload by themselves (stylesheets swap without a \
reload). A broken file shows an overlay with its place while the last good pages stay. Nothing is written to disk.",
        after_help = "Examples:\n  milepost serve                      serve ./ on http://127.0.0.1:1111\n  milepost serve site --port 0 --open any free port, open a browser\n  milepost serve --poll               on a network mount or in a container without file events"
    )]
    Serve(ServeArgs),
    /// Rebuild into SITE/output whenever a file changes (no server); each rebuild is atomic.
    Watch(WatchArgs),
    /// Create a new site: a sample project, site.yaml with every key explained, a GitHub Pages workflow.
    Init(InitArgs),
    /// Add a project folder with a starter roadmap and status.yaml to the site.
    New(NewArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Only loopback by default: pass 0.0.0.0 to let other machines in.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the portfolio in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes (every 300 ms) instead of waiting for file events.
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Poll for changes (every 300 ms) instead of waiting for file events.
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in (it must be empty or not exist).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The project's folder name under content/ (letters, digits, `-`, `_`), e.g. `checkout-revamp`.
    pub project: String,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub site: PathBuf,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The site folder (holds content/ and an optional site.yaml).
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// The date to report for, YYYY-MM-DD. Default: SOURCE_DATE_EPOCH, then `today` in site.yaml, then the clock.
    #[arg(long, value_parser = parse_today)]
    pub today: Option<Date>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the site. Default: SITE/output. An existing folder is replaced only if milepost made it
    /// (it holds `.milepost-output`) or it is empty; CNAME, dot-files and `keep:` names in it are kept.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Overrides `base-url` of site.yaml, e.g. https://owner.github.io/repo/ (links stay relative either way).
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A site folder or one Markdown file.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Print the JSON export instead of the readable listing.
    #[arg(long, conflicts_with = "explain")]
    pub json: bool,
    /// Under each item, the rule that made it an item and, per field, the words or marker and the line that
    /// decided it.
    #[arg(long)]
    pub explain: bool,
    /// The date to report for, YYYY-MM-DD.
    #[arg(long, value_parser = parse_today)]
    pub today: Option<Date>,
}

fn parse_today(s: &str) -> Result<Date, String> {
    crate::model::parse_date(s).ok_or_else(|| {
        format!(
            "`{s}` is not a date between {}-01-01 and {}-12-31; write it as YYYY-MM-DD",
            crate::dates::MIN_YEAR,
            crate::dates::MAX_YEAR
        )
    })
}

pub use crate::diagnostics::UsageError;

/// `--today`, else SOURCE_DATE_EPOCH; the config and the clock come later in `build::run_pipeline`.
fn today_override(flag: Option<Date>) -> Result<Option<Date>> {
    if flag.is_some() {
        return Ok(flag);
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => {
            let shown = crate::diagnostics::printable(&v);
            let bad = |why: &str| {
                UsageError(format!(
                    "SOURCE_DATE_EPOCH=`{shown}` {why}\n  help: set it to whole seconds since 1970-01-01 UTC (e.g. `git log -1 --format=%ct`), or unset it"
                ))
            };
            let secs: i64 = v.trim().parse().map_err(|_| bad("is not a number of seconds"))?;
            let date = OffsetDateTime::from_unix_timestamp(secs)
                .ok()
                .map(|t| t.date())
                .filter(|d| crate::dates::in_range(*d))
                .ok_or_else(|| {
                    bad(&format!("is not a time between {} and {}", crate::dates::MIN_YEAR, crate::dates::MAX_YEAR))
                })?;
            Ok(Some(date))
        }
        _ => Ok(None),
    }
}

/// The only place the clock is read.
fn clock() -> Date {
    OffsetDateTime::now_utc().date()
}

/// Runs the command; returns the exit code for input problems (errors are for failures).
pub fn run(cli: Cli) -> Result<i32> {
    let output = Output { quiet: cli.quiet, verbose: cli.verbose, color: use_color() };
    match cli.command {
        Command::Build(args) => build::run(args, &output),
        Command::Check(args) => check::run(args, &output),
        Command::Inspect(args) => inspect::run(args, &output),
        Command::Serve(args) => serve::run(args, &output),
        Command::Watch(args) => serve::watch(args, &output),
        Command::Init(args) => init::init(args, &output),
        Command::New(args) => init::new(args, &output),
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub quiet: bool,
    pub verbose: bool,
    pub color: bool,
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

impl Output {
    /// Prints diagnostics to stderr (warnings unless quiet) and a one-line summary.
    pub fn report(&self, diagnostics: &Diagnostics) {
        for d in diagnostics.iter() {
            if self.quiet && d.severity == Severity::Warning {
                continue;
            }
            let text = d.to_string();
            if self.color {
                let (label, code) = match d.severity {
                    Severity::Warning => ("warning", "33"),
                    Severity::Error => ("error", "31"),
                };
                eprintln!("\x1b[1;{code}m{label}\x1b[0m{}", &text[label.len()..]);
            } else {
                eprintln!("{text}");
            }
        }
    }

    /// Prints warnings as [`Output::report`] printed them in an earlier build (`warning: …` text).
    pub fn replay(&self, warnings: &[String]) {
        if self.quiet {
            return;
        }
        for text in warnings {
            match text.strip_prefix("warning") {
                Some(rest) if self.color => eprintln!("\x1b[1;33mwarning\x1b[0m{rest}"),
                _ => eprintln!("{text}"),
            }
        }
    }

    /// A warning that is not about one input file (it still respects `--quiet`).
    pub fn warn(&self, message: impl AsRef<str>) {
        if !self.quiet {
            let text = crate::diagnostics::printable(message.as_ref());
            if self.color { eprintln!("\x1b[1;33mwarning\x1b[0m: {text}") } else { eprintln!("warning: {text}") }
        }
    }

    pub fn info(&self, message: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", message.as_ref());
        }
    }

    pub fn debug(&self, message: impl AsRef<str>) {
        if self.verbose {
            eprintln!("{}", message.as_ref());
        }
    }
}

pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
