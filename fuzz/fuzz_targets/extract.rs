//! Arbitrary bytes as one Markdown document: decode + repair -> parse -> model -> analyze. Must not panic.
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use milepost::analyze::{Calendar, analyze_project};
use milepost::diagnostics::Diagnostics;
use milepost::load::{ProjectSource, source_file};
use milepost::model::build_project;
use milepost::parse::{Vocabulary, parse_project};
use time::macros::date;

fuzz_target!(|data: &[u8]| {
    let mut diagnostics = Diagnostics::new();
    let doc = source_file("roadmap.md", "content/fuzz/roadmap.md", data, true, &mut diagnostics);
    let source = ProjectSource {
        slug: "fuzz".into(),
        documents: vec![doc],
        status: None,
        days: Vec::new(),
        known_counts: HashMap::new(),
    };
    let (raw, mut d) = parse_project(source, &Vocabulary::default());
    let project = build_project(raw, date!(2026 - 11 - 22), &mut d);
    let _ = analyze_project(&project, date!(2026 - 11 - 22), &Calendar::default());
});
