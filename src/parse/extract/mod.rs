//! Blocks -> facts: items, KPIs, readiness and headings of one document, each with its line. The rules are written
//! down in the README ("Extraction rules"); the unit tests below pin them on small inputs, `tests/` on the seeds.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

mod heading;
mod list;
mod table;

use super::decide::{self, CRITERIA_LABELS, Decision, KPI_LABELS};
use super::fields::{self, Effort, Kpi, Readiness, Window};
use super::markdown::{Block, ListItem, Table, blocks, plain};
use super::vocab::{Health, Priority, Status, Vocabulary};
use crate::diagnostics::Diagnostic;

/// How an item was recognized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// `#### 1. Title` followed by field lines or a list.
    Heading,
    /// `- [ ] Title`, top level or under a plain bullet.
    Checkbox,
    /// A row of a table with a work column and a status/priority/effort/owner/due column.
    TableRow,
    /// A bullet under a `Completed` / `In Progress` / `Missing` label or heading (or Now / Next / Later).
    StatusList,
    /// A bullet that starts with a status or traffic-light emoji.
    EmojiBullet,
    /// A `Milestone N` / `Phase N` / `Release …` section with no items of its own below it.
    Milestone,
}

/// Field values gathered from `**Key**: value` lines, bullets or table cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    pub status: Option<Status>,
    pub status_text: Option<String>,
    pub priority: Option<Priority>,
    pub health: Option<Health>,
    pub impact: Option<String>,
    pub effort: Option<Effort>,
    pub effort_text: Option<String>,
    pub points: Option<f64>,
    pub timeline: Option<Window>,
    pub timeline_text: Option<String>,
    pub owner: Option<String>,
    pub current: Option<String>,
    pub target: Option<String>,
    pub score: Option<(f64, f64)>,
}

impl Fields {
    /// Fills what is missing here from a restatement of the same work (a summary row, a detail section); what
    /// is here already wins. Status is left to the caller.
    fn fill_from(&mut self, other: &Fields) {
        self.priority = self.priority.or(other.priority);
        self.health = self.health.or(other.health);
        if self.effort.is_none() && self.effort_text.is_none() {
            self.effort = other.effort;
            self.effort_text = other.effort_text.clone();
        }
        if self.timeline.is_none() && self.timeline_text.is_none() {
            self.timeline = other.timeline.clone();
            self.timeline_text = other.timeline_text.clone();
        }
        self.impact = self.impact.take().or(other.impact.clone());
        self.owner = self.owner.take().or(other.owner.clone());
        self.score = self.score.or(other.score);
    }

