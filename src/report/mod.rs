//! Reports: the evaluation written out as `evaluation.json`, `report.md`, a self-contained
//! `report.html`, `improvement-plan.csv` and charts (SVG and PNG). Built from plain data; never
//! touches the engine.

mod aar;
mod campaign_charts;
mod charts;
pub mod document;
mod run_folder;
pub mod simulation;

pub use charts::{ChartData, compute as chart_data};
pub use document::{html, md};
pub use run_folder::report_run;

use crate::compile::Compiled;
use crate::evaluate::Evaluation;
use crate::timeline::Timeline;

/// A report format, as `--format` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Json,
    /// The charts as PNG images, only on request: the reports inline or link the SVGs.
    Png,
}

impl Format {
    /// What a run folder gets unless asked otherwise: every format but the PNGs.
    pub const ALL: &'static [Format] = &[Format::Md, Format::Html, Format::Json];
}

/// The report files for the formats asked for, as (file name, contents). `evaluation.json` comes
/// with Markdown, HTML and JSON; the charts' SVGs and `improvement-plan.csv` with Markdown and
/// HTML; the charts' PNGs with `png` alone, rasterised in parallel.
pub fn render(
    compiled: &Compiled,
    evaluation: &Evaluation,
    timeline: &Timeline,
    formats: &[Format],
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    if formats.iter().any(|f| matches!(f, Format::Md | Format::Html | Format::Json)) {
        let json = serde_json::to_string_pretty(evaluation).unwrap_or_default() + "\n";
        files.push(("evaluation.json".to_string(), json.into_bytes()));
    }
    let text = formats.iter().any(|f| matches!(f, Format::Md | Format::Html));
    let png = formats.contains(&Format::Png);
    if !text && !png {
        return files;
    }
    let charts = charts::draw(evaluation, timeline);
    if png {
        for (chart, png) in charts.iter().zip(charts::pngs(&charts)) {
            files.extend(png.map(|png| (format!("{}.png", chart.name), png)));
        }
    }
    if text {
        let document = aar::document(compiled, evaluation, timeline, &charts);
        let plan = aar::improvement_plan_csv(&compiled.plan, evaluation);
        files.push(("improvement-plan.csv".into(), plan.into_bytes()));
        if formats.contains(&Format::Md) {
            files.push(("report.md".into(), document.to_markdown().into_bytes()));
        }
        if formats.contains(&Format::Html) {
            files.push(("report.html".into(), document.to_html().into_bytes()));
        }
        files.extend(charts.into_iter().map(|chart| (format!("{}.svg", chart.name), chart.svg.into_bytes())));
    }
    files
}
