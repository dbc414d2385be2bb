//! `ttx run`: load the scenario, plan and decisions, run the drill, write the run folder and
//! print a short summary. Input problems come back as a report (exit 2), I/O as an error (exit 1).

use super::output::{RunFolder, RunInputs, content_hash};
use super::script::{Script, run_scripted};
use crate::calendar::DateTime;
use crate::decisions::check_decisions;
use crate::diagnostic::Diagnostic;
use crate::duration::format_seconds;
use crate::engine::Sim;
use crate::evaluate::{Inputs, evaluate};
use crate::library::Library;
use crate::report::{self, Format};
use crate::source::{FileKind, SourceFile};
use crate::timeline::{EndReason, EventKind};
use crate::validate::{Parsed, Report, load};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// What `ttx run` was asked to do.
pub struct DrillRequest {
    pub scenario: String,
    pub plan: String,
    pub decisions: Option<PathBuf>,
    pub seed: u64,
    pub out: PathBuf,
    pub force: bool,
}

/// Why a drill did not run.
pub enum DrillError {
    /// Bad input: a scenario, plan or decisions problem, or console commands not understood.
    Invalid(Report),
    /// The run folder could not be written.
    Io(String),
}

/// Runs a drill; returns the summary to print.
pub fn run_drill(
    request: &DrillRequest,
    library: &Library,
    console: Option<&mut dyn BufRead>,
) -> Result<String, DrillError> {
    let (scenario_path, scenario) =
        match library.find(&request.scenario, FileKind::Scenario).map_err(DrillError::Invalid)? {
            (path, Parsed::Scenario(s)) => (path, s),
            _ => return Err(DrillError::Invalid(Report::default())),
        };
    let plans = Library::new(&library.root().join("plans"));
    let (plan_path, plan) = match plans.find(&request.plan, FileKind::Plan).map_err(DrillError::Invalid)? {
        (path, Parsed::Plan(p)) => (path, p),
        _ => return Err(DrillError::Invalid(Report::default())),
    };
    let (script, label) = match (&request.decisions, console) {
        (Some(path), _) => {
            (load_decisions(path, &scenario, &plan)?, path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        }
        (None, Some(input)) => (read_console(input)?, None),
        (None, None) => (Script::default(), None),
    };
    let mut sim =
        Sim::new(&scenario, &plan, request.seed).map_err(|e| DrillError::Invalid(single(&request.scenario, e.0)))?;
    run_scripted(&mut sim, &script.decisions);
    let (scenario_text, plan_text) = (read_file(&scenario_path)?, read_file(&plan_path)?);
    let inputs = RunInputs {
        scenario_id: scenario.id.clone(),
        scenario_hash: content_hash(&scenario_text),
        plan_id: plan.id.clone(),
        plan_hash: content_hash(&plan_text),
        seed: request.seed,
    };
    let run_id = match &label {
        Some(label) => format!("{}-{}-seed{}-{label}", scenario.id, plan.id, request.seed),
        None => format!("{}-{}-seed{}", scenario.id, plan.id, request.seed),
    };
    let folder = RunFolder::new(&request.out, &run_id, request.force).map_err(DrillError::Io)?;
    let evaluation = evaluate(Inputs {
        scenario: &scenario,
        plan: &plan,
        timeline: sim.timeline(),
        notes: script.notes.clone(),
        answers: script.answers.clone(),
    });
    let mut files = vec![("scenario.ron".to_string(), scenario_text), ("plan.ron".to_string(), plan_text)];
    files.extend(report::render(&scenario, &evaluation, sim.timeline(), Format::ALL));
    folder
        .write(&inputs, &script.journal(), sim.timeline(), &files)
        .map_err(|e| DrillError::Io(format!("cannot write {}: {e}", folder.path.display())))?;
    let ratings: Vec<String> = evaluation.ratings.iter().map(|r| format!("{} {:?}", r.capability, r.rating)).collect();
    Ok(format!(
        "{}readiness: {}/100 ({})\nreport: {}\n",
        summary(&sim, &scenario, &plan.id, request.seed, &folder.path),
        evaluation.score.value,
        ratings.join(", ").replace("NotApplicable", "N/A"),
        folder.path.join("report.html").display()
    ))
}

fn single(file: &str, message: String) -> Report {
    let mut report = Report::default();
    report.diagnostics.push(Diagnostic::error("invalid-input", file, message));
    report
}

fn read_file(path: &Path) -> Result<Vec<u8>, DrillError> {
    std::fs::read(path).map_err(|e| DrillError::Io(format!("cannot read {}: {e}", path.display())))
}

/// A decisions file, checked against the scenario and plan it runs with.
fn load_decisions(
    path: &Path,
    scenario: &crate::scenario::model::Scenario,
    plan: &crate::plan::model::Plan,
) -> Result<Script, DrillError> {
    let Parsed::Decisions(script) = load(path, FileKind::Decisions).map_err(DrillError::Invalid)? else {
        return Err(DrillError::Invalid(Report::default()));
    };
    let mut findings = check_decisions(&script, Some(scenario), Some(plan));
    if script.scenario != scenario.id {
        let message = format!("these decisions are for scenario `{}`, not `{}`", script.scenario, scenario.id);
        findings.error(crate::source::locate::FieldPath::root().field("scenario"), "wrong-scenario", message);
    }
    if findings.has_errors() {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let source = SourceFile { name: path.display().to_string(), text };
        let mut report = Report { files_checked: 1, ..Report::default() };
        report.diagnostics = findings.into_diagnostics(&source);
        report.sources.insert(source.name, source.text);
        return Err(DrillError::Invalid(report));
    }
    Ok(Script::from_file(&script))
}

/// Console commands from a non-terminal standard input. The console's commands are not built
/// yet, so only blank lines and `#` comments are accepted; anything else is reported.
fn read_console(input: &mut dyn BufRead) -> Result<Script, DrillError> {
    for (number, line) in input.lines().enumerate() {
        let line = line.map_err(|e| DrillError::Io(format!("cannot read standard input: {e}")))?;
        let command = line.trim();
        if command.is_empty() || command.starts_with('#') {
            continue;
        }
        let word: String = command.split_whitespace().next().unwrap_or_default().chars().take(40).collect();
        let message = format!("line {}: unknown console command `{word}`", number + 1);
        let hint = "console commands are not available yet; pass the decisions with --decisions FILE";
        let mut report = single("<stdin>", message);
        report.diagnostics[0].hint = Some(hint.into());
        return Err(DrillError::Invalid(report));
    }
    Ok(Script::default())
}

/// A few lines on how the drill went.
fn summary(sim: &Sim, scenario: &crate::scenario::model::Scenario, plan: &str, seed: u64, folder: &Path) -> String {
    let events = &sim.timeline().events;
    let count = |f: fn(&EventKind) -> bool| events.iter().filter(|e| f(&e.kind)).count();
    let (end_time, reason) = events
        .iter()
        .rev()
        .find_map(|e| if let EventKind::RunEnded { reason, .. } = e.kind { Some((e.time, reason)) } else { None })
        .unwrap_or((sim.now(), EndReason::TimeUp));
    let reason = match reason {
        EndReason::TimeUp => "time is up",
        EndReason::ContainedAndRecovered => "contained and recovered",
        EndReason::ImpactLimit => "impact limit reached",
        EndReason::DeclaredClosed => "declared closed",
    };
    let when = DateTime::parse(&scenario.clock.start).map(|d| d.plus_seconds(end_time).to_string()).unwrap_or_default();
    let impact = sim.impact();
    let stages = count(|k| matches!(k, EventKind::StageSucceeded { .. }));
    format!(
        "{} against {plan}, seed {seed}\n\
         ended: {reason} at +{} ({when})\n\
         adversary: {stages} of {} stages succeeded; peak {} hosts compromised, {} encrypted; {} records exfiltrated\n\
         estimated cost: {:.0} {}\n\
         team: {} decisions taken, {} rejected; {} alerts and {} injects delivered\n\
         written: {}\n",
        scenario.id,
        format_seconds(end_time),
        scenario.adversary.stages.len(),
        impact.peak_compromised,
        impact.peak_encrypted,
        impact.records_exfiltrated,
        impact.cost,
        scenario.environment.costs.currency,
        count(|k| matches!(k, EventKind::DecisionTaken { .. })),
        count(|k| matches!(k, EventKind::DecisionRejected { .. })),
        count(|k| matches!(k, EventKind::AlertRaised { .. })),
        count(|k| matches!(k, EventKind::InjectDelivered { .. })),
        folder.display(),
    )
}
