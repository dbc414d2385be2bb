//! The report's charts, drawn with plotters as SVG (text as SVG text, so no font is needed to
//! draw them) and rasterised to PNG with resvg and a font built into ttx — no system fonts.

use crate::evaluate::Evaluation;
use crate::evaluate::model::Status;
use crate::timeline::{EventKind, Situation, Timeline};
use plotters::prelude::*;
use std::sync::{Arc, OnceLock};

/// DejaVu Sans (free licence, see assets/fonts/LICENSE), for text in PNG charts.
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const WIDTH: u32 = 900;

/// A chart: file stem, caption and SVG text.
pub struct Chart {
    pub name: &'static str,
    pub caption: &'static str,
    pub svg: String,
}

/// Every chart of a report.
pub fn draw(evaluation: &Evaluation, timeline: &Timeline) -> Vec<Chart> {
    vec![
        Chart {
            name: "incident-curve",
            caption: "Incident curve: hosts compromised, encrypted, isolated and restored over time; \
                      injects (triangles, top) and decisions (circles, bottom)",
            svg: incident_curve(evaluation, timeline),
        },
        Chart {
            name: "response-timeline",
            caption: "Response timeline: the phases (blue; grey if never reached) and each triggered plan step by owner \
                      role, from its trigger to when it was done; the tick marks the target or deadline (green met, \
                      orange late, red missed or not done)",
            svg: response_timeline(evaluation),
        },
        Chart {
            name: "metrics",
            caption: "Time metrics against the plan's targets (bar: measured; black tick: target; grey: not reached)",
            svg: metrics(evaluation),
        },
        Chart {
            name: "clocks",
            caption: "Notification clocks: from start to deadline (grey), with the notification (green on time, red late)",
            svg: clocks(evaluation),
        },
    ]
}

fn hours(seconds: u64) -> f64 {
    seconds as f64 / 3_600.0
}

fn status_colour(status: Status) -> RGBColor {
    match status {
        Status::Met => RGBColor(46, 139, 87),
        Status::Late => RGBColor(230, 145, 30),
        _ => RGBColor(200, 40, 40),
    }
}

/// Draws into an SVG string; a drawing error leaves a chart that says so instead.
fn svg(
    height: u32,
    paint: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), String>,
) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        let drawn = root.fill(&WHITE).map_err(|e| e.to_string()).and_then(|_| paint(&root));
        if let Err(e) = drawn {
            let _ = root.fill(&WHITE);
            let _ =
                root.draw_text(&format!("chart not drawn: {e}"), &("sans-serif", 14).into_text_style(&root), (10, 20));
        }
        let _ = root.present();
    }
    out
}

/// A line of the incident curve: its label, colour and the count it plots.
type Series = (&'static str, RGBColor, fn(&Situation) -> u64);

fn incident_curve(evaluation: &Evaluation, timeline: &Timeline) -> String {
    // The whole incident: past the drill's end when it ran on hidden, with the end marked.
    let drill_end = evaluation.run.ran_on.as_ref().map(|_| hours(evaluation.run.ended_at));
    let end = hours(evaluation.run.ran_on.as_ref().map_or(evaluation.run.ended_at, |r| r.ended_at)).max(0.25);
    let mut situations: Vec<(f64, Situation)> = vec![(0.0, Situation::default())];
    for event in &timeline.events {
        if let EventKind::Situation(s) = event.kind {
            situations.push((hours(event.time), s));
        }
    }
    let top = situations.iter().map(|(_, s)| s.compromised.max(s.isolated).max(s.restored)).max().unwrap_or(0).max(1);
    let marks = |f: fn(&EventKind) -> bool| -> Vec<f64> {
        timeline.events.iter().filter(|e| e.visible && f(&e.kind)).map(|e| hours(e.time)).collect()
    };
    let injects = marks(|k| matches!(k, EventKind::InjectDelivered { .. }));
    let decisions = marks(|k| matches!(k, EventKind::DecisionTaken { .. }));
    svg(420, |root| {
        let y_top = top as f64 * 1.1;
        let mut chart = ChartBuilder::on(root)
            .caption("Incident curve", ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..end, 0.0..y_top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("hours since start")
            .y_desc("hosts")
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(|e| e.to_string())?;
        let series: [Series; 4] = [
            ("compromised", RGBColor(200, 40, 40), |s| s.compromised),
            ("encrypted", RGBColor(110, 20, 120), |s| s.encrypted),
            ("isolated", RGBColor(30, 100, 200), |s| s.isolated),
            ("restored", RGBColor(46, 139, 87), |s| s.restored),
        ];
        for (label, colour, count) in series {
            let mut points = Vec::new();
            for (i, (t, s)) in situations.iter().enumerate() {
                if i > 0 {
                    points.push((*t, count(&situations[i - 1].1) as f64));
                }
                points.push((*t, count(s) as f64));
            }
            points.push((end, situations.last().map_or(0.0, |(_, s)| count(s) as f64)));
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(2)))
                .map_err(|e| e.to_string())?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2)));
        }
        chart
            .draw_series(
                injects.iter().map(|&t| TriangleMarker::new((t, y_top * 0.97), 6, RGBColor(90, 90, 90).filled())),
            )
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(decisions.iter().map(|&t| Circle::new((t, y_top * 0.02), 4, RGBColor(30, 30, 30).filled())))
            .map_err(|e| e.to_string())?;
        if let Some(at) = drill_end {
            let grey = RGBColor(120, 120, 120);
            chart
                .draw_series(LineSeries::new(vec![(at, 0.0), (at, y_top)], grey.stroke_width(2)))
                .map_err(|e| e.to_string())?
                .label("drill ended; the incident ran on")
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], grey.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(|e| e.to_string())
    })
}

