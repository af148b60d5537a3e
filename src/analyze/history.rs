//! Progress over time: a daily series of scope and done (items and effort days) from dated snapshots, the ideal
//! line, and the scope changes worth annotating. Snapshots hold between their dates (a step, not a slope), so an
//! item added mid-way raises scope from its day on and never rewrites the days before.

use serde::Serialize;
use time::Date;

use super::calendar::Calendar;
use crate::model::Snapshot;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    #[serde(serialize_with = "crate::analyze::ser_date")]
    pub date: Date,
    pub scope: f64,
    pub done: f64,
}

/// One daily series, in items or in effort days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub unit: &'static str,
    pub points: Vec<Point>,
    /// Days where scope changed, with the change (the first point is the baseline, not a change).
    #[serde(skip)]
    pub scope_changes: Vec<(Date, f64)>,
}

impl Series {
    pub fn last(&self) -> Option<&Point> {
        self.points.last()
    }
}

/// Daily series from `snapshots` (oldest first) up to `until` (inclusive); `effort` picks effort days.
pub fn daily_series(snapshots: &[Snapshot], until: Date, effort: bool) -> Option<Series> {
    let values: Vec<(Date, f64, f64)> = snapshots
        .iter()
        .filter_map(|s| {
            if effort {
                Some((s.date, s.effort_total?, s.effort_done?))
            } else {
                Some((s.date, f64::from(s.total), f64::from(s.done)))
            }
        })
        .collect();
    let first = values.first()?;
    let mut points = Vec::new();
    let mut scope_changes = Vec::new();
    let mut i = 0;
    let mut d = first.0;
    let end = until.max(values.last()?.0);
    let mut current = (first.1, first.2);
    while d <= end {
        while i < values.len() && values[i].0 <= d {
            if i > 0 && (values[i].1 - current.0).abs() > 1e-9 {
                scope_changes.push((values[i].0, values[i].1 - current.0));
            }
            current = (values[i].1, values[i].2);
            i += 1;
        }
        points.push(Point { date: d, scope: current.0, done: current.1 });
        let Some(next) = d.next_day() else { break };
        d = next;
    }
    Some(Series { unit: if effort { "effort days" } else { "items" }, points, scope_changes })
}

/// The ideal burn-up: from `from` (the work already done when tracking began) at `start` to `baseline` at
/// `target`, rising only on working days.
pub fn ideal_line(from: f64, baseline: f64, start: Date, target: Date, calendar: &Calendar) -> Vec<(Date, f64)> {
    let total = calendar.working_days_between(start, target).max(1) as f64;
    let mut out = vec![(start, from)];
    let mut d = start;
    let mut worked = 0.0;
    while d < target {
        let Some(next) = d.next_day() else { break };
        d = next;
        if calendar.is_working(d) {
            worked += 1.0;
        }
        out.push((d, from + (baseline - from) * worked / total));
    }
    out
}

/// A snapshot with counts only, for tests.
#[cfg(test)]
pub(crate) fn snap(date: Date, done: u32, total: u32) -> Snapshot {
    Snapshot { date, done, total, effort_done: None, effort_total: None, note: None, origin: "status.yaml", ids: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn ideal_line_is_flat_on_weekends() {
        // Mon 2026-11-02 to Mon 2026-11-09: five working days (Tue..Fri, Mon)
        let line = ideal_line(0.0, 10.0, date!(2026 - 11 - 02), date!(2026 - 11 - 09), &Calendar::default());
        let values: Vec<f64> = line.iter().map(|(_, v)| *v).collect();
        assert_eq!(values, vec![0.0, 2.0, 4.0, 6.0, 8.0, 8.0, 8.0, 10.0]);
        // 5 of 10 already done when tracking began: the remaining 5 spread over the same five working days
        let line = ideal_line(5.0, 10.0, date!(2026 - 11 - 02), date!(2026 - 11 - 09), &Calendar::default());
        let values: Vec<f64> = line.iter().map(|(_, v)| *v).collect();
        assert_eq!(values, vec![5.0, 6.0, 7.0, 8.0, 9.0, 9.0, 9.0, 10.0]);
    }

    #[test]
    fn scope_added_mid_way_raises_scope_from_that_day_only() {
        let s = [
            snap(date!(2026 - 01 - 01), 0, 10),
            snap(date!(2026 - 01 - 04), 2, 12),
            snap(date!(2026 - 01 - 06), 3, 12),
        ];
        let series = daily_series(&s, date!(2026 - 01 - 07), false).unwrap();
        let scope: Vec<f64> = series.points.iter().map(|p| p.scope).collect();
        let done: Vec<f64> = series.points.iter().map(|p| p.done).collect();
        assert_eq!(scope, vec![10.0, 10.0, 10.0, 12.0, 12.0, 12.0, 12.0]);
        assert_eq!(done, vec![0.0, 0.0, 0.0, 2.0, 2.0, 3.0, 3.0]);
        assert_eq!(series.scope_changes, vec![(date!(2026 - 01 - 04), 2.0)]);
    }

    #[test]
    fn reopen_and_removal_lower_the_lines() {
        let s =
            [snap(date!(2026 - 01 - 01), 5, 10), snap(date!(2026 - 01 - 02), 4, 10), snap(date!(2026 - 01 - 03), 4, 9)];
        let series = daily_series(&s, date!(2026 - 01 - 03), false).unwrap();
        assert_eq!(series.points[1].done, 4.0);
        assert_eq!(series.points[2].scope, 9.0);
        assert_eq!(series.scope_changes, vec![(date!(2026 - 01 - 03), -1.0)]);
    }

    #[test]
    fn effort_series_needs_effort_numbers() {
        assert!(daily_series(&[snap(date!(2026 - 01 - 01), 0, 1)], date!(2026 - 01 - 02), true).is_none());
    }
}
