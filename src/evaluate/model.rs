//! The evaluation as plain data, serialised to `evaluation.json` (schema: docs/evaluation.md).
//! Times are seconds since the scenario's start; `None` (JSON `null`) means "not reached".

use crate::action::{Action, ActionKind, Party, Severity};
use crate::cost::Cost;
use crate::scenario::model::{DataClass, Jurisdiction, Sector};
use crate::timeline::EndReason;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub run: RunSummary,
    pub outcome: Outcome,
    pub metrics: Vec<Metric>,
    pub impact: Impact,
    pub severity: SeverityCheck,
    pub steps: Vec<StepResult>,
    /// Each structured expectation of each inject, delivered or not, in MSEL order.
    #[serde(default)]
    pub expectations: Vec<ExpectationResult>,
    pub escalations: Vec<EscalationResult>,
    pub clocks: Vec<ClockResult>,
    /// The plan's clocks that do not bind this organisation (its jurisdictions or sector).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clocks_out_of_scope: Vec<ClockOutOfScope>,
    pub ratings: Vec<Rating>,
    pub score: Score,
    pub improvements: Vec<Improvement>,
    pub notes: Vec<Note>,
    pub answers: Vec<Answer>,
    /// What the hot wash after the drill (or during it) captured.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hotwash: Vec<Remark>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub scenario: String,
    pub scenario_title: String,
    pub plan: String,
    pub plan_title: String,
    pub seed: u64,
    /// The scenario's start, `YYYY-MM-DDTHH:MM` local time.
    pub start: String,
    pub ended_at: u64,
    pub end_reason: Option<EndReason>,
    pub currency: String,
    /// The organisation's sector and where it operates: which clocks bind it.
    pub sector: Sector,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<Jurisdiction>,
    /// The metrics' start points: the adversary's first success, the first detection, and the
    /// first signal (alert or reporting inject) that the response phases are measured from.
    pub first_compromise: Option<u64>,
    pub first_detection: Option<u64>,
    #[serde(default)]
    pub first_signal: Option<u64>,
    /// Present when the drill ended before the incident (declared closed, ended by the
    /// facilitator) and the incident ran on hidden to its own end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ran_on: Option<RanOn>,
    /// When the exercise was held in the room, for a drill run live at the console.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<Held>,
    /// Who facilitated it (`ttx run --facilitator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator: Option<String>,
}

/// The exercise in the room's time (UTC, from the journal's wall-clock stamps): when it started,
/// when its last input came, and the real time between them. The simulation never reads these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Held {
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub started: String,
    pub last_input: String,
    pub seconds: u64,
}

/// What happened after a drill that ended early: the incident's true end, and where things
/// stood when the drill ended (the impact section holds the totals at the true end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RanOn {
    pub ended_at: u64,
    pub reason: EndReason,
    pub cost_at_drill_end: f64,
    pub records_at_drill_end: u64,
    /// Hosts the adversary held (encrypted included) and hosts encrypted when the drill ended.
    pub held_at_drill_end: u64,
    pub encrypted_at_drill_end: u64,
}

/// One time metric. `value` is `None` when the end point never happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub id: String,
    pub name: String,
    /// How it is measured, e.g. "first compromise → first alert".
    pub formula: String,
    pub value: Option<u64>,
    pub target: Option<u64>,
    pub status: Status,
}

/// How something the plan asks for went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Done within its time.
    Met,
    /// Done, after its time.
    Late,
    /// Not done, and its time ran out before the drill ended.
    Missed,
    /// Not done, but not due before the drill ended.
    Pending,
    /// What would have set it off never happened.
    NotTriggered,
    /// Measured, with no target to hold it against.
    NoTarget,
    /// Its end point never happened.
    NotReached,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Impact {
    pub peak_compromised: u64,
    pub final_compromised: u64,
    pub peak_encrypted: u64,
    pub final_encrypted: u64,
    pub peak_isolated: u64,
    pub restored: u64,
    pub records_total: u64,
    /// Records exfiltrated per data class; a record of a store with several classes counts in each.
    pub records: BTreeMap<DataClass, u64>,
    pub downtime: Vec<Downtime>,
    /// Money the adversary stole and no recall got back, and the money recalls got back.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub funds_lost: f64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub funds_recovered: f64,
    /// The estimated cost, all components, and the same by component.
    pub cost: f64,
    pub cost_breakdown: Cost,
}

