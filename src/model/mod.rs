//! Stage 3, model: raw documents + status files -> a validated `Portfolio`. Item ids are made unique here,
//! `status.yaml` overrides are applied (an id that names no item is an error listing the closest ids), dates are
//! checked, and relative windows (`Week 1-2`) become dates when the project has a start date.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{Date, Month};

use crate::diagnostics::{Diagnostic, closest};
use crate::parse::fields::{self, Effort, Kpi, Window, WindowUnit};
use crate::parse::status::{RiceInput, StatusFile, WsjfInput, key_location};
use crate::parse::{Health, ItemKind, Priority, RawProject, Status};

pub use crate::parse::RawHeading as Heading;

#[derive(Debug, Clone)]
pub struct Portfolio {
    pub projects: Vec<Project>,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub slug: String,
    pub name: String,
    pub summary: Option<String>,
    pub owner: Option<String>,
    pub documents: Vec<Document>,
    pub items: Vec<Item>,
    pub kpis: Vec<KpiEntry>,
    pub readiness: Option<ReadinessFact>,
    pub start: Option<Date>,
    pub target: Option<Date>,
    pub history: Vec<Snapshot>,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// File name, e.g. `roadmap.md`.
    pub name: String,
    /// Path relative to the site.
    pub path: String,
    pub title: String,
    pub text: String,
    pub headings: Vec<Heading>,
    /// Fenced code languages with their lines.
    pub code_languages: Vec<(String, usize)>,
    /// The date the document says it was last updated (`*Last Updated: June 8, 2025*`), with its line.
    pub updated: Option<(Date, usize)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadinessFact {
    pub value: f64,
    pub min: f64,
    pub max: f64,
    /// `roadmap.md:6`, or `status.yaml` for an override.
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub kind: ItemKind,
    /// Index into `Project::documents`.
    pub document: usize,
    pub line: usize,
    pub section: String,
    pub status: Status,
    pub status_text: Option<String>,
    pub priority: Option<Priority>,
    pub health: Option<Health>,
    pub impact: Option<String>,
    pub effort: Option<Effort>,
    pub effort_text: Option<String>,
    pub points: Option<f64>,
    pub timeline: Option<String>,
    /// The window as dates, when the project has a start date (or the timeline is a date).
    pub window: Option<(Date, Date)>,
    /// The window as written, resolved into `window` once the start date is known.
    pub window_spec: Option<Window>,
    pub owner: Option<String>,
    pub current: Option<String>,
    pub target: Option<String>,
    pub score: Option<(f64, f64)>,
    pub tasks_done: usize,
    pub tasks_total: usize,
    pub note: Option<String>,
    /// Which fields `status.yaml` set.
    pub overridden: Vec<&'static str>,
    pub rice: Option<RiceInput>,
    pub wsjf: Option<WsjfInput>,
    /// The theme set in `status.yaml` (`theme:`), overriding the keyword rules.
    pub theme: Option<String>,
    /// Why it is an item and where each field came from (`milepost inspect --explain`).
    pub explain: Vec<String>,
}

#[cfg(test)]
#[cfg(test)]
impl Project {
    /// A project `p` with one empty document `content/p/roadmap.md` and nothing else, for tests.
    pub fn for_tests() -> Project {
        Project {
            slug: "p".into(),
            name: "P".into(),
            summary: None,
            owner: None,
            documents: vec![Document {
                name: "roadmap.md".into(),
                path: "content/p/roadmap.md".into(),
                title: "P".into(),
                text: String::new(),
                headings: Vec::new(),
                code_languages: Vec::new(),
                updated: None,
            }],
            items: Vec::new(),
            kpis: Vec::new(),
            readiness: None,
            start: None,
            target: None,
            history: Vec::new(),
        }
    }
}

impl Item {
    /// An open item with nothing set, for tests.
    pub fn for_tests() -> Item {
        Item {
            id: "x".into(),
            title: String::new(),
            kind: ItemKind::Checkbox,
            document: 0,
            line: 1,
            section: String::new(),
            status: Status::Todo,
            status_text: None,
            priority: None,
            health: None,
            impact: None,
            effort: None,
            effort_text: None,
            points: None,
            timeline: None,
            window: None,
            window_spec: None,
            owner: None,
            current: None,
            target: None,
            score: None,
            tasks_done: 0,
            tasks_total: 0,
            note: None,
            overridden: Vec::new(),
            rice: None,
            wsjf: None,
            theme: None,
            explain: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct KpiEntry {
    pub id: String,
    pub kpi: Kpi,
    pub document: usize,
    pub line: usize,
    /// The latest actual from `status.yaml` (`current`), as written.
    pub measured: Option<String>,
    /// When it was measured (`date` in `status.yaml`), as written.
    pub measured_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    #[serde(serialize_with = "serialize_date")]
    pub date: Date,
    pub done: u32,
    pub total: u32,
    pub effort_done: Option<f64>,
    pub effort_total: Option<f64>,
    pub note: Option<String>,
    /// Where the point comes from: `status.yaml`, `git` or `documents` (today's state).
    pub origin: &'static str,
    /// The identities of the done and the open items (git and today's documents; `None` for `status.yaml`), to
    /// tell archived finished items from reopened ones.
    #[serde(skip)]
    pub ids: Option<(Vec<u32>, Vec<u32>)>,
}

fn serialize_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_date(*d))
}

pub use crate::dates::{format_date, parse_date};

/// GitHub-style slug: lower case, letters/digits kept, runs of anything else become one `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "item".to_string() } else { out }
}

/// Builds one validated project.
/// Builds one validated project; `today` is the report date (dates in `status.yaml` far from it are typos).
pub fn build_project(raw: RawProject, today: Date, diagnostics: &mut Vec<Diagnostic>) -> Project {
    let mut documents = Vec::new();
    let mut items = Vec::new();
    let mut kpis = Vec::new();
    let mut readiness: Option<(u8, ReadinessFact)> = None;
    let mut first_title = None;
    let mut summary = None;
    for (d, doc) in raw.documents.into_iter().enumerate() {
        let e = doc.extracted;
        let title = e.title.clone().unwrap_or_else(|| raw.slug.clone());
        first_title.get_or_insert(title.clone());
        if summary.is_none() {
            summary = e.summary.clone();
        }
        if let Some((r, line)) = e.readiness
            && readiness.as_ref().is_none_or(|(rank, _)| r.rank < *rank)
        {
            readiness = Some((
                r.rank,
                ReadinessFact { value: r.value, min: r.min, max: r.max, source: format!("{}:{line}", doc.source.name) },
            ));
        }
        for raw_item in e.items {
            let f = raw_item.fields;
            items.push(Item {
                id: String::new(),
                title: raw_item.title,
                kind: raw_item.kind,
                document: d,
                line: raw_item.line,
                section: raw_item.section,
                status: f.status.unwrap_or(Status::Todo),
                status_text: f.status_text,
                priority: f.priority,
                health: f.health,
                impact: f.impact,
                effort: f.effort,
                effort_text: f.effort_text,
                points: f.points,
                timeline: f.timeline.as_ref().map(|w| w.label.clone()).or(f.timeline_text),
                window: None,
                window_spec: f.timeline,
                owner: f.owner,
                current: f.current,
                target: f.target,
                score: f.score,
                tasks_done: raw_item.tasks_done,
                tasks_total: raw_item.tasks_total,
                note: None,
                overridden: Vec::new(),
                rice: None,
                wsjf: None,
                theme: None,
                explain: raw_item.explain,
            });
        }
        for k in e.kpis {
            kpis.push(KpiEntry {
                id: String::new(),
                kpi: k.kpi,
                document: d,
                line: k.line,
                measured: None,
                measured_on: None,
            });
        }
        documents.push(Document {
            name: doc.source.name,
            path: doc.source.path,
            title,
            text: doc.source.text,
            headings: e.headings,
            code_languages: e.code_languages,
            updated: e.updated,
        });
    }
    assign_ids(items.iter_mut().map(|i| (i.title.clone(), &mut i.id)));
    assign_ids(kpis.iter_mut().map(|k| (k.kpi.name.clone(), &mut k.id)));

    let mut project = Project {
        name: disambiguate(first_title.as_deref().unwrap_or(""), &raw.slug),
        slug: raw.slug,
        summary,
        owner: None,
        documents,
        items,
        kpis,
        readiness: readiness.map(|(_, r)| r),
        start: None,
        target: None,
        history: Vec::new(),
    };
    let status_path = raw.status.as_ref().map(|(path, _, _)| path.clone());
    if let Some((path, text, Some(status))) = raw.status {
        apply_status(&mut project, &path, &text, status, today, diagnostics);
    }
    merge_git_days(&mut project.history, &raw.git_days);
    // the report is as of `today`: nothing after it anywhere (git days after it were dropped on load)
    let later = project.history.iter().filter(|s| s.date > today).count();
    if later > 0 {
        project.history.retain(|s| s.date <= today);
        if let Some(path) = &status_path {
            diagnostics.push(
                Diagnostic::warning(
                    path,
                    0,
                    format!(
                        "{later} history snapshot{} dated after the report date {} left out",
                        if later == 1 { " is" } else { "s are" },
                        format_date(today)
                    ),
                )
                .with_hint("check the dates for typos, or report a later date with --today"),
            );
        }
    }
    let start = project.start;
    for item in &mut project.items {
        if item.window.is_none() {
            item.window = item.window_spec.as_ref().and_then(|w| resolve_window(w, start));
        }
    }
    project
}

/// A project's name from its first document's title. A generic title (`Roadmap`, `TODO`, `Product Roadmap`) names
/// no project, so the folder name is put in front (`acme-pay` + `Roadmap` -> `Acme Pay Roadmap`).
pub fn disambiguate(title: &str, slug: &str) -> String {
    const GENERIC: [&str; 16] = [
        "roadmap",
        "readme",
        "todo",
        "to do",
        "plan",
        "tasks",
        "backlog",
        "status",
        "milestones",
        "project",
        "the",
        "our",
        "product",
        "development",
        "technical",
        "implementation",
    ];
    let words: Vec<String> =
        title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let generic = words.iter().all(|w| GENERIC.contains(&w.as_str()));
    let pretty = slug
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    if title.trim().is_empty() {
        pretty
    } else if generic && !words.iter().any(|w| slug.to_lowercase().contains(w.as_str())) {
        format!("{pretty} {}", title.trim())
    } else {
        title.trim().to_string()
    }
}

/// A window as dates: relative windows need the project's start date; quarters without a year use its year.
fn resolve_window(w: &Window, start: Option<Date>) -> Option<(Date, Date)> {
    use crate::dates::add_days;
    let (from, to) = (i64::from(w.from), i64::from(w.to));
    let window = match w.unit {
        WindowUnit::Date => parse_date(&w.label).map(|d| (d, d)),
        WindowUnit::Day => Some((add_days(start?, from - 1)?, add_days(start?, to - 1)?)),
        WindowUnit::Week => Some((add_days(start?, (from - 1) * 7)?, add_days(start?, to * 7 - 1)?)),
        WindowUnit::Month => {
            let s = start?;
            Some((add_months(s, from - 1)?, add_days(add_months(s, to)?, -1)?))
        }
        WindowUnit::Quarter => {
            let year = match w.year {
                Some(y) => y,
                None => start?.year(),
            };
            let quarter_month =
                |q: i64, offset: i64| u8::try_from((q - 1) * 3 + offset).ok().and_then(|m| Month::try_from(m).ok());
            let first = Date::from_calendar_date(year, quarter_month(from, 1)?, 1).ok()?;
            let last_month = quarter_month(to, 3)?;
            let last = Date::from_calendar_date(year, last_month, last_month.length(year)).ok()?;
            Some((first, last))
        }
    };
    window.filter(|(a, b)| crate::dates::in_range(*a) && crate::dates::in_range(*b) && a <= b)
}

fn add_months(d: Date, months: i64) -> Option<Date> {
    let total = (i64::from(d.year()) * 12 + i64::from(d.month() as u8 - 1)).checked_add(months)?;
    let (y, m) = (i32::try_from(total.div_euclid(12)).ok()?, total.rem_euclid(12) as u8 + 1);
    let month = Month::try_from(m).ok()?;
    Date::from_calendar_date(y, month, d.day().min(month.length(y))).ok()
}

/// Slugs of titles, made unique in order: `auth`, `auth-2`, ...
fn assign_ids<'a>(entries: impl Iterator<Item = (String, &'a mut String)>) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (title, id) in entries {
        let base = slugify(&title);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        *id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

fn apply_status(
    project: &mut Project,
    path: &str,
    text: &str,
    status: StatusFile,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let top = |key: &str| key_location(text, "", key);
    let date = |key: &str, value: &Option<String>, diagnostics: &mut Vec<Diagnostic>| -> Option<Date> {
        let v = value.as_ref()?;
        let (line, col) = top(key);
        checked_date(v, today)
            .map_err(|(message, hint)| {
                diagnostics
                    .push(Diagnostic::error(path, line, format!("`{key}: {v}` {message}")).at_col(col).with_hint(hint))
            })
            .ok()
    };
    if let Some(name) = status.name {
        project.name = name;
    }
    if status.summary.is_some() {
        project.summary = status.summary;
    }
    project.owner = status.owner;
    project.start = date("start", &status.start, diagnostics);
    project.target = date("target", &status.target, diagnostics);
    if let (Some(s), Some(t)) = (project.start, project.target)
        && t < s
    {
        let (line, col) = top("target");
        diagnostics.push(
            Diagnostic::error(path, line, format!("target {} is before start {}", format_date(t), format_date(s)))
                .at_col(col)
                .with_hint("swap the dates or fix the typo"),
        );
    }
    if let Some(r) = status.readiness {
        let value = if r > 1.0 { r / 100.0 } else { r };
        if (0.0..=1.0).contains(&value) {
            let (line, _) = top("readiness");
            project.readiness =
                Some(ReadinessFact { value, min: value, max: value, source: format!("status.yaml:{line}") });
        } else {
            let (line, col) = top("readiness");
            diagnostics.push(
                Diagnostic::error(path, line, format!("readiness {r} is out of range"))
                    .at_col(col)
                    .with_hint("give a fraction 0..1 (0.75) or a percentage 0..100 (75)"),
            );
        }
    }
    let ids: Vec<String> = project.items.iter().map(|i| i.id.clone()).collect();
    for (id, o) in status.items {
        let (line, col) = key_location(text, "items", &id);
        let Some(item) = project.items.iter_mut().find(|i| i.id == id) else {
            let near = closest(&id, ids.iter().map(String::as_str), 3);
            let hint = if near.is_empty() {
                "run `milepost inspect` to list the item ids".to_string()
            } else {
                format!(
                    "did you mean {}? (`milepost inspect` lists all ids)",
                    near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                )
            };
            diagnostics.push(
                Diagnostic::error(path, line, format!("override names no item: `{id}`")).at_col(col).with_hint(hint),
            );
            continue;
        };
        let bad = |field: &str, value: &str, allowed: &str, diagnostics: &mut Vec<Diagnostic>| {
            diagnostics.push(
                Diagnostic::error(path, line, format!("`items.{id}.{field}`: unknown value `{value}`"))
                    .at_col(col)
                    .with_hint(format!("use one of: {allowed}")),
            );
        };
        if let Some(s) = &o.status {
            match Status::parse(s) {
                Some(v) => {
                    item.status = v;
                    item.overridden.push("status");
                    item.explain.push(format!("status: {v} (overridden in {path}:{line})"));
                    // a finished item has finished its tasks
                    if v == Status::Done {
                        item.tasks_done = item.tasks_total;
                    }
                }
                None => bad("status", s, "done, in_progress, todo, blocked, cancelled", diagnostics),
            }
        }
        if let Some(p) = &o.priority {
            match Priority::parse(p) {
                Some(v) => {
                    item.priority = Some(v);
                    item.overridden.push("priority");
                    item.explain.push(format!("priority: {v} (overridden in {path}:{line})"));
                }
                None => bad("priority", p, "critical, high, medium, low", diagnostics),
            }
        }
        if let Some(h) = &o.health {
            match Health::parse(h) {
                Some(v) => {
                    item.health = Some(v);
                    item.overridden.push("health");
                }
                None => bad("health", h, "red, amber, green", diagnostics),
            }
        }
        if let Some(owner) = o.owner {
            item.owner = Some(owner);
            item.overridden.push("owner");
        }
        if let Some(due) = &o.due {
            match checked_date(due, today) {
                Ok(d) => {
                    item.timeline = Some(format_date(d));
                    item.window = Some((d, d));
                    item.overridden.push("due");
                }
                Err((message, hint)) => diagnostics.push(
                    Diagnostic::error(path, line, format!("`items.{id}.due: {due}` {message}"))
                        .at_col(col)
                        .with_hint(hint),
                ),
            }
        }
        if let Some(effort) = &o.effort {
            match fields::parse_effort(effort) {
                Some(e) => {
                    item.effort = Some(e);
                    item.effort_text = Some(effort.clone());
                    item.overridden.push("effort");
                }
                None => bad("effort", effort, "an effort such as 3d, 2-3 days, 2 weeks", diagnostics),
            }
        }
        if o.note.is_some() {
            item.note = o.note;
        }
        if let Some(impact) = o.impact {
            item.impact = Some(impact);
            item.overridden.push("impact");
        }
        item.rice = o.rice;
        item.wsjf = o.wsjf;
        if let Some(theme) = o.theme.filter(|t| !t.trim().is_empty()) {
            item.theme = Some(theme.trim().to_lowercase());
            item.overridden.push("theme");
        }
    }
    let mut last: Option<Date> = None;
    for snap in status.history {
        let d = match checked_date(&snap.date, today) {
            Ok(d) => d,
            Err((message, hint)) => {
                let (line, col) = find_line(text, &snap.date);
                diagnostics.push(
                    Diagnostic::error(path, line, format!("history date `{}` {message}", snap.date))
                        .at_col(col)
                        .with_hint(hint),
                );
                continue;
            }
        };
        let (line, _) = find_line(text, &snap.date);
        if last.is_some_and(|l| d <= l) {
            diagnostics.push(
                Diagnostic::error(path, line, format!("history snapshot {} is not after the one before it", snap.date))
                    .with_hint("list snapshots oldest first, one per date"),
            );
        }
        if snap.done > snap.total {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    line,
                    format!("snapshot {}: done ({}) is more than total ({})", snap.date, snap.done, snap.total),
                )
                .with_hint("done counts items finished out of total items in scope"),
            );
        }
        if let (Some(done), Some(total)) = (snap.effort_done, snap.effort_total)
            && done > total
        {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    line,
                    format!("snapshot {}: effort-done ({done}) is more than effort-total ({total})", snap.date),
                )
                .with_hint("effort-done counts the days of finished work out of effort-total in scope"),
            );
        }
        last = Some(d);
        project.history.push(Snapshot {
            date: d,
            done: snap.done,
            total: snap.total,
            effort_done: snap.effort_done,
            effort_total: snap.effort_total,
            note: snap.note,
            origin: "status.yaml",
            ids: None,
        });
    }
    let kpi_ids: Vec<String> = project.kpis.iter().map(|k| k.id.clone()).collect();
    for (id, actual) in status.kpis {
        let (line, col) = key_location(text, "kpis", &id);
        match project.kpis.iter_mut().find(|k| k.id == id) {
            Some(k) => {
                if let Some(t) = actual.target {
                    let current = k.kpi.current.take();
                    k.kpi = fields::parse_kpi_field(&k.kpi.name, &t);
                    k.kpi.current = current;
                }
                k.measured = actual.current;
                k.measured_on = actual.date;
            }
            None => {
                let near = closest(&id, kpi_ids.iter().map(String::as_str), 3);
                diagnostics.push(
                    Diagnostic::error(path, line, format!("KPI actual names no KPI: `{id}`")).at_col(col).with_hint(
                        if near.is_empty() {
                            "run `milepost inspect` to list the KPI ids".to_string()
                        } else {
                            format!(
                                "did you mean {}?",
                                near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                            )
                        },
                    ),
                );
            }
        }
    }
}

