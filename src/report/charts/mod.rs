//! The report's charts: what each shows is computed as plain data (`data`), then drawn as SVG by
//! hand (`draw`, `svg`; text as SVG text in DejaVu Sans) and rasterised to PNG with resvg and that
//! font built into ttx — no system fonts. A chart with nothing to show is left out, and the report
//! says so in a sentence (`instead`).

mod data;
mod draw;
mod svg;

pub use data::{ChartData, compute};

use crate::evaluate::Evaluation;
use crate::timeline::Timeline;
use data::{BLUE, GREEN, GREY, ORANGE, PURPLE, RED};
use rayon::prelude::*;
use std::sync::{Arc, OnceLock};

/// DejaVu Sans (free licence, see assets/fonts/LICENSE), for text in PNG charts.
const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// A chart: file stem, caption and SVG text.
pub struct Chart {
    pub name: &'static str,
    pub caption: String,
    pub svg: String,
}

/// The charts of a report that have something to show, in report order.
pub fn draw(evaluation: &Evaluation, timeline: &Timeline) -> Vec<Chart> {
    let data = compute(evaluation, timeline);
    let mut charts = vec![Chart {
        name: "incident-curve",
        caption: curve_caption(&data.incident_curve),
        svg: draw::curve(&data.incident_curve),
    }];
    if let Some(gantt) = &data.response_timeline {
        charts.push(Chart {
            name: "response-timeline",
            caption: "Response timeline at local clock time: the phases of the response, then each triggered plan \
                      step under its owner role, from its trigger to when it was done. Solid green: met; solid \
                      orange: late; solid blue: done, with no deadline. Work not done by the drill's end runs to \
                      the end hatched: red when its deadline passed, grey when not yet due. Black ticks mark \
                      deadlines and targets; ▸ gives a deadline after the drill's end."
                .into(),
            svg: draw::gantt(gantt),
        });
    }
    if let Some(bars) = &data.metrics {
        charts.push(Chart {
            name: "metrics",
            caption: "Time metrics against the plan's targets, on a logarithmic scale so that short times stay \
                      visible: bars green within target, orange over it, blue with no target; black ticks the \
                      targets; each value and target written at the right. A metric not reached by the drill's \
                      end is a hatched grey band to the drill's length (dashed line)."
                .into(),
            svg: draw::metrics(bars),
        });
    }
    if let Some(rows) = &data.clocks {
        charts.push(Chart {
            name: "clocks",
            caption: "Notification clocks that started, each drawn as its own window from its start (left) to its \
                      deadline (black tick), so that a 60-day clock and a 24-hour one read alike: green notified on \
                      time, orange notified late, hatched red not notified with the deadline passed, hatched grey \
                      not notified and still running at the drill's end; a white break marks time past the \
                      deadline. Start, deadline and outcome are written beneath each clock."
                .into(),
            svg: draw::clocks(rows),
        });
    }
    charts
}

/// The sentence a report gives in place of a chart that `draw` left out for having nothing to show.
pub fn instead(name: &str) -> &'static str {
    match name {
        "response-timeline" => "No response timeline: no phase of the response began and no plan step was triggered.",
        "metrics" => "No metrics chart: the plan measures no time metric.",
        "clocks" => "No notification clock started during the drill, so there is no clocks chart.",
        _ => "This chart has nothing to show.",
    }
}

/// The incident curve's caption: its panels and their colours, as drawn.
fn curve_caption(curve: &data::Curve) -> String {
    let panels: Vec<String> = curve
        .panels
        .iter()
        .map(|p| {
            let lines: Vec<String> = match p.lines.as_slice() {
                [one] => vec![colour_name(one.colour).to_string()],
                many => many.iter().map(|l| format!("{} {}", l.label, colour_name(l.colour))).collect(),
            };
            format!("{} ({})", p.title.to_lowercase(), lines.join(", "))
        })
        .collect();
    let ran_on = if curve.drill_end.is_some() {
        " A black line marks where the drill ended; the incident ran on after it, hidden from the players."
    } else {
        ""
    };
    format!(
        "Incident curve at local clock time, in panels: {}. Injects (triangles, top) are labelled with \
         their id and decisions (circles, bottom) with their action; dashed lines carry them across the panels.{ran_on}",
        panels.join("; ")
    )
}

fn colour_name(colour: &str) -> &'static str {
    match colour {
        RED => "red",
        PURPLE => "purple",
        BLUE => "blue",
        GREEN => "green",
        ORANGE => "orange",
        GREY => "grey",
        _ => "",
    }
}

/// Each chart as PNG, rasterised in parallel, in the charts' order; `None` where one failed.
pub fn pngs(charts: &[Chart]) -> Vec<Option<Vec<u8>>> {
    charts.par_iter().map(|chart| png(&chart.svg).ok()).collect()
}

/// Rasterises a chart's SVG to PNG with the built-in font.
fn png(svg: &str) -> Result<Vec<u8>, String> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        db.set_sans_serif_family(svg::FONT_FAMILY);
        Arc::new(db)
    });
    let options = resvg::usvg::Options {
        font_family: svg::FONT_FAMILY.into(),
        fontdb: fonts.clone(),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("empty chart")?;
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}
