//! Places each chart's data (`data.rs`) on an SVG canvas: where things go, in which colour.
//! Legends and labels sit outside the plotted data, never over it.

use super::data::{
    BLUE, ClockRow, ClockRows, Curve, Deadline, GANTT_WIDTH, GREEN, GREY, Gantt, Marker, MetricBars, ORANGE,
    PLOT_WIDTH, Progress, RED, Tick,
};
use super::svg::{Anchor, Svg, fit};

pub(super) const WIDTH: u32 = 900;
const INK: &str = "#222222";
const MUTED: &str = "#555555";
const GRID: &str = "#e4e4e4";
const TRACK: &str = "#eeeeee";

/// A bar's fill: solid when the work finished, hatched when it never did.
fn fill(svg: &Svg, progress: Progress) -> String {
    match progress {
        Progress::Met => GREEN.into(),
        Progress::Late => ORANGE.into(),
        Progress::Done => BLUE.into(),
        Progress::Missed => svg.hatch(RED),
        Progress::Running => svg.hatch(GREY),
    }
}

/// The legend of bar fills, in one row from (x, y); returns where the row ends.
fn fill_legend(svg: &mut Svg, x: f64, y: f64, entries: &[(Progress, &str)]) -> f64 {
    entries.iter().fold(x, |x, (progress, words)| {
        let colour = fill(svg, *progress);
        legend_entry(svg, x, y, Some(&colour), words)
    })
}

/// One legend entry at (x, y): a swatch of `fill`, or a black tick without one, and its words;
/// returns where the next entry goes.
fn legend_entry(svg: &mut Svg, x: f64, y: f64, fill: Option<&str>, words: &str) -> f64 {
    match fill {
        Some(fill) => svg.rect(x, y - 10.0, 14.0, 12.0, fill),
        None => svg.line((x + 7.0, y - 12.0), (x + 7.0, y + 2.0), INK, 3.0, false),
    }
    svg.text(x + 18.0, y, words, 12, Anchor::Start, INK, false);
    x + 26.0 + 6.6 * words.chars().count() as f64
}

/// A time axis under a plot from `left` to `right`: vertical grid lines from `top`, and labels.
fn time_axis(svg: &mut Svg, ticks: &[Tick], scale: impl Fn(u64) -> f64, top: f64, bottom: f64) {
    for tick in ticks {
        let x = scale(tick.at);
        svg.line((x, top), (x, bottom), GRID, 1.0, false);
        svg.line((x, bottom), (x, bottom + 4.0), MUTED, 1.0, false);
        svg.text(x, bottom + 16.0, &tick.label, 11, Anchor::Middle, MUTED, false);
    }
}

/// The most characters of a marker's label.
const MARKER_LABEL: usize = 36;

/// Marker labels: joined tags, with a count of the rest when there are many.
fn marker_label(tags: &[String], chars: usize) -> String {
    let shown = if tags.len() > 3 { format!("{} +{}", tags[..3].join(", "), tags.len() - 3) } else { tags.join(", ") };
    fit(&shown, chars)
}

/// A count with its thousands apart: `2 722 000`.
fn grouped(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

/// Which side of the incident curve's panels a strip of markers is on: injects above (triangles),
/// decisions below (circles).
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Above,
    Below,
}

/// A strip of markers whose edge nearest the panels is at `y`: each marker with its label reading
/// away from the panels and a dashed line across them (`across`: their top and bottom); the
/// strip's name at the right.
fn marker_strip(svg: &mut Svg, markers: &[Marker], side: Side, y: f64, x: &dyn Fn(u64) -> f64, across: (f64, f64)) {
    let (name, name_y) = match side {
        Side::Above => ("▼ injects", y - 2.0),
        Side::Below => ("● decisions", y + 10.0),
    };
    let none = if markers.is_empty() { ": none" } else { "" };
    svg.text(x(0) + PLOT_WIDTH as f64 + 14.0, name_y, &format!("{name}{none}"), 12, Anchor::Start, INK, false);
    for marker in markers {
        let mx = x(marker.at);
        let label = marker_label(&marker.tags, MARKER_LABEL);
        match side {
            Side::Above => {
                svg.polygon(&[(mx - 5.0, y - 8.0), (mx + 5.0, y - 8.0), (mx, y)], INK);
                svg.text_up(mx + 4.0, y - 12.0, &label, 11, Anchor::Start, INK);
            }
            Side::Below => {
                svg.circle((mx, y + 5.0), 4.0, INK);
                svg.text_up(mx + 4.0, y + 14.0, &label, 11, Anchor::End, INK);
            }
        }
        svg.line((mx, across.0), (mx, across.1), "#cccccc", 1.0, true);
    }
}

