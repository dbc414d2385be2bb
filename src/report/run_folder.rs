//! `ttx report <RUN_DIR>`: reads a run folder (its copies of the scenario and plan, timeline and
//! journal), evaluates it again and writes the report files into it, each atomically.

use super::{Format, render};
use crate::evaluate::model::{Answer, Note};
use crate::evaluate::{Inputs, evaluate};
use crate::source::FileKind;
use crate::timeline::Timeline;
use crate::validate::{Parsed, Report, load};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a report was not written.
pub enum ReportError {
    /// The run folder's contents are not valid (exit 2).
    Invalid(Report),
    /// Missing files, refusal to overwrite, or I/O (exit 1).
    Io(String),
}

/// Writes the report of the run in `folder`; returns the files written.
pub fn report_run(folder: &Path, formats: &[Format], force: bool) -> Result<Vec<PathBuf>, ReportError> {
    if !folder.join("timeline.json").is_file() {
        return Err(ReportError::Io(format!("`{}` is not a run folder: it has no timeline.json", folder.display())));
    }
    let Parsed::Scenario(scenario) =
        load(&folder.join("scenario.ron"), FileKind::Scenario).map_err(ReportError::Invalid)?
    else {
        return Err(ReportError::Invalid(Report::default()));
    };
    let Parsed::Plan(plan) = load(&folder.join("plan.ron"), FileKind::Plan).map_err(ReportError::Invalid)? else {
        return Err(ReportError::Invalid(Report::default()));
    };
    let timeline = read_timeline(&folder.join("timeline.json"))?;
    let (notes, answers) = read_journal(&folder.join("journal.jsonl"))?;
    let evaluation = evaluate(Inputs { scenario: &scenario, plan: &plan, timeline: &timeline, notes, answers });
    let files = render(&scenario, &evaluation, &timeline, formats);
    if !force && let Some((name, _)) = files.iter().find(|(name, _)| folder.join(name).exists()) {
        return Err(ReportError::Io(format!(
            "`{}` already exists; pass --force to replace the report",
            folder.join(name).display()
        )));
    }
    let mut written = Vec::new();
    for (name, bytes) in &files {
        let path = folder.join(name);
        write_atomically(&path, bytes).map_err(|e| ReportError::Io(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

fn read_timeline(path: &Path) -> Result<Timeline, ReportError> {
    #[derive(serde::Deserialize)]
    struct Document {
        events: Vec<crate::timeline::Event>,
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| ReportError::Io(format!("cannot read {}: {e}", path.display())))?;
    let document: Document = serde_json::from_str(&text).map_err(|e| {
        ReportError::Io(format!("{}:{}:{}: not a ttx timeline: {e}", path.display(), e.line(), e.column()))
    })?;
    Ok(Timeline { events: document.events })
}

/// The facilitator's notes and the room's answers from a journal; other entries are inputs the
/// timeline already reflects.
fn read_journal(path: &Path) -> Result<(Vec<Note>, Vec<Answer>), ReportError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| ReportError::Io(format!("cannot read {}: {e}", path.display())))?;
    let (mut notes, mut answers) = (Vec::new(), Vec::new());
    for (number, line) in text.lines().enumerate().skip(1) {
        let bad = |e: String| ReportError::Io(format!("{}:{}:1: {e}", path.display(), number + 1));
        let entry: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        match entry.get("type").and_then(|t| t.as_str()) {
            Some("note") => notes.push(serde_json::from_value(entry).map_err(|e| bad(e.to_string()))?),
            Some("answer") => answers.push(serde_json::from_value(entry).map_err(|e| bad(e.to_string()))?),
            _ => {}
        }
    }
    Ok((notes, answers))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}
