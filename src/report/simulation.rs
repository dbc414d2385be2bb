//! `ttx simulate --out DIR`: the campaign as a self-contained page — the summary's tables and
//! the cumulative distribution of time to contain over the runs the adversary got into (one
//! curve per plan, the target marked) — with the chart as its own SVG file.

use super::document::{Block, Document};
use crate::campaign::summary::{CLOCK_HEAD, METRIC_HEAD, percent};
use crate::campaign::{ComparisonSummary, Summary};
use crate::wording::signed_minutes;
use plotters::prelude::*;

/// One plan's curve: the share of the runs with something to contain that were contained by
/// each time.
pub struct Curve {
    pub label: String,
    pub points: Vec<(u64, f64)>,
}

/// The chart's file stem.
pub const CHART: &str = "contain-cdf";

/// The page and its chart, for one plan or two.
pub fn page(
    summaries: &[&Summary],
    paired: Option<&ComparisonSummary>,
    curves: &[Curve],
    target: Option<u64>,
) -> (String, String) {
    let svg = cdf(curves, target);
    let first = summaries[0];
    let title = format!("Simulation: {} — {} runs from seed {}", first.scenario, first.runs, first.seed);
    let mut doc = Document { title, blocks: Vec::new() };
    if first.partial {
        doc.paragraph("Partial: stopped before every run was played; the figures are those of the runs done.");
    }
    doc.blocks.push(Block::Chart {
        name: CHART.into(),
        caption: "Time to contain: of the runs in which the adversary got in, the share contained by each time \
                  (runs never contained keep the curve below 100 %); the dashed line is the first plan's target"
            .into(),
        svg: svg.clone(),
    });
    if let Some(both) = paired {
        doc.heading(2, format!("{} (A) against {} (B): paired differences", both.a.plan, both.b.plan));
        let rows = both
            .paired
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.mean_difference.map_or("—".into(), signed_minutes),
                    p.ci95.map_or("—".into(), |(lo, hi)| format!("{} to {}", signed_minutes(lo), signed_minutes(hi))),
                    p.pairs.to_string(),
                    p.only_a.to_string(),
                    p.only_b.to_string(),
                ]
            })
            .collect();
        doc.table(&["metric", "B − A (mean)", "95 % interval", "pairs", "only A reached", "only B reached"], rows);
    }
    for summary in summaries {
        doc.heading(2, format!("Plan {}", summary.plan));
        doc.table(&METRIC_HEAD, summary.metric_cells());
        doc.table(&CLOCK_HEAD, summary.clock_cells());
        let v = |x: Option<f64>, f: &dyn Fn(f64) -> String| x.map_or("—".into(), f);
        doc.paragraph(format!(
            "Readiness score: p10 {}, median {}, p90 {}. Harm averted: p10 {}, median {}, p90 {}.",
            v(summary.score.p10, &|x| format!("{x:.0}")),
            v(summary.score.p50, &|x| format!("{x:.0}")),
            v(summary.score.p90, &|x| format!("{x:.0}")),
            v(summary.averted.p10, &percent),
            v(summary.averted.p50, &percent),
            v(summary.averted.p90, &percent),
        ));
    }
    (doc.to_html(), svg)
}

/// The cumulative distributions, hours on the x axis, with the target as a dashed line.
fn cdf(curves: &[Curve], target: Option<u64>) -> String {
    let hours = |s: u64| s as f64 / 3_600.0;
    let end = curves.iter().flat_map(|c| c.points.last()).map(|(s, _)| hours(*s)).fold(1.0, f64::max) * 1.05;
    let colours = [RGBColor(30, 100, 200), RGBColor(200, 40, 40)];
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (900, 420)).into_drawing_area();
        let drawn = (|| -> Result<(), String> {
            root.fill(&WHITE).map_err(|e| e.to_string())?;
            let mut chart = ChartBuilder::on(&root)
                .caption("Time to contain", ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(36)
                .y_label_area_size(56)
                .build_cartesian_2d(0.0..end, 0.0..100.0)
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .x_desc("hours from the first signal")
                .y_desc("% of runs contained")
                .draw()
                .map_err(|e| e.to_string())?;
            for (curve, colour) in curves.iter().zip(colours) {
                let mut steps = vec![(0.0, 0.0)];
                let mut last = 0.0;
                for (s, share) in &curve.points {
                    steps.push((hours(*s), last));
                    last = share * 100.0;
                    steps.push((hours(*s), last));
                }
                steps.push((end, last));
                chart
                    .draw_series(LineSeries::new(steps, colour.stroke_width(2)))
                    .map_err(|e| e.to_string())?
                    .label(curve.label.clone())
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2)));
            }
            if let Some(t) = target {
                let dashes = (0..20).map(|i| {
                    let (a, b) = (i as f64 * 5.0, i as f64 * 5.0 + 2.5);
                    PathElement::new(vec![(hours(t), a), (hours(t), b)], BLACK.stroke_width(1))
                });
                chart.draw_series(dashes).map_err(|e| e.to_string())?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::LowerRight)
                .background_style(WHITE.mix(0.9))
                .border_style(BLACK)
                .draw()
                .map_err(|e| e.to_string())
        })();
        if let Err(e) = drawn {
            let _ =
                root.draw_text(&format!("chart not drawn: {e}"), &("sans-serif", 14).into_text_style(&root), (10, 20));
        }
        let _ = root.present();
    }
    out
}
