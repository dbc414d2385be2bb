//! The decisions file format: a scripted drill's decisions, each at a sim time, by a role,
//! with a rationale. Used for demos, tests and comparing good and poor responses.

use crate::action::Action;
use crate::duration::HumanDuration;
use serde::{Deserialize, Serialize};

/// A scripted sequence of decisions for one scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Decisions", deny_unknown_fields)]
pub struct DecisionScript {
    /// The id of the scenario these decisions are for.
    pub scenario: String,
    /// The id of the plan they were written against, if any.
    #[serde(default)]
    pub plan: Option<String>,
    #[serde(default)]
    pub description: String,
    pub decisions: Vec<ScriptedDecision>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedDecision {
    /// Sim time after the scenario's start.
    pub at: HumanDuration,
    pub role: String,
    pub action: Action,
    #[serde(default)]
    pub rationale: String,
}
