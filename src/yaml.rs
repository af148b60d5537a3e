//! The one place YAML is read: serde-saphyr with typed structs and budgets, errors turned into located
//! diagnostics with the offending snippet and a "did you mean" for unknown keys.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, closest};

/// Deserializes `text` (the file at `path`, relative to the site) into `T`.
pub fn from_str<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|err| {
        let (line, col) = err
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .unwrap_or((0, 0));
        let full = err.to_string();
        let message = full
            .lines()
            .next()
            .unwrap_or("invalid YAML")
            .trim()
            .to_string();
        let mut diagnostic = Diagnostic::error(path, line, message.clone()).at_col(col);
        let mut hint = String::new();
        if let Some(snippet) = snippet(text, line, col) {
            hint.push_str(&snippet);
        }
        if let Some(fix) = unknown_field_hint(&message) {
            hint.push_str(&fix);
        }
        if !hint.is_empty() {
            diagnostic = diagnostic.with_hint(hint);
        }
        diagnostic
    })
}

/// The offending line with a caret under the column.
pub fn snippet(text: &str, line: usize, col: usize) -> Option<String> {
    let source = text.lines().nth(line.checked_sub(1)?)?;
    let caret = " ".repeat(col.saturating_sub(1));
    Some(format!(
        "\n   {line:>4} | {source}\n        | {caret}^\n  help: "
    ))
}

/// serde's message for unknown keys is "unknown field `x`, expected one of `a`, `b`": suggest the closest.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match closest(field, candidates.iter().copied(), 1).first() {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!(
            "remove `{field}`; the keys allowed here are: {}",
            candidates.join(", ")
        )),
    }
}