/// A `YYYY-MM-DD` date from `status.yaml` within [`crate::dates::PLAUSIBLE_YEARS`] of `today`, else what is
/// wrong with it and how to fix it.
fn checked_date(v: &str, today: Date) -> Result<Date, (String, String)> {
    let Some(d) = parse_date(v) else {
        return Err((crate::dates::why_not(v), "write dates as YYYY-MM-DD, e.g. 2026-06-30".into()));
    };
    if !crate::dates::plausible(d, today) {
        return Err((
            format!("is more than {} years from the report date {}", crate::dates::PLAUSIBLE_YEARS, format_date(today)),
            "check the year for a typo (a missing or extra digit)".into(),
        ));
    }
    Ok(d)
}

/// Adds one snapshot per git commit day; an explicit `status.yaml` snapshot wins on its date.
fn merge_git_days(history: &mut Vec<Snapshot>, days: &[(String, crate::load::Counts)]) {
    for (date, c) in days {
        let Some(date) = parse_date(date) else { continue };
        if history.iter().any(|s| s.date == date) {
            continue;
        }
        let effort = c.effort_total > 0.0;
        history.push(Snapshot {
            date,
            done: c.done,
            total: c.total,
            effort_done: effort.then_some(c.effort_done),
            effort_total: effort.then_some(c.effort_total),
            note: None,
            origin: "git",
            ids: Some((c.done_ids.clone(), c.open_ids.clone())),
        });
    }
    history.sort_by_key(|s| s.date);
}

