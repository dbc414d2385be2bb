//! `ttx run` and `ttx resume`: load the scenario, plan and decisions, run the drill (scripted,
//! or live at the console), write the run folder with its report and print a short summary.
//! Input problems come back as a report (exit 2), I/O as an error (exit 1).

use super::console::{self, Live, Outcome, Pace, Transcript};
use super::journal::{self, Header};
use super::output::{RunFolder, content_hash, legacy_hash, timeline_file};
use super::room::RoomLog;
use super::script::{Script, play};
use super::session::Session;
use crate::atomic::{MAX_COPY_BYTES, NamedFile, is_present, read_input, read_run_file, refuse_link, write_each};
use crate::calendar::DateTime;
use crate::compile::{Compiled, compile};
use crate::decisions::check_decisions;
use crate::diagnostic::{Diagnostic, Position, Span};
use crate::duration::format_seconds;
use crate::evaluate::Evaluation;
use crate::library::Library;
use crate::plan::model::Plan;
use crate::report::{self, Format};
use crate::scenario::model::Scenario;
use crate::screen::Screen;
use crate::source::{FileKind, SourceFile};
use crate::terminal::inert_line;
use crate::timeline::{EndReason, EventKind};
use crate::validate::{Failure, Parsed, Report};
use crate::wording::plural;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What `ttx run` was asked to do.
pub struct DrillRequest {
    pub scenario: String,
    pub plan: String,
    /// A decisions file, or the id of one in the library.
    pub decisions: Option<String>,
    pub seed: u64,
    pub out: PathBuf,
    pub force: bool,
    pub pace: Option<Pace>,
    /// Serve the participant screen on this address.
    pub serve: Option<SocketAddr>,
    /// Who facilitates it, as the report names them.
    pub facilitator: Option<String>,
}

/// A facilitator's name as `--facilitator` takes it: one line of at most 100 characters.
pub fn facilitator_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err("a facilitator's name is one line of 1 to 100 characters".into());
    }
    Ok(name.to_string())
}

/// How a drill takes its inputs when there is no decisions file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Console {
    /// A terminal: line editing, history, completion, colour.
    Terminal,
    /// Commands line by line from standard input; the transcript where it says.
    Lines(Transcript),
}

/// The scenario and plan files a drill runs with, read and parsed.
struct Inputs {
    /// The scenario and plan, checked and compiled once.
    compiled: Arc<Compiled>,
    /// Where the files are on disk; none for built-in ones.
    scenario_path: Option<PathBuf>,
    plan_path: Option<PathBuf>,
    scenario_text: Vec<u8>,
    plan_text: Vec<u8>,
}

impl Inputs {
    /// The journal's header; `started` is the room's clock for a live drill.
    fn header(&self, seed: u64, started: Option<String>, facilitator: Option<String>) -> Header {
        let absolute = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        Header {
            ttx: env!("CARGO_PKG_VERSION").into(),
            scenario: self.compiled.scenario.id.clone(),
            scenario_hash: content_hash(&self.scenario_text),
            scenario_path: self.scenario_path.as_ref().map(absolute),
            plan: self.compiled.plan.id.clone(),
            plan_hash: content_hash(&self.plan_text),
            plan_path: self.plan_path.as_ref().map(absolute),
            seed,
            started,
            facilitator,
        }
    }

    /// The copies kept in the run folder, so that it can be reported and resumed on its own.
    fn copies(&self) -> Vec<(String, Vec<u8>)> {
        vec![("scenario.ron".into(), self.scenario_text.clone()), ("plan.ron".into(), self.plan_text.clone())]
    }
}

