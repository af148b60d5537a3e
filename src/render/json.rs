//! The JSON export, a contract other tools read: `api/projects.json`, `api/<slug>.json` and `inspect --json`.
//! Fields may be added; the documented ones are never renamed.

use serde::Serialize;

use crate::analyze::{Analysis, Progress, ProjectAnalysis};
use crate::model::{Portfolio, Project};

#[derive(Serialize)]
pub struct Export<'a> {
    pub schema: u32,
    pub generator: String,
    pub today: String,
    pub projects: Vec<ProjectJson<'a>>,
}

#[derive(Serialize)]
pub struct ProjectJson<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub summary: Option<&'a str>,
    pub readiness: Option<f64>,
    pub readiness_range: Option<[f64; 2]>,
    pub readiness_source: Option<&'a str>,
    pub start: Option<String>,
    pub target: Option<String>,
    pub progress: &'a Progress,
    pub documents: Vec<&'a str>,
    pub items: Vec<ItemJson<'a>>,
    pub kpis: Vec<KpiJson<'a>>,
    pub history: &'a [crate::model::Snapshot],
    /// The headline progress figure, the others with their source and age, and cautions.
    pub headline: &'a crate::analyze::headline::Headline,
    /// Blocked, overdue and open critical items (by id) and what moved since the previous snapshot.
    pub attention: AttentionJson<'a>,
    /// The item forecast: verdict, P50/P85/P95, throughput, scope growth and net-rate finish; `null` without
    /// history.
    pub forecast: Option<&'a crate::analyze::forecast::Outlook>,
    /// The P85 date as forecast at the previous snapshot.
    pub previous_p85: Option<String>,
    pub backtest: &'a [crate::analyze::forecast::Backtest],
    /// How often the backtest's P85 dates held (`held` of `checked`).
    pub calibration: Option<crate::analyze::forecast::Calibration>,
}

#[derive(Serialize)]
pub struct AttentionJson<'a> {
    pub blocked: Vec<FlaggedJson<'a>>,
    pub overdue: Vec<FlaggedJson<'a>>,
    pub critical: Vec<FlaggedJson<'a>>,
    pub moved: &'a [String],
}

#[derive(Serialize)]
pub struct FlaggedJson<'a> {
    pub id: &'a str,
    pub why: &'a str,
}

#[derive(Serialize)]
pub struct ItemJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub document: &'a str,
    pub section: &'a str,
    pub kind: crate::parse::ItemKind,
    pub status: crate::parse::Status,
    pub status_text: Option<&'a str>,
    pub priority: Option<crate::parse::Priority>,
    pub health: Option<crate::parse::Health>,
    pub effort_days: Option<crate::parse::fields::Effort>,
    pub effort_text: Option<&'a str>,
    pub story_points: Option<f64>,
    pub timeline: Option<&'a str>,
    pub window: Option<[String; 2]>,
    pub owner: Option<&'a str>,
    pub impact: Option<&'a str>,
    pub current: Option<&'a str>,
    pub target: Option<&'a str>,
    pub score: Option<[f64; 2]>,
    pub tasks_done: usize,
    pub tasks_total: usize,
    pub note: Option<&'a str>,
    pub overridden: &'a [&'static str],
    pub source: String,
}

#[derive(Serialize)]
pub struct KpiJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub target: &'a str,
    pub current: Option<&'a str>,
    pub comparator: Option<&'static str>,
    pub value: Option<f64>,
    pub unit: Option<&'a str>,
    pub measured: Option<&'a str>,
    pub measured_on: Option<&'a str>,
    pub source: String,
    /// `met`, `missed`, `unclear` or `no-data`, from the merged row this KPI belongs to.
    pub verdict: crate::analyze::kpi::Verdict,
    /// By how much, or why it cannot be judged.
    pub gap: &'a str,
    /// The id of the KPI this one restates (merged into it), if any.
    pub same_as: Option<&'a str>,
}

