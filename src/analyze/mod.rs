//! Stage 4, analyze: pure functions of the model and "today" (an argument; this module never reads the clock
//! or the disk). Progress counts, schedule position and the numbers the report and the JSON export show.

pub mod attention;
pub mod calendar;
pub mod forecast;
pub mod headline;
pub mod history;
pub mod kpi;
pub mod lint;
pub mod portfolio;
pub mod priority;

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::model::{Portfolio, Project};
use crate::parse::{Priority, Status};
pub use calendar::Calendar;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Progress {
    pub items_done: usize,
    pub items_total: usize,
    pub tasks_done: usize,
    pub tasks_total: usize,
}

impl Progress {
    /// Done share of the items that count (cancelled items are out of scope).
    pub fn ratio(&self) -> f64 {
        if self.items_total == 0 { 0.0 } else { self.items_done as f64 / self.items_total as f64 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectAnalysis {
    pub progress: Progress,
    pub by_status: BTreeMap<Status, usize>,
    /// Open (not done, not cancelled) items per priority; `None` counts items with no priority.
    pub open_by_priority: Vec<(Option<Priority>, usize)>,
    /// Days from today to the target date (negative when past).
    pub days_to_target: Option<i64>,
    /// Share of the start..target span that has elapsed, 0..1.
    pub elapsed: Option<f64>,
    /// Open items whose window ended before today.
    pub overdue: usize,
    /// Progress over time, when `status.yaml` has history.
    pub burn: Option<Burn>,
    pub matrix: Vec<priority::Placement>,
    /// Open items the matrix could not place (no impact or no effort).
    pub unplaced: Vec<usize>,
    pub eisenhower: Vec<priority::Eisenhower>,
    pub heat_map: Vec<(Option<Priority>, Vec<usize>)>,
    /// The one progress figure to headline, the others with source and age, and cautions.
    pub headline: headline::Headline,
    /// KPIs judged against their targets, restatements merged.
    pub kpis: Vec<kpi::Judged>,
    /// Blocked, overdue and critical items, and what moved since the previous snapshot.
    pub attention: attention::Attention,
    /// Located warnings the analysis found (figures that disagree, stale documents), for `milepost check`.
    #[serde(skip)]
    pub findings: Vec<crate::diagnostics::Diagnostic>,
}

/// Burn-up / burn-down data for one project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Burn {
    pub items: history::Series,
    pub effort: Option<history::Series>,
    /// Ideal burn-up from the baseline scope at the start date to the target date, in items and in effort.
    pub ideal: Vec<(String, f64)>,
    pub ideal_effort: Vec<(String, f64)>,
    pub outlook: forecast::Outlook,
    pub outlook_effort: Option<forecast::Outlook>,
    pub backtest: Vec<forecast::Backtest>,
    /// How often the backtest's P85 dates held.
    pub calibration: forecast::Calibration,
    /// The P85 date as forecast at the previous snapshot, to say how far it moved.
    #[serde(serialize_with = "ser_opt_date")]
    pub previous_p85: Option<Date>,
    /// The snapshots the series were made from, today's documents last.
    #[serde(skip)]
    pub snapshots: Vec<crate::model::Snapshot>,
    /// Open items without an effort estimate (the effort view leaves them out).
    pub unestimated: usize,
    /// Items a working day needed to finish the work left by the target (`None` without a future target).
    pub needed_rate: Option<f64>,
}

pub(crate) fn ser_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::model::format_date(*d))
}

pub(crate) fn ser_opt_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&crate::model::format_date(*d)),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    #[serde(serialize_with = "ser_date")]
    pub today: Date,
    pub projects: Vec<ProjectAnalysis>,
}

/// Analyzes every project for `today` (projects in parallel; each is a pure function of its inputs).
pub fn analyze(portfolio: &Portfolio, today: Date, calendar: &Calendar) -> Analysis {
    use rayon::prelude::*;
    Analysis { today, projects: portfolio.projects.par_iter().map(|p| analyze_project(p, today, calendar)).collect() }
}

