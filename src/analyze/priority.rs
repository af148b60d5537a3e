//! Priorities: where each open item sits on the impact x effort matrix and the urgent x important (Eisenhower)
//! matrix, a priority x status count, and RICE / WSJF scores when `status.yaml` gives the numbers.
//!
//! Placement rules for items described in words:
//! - impact: the item's `Impact` text (or a `status.yaml` override) with high words (high, critical, major,
//!   security, vulnerability, revenue, blocking, launch) or low words (low, minor, cosmetic, nice to have), a bare
//!   `Medium`; else its priority (critical/high -> high, medium -> medium, low -> low); else unplaced;
//! - effort: effort days (up to 3 -> low, up to 10 -> medium, more -> high), else the effort words (`High`,
//!   `Medium`, `Low`, `S`/`M`/`L`/`XL`); else unplaced;
//! - the high-impact half holds high and medium impact; the high-effort half holds high effort only.

use serde::Serialize;
use time::Date;

use crate::model::{Item, Project};
use crate::parse::{Priority, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    QuickWins,
    MajorProjects,
    FillIns,
    ThanklessTasks,
}

impl Quadrant {
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::QuickWins => "Quick wins",
            Quadrant::MajorProjects => "Major projects",
            Quadrant::FillIns => "Fill-ins",
            Quadrant::ThanklessTasks => "Thankless tasks",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    /// Index into the project's items.
    pub item: usize,
    pub impact: Level,
    pub effort: Level,
    pub quadrant: Quadrant,
}

/// The impact level of an item by the documented rules.
pub fn impact_level(item: &Item) -> Option<Level> {
    if let Some(text) = &item.impact {
        let t = text.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["high", "critical", "major", "security", "vulnerab", "revenue", "blocking", "launch"]) {
            return Some(Level::High);
        }
        if has(&["low", "minor", "cosmetic", "nice to have"]) {
            return Some(Level::Low);
        }
        if t.trim() == "medium" || t.contains("moderate") {
            return Some(Level::Medium);
        }
    }
    item.priority.map(|p| match p {
        Priority::Critical | Priority::High => Level::High,
        Priority::Medium => Level::Medium,
        Priority::Low => Level::Low,
    })
}

/// The effort level of an item by the documented rules.
pub fn effort_level(item: &Item) -> Option<Level> {
    if let Some(e) = item.effort {
        let days = (e.min + e.max) / 2.0;
        return Some(if days <= 3.0 {
            Level::Low
        } else if days <= 10.0 {
            Level::Medium
        } else {
            Level::High
        });
    }
    let t = item.effort_text.as_deref()?.trim().to_lowercase();
    match t.as_str() {
        "low" | "s" | "xs" | "small" => Some(Level::Low),
        "medium" | "m" | "med" => Some(Level::Medium),
        "high" | "l" | "xl" | "large" => Some(Level::High),
        _ => None,
    }
}

fn is_open(item: &Item) -> bool {
    !matches!(item.status, Status::Done | Status::Cancelled)
}

/// Open items placed on the impact x effort matrix, and the open items that could not be placed.
pub fn impact_effort(project: &Project) -> (Vec<Placement>, Vec<usize>) {
    let mut placed = Vec::new();
    let mut unplaced = Vec::new();
    for (i, item) in project.items.iter().enumerate().filter(|(_, it)| is_open(it)) {
        match (impact_level(item), effort_level(item)) {
            (Some(impact), Some(effort)) => {
                let high_impact = impact >= Level::Medium;
                let high_effort = effort == Level::High;
                let quadrant = match (high_impact, high_effort) {
                    (true, false) => Quadrant::QuickWins,
                    (true, true) => Quadrant::MajorProjects,
                    (false, false) => Quadrant::FillIns,
                    (false, true) => Quadrant::ThanklessTasks,
                };
                placed.push(Placement { item: i, impact, effort, quadrant });
            }
            _ => unplaced.push(i),
        }
    }
    (placed, unplaced)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eisenhower {
    pub item: usize,
    pub urgent: bool,
    pub important: bool,
}

/// Urgent: the item's window ends within 14 days of today (or has ended). Important: critical or high priority.
/// Only open items with both a window and a priority take part.
pub fn eisenhower(project: &Project, today: Date) -> Vec<Eisenhower> {
    project
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| is_open(it))
        .filter_map(|(i, it)| {
            let (_, end) = it.window?;
            let p = it.priority?;
            Some(Eisenhower {
                item: i,
                urgent: (end - today).whole_days() <= 14,
                important: matches!(p, Priority::Critical | Priority::High),
            })
        })
        .collect()
}

/// Counts of items per (priority, status); rows critical..low then none, columns in status order.
pub fn heat_map(project: &Project) -> Vec<(Option<Priority>, Vec<usize>)> {
    let mut rows: Vec<(Option<Priority>, Vec<usize>)> = Priority::ALL
        .iter()
        .map(|p| (Some(*p), vec![0; Status::ALL.len()]))
        .chain(std::iter::once((None, vec![0; Status::ALL.len()])))
        .collect();
    for it in &project.items {
        let r = rows.iter_mut().find(|(p, _)| *p == it.priority).expect("every priority has a row");
        let c = Status::ALL.iter().position(|s| *s == it.status).expect("every status has a column");
        r.1[c] += 1;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::fields::Effort;

    fn item(
        impact: Option<&str>,
        priority: Option<Priority>,
        effort: Option<(f64, f64)>,
        effort_text: Option<&str>,
    ) -> Item {
        Item {
            title: "X".into(),
            priority,
            impact: impact.map(String::from),
            effort: effort.map(|(min, max)| Effort { min, max }),
            effort_text: effort_text.map(String::from),
            ..Item::for_tests()
        }
    }

    #[test]
    fn words_place_items() {
        assert_eq!(
            impact_level(&item(Some("Security vulnerability, admin access issues"), None, None, None)),
            Some(Level::High)
        );
        assert_eq!(impact_level(&item(Some("Medium"), None, None, None)), Some(Level::Medium));
        assert_eq!(impact_level(&item(None, Some(Priority::Low), None, None)), Some(Level::Low));
        assert_eq!(impact_level(&item(Some("Poor user engagement"), None, None, None)), None);
        assert_eq!(effort_level(&item(None, None, Some((2.0, 3.0)), None)), Some(Level::Low));
        assert_eq!(effort_level(&item(None, None, Some((10.0, 10.0)), None)), Some(Level::Medium));
        assert_eq!(effort_level(&item(None, None, None, Some("High"))), Some(Level::High));
        assert_eq!(effort_level(&item(None, None, None, Some("a while"))), None);
    }
}
