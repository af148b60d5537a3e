//! Blocks -> facts: items, KPIs, readiness and headings of one document, each with its line. The rules are written
//! down in the README ("Extraction rules"); the unit tests below pin them on small inputs, `tests/` on the seeds.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

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
    list_status: Option<Status>,
    fields: Fields,
    has_fields: bool,
    child_items: usize,
    bullets: usize,
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
    pending_list: Option<Status>,
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
        diagnostics,
        stack: Vec::new(),
        items: Vec::new(),
        item_of_block: vec![None; blocks.len()],
        details: Vec::new(),
        kpis: Vec::new(),
        readiness: None,
        pending_list: None,
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
            Block::Rule => x.pending_list = None,
        }
    }
    while !x.stack.is_empty() {
        x.close_heading();
    }
    let Extractor { mut items, details, kpis, readiness, .. } = x;
    // nested plain bullets are the tasks of a checkbox item that has no boxes of its own
    for (item, details) in items.iter_mut().zip(details) {
        if item.tasks_total == 0 && details > 0 {
            item.tasks_total = details;
            item.tasks_done = if item.fields.status == Some(Status::Done) { details } else { 0 };
        }
    }
    items.sort_by_key(|i| i.line);
    Extracted { title: title.or(first_h1), summary, headings, items, kpis, readiness, code_languages }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

fn numbered_heading() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^\s*\**\s*(\d{1,3})[.)]\s+(.+)$").expect("pattern"))
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

fn status_emoji(raw: &str) -> Option<&'static str> {
    const EMOJI: &[&str] =
        &["✅", "☑️", "✔️", "✔", "❌", "🚧", "🔄", "⏳", "⛔", "🛑", "⬜", "🔲", "🔴", "🟡", "🟠", "🟢"];
    let t = raw.trim_start();
    EMOJI.iter().copied().find(|e| t.starts_with(e))
}