    /// Fills what is missing here from `outer` (an enclosing heading); status is never inherited.
    fn inherit(&mut self, outer: &Fields) {
        self.priority = self.priority.or(outer.priority);
        self.health = self.health.or(outer.health);
        if self.timeline.is_none() && self.timeline_text.is_none() {
            self.timeline = outer.timeline.clone();
            self.timeline_text = outer.timeline_text.clone();
        }
        if self.owner.is_none() {
            self.owner = outer.owner.clone();
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawItem {
    pub title: String,
    pub kind: ItemKind,
    pub line: usize,
    pub section: String,
    pub fields: Fields,
    pub tasks_done: usize,
    pub tasks_total: usize,
    /// Why it is an item and where each field came from, for `inspect --explain`.
    pub explain: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawKpi {
    pub kpi: Kpi,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawHeading {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub headings: Vec<RawHeading>,
    pub items: Vec<RawItem>,
    pub kpis: Vec<RawKpi>,
    pub readiness: Option<(Readiness, usize)>,
    pub code_languages: Vec<(String, usize)>,
    /// `Last updated: 2025-06-08` and its line: the first such line in the document.
    pub updated: Option<(time::Date, usize)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FrontMatter {
    title: Option<String>,
    summary: Option<String>,
    description: Option<String>,
}

/// One heading with what its body said about the items under it.
#[derive(Debug, Default)]
struct Context {
    level: u8,
    title: String,
    line: usize,
    numbered: bool,
    kpi: bool,
    /// The heading is a status label or lane (`## Completed`, `## Now`): its plain bullets are items.
    list_status: Option<Decision>,
    /// The status the heading states about itself (`## Phase 2 ✅ COMPLETE`, `### Sync — in progress`).
    own_status: Option<Decision>,
    /// Deliverables, acceptance criteria, goals…: what is below describes the parent, it is not work.
    criteria: bool,
    /// `Milestone 2`, `Phase 3: …`, `Release 1.2`.
    milestone: bool,
    fields: Fields,
    has_fields: bool,
    /// A `Status`, `Priority` or `Effort` field of its own (makes short checkboxes below it its tasks).
    has_work_fields: bool,
    child_items: usize,
    /// Items directly under this heading (indices into `items`).
    children: Vec<usize>,
    bullets: usize,
    /// Ticked boxes among the criteria below it (they are its done tasks, never items).
    criteria_done: usize,
    /// Paragraphs of prose directly under it.
    paragraphs: usize,
    /// A summary, overview, principles … section: it structures the document rather than naming work.
    document_section: bool,
    /// Sub-headings below it (an unnumbered heading with sections of its own is a group, not an item).
    subheadings: usize,
    /// `items.len()` when the heading opened: the items from there on are under it.
    first_item: usize,
    /// Where the heading's fields came from, for `--explain`.
    explain: Vec<String>,
}

/// What a label line (`**Deliverables**:`, `✅ **Completed**:`, `**Success metrics**:`) says about the list below.
#[derive(Debug, Clone, PartialEq)]
enum Label {
    Status(Decision),
    Criteria,
    Kpi,
}

struct Extractor<'a> {
    path: &'a str,
    vocab: &'a Vocabulary,
    diagnostics: &'a mut Vec<Diagnostic>,
    stack: Vec<Context>,
    items: Vec<RawItem>,
    /// For each block index that became an item: the index into `items`.
    item_of_block: Vec<Option<usize>>,
    details: Vec<usize>,
    kpis: Vec<RawKpi>,
    readiness: Option<(Readiness, usize)>,
    pending_label: Option<Label>,
    /// Items folded into a heading item as its tasks.
    removed: Vec<bool>,
    /// Short plain checkboxes (candidates to become a heading item's tasks).
    simple: Vec<bool>,
    /// Items whose status nobody wrote (`todo` by default): a restatement of them may supply it.
    defaulted: Vec<bool>,
    /// `**label:** text` items: (label, text), in case the label repeats across the list and is a tag.
    labelled: Vec<Option<(String, String)>>,
    /// Group headings by title key: (first item, end) of the items under them.
    groups: std::collections::HashMap<String, (usize, usize)>,
    /// Items (not table rows) by title key, the first of each.
    item_keys: std::collections::HashMap<String, usize>,
    /// Table rows by title key, the first of each (a section below may detail them).
    row_keys: std::collections::HashMap<String, usize>,
    /// Headings and list items seen, for the "no items found" warning.
    seen_headings: usize,
    seen_bullets: usize,
}

/// Extracts the facts of one document (its path is only used in diagnostics).
pub fn extract(path: &str, text: &str, vocab: &Vocabulary, diagnostics: &mut Vec<Diagnostic>) -> Extracted {
    let blocks = blocks(text);
    let mut title = None;
    let mut summary = None;
    let mut headings = Vec::new();
    let mut code_languages = Vec::new();
    let mut x = Extractor {
        path,
        vocab,
        diagnostics: &mut *diagnostics,
        stack: Vec::new(),
        items: Vec::new(),
        item_of_block: vec![None; blocks.len()],
        details: Vec::new(),
        kpis: Vec::new(),
        readiness: None,
        pending_label: None,
        removed: Vec::new(),
        simple: Vec::new(),
        defaulted: Vec::new(),
        labelled: Vec::new(),
        groups: Default::default(),
        item_keys: Default::default(),
        row_keys: Default::default(),
        seen_headings: 0,
        seen_bullets: 0,
    };
    let first_h1: Option<String> = blocks.iter().find_map(|b| match b {
        Block::Heading { level: 1, text, .. } => Some(plain(text)),
        _ => None,
    });
    // a document with several H1s uses them as sections: every heading moves one level down
    let h1s = blocks.iter().filter(|b| matches!(b, Block::Heading { level: 1, .. })).count();
    let shift = 1u8;
    for (index, block) in blocks.iter().enumerate() {
        let shifted;
        let block = match block {
            Block::Heading { level, text, line } if h1s > 1 => {
                let level = (*level + shift).min(6);
                shifted = Block::Heading { level, text: text.clone(), line: *line };
                &shifted
            }
            other => other,
        };
        match block {
            Block::FrontMatter { text, line } => match serde_saphyr::from_str::<FrontMatter>(text) {
                Ok(fm) => {
                    title = fm.title;
                    summary = fm.summary.or(fm.description);
                }
                Err(e) => x.diagnostics.push(
                    Diagnostic::warning(path, *line, format!("front matter ignored: {}", first_line(&e.to_string())))
                        .with_hint("front matter must be YAML between `---` lines"),
                ),
            },
            Block::Heading { level, text, line } => {
                let clean = plain(text);
                headings.push(RawHeading { level: *level, text: clean.clone(), line: *line });
                x.open_heading(*level, &clean, *line);
            }
            Block::Paragraph { raw, line } => x.paragraph(raw, *line),
            Block::Item(item) => x.list_item(index, item, &blocks),
            Block::Table(table) => x.table(table),
            Block::Code { lang, line } => {
                if !lang.is_empty() {
                    code_languages.push((lang.clone(), *line));
                }
            }
            Block::Rule => x.pending_label = None,
        }
    }
    while !x.stack.is_empty() {
        x.close_heading();
    }
    let (seen_headings, seen_bullets) = (x.seen_headings, x.seen_bullets);
    let Extractor { mut items, details, kpis, readiness, removed, labelled, .. } = x;
    // a bold label repeated across one list (`- [ ] **api:** Implement the oracle`) is a tag; the title is the text
    let mut repeats: std::collections::HashMap<(String, String), usize> = std::collections::HashMap::new();
    for (item, l) in items.iter().zip(&labelled) {
        if let Some((label, _)) = l {
            *repeats.entry((item.section.clone(), label.to_lowercase())).or_default() += 1;
        }
    }
    for (item, l) in items.iter_mut().zip(&labelled) {
        if let Some((label, rest)) = l
            && repeats.get(&(item.section.clone(), label.to_lowercase())).is_some_and(|n| *n >= 2)
            && !rest.is_empty()
        {
            item.title = strip_effort(rest).0;
            item.explain.push(format!("title: the text after `{label}:`, a label repeated across the list"));
        }
    }
    let mut items: Vec<RawItem> = items
        .into_iter()
        .zip(details)
        .zip(removed)
        .filter(|(_, removed)| !removed)
        .map(|((mut item, details), _)| {
            // nested plain bullets are the tasks of a checkbox item that has no boxes of its own
            if item.tasks_total == 0 && details > 0 {
                item.tasks_total = details;
                item.tasks_done = if item.fields.status == Some(Status::Done) { details } else { 0 };
            }
            let section = item.section.clone();
            explain_rest(&item.fields, &mut item.explain, &section);
            item
        })
        .collect();
    items.sort_by_key(|i| i.line);
    if items.is_empty() && (seen_headings >= 3 || seen_bullets >= 3) {
        diagnostics_for_empty(path, seen_headings, seen_bullets, diagnostics);
    }
    one_list_of_done(path, &items, diagnostics);
    conflicting_restatements(path, &items, diagnostics);
    let updated = text.lines().enumerate().find_map(|(i, l)| fields::parse_updated(l).map(|d| (d, i + 1)));
    Extracted { title: title.or(first_h1), summary, headings, items, kpis, readiness, code_languages, updated }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// `1. Title`, `2.3 Title`, `b. Title`, `Step 4: Title` (the number is dropped from the item's title).
fn numbered_heading() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"(?i)^\s*\**\s*(?:(?:step|task|item|part)\s+)?(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.):]|[a-z][.)])\**\s+(?P<title>.+)$",
        )
        .expect("pattern")
    })
}

/// The rule of a status nobody wrote: `todo` by default, which a restatement may replace.
const NO_STATUS: &str = "no status written";

/// Headings over lists of open work that name no status: their plain bullets are todo items.
const BACKLOG_HEADINGS: &[&str] =
    &["known issues", "known bugs", "bugs", "open bugs", "backlog", "future work", "remaining work", "outstanding"];

/// Headings that structure a document rather than name work.
const DOCUMENT_SECTIONS: &[&str] = &[
    "summary",
    "executive summary",
    "overview",
    "introduction",
    "background",
    "context",
    "conclusion",
    "status",
    "current status",
    "current state",
    "project status",
    "assessment",
    "contents",
    "table of contents",
    "appendix",
    "references",
    "glossary",
    "legend",
    "changelog",
    "recommendations",
    "next steps",
    "notes",
    "vision",
    "scope",
    "principles",
    "guiding principles",
    "non-goals",
    "non goals",
    "values",
    "guidelines",
    "philosophy",
    "approach",
    "design",
    "architecture",
    "faq",
    "how we build",
    "lessons learned",
];

/// `Milestone 2 — Beta`, `Phase 3: Launch`, `Release 1.2`, `Sprint 4`, `Stage 2`, `v1.0 (target: …)`.
fn milestone_heading(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(
            r"(?i)^[^\p{L}\p{N}]*(?:(?:milestone|phase|stage|sprint|release|iteration)\s*[0-9ivx]+\b|m[0-9]+\b|mvp\b|v[0-9]+(?:\.[0-9]+)*\b)",
        )
        .expect("pattern")
    });
    r.is_match(text)
}

