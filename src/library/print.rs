//! `ttx list` and `ttx show`: the library's scenarios, each with where it comes from, and one
//! scenario in full. Their text output is made inert ([`crate::terminal`]).

use super::{Library, Origin, show};
use crate::cli::{Format, exit};
use crate::duration::format_seconds;
use crate::terminal::{inert, inert_line};
use serde_json::json;

impl Library {
    /// `ttx list`: one entry per scenario, and where it comes from.
    pub fn print_list(&self, format: Format) -> u8 {
        let (scenarios, broken) = self.scenarios();
        for report in &broken {
            let file = report.diagnostics.first().map_or("", |d| d.file.as_str());
            eprintln!(
                "warning: skipping an invalid scenario (run `ttx validate {}`):\n{}",
                inert_line(file),
                inert(&report.render_diagnostics())
            );
        }
        match format {
            Format::Json => {
                let list: Vec<_> = scenarios
                    .iter()
                    .map(|(origin, s)| {
                        json!({
                            "id": s.id, "title": s.title, "sector": s.sector, "difficulty": s.difficulty,
                            "expected_duration": s.expected_duration, "techniques": s.techniques,
                            "injects": s.injects.len(), "built_in": origin.path().is_none(),
                            "path": origin.path().map(|p| p.display().to_string()),
                        })
                    })
                    .collect();
                crate::stdout::print_line(&serde_json::to_string_pretty(&list).unwrap_or_default());
            }
            Format::Text => {
                let width = scenarios.iter().map(|(_, s)| s.id.len()).max().unwrap_or(0);
                for (origin, s) in &scenarios {
                    let duration = s.expected_duration.seconds().map(format_seconds).unwrap_or_default();
                    crate::stdout::print_line(&format!("{:width$}  {}", s.id, inert_line(&s.title)));
                    crate::stdout::print_line(&format!(
                        "{:width$}  {:?} · {:?} · {} · {} injects · {}",
                        "",
                        s.sector,
                        s.difficulty,
                        duration,
                        s.injects.len(),
                        inert_line(&s.techniques.join(" "))
                    ));
                    crate::stdout::print_line(&format!("{:width$}  {}", "", from(origin)));
                }
            }
        }
        exit::OK
    }

    /// `ttx show`: a readable summary of one scenario.
    pub fn print_show(&self, name: &str, format: Format) -> u8 {
        match self.find_scenario(name) {
            Ok(scenario) => {
                match format {
                    Format::Json => {
                        crate::stdout::print_line(&serde_json::to_string_pretty(&scenario).unwrap_or_default())
                    }
                    // The summary makes each field inert; this makes sure of the whole.
                    Format::Text => crate::stdout::print(&inert(&show::summary(&scenario))),
                }
                exit::OK
            }
            Err(report) => {
                eprintln!("{}", inert(&report.render_diagnostics()));
                eprintln!("{}", report.summary());
                exit::INVALID
            }
        }
    }
}

/// Where a scenario comes from, in words.
fn from(origin: &Origin) -> String {
    match origin.path() {
        Some(path) => format!("from {}", inert_line(&path.display().to_string())),
        None => "built in".into(),
    }
}
