//! The one place YAML is read: serde-saphyr with typed structs and budgets, errors turned into located
//! diagnostics with the offending snippet and a "did you mean" for unknown keys.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, closest};

/// Deserializes `text` (the file at `path`, relative to the site) into `T`.
pub fn from_str<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|err| {
        let (line, col) = err.location().map(|l| (l.line() as usize, l.column() as usize)).unwrap_or((0, 0));
        let full = err.to_string();
        let message = clean_message(full.lines().next().unwrap_or("invalid YAML"));
        let mut diagnostic = Diagnostic::error(path, line, message.clone()).at_col(col).with_snippet(text, line, col);
        if let Some(hint) = hint(&message) {
            diagnostic = diagnostic.with_hint(hint);
        }
        diagnostic
    })
}

/// serde-saphyr starts its messages with `error: line 3 column 39: `; we print the location ourselves.
fn clean_message(message: &str) -> String {
    let mut m = message.trim();
    m = m.strip_prefix("error:").map_or(m, str::trim_start);
    if m.starts_with("line ")
        && let Some((_, rest)) = m.split_once(": ")
    {
        m = rest;
    }
    m.to_string()
}

/// A fix for the common mistakes.
fn hint(message: &str) -> Option<String> {
    if message.contains("mapping values are not allowed") {
        return Some("a plain value cannot contain `: `; put the value in quotes: key: \"text: more text\"".into());
    }
    if message.contains("did not find expected") || message.contains("while parsing") {
        return Some("check the indentation: nested keys need the same number of spaces".into());
    }
    unknown_field_hint(message)
}

/// serde's message for unknown keys is "unknown field `x`, expected one of `a`, `b`": suggest the closest.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, expected) = rest.split_once('`')?;
    let list = expected.split_once("one of").map_or(expected, |(_, l)| l);
    let candidates: Vec<&str> =
        list.split(',').map(|c| c.trim().trim_matches('`').trim()).filter(|c| !c.is_empty()).collect();
    match closest(field, candidates.iter().copied(), 1).first() {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("remove `{field}`; the keys allowed here are: {}", candidates.join(", "))),
    }
}
