//! `ttx report <RUN_DIR>`: reads a run folder (its copies of the scenario and plan, timeline and
//! journal), evaluates it again and writes the report files into it, each atomically.

use super::{Format, render};
use crate::atomic::write_each;
use crate::evaluate::model::{Answer, Note};
use crate::evaluate::{Inputs, evaluate};
use crate::exercise::journal::{self, Entry};
use crate::source::FileKind;
use crate::timeline::Timeline;
use crate::validate::{Failure, Parsed, Report, load};
use std::path::{Path, PathBuf};

/// Writes the report of the run in `folder`; returns the files written.
pub fn report_run(folder: &Path, formats: &[Format], force: bool) -> Result<Vec<PathBuf>, Failure> {
    if !folder.join("timeline.json").is_file() && folder.join("journal.jsonl").is_file() {
        return Err(Failure::Io(format!(
            "the drill in `{0}` has not ended yet: continue it with `ttx resume {0}` and `end` it",
            folder.display()
        )));
    }
    if !folder.join("timeline.json").is_file() {
        return Err(Failure::Io(format!("`{}` is not a run folder: it has no timeline.json", folder.display())));
    }
    let Parsed::Scenario(scenario) =
        load(&folder.join("scenario.ron"), FileKind::Scenario).map_err(Failure::Invalid)?
    else {
        return Err(Failure::Invalid(Report::default()));
    };
    let Parsed::Plan(plan) = load(&folder.join("plan.ron"), FileKind::Plan).map_err(Failure::Invalid)? else {
        return Err(Failure::Invalid(Report::default()));
    };
    let timeline = read_timeline(&folder.join("timeline.json"))?;
    let (notes, answers) = read_journal(&folder.join("journal.jsonl"))?;
    let evaluation = evaluate(Inputs { scenario: &scenario, plan: &plan, timeline: &timeline, notes, answers });
    let files = render(&scenario, &evaluation, &timeline, formats);
    if !force && let Some((name, _)) = files.iter().find(|(name, _)| folder.join(name).exists()) {
        return Err(Failure::Io(format!(
            "`{}` already exists; pass --force to replace the report",
            folder.join(name).display()
        )));
    }
    write_each(folder, &files).map_err(|e| Failure::Io(format!("cannot write in {}: {e}", folder.display())))?;
    Ok(files.iter().map(|(name, _)| folder.join(name)).collect())
}

fn read_timeline(path: &Path) -> Result<Timeline, Failure> {
    #[derive(serde::Deserialize)]
    struct Document {
        events: Vec<crate::timeline::Event>,
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?;
    let document: Document = serde_json::from_str(&text).map_err(|e| {
        let message = format!("not a ttx timeline: {e}");
        invalid(&format!("{}:{}:{}", path.display(), e.line(), e.column()), message)
    })?;
    Ok(Timeline { events: document.events })
}

/// The facilitator's notes and the room's answers from the journal (a torn last line is
/// dropped, as `ttx resume` does); the other inputs are already reflected in the timeline.
fn read_journal(path: &Path) -> Result<(Vec<Note>, Vec<Answer>), Failure> {
    let read = journal::read(path).map_err(|message| invalid(&path.display().to_string(), message))?;
    let (mut notes, mut answers) = (Vec::new(), Vec::new());
    for entry in read.entries {
        match entry {
            Entry::Note { at, text } => notes.push(Note { at, text }),
            Entry::Answer { at, inject, question, text } => answers.push(Answer { at, inject, question, text }),
            _ => {}
        }
    }
    Ok((notes, answers))
}

fn invalid(file: &str, message: String) -> Failure {
    let mut report = Report::default();
    report.diagnostics.push(crate::diagnostic::Diagnostic::error("invalid-run", file, message));
    Failure::Invalid(report)
}