/// The status a heading states about itself: a status in its tail, a status emoji anywhere in it, a status
/// word in capitals (`COMPLETE`, `IN PROGRESS`), or a MoSCoW "won't have".
fn heading_status(text: &str, vocab: &Vocabulary) -> Option<Decision> {
    if let Some((s, words)) = decide::title_status(text, vocab) {
        return Some(Decision::new(s, "status in the heading", words));
    }
    // headings wear decorative emoji (📋 Plan, 🔄 Sync, 🏗️ Architecture, 💡 Ideas): only unambiguous status
    // markers count there
    const HEADING_MARKERS: [(&str, Status); 8] = [
        ("✅", Status::Done),
        ("☑️", Status::Done),
        ("✔️", Status::Done),
        ("🚧", Status::InProgress),
        ("⛔", Status::Blocked),
        ("🛑", Status::Blocked),
        ("⏸", Status::Blocked),
        ("❌", Status::Todo),
    ];
    for (e, s) in HEADING_MARKERS {
        if text.contains(e) {
            return Some(Decision::new(s, "marker in the heading", e));
        }
    }
    let caps: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().count() >= 2 && w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase))
        .collect();
    if let Some(s) = vocab.status.find_prose(&caps.join(" ")) {
        return Some(Decision::new(s, "status in the heading", caps.join(" ")));
    }
    None
}