/// Horizontal bars, one row per item: (label, start, end, marker, colour), in hours.
type Row = (String, f64, f64, Option<f64>, RGBColor);

/// Bars from 0 to `end` hours; `drill_end` draws a line where the drill ended.
fn bars(title: &str, rows: Vec<Row>, end: f64, drill_end: Option<f64>) -> String {
    let height = 90 + 26 * rows.len().max(1) as u32;
    svg(height, |root| {
        if rows.is_empty() {
            return root
                .draw_text(&format!("{title}: nothing to show"), &("sans-serif", 16).into_text_style(root), (12, 30))
                .map_err(|e| e.to_string());
        }
        let count = rows.len();
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(230)
            .build_cartesian_2d(0.0..end, (0..count).into_segmented())
            .map_err(|e| e.to_string())?;
        let labels: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc("hours since start")
            .y_labels(count)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, (_, from, to, marker, colour)) in rows.iter().enumerate() {
            let (from, to) = (*from, to.max(*from + end * 0.004));
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(from, SegmentValue::Exact(i)), (to, SegmentValue::Exact(i + 1))],
                    colour.mix(0.8).filled(),
                )))
                .map_err(|e| e.to_string())?;
            if let Some(m) = marker {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(*m, SegmentValue::Exact(i)), (*m, SegmentValue::Exact(i + 1))],
                        BLACK.stroke_width(3),
                    )))
                    .map_err(|e| e.to_string())?;
            }
        }
        if let Some(x) = drill_end {
            let blue = RGBColor(30, 60, 160);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, SegmentValue::Exact(0)), (x, SegmentValue::Exact(count))],
                    blue.stroke_width(2),
                )))
                .map_err(|e| e.to_string())?;
            let label = ("sans-serif", 12).into_font().color(&blue).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Right,
                plotters::style::text_anchor::VPos::Top,
            ));
            chart
                .draw_series(std::iter::once(Text::new("end of drill ", (x, SegmentValue::Exact(count)), label)))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

fn response_timeline(evaluation: &Evaluation) -> String {
    let end = hours(evaluation.run.ended_at).max(0.25);
    let mut steps: Vec<_> = evaluation.steps.iter().filter(|s| s.triggered_at.is_some()).collect();
    steps.sort_by(|a, b| (&a.owner, a.triggered_at).cmp(&(&b.owner, b.triggered_at)));
    // The phases first: from their start to their end point, or to the end if never reached.
    let run = &evaluation.run;
    let metric = |id: &str| evaluation.metrics.iter().find(|m| m.id == id);
    let phase = |name: &str, from: Option<u64>, id: &str| -> Option<Row> {
        let from = from?;
        let m = metric(id)?;
        let to = m.value.map_or(end, |v| hours(from.saturating_add(v)));
        let colour = if m.value.is_some() { RGBColor(30, 100, 200) } else { RGBColor(190, 190, 190) };
        Some((format!("phase · {name}"), hours(from), to, m.target.map(|t| hours(from.saturating_add(t))), colour))
    };
    let phases = [
        phase("detection", run.first_compromise, "detect"),
        phase("containment", run.first_detection, "contain"),
        phase("eradication", run.first_detection, "eradicate"),
        phase("recovery", run.first_detection, "recover"),
    ];
    let rows = phases
        .into_iter()
        .flatten()
        .chain(steps.iter().map(|s| {
            let start = hours(s.triggered_at.unwrap_or(0));
            let finish = s.done_at.map_or(end, |d| hours(d).max(start));
            let colour = if s.status == Status::Pending { RGBColor(150, 150, 150) } else { status_colour(s.status) };
            (format!("{} · {}/{}", s.owner, s.playbook, s.step), start, finish, s.due.map(hours), colour)
        }))
        .collect();
    bars("Response timeline by role", rows, end, None)
}

fn metrics(evaluation: &Evaluation) -> String {
    let end = hours(evaluation.run.ended_at).max(0.25);
    let rows: Vec<Row> = evaluation
        .metrics
        .iter()
        .map(|m| {
            let (to, colour) = match m.value {
                Some(v) => {
                    (hours(v), if m.target.is_some() { status_colour(m.status) } else { RGBColor(30, 100, 200) })
                }
                None => (end, RGBColor(190, 190, 190)),
            };
            (m.id.clone(), 0.0, to, m.target.map(hours), colour)
        })
        .collect();
    let longest = rows.iter().map(|r| r.2.max(r.3.unwrap_or(0.0))).fold(end, f64::max);
    bars("Time metrics against targets (hours)", rows, longest * 1.05, Some(end))
}

fn clocks(evaluation: &Evaluation) -> String {
    let started: Vec<_> = evaluation.clocks.iter().filter(|c| c.started_at.is_some()).collect();
    let end =
        started.iter().filter_map(|c| c.deadline).map(hours).fold(hours(evaluation.run.ended_at), f64::max).max(0.25)
            * 1.05;
    let rows = started
        .iter()
        .flat_map(|c| {
            let start = hours(c.started_at.unwrap_or(0));
            let deadline = hours(c.deadline.unwrap_or(0));
            let window = (c.id.clone(), start, deadline, None, RGBColor(200, 200, 200));
            let told = c.notified_at.map(|n| {
                let colour =
                    if c.status == Status::Met { status_colour(Status::Met) } else { status_colour(Status::Missed) };
                (format!("{} notified", c.id), start, hours(n), Some(deadline), colour)
            });
            std::iter::once(window).chain(told)
        })
        .collect();
    bars("Notification clocks (hours since start)", rows, end, Some(hours(evaluation.run.ended_at)))
}

/// Rasterises a chart's SVG to PNG with the built-in font.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        Arc::new(db)
    });
    let options = resvg::usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: fonts.clone(),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("empty chart")?;
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}
