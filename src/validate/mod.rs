//! `ttx validate` and every other command's way in: read, recognise, parse and check files,
//! collecting diagnostics for all of them at once; scenarios are then checked against the plans
//! given with them, and decisions against their scenario and plan.

mod report;

pub use report::{Failure, Report};

use crate::checks::{MAX_ENTRIES, capped, clip};
use crate::decisions::check_decisions;
use crate::decisions::model::DecisionScript;
use crate::diagnostic::{Diagnostic, Level};
use crate::plan::model::Plan;
use crate::plan::{check_plan, check_scenario_reach};
use crate::scenario::check_scenario;
use crate::scenario::model::Scenario;
use crate::source::locate::{Locator, ShapeProblem};
use crate::source::{FileKind, SourceFile, detect_kind, parse_ron, read_source, ron_files};
use std::path::{Path, PathBuf};

/// A file's parsed content.
#[derive(Debug, Clone)]
pub enum Parsed {
    Scenario(Box<Scenario>),
    Plan(Box<Plan>),
    Decisions(Box<DecisionScript>),
}

/// One file after reading and checking.
struct Checked {
    source: Option<SourceFile>,
    parsed: Option<Parsed>,
    diagnostics: Vec<Diagnostic>,
}

/// Reads, parses and checks one file on its own (decisions without their scenario).
fn check_file(path: &Path) -> Checked {
    match read_source(path) {
        Ok(source) => check_source(source),
        Err(diagnostic) => Checked { source: None, parsed: None, diagnostics: vec![diagnostic] },
    }
}

/// Parses and checks one file's text on its own.
fn check_source(source: SourceFile) -> Checked {
    let outcome = detect_kind(&source).and_then(|kind| match kind {
        FileKind::Scenario => parse_ron::<Scenario>(&source).map(|s| Parsed::Scenario(Box::new(s))),
        FileKind::Plan => parse_ron::<Plan>(&source).map(|p| Parsed::Plan(Box::new(p))),
        FileKind::Decisions => parse_ron::<DecisionScript>(&source).map(|d| Parsed::Decisions(Box::new(d))),
    });
    match outcome {
        Err(diagnostic) => Checked { source: Some(source), parsed: None, diagnostics: vec![diagnostic] },
        Ok(parsed) => {
            let locator = Locator::new(&source.text);
            // A list over the limit or a key given twice is reported alone: the file's content
            // is not what its author meant, and checking it further would be slow and misleading.
            let mut diagnostics = shape_diagnostics(&source, &locator);
            if diagnostics.is_empty() {
                diagnostics = match &parsed {
                    Parsed::Scenario(s) => check_scenario(s).into_located(&source, &locator),
                    Parsed::Plan(p) => check_plan(p).into_located(&source, &locator),
                    Parsed::Decisions(_) => Vec::new(),
                };
            }
            Checked { source: Some(source), parsed: Some(parsed), diagnostics }
        }
    }
}

/// Problems with the file's shape that every format shares: too many entries in one list, map
/// or record, and a map key given twice (the parser silently keeps the last).
fn shape_diagnostics(source: &SourceFile, locator: &Locator) -> Vec<Diagnostic> {
    let diagnostics = locator
        .shape_problems(MAX_ENTRIES)
        .into_iter()
        .map(|problem| match problem {
            ShapeProblem::TooManyEntries { span, entries } => Diagnostic::error(
                "over-limit",
                &source.name,
                format!("{entries} entries in one list is over the limit of {MAX_ENTRIES}"),
            )
            .with_hint(Some("see the limits in docs/scenario-format.md".into()))
            .at(span),
            ShapeProblem::DuplicateKey { span, key, first } => Diagnostic::error(
                "duplicate-key",
                &source.name,
                format!("key `{}` is given twice in this map", clip(&key)),
            )
            .with_hint(Some(format!(
                "it is first given at line {}, column {}; keep one of them",
                first.line, first.column
            )))
            .at(span),
        })
        .collect();
    capped(diagnostics, &source.name)
}

/// Validates every file under `paths`; `library` holds the scenarios and plans that decisions
/// are checked against when theirs are not among the files checked.
pub fn validate_paths(paths: &[PathBuf], library: &[Parsed]) -> Report {
    let mut report = Report::default();
    let mut checked: Vec<Checked> = Vec::new();
    for path in paths {
        match ron_files(path) {
            Ok(files) => checked.extend(files.iter().map(|file| check_file(file))),
            Err(diagnostic) => report.diagnostics.push(diagnostic),
        }
    }
    report_duplicate_ids(&checked, &mut report);
    check_reach(&mut checked);
    for index in 0..checked.len() {
        let Some(Parsed::Decisions(script)) = &checked[index].parsed else {
            continue;
        };
        let all = checked.iter().filter_map(|c| c.parsed.as_ref()).chain(library);
        let (scenario, plan) = find_targets(script, all);
        let Some(source) = checked[index].source.as_ref() else {
            continue;
        };
        let diagnostics = check_decisions(script, scenario.as_ref(), plan.as_ref()).into_diagnostics(source);
        checked[index].diagnostics.extend(diagnostics);
    }
    for file in checked {
        report.files_checked += 1;
        report.diagnostics.extend(file.diagnostics);
        if let Some(source) = file.source {
            report.sources.insert(source.name, source.text);
        }
    }
    report
}