pub(super) fn curve(data: &Curve) -> String {
    const LEFT: f64 = 70.0;
    const PANEL: f64 = 130.0;
    const HEAD: f64 = 22.0;
    let right = LEFT + PLOT_WIDTH as f64;
    let x = |t: u64| LEFT + PLOT_WIDTH as f64 * t as f64 / data.end.max(1) as f64;
    // Each strip of markers is as tall as its longest label.
    let strip = |markers: &[Marker]| {
        let longest = markers.iter().map(|m| marker_label(&m.tags, MARKER_LABEL).chars().count()).max().unwrap_or(0);
        22.0 + 6.2 * longest as f64
    };
    let panels_top = 36.0 + strip(&data.injects);
    let panels_bottom = panels_top + data.panels.len() as f64 * (HEAD + PANEL + 10.0);
    let height = panels_bottom + 30.0 + strip(&data.decisions);
    let mut svg = Svg::new("incident-curve", WIDTH, height as u32, &[]);
    svg.text(12.0, 22.0, "Incident curve", 18, Anchor::Start, INK, true);
    // Injects above the panels, labels reading upwards; decisions below, labels reading down.
    let across = (panels_top, panels_bottom);
    marker_strip(&mut svg, &data.injects, Side::Above, panels_top - 8.0, &x, across);
    marker_strip(&mut svg, &data.decisions, Side::Below, panels_bottom + 30.0, &x, across);
    for (i, panel) in data.panels.iter().enumerate() {
        let head = panels_top + i as f64 * (HEAD + PANEL + 10.0);
        let (top, bottom) = (head + HEAD, head + HEAD + PANEL);
        let y = |v: u64| bottom - PANEL * v as f64 / panel.top.max(1) as f64;
        // The title and, to its right, the legend: above the plot, never on it.
        svg.text(LEFT, head + 14.0, panel.title, 13, Anchor::Start, INK, true);
        let mut lx = LEFT + 14.0 + 7.6 * panel.title.chars().count() as f64;
        for line in &panel.lines {
            svg.line((lx, head + 10.0), (lx + 18.0, head + 10.0), line.colour, 3.0, false);
            svg.text(lx + 22.0, head + 14.0, line.label, 12, Anchor::Start, INK, false);
            lx += 34.0 + 6.6 * line.label.chars().count() as f64;
        }
        for &count in &panel.count_ticks {
            svg.line((LEFT, y(count)), (right, y(count)), GRID, 1.0, false);
            svg.text(LEFT - 6.0, y(count) + 4.0, &grouped(count), 11, Anchor::End, MUTED, false);
        }
        for tick in &data.time_ticks {
            svg.line((x(tick.at), top), (x(tick.at), bottom), GRID, 1.0, false);
        }
        svg.line((LEFT, bottom), (right, bottom), MUTED, 1.0, false);
        svg.line((LEFT, top), (LEFT, bottom), MUTED, 1.0, false);
        // The first line of a panel is drawn wider, so that one the next follows stays in sight.
        for (k, line) in panel.lines.iter().enumerate() {
            let mut points = Vec::with_capacity(line.steps.len() * 2 + 1);
            for (j, &(t, v)) in line.steps.iter().enumerate() {
                if j > 0 {
                    points.push((x(t), y(line.steps[j - 1].1)));
                }
                points.push((x(t), y(v)));
            }
            points.push((right, y(line.steps.last().map_or(0, |s| s.1))));
            svg.polyline(&points, line.colour, if k == 0 { 4.0 } else { 2.0 });
        }
    }
    time_axis(&mut svg, &data.time_ticks, x, panels_bottom, panels_bottom);
    if let Some(at) = data.drill_end {
        svg.line((x(at), panels_top), (x(at), panels_bottom), INK, 2.0, false);
        svg.text(x(at) - 4.0, panels_top + 14.0, "drill ended", 11, Anchor::End, INK, true);
        svg.text(x(at) + 4.0, panels_top + 14.0, "the incident ran on", 11, Anchor::Start, INK, true);
    }
    svg.finish()
}