impl Extractor<'_> {
    fn open_heading(&mut self, level: u8, text: &str, line: usize) {
        while self.stack.last().is_some_and(|c| c.level >= level) {
            self.close_heading();
        }
        self.pending_list = None;
        let lower = text.to_lowercase();
        let numbered = numbered_heading().is_match(text);
        // the document title (H1) names the whole roadmap, not a priority or health of its items
        let mut fields = if level == 1 {
            Fields::default()
        } else {
            Fields {
                priority: self.vocab.priority_phrases.find(text),
                health: self.vocab.health.find(text),
                timeline: fields::parse_window(text),
                ..Fields::default()
            }
        };
        if let Some(outer) = self.stack.last() {
            fields.inherit(&outer.fields);
        }
        let kpi = self.stack.last().is_some_and(|c| c.kpi)
            || ["kpi", "metric", "indicator", "success criteria"].iter().any(|w| lower.contains(w));
        let list_status = match lower.trim() {
            "now" => Some(Status::InProgress),
            "next" | "later" => Some(Status::Todo),
            _ if !numbered => self.vocab.status.exact(text).filter(|_| text.split_whitespace().count() <= 4),
            _ => None,
        };
        self.scan_readiness(text, line);
        self.stack.push(Context {
            level,
            title: text.to_string(),
            line,
            numbered,
            kpi,
            list_status,
            fields,
            ..Context::default()
        });
    }

    fn close_heading(&mut self) {
        let Some(ctx) = self.stack.pop() else { return };
        if let Some(parent) = self.stack.last_mut() {
            parent.child_items += ctx.child_items;
        }
        if !(ctx.numbered && ctx.child_items == 0 && (ctx.has_fields || ctx.bullets > 0)) {
            return;
        }
        let title = heading_item_title(&ctx.title, self.vocab);
        let mut f = ctx.fields.clone();
        // the heading's own words beat what it inherited
        if let Some(p) = self.vocab.priority_phrases.find(&ctx.title) {
            f.priority = f.priority.or(Some(p));
        }
        let status = f.status.unwrap_or(Status::Todo);
        f.status = Some(status);
        let done = status == Status::Done;
        let section = self.section_title();
        if let Some(parent) = self.stack.last_mut() {
            parent.child_items += 1;
        }
        self.push_item(RawItem {
            title,
            kind: ItemKind::Heading,
            line: ctx.line,
            section,
            fields: f,
            tasks_done: if done { ctx.bullets } else { 0 },
            tasks_total: ctx.bullets,
        });
    }

    fn section_title(&self) -> String {
        self.stack.last().map(|c| c.title.clone()).unwrap_or_default()
    }

    fn paragraph(&mut self, raw: &str, line: usize) {
        self.pending_list = None;
        for (offset, text) in raw.lines().enumerate() {
            let line = line + offset;
            self.scan_readiness(text, line);
            // `✅ **Completed**:` alone on a line opens a status list
            let label = text.trim();
            if label.ends_with(':') || label.ends_with(":**") {
                let words = plain(label.trim_end_matches(['*', ':']));
                let stripped: String = words.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).collect();
                if stripped.split_whitespace().count() <= 3
                    && let Some(s) = self.vocab.status.exact(&stripped)
                {
                    self.pending_list = Some(s);
                    continue;
                }
            }
            if let Some((key, value)) = field_line(text) {
                if self.stack.last().is_some_and(|c| c.kpi) {
                    self.kpis.push(RawKpi { kpi: fields::parse_kpi_field(&key, &value), line });
                } else if let Some(ctx) = self.stack.last_mut() {
                    let known =
                        apply_field(&mut ctx.fields, &key, &value, self.vocab, self.path, line, self.diagnostics);
                    ctx.has_fields |= known;
                }
            }
        }
    }

    fn list_item(&mut self, index: usize, item: &ListItem, blocks: &[Block]) {
        self.scan_readiness(&item.raw, item.line);
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
                        apply_field(&mut it.fields, &k, &v, self.vocab, self.path, item.line, self.diagnostics);
                    }
                    None if item.parent.and_then(|p| self.item_of_block[p]) == Some(owner) => {
                        self.details[owner] += 1;
                    }
                    None => {}
                },
            }
            return;
        }
        if let Some(checked) = item.checked {
            let status = if item.struck {
                Status::Cancelled
            } else if checked {
                Status::Done
            } else {
                match status_emoji(&item.raw).and_then(|e| self.vocab.status.find(e)) {
                    Some(s @ (Status::InProgress | Status::Blocked)) => s,
                    _ => Status::Todo,
                }
            };
            self.push_list_item(index, item, status, ItemKind::Checkbox);
            return;
        }
        if let Some(emoji) = status_emoji(&item.raw) {
            let status = self.vocab.status.find(&item.raw).or(self.vocab.status.find(emoji)).unwrap_or(Status::Todo);
            self.push_list_item(index, item, status, ItemKind::EmojiBullet);
            return;
        }
        let heading_list = self.stack.last().and_then(|c| c.list_status);
        if item.depth == 1
            && let Some(status) = self.pending_list.or(heading_list)
        {
            let status = if item.struck { Status::Cancelled } else { status };
            self.push_list_item(index, item, status, ItemKind::StatusList);
            return;
        }
        let in_kpi = self.stack.last().is_some_and(|c| c.kpi);
        if let Some((key, value)) = field_line(&item.raw) {
            if in_kpi {
                self.kpis.push(RawKpi { kpi: fields::parse_kpi_field(&key, &value), line: item.line });
            } else if let Some(ctx) = self.stack.last_mut() {
                let known =
                    apply_field(&mut ctx.fields, &key, &value, self.vocab, self.path, item.line, self.diagnostics);
                ctx.has_fields |= known;
                if !known && item.depth == 1 {
                    ctx.bullets += 1;
                }
            }
            return;
        }
        if in_kpi {
            if let Some(kpi) = fields::parse_kpi_text(&plain(&item.raw)) {
                self.kpis.push(RawKpi { kpi, line: item.line });
            }
            return;
        }
        if item.depth == 1
            && let Some(ctx) = self.stack.last_mut()
        {
            ctx.bullets += 1;
        }
    }

    fn push_list_item(&mut self, index: usize, item: &ListItem, status: Status, kind: ItemKind) {
        let raw = item.raw.trim_start();
        let raw = status_emoji(raw).map_or(raw, |e| raw[e.len()..].trim_start());
        let (title, rest) = split_title(raw);
        let mut f = Fields { status: Some(status), ..Fields::default() };
        f.priority = self.vocab.priority_phrases.find(raw);
        f.health = self.vocab.health.find(&item.raw);
        if let Some(w) = fields::parse_window(&rest) {
            f.timeline = Some(w);
        }
        if let Some(e) = fields::parse_effort(&rest) {
            f.effort = Some(e);
        }
        if let Some(ctx) = self.stack.last() {
            f.inherit(&ctx.fields);
        }
        if let Some(ctx) = self.stack.last_mut() {
            ctx.child_items += 1;
        }
        let section = self.section_title();
        self.push_item(RawItem { title, kind, line: item.line, section, fields: f, tasks_done: 0, tasks_total: 0 });
        self.item_of_block[index] = Some(self.items.len() - 1);
    }

    fn push_item(&mut self, item: RawItem) {
        self.items.push(item);
        self.details.push(0);
    }

    fn table(&mut self, table: &Table) {
        self.pending_list = None;
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
            "metric",
            "kpi",
        ])
        .or_else(|| (0..header.len()).find(|i| !roles.contains(&Some(*i))));
        let Some(work) = work else { return };
        let cell = |row: &[String], col: Option<usize>| col.and_then(|c| row.get(c)).map(|s| s.trim().to_string());
        let is_items = [status, priority, effort, owner, due].iter().any(Option::is_some);
        let is_kpis = !is_items && (target.is_some() || current.is_some());
        if !is_items && !is_kpis {
            return;
        }
        for (row, line) in &table.rows {
            let Some(title) = cell(row, Some(work)).map(|t| plain(&t)).filter(|t| !t.is_empty()) else {
                continue;
            };
            if is_kpis {
                let value = cell(row, target).unwrap_or_default();
                let mut kpi = fields::parse_kpi_field(&title, &value);
                kpi.current = cell(row, current).filter(|c| !c.is_empty());
                self.kpis.push(RawKpi { kpi, line: *line });
                continue;
            }
            let mut f = Fields::default();
            let pairs = [
                ("status", status),
                ("priority", priority),
                ("effort", effort),
                ("owner", owner),
                ("timeline", due),
                ("impact", impact),
            ];
            for (key, col) in pairs {
                if let Some(value) = cell(row, col).filter(|v| !v.is_empty()) {
                    apply_field(&mut f, key, &value, self.vocab, self.path, *line, self.diagnostics);
                }
            }
            if let Some(s) = cell(row, score) {
                f.score = parse_score(&s);
            }
            f.status = Some(f.status.unwrap_or(Status::Todo));
            if let Some(ctx) = self.stack.last() {
                f.inherit(&ctx.fields);
            }
            if let Some(ctx) = self.stack.last_mut() {
                ctx.child_items += 1;
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
            });
        }
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
fn split_title(raw: &str) -> (String, String) {
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

/// `1. **Backend Integration - HIGHEST PRIORITY**` -> `Backend Integration`.
fn heading_item_title(text: &str, vocab: &Vocabulary) -> String {
    let t = numbered_heading().captures(text).map_or(text.to_string(), |c| c[2].to_string());
    let mut t = plain(&t);
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
        && vocab.priority_phrases.find(&t[open..]).is_some()
    {
        t.truncate(open);
    }
    for sep in [" - ", " – ", " — "] {
        if let Some(pos) = t.rfind(sep)
            && vocab.priority_phrases.find(&t[pos..]).is_some()
        {
            t.truncate(pos);
        }
    }
    t.trim().to_string()
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