/// A label line: `✅ **Completed components:**`, `**Deliverables**:`, `Success metrics:` (short, ends with `:`).
fn label_line(text: &str, vocab: &Vocabulary) -> Option<Label> {
    let t = text.trim();
    if !(t.ends_with(':') || t.ends_with(":**") || t.ends_with(":__")) {
        return None;
    }
    let words = plain(t.trim_end_matches(['*', '_', ':']));
    if words.split_whitespace().count() > 5 {
        return None;
    }
    if decide::is_label(&words, CRITERIA_LABELS) {
        return Some(Label::Criteria);
    }
    if decide::is_label(&words, KPI_LABELS) {
        return Some(Label::Kpi);
    }
    // a label whose leading words are a status (`Completed components`, `In progress`)
    let stripped: String = words.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-').collect();
    // `Already complete:`, `Still missing:`, `Currently in progress:`
    let list: Vec<&str> = stripped
        .split_whitespace()
        .skip_while(|w| ["already", "still", "currently", "recently", "what"].contains(&w.to_lowercase().as_str()))
        .collect();
    for n in (1..=list.len().min(3)).rev() {
        let head = list[..n].join(" ");
        // `Next:` is a lane; `Next week:` is a date
        if n < list.len() && decide::LANE_WORDS.contains(&head.to_lowercase().as_str()) {
            continue;
        }
        if let Some(s) = vocab.status.exact(&head) {
            return Some(Label::Status(Decision::new(s, "list label", words.clone())));
        }
    }
    None
}

/// The first percentage in `text` (`60% Complete` -> 60).
fn percent_in(text: &str) -> Option<f64> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| Regex::new(r"(\d{1,3}(?:\.\d+)?)\s*%").expect("pattern"));
    r.captures(text).and_then(|c| c[1].parse().ok())
}

/// Warns when the same work appears twice with different statuses: the report cannot know which is true.
fn conflicting_restatements(path: &str, items: &[RawItem], diagnostics: &mut Vec<Diagnostic>) {
    let mut first: std::collections::HashMap<String, &RawItem> = std::collections::HashMap::new();
    for i in items {
        let key = title_key(&i.title);
        if key.is_empty() {
            continue;
        }
        match first.get(&key) {
            // a one-word title (`clone`, `edit`) recurs in unrelated sections and lists: only the same section counts
            Some(f) if f.fields.status != i.fields.status && (key.contains(' ') || f.section == i.section) => diagnostics.push(
                Diagnostic::warning(
                    path,
                    i.line,
                    format!(
                        "`{}` is {} here but {} at line {}; both are counted",
                        i.title,
                        i.fields.status.unwrap_or(Status::Todo),
                        f.fields.status.unwrap_or(Status::Todo),
                        f.line
                    ),
                )
                .with_hint(
                    "update the stale copy, or set the status once in status.yaml (`milepost inspect` lists the ids)",
                ),
            ),
            Some(_) => {}
            None => {
                first.insert(key, i);
            }
        }
    }
}

/// Warns when nearly all "done" items are bullets of one list: ✅ used as a bullet style (a plan, criteria or a
/// legend) would make the report claim finished work.
fn one_list_of_done(path: &str, items: &[RawItem], diagnostics: &mut Vec<Diagnostic>) {
    let done: Vec<&RawItem> = items.iter().filter(|i| i.fields.status == Some(Status::Done)).collect();
    if done.len() < 5 {
        return;
    }
    let mut by_list: std::collections::HashMap<&str, Vec<&RawItem>> = std::collections::HashMap::new();
    for i in &done {
        if matches!(i.kind, ItemKind::EmojiBullet | ItemKind::StatusList) {
            by_list.entry(i.section.as_str()).or_default().push(i);
        }
    }
    let Some((section, list)) = by_list.into_iter().max_by_key(|(s, l)| (l.len(), *s)) else { return };
    if list.len() * 10 >= done.len() * 8 && list.len() * 2 >= items.len() {
        diagnostics.push(
            Diagnostic::warning(
                path,
                list[0].line,
                format!(
                    "{} of the {} done items come from one list under `{}`; the report counts them as finished work",
                    list.len(),
                    done.len(),
                    plain(section)
                ),
            )
            .with_hint(
                "if these bullets are a plan, criteria or a legend rather than finished work, label the list (`**Deliverables**:`, `**Acceptance criteria**:`) or use checkboxes",
            ),
        );
    }
}

