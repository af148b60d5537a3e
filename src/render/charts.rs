//! Charts as inline SVG, drawn at build time: burn-up and burn-down with plotters' SVG backend (no font
//! libraries), the impact x effort matrix and score bars as hand-written SVG (they need links). Each chart has a
//! `<title>`, a `<desc>`, a data table and its data as CSV and JSON.
//!
//! plotters estimates text width from the byte length, which overstates emoji and CJK; every label we place is
//! measured here by characters (wide characters count double) and left-anchored, so nothing is cut off.

use plotters::prelude::*;
use serde::Serialize;
use time::Date;

use crate::analyze::forecast::Outlook;
use crate::analyze::history::Series;
use crate::analyze::priority::{Level, Placement, Quadrant};
use crate::model::{Project, format_date};

/// Chart palette; dark mode and print restyle these exact values in `style.css`.
pub const FG: RGBColor = RGBColor(0x1D, 0x23, 0x30);
pub const GRID: RGBColor = RGBColor(0xD9, 0xDE, 0xE7);
pub const SCOPE: RGBColor = RGBColor(0x8A, 0x5A, 0x00);
pub const DONE: RGBColor = RGBColor(0x1F, 0x7A, 0x3A);
pub const IDEAL: RGBColor = RGBColor(0x5A, 0x64, 0x75);
pub const FAN: RGBColor = RGBColor(0x0B, 0x5C, 0xAD);
pub const TARGET: RGBColor = RGBColor(0xA1, 0x26, 0x1B);

const W: u32 = 400;
const H: u32 = 270;
/// plotters writes `font-size` as this divided by 1.24: 15.5 gives 12.5 px.
const FONT: f64 = 15.5;
/// Scope changes labelled on a burn-up (the largest ones).
const MAX_ANNOTATIONS: usize = 6;

