//! A scripted drill: decisions at fixed sim times, fed to the engine as its clock reaches them;
//! at the end of the script the drill runs on to its natural end. Notes and answers ride along.

use super::journal::Entry;
use super::session::Session;
use crate::decisions::model::DecisionScript;
use crate::engine::Decision;
use crate::evaluate::model::{Answer, Note};

/// A decision with its time in seconds.
#[derive(Debug, Clone)]
pub struct ScriptedDecision {
    pub at: u64,
    pub decision: Decision,
}

/// Everything a drill's inputs hold besides the scenario and plan, with times in seconds.
#[derive(Debug, Clone, Default)]
pub struct Script {
    pub decisions: Vec<ScriptedDecision>,
    pub notes: Vec<Note>,
    pub answers: Vec<Answer>,
}

impl Script {
    /// The contents of a (validated) decisions file, each list in time order; ties keep file order.
    pub fn from_file(script: &DecisionScript) -> Script {
        let seconds = |d: &crate::duration::HumanDuration| d.seconds().unwrap_or(0);
        let mut decisions: Vec<ScriptedDecision> = script
            .decisions
            .iter()
            .map(|d| ScriptedDecision {
                at: seconds(&d.at),
                decision: Decision { role: d.role.clone(), action: d.action.clone(), rationale: d.rationale.clone() },
            })
            .collect();
        decisions.sort_by_key(|d| d.at);
        let mut notes: Vec<Note> =
            script.notes.iter().map(|n| Note { at: seconds(&n.at), text: n.text.clone() }).collect();
        notes.sort_by_key(|n| n.at);
        let mut answers: Vec<Answer> = script
            .answers
            .iter()
            .map(|a| Answer {
                at: seconds(&a.at),
                inject: a.inject.clone(),
                question: a.question,
                text: a.text.clone(),
            })
            .collect();
        answers.sort_by_key(|a| a.at);
        Script { decisions, notes, answers }
    }
}

/// Plays a script through a session: each decision is taken at the first tick at or after its
/// time (decisions after the end are dropped), then the drill runs on to its natural end. Returns
/// the journal entries that replay it.
pub fn play(script: &Script, session: &mut Session) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut apply = |session: &mut Session, entry: Entry| {
        // Entries made here always apply: a decision is only given while the drill runs.
        let _ = session.apply(&entry);
        entries.push(entry);
    };
    for scripted in &script.decisions {
        if scripted.at > session.now() {
            apply(session, Entry::Advance { to: scripted.at });
        }
        if session.is_over() {
            break;
        }
        let d = &scripted.decision;
        let at = session.now();
        apply(
            session,
            Entry::Decision { at, role: d.role.clone(), action: d.action.clone(), rationale: d.rationale.clone() },
        );
    }
    for note in &script.notes {
        apply(session, Entry::Note { at: note.at, text: note.text.clone() });
    }
    for answer in &script.answers {
        let entry = Entry::Answer {
            at: answer.at,
            inject: answer.inject.clone(),
            question: answer.question,
            text: answer.text.clone(),
        };
        apply(session, entry);
    }
    let at = session.now();
    apply(session, Entry::RunOut { at });
    entries
}
