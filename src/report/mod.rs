//! Reports: the evaluation written out as `evaluation.json`, `report.md`, a self-contained
//! `report.html` and charts (SVG and PNG). Built from plain data; never touches the engine.

mod aar;
mod campaign_charts;
mod charts;
mod document;
mod run_folder;
pub mod simulation;

pub use charts::{ChartData, compute as chart_data};
pub use document::{html, md};
pub use run_folder::report_run;

use crate::evaluate::Evaluation;
use crate::scenario::model::Scenario;
use crate::timeline::Timeline;

/// A report format, as `--format` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Json,
}

impl Format {
    pub const ALL: &'static [Format] = &[Format::Md, Format::Html, Format::Json];
}

/// The report files for the formats asked for, as (file name, contents). `evaluation.json` is
/// always among them; charts come with Markdown and HTML.
pub fn render(
    scenario: &Scenario,
    evaluation: &Evaluation,
    timeline: &Timeline,
    formats: &[Format],
) -> Vec<(String, Vec<u8>)> {
    let json = serde_json::to_string_pretty(evaluation).unwrap_or_default() + "\n";
    let mut files = vec![("evaluation.json".to_string(), json.into_bytes())];
    if !formats.iter().any(|f| matches!(f, Format::Md | Format::Html)) {
        return files;
    }
    let charts = charts::draw(evaluation, timeline);
    let document = aar::document(scenario, evaluation, timeline, &charts);
    if formats.contains(&Format::Md) {
        files.push(("report.md".into(), document.to_markdown().into_bytes()));
    }
    if formats.contains(&Format::Html) {
        files.push(("report.html".into(), document.to_html().into_bytes()));
    }
    let pngs = charts::pngs(&charts);
    for (chart, png) in charts.into_iter().zip(pngs) {
        if let Some(png) = png {
            files.push((format!("{}.png", chart.name), png));
        }
        files.push((format!("{}.svg", chart.name), chart.svg.into_bytes()));
    }
    files
}