#[derive(Debug, Clone, Serialize)]
pub struct DataTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl DataTable {
    pub fn csv(&self) -> String {
        let cell = |s: &str| {
            // a text cell a spreadsheet would run as a formula gets a leading `'` (numbers such as -3 stay numbers)
            let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.trim().parse::<f64>().is_err() {
                format!("'{s}")
            } else {
                s.to_string()
            };
            if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
        };
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub svg: String,
    pub table: DataTable,
}

/// Width of `s` in px at `px` font size: wide characters (CJK, Hangul, emoji) count one em, others about 0.6.
pub fn text_width(s: &str, px: f64) -> f64 {
    s.chars()
        .map(|c| {
            let u = c as u32;
            if matches!(u, 0x200D | 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F) {
                0.0
            } else if matches!(u, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0x1F000..=0x1FAFF | 0x20000..=0x3FFFD)
                || matches!(u, 0x2600..=0x27BF)
            {
                1.0
            } else if c.is_ascii_uppercase() || c == 'm' || c == 'w' {
                0.72
            } else {
                0.56
            }
        })
        .sum::<f64>()
        * px
}

/// `s` shortened with an ellipsis to fit `max` px.
pub fn fit(s: &str, px: f64, max: f64) -> String {
    if text_width(s, px) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let mut next = out.clone();
        next.push(c);
        if text_width(&next, px) + text_width("…", px) > max {
            break;
        }
        out = next;
    }
    format!("{}…", out.trim_end())
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// `Jan 2027`.
fn month_label(d: Date) -> String {
    format!("{} {}", &format!("{:?}", d.month())[..3], d.year())
}

/// First days of months strictly inside `from..to`, every n-th month so that at most `max` remain.
fn month_starts(from: Date, to: Date, max: usize) -> Vec<Date> {
    let mut all = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    loop {
        m = m.next();
        if m == time::Month::January {
            y += 1;
        }
        let Ok(d) = Date::from_calendar_date(y, m, 1) else { break };
        if d >= to {
            break;
        }
        all.push(d);
    }
    let step = all.len().div_ceil(max.max(1)).max(1);
    all.into_iter().step_by(step).collect()
}

fn esc(s: &str) -> String {
    super::escape(s)
}

/// Makes plotters' SVG scalable and accessible: viewBox only, role, title, desc.
/// Coordinates in quoted attribute values to one decimal (`71.52000000000001` -> `71.5`): smaller files, and the
/// same bytes on every platform. Text between tags is left alone.
fn round_coordinates(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut in_tag = false;
    let mut in_quote = false;
    // inside a quoted attribute: `Some(n)` while after a decimal point, `n` digits of it seen so far
    let mut decimals: Option<usize> = None;
    let mut prev_digit = false;
    for c in svg.chars() {
        if in_quote {
            match c {
                '"' => {
                    in_quote = false;
                    decimals = None;
                    out.push(c);
                }
                '.' if prev_digit && decimals.is_none() => {
                    decimals = Some(0);
                    out.push(c);
                }
                d if d.is_ascii_digit() => {
                    match decimals.as_mut() {
                        // one decimal is kept, the rest dropped (truncated, as plotters' float noise is)
                        Some(n) => {
                            *n += 1;
                            if *n == 1 {
                                out.push(d);
                            }
                        }
                        None => out.push(d),
                    }
                }
                other => {
                    decimals = None;
                    out.push(other);
                }
            }
            prev_digit = c.is_ascii_digit();
            continue;
        }
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '"' if in_tag => {
                in_quote = true;
                prev_digit = false;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Joins runs of one-segment polylines with the same stroke (plotters draws a dashed line as one polyline per
/// dash) into one path of sub-paths: the same picture in a fifth of the bytes.
fn merge_polylines(svg: &str) -> String {
    const HEAD: &str = "<polyline fill=\"none\" ";
    let mut out = String::with_capacity(svg.len() / 2);
    // the stroke attributes of the path being built, and its `d`
    let mut open: Option<(&str, String)> = None;
    let close = |out: &mut String, open: &mut Option<(&str, String)>| {
        if let Some((attrs, d)) = open.take() {
            out.push_str(&format!("<path fill=\"none\" {attrs} d=\"{d}\"/>\n"));
        }
    };
    for line in svg.split_inclusive('\n') {
        let parsed = line.trim_end().strip_prefix(HEAD).and_then(|rest| {
            let (attrs, points) = rest.split_once(" points=\"")?;
            let points = points.strip_suffix("\"/>")?;
            Some((attrs, points))
        });
        let Some((attrs, points)) = parsed else {
            close(&mut out, &mut open);
            out.push_str(line);
            continue;
        };
        if open.as_ref().is_some_and(|(a, _)| *a != attrs) {
            close(&mut out, &mut open);
        }
        let d = &mut open.get_or_insert_with(|| (attrs, String::new())).1;
        for (k, p) in points.split_whitespace().enumerate() {
            d.push(if k == 0 { 'M' } else { 'L' });
            d.push_str(&p.replace(',', " "));
        }
    }
    close(&mut out, &mut open);
    out
}

fn finish_svg(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let Some(open_end) = svg.find('>') else { return svg.to_string() };
    let body = &svg[open_end + 1..];
    let body = merge_polylines(&round_coordinates(body.trim_start_matches(|c: char| c.is_whitespace())));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        esc(title),
        esc(desc),
        body
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BurnKind {
    Up,
    Down,
}

/// Burn-up (scope, done, ideal, forecast fan) or burn-down (remaining, ideal remaining).
#[allow(clippy::too_many_arguments)]
pub fn burn_chart(
    kind: BurnKind,
    id: &str,
    series: &Series,
    ideal: &[(String, f64)],
    outlook: &Outlook,
    target: Option<Date>,
    today: Date,
    name: &str,
) -> Chart {
    let first = series.points[0].date;
    let day = |d: Date| (d - first).whole_days() as i32;
    let ideal: Vec<(Date, f64)> =
        ideal.iter().filter_map(|(d, v)| crate::model::parse_date(d).map(|d| (d, *v))).collect();
    let baseline = series.points[0].scope;
    let fan = match outlook {
        Outlook::Forecast { p50, p85, p95, .. } => Some((*p50, *p85, *p95)),
        _ => None,
    };
    let mut end = series.last().map_or(first, |p| p.date).max(today);
    if let Some(t) = target {
        end = end.max(t);
    }
    if let Some((_, _, p95)) = fan {
        end = end.max(p95);
    }
    if let Some((d, _)) = ideal.last() {
        end = end.max(*d);
    }
    end = end.next_day().unwrap_or(end);
    let value = |scope: f64, done: f64| if kind == BurnKind::Up { done } else { (scope - done).max(0.0) };
    let top = series
        .points
        .iter()
        .map(|p| if kind == BurnKind::Up { p.scope } else { (p.scope - p.done).max(0.0) })
        .chain(ideal.iter().map(|(_, v)| *v))
        .fold(1.0_f64, f64::max)
        * 1.12;
    // plotters never finishes laying out an infinite axis; inputs are checked upstream, this is the last guard
    if !top.is_finite() {
        return empty_chart(id, name);
    }
    let ideal_at: std::collections::HashMap<Date, f64> = ideal.iter().copied().collect();
    // room for the widest y label ("250", "1200") so none is clipped
    let y_area = (text_width(&format!("{top:.0}"), 12.5) + 12.0).ceil().max(30.0) as u32;
    let mut svg = String::new();
    // drawn on top of plotters' output: month ticks, marker labels, scope-change labels, legend
    let mut overlay = String::new();
    let mut legend: Vec<(&str, RGBColor, bool)> = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        let _ = root.fill(&WHITE.mix(0.0));
        let font = ("sans-serif", FONT).into_font().color(&FG);
        let mut chart = match ChartBuilder::on(&root)
            .margin_right(12)
            .margin_top(44)
            .x_label_area_size(24)
            .y_label_area_size(y_area)
            .build_cartesian_2d(0..day(end), 0.0..top)
        {
            Ok(c) => c,
            Err(_) => return empty_chart(id, name),
        };
        let _ = chart
            .configure_mesh()
            // our own month ticks replace plotters' labels (asking plotters for none overflows its key points)
            .x_labels(2)
            .x_label_formatter(&|_| String::new())
            .disable_x_mesh()
            .y_labels(5)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .label_style(font.clone())
            .axis_style(FG)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .draw();
        let coord = chart.as_coord_spec().clone();
        let px = |x: i32, y: f64| {
            use plotters::coord::CoordTranslate;
            coord.translate(&(x, y))
        };
        // month ticks with the year: at most five, on the first of a month
        let months = month_starts(first, end, 5);
        let (_, axis_y) = px(0, 0.0);
        for m in &months {
            let (x, _) = px(day(*m), 0.0);
            let (_, y_top) = px(0, top);
            overlay.push_str(&format!(
                "<line x1=\"{x}\" y1=\"{y_top}\" x2=\"{x}\" y2=\"{axis_y}\" stroke=\"#D9DEE7\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">{}</text>",
                (f64::from(x) - text_width(&month_label(*m), 12.0) / 2.0)
                    .clamp(f64::from(y_area) - 4.0, f64::from(W) - text_width(&month_label(*m), 12.0) - 2.0)
                    .round(),
                axis_y + 16,
                month_label(*m)
            ));
        }
        if kind == BurnKind::Up {
            let _ = chart.draw_series(LineSeries::new(
                series.points.iter().map(|p| (day(p.date), p.scope)),
                SCOPE.stroke_width(2),
            ));
            legend.push(("Scope", SCOPE, false));
        }
        legend.push((if kind == BurnKind::Up { "Done" } else { "Remaining" }, DONE, false));
        if let Some((p50, p85, p95)) = fan
            && let Some(last) = series.last()
        {
            let (x0, y0) = (day(last.date), value(last.scope, last.done));
            let goal = if kind == BurnKind::Up { last.scope } else { 0.0 };
            let _ = chart.draw_series(std::iter::once(Polygon::new(
                vec![(x0, y0), (day(p50), goal), (day(p95), goal)],
                FAN.mix(0.18).filled(),
            )));
            for (d, w) in [(p50, 1), (p85, 2), (p95, 1)] {
                let _ = chart.draw_series(LineSeries::new(vec![(x0, y0), (day(d), goal)], FAN.stroke_width(w)));
            }
            legend.push(("P50–P95", FAN, false));
            // the net rate: throughput minus scope growth
            if let Outlook::Forecast { net_rate_finish: Some(n), .. } = outlook
                && *n <= end
            {
                let _ = chart.draw_series(DashedLineSeries::new(
                    vec![(x0, y0), (day(*n), goal)],
                    2,
                    3,
                    SCOPE.stroke_width(1),
                ));
                legend.push(("Net rate", SCOPE, true));
            }
        }
        if !ideal.is_empty() {
            let pts: Vec<(i32, f64)> =
                ideal.iter().map(|(d, v)| (day(*d), if kind == BurnKind::Up { *v } else { baseline - v })).collect();
            let _ = chart.draw_series(DashedLineSeries::new(pts, 5, 4, IDEAL.stroke_width(2)));
            legend.insert(legend.len().min(2), ("Ideal", IDEAL, true));
        }
        let _ = chart.draw_series(LineSeries::new(
            series.points.iter().filter(|p| p.date <= today).map(|p| (day(p.date), value(p.scope, p.done))),
            DONE.stroke_width(3),
        ));
        if kind == BurnKind::Up {
            // the largest scope changes get a label, placed so that no two overlap (a label that fits nowhere is
            // left out: the data table lists every change)
            let mut changes: Vec<&(Date, f64)> = series.scope_changes.iter().filter(|(d, _)| *d <= today).collect();
            changes.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
            changes.truncate(MAX_ANNOTATIONS);
            changes.sort_by_key(|c| c.0);
            let mut taken: Vec<(f64, f64, i32)> = Vec::new();
            for (d, delta) in changes {
                let x = day(*d);
                let y = series.points.iter().find(|p| p.date == *d).map_or(0.0, |p| p.scope);
                let _ = chart.draw_series(std::iter::once(Circle::new((x, y), 3, SCOPE.filled())));
                let label = if *delta > 0.0 { format!("+{delta}") } else { format!("{delta}") };
                let (cx, cy) = px(x, y);
                let w = text_width(&label, 12.0);
                let left = f64::from(cx) - w / 2.0;
                // below the scope line (the top band holds the marker labels)
                for row in 0..3 {
                    let ly = cy + 17 + row * 14;
                    if !taken.iter().any(|(a, b, r)| *r == row && left < *b + 3.0 && left + w + 3.0 > *a) {
                        taken.push((left, left + w, row));
                        overlay.push_str(&format!(
                            "<text x=\"{left:.0}\" y=\"{ly}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#8A5A00\">{}</text>",
                            esc(&label)
                        ));
                        break;
                    }
                }
            }
        }
        let p85 = fan.map(|(_, p85, _)| p85);
        let mut marks: Vec<(i32, &str, RGBColor)> = Vec::new();
        for (d, color, label) in [(Some(today), FG, "Today"), (target, TARGET, "Target"), (p85, FAN, "P85")] {
            if let Some(d) = d {
                let _ = chart.draw_series(DashedLineSeries::new(
                    vec![(day(d), 0.0), (day(d), top)],
                    2,
                    3,
                    color.stroke_width(1),
                ));
                marks.push((px(day(d), top).0, label, color));
            }
        }
        // marker labels above the plot, in two rows when they would touch
        marks.sort_by_key(|m| m.0);
        let mut last_end: [f64; 2] = [f64::MIN, f64::MIN];
        let (_, plot_top) = px(0, top);
        for (x, label, color) in marks {
            let w = text_width(label, 12.0);
            let left = (f64::from(x) - w / 2.0).clamp(2.0, f64::from(W) - w - 2.0);
            let row = if left > last_end[0] + 4.0 { 0 } else { 1 };
            last_end[row] = left + w;
            overlay.push_str(&format!(
                "<text x=\"{left:.0}\" y=\"{}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"{}\">{label}</text>",
                plot_top - 4 - row as i32 * 13,
                hex(color)
            ));
        }
        let _ = root.present();
    }
    // legend and labels are ours: left-anchored, measured by characters; only what was drawn
    let mut extra = overlay;
    let mut x = 8.0;
    for (label, color, dashed) in legend {
        let hex = hex(color);
        let dash = if dashed { " stroke-dasharray=\"5 4\"" } else { "" };
        extra.push_str(&format!(
            "<line x1=\"{x}\" y1=\"16\" x2=\"{}\" y2=\"16\" stroke=\"{hex}\" stroke-width=\"3\"{dash}/><text x=\"{}\" y=\"20\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">{}</text>",
            x + 14.0,
            x + 18.0,
            esc(label)
        ));
        x += 18.0 + text_width(label, 12.0) + 10.0;
    }
    let svg_text = svg.replacen("</svg>", &format!("{extra}</svg>"), 1);
    let (title, desc) = describe(kind, series, outlook, target, name);
    let table = DataTable {
        headers: match kind {
            BurnKind::Up => vec!["date".into(), "scope".into(), "done".into(), "ideal".into()],
            BurnKind::Down => vec!["date".into(), "remaining".into(), "ideal remaining".into()],
        },
        rows: series
            .points
            .iter()
            .filter(|p| p.date <= today)
            .map(|p| {
                let ideal_v = ideal_at.get(&p.date).copied();
                let f = |v: f64| format!("{}", (v * 100.0).round() / 100.0);
                match kind {
                    BurnKind::Up => {
                        vec![format_date(p.date), f(p.scope), f(p.done), ideal_v.map(f).unwrap_or_default()]
                    }
                    BurnKind::Down => {
                        vec![
                            format_date(p.date),
                            f(p.scope - p.done),
                            ideal_v.map(|v| f(baseline - v)).unwrap_or_default(),
                        ]
                    }
                }
            })
            .collect(),
    };
    Chart { id: id.to_string(), svg: finish_svg(&svg_text, id, &title, &desc), title, desc, table }
}

fn empty_chart(id: &str, name: &str) -> Chart {
    Chart {
        id: id.into(),
        title: name.into(),
        desc: "no data".into(),
        svg: String::new(),
        table: DataTable { headers: vec![], rows: vec![] },
    }
}

fn describe(kind: BurnKind, series: &Series, outlook: &Outlook, target: Option<Date>, name: &str) -> (String, String) {
    let last = series.last();
    let unit = series.unit;
    let title = match kind {
        BurnKind::Up => format!("{name}: burn-up ({unit})"),
        BurnKind::Down => format!("{name}: burn-down ({unit})"),
    };
    let mut desc = match last {
        Some(p) => format!("On {}, {} of {} {unit} done.", format_date(p.date), p.done, p.scope),
        None => String::new(),
    };
    desc.push(' ');
    desc.push_str(&outlook_sentence(outlook, target));
    (title, desc)
}

/// The forecast in words, e.g. "85% chance done by 14 Mar 2026".
pub fn outlook_sentence(outlook: &Outlook, target: Option<Date>) -> String {
    use crate::analyze::forecast::Schedule;
    let long = super::project::long_date;
    match outlook {
        Outlook::Done => "Everything in scope is done.".into(),
        Outlook::InsufficientData { reason } => format!("Insufficient data for a forecast: {reason}."),
        Outlook::NoFinishInSight { throughput, scope_growth, .. } => {
            if *throughput <= 1e-9 {
                "No finish in sight: nothing was finished over the history.".into()
            } else if *scope_growth >= *throughput {
                format!(
                    "No finish in sight: scope grew {:.0}% as fast as work was done, so the work left is not shrinking.",
                    scope_growth / throughput * 100.0
                )
            } else {
                format!(
                    "No finish in sight: fewer than 85% of simulated futures finish within three years. {}",
                    super::project::scope_words(*throughput, *scope_growth)
                )
                .trim_end()
                .to_string()
            }
        }
        Outlook::Forecast { p50, p85, p95, schedule, throughput, scope_growth, .. } => {
            let verdict = match (schedule, target) {
                (Schedule::OnTrack, Some(t)) => format!(" On track for the target {}.", long(t)),
                (Schedule::AtRisk, Some(t)) => {
                    format!(" At risk: the median date is before the target {}, the 85% date after it.", long(t))
                }
                (Schedule::OffTrack, Some(t)) => {
                    format!(" Off track: even the median forecast is after the target {}.", long(t))
                }
                _ => String::new(),
            };
            let scope = super::project::scope_words(*throughput, *scope_growth);
            let scope = if scope.is_empty() { scope } else { format!(" {scope}") };
            format!(
                "50% chance done by {}, 85% chance by {}, 95% chance by {}.{verdict}{scope}",
                long(*p50),
                long(*p85),
                long(*p95)
            )
        }
    }
}

/// Impact x effort 2x2 with the open items placed in their quadrant cell, listed without overlap, each linking
/// to its row in the report (`href_prefix` + `item-<id>`).
pub fn matrix_chart(id: &str, title: &str, placements: &[(Placement, String, String)], href_prefix: &str) -> Chart {
    let (w, h) = (W as f64, 300.0);
    let (left, top, right, bottom): (f64, f64, f64, f64) = (30.0, 8.0, w - 4.0, h - 26.0);
    let (mx, my) = ((left + right) / 2.0, (top + bottom) / 2.0);
    let mut s = String::new();
    let quads = [
        (Quadrant::QuickWins, left, top, "#E3F4E8"),
        (Quadrant::MajorProjects, mx, top, "#E1EEFA"),
        (Quadrant::FillIns, left, my, "#F1F3F6"),
        (Quadrant::ThanklessTasks, mx, my, "#FDE4E1"),
    ];
    for (q, x, y, fill) in quads {
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#D9DEE7\"/>",
            mx - left,
            my - top
        ));
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" font-family=\"sans-serif\" fill=\"#1D2330\">{}</text>",
            x + 6.0,
            y + 16.0,
            q.label()
        ));
    }
    s.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">Effort: low → high</text>",
        left,
        h - 8.0
    ));
    s.push_str(&format!(
        "<text x=\"12\" y=\"{}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\" transform=\"rotate(-90 12 {})\">Impact: low → high</text>",
        bottom,
        bottom
    ));
    let line: f64 = 16.0;
    let capacity = ((my - top - 24.0) / line).floor() as usize;
    let mut rows = Vec::new();
    for (q, x, y, _) in quads {
        let members: Vec<&(Placement, String, String)> =
            placements.iter().filter(|(p, _, _)| p.quadrant == q).collect();
        let shown = if members.len() > capacity { capacity.saturating_sub(1) } else { members.len() };
        for (i, (p, label, item_id)) in members.iter().take(shown).enumerate() {
            let ty = y + 32.0 + i as f64 * line;
            let dot = match (p.impact, p.effort) {
                (Level::High, _) => "#A1261B",
                (Level::Medium, _) => "#8A5A00",
                _ => "#5A6475",
            };
            let text = fit(label, 12.0, mx - left - 26.0);
            s.push_str(&format!(
                "<a href=\"{href_prefix}item-{}\"><circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{dot}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">{}</text></a>",
                esc(item_id),
                x + 10.0,
                ty - 4.0,
                x + 18.0,
                ty,
                esc(&text)
            ));
        }
        if members.len() > shown {
            s.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">+{} more (see the table)</text>",
                x + 18.0,
                y + 32.0 + shown as f64 * line,
                members.len() - shown
            ));
        }
        for (p, label, _) in &members {
            rows.push(vec![label.to_string(), q.label().into(), p.impact.as_str().into(), p.effort.as_str().into()]);
        }
    }
    let counts: Vec<String> = quads
        .iter()
        .map(|(q, ..)| {
            format!("{} {}", q.label().to_lowercase(), placements.iter().filter(|(p, _, _)| p.quadrant == *q).count())
        })
        .collect();
    let desc = format!(
        "{} open item{} placed: {}.",
        placements.len(),
        if placements.len() == 1 { "" } else { "s" },
        counts.join(", ")
    );
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" class=\"chart matrix\" role=\"group\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{s}</svg>",
        esc(title),
        esc(&desc)
    );
    Chart {
        id: id.into(),
        title: title.into(),
        desc,
        svg,
        table: DataTable { headers: vec!["item".into(), "quadrant".into(), "impact".into(), "effort".into()], rows },
    }
}