/// Each scenario against each valid plan given with it: an inject or alert addressed to a role
/// the plan neither staffs nor covers reaches no one in a run with that plan.
/// Scenarios with errors are left out: their errors come first.
fn check_reach(checked: &mut [Checked]) {
    let valid = |c: &Checked| c.diagnostics.iter().all(|d| d.level != Level::Error);
    let plans: Vec<Plan> = checked
        .iter()
        .filter(|c| valid(c))
        .filter_map(|c| match &c.parsed {
            Some(Parsed::Plan(plan)) => Some((**plan).clone()),
            _ => None,
        })
        .collect();
    if plans.is_empty() {
        return;
    }
    for file in checked.iter_mut().filter(|c| valid(c)) {
        let (Some(Parsed::Scenario(scenario)), Some(source)) = (&file.parsed, &file.source) else {
            continue;
        };
        file.diagnostics.extend(check_scenario_reach(scenario, &plans).into_diagnostics(source));
    }
}

/// The scenario and plan a decisions file names, from the files given or the library.
fn find_targets<'a>(
    script: &DecisionScript,
    files: impl Iterator<Item = &'a Parsed>,
) -> (Option<Scenario>, Option<Plan>) {
    let (mut scenario, mut plan) = (None, None);
    for parsed in files {
        match parsed {
            Parsed::Scenario(s) if s.id == script.scenario && scenario.is_none() => scenario = Some((**s).clone()),
            Parsed::Plan(p) if Some(&p.id) == script.plan.as_ref() && plan.is_none() => plan = Some((**p).clone()),
            _ => {}
        }
    }
    (scenario, plan)
}

/// Two scenarios (or two plans) with one id make references ambiguous.
fn report_duplicate_ids(checked: &[Checked], report: &mut Report) {
    let mut seen: Vec<(&str, &str, &str)> = Vec::new();
    for file in checked {
        let (kind, id) = match &file.parsed {
            Some(Parsed::Scenario(s)) => ("scenario", s.id.as_str()),
            Some(Parsed::Plan(p)) => ("plan", p.id.as_str()),
            _ => continue,
        };
        let name = file.source.as_ref().map_or("", |s| s.name.as_str());
        if let Some((_, _, first)) = seen.iter().find(|(k, i, _)| *k == kind && *i == id) {
            report.diagnostics.push(
                Diagnostic::error("duplicate-id", name, format!("{kind} id `{id}` is also used by {first}"))
                    .with_hint(Some(format!("give each {kind} its own id"))),
            );
        } else {
            seen.push((kind, id, name));
        }
    }
}

/// Loads and checks one file that must be of `kind`, for commands that use it.
pub fn load(path: &Path, kind: FileKind) -> Result<Parsed, Report> {
    loaded(check_file(path), kind, &path.display().to_string())
}

/// Checks the text of one file that must be of `kind` (a file built into the binary, or one
/// already read).
pub fn load_source(source: SourceFile, kind: FileKind) -> Result<Parsed, Report> {
    let name = source.name.clone();
    loaded(check_source(source), kind, &name)
}

/// A checked file's content if it is of `kind` and has no error, else its report.
fn loaded(checked: Checked, kind: FileKind, name: &str) -> Result<Parsed, Report> {
    let mut report = Report { files_checked: 1, ..Report::default() };
    let wrong_kind = match (&checked.parsed, kind) {
        (Some(Parsed::Scenario(_)), FileKind::Scenario)
        | (Some(Parsed::Plan(_)), FileKind::Plan)
        | (Some(Parsed::Decisions(_)), FileKind::Decisions) => false,
        (Some(_), _) => true,
        (None, _) => false,
    };
    if wrong_kind {
        report.diagnostics.push(Diagnostic::error(
            "wrong-file-kind",
            name,
            format!("expected a {} file", format!("{kind:?}").to_lowercase()),
        ));
    }
    report.diagnostics.extend(checked.diagnostics);
    if let Some(source) = checked.source {
        report.sources.insert(source.name, source.text);
    }
    match checked.parsed {
        Some(parsed) if report.error_count() == 0 => Ok(parsed),
        _ => Err(report),
    }
}
