//! `ttx report <RUN_DIR>`: reads a run folder (its copies of the scenario and plan, timeline and
//! journal), evaluates it again and writes the report files into it, each atomically. Every file
//! read must be a regular file in the folder, not a link, within its size limit (`crate::atomic`);
//! no file is written through a link.

use super::{Format, render};
use crate::atomic::{MAX_TIMELINE_BYTES, Unread, is_link, is_present, read_run_file, refuse_link, write_each};
use crate::diagnostic::{Diagnostic, Position, Span};
use crate::evaluate::model::Room;
use crate::evaluate::{Inputs, evaluate};
use crate::exercise::journal::{self, char_column, json_message};
use crate::exercise::room::RoomLog;
use crate::source::FileKind;
use crate::timeline::Timeline;
use crate::validate::{Failure, Parsed, Report, load};
use std::path::{Path, PathBuf};

/// Writes the report of the run in `folder`; returns the files written.
pub fn report_run(folder: &Path, formats: &[Format], force: bool) -> Result<Vec<PathBuf>, Failure> {
    refuse_link(folder).map_err(|e| Failure::Io(e.to_string()))?;
    let has = |name: &str| is_present(&folder.join(name));
    if !has("timeline.json") && has("journal.jsonl") {
        return Err(Failure::Io(format!(
            "the drill in `{0}` has not ended yet: continue it with `ttx resume {0}` and `end` it",
            folder.display()
        )));
    }
    if !has("timeline.json") {
        return Err(Failure::Io(format!("`{}` is not a run folder: it has no timeline.json", folder.display())));
    }
    let Parsed::Scenario(scenario) = load_copy(&folder.join("scenario.ron"), FileKind::Scenario)? else {
        return Err(Failure::Invalid(Report::default()));
    };
    let Parsed::Plan(plan) = load_copy(&folder.join("plan.ron"), FileKind::Plan)? else {
        return Err(Failure::Invalid(Report::default()));
    };
    let timeline = read_timeline(&folder.join("timeline.json"))?;
    let drill_end = timeline
        .events
        .iter()
        .find_map(|e| matches!(e.kind, crate::timeline::EventKind::RunEnded { .. }).then_some(e.time))
        .unwrap_or(u64::MAX);
    let room = read_journal(&folder.join("journal.jsonl"), drill_end)?;
    let compiled = crate::compile::compile(*scenario, *plan)
        .map_err(|e| Failure::Io(format!("cannot evaluate the run in {}: {}", folder.display(), e.0)))?;
    let baseline = crate::exercise::baseline(&compiled, timeline.seed());
    let evaluation = evaluate(Inputs { compiled: &compiled, timeline: &timeline, baseline: &baseline, room });
    let files = render(&compiled, &evaluation, &timeline, formats);
    if !force && let Some((name, _)) = files.iter().find(|(name, _)| folder.join(name).exists()) {
        return Err(Failure::Io(format!(
            "`{}` already exists; pass --force to replace the report",
            folder.join(name).display()
        )));
    }
    write_each(folder, &files).map_err(|e| Failure::Io(format!("cannot write in {}: {e}", folder.display())))?;
    Ok(files.iter().map(|(name, _)| folder.join(name)).collect())
}

/// The run folder's copy of the scenario or plan: a regular file in the folder, not a link (read
/// as any input, within `MAX_FILE_BYTES`).
fn load_copy(path: &Path, kind: FileKind) -> Result<Parsed, Failure> {
    if is_link(path).map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))? {
        return Err(Unread::NotAFile("a symbolic link").failure(path));
    }
    load(path, kind).map_err(Failure::Invalid)
}

/// `timeline.json`: UTF-8 JSON of at most `MAX_TIMELINE_BYTES`; a problem is shown at its line
/// and column.
fn read_timeline(path: &Path) -> Result<Timeline, Failure> {
    #[derive(serde::Deserialize)]
    struct Document {
        events: Vec<crate::timeline::Event>,
    }
    let bytes = read_run_file(path, MAX_TIMELINE_BYTES).map_err(|e| e.failure(path))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        invalid(path, utf8_position(valid), "not a ttx timeline: the file is not UTF-8 text".into())
    })?;
    let document: Document = serde_json::from_str(&text).map_err(|e| {
        let line = text.lines().nth(e.line().saturating_sub(1)).unwrap_or_default();
        let position = Position { line: e.line().max(1), column: char_column(line, e.column()) };
        invalid(path, position, format!("not a ttx timeline: {}", json_message(&e)))
    })?;
    Ok(Timeline { events: document.events })
}

/// Where the byte after `valid` (UTF-8 text) is: its line, and its column in characters.
fn utf8_position(valid: &[u8]) -> Position {
    let text = String::from_utf8_lossy(valid);
    let line_start = text.rfind('\n').map_or(0, |i| i + 1);
    Position { line: text.matches('\n').count() + 1, column: text[line_start..].chars().count() + 1 }
}

/// What the room said, and when the exercise was held, from the journal (a torn last line is
/// dropped, as `ttx resume` does); the other inputs are already reflected in the timeline. A
/// remark the console would not have recorded is refused at its line, as is one later than the
/// drill's end (`drill_end`).
fn read_journal(path: &Path, drill_end: u64) -> Result<Room, Failure> {
    let read = journal::read(path).map_err(|e| e.failure(path))?;
    if let Some(tampered) = read.tampered() {
        return Err(tampered.failure(path));
    }
    let mut log = RoomLog::new(&read.header);
    for (i, (entry, wall)) in read.entries.iter().zip(&read.walls).enumerate() {
        // Entries are the journal's lines after its header.
        let at = Position { line: i + 2, column: 1 };
        log.take(entry, wall.as_deref(), drill_end).map_err(|why| invalid(path, at, why))?;
    }
    Ok(log.room())
}

/// An `invalid-run` problem at `position` in the file `path` (exit 2).
fn invalid(path: &Path, position: Position, message: String) -> Failure {
    let diagnostic = Diagnostic::error("invalid-run", &path.display().to_string(), message)
        .at(Span { start: position, end: position });
    let mut report = Report::default();
    report.diagnostics.push(diagnostic);
    Failure::Invalid(report)
}