/// Horizontal bars for x/10 scores (seed 001's "Production Readiness Score").
/// A small burn-up (scope and done) drawn on a shared date range, for the small multiples of the comparison page.
pub fn small_burnup(id: &str, name: &str, series: &crate::analyze::history::Series, from: Date, to: Date) -> Chart {
    // drawn at the width it is shown at in a card, so its 12 px text stays 12 px
    let (w, h) = (300.0, 110.0);
    let (left, right, top, bottom) = (34.0, w - 6.0, 8.0, h - 20.0);
    let span = (to - from).whole_days().max(1) as f64;
    let top_value = series.points.iter().map(|p| p.scope).fold(1.0_f64, f64::max) * 1.1;
    let x = |d: Date| left + (d - from).whole_days() as f64 / span * (right - left);
    let y = |v: f64| bottom - v / top_value * (bottom - top);
    // a step line needs only the days where the value changes (and the day before): the page stays small with a
    // hundred of these
    let line = |f: &dyn Fn(&crate::analyze::history::Point) -> f64| {
        let pts = &series.points;
        pts.iter()
            .enumerate()
            .filter(|(i, p)| *i == 0 || *i + 1 == pts.len() || f(&pts[i - 1]) != f(p) || f(&pts[i + 1]) != f(p))
            .map(|(_, p)| format!("{:.1},{:.1}", x(p.date), y(f(p))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut s = String::new();
    s.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"#1D2330\"/><text x=\"2\" y=\"{:.1}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">{:.0}</text>",
        y(top_value / 1.1) + 4.0,
        top_value / 1.1
    ));
    for m in month_starts(from, to, 4) {
        let mx = x(m);
        s.push_str(&format!(
            "<line x1=\"{mx:.1}\" y1=\"{top}\" x2=\"{mx:.1}\" y2=\"{bottom}\" stroke=\"#D9DEE7\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">{}</text>",
            (mx - text_width(&month_label(m), 12.0) / 2.0).clamp(left, right - text_width(&month_label(m), 12.0)),
            h - 4.0,
            month_label(m)
        ));
    }
    s.push_str(&format!(
        "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/><polyline fill=\"none\" stroke=\"{}\" stroke-width=\"3\" points=\"{}\"/>",
        hex(SCOPE),
        line(&|p| p.scope),
        hex(DONE),
        line(&|p| p.done)
    ));
    let last = series.last();
    let title = format!("{name}: burn-up on the shared time axis");
    let desc = match last {
        Some(p) => format!("{} of {} items done on {}.", p.done, p.scope, format_date(p.date)),
        None => String::new(),
    };
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" class=\"chart small\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{s}</svg>",
        esc(&title),
        esc(&desc)
    );
    let table = DataTable {
        headers: ["date", "scope", "done"].map(String::from).to_vec(),
        rows: series
            .points
            .iter()
            .map(|p| vec![format_date(p.date), format!("{}", p.scope), format!("{}", p.done)])
            .collect(),
    };
    Chart { id: id.into(), title, desc, svg, table }
}

