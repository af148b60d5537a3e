//! milepost turns roadmaps written in Markdown (as people really write them) into a static report site.
//!
//! The pipeline, one module per stage, each importing only from the stages before it:
//! `load` (site folder -> repaired UTF-8 sources) -> `parse` (sources -> raw facts with lines) -> `model`
//! (raw -> validated portfolio) -> `analyze` (pure: portfolio + today -> numbers) -> `render` (everything -> pages
//! in memory) -> `write` (pages -> `output/`, atomically). `cli` drives it; `build::run_pipeline` is the whole of it.

pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod url;
pub mod yaml;

pub mod analyze;
pub mod load;
pub mod model;
pub mod parse;
pub mod render;
pub mod serve;
pub mod write;

pub mod build;
pub mod cli;
