//! A scripted drill: decisions at fixed sim times, fed to the engine as its clock reaches them;
//! at the end of the script the drill runs on to its natural end. Notes and answers ride along.

use crate::decisions::model::DecisionScript;
use crate::engine::{Decision, Sim};
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

    /// The journal's entries after its header: every input, typed, in the order given.
    pub fn journal(&self) -> Vec<serde_json::Value> {
        use serde_json::json;
        let decisions = self.decisions.iter().map(|d| {
            json!({ "type": "decision", "at": d.at, "role": d.decision.role, "action": d.decision.action, "rationale": d.decision.rationale })
        });
        let notes = self.notes.iter().map(|n| json!({ "type": "note", "at": n.at, "text": n.text }));
        let answers = self.answers.iter().map(
            |a| json!({ "type": "answer", "at": a.at, "inject": a.inject, "question": a.question, "text": a.text }),
        );
        decisions.chain(notes).chain(answers).collect()
    }
}

/// Runs the whole drill: each decision is taken at the first tick at or after its time.
pub fn run_scripted(sim: &mut Sim, decisions: &[ScriptedDecision]) {
    for scripted in decisions {
        sim.run_until(scripted.at);
        if sim.is_over() {
            break;
        }
        sim.apply(scripted.decision.clone());
    }
    sim.run_to_end();
}