/// A sparkline of the share done over a daily series (inline SVG, 120 x 28), with its reading as the label.
pub fn sparkline(series: &crate::analyze::history::Series) -> String {
    let points = &series.points;
    let (Some(first), Some(last)) = (points.first(), points.last()) else { return String::new() };
    let share = |p: &crate::analyze::history::Point| if p.scope > 0.0 { p.done / p.scope } else { 0.0 };
    let n = (points.len() - 1).max(1) as f64;
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", 2.0 + i as f64 / n * 116.0, 26.0 - share(p) * 24.0))
        .collect();
    let label = format!(
        "Share done from {:.0}% on {} to {:.0}% on {}",
        share(first) * 100.0,
        format_date(first.date),
        share(last) * 100.0,
        format_date(last.date)
    );
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 28\" class=\"sparkline\" role=\"img\" aria-label=\"{}\"><title>{}</title><line x1=\"2\" y1=\"26\" x2=\"118\" y2=\"26\" stroke=\"#D9DEE7\"/><polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/></svg>",
        esc(&label),
        esc(&label),
        hex(DONE),
        line.join(" ")
    )
}

/// One project on the portfolio timeline.
pub struct TimelineRow {
    pub name: String,
    pub href: String,
    pub start: Option<Date>,
    pub target: Option<Date>,
    /// P50, P85, P95 when forecast.
    pub forecast: Option<(Date, Date, Date)>,
}