fn diagnostics_for_empty(path: &str, headings: usize, bullets: usize, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.push(
        Diagnostic::warning(
            path,
            0,
            format!("no work items found in {headings} headings and {bullets} list items"),
        )
        .with_hint(
            "mark work up as checkboxes (`- [ ] Task`), numbered headings with a status (`### 1. Task` + `**Status**: …`), emoji bullets (`- ✅ Task`) or a table with a Status column; see README: extraction rules",
        ),
    );
}

/// `**Key**: value`, `**Key:** value`, `**Key: value** rest`, or `Key: value` for known keys.
pub fn field_line(raw: &str) -> Option<(String, String)> {
    static BOLD: OnceLock<Regex> = OnceLock::new();
    static BOLD_IN: OnceLock<Regex> = OnceLock::new();
    static BOLD_ALL: OnceLock<Regex> = OnceLock::new();
    static PLAIN: OnceLock<Regex> = OnceLock::new();
    let t = raw.trim();
    if !t.contains(':') {
        return None;
    }
    let bold = BOLD.get_or_init(|| Regex::new(r"^\*\*([^*:]{1,60}?)\*\*\s*:\s*(.*)$").expect("pattern"));
    let bold_in = BOLD_IN.get_or_init(|| Regex::new(r"^\*\*([^*:]{1,60}?):\*\*\s*(.*)$").expect("pattern"));
    let bold_all = BOLD_ALL.get_or_init(|| Regex::new(r"^\*\*([^*:]{1,60}?):\s*([^*]+)\*\*(.*)$").expect("pattern"));
    let plain_re = PLAIN.get_or_init(|| {
        let names: Vec<String> = crate::parse::keys::line_names().map(regex::escape).collect();
        Regex::new(&format!(r"(?i)^({})\s*:\s*(.+)$", names.join("|"))).expect("pattern")
    });
    if let Some(c) = bold.captures(t).or_else(|| bold_in.captures(t)) {
        return Some((c[1].trim().to_string(), plain(&c[2])));
    }
    if let Some(c) = bold_all.captures(t) {
        return Some((c[1].trim().to_string(), plain(&format!("{}{}", &c[2], &c[3]))));
    }
    plain_re.captures(t).map(|c| (c[1].to_string(), plain(&c[2])))
}

use super::keys::{Key, field_of as key_kind};

impl Extractor<'_> {
    pub(super) fn scan_readiness(&mut self, text: &str, line: usize) {
        if let Some(r) = fields::parse_readiness(text)
            && self.readiness.as_ref().is_none_or(|(best, _)| r.rank < best.rank)
        {
            self.readiness = Some((r, line));
        }
    }
}

/// `7/10` -> (7, 10).
fn parse_score(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once('/')?;
    let a: f64 = a.trim().trim_start_matches(|c: char| !c.is_ascii_digit()).parse().ok()?;
    let b: f64 = b.trim().trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok()?;
    (b.is_finite() && b > 0.0 && a <= b).then_some((a, b))
}

/// `**Title**: rest`, `**Title** - rest` or plain text -> (title, rest).
pub(crate) fn split_title(raw: &str) -> (String, String) {
    let t = raw.trim();
    if let Some(after) = t.strip_prefix("**")
        && let Some(end) = after.find("**")
    {
        let title = plain(&after[..end]).trim_end_matches(':').trim().to_string();
        let rest = after[end + 2..].trim_start_matches([':', ' ', '-', '–', '—']).trim().to_string();
        return (title, plain(&rest));
    }
    if let Some(after) = t.strip_prefix("~~")
        && let Some(end) = after.find("~~")
    {
        return (plain(&after[..end]), plain(&after[end + 2..]));
    }
    (plain(t), String::new())
}

/// `1. **Backend Integration - HIGHEST PRIORITY**` -> `Backend Integration`; `2.3 Cache warm-up (1 day)` ->
/// `Cache warm-up` and one day of effort; a status tail (`— in progress`, `✅ COMPLETED`) is dropped too.
fn heading_item_title(text: &str, vocab: &Vocabulary) -> (String, Option<Effort>) {
    let t = numbered_heading().captures(text).map_or(text.to_string(), |c| c["title"].to_string());
    let mut t = plain(&t);
    // trailing decoration (`(2 days) 🆕`) before the effort
    while let Some((head, last)) = t.rsplit_once(' ')
        && !last.chars().any(char::is_alphanumeric)
        && !last.ends_with(')')
    {
        t = head.trim_end().to_string();
    }
    let effort;
    (t, effort) = strip_effort(&t);
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
        && (vocab.priority_phrases.find(&t[open..]).is_some() || decide::title_status(&t[open..], vocab).is_some())
    {
        t.truncate(open);
    }
    for sep in [" - ", " – ", " — "] {
        if let Some(pos) = t.rfind(sep)
            && (vocab.priority_phrases.find(&t[pos..]).is_some()
                || decide::prose_status(&t[pos..], vocab).is_some() && t[pos..].split_whitespace().count() <= 4)
        {
            t.truncate(pos);
        }
    }
    // leading and trailing status emoji, and a trailing status word in capitals (`✅ COMPLETED`)
    let t = decide::without_marker(&t).to_string();
    let mut words: Vec<&str> = t.split_whitespace().collect();
    while let Some(last) = words.last() {
        let is_marker = decide::MARKERS.iter().any(|(e, _)| last.starts_with(e));
        let is_caps_status = last.chars().any(char::is_alphabetic)
            && !last.chars().any(char::is_lowercase)
            && vocab.status.find_prose(last).is_some();
        if (is_marker || is_caps_status) && words.len() > 1 {
            words.pop();
        } else {
            break;
        }
    }
    let title = words.join(" ").trim_end_matches([':', '-', '–', '—', ' ']).trim().to_string();
    (if title.is_empty() { plain(text) } else { title }, effort)
}

