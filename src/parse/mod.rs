//! Stage 2, parse: sources -> raw documents and raw status files. Markdown is read with pulldown-cmark (byte
//! offsets -> lines), facts are extracted by documented rules, and `status.yaml` is read into typed structs.
//! Nothing here is validated across files; that is the model's job.

pub mod extract;
pub mod fields;
pub mod markdown;
pub mod status;
pub mod vocab;

use crate::diagnostics::Diagnostic;
use crate::load::{ProjectSource, SourceFile};
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
    /// `(date, done, total)` per commit day from git, items counted as today (cancelled ones out of scope).
    pub git_days: Vec<(String, u32, u32)>,
    /// `(done, total)` of every blob in the history, for the cache.
    pub blob_counts: Vec<(String, (u32, u32))>,
}

/// Done and total items of one document (cancelled items are out of scope), without its warnings.
pub fn count_items(name: &str, text: &str, vocab: &Vocabulary) -> (u32, u32) {
    let mut quiet = Vec::new();
    let (mut done, mut total) = (0, 0);
    for item in extract::extract(name, text, vocab, &mut quiet).items {
        match item.fields.status {
            Some(Status::Cancelled) => {}
            Some(Status::Done) => {
                done += 1;
                total += 1;
            }
            _ => total += 1,
        }
    }
    (done, total)
}

/// Parses every document and the status file of one project.
pub fn parse_project(source: ProjectSource, vocab: &Vocabulary) -> (RawProject, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let documents = source
        .documents
        .into_iter()
        .map(|doc| {
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
    let mut new_counts: Vec<(String, (u32, u32))> = Vec::new();
    let mut git_days = Vec::with_capacity(source.days.len());
    for (date, docs) in &source.days {
        let (mut done, mut total) = (0, 0);
        for doc in docs {
            let counts = match (source.known_counts.get(&doc.blob), &doc.text) {
                (Some(c), _) => *c,
                (None, Some(text)) => match new_counts.iter().find(|(b, _)| *b == doc.blob) {
                    Some((_, c)) => *c,
                    None => {
                        let c = count_items(&doc.name, text, vocab);
                        new_counts.push((doc.blob.clone(), c));
                        c
                    }
                },
                (None, None) => continue,
            };
            done += counts.0;
            total += counts.1;
        }
        git_days.push((date.clone(), done, total));
    }
    let mut blob_counts: Vec<(String, (u32, u32))> =
        source.known_counts.iter().map(|(b, c)| (b.clone(), *c)).chain(new_counts).collect();
    blob_counts.sort();
    (RawProject { slug: source.slug, documents, status, git_days, blob_counts }, diagnostics)
}