pub fn project_entry<'a>(p: &'a Project, a: &'a ProjectAnalysis) -> ProjectJson<'a> {
    use crate::model::format_date;
    ProjectJson {
        slug: &p.slug,
        name: &p.name,
        summary: p.summary.as_deref(),
        readiness: p.readiness.as_ref().map(|r| round(r.value)),
        readiness_range: p.readiness.as_ref().map(|r| [round(r.min), round(r.max)]),
        readiness_source: p.readiness.as_ref().map(|r| r.source.as_str()),
        start: p.start.map(format_date),
        target: p.target.map(format_date),
        progress: &a.progress,
        documents: p.documents.iter().map(|d| d.name.as_str()).collect(),
        items: p
            .items
            .iter()
            .map(|i| ItemJson {
                id: &i.id,
                title: &i.title,
                document: &p.documents[i.document].name,
                section: &i.section,
                kind: i.kind,
                status: i.status,
                status_text: i.status_text.as_deref(),
                priority: i.priority,
                health: i.health,
                effort_days: i.effort,
                effort_text: i.effort_text.as_deref(),
                story_points: i.points,
                timeline: i.timeline.as_deref(),
                window: i.window.map(|(a, b)| [format_date(a), format_date(b)]),
                owner: i.owner.as_deref(),
                impact: i.impact.as_deref(),
                current: i.current.as_deref(),
                target: i.target.as_deref(),
                score: i.score.map(|(a, b)| [a, b]),
                tasks_done: i.tasks_done,
                tasks_total: i.tasks_total,
                note: i.note.as_deref(),
                overridden: &i.overridden,
                source: format!("{}:{}", p.documents[i.document].name, i.line),
            })
            .collect(),
        kpis: p
            .kpis
            .iter()
            .enumerate()
            .map(|(n, k)| (n, k, a.kpis.iter().find(|j| j.entries.contains(&n))))
            .map(|(n, k, j)| KpiJson {
                verdict: j.map_or(crate::analyze::kpi::Verdict::NoData, |j| j.verdict),
                gap: j.map_or("", |j| j.gap.as_str()),
                same_as: j.filter(|j| j.entries[0] != n).map(|j| p.kpis[j.entries[0]].id.as_str()),
                measured_on: k.measured_on.as_deref(),
                id: &k.id,
                name: &k.kpi.name,
                target: &k.kpi.target,
                current: k.kpi.current.as_deref(),
                comparator: k.kpi.comparator,
                value: k.kpi.value,
                unit: k.kpi.unit.as_deref(),
                measured: k.measured.as_deref(),
                source: format!("{}:{}", p.documents[k.document].name, k.line),
            })
            .collect(),
        history: &p.history,
        headline: &a.headline,
        attention: {
            let ids = |v: &'a [crate::analyze::attention::Flagged]| {
                v.iter().map(|f| FlaggedJson { id: &p.items[f.item].id, why: &f.why }).collect()
            };
            AttentionJson {
                blocked: ids(&a.attention.blocked),
                overdue: ids(&a.attention.overdue),
                critical: ids(&a.attention.critical),
                moved: &a.attention.moved,
            }
        },
        forecast: a.burn.as_ref().map(|b| &b.outlook),
        previous_p85: a.burn.as_ref().and_then(|b| b.previous_p85).map(format_date),
        backtest: a.burn.as_ref().map_or(&[], |b| b.backtest.as_slice()),
        calibration: a.burn.as_ref().map(|b| b.calibration),
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

pub fn export<'a>(portfolio: &'a Portfolio, analysis: &'a Analysis) -> Export<'a> {
    Export {
        schema: 1,
        generator: super::generator(),
        today: crate::model::format_date(analysis.today),
        projects: portfolio.projects.iter().zip(&analysis.projects).map(|(p, a)| project_entry(p, a)).collect(),
    }
}

/// One project's entry as compact JSON; the files are assembled from these so each is serialized once.
pub fn entry_bytes(p: &Project, a: &ProjectAnalysis) -> Vec<u8> {
    serde_json::to_vec(&project_entry(p, a)).expect("export types serialize")
}

/// A compact export file holding the given entries (as made by `entry_bytes`).
pub fn file_bytes<'a>(today: &str, entries: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let head = serde_json::json!({ "schema": 1, "generator": super::generator(), "today": today });
    let head = serde_json::to_string(&head).expect("json");
    let mut out = Vec::new();
    out.extend_from_slice(&head.as_bytes()[..head.len() - 1]);
    out.extend_from_slice(b",\"projects\":[");
    for (i, e) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(e);
    }
    out.extend_from_slice(b"]}\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn assembled_file_is_the_export() {
        let entries: Vec<&[u8]> = vec![br#"{"slug":"a"}"#, br#"{"slug":"b"}"#];
        let bytes = super::file_bytes("2026-01-02", entries);
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["schema"], 1);
        assert_eq!(v["today"], "2026-01-02");
        assert_eq!(v["projects"][1]["slug"], "b");
        assert!(v["generator"].as_str().unwrap().starts_with("milepost "));
    }
}