fn load_inputs(library: &Library, scenario: &str, plan: &str) -> Result<Inputs, Failure> {
    let scenario = library.find(scenario, FileKind::Scenario).map_err(Failure::Invalid)?;
    let plan = library.find(plan, FileKind::Plan).map_err(Failure::Invalid)?;
    let (Parsed::Scenario(s), Parsed::Plan(p)) = (scenario.parsed, plan.parsed) else {
        return Err(Failure::Invalid(Report::default()));
    };
    let compiled = compile(*s, *p).map_err(|e| Failure::Invalid(single(&scenario.origin.name(), e.0)))?;
    Ok(Inputs {
        compiled,
        scenario_path: scenario.origin.path().map(Path::to_path_buf),
        plan_path: plan.origin.path().map(Path::to_path_buf),
        scenario_text: scenario.text.into_bytes(),
        plan_text: plan.text.into_bytes(),
    })
}

/// The scenario and plan, checked and compiled, and the decisions file's script if one is given:
/// what a campaign of many runs plays.
pub fn load_campaign(
    library: &Library,
    scenario: &str,
    plan: &str,
    decisions: Option<&str>,
) -> Result<(Arc<Compiled>, Option<Script>), Failure> {
    let inputs = load_inputs(library, scenario, plan)?;
    let script = match decisions {
        Some(name) => Some(load_decisions(library, name, &inputs.compiled.scenario, &inputs.compiled.plan)?),
        None => None,
    };
    Ok((inputs.compiled, script))
}

/// A finished drill: its summary for people, and for machines.
pub struct Finished {
    pub text: String,
    /// `{ "run_dir", "report", "evaluation" }`.
    pub json: String,
}

/// Runs a drill; returns its summary (`None` when the facilitator left to resume later).
pub fn run_drill(request: &DrillRequest, library: &Library, console: Console) -> Result<Option<Finished>, Failure> {
    let inputs = load_inputs(library, &request.scenario, &request.plan)?;
    let script = match &request.decisions {
        Some(name) => Some(load_decisions(library, name, &inputs.compiled.scenario, &inputs.compiled.plan)?),
        None => None,
    };
    let screen = crate::screen::serve(request.serve)?;
    let mut session = Session::new(&inputs.compiled, request.seed);
    // A drill played from a file has no room clock: the same file makes the same run folder.
    let started = script.is_none().then(journal::wall_now);
    let header = inputs.header(request.seed, started, request.facilitator.clone());
    session.room = RoomLog::new(&header);
    let decisions = request.decisions.as_deref().map(Path::new);
    let run_id = run_id(&inputs.compiled.scenario.id, &inputs.compiled.plan.id, request.seed, decisions);
    let folder = RunFolder::new(&request.out, &run_id, request.force).map_err(Failure::Io)?;
    let fail = |e: std::io::Error| Failure::Io(format!("cannot write {}: {e}", folder.path.display()));
    if let Some(script) = script {
        let entries = play(&script, &mut session);
        let (evaluation, results) = results(&session, &header).map_err(fail)?;
        let mut files = inputs.copies();
        files.extend(results);
        folder.write_all(&header, &entries, &files).map_err(fail)?;
        return Ok(Some(summary(&session, &evaluation, &folder.path)));
    }
    let journal = folder.start(&header, &inputs.copies()).map_err(fail)?;
    let folder = folder.path.clone();
    let mut live = Live { session, journal, header, folder, shown: 0, inputs: Vec::new(), walls: Vec::new() };
    continue_live(&mut live, console, request.pace, screen)
}

/// The most characters of a decisions file's name that go into a run id.
const MAX_LABEL_CHARS: usize = 64;

/// `<scenario>-<plan>-seed<N>[-<decisions file stem>]`, made of `A-Z a-z 0-9 . _ -` only: any
/// other character (a control character, a space, a slash) becomes `-`, and the file stem is cut
/// to `MAX_LABEL_CHARS` characters.
fn run_id(scenario: &str, plan: &str, seed: u64, decisions: Option<&Path>) -> String {
    let label = decisions.and_then(Path::file_stem).map(|stem| {
        let stem: String = stem.to_string_lossy().chars().take(MAX_LABEL_CHARS).collect();
        format!("-{stem}")
    });
    safe_name(&format!("{scenario}-{plan}-seed{seed}{}", label.unwrap_or_default()))
}

