//! One headline progress figure per project, the other figures labelled with their source and age, and the
//! checks a stakeholder would want: figures that disagree, documents that say they are old.
//!
//! The headline is the share of items done: it is counted from work a reader can check line by line. A stated
//! readiness (`**Current Status**: 85-90% Complete`, or `readiness:` in `status.yaml`) and the checkbox share are
//! shown beside it, each with where it comes from and how old it is. Only a project with no items headlines its
//! stated readiness.

use serde::Serialize;
use time::Date;

use super::Progress;
use crate::diagnostics::Diagnostic;
use crate::model::{Project, format_date};

/// A stated figure further than this from the item count (in percentage points) is flagged.
pub const DISAGREE_POINTS: f64 = 25.0;
/// A document that says it was last updated more than this many days before the report date is flagged.
pub const STALE_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// `items done`, `stated readiness`, `tasks checked`.
    pub kind: &'static str,
    /// 0..1 (the middle of a stated range).
    pub value: f64,
    /// `2 of 42 items (5%)`, `85–90%`.
    pub text: String,
    /// `counted from roadmap.md, assessment.md`, `stated in roadmap.md:6`, `status.yaml`.
    pub source: String,
    /// The date the figure describes, when known: the document's `Last updated` line.
    #[serde(serialize_with = "super::ser_opt_date")]
    pub as_of: Option<Date>,
    /// Days between `as_of` and the report date.
    pub age_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    pub main: Figure,
    pub others: Vec<Figure>,
    /// Why a reader should be careful, in words (figures that disagree, old documents); empty when all is well.
    pub cautions: Vec<String>,
}

fn percent(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// The newest `Last updated` date of the documents that hold items (or of any document), with its file.
fn stated_date(project: &Project, doc: Option<usize>) -> Option<(Date, String, usize)> {
    let docs: Vec<usize> = match doc {
        Some(d) => vec![d],
        None => (0..project.documents.len()).collect(),
    };
    docs.into_iter()
        .filter_map(|d| {
            project.documents.get(d).and_then(|doc| doc.updated.map(|(date, line)| (date, doc.name.clone(), line)))
        })
        .max_by_key(|(date, _, _)| *date)
}

/// The headline and the cautions; `warnings` get the located ones for `milepost check`.
pub fn headline(project: &Project, progress: &Progress, today: Date, warnings: &mut Vec<Diagnostic>) -> Headline {
    let age = |d: Option<Date>| d.map(|d| (today - d).whole_days());
    let mut cautions = Vec::new();
    let mut docs_with_items: Vec<usize> = project.items.iter().map(|i| i.document).collect();
    docs_with_items.sort_unstable();
    docs_with_items.dedup();
    let items_as_of = docs_with_items
        .iter()
        .filter_map(|d| project.documents.get(*d).and_then(|doc| doc.updated.map(|u| u.0)))
        .max()
        .filter(|_| docs_with_items.iter().all(|d| project.documents.get(*d).is_some_and(|doc| doc.updated.is_some())))
        // statuses set in status.yaml are newer than any document date (and carry none)
        .filter(|_| project.items.iter().all(|i| i.overridden.is_empty()));
    let items = (progress.items_total > 0).then(|| Figure {
        kind: "items done",
        value: progress.ratio(),
        text: format!("{} of {} items ({})", progress.items_done, progress.items_total, percent(progress.ratio())),
        source: format!(
            "counted from {}",
            docs_with_items
                .iter()
                .filter_map(|d| project.documents.get(*d).map(|doc| doc.name.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        as_of: items_as_of,
        age_days: age(items_as_of),
    });
    let stated = project.readiness.as_ref().map(|r| {
        let doc = r.source.split(':').next().and_then(|name| project.documents.iter().position(|d| d.name == name));
        let from_status = r.source.starts_with("status.yaml");
        let as_of = if from_status { None } else { stated_date(project, doc).map(|s| s.0) };
        Figure {
            kind: "stated readiness",
            value: r.value,
            text: if (r.max - r.min).abs() > 1e-9 {
                format!("{}–{}", percent(r.min).trim_end_matches('%'), percent(r.max))
            } else {
                percent(r.value)
            },
            source: if from_status { format!("set in {}", r.source) } else { format!("stated in {}", r.source) },
            as_of,
            age_days: age(as_of),
        }
    });
    let tasks = (progress.tasks_total > 0).then(|| {
        let v = progress.tasks_done as f64 / progress.tasks_total as f64;
        Figure {
            kind: "tasks checked",
            value: v,
            text: format!("{} of {} checkboxes ({})", progress.tasks_done, progress.tasks_total, percent(v)),
            source: "checkboxes under the items".into(),
            as_of: None,
            age_days: None,
        }
    });
    let (main, mut others) = match (items, stated) {
        (Some(i), s) => (i, s.into_iter().collect::<Vec<_>>()),
        (None, Some(s)) => (s, Vec::new()),
        (None, None) => (
            Figure {
                kind: "items done",
                value: 0.0,
                text: "no items found".into(),
                source: "the documents".into(),
                as_of: None,
                age_days: None,
            },
            Vec::new(),
        ),
    };
    others.extend(tasks);
    // a stated figure far from the count
    if let Some(r) = &project.readiness
        && main.kind == "items done"
        && progress.items_total > 0
    {
        let gap = (r.min.max(r.max.min(progress.ratio())) - progress.ratio()).abs() * 100.0;
        if gap > DISAGREE_POINTS {
            let stated_text =
                others.iter().find(|f| f.kind == "stated readiness").map_or(String::new(), |f| f.text.clone());
            cautions.push(format!(
                "The stated readiness ({stated_text}, {}) and the items done ({}) disagree by {gap:.0} points; this report headlines the items.",
                r.source,
                percent(progress.ratio())
            ));
            let (path, line) = split_source(project, &r.source);
            warnings.push(
                Diagnostic::warning(
                    path,
                    line,
                    format!(
                        "stated readiness {stated_text} disagrees with {} of {} items done ({}) by {gap:.0} points",
                        progress.items_done,
                        progress.items_total,
                        percent(progress.ratio())
                    ),
                )
                .with_hint("update the stated figure or the items' statuses; the report headlines the item count")
                .lint("readiness-disagrees"),
            );
        }
    }
    // documents that say they are old
    for doc in &project.documents {
        if let Some((date, line)) = doc.updated
            && (today - date).whole_days() > STALE_DAYS
        {
            let days = (today - date).whole_days();
            cautions.push(format!(
                "{} says it was last updated {} ({days} days before this report); its figures may be out of date.",
                doc.name,
                format_date(date)
            ));
            warnings.push(
                Diagnostic::warning(
                    &doc.path,
                    line,
                    format!(
                        "document says it was last updated {}, {days} days before the report date",
                        format_date(date)
                    ),
                )
                .with_hint(format!(
                    "review it and update the date; reports flag documents older than {STALE_DAYS} days"
                ))
                .lint("stale-document"),
            );
        }
    }
    Headline { main, others, cautions }
}

/// `roadmap.md:6` → the document's site path and line; `status.yaml` → the project's status file.
fn split_source(project: &Project, source: &str) -> (String, usize) {
    if let Some((name, line)) = source.rsplit_once(':')
        && let Some(doc) = project.documents.iter().find(|d| d.name == name)
    {
        return (doc.path.clone(), line.parse().unwrap_or(0));
    }
    let line = source.rsplit_once(':').and_then(|(_, l)| l.parse().ok()).unwrap_or(0);
    (format!("content/{}/status.yaml", project.slug), line)
}