/// What the response achieved: its harm beside the baseline's (the same scenario, plan and seed
/// with no response), and the share of the baseline's harm it averted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub team: Harm,
    pub baseline: Harm,
    /// 0 to 1: one minus the run's harm cost over the baseline's.
    pub averted: f64,
    pub rating: Letter,
}

/// The harm one run did the organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Harm {
    pub records: u64,
    /// At the peak.
    pub hosts_encrypted: u64,
    /// Seconds critical services were down, added up over services.
    pub critical_downtime: u64,
    pub funds_lost: f64,
    /// The clean-up owed for hosts still held at the end (`per_host_compromised` each).
    #[serde(default)]
    pub cleanup_owed: f64,
    /// The incident's damage in money (`Cost::damage`, without what the response spent) plus the
    /// clean-up owed, in the scenario's currency.
    pub cost: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Downtime {
    pub service: String,
    pub name: String,
    pub critical: bool,
    pub seconds: u64,
    pub down_at_end: bool,
    /// Time the service ran degraded (not down) by an attack.
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub degraded_seconds: u64,
}

fn is_zero(amount: &f64) -> bool {
    *amount == 0.0
}

fn is_zero_u64(seconds: &u64) -> bool {
    *seconds == 0
}

/// The severity the facts warranted by the plan's matrix, against what the team declared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeverityCheck {
    pub warranted: Option<Severity>,
    /// The criterion that put the incident at the warranted level.
    pub because: Option<String>,
    pub declared: Option<Severity>,
    pub declared_at: Option<u64>,
}

/// A playbook step, or one role of an escalation rule: when it was due and when it was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    pub playbook: String,
    pub step: String,
    pub title: String,
    pub action: ActionKind,
    pub owner: String,
    pub triggered_at: Option<u64>,
    pub due: Option<u64>,
    pub done_at: Option<u64>,
    pub done_by: Option<String>,
    /// Seconds after `due` it was done (late) or the drill ended (missed).
    pub late_by: Option<u64>,
    pub status: Status,
}

/// An inject's expectation: when the inject was delivered, when the action was due and done.
/// `not_triggered` means the inject was never delivered, and the expectation was not judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpectationResult {
    pub inject: String,
    /// The expectation in console words: `block-ioc c2-domain by soc_analyst within 1h`.
    pub expected: String,
    pub action: ActionKind,
    pub role: Option<String>,
    pub delivered_at: Option<u64>,
    pub due: Option<u64>,
    pub done_at: Option<u64>,
    pub done_by: Option<String>,
    /// Seconds after `due` it was done (late) or the incident ended (missed).
    pub late_by: Option<u64>,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalationResult {
    pub id: String,
    pub severity: Severity,
    pub triggered_at: Option<u64>,
    pub due: Option<u64>,
    /// One entry per role to notify.
    pub roles: Vec<RoleEscalation>,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleEscalation {
    pub role: String,
    pub done_at: Option<u64>,
    pub late_by: Option<u64>,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockResult {
    pub id: String,
    pub regulation: String,
    pub notify: Party,
    pub started_at: Option<u64>,
    pub deadline: Option<u64>,
    /// The deadline as a local date and time, for the report.
    pub deadline_local: Option<String>,
    pub notified_at: Option<u64>,
    /// Seconds to spare (met) or over (late, missed at the drill's end).
    pub margin: Option<u64>,
    pub status: Status,
    /// When the team started the notification assessment after the clock started: an escalation
    /// to legal or the DPO took effect, or one of them acted. What a clock still running at the
    /// end is judged on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_at: Option<u64>,
}

/// A clock of the plan that does not bind the organisation, with where and to whom it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockOutOfScope {
    pub id: String,
    pub regulation: String,
    pub jurisdictions: Vec<Jurisdiction>,
    pub sectors: Vec<Sector>,
}

/// An HSEEP rating letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Letter {
    /// Performed without challenges.
    P,
    /// Performed with some challenges.
    S,
    /// Performed with major challenges.
    M,
    /// Unable to be performed.
    U,
    /// Not observed in this drill.
    #[serde(rename = "N/A")]
    NotApplicable,
}