/// A trailing `(1 day)`, `(4h)`, `(2-3 weeks)` in a title is its effort: `(title without it, effort)`.
fn strip_effort(title: &str) -> (String, Option<Effort>) {
    let t = title.trim();
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
    {
        let inner = &t[open + 1..t.len() - 1];
        if inner.split_whitespace().count() <= 4
            && let Some(e) = fields::parse_effort(inner)
        {
            return (t[..open].trim().to_string(), Some(e));
        }
    }
    (t.to_string(), None)
}

/// A priority tagged in an item's own text: `[Critical]`, `(P1)`, `Priority: high`, a standalone `P0`..`P3`.
/// Ordinary words ("no critical findings") are not tags.
fn tag_priority(raw: &str, vocab: &Vocabulary) -> Option<(Priority, String)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r"(?i)\[([^\]]{1,24})\]|\(([^)]{1,24})\)|priority\s*:\s*\**\s*([a-z0-9 ]{1,20})|\b(p[0-3])\b")
            .expect("pattern")
    });
    for c in r.captures_iter(raw) {
        let tag = c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4)).map_or("", |m| m.as_str());
        if let Some(p) = vocab.priority.exact(tag).or_else(|| vocab.priority_phrases.exact(tag)) {
            return Some((p, c[0].to_string()));
        }
        if c.get(3).is_some()
            && let Some(p) = vocab.priority.find(tag)
        {
            return Some((p, c[0].to_string()));
        }
    }
    None
}

/// A title for matching restatements: lower-case letters and digits, words joined by single spaces (`UI/UX
/// Design` and `ui ux design` match).
pub(crate) fn title_key(title: &str) -> String {
    static LEAD: OnceLock<Regex> = OnceLock::new();
    // `Phase 3: Search`, `3. Search`, `M3 — Search` and `Search ✅ Closed` are the same work
    let lead = LEAD.get_or_init(|| {
        Regex::new(
            r"(?i)^\s*(?:(?:phase|milestone|stage|sprint|step|part|m)\s*)?[0-9]+(?:\.[0-9]+)*[a-z]?\s*[.:)\-–—]*\s+",
        )
        .expect("pattern")
    });
    let t = plain(title);
    let t = lead.replace(&t, "");
    let cleaned: String =
        t.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect::<String>().to_lowercase();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    // a status tail (`closed`, `complete`, `done`) is not part of the name
    while words.len() > 1
        && matches!(*words.last().unwrap_or(&""), "closed" | "complete" | "completed" | "done" | "shipped" | "wip")
    {
        words.pop();
    }
    words.join(" ")
}

/// Notes for the fields no rule has explained yet: they come from the item's heading words or the section.
fn explain_rest(f: &Fields, explain: &mut Vec<String>, section: &str) {
    let from = format!("from the heading `{}` or a section above it", plain(section));
    let said = |explain: &Vec<String>, key: &str| explain.iter().any(|e| e.starts_with(key));
    if let Some(p) = f.priority
        && !said(explain, "priority")
    {
        explain.push(format!("priority: {p} ({from})"));
    }
    if let Some(h) = f.health
        && !said(explain, "health")
    {
        explain.push(format!("health: {h} ({from})"));
    }
    if let Some(w) = &f.timeline
        && !said(explain, "timeline")
        && !said(explain, "due")
    {
        explain.push(format!("timeline: {} ({from})", w.label));
    }
}

fn kind_words(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Heading => "numbered heading",
        ItemKind::Checkbox => "checkbox",
        ItemKind::TableRow => "table row",
        ItemKind::StatusList => "bullet in a status list",
        ItemKind::EmojiBullet => "bullet with a status marker",
        ItemKind::Milestone => "milestone heading",
    }
}