/// `name` with every character outside `A-Z a-z 0-9 . _ -` replaced by `-`.
fn safe_name(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' }).collect()
}

/// Runs the console (showing the players' view on `screen`, if any) and, when the drill is over,
/// writes its timeline and report.
fn continue_live(
    live: &mut Live,
    console: Console,
    pace: Option<Pace>,
    screen: Option<Screen>,
) -> Result<Option<Finished>, Failure> {
    let transcript = match console {
        Console::Lines(transcript) => transcript,
        Console::Terminal => Transcript::Stdout,
    };
    let outcome = console::run(live, console == Console::Terminal, transcript, pace, screen)
        .map_err(|e| Failure::Io(format!("cannot record in {}: {e}", live.folder.display())))?;
    match outcome {
        Outcome::Finished => finish(live).map(Some),
        Outcome::Left => {
            eprintln!(
                "left the drill at +{}; continue with: ttx resume {}",
                format_seconds(live.session.now()),
                inert_line(&live.folder.display().to_string())
            );
            Ok(None)
        }
    }
}

/// The evaluation of a finished drill, and the files it adds to the run folder: the timeline,
/// the evaluation, the reports and their charts.
fn results(session: &Session, header: &Header) -> std::io::Result<(Evaluation, Vec<NamedFile>)> {
    let evaluation = session.evaluation();
    let mut files = vec![timeline_file(header, session.sim.timeline())?];
    files.extend(report::render(session.compiled, &evaluation, session.sim.timeline(), Format::ALL));
    Ok((evaluation, files))
}

/// Writes the timeline and the report of a finished live drill.
fn finish(live: &Live) -> Result<Finished, Failure> {
    let fail = |e: std::io::Error| Failure::Io(format!("cannot write {}: {e}", live.folder.display()));
    let (evaluation, files) = results(&live.session, &live.header).map_err(fail)?;
    write_each(&live.folder, &files).map_err(fail)?;
    Ok(summary(&live.session, &evaluation, &live.folder))
}

/// `ttx resume <RUN_DIR>`: replays the journal to the same state and goes on (serving the
/// participant screen on `serve`, if given).
pub fn resume(
    folder: &Path,
    console: Console,
    pace: Option<Pace>,
    serve: Option<SocketAddr>,
) -> Result<Option<Finished>, Failure> {
    let journal_path = folder.join("journal.jsonl");
    refuse_link(folder).and_then(|()| refuse_link(&journal_path)).map_err(|e| Failure::Io(e.to_string()))?;
    if !is_present(&journal_path) {
        return Err(Failure::Io(format!("`{}` is not a run folder: it has no journal.jsonl", folder.display())));
    }
    // Hold the journal before reading it: a second resume of the same drill stops here.
    let journal = journal::Journal::append_to(&journal_path).map_err(|e| Failure::Io(e.to_string()))?;
    let read = journal::read(&journal_path).map_err(|e| e.failure(&journal_path))?;
    if let Some(tampered) = read.tampered() {
        return Err(tampered.failure(&journal_path));
    }
    if read.chain == journal::Chain::Unchained && !read.entries.is_empty() {
        eprintln!(
            "warning: {}: written before journals were chained: a change to it cannot be detected",
            inert_line(&journal_path.display().to_string())
        );
    }
    let journal = journal.after(read.last_link.clone());
    let inputs = resume_inputs(folder, &read.header, &journal_path)?;
    let screen = crate::screen::serve(serve)?;
    if let Some(line) = read.dropped_line {
        eprintln!(
            "warning: {}:{line}: the last line was cut short (the drill stopped mid-write); dropped it, nothing before it is lost",
            inert_line(&journal_path.display().to_string())
        );
    }
    journal::repair(&journal_path, &read)?;
    let session = Session::replayed(&inputs.compiled, &read.header, &read.entries, &read.walls).map_err(|(i, m)| {
        let mut report = single(&journal_path.display().to_string(), format!("cannot replay the journal: {m}"));
        let start = Position { line: i + 2, column: 1 };
        report.diagnostics[0].span = Some(Span { start, end: start });
        Failure::Invalid(report)
    })?;
    let (header, folder) = (read.header.clone(), folder.to_path_buf());
    let (inputs, walls) = (read.entries.clone(), read.walls.clone());
    let mut live = Live { session, journal, header, folder, shown: 0, inputs, walls };
    eprintln!(
        "resumed {} at +{} from {}",
        inert_line(&read.header.scenario),
        format_seconds(live.session.now()),
        plural(read.entries.len() as u64, "input")
    );
    // Show the room where things stand, then carry on (for a drill that was ended, the hot wash).
    live.shown = live.session.sim.timeline().events.len();
    continue_live(&mut live, console, pace, screen)
}

