//! Located warnings and errors: every stage pushes `Diagnostic`s into a `Diagnostics` sink; warnings let the
//! build go on, errors make the command fail at the end with exit code 1.

use std::fmt;

/// A mistake in how milepost was called (arguments, environment, output folder): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One located message about the input, with an optional hint phrased as a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line; 0 when the whole file is meant.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    pub message: String,
    /// The offending source line with a caret under the column.
    pub snippet: Option<String>,
    pub hint: Option<String>,
    /// The roadmap check that made it (`stale-document`, …), which `lints:` in site.yaml can turn off.
    pub lint: Option<&'static str>,
}

impl Diagnostic {
    pub fn warning(path: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            path: path.into(),
            line,
            col: 0,
            message: message.into(),
            snippet: None,
            hint: None,
            lint: None,
        }
    }

    /// Marks the diagnostic as made by the roadmap check `name` (one of [`crate::analyze::lint::LINTS`]).
    pub fn lint(mut self, name: &'static str) -> Self {
        self.lint = Some(name);
        self
    }

    pub fn error(path: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, ..Diagnostic::warning(path, line, message) }
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    pub fn at_col(mut self, col: usize) -> Self {
        self.col = col;
        self
    }

    /// Quotes line `line` of `text` with a caret under column `col`.
    pub fn with_snippet(mut self, text: &str, line: usize, col: usize) -> Self {
        if let Some(source) = line.checked_sub(1).and_then(|l| text.lines().nth(l)) {
            let source = printable(source);
            let caret = " ".repeat(col.saturating_sub(1));
            self.snippet = Some(format!(
                "{line:>5} | {source}
      | {caret}^"
            ));
        }
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:col`, leaving out the parts that are unknown.
    pub fn location(&self) -> String {
        match (self.line, self.col) {
            (0, _) => self.path.clone(),
            (line, 0) => format!("{}:{line}", self.path),
            (line, col) => format!("{}:{line}:{col}", self.path),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}: {}", printable(&self.location()), printable(&self.message))?;
        if let Some(snippet) = &self.snippet {
            write!(f, "\n{snippet}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {}", printable(hint))?;
        }
        if let Some(lint) = self.lint {
            write!(f, "\n  note: check `{lint}`; `lints: {{ {lint}: false }}` in site.yaml turns it off")?;
        }
        Ok(())
    }
}

/// `text` safe to print on a terminal: control characters (newlines, ESC, bidi overrides…) from file names and
/// file contents become visible escapes, so input can never forge a line of output or drive the terminal.
pub fn printable(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// The sink every stage writes into.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by path, then line, so the report reads top to bottom and is deterministic.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        self
    }
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string alignment), for "did you mean".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The candidates closest to `word`, best first (at most `n`, only reasonably close ones).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 2).max(2))
        .collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("stauts", "status"), 1);
        assert_eq!(edit_distance("stauts", "start"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn closest_ranks_and_filters() {
        let c = closest("stauts", ["status", "summary", "start"], 2);
        assert_eq!(c, vec!["status", "start"]);
        assert!(closest("zzzzzzzz", ["status"], 3).is_empty());
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("plain ünïcode 🎯"), "plain ünïcode 🎯");
        assert_eq!(printable("a\nerror: forged"), "a\\nerror: forged");
        assert_eq!(printable("\u{1b}[31mred"), "\\u{1b}[31mred");
        let d = Diagnostic::warning("content/x\ny/a.md", 1, "unknown code language `a\u{1b}b`");
        assert_eq!(d.to_string().lines().count(), 1);
    }

    #[test]
    fn display_has_location_and_hint() {
        let d = Diagnostic::error("content/a/status.yaml", 3, "unknown field `stauts`")
            .at_col(5)
            .with_hint("did you mean `status`?");
        assert_eq!(
            d.to_string(),
            "error: content/a/status.yaml:3:5: unknown field `stauts`\n  help: did you mean `status`?"
        );
    }
}
