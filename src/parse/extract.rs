//! Blocks -> facts: items, KPIs, readiness and headings of one document, each with its line. The rules are written
//! down in the README ("Extraction rules"); the unit tests below pin them on small inputs, `tests/` on the seeds.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

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
    /// `**label:** text` items: (label, text), in case the label repeats across the list and is a tag.
    labelled: Vec<Option<(String, String)>>,
    /// Group headings by title key: (first item, end) of the items under them.
    groups: std::collections::HashMap<String, (usize, usize)>,
    /// Items (not table rows) by title key, the first of each.
    item_keys: std::collections::HashMap<String, usize>,
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
        labelled: Vec::new(),
        groups: Default::default(),
        item_keys: Default::default(),
        seen_headings: 0,
        seen_bullets: 0,
    };
    let mut first_h1: Option<String> = None;
    for (index, block) in blocks.iter().enumerate() {
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
                if *level == 1 && first_h1.is_none() {
                    first_h1 = Some(clean.clone());
                }
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
    Extracted { title: title.or(first_h1), summary, headings, items, kpis, readiness, code_languages }
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
];

/// `Milestone 2 — Beta`, `Phase 3: Launch`, `Release 1.2`, `Sprint 4`, `Stage 2`, `v1.0 (target: …)`.
fn milestone_heading(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r"(?i)^[^\p{L}\p{N}]*(?:milestone|phase|stage|sprint|release|iteration|mvp|v\d+(?:\.\d+)*\b)")
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
    for (e, m) in decide::MARKERS {
        if let decide::Marker::Status(s) = m
            && text.contains(e)
        {
            return Some(Decision::new(*s, "marker in the heading", *e));
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
    let list: Vec<&str> = stripped.split_whitespace().collect();
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
        Regex::new(r"(?i)^(status|state|priority|impact|effort|estimate|fix required|timeline|due|deadline|eta|owner|assignee|health|current|target)\s*:\s*(.+)$")
            .expect("pattern")
    });
    if let Some(c) = bold.captures(t).or_else(|| bold_in.captures(t)) {
        return Some((c[1].trim().to_string(), plain(&c[2])));
    }
    if let Some(c) = bold_all.captures(t) {
        return Some((c[1].trim().to_string(), plain(&format!("{}{}", &c[2], &c[3]))));
    }
    plain_re.captures(t).map(|c| (c[1].to_string(), plain(&c[2])))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Status,
    Priority,
    Impact,
    Effort,
    Timeline,
    Owner,
    Health,
    Current,
    Target,
}

fn key_kind(key: &str) -> Option<Key> {
    Some(match key.trim().to_lowercase().as_str() {
        "status" | "state" => Key::Status,
        "priority" | "prio" => Key::Priority,
        "impact" => Key::Impact,
        "effort" | "estimate" | "estimated effort" | "fix required" | "size" => Key::Effort,
        "timeline" | "due" | "due date" | "deadline" | "eta" | "target date" | "when" => Key::Timeline,
        "owner" | "owners" | "assignee" | "lead" => Key::Owner,
        "health" => Key::Health,
        "current" => Key::Current,
        "target" => Key::Target,
        _ => return None,
    })
}