/// The scenario and plan a run started from: the original files if they are still there (and
/// unchanged), else the copies in the run folder (regular files, not links).
/// A file that changed is reported at the journal's header, which holds the hash it no longer has.
fn resume_inputs(folder: &Path, header: &Header, journal_path: &Path) -> Result<Inputs, Failure> {
    let pick = |original: &Option<PathBuf>, copy: &str| match original {
        Some(path) if path.is_file() => (path.clone(), false),
        _ => (folder.join(copy), true),
    };
    let (scenario_path, scenario_copy) = pick(&header.scenario_path, "scenario.ron");
    let (plan_path, plan_copy) = pick(&header.plan_path, "plan.ron");
    for (path, copy, hash, what) in [
        (&scenario_path, scenario_copy, &header.scenario_hash, "scenario"),
        (&plan_path, plan_copy, &header.plan_hash, "plan"),
    ] {
        let read = if copy { read_run_file } else { read_input };
        let bytes = read(path, MAX_COPY_BYTES).map_err(|e| e.failure(path))?;
        let now = if hash.starts_with("fnv1a64:") { legacy_hash(&bytes) } else { content_hash(&bytes) };
        if &now != hash {
            let message = format!(
                "the {what} file `{}` changed since this run started ({hash}, now {now}); resuming would not replay the same drill",
                path.display()
            );
            let mut report = single(&journal_path.display().to_string(), message);
            let start = Position { line: 1, column: 1 };
            report.diagnostics[0].span = Some(Span { start, end: start });
            report.diagnostics[0].hint =
                Some(format!("restore the {what} as it was (a copy is in {}), or start a new run", folder.display()));
            return Err(Failure::Invalid(report));
        }
    }
    // Both are files by now: the library only reads them.
    let library = Library::new(None);
    let inputs = load_inputs(&library, &scenario_path.display().to_string(), &plan_path.display().to_string())?;
    Ok(inputs)
}

fn single(file: &str, message: String) -> Report {
    let mut report = Report::default();
    report.diagnostics.push(Diagnostic::error("invalid-input", file, message));
    report
}

/// A decisions file (by path, or its id in the library), checked against the scenario and plan
/// it runs with.
fn load_decisions(library: &Library, name: &str, scenario: &Scenario, plan: &Plan) -> Result<Script, Failure> {
    let found = library.find(name, FileKind::Decisions).map_err(Failure::Invalid)?;
    let Parsed::Decisions(script) = found.parsed else {
        return Err(Failure::Invalid(Report::default()));
    };
    let mut findings = check_decisions(&script, Some(scenario), Some(plan));
    if script.scenario != scenario.id {
        let message = format!("these decisions are for scenario `{}`, not `{}`", script.scenario, scenario.id);
        findings.error(crate::source::locate::FieldPath::root().field("scenario"), "wrong-scenario", message);
    }
    if findings.has_errors() {
        let source = SourceFile { name: found.origin.name(), text: found.text };
        let mut report = Report { files_checked: 1, ..Report::default() };
        report.diagnostics = findings.into_diagnostics(&source);
        report.sources.insert(source.name, source.text);
        return Err(Failure::Invalid(report));
    }
    Ok(Script::from_file(&script))
}

