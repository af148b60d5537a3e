//! Markdown -> blocks: a flat list of headings, paragraphs, list items, tables and code blocks, each with its line
//! and its raw source, from pulldown-cmark's offset iterator. Extraction works on these blocks.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The Markdown options used everywhere (extraction and rendering), set in one place.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_GFM
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading { level: u8, text: String, line: usize },
    Paragraph { raw: String, line: usize },
    Item(ListItem),
    Table(Table),
    Code { lang: String, line: usize },
    Rule,
    FrontMatter { text: String, line: usize },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// 1 for a top-level bullet.
    pub depth: usize,
    pub checked: Option<bool>,
    /// The item's first source line with marker and checkbox removed.
    pub raw: String,
    pub line: usize,
    /// Index (into the block list) of the enclosing list item.
    pub parent: Option<usize>,
    pub struck: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(Vec<String>, usize)>,
    pub line: usize,
}

/// Maps byte offsets to 1-based lines.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// A construct left open that swallows the rest of its document: an HTML comment without `-->` (everything after
/// it is hidden) or a code fence without its closing fence (everything after it is shown as code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed {
    pub line: usize,
    pub comment: bool,
    /// Lines swallowed after the opening one.
    pub lines: usize,
    /// How many of them are headings, list items or table rows (work that goes unseen).
    pub structured: usize,
}

/// Finds unclosed comments and fences (see [`Unclosed`]).
pub fn unclosed(text: &str) -> Vec<Unclosed> {
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let slice = &text[range.clone()];
        let comment = match event {
            Event::Start(Tag::HtmlBlock) => {
                let t = slice.trim_start();
                if !t.starts_with("<!--") || t.contains("-->") {
                    continue;
                }
                true
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                let open = slice.trim_start();
                let fence_char = open.chars().next().unwrap_or('`');
                let fence_len = open.chars().take_while(|c| *c == fence_char).count();
                let closed = slice.lines().skip(1).any(|l| {
                    let l = l.trim();
                    l.chars().take_while(|c| *c == fence_char).count() >= fence_len
                        && l.trim_start_matches(fence_char).trim().is_empty()
                });
                if closed {
                    continue;
                }
                false
            }
            _ => continue,
        };
        let swallowed: Vec<&str> = slice.lines().skip(1).collect();
        // nothing after it (the last line of the file) hides nothing
        if swallowed.iter().all(|l| l.trim().is_empty()) {
            continue;
        }
        let structured = swallowed
            .iter()
            .filter(|l| {
                let t = l.trim_start();
                t.starts_with('#') || t.starts_with("- ") || t.starts_with("* ") || t.starts_with('|')
            })
            .count();
        out.push(Unclosed { line: lines.line(range.start), comment, lines: swallowed.len(), structured });
    }
    out
}

