//! Reports: the evaluation written out as `evaluation.json`, `report.md`, a self-contained
//! `report.html`, `improvement-plan.csv` and charts (SVG and PNG). Built from plain data; never
//! touches the engine.

mod aar;
mod campaign_charts;
mod charts;
pub mod document;
mod run_folder;
pub mod simulation;

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
}

impl Format {
    pub const ALL: &'static [Format] = &[Format::Md, Format::Html, Format::Json];
}

/// The report files for the formats asked for, as (file name, contents). `evaluation.json` is
/// always among them; charts and `improvement-plan.csv` come with Markdown and HTML.
pub fn render(
    compiled: &Compiled,
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
    let document = aar::document(compiled, evaluation, timeline, &charts);
    files.push(("improvement-plan.csv".into(), aar::improvement_plan_csv(&compiled.plan, evaluation).into_bytes()));
    if formats.contains(&Format::Md) {
        files.push(("report.md".into(), document.to_markdown().into_bytes()));
    }
    if formats.contains(&Format::Html) {
        files.push(("report.html".into(), document.to_html().into_bytes()));
    }
    for chart in charts {
        if let Ok(png) = charts::png(&chart.svg) {
            files.push((format!("{}.png", chart.name), png));
        }
        files.push((format!("{}.svg", chart.name), chart.svg.into_bytes()));
    }
    files
}