/// A few lines on how the drill went.
fn summary(session: &Session, evaluation: &Evaluation, folder: &Path) -> Finished {
    let (sim, scenario) = (&session.sim, session.scenario);
    let events = &sim.timeline().events;
    // What the players saw and did (a drill that ended early runs on hidden); the adversary's
    // stages and the impact are for the whole incident.
    let count = |f: fn(&EventKind) -> bool| events.iter().filter(|e| e.visible && f(&e.kind)).count();
    let succeeded = events.iter().filter(|e| matches!(e.kind, EventKind::StageSucceeded { .. })).count();
    let (end_time, reason) = events
        .iter()
        .rev()
        .find_map(|e| if let EventKind::RunEnded { reason, .. } = e.kind { Some((e.time, reason)) } else { None })
        .unwrap_or((sim.now(), EndReason::TimeUp));
    let reason = reason.text();
    let when = DateTime::parse(&scenario.clock.start).map(|d| d.plus_seconds(end_time).to_string()).unwrap_or_default();
    let impact = sim.impact();
    let json = serde_json::json!({
        "run_dir": folder,
        "report": folder.join("report.html"),
        "evaluation": evaluation,
    });
    let json = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
    let ratings: Vec<String> =
        evaluation.ratings.iter().map(|r| format!("{} {}", r.capability, r.rating.short())).collect();
    let text = format!(
        "{} against {}, seed {}\n\
         ended: {reason} at +{} ({when})\n\
         {}adversary: {} of {} stages succeeded; peak {} hosts compromised, {} encrypted; {} records exfiltrated\n\
         estimated cost: {:.0} {}\n\
         team: {} taken, {} rejected; {} and {} delivered\n\
         written: {}\n\
         readiness: {} ({})\n\
         report: {}\n",
        scenario.id,
        session.plan.id,
        evaluation.run.seed,
        format_seconds(end_time),
        ran_on_line(evaluation),
        succeeded,
        scenario.adversary.stages.len(),
        impact.peak_compromised,
        impact.peak_encrypted,
        impact.records_exfiltrated,
        impact.cost,
        scenario.environment.costs.currency,
        plural(count(|k| matches!(k, EventKind::DecisionTaken { .. })) as u64, "decision"),
        count(|k| matches!(k, EventKind::DecisionRejected { .. })),
        plural(count(|k| matches!(k, EventKind::AlertRaised { .. })) as u64, "alert"),
        plural(count(|k| matches!(k, EventKind::InjectDelivered { .. })) as u64, "inject"),
        folder.display(),
        evaluation.score.text(),
        ratings.join(", "),
        folder.join("report.html").display(),
    );
    Finished { text, json }
}

/// For a drill that ended before the incident: a line on how the incident ran on, or nothing.
fn ran_on_line(evaluation: &Evaluation) -> String {
    let Some(after) = &evaluation.run.ran_on else { return String::new() };
    let held = match after.held_at_drill_end {
        0 => String::new(),
        n => format!("; the adversary held {} when the drill ended", plural(n, "host")),
    };
    format!(
        "then: the incident ran on with no one acting until +{}: {}{held}\n",
        format_seconds(after.ended_at),
        after.reason.text()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_keep_only_safe_characters_and_a_short_label() {
        let id = |stem: &str| run_id("s", "p", 3, Some(Path::new(&format!("dir/{stem}.ron"))));
        assert_eq!(id("good_1.v2"), "s-p-seed3-good_1.v2");
        assert_eq!(id("\u{1b}[31mred\nline"), "s-p-seed3---31mred-line");
        assert_eq!(id("a b:é.."), "s-p-seed3-a-b--..");
        assert_eq!(id(&"x".repeat(300)), format!("s-p-seed3-{}", "x".repeat(MAX_LABEL_CHARS)));
        assert_eq!(run_id("s", "p", 3, None), "s-p-seed3");
    }
}
