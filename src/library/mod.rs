//! The scenario library on disk (`scenarios/` by default): finding shipped scenarios by id or
//! path, `ttx list` and `ttx show`. Their text output is made inert ([`crate::terminal`]).

mod show;

use crate::cli::{Format, exit};
use crate::diagnostic::suggest;
use crate::duration::format_seconds;
use crate::scenario::model::Scenario;
use crate::source::{FileKind, detect_kind, read_source, ron_files};
use crate::terminal::{inert, inert_line};
use crate::validate::{Parsed, Report, load};
use serde_json::json;
use std::path::{Path, PathBuf};

pub struct Library {
    root: PathBuf,
}

impl Library {
    pub fn new(root: &Path) -> Self {
        Library { root: root.to_path_buf() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every valid file of `kind` in the library, in path order, and the reports of invalid ones.
    pub fn files_of(&self, kind: FileKind) -> (Vec<(PathBuf, Parsed)>, Vec<Report>) {
        let (mut good, mut bad) = (Vec::new(), Vec::new());
        for path in ron_files(&self.root).unwrap_or_default() {
            let is_kind = read_source(&path).and_then(|source| detect_kind(&source)).is_ok_and(|k| k == kind);
            if !is_kind {
                continue;
            }
            match load(&path, kind) {
                Ok(parsed) => good.push((path, parsed)),
                Err(report) => bad.push(report),
            }
        }
        (good, bad)
    }

    /// Every valid scenario in the library, and the reports of invalid ones.
    pub fn scenarios(&self) -> (Vec<(PathBuf, Scenario)>, Vec<Report>) {
        let (files, bad) = self.files_of(FileKind::Scenario);
        let good =
            files.into_iter().filter_map(|(path, p)| if let Parsed::Scenario(s) = p { Some((path, *s)) } else { None });
        (good.collect(), bad)
    }

    /// A file of `kind` named by path, or by the id of one in the library.
    pub fn find(&self, name: &str, kind: FileKind) -> Result<(PathBuf, Parsed), Report> {
        let path = Path::new(name);
        if path.is_file() {
            return load(path, kind).map(|parsed| (path.to_path_buf(), parsed));
        }
        let (files, _) = self.files_of(kind);
        let id = |parsed: &Parsed| match parsed {
            Parsed::Scenario(s) => s.id.clone(),
            Parsed::Plan(p) => p.id.clone(),
            Parsed::Decisions(_) => String::new(),
        };
        if let Some(found) = files.iter().find(|(_, parsed)| id(parsed) == name) {
            return Ok(found.clone());
        }
        let ids: Vec<String> = files.iter().map(|(_, parsed)| id(parsed)).collect();
        let what = format!("{kind:?}").to_lowercase();
        let hint = suggest::hint(name, ids.iter().map(String::as_str)).or_else(|| {
            Some(format!("run `ttx list` to see the shipped scenarios; plans live in `{}/plans`", self.root.display()))
        });
        let mut report = Report::default();
        let message = format!("no {what} file `{name}`, and no {what} with that id in `{}`", self.root.display());
        report.diagnostics.push(crate::diagnostic::Diagnostic::error("not-found", name, message).with_hint(hint));
        Err(report)
    }

    /// A scenario named by path, or by the id of a shipped one.
    pub fn find_scenario(&self, name: &str) -> Result<Scenario, Report> {
        match self.find(name, FileKind::Scenario)? {
            (_, Parsed::Scenario(s)) => Ok(*s),
            _ => Err(Report::default()),
        }
    }

    /// `ttx list`: one line per shipped scenario.
    pub fn print_list(&self, format: Format) -> u8 {
        let (scenarios, broken) = self.scenarios();
        for report in &broken {
            eprintln!(
                "warning: skipping an invalid scenario (run `ttx validate {}`):\n{}",
                inert_line(&self.root.display().to_string()),
                inert(&report.render_diagnostics())
            );
        }
        match format {
            Format::Json => {
                let list: Vec<_> = scenarios
                    .iter()
                    .map(|(path, s)| {
                        json!({
                            "id": s.id, "title": s.title, "sector": s.sector, "difficulty": s.difficulty,
                            "expected_duration": s.expected_duration, "techniques": s.techniques,
                            "injects": s.injects.len(), "path": path.display().to_string(),
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
            }
            Format::Text => {
                if scenarios.is_empty() {
                    eprintln!("no scenarios found in `{}`", inert_line(&self.root.display().to_string()));
                }
                let width = scenarios.iter().map(|(_, s)| s.id.len()).max().unwrap_or(0);
                for (_, s) in &scenarios {
                    let duration = s.expected_duration.seconds().map(format_seconds).unwrap_or_default();
                    println!("{:width$}  {}", s.id, inert_line(&s.title));
                    println!(
                        "{:width$}  {:?} · {:?} · {} · {} injects · {}",
                        "",
                        s.sector,
                        s.difficulty,
                        duration,
                        s.injects.len(),
                        inert_line(&s.techniques.join(" "))
                    );
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
                    Format::Json => println!("{}", serde_json::to_string_pretty(&scenario).unwrap_or_default()),
                    // The summary makes each field inert; this makes sure of the whole.
                    Format::Text => print!("{}", inert(&show::summary(&scenario))),
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