/// Each project's start to target as a bar, the P50–P95 forecast as a whisker with the P85 marked, and today's line;
/// month ticks with the year. Projects without dates are listed in the table only.
pub fn timeline_chart(id: &str, rows: &[TimelineRow], today: Date) -> Option<Chart> {
    let dates: Vec<Date> = rows
        .iter()
        .flat_map(|r| [r.start, r.target, r.forecast.map(|f| f.0), r.forecast.map(|f| f.2)].into_iter().flatten())
        .chain(std::iter::once(today))
        .collect();
    let drawn: Vec<&TimelineRow> =
        rows.iter().filter(|r| r.start.is_some() || r.target.is_some() || r.forecast.is_some()).collect();
    if drawn.is_empty() {
        return None;
    }
    let (lo, hi) = (*dates.iter().min()?, *dates.iter().max()?);
    let span = ((hi - lo).whole_days().max(1) + 14) as f64;
    let lo = lo - time::Duration::days(7);
    let label_w = drawn.iter().map(|r| text_width(&r.name, 12.0)).fold(0.0_f64, f64::max).min(120.0) + 8.0;
    let (left, right) = (label_w, f64::from(W) - 8.0);
    let x = |d: Date| left + (d - lo).whole_days() as f64 / span * (right - left);
    let row_h = 30.0;
    let top = 34.0;
    let h = top + row_h * drawn.len() as f64 + 22.0;
    let mut s = String::new();
    // month ticks with the year, at most five
    for m in month_starts(lo, lo + time::Duration::days(span as i64), 4) {
        let mx = x(m);
        s.push_str(&format!(
            "<line x1=\"{mx:.1}\" y1=\"{top}\" x2=\"{mx:.1}\" y2=\"{:.1}\" stroke=\"#D9DEE7\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">{}</text>",
            h - 20.0,
            (mx - text_width(&month_label(m), 12.0) / 2.0).clamp(left, right - text_width(&month_label(m), 12.0)),
            h - 6.0,
            month_label(m)
        ));
    }
    for (k, r) in drawn.iter().enumerate() {
        let y = top + row_h * k as f64 + row_h / 2.0;
        s.push_str(&format!(
            "<a href=\"{}\"><text x=\"2\" y=\"{:.1}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">{}</text></a>",
            esc(&r.href),
            y + 4.0,
            esc(&fit(&r.name, 12.0, label_w - 8.0))
        ));
        if let (Some(a), Some(b)) = (r.start, r.target) {
            s.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"3\" fill=\"#C9D2DF\"/>",
                x(a),
                y - 5.0,
                (x(b) - x(a)).max(2.0)
            ));
        }
        if let Some(t) = r.target {
            s.push_str(&format!(
                "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\" stroke=\"{3}\" stroke-width=\"2\"/>",
                x(t),
                y - 9.0,
                y + 9.0,
                hex(TARGET)
            ));
        }
        if let Some((p50, p85, p95)) = r.forecast {
            s.push_str(&format!(
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{2}\" stroke-width=\"2\"/><circle cx=\"{3:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{2}\"/>",
                x(p50),
                x(p95),
                hex(FAN),
                x(p85)
            ));
        }
    }
    let tx = x(today);
    s.push_str(&format!(
        "<line x1=\"{tx:.1}\" y1=\"{}\" x2=\"{tx:.1}\" y2=\"{:.1}\" stroke=\"#1D2330\" stroke-dasharray=\"2 3\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">Today</text>",
        top - 4.0,
        h - 20.0,
        (tx - text_width("Today", 12.0) / 2.0).clamp(left, right - text_width("Today", 12.0)),
        top - 8.0
    ));
    // legend
    s.push_str(&format!(
        "<rect x=\"4\" y=\"6\" width=\"14\" height=\"8\" fill=\"#C9D2DF\"/><text x=\"22\" y=\"14\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">Start to target</text><line x1=\"130\" y1=\"10\" x2=\"150\" y2=\"10\" stroke=\"{0}\" stroke-width=\"2\"/><circle cx=\"140\" cy=\"10\" r=\"4\" fill=\"{0}\"/><text x=\"156\" y=\"14\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">P50–P95, dot P85</text>",
        hex(FAN)
    ));
    let title = "Portfolio timeline".to_string();
    let desc = format!(
        "{} projects from start to target, with the P50 to P95 forecast and the P85 date marked; today is {}.",
        drawn.len(),
        format_date(today)
    );
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h:.0}\" class=\"chart\" role=\"group\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{s}</svg>",
        esc(&title),
        esc(&desc)
    );
    let d = |x: Option<Date>| x.map(format_date).unwrap_or_default();
    let table = DataTable {
        headers: ["project", "start", "target", "p50", "p85", "p95"].map(String::from).to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    d(r.start),
                    d(r.target),
                    d(r.forecast.map(|f| f.0)),
                    d(r.forecast.map(|f| f.1)),
                    d(r.forecast.map(|f| f.2)),
                ]
            })
            .collect(),
    };
    Some(Chart { id: id.into(), title, desc, svg, table })
}

