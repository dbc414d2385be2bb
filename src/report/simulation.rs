//! `ttx simulate --out DIR`: the campaign as a self-contained page — for one plan or two side by
//! side, the cumulative distribution of every key time metric that was reached (targets dashed),
//! the histograms of time to contain and of the harm averted, the notification clocks' outcomes,
//! the paired differences and the summary's tables — with each chart also as its own SVG file.

use super::campaign_charts::{Series, cdf, clocks, histogram};
use super::document::{Block, Document};
use crate::campaign::summary::{CLOCK_HEAD, METRIC_HEAD, percent};
use crate::campaign::{ComparisonSummary, Summary, Tally};
use crate::evaluate::model::Status;
use crate::wording::signed_minutes;

/// One plan's campaign: its counts and their summary.
pub struct Plotted<'a> {
    pub tally: &'a Tally,
    pub summary: &'a Summary,
}

/// The time metrics charted, in the order of an incident.
const KEY_METRICS: [&str; 6] = ["detect", "acknowledge", "escalate", "contain", "eradicate", "recover"];

/// The page, and its charts as (file name, SVG).
pub fn page(plans: &[Plotted], paired: Option<&ComparisonSummary>) -> (String, Vec<(String, String)>) {
    let first = plans[0].summary;
    let title = format!("Simulation: {} — {} runs from seed {}", first.scenario, first.runs, first.seed);
    let mut doc = Document { title, blocks: Vec::new() };
    if first.partial {
        doc.paragraph("Partial: stopped before every run was played; the figures are those of the runs done.");
    }
    let responses: Vec<String> = plans.iter().map(|p| format!("{}: {}", p.summary.plan, p.summary.response)).collect();
    doc.paragraph(format!("Response — {}.", responses.join("; ")));
    let mut charts = Vec::new();
    let mut chart = |doc: &mut Document, name: String, caption: String, svg: String| {
        doc.blocks.push(Block::Chart { name: name.clone(), caption, svg: svg.clone() });
        charts.push((format!("{name}.svg"), svg));
    };

    if let Some(both) = paired {
        doc.heading(2, format!("{} (A) against {} (B), on the same seeds", both.a.plan, both.b.plan));
        doc.table(&PAIRED_HEAD, paired_cells(both));
        doc.paragraph(
            "B − A is the mean over the runs in which both plans reached the metric; \"B ahead\" counts every run \
             in which one plan was ahead, faster or there when the other never got there. An interval that \
             excludes zero (or one half) is a difference the seeds do not explain.",
        );
    }

    doc.heading(2, "Time metrics");
    for id in KEY_METRICS {
        let series = series_of(plans, id);
        // Due in no run: nothing to draw. Due and never reached: the flat line says so.
        if series.iter().all(|s| s.of == 0) {
            continue;
        }
        let name = first.metrics.iter().find(|m| m.id == id).map_or(id.to_string(), |m| m.name.clone());
        let target = plans[0].tally.targets.get(id).copied();
        let caption = format!(
            "{name}: of the runs it was due in, the share that had reached it by each time; runs that never did \
             keep the curve below 100 %{}",
            if target.is_some() { ". The dashed line is the first plan's target" } else { "" }
        );
        chart(&mut doc, format!("{id}-cdf"), caption, cdf(&name, &series, target));
        if id == "contain" && series.iter().all(|s| s.values.is_empty()) {
            doc.paragraph("No run was contained before the drill ended: no histogram of time to contain.");
        } else if id == "contain" {
            let width = hour_bins(&series);
            let svg = histogram(
                "Time to contain: runs per bin",
                &series,
                width,
                None,
                3_600.0,
                "hours from the first signal",
            );
            let caption =
                format!("Time to contain, runs per {}-hour bin, over the runs that were contained", width / 3_600);
            chart(&mut doc, "contain-histogram".into(), caption, svg);
        }
    }

    doc.heading(2, "Harm averted");
    let averted: Vec<Series> =
        plans.iter().map(|p| Series { label: &p.summary.plan, values: &p.tally.averted, of: p.tally.runs }).collect();
    let svg = histogram(
        "Share of the no-response harm averted",
        &averted,
        100,
        Some(1_000),
        10.0,
        "% of the baseline's harm averted",
    );
    let caption = "Runs per tenth of the baseline's harm averted: 100 % means the response did no harm the \
                   incident would have done unanswered";
    chart(&mut doc, "averted-histogram".into(), caption.into(), svg);

    doc.heading(2, "Notification clocks");
    let started: Vec<(&str, &[crate::campaign::summary::ClockSummary])> =
        plans.iter().map(|p| (p.summary.plan.as_str(), p.summary.clocks.as_slice())).collect();
    if started.iter().any(|(_, c)| c.iter().any(|c| c.started > 0.0)) {
        let caption = "Of the runs each clock started in: met, late, missed, or still running when the drill ended";
        chart(&mut doc, "clocks".into(), caption.into(), clocks(&started));
    } else {
        doc.paragraph("No notification clock that binds the organisation started in any run: nothing to chart.");
    }

    for plan in plans {
        let summary = plan.summary;
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
    (doc.to_html(), charts)
}

const PAIRED_HEAD: [&str; 7] =
    ["metric", "B − A (mean)", "95 % interval", "pairs", "only A reached", "only B reached", "B ahead (95 %)"];

fn paired_cells(both: &ComparisonSummary) -> Vec<Vec<String>> {
    (both.paired.iter())
        .map(|p| {
            vec![
                p.name.clone(),
                p.mean_difference.map_or("—".into(), signed_minutes),
                p.ci95.map_or("—".into(), |(lo, hi)| format!("{} to {}", signed_minutes(lo), signed_minutes(hi))),
                p.pairs.to_string(),
                p.only_a.to_string(),
                p.only_b.to_string(),
                p.ahead(),
            ]
        })
        .collect()
}

/// Each plan's values of a metric, over the runs it was due in.
fn series_of<'a>(plans: &'a [Plotted], id: &str) -> Vec<Series<'a>> {
    plans
        .iter()
        .filter_map(|p| {
            let counted = p.tally.metrics.get(id)?;
            let idle = counted.statuses.get(&Status::NotTriggered).copied().unwrap_or(0);
            Some(Series { label: &p.summary.plan, values: &counted.values, of: p.tally.runs - idle })
        })
        .collect()
}

/// A bin width in whole hours that gives at most about 24 bins over the values.
fn hour_bins(series: &[Series]) -> u64 {
    let last = series.iter().filter_map(|s| s.values.quantile(1.0)).max().unwrap_or(0);
    let hours = last.div_ceil(3_600).max(1);
    hours.div_ceil(24).max(1) * 3_600
}
