//! Tables: work tables, KPI tables, legends, and summary rows that restate items above them.

use super::*;

impl Extractor<'_> {
    pub(super) fn table(&mut self, table: &Table) {
        self.pending_label = None;
        let header: Vec<String> = table.header.iter().map(|h| plain(h).to_lowercase()).collect();
        let find = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h == n || h.contains(n)));
        let col = |key| crate::parse::keys::column(&header, key);
        let (status, priority, effort, owner) =
            (col(Key::Status), col(Key::Priority), col(Key::Effort), col(Key::Owner));
        let (due, impact, score) = (col(Key::Timeline), col(Key::Impact), col(Key::Score));
        let (target, current) = (col(Key::Target), col(Key::Current));
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
        let Some(mut work) = work else { return };
        let cell = |row: &[String], col: Option<usize>| col.and_then(|c| row.get(c)).map(|s| plain(s.trim()));
        // a work column of numbers (`1`, `#3`, `1.0.0`) numbers the rows: the title is in the next text column
        let numeric = |c: usize| {
            let cells: Vec<String> = table.rows.iter().filter_map(|(row, _)| cell(row, Some(c))).collect();
            !cells.is_empty()
                && cells.iter().all(|v| !v.is_empty() && v.chars().all(|ch| ch.is_ascii_digit() || "#.v ".contains(ch)))
        };
        if numeric(work)
            && let Some(next) = (work + 1..header.len()).find(|i| !roles.contains(&Some(*i)) && !numeric(*i))
        {
            work = next;
        }
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
                // say so when the column is called Status: its values may be markers milepost does not know
                if status.is_some() && filled.len() >= 2 {
                    let example = filled.first().cloned().unwrap_or_default();
                    self.diagnostics.push(
                        Diagnostic::warning(
                            self.path,
                            table.line,
                            format!(
                                "table with a status column not read as work: {} of its {} status values are not statuses (e.g. `{example}`)",
                                filled.len() - known,
                                filled.len()
                            ),
                        )
                        .with_hint("write statuses such as done, in progress, todo, blocked (or ✅ 🚧 ⏳), or add the words to `vocabulary.status` in site.yaml"),
                    );
                }
                return;
            }
        }
        // a table takes the status of the nearest heading that states one, however deep (a closed track's plan)
        let section_status = self
            .stack
            .iter()
            .rev()
            .find_map(|c| c.own_status.clone())
            .map(|d| Decision { rule: "status of the section it is in", ..d });
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
            let mut row_defaulted = false;
            if f.status.is_none() {
                // the row's own status cell, even one not recognised, beats the section's status
                let own_cell = cell(row, status).filter(|v| !v.is_empty());
                // no status column: a work cell that opens with a status (`**CLOSED 2026-01-05**: cache`, `✅ …`)
                let work_cell = row.get(work).map(|w| w.trim().to_string()).unwrap_or_default();
                let leading = decide::leading_marker(&work_cell)
                    .and_then(|(e, m)| match m {
                        decide::Marker::Status(s) => Some(Decision::new(s, "marker in the work cell", e)),
                        _ => None,
                    })
                    .or_else(|| {
                        let bold = work_cell.strip_prefix("**")?.split("**").next()?.to_string();
                        let s = decide::prose_status(&bold, self.vocab)?;
                        Some(Decision::new(s, "status opening the work cell", bold))
                    });
                let d = match (own_cell, leading) {
                    (Some(v), _) => Decision::new(Status::Todo, "status cell not recognised", v),
                    (None, Some(d)) => d,
                    (None, None) => {
                        section_status.clone().unwrap_or_else(|| Decision::new(Status::Todo, NO_STATUS, ""))
                    }
                };
                explain.retain(|e| !e.starts_with("status:"));
                row_defaulted = d.rule == NO_STATUS;
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
            self.defaulted[self.items.len() - 1] = row_defaulted;
            if let Some(ctx) = self.stack.last_mut() {
                ctx.child_items += 1;
                ctx.children.push(self.items.len() - 1);
            }
        }
    }

    /// Items a row title names: one item with that title, or the items of a section with that title.
    pub(super) fn find_restated(&self, title: &str) -> Option<std::ops::Range<usize>> {
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
    pub(super) fn restate(&mut self, title: &str, f: &Fields, line: usize) -> bool {
        let Some(range) = self.find_restated(title) else { return false };
        let single = range.len() == 1;
        for i in range {
            if self.removed[i] {
                continue;
            }
            // the row's status counts where the item itself wrote none (only for a row about this one item)
            let take_status = single && self.defaulted[i] && f.status.is_some();
            if take_status {
                self.defaulted[i] = false;
            }
            let existing = &mut self.items[i];
            existing.fields.fill_from(f);
            if take_status && let Some(st) = f.status {
                existing.fields.status = Some(st);
                existing.fields.status_text = f.status_text.clone();
                existing.explain.retain(|e| !e.starts_with("status:"));
                existing.explain.push(format!("status: {st} (from the table row at line {line})"));
            }
            existing.explain.push(format!("fields filled in from the summary table row at line {line}"));
        }
        true
    }
}