pub fn score_chart(id: &str, project: &Project) -> Option<Chart> {
    let scored: Vec<(&str, f64, f64)> =
        project.items.iter().filter_map(|i| i.score.map(|(a, b)| (i.title.as_str(), a, b))).collect();
    if scored.is_empty() {
        return None;
    }
    let bar_h = 18.0;
    let label_w = 140.0;
    let h = 10.0 + scored.len() as f64 * (bar_h + 6.0);
    let w = W as f64;
    let mut s = String::new();
    for (i, (label, a, b)) in scored.iter().enumerate() {
        let y = 6.0 + i as f64 * (bar_h + 6.0);
        let full = w - label_w - 50.0;
        let len = full * a / b;
        let color = if a / b >= 0.8 {
            "#1F7A3A"
        } else if a / b >= 0.5 {
            "#8A5A00"
        } else {
            "#A1261B"
        };
        s.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{full}\" height=\"{bar_h}\" fill=\"#D9DEE7\"/><rect x=\"{label_w}\" y=\"{y}\" width=\"{len:.1}\" height=\"{bar_h}\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#1D2330\">{a}/{b}</text>",
            y + 13.0,
            esc(&fit(label, 12.0, label_w - 6.0)),
            label_w + full + 6.0,
            y + 13.0
        ));
    }
    let title = format!("{}: component scores", project.name);
    let low: Vec<String> =
        scored.iter().filter(|(_, a, b)| a / b < 0.5).map(|(l, a, b)| format!("{l} {a}/{b}")).collect();
    let desc = format!(
        "{} components scored; lowest: {}.",
        scored.len(),
        if low.is_empty() { "none below half".to_string() } else { low.join(", ") }
    );
    Some(Chart {
        id: id.into(),
        svg: format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" class=\"chart bars\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{s}</svg>",
            esc(&title),
            esc(&desc)
        ),
        title,
        desc,
        table: DataTable {
            headers: vec!["component".into(), "score".into(), "out of".into()],
            rows: scored.iter().map(|(l, a, b)| vec![l.to_string(), a.to_string(), b.to_string()]).collect(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_characters_not_bytes() {
        // an emoji is 4 bytes but one em; a CJK character 3 bytes, one em
        assert_eq!(text_width("🔥", 10.0), 10.0);
        assert_eq!(text_width("路", 10.0), 10.0);
        assert!((text_width("ab", 10.0) - 11.2).abs() < 1e-9);
        assert_eq!(text_width("⚠\u{FE0F}", 10.0), 10.0);
    }

    #[test]
    fn fit_shortens_with_an_ellipsis() {
        assert_eq!(fit("short", 10.0, 100.0), "short");
        let f = fit("한국어 로드맵 항목 완료 보고서", 10.0, 60.0);
        assert!(f.ends_with('…'));
        assert!(text_width(&f, 10.0) <= 60.0);
    }

    #[test]
    fn matrix_svg_snapshot() {
        use crate::analyze::priority::{Level, Placement, Quadrant};
        let placements = vec![
            (
                Placement { item: 0, impact: Level::High, effort: Level::Low, quadrant: Quadrant::QuickWins },
                "Login 🔑".to_string(),
                "login".to_string(),
            ),
            (
                Placement { item: 1, impact: Level::Low, effort: Level::High, quadrant: Quadrant::ThanklessTasks },
                "Rewrite <everything>".to_string(),
                "rewrite".to_string(),
            ),
        ];
        let chart = matrix_chart("m", "Demo: impact × effort", &placements, "#");
        assert_eq!(chart.desc, "2 open items placed: quick wins 1, major projects 0, fill-ins 0, thankless tasks 1.");
        insta::assert_snapshot!(chart.svg);
    }

    /// Our labels (font-size 12): (x, baseline y, text).
    fn labels(svg: &str) -> Vec<(f64, f64, String)> {
        svg.split("<text ")
            .skip(1)
            .filter(|t| t.contains("font-size=\"12\""))
            .map(|t| {
                let attr = |name: &str| -> f64 {
                    let start = t.find(&format!(" {name}=\"")).or_else(|| t.find(&format!("{name}=\""))).unwrap();
                    let rest = &t[start..];
                    let v = rest.split('"').nth(1).unwrap();
                    v.parse().unwrap()
                };
                let text = t.split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
                (attr("x"), attr("y"), text)
            })
            .collect()
    }

    #[test]
    fn no_label_overlaps_another_with_250_items_and_30_scope_changes() {
        use crate::analyze::history::{Point, Series};
        let start = time::macros::date!(2026 - 09 - 01);
        let mut points = Vec::new();
        let mut changes = Vec::new();
        let mut scope = 240.0;
        for d in 0..90 {
            let date = start + time::Duration::days(d);
            // a scope change on 30 of the days, alternately up and down, some of them on neighbouring days
            if d % 3 == 0 {
                let delta = if d % 2 == 0 { 2.0 } else { -1.0 };
                scope += delta;
                changes.push((date, delta));
            }
            points.push(Point { date, scope, done: (d as f64 * 1.2).min(scope) });
        }
        assert_eq!(changes.len(), 30);
        let series = Series { unit: "items", points, scope_changes: changes };
        let today = start + time::Duration::days(89);
        let p = |d: i64| start + time::Duration::days(d);
        let outlook = Outlook::Forecast {
            p50: p(140),
            p85: p(150),
            p95: p(170),
            finished_share: 1.0,
            throughput: 1.2,
            scope_growth: 0.3,
            net_rate_finish: Some(p(145)),
            schedule: crate::analyze::forecast::Schedule::OffTrack,
        };
        let chart = burn_chart(BurnKind::Up, "b", &series, &[], &outlook, Some(p(148)), today, "P");
        let labels = labels(&chart.svg);
        // Today, Target and P85 are labelled; the legend lists what is drawn (no ideal line here)
        for l in ["Today", "Target", "P85", "Scope", "Done", "P50–P95", "Net rate"] {
            assert!(labels.iter().any(|(_, _, t)| t == l), "{l} missing");
        }
        assert!(!labels.iter().any(|(_, _, t)| t == "Ideal"), "legend lists a series that is not drawn");
        assert!(labels.iter().any(|(_, _, t)| t == "Oct 2026"), "month ticks carry the year");
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                let (aw, bw) = (text_width(&a.2, 12.0), text_width(&b.2, 12.0));
                let apart_x = a.0 + aw <= b.0 || b.0 + bw <= a.0;
                let apart_y = (a.1 - b.1).abs() >= 12.0;
                assert!(apart_x || apart_y, "{a:?} overlaps {b:?}");
            }
            assert!(a.0 >= 0.0 && a.0 + text_width(&a.2, 12.0) <= f64::from(W) + 0.5, "{a:?} is clipped");
        }
    }

    #[test]
    fn timeline_with_links_is_a_group_not_an_image() {
        // an svg with role="img" may not hold links (axe: nested-interactive); the timeline links to each project
        let d = |s: &str| crate::model::parse_date(s).unwrap();
        let rows = [TimelineRow {
            name: "A".into(),
            href: "a".into(),
            start: Some(d("2026-01-01")),
            target: Some(d("2026-03-01")),
            forecast: None,
        }];
        let svg = timeline_chart("t", &rows, d("2026-02-01")).unwrap().svg;
        assert!(svg.contains("<a href=") && svg.contains("role=\"group\"") && !svg.contains("role=\"img\""));
    }

    #[test]
    fn timeline_labels_do_not_overlap() {
        let d = |s: &str| crate::model::parse_date(s).unwrap();
        let row = |name: &str, start: &str, target: &str, f: Option<(&str, &str, &str)>| TimelineRow {
            name: name.into(),
            href: "x".into(),
            start: Some(d(start)),
            target: Some(d(target)),
            forecast: f.map(|(a, b, c)| (d(a), d(b), d(c))),
        };
        let rows = [
            row("Flutterbye", "2026-10-05", "2027-04-09", Some(("2027-05-19", "2027-08-03", "2027-10-04"))),
            row("RollingDrop", "2026-11-02", "2026-11-30", Some(("2027-02-05", "2027-02-25", "2027-02-25"))),
            row("A project with a very long name indeed", "2026-11-09", "2027-02-26", None),
        ];
        let chart = timeline_chart("t", &rows, d("2026-11-22")).unwrap();
        let labels = labels(&chart.svg);
        assert!(labels.iter().any(|(_, _, t)| t == "Today"));
        assert!(labels.iter().any(|(_, _, t)| t.ends_with('…')), "a long name is shortened");
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                let apart_x = a.0 + text_width(&a.2, 12.0) <= b.0 || b.0 + text_width(&b.2, 12.0) <= a.0;
                assert!(apart_x || (a.1 - b.1).abs() >= 12.0, "{a:?} overlaps {b:?}");
            }
        }
        assert_eq!(chart.table.rows.len(), 3);
    }

    #[test]
    fn dashes_become_one_path_in_drawing_order() {
        let svg = "<line x1=\"0\"/>\n<polyline fill=\"none\" opacity=\"1\" stroke=\"#8A5A00\" stroke-width=\"1\" points=\"138,160 139,159 \"/>\n<polyline fill=\"none\" opacity=\"1\" stroke=\"#8A5A00\" stroke-width=\"1\" points=\"142,157 143,156 \"/>\n<polyline fill=\"none\" opacity=\"1\" stroke=\"#1D2330\" stroke-width=\"1\" points=\"1,2 3,4 5,6 \"/>\n<text>x</text>\n";
        assert_eq!(
            merge_polylines(svg),
            "<line x1=\"0\"/>\n<path fill=\"none\" opacity=\"1\" stroke=\"#8A5A00\" stroke-width=\"1\" d=\"M138 160L139 159M142 157L143 156\"/>\n<path fill=\"none\" opacity=\"1\" stroke=\"#1D2330\" stroke-width=\"1\" d=\"M1 2L3 4L5 6\"/>\n<text>x</text>\n"
        );
    }

    #[test]
    fn coordinates_are_rounded_but_text_is_not() {
        let svg = r#"<line x1="71.52000000000001" y1="16"/><text x="3.14159">pi is 3.14159</text>"#;
        assert_eq!(round_coordinates(svg), r#"<line x1="71.5" y1="16"/><text x="3.1">pi is 3.14159</text>"#);
        let points = r#"<polyline points="-12.345,6.78901 0.5 7 10.0"/>"#;
        assert_eq!(round_coordinates(points), r#"<polyline points="-12.3,6.7 0.5 7 10.0"/>"#);
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let t =
            DataTable { headers: vec!["a".into(), "b".into()], rows: vec![vec!["x, y".into(), "say \"hi\"".into()]] };
        assert_eq!(t.csv(), "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n");
    }

    #[test]
    fn csv_neutralises_formulas_but_not_numbers() {
        let t = DataTable {
            headers: vec!["a".into()],
            rows: vec![
                vec!["=HYPERLINK(\"http://x\")".into()],
                vec!["+1+cmd".into()],
                vec!["@SUM(A1)".into()],
                vec!["-3".into()],
                vec!["-2.5".into()],
            ],
        };
        assert_eq!(t.csv(), "a\n\"'=HYPERLINK(\"\"http://x\"\")\"\n'+1+cmd\n'@SUM(A1)\n-3\n-2.5\n");
    }
}
