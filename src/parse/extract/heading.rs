//! Headings and the paragraphs under them: sections, groups, heading items and milestones, field lines, labels.

use super::*;

impl Extractor<'_> {
    pub(super) fn open_heading(&mut self, level: u8, text: &str, line: usize) {
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
            // lists of open work under a name rather than a status
            _ if level > 1 && decide::is_label(text, BACKLOG_HEADINGS) => {
                Some(Decision::new(Status::Todo, "backlog heading", text.trim()))
            }
            "now" => Some(Decision::new(Status::InProgress, "lane heading", text.trim())),
            "next" | "later" => Some(Decision::new(Status::Todo, "lane heading", text.trim())),
            // `## Completed features`, `### ✅ Done (100%)`, `## What shipped in v2`
            _ if !numbered && level > 1 && !milestone_heading(text) => {
                match label_line(&format!("{text}:"), self.vocab) {
                    Some(Label::Status(d)) => Some(Decision { rule: "status heading", ..d }),
                    _ => None,
                }
            }
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
        let document_section = decide::is_label(text, DOCUMENT_SECTIONS);
        self.stack.push(Context {
            document_section,
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
    pub(super) fn section_status(&self) -> Option<Decision> {
        // only the heading directly above passes its status down; a ✅ three levels up says nothing about a
        // sub-sub-section that lists what is still required
        self.stack
            .last()
            .and_then(|c| c.own_status.clone())
            .map(|d| Decision { rule: "status of the section it is in", ..d })
    }

    pub(super) fn close_heading(&mut self) {
        let Some(mut ctx) = self.stack.pop() else { return };
        if ctx.criteria {
            // criteria describe the enclosing heading: they count as its bullets
            if let Some(parent) = self.stack.last_mut() {
                parent.bullets += ctx.bullets;
                parent.criteria_done += ctx.criteria_done;
                parent.child_items += ctx.child_items;
            }
            return;
        }
        // a document section (summary, overview, …) with a Status line describes the document, not a work item
        let document_section = ctx.document_section;
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
        // a numbered heading with prose under it is an item, except in summaries and recommendations
        let in_document_section = ctx.document_section || self.stack.iter().any(|c| c.document_section);
        let prose_item = (ctx.numbered || ctx.milestone) && ctx.paragraphs > 0 && !in_document_section;
        let has_body = ctx.has_fields || ctx.bullets > 0 || tasks.1 > 0 || prose_item;
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
            "item: {} at line {}{}",
            if ctx.milestone {
                "milestone heading"
            } else if ctx.numbered {
                "numbered heading"
            } else {
                "heading with a status of its own"
            },
            ctx.line,
            if tasks.1 > 0 { ", its short checkboxes are its tasks" } else { ", with no items of its own below it" }
        )];
        explain.append(&mut ctx.explain);
        // the heading's own words beat what it inherited
        if let Some(p) = self.vocab.priority_phrases.find(&ctx.title) {
            f.priority = f.priority.or(Some(p));
        }
        // a milestone's `**Target**: 2026-03-31` is its due date
        if ctx.milestone
            && f.timeline.is_none()
            && let Some(w) = f.target.as_deref().and_then(fields::parse_window)
        {
            explain.push(format!("timeline: `{}` from its Target line", w.label));
            f.timeline = Some(w);
            f.target = None;
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
        } else if let Some(d) = self.section_status() {
            Some(d)
        } else if ctx.criteria_done > 0 {
            // ticked deliverables are its progress
            let s = if ctx.criteria_done >= ctx.bullets { Status::Done } else { Status::InProgress };
            Some(Decision::new(s, "from its ticked deliverables", format!("{} of {}", ctx.criteria_done, ctx.bullets)))
        } else {
            Some(Decision::new(Status::Todo, NO_STATUS, ""))
        };
        let defaulted = decision.as_ref().is_some_and(|d| d.rule == NO_STATUS);
        if let Some(d) = decision {
            f.status = Some(d.status);
            explain.push(format!("status: {}", d.explain()));
        }
        explain_rest(&f, &mut explain, &ctx.title);
        let status = f.status.unwrap_or(Status::Todo);
        let done = status == Status::Done;
        let section = self.section_title();
        let (tasks_done, tasks_total) =
            if tasks.1 > 0 { tasks } else { (if done { ctx.bullets } else { ctx.criteria_done }, ctx.bullets) };
        // a section that details an item listed above it (`- [x] **Phase 2: Search**` … `### Phase 2: Search`)
        // is the same work: it fills in that item instead of adding a second one
        let key = title_key(&title);
        if let Some(&i) = self.item_keys.get(&key).or_else(|| self.row_keys.get(&key))
            && !self.removed[i]
        {
            // a row or list line with no status of its own takes the section's
            if self.defaulted[i]
                && !defaulted
                && let Some(st) = f.status
            {
                self.items[i].fields.status = Some(st);
                self.defaulted[i] = false;
            }
            let existing = &mut self.items[i];
            existing.fields.fill_from(&f);
            if existing.tasks_total == 0 {
                (existing.tasks_done, existing.tasks_total) = (tasks_done, tasks_total);
            }
            existing.explain.push(format!("details from the section at line {}", ctx.line));
            return;
        }
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
        self.defaulted[self.items.len() - 1] = defaulted;
        if let Some(parent) = self.stack.last_mut() {
            parent.child_items += 1;
            parent.children.push(self.items.len() - 1);
        }
    }

    pub(super) fn section_title(&self) -> String {
        self.stack.last().map(|c| c.title.clone()).unwrap_or_default()
    }

    pub(super) fn paragraph(&mut self, raw: &str, line: usize) {
        for (offset, text) in raw.lines().enumerate() {
            let line = line + offset;
            self.scan_readiness(text, line);
            // `✅ **Completed**:`, `**Deliverables**:` or `Success metrics:` alone on a line labels the list below
            if let Some(label) = label_line(text, self.vocab) {
                self.pending_label = Some(label);
                continue;
            }
            self.pending_label = None;
            // the first line under a heading that ends in a status (`**File: x.ts** ✅ COMPLETED`) is the heading's own
            let vocab = self.vocab;
            if let Some(ctx) = self.stack.last_mut()
                && !text.trim().is_empty()
            {
                if ctx.paragraphs == 0
                    && ctx.level > 1
                    && ctx.own_status.is_none()
                    && ctx.list_status.is_none()
                    && !ctx.document_section
                    && text.split_whitespace().count() <= 12
                    && let Some(d) = heading_status(text, vocab)
                {
                    ctx.own_status = Some(Decision { rule: "status line under the heading", ..d });
                }
                ctx.paragraphs += 1;
            }
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
}
