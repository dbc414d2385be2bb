//! A scripted drill: decisions at fixed sim times, fed to the engine as its clock reaches them;
//! at the end of the script the drill runs on to its natural end.

use crate::decisions::model::DecisionScript;
use crate::engine::{Decision, Sim};

/// A decision with its time in seconds.
#[derive(Debug, Clone)]
pub struct ScriptedDecision {
    pub at: u64,
    pub decision: Decision,
}

impl ScriptedDecision {
    /// The decisions of a (validated) script, in time order; ties keep file order.
    pub fn from_script(script: &DecisionScript) -> Vec<ScriptedDecision> {
        let mut list: Vec<ScriptedDecision> = script
            .decisions
            .iter()
            .map(|d| ScriptedDecision {
                at: d.at.seconds().unwrap_or(0),
                decision: Decision { role: d.role.clone(), action: d.action.clone(), rationale: d.rationale.clone() },
            })
            .collect();
        list.sort_by_key(|d| d.at);
        list
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