/// Reads `text` into blocks.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines = LineIndex::new(text);
    let mut out: Vec<Block> = Vec::new();
    let mut capture: Option<String> = None;
    let mut heading: Option<(u8, usize)> = None;
    let mut items: Vec<usize> = Vec::new();
    let mut lists = 0usize;
    let mut table: Option<Table> = None;
    let mut row: Option<(Vec<String>, usize)> = None;
    let mut in_code = false;
    let mut meta: Option<(String, usize)> = None;

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, lines.line(range.start)));
                capture = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some((level, line)), Some(text)) = (heading.take(), capture.take()) {
                    out.push(Block::Heading { level, text: text.trim().to_string(), line });
                }
            }
            Event::Start(Tag::Paragraph) if items.is_empty() && table.is_none() => {
                out.push(Block::Paragraph {
                    raw: text[range.clone()].trim_end().to_string(),
                    line: lines.line(range.start),
                });
            }
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            Event::Start(Tag::Item) => {
                let line_end = text[range.start..].find('\n').map_or(text.len(), |i| range.start + i);
                let raw = strip_marker(&text[range.start..line_end.min(range.end.max(range.start))]);
                out.push(Block::Item(ListItem {
                    depth: lists,
                    checked: None,
                    struck: raw.trim_start().starts_with("~~"),
                    raw,
                    line: lines.line(range.start),
                    parent: items.last().copied(),
                }));
                items.push(out.len() - 1);
            }
            Event::End(TagEnd::Item) => {
                items.pop();
            }
            Event::TaskListMarker(checked) => {
                if let Some(Block::Item(item)) = items.last().and_then(|i| out.get_mut(*i)) {
                    item.checked = Some(checked);
                    item.raw = strip_checkbox(&item.raw);
                    item.struck = item.raw.trim_start().starts_with("~~");
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table { header: Vec::new(), rows: Vec::new(), line: lines.line(range.start) });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    out.push(Block::Table(t));
                }
            }
            Event::Start(Tag::TableRow) => row = Some((Vec::new(), lines.line(range.start))),
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => capture = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let cell = capture.take().unwrap_or_default().trim().to_string();
                match (row.as_mut(), table.as_mut()) {
                    (Some((cells, _)), _) => cells.push(cell),
                    (None, Some(t)) => t.header.push(cell),
                    _ => {}
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                out.push(Block::Code { lang, line: lines.line(range.start) });
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::MetadataBlock(_)) => meta = Some((String::new(), lines.line(range.start))),
            Event::End(TagEnd::MetadataBlock(_)) => {
                if let Some((text, line)) = meta.take() {
                    out.push(Block::FrontMatter { text, line });
                }
            }
            Event::Rule => out.push(Block::Rule),
            Event::Text(t) | Event::Code(t) => {
                if let Some((m, _)) = meta.as_mut() {
                    m.push_str(&t);
                } else if let Some(c) = capture.as_mut()
                    && !in_code
                {
                    c.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = capture.as_mut() {
                    c.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

fn strip_marker(line: &str) -> String {
    let t = line.trim_start();
    let t = if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
        match t[digits..].strip_prefix(['.', ')']) {
            Some(rest) if digits > 0 => rest,
            _ => t,
        }
    };
    t.trim().to_string()
}

fn strip_checkbox(raw: &str) -> String {
    let t = raw.trim_start();
    for prefix in ["[ ]", "[x]", "[X]"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return rest.trim().to_string();
        }
    }
    t.to_string()
}

/// Markdown inline markup removed: `**a**` -> `a`, `[t](u)` -> `t`, backticks, `~~`, HTML tags.
pub fn plain(text: &str) -> String {
    let text = strip_tags(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find("](").and_then(|j| after[j..].find(')').map(|k| (j, j + k))) {
            Some((j, k)) if !after[..j].contains('[') => {
                out.push_str(&after[..j]);
                rest = &after[k + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("**", "").replace("__", "").replace("~~", "").replace('`', "");
    let out = out.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes `<tag ...>` and `</tag>` (not a lone `<` as in `< 3s`).
/// Inline code (`` `foo<int>(5)` ``) is kept verbatim.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['<', '`']) {
        out.push_str(&rest[..i]);
        if rest[i..].starts_with('`') {
            let after = &rest[i + 1..];
            match after.find('`') {
                Some(j) => {
                    out.push('`');
                    out.push_str(&after[..=j]);
                    rest = &after[j + 1..];
                }
                None => {
                    out.push('`');
                    rest = after;
                }
            }
            continue;
        }
        let after = &rest[i + 1..];
        let tag_like = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(j) if tag_like => rest = &after[j + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unclosed_comments_and_fences() {
        let text = "# R\n- [ ] a\n<!-- draft\n- [ ] b\n## C\n";
        assert_eq!(unclosed(text), vec![Unclosed { line: 3, comment: true, lines: 2, structured: 2 }]);
        let text = "# R\n```ts\nlet a = 1;\n- [ ] b\n";
        assert_eq!(unclosed(text), vec![Unclosed { line: 2, comment: false, lines: 2, structured: 1 }]);
        assert!(unclosed("<!-- ok -->\n```\ncode\n```\n~~~~\n~~~\n~~~~\n").is_empty());
    }

    #[test]
    fn items_nest_and_know_their_boxes() {
        let md = "# T\n\n- [ ] **A**\n  - [x] a1\n  - plain\n- [x] ~~B~~\n";
        let b = blocks(md);
        let items: Vec<&ListItem> =
            b.iter().filter_map(|b| if let Block::Item(i) = b { Some(i) } else { None }).collect();
        assert_eq!(items.len(), 4);
        assert_eq!(
            (items[0].raw.as_str(), items[0].checked, items[0].depth, items[0].line),
            ("**A**", Some(false), 1, 3)
        );
        assert_eq!((items[1].raw.as_str(), items[1].checked, items[1].depth), ("a1", Some(true), 2));
        assert_eq!(items[1].parent, Some(1));
        assert_eq!((items[2].checked, items[2].depth), (None, 2));
        assert!(items[3].struck);
    }

    #[test]
    fn tables_keep_rows_and_lines() {
        let md = "x\n\n| A | B |\n|---|---|\n| **one** | 🔴 Critical |\n| two | Low |\n";
        let b = blocks(md);
        let Some(Block::Table(t)) = b.iter().find(|b| matches!(b, Block::Table(_))) else { panic!("no table") };
        assert_eq!(t.header, vec!["A", "B"]);
        assert_eq!(t.rows[0], (vec!["one".to_string(), "🔴 Critical".to_string()], 5));
        assert_eq!(t.rows[1].1, 6);
    }

    #[test]
    fn plain_strips_inline_markup() {
        assert_eq!(plain("**Backend Integration - HIGHEST PRIORITY**"), "Backend Integration - HIGHEST PRIORITY");
        assert_eq!(plain("see [the docs](http://x) and `code`"), "see the docs and code");
        assert_eq!(plain("Fix `foo<int>(5)` and <b>bold</b>"), "Fix foo<int>(5) and bold");
    }
}
