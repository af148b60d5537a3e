//! One document -> HTML: GitHub-style heading anchors (unique on the page), a table of contents, highlighted
//! code, sanitized raw HTML, task boxes as boxes, anchors on the lines items come from, and a visible mark where
//! encoding damage lost an emoji.

use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};

use super::highlight;
use crate::diagnostics::Diagnostic;
use crate::model::Document;
use crate::parse::markdown::{LineIndex, options};

/// Anchors already used on a page.
#[derive(Debug, Default)]
pub struct Anchors {
    used: HashMap<String, usize>,
}

impl Anchors {
    /// GitHub's rule: lower case, keep letters, digits, `-` and `_`, spaces become `-`, then `-1`, `-2` for repeats.
    pub fn make(&mut self, text: &str) -> String {
        let base: String = text
            .chars()
            .flat_map(char::to_lowercase)
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let n = self.used.entry(base.clone()).or_insert(0);
        let anchor = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
        *n += 1;
        if anchor.is_empty() { self.make("section") } else { anchor }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

pub struct RenderedDocument {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

/// Languages that are shown as source on purpose (diagrams, plain text): no "unknown language" warning.
const QUIET_LANGUAGES: &[&str] = &[
    "mermaid",
    "plantuml",
    "puml",
    "dot",
    "graphviz",
    "d2",
    "ascii",
    "text",
    "txt",
    "plain",
    "plaintext",
    "console",
    "output",
];

/// The mark shown where the source lost an emoji to encoding damage.
pub const LOST_MARK: &str = "<span class=\"lost\" title=\"an emoji was lost to encoding damage in the source file\" role=\"img\" aria-label=\"lost emoji\">▯</span>";

/// Raw HTML in Markdown is cleaned by ammonia, allowing only the URL schemes of [`crate::url::ALLOWED_SCHEMES`].
fn sanitize(html: &str) -> String {
    static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(crate::url::ALLOWED_SCHEMES.into_iter().collect());
        b
    });
    CLEANER.clean(html).to_string()
}

/// Renders `doc`; `line_anchor(line)` gives the id for lines that items come from.
/// `item_lines` are the lines items and KPIs come from (they get anchors); `overrides` the lines of items whose
/// status `status.yaml` sets, with that status: their checkbox shows it, and a badge says where it comes from.
pub fn render_document(
    doc: &Document,
    anchors: &mut Anchors,
    item_lines: &BTreeSet<usize>,
    overrides: &std::collections::BTreeMap<usize, crate::parse::Status>,
    line_prefix: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> RenderedDocument {
    let lines = LineIndex::new(&doc.text);
    let mut toc = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading_index = 0;
    let mut code: Option<(String, String, usize)> = None;
    let mut raw_html = String::new();
    let mut row_anchor: Option<usize> = None;
    let mut in_metadata = false;
    // links and images whose URL is refused: their text stays, as plain text
    let mut refused_links = 0usize;
    let mut refused_image = false;
    let line_anchor = |line: usize| format!("<span class=\"line-anchor\" id=\"{line_prefix}-L{line}\"></span>");
    let badge = |line: usize| {
        overrides.get(&line).map(|status| {
            format!(
                " <span class=\"badge override\">status.yaml: {}</span> ",
                super::status_badge(*status).label.to_lowercase()
            )
        })
    };
    // the override badge of the last anchored line, placed after its checkbox or before its first text
    let mut pending_badge: Option<String> = None;

    for (event, range) in Parser::new_ext(&doc.text, options()).into_offset_iter() {
        if !raw_html.is_empty() && !matches!(event, Event::Html(_)) {
            events.push(Event::Html(CowStr::from(sanitize(&std::mem::take(&mut raw_html)))));
        }
        let line = lines.line(range.start);
        if matches!(event, Event::Text(_) | Event::Code(_))
            && code.is_none()
            && let Some(b) = pending_badge.take()
        {
            events.push(Event::InlineHtml(b.into()));
        }
        match event {
            Event::Start(Tag::Heading { level, id: _, classes, attrs }) => {
                let text = doc.headings.get(heading_index).map(|h| h.text.clone()).unwrap_or_default();
                heading_index += 1;
                let anchor = anchors.make(&text);
                if item_lines.contains(&line) {
                    events.push(Event::Html(line_anchor(line).into()));
                }
                toc.push(TocEntry {
                    level: level as u8,
                    text: text.replace('\u{FFFD}', "").trim().to_string(),
                    anchor: anchor.clone(),
                });
                // the page's own title is the only h1: document headings move one level down
                events.push(Event::Start(Tag::Heading {
                    level: demote(level),
                    id: Some(anchor.into()),
                    classes,
                    attrs,
                }));
                pending_badge = badge(line);
            }
            Event::Start(Tag::Item) => {
                events.push(Event::Start(Tag::Item));
                if item_lines.contains(&line) {
                    events.push(Event::InlineHtml(line_anchor(line).into()));
                    pending_badge = badge(line);
                }
            }
            Event::Start(Tag::TableRow) => {
                events.push(Event::Start(Tag::TableRow));
                // a row cannot hold a span outside its cells: the anchor goes into the first cell
                row_anchor = item_lines.contains(&line).then_some(line);
            }
            Event::Start(Tag::TableCell) => {
                events.push(Event::Start(Tag::TableCell));
                if let Some(row_line) = row_anchor.take() {
                    events.push(Event::InlineHtml(line_anchor(row_line).into()));
                    pending_badge = badge(row_line);
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), line));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text, at)) = code.take() {
                    let too_large =
                        if lang.is_empty() || !highlight::knows(&lang) { None } else { highlight::too_large(&text) };
                    if let Some(why) = &too_large {
                        diagnostics.push(
                            Diagnostic::warning(
                                &doc.path,
                                at,
                                format!("`{lang}` code block not highlighted: {why}; shown as plain text"),
                            )
                            .with_hint("highlighting time grows with size; split the block or link to the file"),
                        );
                    }
                    let highlighted =
                        if lang.is_empty() || too_large.is_some() { None } else { highlight::highlight(&text, &lang) };
                    let html = highlighted.unwrap_or_else(|| {
                        if !lang.is_empty()
                            && too_large.is_none()
                            && !QUIET_LANGUAGES.contains(&lang.to_lowercase().as_str())
                        {
                            diagnostics.push(
                                Diagnostic::warning(
                                    &doc.path,
                                    at,
                                    format!("unknown code language `{lang}`; shown as plain text"),
                                )
                                .with_hint("use a common name such as typescript, bash, toml, json, python, rust"),
                            );
                        }
                        format!("<pre class=\"code\"><code>{}</code></pre>\n", super::escape(&text))
                    });
                    events.push(Event::Html(html.into()));
                }
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, text, _)) = code.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Html(h) => raw_html.push_str(&h),
            Event::InlineHtml(h) => events.push(Event::InlineHtml(sanitize(&h).into())),
            Event::TaskListMarker(written) => {
                // the box shows the status the report uses: status.yaml's when it sets one
                let done = overrides.get(&line).map_or(written, |s| *s == crate::parse::Status::Done);
                let (mark, label) = match (done, done != written) {
                    (true, false) => ("☑", "done"),
                    (false, false) => ("☐", "not done"),
                    (true, true) => ("☑", "done (set in status.yaml; the document says not done)"),
                    (false, true) => ("☐", "not done (set in status.yaml; the document says done)"),
                };
                events.push(Event::InlineHtml(
                    format!(
                        "<span class=\"task {}\" role=\"img\" aria-label=\"{label}\">{mark}</span> ",
                        if done { "done" } else { "open" }
                    )
                    .into(),
                ));
                if let Some(b) = pending_badge.take() {
                    events.push(Event::InlineHtml(b.trim_start().to_string().into()));
                }
            }
            Event::Text(t) if t.contains('\u{FFFD}') => {
                for (i, part) in t.split('\u{FFFD}').enumerate() {
                    if i > 0 {
                        events.push(Event::InlineHtml(LOST_MARK.into()));
                    }
                    if !part.is_empty() {
                        events.push(Event::Text(part.to_string().into()));
                    }
                }
            }
            Event::Start(Tag::Table(align)) => {
                events.push(Event::Html("<div class=\"table-wrap\">".into()));
                events.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>".into()));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) | Event::Start(Tag::Image { ref dest_url, .. })
                if !crate::url::is_safe(dest_url) =>
            {
                let is_image = matches!(event, Event::Start(Tag::Image { .. }));
                diagnostics.push(
                    Diagnostic::warning(
                        &doc.path,
                        line,
                        format!(
                            "{} to `{}` removed: only http, https, mailto and relative links are published",
                            if is_image { "image" } else { "link" },
                            dest_url.chars().take(60).collect::<String>()
                        ),
                    )
                    .with_hint("link to a web page (https://…) or to a file next to the roadmap"),
                );
                if is_image {
                    refused_image = true;
                } else {
                    refused_links += 1;
                }
            }
            // documents are published in `<project>/docs/`: a link to a sibling document goes to its page, any
            // other relative link keeps pointing where it did beside the roadmap
            Event::Start(Tag::Link { link_type, dest_url, title, id }) if is_relative(&dest_url) => {
                events.push(Event::Start(Tag::Link { link_type, dest_url: rebase(&dest_url).into(), title, id }))
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) if is_relative(&dest_url) => {
                events.push(Event::Start(Tag::Image { link_type, dest_url: rebase(&dest_url).into(), title, id }))
            }
            Event::End(TagEnd::Link) if refused_links > 0 => refused_links -= 1,
            Event::End(TagEnd::Image) if refused_image => refused_image = false,
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(_) if in_metadata => {}
            Event::End(TagEnd::Heading(level)) => events.push(Event::End(TagEnd::Heading(demote(level)))),
            other => events.push(other),
        }
    }
    if !raw_html.is_empty() {
        events.push(Event::Html(CowStr::from(sanitize(&raw_html))));
    }
    let mut out = String::with_capacity(doc.text.len() * 2);
    html::push_html(&mut out, events.into_iter());
    // HTML, not XHTML: void elements without the trailing slash the validator warns about
    let out = void_without_slash(&out);
    RenderedDocument { html: out, toc }
}