/// Applies one `key: value`; returns whether the key is one we know. Unknown status or priority words warn.
fn apply_field(
    f: &mut Fields,
    key: &str,
    value: &str,
    vocab: &Vocabulary,
    path: &str,
    line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let Some(kind) = key_kind(key) else {
        return false;
    };
    let value = value.trim();
    match kind {
        Key::Status => {
            // a leading marker beats the words (`🔄 60% Complete`), except words that say blocked or cancelled
            // (`⏳ Blocked`); a percentage under 100 is not done
            let words = vocab.status.find(value);
            let status = match (decide::leading_marker(value), words) {
                (_, Some(w @ (Status::Blocked | Status::Cancelled))) => Some(w),
                (Some((_, decide::Marker::Status(s))), _) => Some(s),
                _ => words,
            };
            let status = match (status, percent_in(value)) {
                (Some(Status::Done), Some(p)) if p < 100.0 => {
                    Some(if p > 0.0 { Status::InProgress } else { Status::Todo })
                }
                (s, _) => s,
            };
            let priority = vocab.priority_phrases.find(value);
            let health = vocab.health.find(value);
            if status.is_none() && priority.is_none() && health.is_none() && value.split_whitespace().count() <= 2 {
                let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                diagnostics.push(
                    Diagnostic::warning(path, line, format!("unknown status `{value}`; the item is counted as `todo`"))
                        .with_hint(format!(
                            "write one of {} (or a word such as done, in progress, blocked), or add `{}` to `vocabulary.status` in site.yaml",
                            known.join(", "),
                            value.to_lowercase()
                        )),
                );
            }
            f.status = status.or(f.status);
            f.priority = priority.or(f.priority);
            f.health = health.or(f.health);
            f.status_text = Some(value.to_string());
        }
        Key::Priority => {
            let priority = vocab.priority.find(value);
            if priority.is_none() {
                diagnostics.push(Diagnostic::warning(path, line, format!("unknown priority `{value}`")).with_hint(
                    "write critical, high, medium or low (or P0-P3), or extend `vocabulary.priority` in site.yaml",
                ));
            }
            f.priority = priority.or(f.priority);
            f.health = vocab.health.find(value).or(f.health);
        }
        Key::Health => f.health = vocab.health.find(value).or(f.health),
        Key::Impact => f.impact = Some(value.to_string()),
        Key::Effort => {
            f.effort = fields::parse_effort(value);
            f.points = fields::parse_points(value);
            f.effort_text = Some(value.to_string());
        }
        Key::Timeline => {
            f.timeline = fields::parse_window(value);
            f.timeline_text = f.timeline.is_none().then(|| value.to_string());
        }
        Key::Owner => f.owner = Some(value.to_string()),
        Key::Current => f.current = Some(value.to_string()),
        Key::Target => f.target = Some(value.to_string()),
        Key::Score => f.score = parse_score(value),
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(md: &str) -> (Extracted, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let e = extract("t.md", md, &Vocabulary::default(), &mut d);
        (e, d)
    }

    #[test]
    fn numbered_heading_with_fields_is_an_item() {
        let md = "## PHASE 1 (Week 1-2)\n\n### 🔥 CRITICAL FIXES\n\n#### 1. Auth\n**Status**: Missing auth\n**Impact**: bad\n**Solution**:\n- a\n- b\n";
        let (e, d) = run(md);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(e.items.len(), 1);
        let i = &e.items[0];
        assert_eq!((i.title.as_str(), i.line, i.kind), ("Auth", 5, ItemKind::Heading));
        assert_eq!(i.fields.status, Some(Status::Todo));
        assert_eq!(i.fields.priority, Some(Priority::Critical));
        assert_eq!(i.fields.timeline.as_ref().map(|w| w.label.as_str()), Some("Week 1-2"));
        assert_eq!((i.tasks_done, i.tasks_total), (0, 2));
    }

    #[test]
    fn numbered_heading_with_boxes_is_a_group() {
        let md = "### 1. **Backend - HIGHEST PRIORITY**\n**Status**: 🔴 BLOCKING LAUNCH\n- [ ] **Configure**\n  - one\n  - two\n- [x] **Migrate**\n";
        let (e, _) = run(md);
        assert_eq!(e.items.len(), 2);
        assert_eq!(e.items[0].title, "Configure");
        assert_eq!(e.items[0].fields.priority, Some(Priority::Critical));
        assert_eq!(e.items[0].fields.health, Some(Health::Red));
        assert_eq!(e.items[1].fields.status, Some(Status::Done));
    }

    #[test]
    fn status_lists_and_emoji_bullets() {
        let md = "## State\n\n✅ **Completed**:\n- A\n- B\n\n❌ **Missing**:\n- C\n\n## Features\n- ✅ **Search**\n- 🚧 Sync\n";
        let (e, _) = run(md);
        let got: Vec<(&str, Status)> = e.items.iter().map(|i| (i.title.as_str(), i.fields.status.unwrap())).collect();
        assert_eq!(
            got,
            vec![
                ("A", Status::Done),
                ("B", Status::Done),
                ("C", Status::Todo),
                ("Search", Status::Done),
                ("Sync", Status::InProgress)
            ]
        );
    }

    #[test]
    fn unknown_status_word_warns_but_descriptions_do_not() {
        let md = "### 1. A\n**Status**: Frobnicated\n\n### 2. B\n**Status**: Unstable wallet connections, poor error handling\n";
        let (e, d) = run(md);
        assert_eq!(e.items.len(), 2);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 2);
        assert!(d[0].message.starts_with("unknown status `Frobnicated`"), "{}", d[0].message);
    }

    #[test]
    fn table_rows_become_items() {
        let md = "| Task | Priority | Effort | Timeline |\n|---|---|---|---|\n| **Backend** | 🔴 Critical | High | Week 1 |\n";
        let (e, _) = run(md);
        assert_eq!(e.items.len(), 1);
        let f = &e.items[0].fields;
        assert_eq!((f.priority, f.health), (Some(Priority::Critical), Some(Health::Red)));
        assert_eq!(f.effort_text.as_deref(), Some("High"));
        assert_eq!(f.timeline.as_ref().unwrap().label, "Week 1");
    }

    #[test]
    fn now_next_later() {
        let md = "## Now\n- Login\n## Next\n- Sync\n## Later\n- [ ] Themes\n";
        let (e, _) = run(md);
        let got: Vec<(&str, Status)> = e.items.iter().map(|i| (i.title.as_str(), i.fields.status.unwrap())).collect();
        assert_eq!(got, vec![("Login", Status::InProgress), ("Sync", Status::Todo), ("Themes", Status::Todo)]);
    }

    #[test]
    fn front_matter_title_wins() {
        let (e, _) = run("---\ntitle: From FM\n---\n# Heading\n");
        assert_eq!(e.title.as_deref(), Some("From FM"));
        let (e, _) = run("# Heading **bold**\n");
        assert_eq!(e.title.as_deref(), Some("Heading bold"));
    }
}