impl Letter {
    /// The letter as written in reports: `P`, `S`, `M`, `U` or `N/A`.
    pub fn short(self) -> &'static str {
        match self {
            Letter::P => "P",
            Letter::S => "S",
            Letter::M => "M",
            Letter::U => "U",
            Letter::NotApplicable => "N/A",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub capability: String,
    pub name: String,
    pub rating: Letter,
    /// The rule that produced the rating, applied to the evidence.
    pub rule: String,
    /// What was judged, item by item.
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// 0–100; `None` when no capability could be rated (nothing was due).
    pub value: Option<u32>,
    pub parts: Vec<ScorePart>,
}

impl Score {
    /// `72/100`, or why there is no score.
    pub fn text(&self) -> String {
        self.value.map_or("not rated (nothing was due)".into(), |v| format!("{v}/100"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScorePart {
    pub capability: String,
    pub weight: u32,
    pub rating: Letter,
    /// Points earned out of `weight` (before re-weighting capabilities not observed away).
    pub points: f64,
}

/// What an item of evidence is about: a key into the evaluation's own tables (its metrics,
/// steps, expectations, escalations and clocks), so the report can word it and many runs can
/// count it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    Metric {
        metric: String,
    },
    /// The severity declared against the one the plan's matrix warranted.
    Severity,
    Step {
        playbook: String,
        step: String,
    },
    /// The `index`-th of `expectations`: what inject `inject` expected.
    Expectation {
        inject: String,
        index: usize,
    },
    Escalation {
        rule: String,
        role: String,
    },
    Clock {
        clock: String,
    },
    /// The team's action that stopped a stage before it did harm.
    Prevention {
        stage: String,
        by: Action,
        at: u64,
    },
}

/// How an item went.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    OnTime,
    /// Done late; by how much, when known.
    Late {
        by: Option<u64>,
    },
    Missed,
}

/// One item a rating was judged on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub subject: Subject,
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Why an item fell short, as the improvement plan reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Nothing showed the players the attack in time: no alert fired.
    NoAlert,
    /// The work fell to a role the plan does not staff (another role covers it), or the role
    /// could not be reached in time.
    Staffing,
    /// Nothing of the kind was done at all: the plan's step was not known or not followed.
    NotDone,
    /// Done, but on something other than what the step asked for.
    WrongTarget,
    /// Done, late.
    Slow,
    /// Severity declared below what the facts warranted.
    Misjudged,
}

/// The HSEEP capability element an improvement belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Element {
    Plan,
    Organization,
    Equipment,
    Training,
    Exercise,
}

/// The harm done while an item was overdue: from its deadline until it was done, or the incident
/// ended. What its priority is taken from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct HarmWhileDue {
    pub records: u64,
    pub hosts_encrypted: u64,
    /// Seconds of critical-service downtime.
    pub critical_downtime: u64,
}

/// One corrective action, for one shortfall or for the shortfalls of one playbook together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Improvement {
    pub capability: String,
    /// What fell short, with its verdicts: the items of one playbook together.
    pub evidence: Vec<Evidence>,
    pub cause: Cause,
    pub element: Element,
    /// The role the plan staffs that owns the corrective action.
    pub owner: String,
    pub priority: Priority,
    pub harm_while_due: HarmWhileDue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    Medium,
    Low,
}

/// A facilitator's observation during the drill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub at: u64,
    /// The room's clock when it was typed (UTC), for a drill run live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall: Option<String>,
    pub text: String,
}

/// The room's answer to one of an inject's discussion questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall: Option<String>,
    pub inject: String,
    /// The question's number within the inject, from 1.
    pub question: usize,
    pub text: String,
}

/// What a hot-wash remark is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemarkKind {
    /// Something that went well and should be kept.
    Strength,
    /// An area for improvement.
    Improvement,
    /// A participant's feedback on the exercise itself.
    Feedback,
}

/// One remark captured in the hot wash: what kind, on which capability, from whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Remark {
    pub at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall: Option<String>,
    pub kind: RemarkKind,
    /// The capability it is about (an id of the ratings'), when it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<String>,
    /// The person or role it came from.
    pub from: String,
    pub text: String,
}

/// What the room said and when, beside what it did: the evaluation's inputs that never touch the
/// simulation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Room {
    pub notes: Vec<Note>,
    pub answers: Vec<Answer>,
    pub hotwash: Vec<Remark>,
    pub held: Option<Held>,
    /// Who facilitated the drill, when named.
    pub facilitator: Option<String>,
}
