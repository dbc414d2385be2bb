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
    /// The facilitator's observations, at sim times.
    #[serde(default)]
    pub notes: Vec<ScriptedNote>,
    /// The room's answers to the injects' discussion questions.
    #[serde(default)]
    pub answers: Vec<ScriptedAnswer>,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedNote {
    pub at: HumanDuration,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedAnswer {
    pub at: HumanDuration,
    /// The inject whose question this answers.
    pub inject: String,
    /// The question's number within the inject, from 1.
    pub question: usize,
    pub text: String,
}