fn burn(project: &Project, progress: &Progress, today: Date, calendar: &Calendar) -> Option<Burn> {
    // the documents as they are today are the newest data point, after the last snapshot
    // nothing after today counts (a commit dated later than `--today`)
    let mut snapshots: Vec<_> = project.history.iter().filter(|s| s.date <= today).cloned().collect();
    // today's documents (with status.yaml applied) are the newest point; they replace a git point of today
    if snapshots.last().is_some_and(|s| s.date == today && s.origin == "git") {
        snapshots.pop();
    }
    if snapshots.last().is_some_and(|s| s.date < today) {
        let (mut done_ids, mut open_ids) = (Vec::new(), Vec::new());
        for item in project.items.iter().filter(|i| i.status != Status::Cancelled) {
            let id = crate::parse::item_identity(&item.title);
            if item.status == Status::Done { done_ids.push(id) } else { open_ids.push(id) }
        }
        done_ids.sort_unstable();
        open_ids.sort_unstable();
        snapshots.push(crate::model::Snapshot {
            date: today,
            done: progress.items_done as u32,
            total: progress.items_total as u32,
            effort_done: None,
            effort_total: None,
            note: None,
            origin: "documents",
            ids: Some((done_ids, open_ids)),
        });
    }
    // a snapshot with no items is not a state of the work (a file before its first checkbox, a list moved away):
    // leading ones are dropped, so the history starts where the work does
    let first_work = snapshots.iter().position(|s| s.total > 0).unwrap_or(snapshots.len().saturating_sub(1));
    snapshots.drain(..first_work);
    let snapshots = &snapshots;
    let until = today.max(snapshots.last()?.date);
    let items = history::daily_series(snapshots, until, false)?;
    let effort = history::daily_series(snapshots, until, true);
    let seed = forecast::seed_for(&project.slug);
    let start = project.start.unwrap_or(items.points[0].date);
    let ideal_for = |series: &history::Series| match project.target {
        // the ideal starts from what the first snapshot already had done, not from zero
        Some(target) if target > start => {
            history::ideal_line(series.points[0].done, series.points[0].scope, start, target, calendar)
                .into_iter()
                .map(|(d, v)| (crate::model::format_date(d), v))
                .collect()
        }
        _ => Vec::new(),
    };
    let outlook = forecast::forecast(snapshots, &items, calendar, project.target, seed, false);
    let backtest = forecast::backtest(snapshots, calendar, today, seed);
    // the P85 date as forecast at the previous snapshot: the backtest's row for it when it has one (so the page
    // never shows two different figures for it), else that forecast made now
    let previous = snapshots.len().checked_sub(2).map(|i| &snapshots[..=i]);
    let previous_p85 = previous.and_then(|before| {
        let last = before.last()?.date;
        let said = match backtest.iter().find(|b| b.as_of == last) {
            Some(row) => row.said.clone(),
            None => {
                forecast::forecast(before, &history::daily_series(before, last, false)?, calendar, None, seed, false)
            }
        };
        match said {
            forecast::Outlook::Forecast { p85, .. } => Some(p85),
            _ => None,
        }
    });
    let unestimated = project
        .items
        .iter()
        .filter(|i| !matches!(i.status, Status::Done | Status::Cancelled) && i.effort.is_none())
        .count();
    // an effort forecast that leaves out unestimated open items would give a second, rosier verdict
    let outlook_effort = effort.as_ref().map(|e| {
        if unestimated > 0 {
            forecast::Outlook::InsufficientData {
                reason: format!(
                    "{unestimated} open item{} no effort estimate, so effort days cannot say when all the work is done",
                    if unestimated == 1 { " has" } else { "s have" }
                ),
            }
        } else {
            forecast::forecast(snapshots, e, calendar, project.target, seed, true)
        }
    });
    Some(Burn {
        ideal: ideal_for(&items),
        ideal_effort: effort.as_ref().map(ideal_for).unwrap_or_default(),
        outlook,
        outlook_effort,
        calibration: forecast::Calibration::of(&backtest),
        backtest,
        previous_p85,
        snapshots: snapshots.clone(),
        unestimated,
        needed_rate: project.target.filter(|t| *t > today).and_then(|t| {
            let left = items.last()?.scope - items.last()?.done;
            let days = calendar.working_days_between(today, t);
            (days > 0 && left > 0.0).then(|| left / days as f64)
        }),
        items,
        effort,
    })
}

pub fn analyze_project(project: &Project, today: Date, calendar: &Calendar) -> ProjectAnalysis {
    let mut progress = Progress::default();
    let mut by_status = BTreeMap::new();
    let mut open: BTreeMap<Option<Priority>, usize> = BTreeMap::new();
    let mut overdue = 0;
    for item in &project.items {
        *by_status.entry(item.status).or_insert(0) += 1;
        if item.status == Status::Cancelled {
            continue;
        }
        progress.items_total += 1;
        progress.tasks_total += item.tasks_total;
        progress.tasks_done += item.tasks_done;
        if item.status == Status::Done {
            progress.items_done += 1;
        } else {
            *open.entry(item.priority).or_insert(0) += 1;
            if item.window.is_some_and(|(_, end)| end < today) {
                overdue += 1;
            }
        }
    }
    // critical first, items without a priority last
    let mut open_by_priority: Vec<(Option<Priority>, usize)> =
        Priority::ALL.iter().map(|p| (Some(*p), open.get(&Some(*p)).copied().unwrap_or(0))).collect();
    open_by_priority.push((None, open.get(&None).copied().unwrap_or(0)));
    let days_to_target = project.target.map(|t| (t - today).whole_days());
    let elapsed = match (project.start, project.target) {
        (Some(s), Some(t)) if t > s => {
            Some(((today - s).whole_days() as f64 / (t - s).whole_days() as f64).clamp(0.0, 1.0))
        }
        _ => None,
    };
    let (matrix, unplaced) = priority::impact_effort(project);
    let burn = burn(project, &progress, today, calendar);
    let mut findings = Vec::new();
    let headline = headline::headline(project, &progress, today, &mut findings);
    let mut attention = attention::items(project, today);
    if let Some(b) = &burn {
        let p85 = match b.outlook {
            forecast::Outlook::Forecast { p85, .. } => Some(p85),
            _ => None,
        };
        attention.moved = attention::moved(&b.snapshots, p85, b.previous_p85);
    }
    let kpis = kpi::judge(project);
    findings.extend(lint::lints(project, &kpis, today));
    ProjectAnalysis {
        headline,
        kpis,
        attention,
        findings,
        progress,
        by_status,
        open_by_priority,
        days_to_target,
        elapsed,
        overdue,
        burn,
        matrix,
        unplaced,
        eisenhower: priority::eisenhower(project, today),
        heat_map: priority::heat_map(project),
    }
}
