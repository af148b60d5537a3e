//! Stage 4, analyze: pure functions of the model and "today" (an argument; this module never reads the clock
//! or the disk). Progress counts, schedule position and the numbers the report and the JSON export show.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::model::{Portfolio, Project};
use crate::parse::{Priority, Status};

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
        if self.items_total == 0 {
            0.0
        } else {
            self.items_done as f64 / self.items_total as f64
        }
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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub today: String,
    pub projects: Vec<ProjectAnalysis>,
}

/// Analyzes every project for `today`.
pub fn analyze(portfolio: &Portfolio, today: Date) -> Analysis {
    Analysis {
        today: crate::model::format_date(today),
        projects: portfolio
            .projects
            .iter()
            .map(|p| analyze_project(p, today))
            .collect(),
    }
}

pub fn analyze_project(project: &Project, today: Date) -> ProjectAnalysis {
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
    let mut open_by_priority: Vec<(Option<Priority>, usize)> = Priority::ALL
        .iter()
        .map(|p| (Some(*p), open.get(&Some(*p)).copied().unwrap_or(0)))
        .collect();
    open_by_priority.push((None, open.get(&None).copied().unwrap_or(0)));
    let days_to_target = project.target.map(|t| (t - today).whole_days());
    let elapsed = match (project.start, project.target) {
        (Some(s), Some(t)) if t > s => {
            Some(((today - s).whole_days() as f64 / (t - s).whole_days() as f64).clamp(0.0, 1.0))
        }
        _ => None,
    };
    ProjectAnalysis {
        progress,
        by_status,
        open_by_priority,
        days_to_target,
        elapsed,
        overdue,
    }
}