/// `<hr />` -> `<hr>`, `<br />` -> `<br>`, `<img … />` -> `<img …>` (text is escaped, so only tags match).
fn void_without_slash(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" />") {
        let tag_start = rest[..at].rfind('<').unwrap_or(0);
        let name: String = rest[tag_start + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if ["hr", "br", "img", "input"].contains(&name.as_str()) {
            out.push_str(&rest[..at]);
            out.push('>');
        } else {
            out.push_str(&rest[..at + 3]);
        }
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}

/// A relative URL (no scheme, not a fragment, not root-relative).
fn is_relative(url: &str) -> bool {
    !url.is_empty() && !url.starts_with(['#', '/']) && !url.contains(':')
}

/// `notes.md#x` -> `notes.html#x` (another document's page); `img/a.png` -> `../img/a.png`.
fn rebase(url: &str) -> String {
    let (path, frag) = url.split_once('#').map_or((url, None), |(p, f)| (p, Some(f)));
    let frag = frag.map(|f| format!("#{f}")).unwrap_or_default();
    match path.strip_suffix(".md") {
        Some(stem) if !stem.contains('/') && !stem.is_empty() => {
            format!("{}.html{frag}", crate::url::segment(&super::doc_prefix(path)))
        }
        _ => format!("../{url}"),
    }
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}
