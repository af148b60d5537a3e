//! List items: checkboxes, emoji bullets and status lists; criteria, KPIs and plain bullets under their labels.

use super::*;

impl Extractor<'_> {
    /// What the list item's enclosing list items say about it (`- **Deliverables**:` with nested bullets).
    pub(super) fn ancestor_label(&self, item: &ListItem, blocks: &[Block]) -> Option<Label> {
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

    pub(super) fn list_item(&mut self, index: usize, item: &ListItem, blocks: &[Block]) {
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
            // criteria, deliverables and goals describe their parent: never items, never "done" items; a ticked
            // box among them is a done task of the parent
            if item.depth == 1
                && let Some(ctx) = self.stack.last_mut()
            {
                ctx.bullets += 1;
                ctx.criteria_done += usize::from(item.checked == Some(true));
            }
            return;
        }
        let list_label = match label {
            Some(Label::Status(d)) => Some(d),
            _ => self.stack.last().and_then(|c| c.list_status.clone()).filter(|_| item.depth == 1),
        };
        let marker = decide::leading_marker(&item.raw);
        // `- **CRM**: contacts and deals ✅`: a status marker closing a top-level bullet marks it as an item
        let trailing = item.depth == 1 && decide::trailing_marker(&item.raw).is_some() && !is_report_line(&item.raw);
        let plain_bullet = item.checked.is_none() && marker.is_none() && !trailing;
        // a report line (`- **Lint**: ✅ clean`, `- Unit suite: 14 passed ✅`) states a result, not work
        if item.checked.is_none()
            && marker.is_some()
            && !item.raw.trim_start().starts_with(['✅', '🚧', '⏳'])
            && is_report_line(&item.raw)
        {
            self.plain_bullet(item);
            return;
        }
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
        } else if marker.is_some() || trailing {
            ItemKind::EmojiBullet
        } else {
            ItemKind::StatusList
        };
        self.push_list_item(index, item, decision, kind);
    }

    /// A bullet under a KPI heading or label: a KPI when it has a numeric target (a ticked box means met).
    pub(super) fn kpi_bullet(&mut self, item: &ListItem) {
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
    pub(super) fn plain_bullet(&mut self, item: &ListItem) {
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

    pub(super) fn push_list_item(&mut self, index: usize, item: &ListItem, decision: Decision, kind: ItemKind) {
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

    pub(super) fn push_item(&mut self, item: RawItem) {
        let keys = if item.kind == ItemKind::TableRow { &mut self.row_keys } else { &mut self.item_keys };
        keys.entry(title_key(&item.title)).or_insert(self.items.len());
        self.items.push(item);
        self.details.push(0);
        self.removed.push(false);
        self.simple.push(false);
        self.defaulted.push(false);
        self.labelled.push(None);
    }
}

/// A bullet that reports a result (tests passed, lint clean, a note after an arrow) rather than naming work.
fn is_report_line(raw: &str) -> bool {
    let lower = raw.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    raw.contains('←')
        || raw.contains("->")
        || words.iter().any(|w| ["passed", "passing", "clean", "green", "ok", "succeeded", "successful"].contains(w))
}
