//! Across projects: which project needs attention first (risk order) and the KPIs of several projects matched by
//! kind, each target and actual in one unit. Pure, like the rest of `analyze`.

use serde::Serialize;

use super::ProjectAnalysis;
use super::forecast::{Outlook, Schedule};
use super::kpi::{self, Verdict};
use crate::model::Portfolio;

/// How urgently a project needs attention, most urgent first: off track, no finish in sight, at risk, not enough
/// data or no history, on track, done; then the later the P85 date against the target, the earlier; then by name.
pub fn risk_order(portfolio: &Portfolio, analyses: &[ProjectAnalysis]) -> Vec<usize> {
    let key = |i: usize| {
        let a = &analyses[i];
        let (rank, gap) = match a.burn.as_ref().map(|b| &b.outlook) {
            Some(Outlook::Forecast { schedule: Schedule::OffTrack, p85, .. }) => (0, gap(portfolio, i, *p85)),
            Some(Outlook::NoFinishInSight { .. }) => (1, 0),
            Some(Outlook::Forecast { schedule: Schedule::AtRisk, p85, .. }) => (2, gap(portfolio, i, *p85)),
            Some(Outlook::InsufficientData { .. }) | None => (3, 0),
            Some(Outlook::Forecast { schedule: Schedule::NoTarget, .. }) => (4, 0),
            Some(Outlook::Forecast { schedule: Schedule::OnTrack, p85, .. }) => (5, gap(portfolio, i, *p85)),
            Some(Outlook::Done) => (6, 0),
        };
        (rank, std::cmp::Reverse(gap), portfolio.projects[i].name.to_lowercase())
    };
    let mut order: Vec<usize> = (0..analyses.len()).collect();
    order.sort_by_key(|i| key(*i));
    order
}

/// Days from the target to the P85 date (positive: late).
fn gap(portfolio: &Portfolio, i: usize, p85: time::Date) -> i64 {
    portfolio.projects[i].target.map_or(0, |t| (p85 - t).whole_days())
}

/// One KPI kind across projects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiKind {
    pub kind: String,
    /// Per project that states it: (project index, index into that project's judged KPIs).
    pub entries: Vec<(usize, usize)>,
}

/// KPIs matched by kind ([`kpi::KINDS`]); kinds stated by more projects first, then by name. KPIs no rule knows are
/// left out (they are on their project's page).
pub fn kpi_kinds(analyses: &[ProjectAnalysis]) -> Vec<KpiKind> {
    let mut kinds: Vec<KpiKind> = Vec::new();
    for (p, a) in analyses.iter().enumerate() {
        for (j, judged) in a.kpis.iter().enumerate() {
            let Some(k) = kpi::kind(&judged.name, &judged.target) else { continue };
            match kinds.iter_mut().find(|x| x.kind == k) {
                // one entry per project: the first KPI of that kind with an actual, else the first
                Some(x) if x.entries.iter().any(|(q, _)| *q == p) => {
                    if let Some(slot) = x.entries.iter_mut().find(|(q, _)| *q == p)
                        && a.kpis[slot.1].actual.is_none()
                        && judged.actual.is_some()
                    {
                        slot.1 = j;
                    }
                }
                Some(x) => x.entries.push((p, j)),
                None => kinds.push(KpiKind { kind: k.to_string(), entries: vec![(p, j)] }),
            }
        }
    }
    kinds.sort_by(|a, b| b.entries.len().cmp(&a.entries.len()).then(a.kind.cmp(&b.kind)));
    kinds
}

/// `(met, measured)` KPIs of a project.
pub fn kpis_met(a: &ProjectAnalysis) -> (usize, usize) {
    let measured = a.kpis.iter().filter(|k| k.actual.is_some()).count();
    (a.kpis.iter().filter(|k| k.verdict == Verdict::Met).count(), measured)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Calendar, analyze};
    use crate::model::{Project, Snapshot, parse_date};

    fn project(name: &str, target: &str, weekly_done: &[u32], total: u32) -> Project {
        let start = parse_date("2026-11-02").unwrap();
        Project {
            slug: name.to_lowercase(),
            name: name.into(),
            summary: None,
            owner: None,
            documents: Vec::new(),
            items: Vec::new(),
            kpis: Vec::new(),
            readiness: None,
            start: Some(start),
            target: parse_date(target),
            history: weekly_done
                .iter()
                .enumerate()
                .map(|(w, d)| Snapshot {
                    date: start + time::Duration::weeks(w as i64),
                    done: *d,
                    total,
                    effort_done: None,
                    effort_total: None,
                    note: None,
                    origin: "status.yaml",
                    ids: None,
                })
                .collect(),
        }
    }

    #[test]
    fn risk_order_puts_the_latest_off_track_project_first() {
        // 1 item a working day in every project, on Mon 2026-11-16 (the report date):
        // Late: 20 left -> P85 Mon 14 Dec, target 1 Dec: 13 days late, off track
        // Later: 30 left -> P85 Mon 28 Dec, target 1 Dec: 27 days late, off track
        // Fine: 10 left -> P85 Mon 30 Nov, target 31 Dec: on track
        // Stalled: nothing done -> no finish in sight
        let portfolio = Portfolio {
            projects: vec![
                project("Fine", "2026-12-31", &[0, 5, 10], 20),
                project("Late", "2026-12-01", &[0, 5, 10], 30),
                project("Stalled", "2026-12-01", &[0, 0, 0], 30),
                project("Later", "2026-12-01", &[0, 5, 10], 40),
            ],
        };
        let analysis = analyze(&portfolio, parse_date("2026-11-16").unwrap(), &Calendar::default());
        let names: Vec<&str> = risk_order(&portfolio, &analysis.projects)
            .into_iter()
            .map(|i| portfolio.projects[i].name.as_str())
            .collect();
        assert_eq!(names, ["Later", "Late", "Stalled", "Fine"]);
    }
}
