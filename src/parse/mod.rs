//! Stage 2, parse: sources -> raw documents and raw status files. Markdown is read with pulldown-cmark (byte
//! offsets -> lines), facts are extracted by documented rules, and `status.yaml` is read into typed structs.
//! Nothing here is validated across files; that is the model's job.

pub mod decide;
pub mod extract;
pub mod fields;
pub mod keys;
pub mod markdown;
pub mod status;
pub mod vocab;

use crate::diagnostics::Diagnostic;
use crate::load::{Counts, ProjectSource, SourceFile};
pub use extract::{Extracted, ItemKind, RawHeading, RawItem, RawKpi};
pub use status::StatusFile;
pub use vocab::{Health, Priority, Status, Vocabulary};

/// One parsed document.
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub source: SourceFile,
    pub extracted: Extracted,
}

/// One parsed project.
#[derive(Debug, Clone)]
pub struct RawProject {
    pub slug: String,
    pub documents: Vec<RawDocument>,
    /// `(path, text, parsed)`; `parsed` is `None` when the file had errors (reported).
    pub status: Option<(String, String, Option<StatusFile>)>,
    /// Counts per commit day from git, items counted as today (cancelled ones out of scope).
    pub git_days: Vec<(String, Counts)>,
    /// The counts of every blob in the history, for the cache.
    pub blob_counts: Vec<(String, Counts)>,
}

/// The counts of one document version, without its warnings.
pub fn count_items(name: &str, text: &str, vocab: &Vocabulary) -> Counts {
    let mut quiet = Vec::new();
    let mut c = Counts::default();
    for item in extract::extract(name, text, vocab, &mut quiet).items {
        if item.fields.status == Some(Status::Cancelled) {
            continue;
        }
        let effort = item.fields.effort.map_or(0.0, |e| (e.min + e.max) / 2.0);
        let id = item_identity(&item.title);
        c.total += 1;
        c.effort_total += effort;
        if item.fields.status == Some(Status::Done) {
            c.done += 1;
            c.effort_done += effort;
            c.done_ids.push(id);
        } else {
            c.open_ids.push(id);
        }
    }
    c.done_ids.sort_unstable();
    c.open_ids.sort_unstable();
    c
}

/// An item's identity across versions of the documents: FNV-1a of its title as restatements are matched (so
/// `3. Search ✅` and `Search` are one item, wherever it moves).
pub fn item_identity(title: &str) -> u32 {
    extract::title_key(title).bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// Items finished in `before` that are gone from `now` (archived or deleted), and items finished in `before`
/// that are open in `now` (reopened).
pub fn archived_and_reopened(before: &Counts, now: &Counts) -> (u32, u32) {
    let has = |v: &[u32], x: &u32| v.binary_search(x).is_ok();
    let mut archived = 0;
    let mut reopened = 0;
    for id in &before.done_ids {
        if has(&now.open_ids, id) && !has(&now.done_ids, id) {
            reopened += 1;
        } else if !has(&now.open_ids, id) && !has(&now.done_ids, id) {
            archived += 1;
        }
    }
    (archived, reopened)
}

/// Parses every document and the status file of one project.
pub fn parse_project(source: ProjectSource, vocab: &Vocabulary) -> (RawProject, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let documents = source
        .documents
        .into_iter()
        .map(|doc| {
            for u in markdown::unclosed(&doc.text) {
                let (what, effect, fix) = if u.comment {
                    (
                        "HTML comment `<!--` is never closed",
                        "hidden from the report",
                        "add `-->` where the comment should end",
                    )
                } else {
                    (
                        "code fence is never closed",
                        "shown as code, not read for work items",
                        "add the closing fence (```) where the code ends",
                    )
                };
                let detail = if u.structured > 0 {
                    format!(", {} of them headings, list items or table rows", u.structured)
                } else {
                    String::new()
                };
                diagnostics.push(
                    Diagnostic::warning(
                        &doc.path,
                        u.line,
                        format!("{what}: the {} line(s) after it are {effect}{detail}", u.lines),
                    )
                    .with_hint(fix),
                );
            }
            let extracted = extract::extract(&doc.path, &doc.text, vocab, &mut diagnostics);
            RawDocument { source: doc, extracted }
        })
        .collect();
    let status = source.status.map(|(path, text)| {
        let parsed = match crate::yaml::from_str::<StatusFile>(&path, &text) {
            Ok(s) => Some(s),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        };
        (path, text, parsed)
    });
    // per commit day: each document's (done, total), from the cache or extracted now
    let mut new_counts: Vec<(String, Counts)> = Vec::new();
    let mut git_days = Vec::with_capacity(source.days.len());
    for (date, docs) in &source.days {
        let mut day = Counts::default();
        for doc in docs {
            let counts = match (source.known_counts.get(&doc.blob), &doc.text) {
                (Some(c), _) => c.clone(),
                (None, Some(text)) => match new_counts.iter().find(|(b, _)| *b == doc.blob) {
                    Some((_, c)) => c.clone(),
                    None => {
                        let c = count_items(&doc.name, text, vocab);
                        new_counts.push((doc.blob.clone(), c.clone()));
                        c
                    }
                },
                (None, None) => continue,
            };
            day += &counts;
        }
        day.done_ids.sort_unstable();
        day.open_ids.sort_unstable();
        git_days.push((date.clone(), day));
    }
    let mut blob_counts: Vec<(String, Counts)> =
        source.known_counts.iter().map(|(b, c)| (b.clone(), c.clone())).chain(new_counts).collect();
    blob_counts.sort_by(|a, b| a.0.cmp(&b.0));
    (RawProject { slug: source.slug, documents, status, git_days, blob_counts }, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_items_and_effort_of_a_document() {
        let md = "# R\n- [x] **a**: 2d\n- [ ] **b**: 3-5 days\n- [ ] ~~**c**: 9d~~\n- [ ] d\n";
        let c = count_items("r.md", md, &Vocabulary::default());
        // c is struck through (cancelled, out of scope); d has no estimate
        assert_eq!((c.done, c.total, c.effort_done, c.effort_total), (1, 3, 2.0, 6.0));
        assert_eq!((c.done_ids.len(), c.open_ids.len()), (1, 2));
    }

    #[test]
    fn archived_and_reopened_items_by_identity() {
        let v = Vocabulary::default();
        let before = count_items("r.md", "# R\n- [x] Login\n- [x] Search\n- [x] Export\n- [ ] Billing\n", &v);
        // Login archived (gone), Search reopened, Export still done, Billing done now, Sync added
        let now = count_items("r.md", "# R\n- [ ] Search\n- [x] Export\n- [x] Billing\n- [ ] Sync\n", &v);
        assert_eq!(archived_and_reopened(&before, &now), (1, 1));
    }
}