pub(super) fn gantt(data: &Gantt) -> String {
    const LEFT: f64 = 300.0;
    const RIGHT: f64 = LEFT + GANTT_WIDTH as f64;
    const ROW: f64 = 22.0;
    let x = |t: u64| LEFT + (RIGHT - LEFT) * t as f64 / data.end.max(1) as f64;
    let rows: usize = data.groups.iter().map(|g| g.bars.len() + 1).sum();
    let top = 60.0;
    let bottom = top + rows as f64 * ROW;
    let mut svg = Svg::new("response-timeline", WIDTH, (bottom + 70.0) as u32, &[RED, GREY]);
    svg.text(12.0, 22.0, "Response timeline", 18, Anchor::Start, INK, true);
    svg.text(RIGHT + 6.0, top - 8.0, "deadline", 11, Anchor::Start, MUTED, false);
    svg.text(RIGHT + 6.0, top + 4.0, "after the end", 11, Anchor::Start, MUTED, false);
    time_axis(&mut svg, &data.time_ticks, x, top, bottom);
    let mut y = top;
    for group in &data.groups {
        svg.text(8.0, y + 16.0, &group.title, 13, Anchor::Start, INK, true);
        svg.line((8.0, y + 1.0), (RIGHT, y + 1.0), "#bbbbbb", 1.0, false);
        y += ROW;
        for bar in &group.bars {
            svg.text(20.0, y + 15.0, &fit(&bar.label, 44), 12, Anchor::Start, INK, false);
            let colour = fill(&svg, bar.progress);
            svg.rect(x(bar.from), y + 4.0, (x(bar.to) - x(bar.from)).max(3.0), ROW - 8.0, &colour);
            match bar.deadline {
                Some(Deadline::At(at)) => svg.line((x(at), y + 1.0), (x(at), y + ROW - 1.0), INK, 3.0, false),
                Some(Deadline::PastEnd(_)) => {
                    let when = bar.deadline_label.as_deref().unwrap_or_default();
                    svg.text(RIGHT + 6.0, y + 15.0, &format!("▸ {when}"), 11, Anchor::Start, INK, false);
                }
                None => {}
            }
            y += ROW;
        }
    }
    svg.line((LEFT, bottom), (RIGHT, bottom), MUTED, 1.0, false);
    svg.line((RIGHT, top), (RIGHT, bottom), INK, 2.0, false);
    svg.text(RIGHT - 4.0, top - 8.0, "end of drill", 11, Anchor::End, INK, true);
    let legend = [
        (Progress::Met, "met"),
        (Progress::Late, "late"),
        (Progress::Done, "done, no deadline"),
        (Progress::Missed, "missed, not done"),
        (Progress::Running, "not done, not yet due"),
    ];
    let lx = fill_legend(&mut svg, 12.0, bottom + 50.0, &legend);
    legend_entry(&mut svg, lx, bottom + 50.0, None, "deadline or target");
    svg.finish()
}

pub(super) fn metrics(data: &MetricBars) -> String {
    const LEFT: f64 = 290.0;
    const RIGHT: f64 = 700.0;
    const ROW: f64 = 26.0;
    let (lo, hi) = ((data.min.max(1) as f64).ln(), (data.max.max(2) as f64).ln());
    let x = |s: u64| LEFT + (RIGHT - LEFT) * (((s.max(data.min).max(1) as f64).ln() - lo) / (hi - lo).max(1e-9));
    let top = 60.0;
    let bottom = top + data.rows.len() as f64 * ROW;
    let mut svg = Svg::new("metrics", WIDTH, (bottom + 70.0) as u32, &[GREY]);
    svg.text(12.0, 22.0, "Time metrics against the plan's targets (logarithmic scale)", 18, Anchor::Start, INK, true);
    time_axis(&mut svg, &data.ticks, x, top, bottom);
    let drill = x(data.drill_length);
    svg.line((drill, top - 4.0), (drill, bottom), INK, 1.5, true);
    svg.text(drill, top - 8.0, "drill's length", 11, Anchor::Middle, INK, true);
    for (i, row) in data.rows.iter().enumerate() {
        let y = top + i as f64 * ROW;
        svg.text(8.0, y + 17.0, &fit(&row.name, 40), 12, Anchor::Start, INK, false);
        match (row.value, row.progress) {
            (Some(value), Some(progress)) => {
                let colour = fill(&svg, progress);
                svg.rect(LEFT, y + 5.0, (x(value) - LEFT).max(3.0), ROW - 10.0, &colour);
            }
            _ => {
                let hatch = svg.hatch(GREY);
                svg.rect(LEFT, y + 7.0, drill - LEFT, ROW - 14.0, &hatch);
            }
        }
        if let Some(target) = row.target {
            svg.line((x(target), y + 2.0), (x(target), y + ROW - 2.0), INK, 3.0, false);
        }
        let words = match &row.target_label {
            Some(target) => format!("{} · {target}", row.value_label),
            None => row.value_label.clone(),
        };
        svg.text(RIGHT + 36.0, y + 17.0, &fit(&words, 30), 11, Anchor::Start, INK, false);
    }
    svg.line((LEFT, bottom), (RIGHT, bottom), MUTED, 1.0, false);
    let legend = [(Progress::Met, "within target"), (Progress::Late, "over target"), (Progress::Done, "no target")];
    let lx = fill_legend(&mut svg, 12.0, bottom + 50.0, &legend);
    let hatch = svg.hatch(GREY);
    let lx = legend_entry(&mut svg, lx, bottom + 50.0, Some(&hatch), "not reached by the drill's end");
    legend_entry(&mut svg, lx, bottom + 50.0, None, "target");
    svg.finish()
}