fn find_line(text: &str, needle: &str) -> (usize, usize) {
    text.lines().enumerate().find_map(|(i, l)| l.find(needle).map(|c| (i + 1, c + 1))).unwrap_or((0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_github_like() {
        assert_eq!(slugify("Authentication & Security Foundation"), "authentication-security-foundation");
        assert_eq!(slugify("🔥 Hot!"), "hot");
        assert_eq!(slugify("Größe"), "größe");
    }

    #[test]
    fn generic_titles_get_the_project_name() {
        assert_eq!(disambiguate("Roadmap", "acme-pay"), "Acme Pay Roadmap");
        assert_eq!(disambiguate("Product Roadmap", "acme"), "Acme Product Roadmap");
        assert_eq!(disambiguate("TODO", "widgets"), "Widgets TODO");
        assert_eq!(disambiguate("Acme Roadmap 2027", "acme"), "Acme Roadmap 2027");
        assert_eq!(disambiguate("Flutterbye", "flutterbye"), "Flutterbye");
        assert_eq!(disambiguate("", "timip"), "Timip");
    }

    #[test]
    fn ids_are_unique() {
        let mut a = String::new();
        let mut b = String::new();
        assert_eq!(
            {
                assign_ids(vec![("X y".to_string(), &mut a), ("x-y".to_string(), &mut b)].into_iter());
                (a, b)
            },
            ("x-y".to_string(), "x-y-2".to_string())
        );
    }

    #[test]
    fn windows_become_dates() {
        let start = parse_date("2026-10-05");
        let w = fields::parse_window("Week 1-2").unwrap();
        let (a, b) = resolve_window(&w, start).unwrap();
        assert_eq!((format_date(a), format_date(b)), ("2026-10-05".into(), "2026-10-18".into()));
        let w = fields::parse_window("Month 2-3").unwrap();
        let (a, b) = resolve_window(&w, start).unwrap();
        assert_eq!((format_date(a), format_date(b)), ("2026-11-05".into(), "2027-01-04".into()));
        let w = fields::parse_window("Q3 2026").unwrap();
        let (a, b) = resolve_window(&w, None).unwrap();
        assert_eq!((format_date(a), format_date(b)), ("2026-07-01".into(), "2026-09-30".into()));
        let w = fields::parse_window("Week 3").unwrap();
        assert_eq!(resolve_window(&w, None), None);
    }
}
