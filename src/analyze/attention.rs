//! Needs attention: what a stakeholder should look at first. Blocked items with the reason and owner, overdue
//! items, open critical items, and what moved since the previous snapshot.

use serde::Serialize;
use time::Date;

use crate::model::{Project, Snapshot};
use crate::parse::{Priority, Status};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flagged {
    /// Index into `Project::items`.
    pub item: usize,
    /// Why it is listed: the blocker as written, `12 days overdue (due 2026-11-14)`, `critical, in progress`.
    pub why: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Attention {
    pub blocked: Vec<Flagged>,
    /// Most overdue first.
    pub overdue: Vec<Flagged>,
    /// Open critical items that are neither blocked nor overdue (those are listed above).
    pub critical: Vec<Flagged>,
    /// Every open critical item, blocked and overdue ones included: the count a reader sees.
    pub critical_open: usize,
    /// Changes since the previous snapshot, in words, newest facts first.
    pub moved: Vec<String>,
}

impl Attention {
    pub fn is_empty(&self) -> bool {
        self.blocked.is_empty() && self.overdue.is_empty() && self.critical.is_empty() && self.moved.is_empty()
    }
}

/// Blocked, overdue and critical open items of `project` on `today`.
pub fn items(project: &Project, today: Date) -> Attention {
    let mut a = Attention::default();
    let mut overdue: Vec<(i64, Flagged)> = Vec::new();
    for (i, item) in project.items.iter().enumerate() {
        if matches!(item.status, Status::Done | Status::Cancelled) {
            continue;
        }
        a.critical_open += usize::from(item.priority == Some(Priority::Critical));
        if item.status == Status::Blocked {
            let reason = item
                .note
                .clone()
                .or_else(|| item.status_text.clone().filter(|t| t.split_whitespace().count() > 1))
                .unwrap_or_else(|| "no reason written".into());
            a.blocked.push(Flagged { item: i, why: reason });
            continue;
        }
        if let Some((_, end)) = item.window
            && end < today
        {
            let days = (today - end).whole_days();
            overdue.push((
                days,
                Flagged {
                    item: i,
                    why: format!(
                        "{days} day{} overdue (due {})",
                        if days == 1 { "" } else { "s" },
                        crate::model::format_date(end)
                    ),
                },
            ));
            continue;
        }
        if item.priority == Some(Priority::Critical) {
            a.critical.push(Flagged {
                item: i,
                why: format!(
                    "critical, {}",
                    match item.status {
                        Status::InProgress => "in progress",
                        _ => "not started",
                    }
                ),
            });
        }
    }
    overdue.sort_by_key(|(days, f)| (std::cmp::Reverse(*days), f.item));
    a.overdue = overdue.into_iter().map(|(_, f)| f).collect();
    a
}

/// What changed between the last two snapshots (`snapshots` as the report uses them, today's last).
pub fn moved(snapshots: &[Snapshot], p85_now: Option<Date>, p85_before: Option<Date>) -> Vec<String> {
    let mut out = Vec::new();
    let [.., before, now] = snapshots else { return out };
    let since = crate::model::format_date(before.date);
    if let (Some(now), Some(then)) = (p85_now, p85_before) {
        let slip = (now - then).whole_days();
        if slip > 0 {
            let (then, now) = (crate::model::format_date(then), crate::model::format_date(now));
            out.push(format!(
                "The date the work is 85% likely done by slipped {slip} days since {since} (from {then} to {now})."
            ));
        } else if slip < 0 {
            let (then, now) = (crate::model::format_date(then), crate::model::format_date(now));
            out.push(format!(
                "The date the work is 85% likely done by moved {} days earlier since {since} (from {then} to {now}).",
                -slip
            ));
        }
    }
    let items = |n: i64| if n == 1 { "1 item".to_string() } else { format!("{n} items") };
    if let (Some((done_before, open_before)), Some((done_now, open_now))) = (&before.ids, &now.ids) {
        // by identity: what finished, reopened, was added, archived or dropped
        let has = |v: &[u32], x: &u32| v.binary_search(x).is_ok();
        let count = |f: &dyn Fn(&u32) -> bool, v: &[u32]| v.iter().filter(|x| f(x)).count() as i64;
        let finished = count(&|x| !has(done_before, x), done_now);
        let reopened = count(&|x| has(open_now, x), done_before);
        let archived = count(&|x| !has(done_now, x) && !has(open_now, x), done_before);
        let added = count(&|x| !has(done_before, x) && !has(open_before, x), open_now);
        let dropped = count(&|x| !has(done_now, x) && !has(open_now, x), open_before);
        if added > 0 {
            out.push(format!("Scope grew by {} since {since}.", items(added)));
        }
        if dropped > 0 {
            out.push(format!("{} left the documents unfinished since {since}.", items(dropped)));
        }
        if reopened > 0 {
            out.push(format!("{} reopened since {since}.", items(reopened)));
        }
        if finished > 0 {
            out.push(format!("{} finished since {since}.", items(finished)));
        }
        if archived > 0 {
            out.push(format!("{} finished earlier left the documents (archived) since {since}.", items(archived)));
        }
        return out;
    }
    let scope = i64::from(now.total) - i64::from(before.total);
    let done = i64::from(now.done) - i64::from(before.done);
    if scope > 0 {
        out.push(format!("Scope grew by {scope} item{} since {since}.", if scope == 1 { "" } else { "s" }));
    } else if scope < 0 && done >= 0 {
        out.push(format!("Scope shrank by {} item{} since {since}.", -scope, if scope == -1 { "" } else { "s" }));
    }
    if done < 0 && scope >= 0 {
        out.push(format!(
            "{} item{} reopened since {since} (fewer done than before).",
            -done,
            if done == -1 { " was" } else { "s were" }
        ));
    } else if done > 0 {
        out.push(format!("{done} item{} finished since {since}.", if done == 1 { "" } else { "s" }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::history::snap;
    use time::macros::date;

    #[test]
    fn what_moved_in_words() {
        let s = [snap(date!(2026 - 11 - 16), 10, 40), snap(date!(2026 - 11 - 23), 9, 43)];
        let out = moved(&s, Some(date!(2027 - 03 - 10)), Some(date!(2027 - 02 - 01)));
        assert_eq!(
            out,
            vec![
                "The date the work is 85% likely done by slipped 37 days since 2026-11-16 (from 2027-02-01 to 2027-03-10)."
                    .to_string(),
                "Scope grew by 3 items since 2026-11-16.".to_string(),
                "1 item was reopened since 2026-11-16 (fewer done than before).".to_string(),
            ]
        );
        assert!(moved(&s[..1], None, None).is_empty());
    }
}