pub(super) fn clocks(data: &ClockRows) -> String {
    const LEFT: f64 = 290.0;
    const WINDOW: f64 = 460.0;
    const OVER: f64 = 60.0;
    const ROW: f64 = 52.0;
    let top = 60.0;
    let bottom = top + data.rows.len() as f64 * ROW;
    let mut svg = Svg::new("clocks", WIDTH, (bottom + 50.0) as u32, &[RED, GREY]);
    svg.text(12.0, 22.0, "Notification clocks: each clock's window, start to deadline", 18, Anchor::Start, INK, true);
    for (label, share) in [("start", 0.0), ("¼", 0.25), ("½", 0.5), ("¾", 0.75)] {
        let gx = LEFT + WINDOW * share;
        svg.line((gx, top - 4.0), (gx, bottom), GRID, 1.0, false);
        svg.text(gx, top - 8.0, label, 11, Anchor::Middle, MUTED, false);
    }
    svg.text(LEFT + WINDOW, top - 8.0, "deadline", 11, Anchor::End, INK, true);
    svg.text(LEFT + WINDOW + 6.0, top - 8.0, "past it", 11, Anchor::Start, MUTED, false);
    for (i, row) in data.rows.iter().enumerate() {
        clock_row(&mut svg, row, top + i as f64 * ROW, (LEFT, WINDOW, OVER));
    }
    let legend = [
        (Progress::Met, "notified on time"),
        (Progress::Late, "notified late"),
        (Progress::Missed, "not notified, deadline passed"),
        (Progress::Running, "not notified, still running"),
    ];
    fill_legend(&mut svg, 12.0, bottom + 30.0, &legend);
    svg.finish()
}

/// One clock: its window as a track, the time used filled, the overflow past the deadline cut
/// short at a break, and its dates and outcome in words beneath.
fn clock_row(svg: &mut Svg, row: &ClockRow, y: f64, (left, window, over): (f64, f64, f64)) {
    svg.text(8.0, y + 16.0, &fit(&row.regulation, 38), 12, Anchor::Start, INK, true);
    svg.text(8.0, y + 32.0, &format!("to {}", row.notify), 12, Anchor::Start, MUTED, false);
    svg.rect(left, y + 4.0, window, 16.0, TRACK);
    let share = row.used as f64 / row.window.max(1) as f64;
    let width = if share <= 1.0 { window * share } else { window + over * 0.8 };
    let colour = fill(svg, row.progress);
    svg.rect(left, y + 4.0, width.max(3.0), 16.0, &colour);
    if share > 1.0 {
        // A break: the bar goes on past the deadline further than the scale shows.
        let bx = left + window + over * 0.4;
        svg.polygon(&[(bx - 3.0, y + 2.0), (bx + 1.0, y + 2.0), (bx + 5.0, y + 22.0), (bx + 1.0, y + 22.0)], "#ffffff");
    }
    svg.line((left + window, y), (left + window, y + 24.0), INK, 3.0, false);
    let words = format!("{} → {} · {}", row.started, row.deadline, row.note);
    svg.text(left, y + 36.0, &fit(&words, 96), 11, Anchor::Start, INK, false);
}