impl Extractor<'_> {
    fn open_heading(&mut self, level: u8, text: &str, line: usize) {
        while self.stack.last().is_some_and(|c| c.level >= level) {
            self.close_heading();
        }
        self.pending_label = None;
        self.seen_headings += usize::from(level > 1);
        let lower = text.to_lowercase();
        let numbered = numbered_heading().is_match(text);
        // a report date (`Current status (as of 2025-01-13)`, `Updated March 2026`) is not a timeline
        let dated = ["as of", "updated", "last update", "revised"].iter().any(|w| lower.contains(w));
        // the document title (H1) names the whole roadmap, not a priority or health of its items
        let mut fields = if level == 1 {
            Fields::default()
        } else {
            Fields {
                priority: self.vocab.priority_phrases.find(text),
                health: self.vocab.health.find(text),
                timeline: if dated { None } else { fields::parse_window(text) },
                ..Fields::default()
            }
        };
        // fields between the title and the first section describe the project, not its items
        if let Some(outer) = self.stack.last().filter(|o| o.level > 1) {
            fields.inherit(&outer.fields);
        }
        let parent_kpi = self.stack.last().is_some_and(|c| c.kpi);
        let kpi = level > 1
            && (parent_kpi
                || decide::is_label(text, KPI_LABELS)
                || ["kpi", "metric", "indicator"].iter().any(|w| lower.contains(w)));
        let criteria = level > 1 && !numbered && !kpi && decide::is_label(text, CRITERIA_LABELS);
        let wont = decide::is_label(text, &["won't have", "wont have", "will not have", "out of scope", "not planned"]);
        let list_status = match lower.trim() {
            _ if wont && level > 1 => Some(Decision::new(Status::Cancelled, "MoSCoW heading", text.trim())),
            "now" => Some(Decision::new(Status::InProgress, "lane heading", text.trim())),
            "next" | "later" => Some(Decision::new(Status::Todo, "lane heading", text.trim())),
            _ if !numbered && level > 1 => self
                .vocab
                .status
                .exact(text)
                .filter(|_| text.split_whitespace().count() <= 4)
                .map(|s| Decision::new(s, "status heading", text.trim())),
            _ => None,
        };
        let own_status = if level > 1 && list_status.is_none() { heading_status(text, self.vocab) } else { None };
        let milestone = level > 1 && milestone_heading(text);
        self.scan_readiness(text, line);
        if let Some(parent) = self.stack.last_mut() {
            parent.subheadings += 1;
        }
        let first_item = self.items.len();
        self.stack.push(Context {
            first_item,
            level,
            title: text.to_string(),
            line,
            numbered,
            kpi,
            list_status,
            own_status,
            criteria,
            milestone,
            fields,
            ..Context::default()
        });
    }

    /// The status passed down from the nearest heading that states one (`## Phase 2 ✅ COMPLETE`).
    fn section_status(&self) -> Option<Decision> {
        self.stack
            .iter()
            .rev()
            .find_map(|c| c.own_status.clone())
            .map(|d| Decision { rule: "status of the section it is in", ..d })
    }

    fn close_heading(&mut self) {
        let Some(mut ctx) = self.stack.pop() else { return };
        if ctx.criteria {
            // criteria describe the enclosing heading: they count as its bullets
            if let Some(parent) = self.stack.last_mut() {
                parent.bullets += ctx.bullets;
                parent.child_items += ctx.child_items;
            }
            return;
        }
        // a document section (summary, overview, …) with a Status line describes the document, not a work item
        let document_section = decide::is_label(&ctx.title, DOCUMENT_SECTIONS);
        let candidate = ctx.level > 1
            && ctx.list_status.is_none()
            && !ctx.kpi
            && (ctx.numbered
                || ctx.milestone
                || !document_section
                    && ctx.subheadings == 0
                    && (ctx.own_status.is_some() || ctx.fields.status.is_some()));
        // short plain checkboxes under a heading with a Status, Priority or Effort of its own are its tasks
        let mut tasks = (0, 0);
        if candidate
            && ctx.has_work_fields
            && !ctx.children.is_empty()
            && ctx.child_items == ctx.children.len()
            && ctx.children.iter().all(|i| self.simple[*i] && self.items[*i].tasks_total == 0 && self.details[*i] == 0)
        {
            for i in &ctx.children {
                self.removed[*i] = true;
                tasks.1 += 1;
                tasks.0 += usize::from(self.items[*i].fields.status == Some(Status::Done));
            }
            ctx.child_items = 0;
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.child_items += ctx.child_items;
        }
        let has_body = ctx.has_fields || ctx.bullets > 0 || tasks.1 > 0;
        if !(candidate && ctx.child_items == 0 && (has_body || ctx.own_status.is_some())) {
            // a group: remember its title, so a summary table row that names it can fill in its items
            if ctx.child_items > 0 {
                let (title, _) = heading_item_title(&ctx.title, self.vocab);
                self.groups.entry(title_key(&title)).or_insert((ctx.first_item, self.items.len()));
            }
            return;
        }
        let (title, title_effort) = heading_item_title(&ctx.title, self.vocab);
        let mut f = ctx.fields.clone();
        let mut explain = vec![format!(
            "item: {} at line {} with no items below it",
            if ctx.milestone {
                "milestone heading"
            } else if ctx.numbered {
                "numbered heading"
            } else {
                "heading with a status of its own"
            },
            ctx.line
        )];
        explain.append(&mut ctx.explain);
        // the heading's own words beat what it inherited
        if let Some(p) = self.vocab.priority_phrases.find(&ctx.title) {
            f.priority = f.priority.or(Some(p));
        }
        if f.effort.is_none()
            && let Some(e) = title_effort
        {
            f.effort = Some(e);
            explain.push("effort: from the heading's `( … )`".into());
        }
        let decision = if f.status.is_some() {
            None // the Status field decided; its line is already in `explain`
        } else if let Some(d) = ctx.own_status.clone() {
            Some(d)
        } else if tasks.1 > 0 {
            let s = if tasks.0 == tasks.1 {
                Status::Done
            } else if tasks.0 > 0 {
                Status::InProgress
            } else {
                Status::Todo
            };
            Some(Decision::new(s, "from its checkboxes", format!("{} of {} ticked", tasks.0, tasks.1)))
        } else {
            Some(self.section_status().unwrap_or_else(|| Decision::new(Status::Todo, "no status written", "")))
        };
        if let Some(d) = decision {
            f.status = Some(d.status);
            explain.push(format!("status: {}", d.explain()));
        }
        explain_rest(&f, &mut explain, &ctx.title);
        let status = f.status.unwrap_or(Status::Todo);
        let done = status == Status::Done;
        let section = self.section_title();
        let (tasks_done, tasks_total) =
            if tasks.1 > 0 { tasks } else { (if done { ctx.bullets } else { 0 }, ctx.bullets) };
        self.push_item(RawItem {
            title,
            kind: if ctx.milestone && !ctx.numbered { ItemKind::Milestone } else { ItemKind::Heading },
            line: ctx.line,
            section,
            fields: f,
            tasks_done,
            tasks_total,
            explain,
        });
        if let Some(parent) = self.stack.last_mut() {
            parent.child_items += 1;
            parent.children.push(self.items.len() - 1);
        }
    }

    fn section_title(&self) -> String {
        self.stack.last().map(|c| c.title.clone()).unwrap_or_default()
    }

    fn paragraph(&mut self, raw: &str, line: usize) {
        for (offset, text) in raw.lines().enumerate() {
            let line = line + offset;
            self.scan_readiness(text, line);
            // `✅ **Completed**:`, `**Deliverables**:` or `Success metrics:` alone on a line labels the list below
            if let Some(label) = label_line(text, self.vocab) {
                self.pending_label = Some(label);
                continue;
            }
            self.pending_label = None;
            if let Some((key, value)) = field_line(text) {
                if self.stack.last().is_some_and(|c| c.kpi) {
                    let kpi = fields::parse_kpi_field(&key, &value);
                    if kpi.value.is_some() {
                        self.kpis.push(RawKpi { kpi, line });
                    }
                } else if let Some(ctx) = self.stack.last_mut() {
                    let known =
                        apply_field(&mut ctx.fields, &key, &value, self.vocab, self.path, line, self.diagnostics);
                    if known {
                        ctx.has_fields = true;
                        ctx.has_work_fields |=
                            matches!(key_kind(&key), Some(Key::Status | Key::Priority | Key::Effort));
                        ctx.explain.push(format!("{}: `{}` at line {line}", key.to_lowercase(), value.trim()));
                    }
                }
            }
        }
    }

    /// What the list item's enclosing list items say about it (`- **Deliverables**:` with nested bullets).
    fn ancestor_label(&self, item: &ListItem, blocks: &[Block]) -> Option<Label> {
        let mut parent = item.parent;
        while let Some(p) = parent {
            let Block::Item(li) = &blocks[p] else { return None };
            if let Some(label) = label_line(&li.raw, self.vocab) {
                return Some(label);
            }
            parent = li.parent;
        }
        None
    }

    fn list_item(&mut self, index: usize, item: &ListItem, blocks: &[Block]) {
        self.scan_readiness(&item.raw, item.line);
        self.seen_bullets += 1;
        // the nearest enclosing checkbox item owns nested boxes and bullets
        let mut parent = item.parent;
        let mut owner = None;
        while let Some(p) = parent {
            if let Some(i) = self.item_of_block[p] {
                owner = Some(i);
                break;
            }
            parent = match &blocks[p] {
                Block::Item(li) => li.parent,
                _ => None,
            };
        }
        if let Some(owner) = owner {
            let it = &mut self.items[owner];
            match item.checked {
                Some(done) => {
                    it.tasks_total += 1;
                    it.tasks_done += usize::from(done);
                }
                None => match field_line(&item.raw) {
                    Some((k, v)) => {
                        let before = it.fields.status;
                        if apply_field(&mut it.fields, &k, &v, self.vocab, self.path, item.line, self.diagnostics) {
                            it.explain.push(format!("{}: `{}` at line {}", k.to_lowercase(), v.trim(), item.line));
                            if it.fields.status != before {
                                it.explain.retain(|e| !e.starts_with("status: "));
                                it.explain.push(format!("status: from the Status line at line {}", item.line));
                            }
                        }
                    }
                    None if item.parent.and_then(|p| self.item_of_block[p]) == Some(owner) => {
                        self.details[owner] += 1;
                    }
                    None => {}
                },
            }
            return;
        }
        // a label item (`- **Deliverables**:`) only labels what is nested under it
        if label_line(&item.raw, self.vocab).is_some() {
            return;
        }
        let label = self.ancestor_label(item, blocks).or_else(|| self.pending_label.clone());
        let in_kpi = matches!(label, Some(Label::Kpi))
            || (self.stack.last().is_some_and(|c| c.kpi) && !matches!(label, Some(Label::Status(_))));
        if in_kpi {
            self.kpi_bullet(item);
            return;
        }
        let in_criteria = matches!(label, Some(Label::Criteria))
            || (self.stack.last().is_some_and(|c| c.criteria) && !matches!(label, Some(Label::Status(_))));
        if in_criteria {
            // criteria, deliverables and goals describe their parent: never items, never "done"
            if item.depth == 1
                && let Some(ctx) = self.stack.last_mut()
            {
                ctx.bullets += 1;
            }
            return;
        }
        let list_label = match label {
            Some(Label::Status(d)) => Some(d),
            _ => self.stack.last().and_then(|c| c.list_status.clone()).filter(|_| item.depth == 1),
        };
        let marker = decide::leading_marker(&item.raw);
        let plain_bullet = item.checked.is_none() && marker.is_none();
        // a legend line (`- ✅ **Done** – finished`, `- 🚧 = in progress`) defines a marker; it is not work
        if item.checked.is_none() && marker.is_some() {
            let (title, rest) = split_title(decide::without_marker(&item.raw));
            let head = title.trim_start_matches(['=', ':', '-', ' ']).trim();
            if self.vocab.status.exact(head).is_some() || (title.is_empty() && self.vocab.status.exact(&rest).is_some())
            {
                self.plain_bullet(item);
                return;
            }
        }
        // a plain bullet is an item only in a status list (under a status label or heading, top level)
        let label_for = if plain_bullet && item.depth > 1 { None } else { list_label };
        if plain_bullet && label_for.is_none() {
            self.plain_bullet(item);
            return;
        }
        let Some(decision) = decide::list_item(&item.raw, item.checked, item.struck, label_for.as_ref(), self.vocab)
        else {
            self.plain_bullet(item);
            return;
        };
        let kind = if item.checked.is_some() {
            ItemKind::Checkbox
        } else if marker.is_some() {
            ItemKind::EmojiBullet
        } else {
            ItemKind::StatusList
        };
        self.push_list_item(index, item, decision, kind);
    }

    /// A bullet under a KPI heading or label: a KPI when it has a numeric target (a ticked box means met).
    fn kpi_bullet(&mut self, item: &ListItem) {
        let kpi = match field_line(&item.raw) {
            Some((key, value)) => Some(fields::parse_kpi_field(&key, &value)),
            None => fields::parse_kpi_text(&plain(&item.raw)),
        };
        if let Some(mut kpi) = kpi.filter(|k| k.value.is_some()) {
            if item.checked == Some(true) && kpi.current.is_none() {
                kpi.current = Some("met (ticked)".into());
            }
            self.kpis.push(RawKpi { kpi, line: item.line });
        }
    }

    /// A bullet that is not an item: a field of its section, or a detail that makes a heading an item.
    fn plain_bullet(&mut self, item: &ListItem) {
        if let Some((key, value)) = field_line(&item.raw) {
            if let Some(ctx) = self.stack.last_mut() {
                let known =
                    apply_field(&mut ctx.fields, &key, &value, self.vocab, self.path, item.line, self.diagnostics);
                if known {
                    ctx.has_fields = true;
                    ctx.has_work_fields |= matches!(key_kind(&key), Some(Key::Status | Key::Priority | Key::Effort));
                    ctx.explain.push(format!("{}: `{}` at line {}", key.to_lowercase(), value.trim(), item.line));
                }
                if !known && item.depth == 1 {
                    ctx.bullets += 1;
                }
            }
            return;
        }
        if item.depth == 1
            && let Some(ctx) = self.stack.last_mut()
        {
            ctx.bullets += 1;
        }
    }

    fn push_list_item(&mut self, index: usize, item: &ListItem, decision: Decision, kind: ItemKind) {
        let raw = decide::without_marker(&item.raw);
        let (title, rest) = split_title(raw);
        let (title, title_effort) = strip_effort(&title);
        let mut f = Fields { status: Some(decision.status), ..Fields::default() };
        let mut explain = vec![
            format!("item: {} at line {}", kind_words(kind), item.line),
            format!("status: {}", decision.explain()),
        ];
        if let Some((p, tag)) = tag_priority(raw, self.vocab) {
            f.priority = Some(p);
            explain.push(format!("priority: tag `{tag}`"));
        }
        f.health = self.vocab.health.find(&item.raw);
        if let Some(w) = fields::parse_window(&rest) {
            f.timeline = Some(w);
        }
        if let Some(e) = fields::parse_effort(&rest).or(title_effort) {
            f.effort = Some(e);
        }
        if let Some(ctx) = self.stack.last().filter(|c| c.level > 1) {
            f.inherit(&ctx.fields);
        }
        let simple = item.checked.is_some()
            && decide::leading_marker(&item.raw).is_none()
            && !item.raw.trim_start().starts_with("**")
            && title.split_whitespace().count() <= 12;
        let section = self.section_title();
        self.push_item(RawItem {
            title,
            kind,
            line: item.line,
            section,
            fields: f,
            tasks_done: 0,
            tasks_total: 0,
            explain,
        });
        self.simple[self.items.len() - 1] = simple;
        let t = raw.trim();
        if let Some(after) = t.strip_prefix("**")
            && let Some(end) = after.find("**")
            && (after[..end].trim_end().ends_with(':') || after[end + 2..].trim_start().starts_with(':'))
            && !rest.is_empty()
        {
            let label = plain(after[..end].trim_end().trim_end_matches(':'));
            self.labelled[self.items.len() - 1] = Some((label, rest.clone()));
        }
        self.item_of_block[index] = Some(self.items.len() - 1);
        if let Some(ctx) = self.stack.last_mut() {
            ctx.child_items += 1;
            ctx.children.push(self.items.len() - 1);
        }
    }

    fn push_item(&mut self, item: RawItem) {
        if item.kind != ItemKind::TableRow {
            self.item_keys.entry(title_key(&item.title)).or_insert(self.items.len());
        }
        self.items.push(item);
        self.details.push(0);
        self.removed.push(false);
        self.simple.push(false);
        self.labelled.push(None);
    }

    fn table(&mut self, table: &Table) {
        self.pending_label = None;
        let header: Vec<String> = table.header.iter().map(|h| plain(h).to_lowercase()).collect();
        let find = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h == n || h.contains(n)));
        let status = find(&["status", "state", "progress"]);
        let priority = find(&["priority", "prio"]);
        let effort = find(&["effort", "estimate", "size"]);
        let owner = find(&["owner", "assignee", "lead"]);
        let due = find(&["timeline", "due", "deadline", "eta", "when", "date"]);
        let impact = find(&["impact"]);
        let score = find(&["score", "rating"]);
        let target = find(&["target", "goal"]);
        let current = find(&["current", "actual"]);
        let roles = [status, priority, effort, owner, due, impact, score, target, current];
        let work = find(&[
            "task",
            "item",
            "feature",
            "component",
            "work",
            "deliverable",
            "title",
            "name",
            "category",
            "epic",
            "story",
            "initiative",
            "area",
            "milestone",
            "phase",
            "metric",
            "kpi",
        ])
        .or_else(|| (0..header.len()).find(|i| !roles.contains(&Some(*i))));
        let Some(work) = work else { return };
        let cell = |row: &[String], col: Option<usize>| col.and_then(|c| row.get(c)).map(|s| plain(s.trim()));
        let in_kpi = self.stack.last().is_some_and(|c| c.kpi);
        let is_items = !in_kpi && [status, priority, effort, owner, due].iter().any(Option::is_some);
        let is_kpis = (in_kpi || !is_items) && (target.is_some() || current.is_some());
        if is_kpis {
            for (row, line) in &table.rows {
                let Some(title) = cell(row, Some(work)).filter(|t| !t.is_empty()) else { continue };
                let value = cell(row, target).unwrap_or_default();
                let mut kpi = fields::parse_kpi_field(&title, &value);
                kpi.current = cell(row, current).filter(|c| !c.is_empty());
                if kpi.value.is_some() {
                    self.kpis.push(RawKpi { kpi, line: *line });
                }
            }
            return;
        }
        if !is_items {
            return;
        }
        // a legend (what P0..P3 or the status emoji mean) is not work: its first column holds the vocabulary
        let vocabulary_cells = table
            .rows
            .iter()
            .filter(|(row, _)| {
                cell(row, Some(work)).is_some_and(|t| {
                    self.vocab.priority.exact(&t).is_some()
                        || self.vocab.status.exact(&t).is_some()
                        || self.vocab.health.find(&t).is_some() && t.split_whitespace().count() <= 2
                })
            })
            .count();
        let explains = header.iter().any(|h| {
            ["meaning", "means", "description", "definition", "explanation", "legend", "when to use"]
                .iter()
                .any(|w| h.contains(w))
        });
        if !table.rows.is_empty() && (vocabulary_cells * 2 > table.rows.len() || explains && header.len() <= 3) {
            return;
        }
        // work only when most of its status (else priority) cells say something recognisable
        if let Some(col) = status.or(priority) {
            let filled: Vec<String> =
                table.rows.iter().filter_map(|(row, _)| cell(row, Some(col))).filter(|v| !v.is_empty()).collect();
            let known = filled
                .iter()
                .filter(|v| {
                    self.vocab.status.find(v).is_some()
                        || self.vocab.priority.find(v).is_some()
                        || self.vocab.health.find(v).is_some()
                })
                .count();
            if !filled.is_empty() && known * 2 < filled.len() {
                return;
            }
        }
        let section_status = self.section_status();
        // a table most of whose rows name items or sections above it summarises them: it adds no items
        let restating = table
            .rows
            .iter()
            .filter(|(row, _)| cell(row, Some(work)).is_some_and(|t| self.find_restated(&t).is_some()))
            .count();
        let summary = table.rows.len() >= 2 && restating * 2 >= table.rows.len();
        for (row, line) in &table.rows {
            let Some(title) = cell(row, Some(work)).filter(|t| !t.is_empty()) else {
                continue;
            };
            let mut f = Fields::default();
            let pairs = [
                ("status", status),
                ("priority", priority),
                ("effort", effort),
                ("owner", owner),
                ("timeline", due),
                ("impact", impact),
            ];
            let mut explain = vec![format!("item: table row at line {line}")];
            for (key, col) in pairs {
                if let Some(value) = cell(row, col).filter(|v| !v.is_empty()) {
                    apply_field(&mut f, key, &value, self.vocab, self.path, *line, self.diagnostics);
                    explain.push(format!("{key}: `{value}` in the {key} column"));
                }
            }
            if let Some(s) = cell(row, score) {
                f.score = parse_score(&s);
            }
            // a row that restates an item or a section above it (a priority matrix) fills that in instead
            if self.restate(&title, &f, *line) {
                continue;
            }
            if summary {
                continue;
            }
            if f.status.is_none() {
                let d = section_status.clone().unwrap_or_else(|| Decision::new(Status::Todo, "no status column", ""));
                f.status = Some(d.status);
                explain.push(format!("status: {}", d.explain()));
            }
            if let Some(ctx) = self.stack.last().filter(|c| c.level > 1) {
                f.inherit(&ctx.fields);
            }
            let section = self.section_title();
            self.push_item(RawItem {
                title,
                kind: ItemKind::TableRow,
                line: *line,
                section,
                fields: f,
                tasks_done: 0,
                tasks_total: 0,
                explain,
            });
            if let Some(ctx) = self.stack.last_mut() {
                ctx.child_items += 1;
                ctx.children.push(self.items.len() - 1);
            }
        }
    }

    /// Items a row title names: one item with that title, or the items of a section with that title.
    fn find_restated(&self, title: &str) -> Option<std::ops::Range<usize>> {
        let key = title_key(title);
        if key.is_empty() {
            return None;
        }
        if let Some(i) = self.item_keys.get(&key) {
            return Some(*i..*i + 1);
        }
        self.groups.get(&key).map(|(a, b)| *a..*b)
    }

    /// Fills in the items a summary row names; whether it named any.
    fn restate(&mut self, title: &str, f: &Fields, line: usize) -> bool {
        let Some(range) = self.find_restated(title) else { return false };
        let single = range.len() == 1;
        for i in range {
            if self.removed[i] {
                continue;
            }
            let existing = &mut self.items[i];
            existing.fields.priority = existing.fields.priority.or(f.priority);
            existing.fields.health = existing.fields.health.or(f.health);
            if existing.fields.effort.is_none() && existing.fields.effort_text.is_none() {
                existing.fields.effort = f.effort;
                existing.fields.effort_text = f.effort_text.clone();
            }
            if existing.fields.timeline.is_none() && existing.fields.timeline_text.is_none() {
                existing.fields.timeline = f.timeline.clone();
                existing.fields.timeline_text = f.timeline_text.clone();
            }
            existing.fields.impact = existing.fields.impact.take().or(f.impact.clone());
            existing.fields.score = existing.fields.score.or(f.score);
            // the row's status counts where the item itself wrote none (only for a row about this one item)
            if single
                && let Some(st) = f.status
                && existing.explain.iter().any(|e| e.contains("(no status written"))
            {
                existing.fields.status = Some(st);
                existing.fields.status_text = f.status_text.clone();
                existing.explain.retain(|e| !e.starts_with("status:"));
                existing.explain.push(format!("status: {st} (from the table row at line {line})"));
            }
            existing.explain.push(format!("fields filled in from the summary table row at line {line}"));
        }
        true
    }

    fn scan_readiness(&mut self, text: &str, line: usize) {
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
fn title_key(title: &str) -> String {
    let cleaned: String =
        title.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect::<String>().to_lowercase();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
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
            let status = vocab.status.find(value);
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