#[cfg(test)]
mod scaling {
    use super::*;
    use proptest::prelude::*;

    /// The fastest of three runs, so a busy machine inflates neither side much.
    fn fastest(text: &str, vocab: &Vocabulary) -> std::time::Duration {
        (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                let mut d = Vec::new();
                std::hint::black_box(extract("r.md", text, vocab, &mut d));
                t.elapsed()
            })
            .min()
            .unwrap_or_default()
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z ]{1,30}".prop_map(|t| format!("## {t}")),
            "[a-zA-Z ]{1,30}".prop_map(|t| format!("### 1.2 {t} (2 days)")),
            "[a-zA-Z ]{1,30}".prop_map(|t| format!("- [ ] **{t}**: 3d")),
            "[a-zA-Z ]{1,30}".prop_map(|t| format!("- [x] {t} ✅")),
            "[a-zA-Z ]{1,30}".prop_map(|t| format!("**Status**: {t} in progress")),
            "[a-zA-Z ]{1,30}".prop_map(|t| format!("| {t} | 🔴 Critical | 2-3 days |")),
            Just("| Task | Priority | Effort |\n|---|---|---|".to_string()),
            Just("- 🚧 **Dark mode** — design done".to_string()),
            Just("<!-- note -->".to_string()),
            Just("```ts\nlet a = 1;\n```".to_string()),
            "[a-zA-Z0-9 %:/]{0,60}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

        /// Eight times the document takes about eight times as long, not sixty-four: a quadratic step anywhere
        /// in extraction (a rescan per line, per item or per heading) fails this with a wide margin.
        #[test]
        fn extraction_time_is_linear_in_document_size(lines in proptest::collection::vec(line(), 20..60)) {
            let vocab = Vocabulary::default();
            let chunk = format!("# Roadmap\n\n{}\n\n", lines.join("\n"));
            let small = chunk.repeat(20);
            let large = chunk.repeat(160);
            let (ts, tl) = (fastest(&small, &vocab), fastest(&large, &vocab));
            let ratio = tl.as_secs_f64() / ts.as_secs_f64().max(1e-6);
            prop_assert!(ratio < 24.0, "8x the text took {ratio:.1}x the time ({ts:?} -> {tl:?})");
        }
    }
}

/// Inputs that once panicked (found by the fuzzers in `fuzz/` or by review); each must extract quietly now.
#[cfg(test)]
mod regressions {
    use super::*;

    fn survives(bytes: &[u8]) {
        let mut d = crate::diagnostics::Diagnostics::new();
        let doc = crate::load::source_file("r.md", "r.md", bytes, true, &mut d);
        let mut warnings = Vec::new();
        std::hint::black_box(extract("r.md", &doc.text, &Vocabulary::default(), &mut warnings));
    }

    #[test]
    fn kpi_name_cut_inside_a_character() {
        // `- S0ÿÿÿ` under a metrics heading: the name check sliced "handle " out of the middle of `ÿ`
        survives(b"# Metric\n- S0\xff\xff\xff");
        survives("# KPIs\n- handleé 5 users\n".as_bytes());
    }

    #[test]
    fn readiness_line_whose_lower_case_is_longer() {
        // the Kelvin sign lower-cases to a one-byte `k`: offsets into the line were used on its lower-case copy
        survives("**Overall Readiness**: \u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A} 50%\n".as_bytes());
        survives("Current Status: İİİİİİİİ 85-90% Complete\n".as_bytes());
    }
}
