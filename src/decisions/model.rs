//! The decisions file format: a scripted drill's decisions, each at a sim time, by a role,
//! with a rationale, and rules that give decisions when the players see something. Used for
//! demos, tests and comparing good and poor responses.

use crate::action::{Action, ActionKind};
use crate::cue::Cue;
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
    #[serde(default)]
    pub decisions: Vec<ScriptedDecision>,
    /// Decisions given in answer to what the players see (see `crate::rules`).
    #[serde(default)]
    pub rules: Vec<ScriptedRule>,
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

/// When the players see something, a role acts, after a delay.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedRule {
    /// What sets the rule off: a cue, e.g. `Alert("edr-beacon")` or `TacticDetected(Impact)`.
    pub when: Cue,
    pub role: String,
    pub then: Then,
    /// How long after the cue the decision is given; at once when left out.
    #[serde(default)]
    pub after: Option<HumanDuration>,
    #[serde(default)]
    pub rationale: String,
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Then {
    /// This action.
    Do(Action),
    /// This kind of action on each thing the cue's event showed: `BlockIoc` each indicator,
    /// `Patch` each vulnerability, `DisableAccount` or `ResetCredentials` each account an
    /// investigation found held, `IsolateKnownHosts`, `ReimageKnownHosts` or `IsolateHosts` each
    /// host group it found hosts held in, `IsolateSegment` or `CollectEvidence` the segment it
    /// found them in. When the cue is one of the team's own actions taking effect
    /// (`TookEffect`), the host-group and segment kinds act on that action's target (and the
    /// segment it is in).
    Each(ActionKind),
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
