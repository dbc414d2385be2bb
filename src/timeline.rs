//! The timeline: the ordered record of everything that happened in one run, as plain data.
//! The engine writes it; evaluation, reports and the console read it. Schema: docs/timeline.md.

use crate::action::Action;
use crate::cost::Cost;
use crate::rejection::Rejection;
use crate::scenario::model::{AlertSeverity, Channel, DataClass};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One thing that happened, at a sim time. `seq` orders events that share a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    /// Seconds since the scenario's start.
    pub time: u64,
    /// Whether the players could know it (alerts, injects, their own actions and results).
    pub visible: bool,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    RunStarted {
        scenario: String,
        plan: String,
        seed: u64,
    },
    StageSucceeded {
        stage: String,
        technique: String,
    },
    /// A stage's ongoing effects end: the team's action that stopped it is in effect.
    StageStopped {
        stage: String,
        by: Action,
    },
    HostsCompromised {
        group: String,
        count: u32,
    },
    HostsEncrypted {
        group: String,
        count: u32,
    },
    HostsCleaned {
        group: String,
        count: u32,
    },
    HostsImmune {
        group: String,
        count: u32,
    },
    AccountObtained {
        account: String,
    },
    RecordsExfiltrated {
        store: String,
        records: u64,
        classes: Vec<DataClass>,
    },
    BackupDestroyed {
        backup: String,
    },
    /// Money left the organisation; a recall that takes effect by `recall_by` gets it back.
    FundsStolen {
        stage: String,
        amount: f64,
        recall_by: u64,
    },
    /// A recall got back money stolen at `stolen_at`.
    FundsRecovered {
        amount: f64,
        stolen_at: u64,
    },
    DetectionFired {
        detection: String,
    },
    AlertRaised {
        detection: String,
        title: String,
        severity: AlertSeverity,
        text: String,
        to: Vec<String>,
    },
    InjectDelivered {
        inject: String,
        title: String,
        from: String,
        to: Vec<String>,
        channel: Channel,
        text: String,
        /// Sent by the facilitator's hand (`inject <id>`), not by its trigger.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        by_hand: bool,
    },
    DecisionTaken {
        decision: u64,
        role: String,
        action: Action,
        rationale: String,
        effective_at: u64,
        /// Set when the work could not start at once: when it starts, and why it waited.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        waits: Option<Wait>,
    },
    DecisionRejected {
        role: String,
        action: Action,
        reason: Rejection,
    },
    ActionTookEffect {
        decision: u64,
        action: Action,
    },
    ActionFailed {
        decision: u64,
        action: Action,
        reason: Rejection,
    },
    ServiceDown {
        service: String,
    },
    ServiceRestored {
        service: String,
    },
    /// A running service lost this share of its capacity to an attack (in (0, 1)), or a new share.
    ServiceDegraded {
        service: String,
        fraction: f64,
    },
    /// A degraded service runs in full again, or went down altogether.
    ServiceDegradationEnded {
        service: String,
    },
    /// The state of the incident, recorded at the end of every tick in which it changed.
    Situation(Situation),
    /// A restore wiped held hosts in a segment no investigation had looked at: the root cause
    /// there is lost. Hidden from the players; the evaluation finds it.
    EvidenceLost {
        decision: u64,
        segment: String,
        hosts: u32,
    },
    /// What an investigation (`CollectEvidence`) found in a segment, true when it finished:
    /// hosts the adversary holds there per host group, the indicators of its running stages (when
    /// it holds a host there), the accounts it holds that can log on there, and the
    /// vulnerabilities its stages exploited on hosts there.
    Finding {
        decision: u64,
        segment: String,
        hosts: BTreeMap<String, u32>,
        indicators: Vec<String>,
        accounts: Vec<String>,
        vulnerabilities: Vec<String>,
    },
    /// The drill ended. `cost` is the estimated cost of the incident so far, by component, in the
    /// scenario's currency.
    RunEnded {
        reason: EndReason,
        cost: Cost,
    },
    /// A drill that ended early (declared closed, ended by the facilitator) runs on hidden to the
    /// incident's true end: this marks that end, why (time up, an impact limit, contained and
    /// recovered) and the cost of the whole incident. Never shown to the players.
    IncidentEnded {
        reason: EndReason,
        cost: Cost,
    },
}

/// Why a decision's work started later than the decision: the role had to be reached first, or
/// everyone on its roster was busy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wait {
    pub starts_at: u64,
    pub why: WaitReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitReason {
    /// The role's first call in the incident, in business hours.
    FirstResponseBusinessHours,
    /// The role's first call in the incident, off hours (on call).
    FirstResponseOffHours,
    /// Everyone on the role's roster is busy with earlier work.
    RosterBusy,
}

impl WaitReason {
    pub fn text(self) -> &'static str {
        match self {
            WaitReason::FirstResponseBusinessHours => "first call, business hours",
            WaitReason::FirstResponseOffHours => "on call, off hours",
            WaitReason::RosterBusy => "everyone on the roster busy",
        }
    }
}

/// Counts that say how far the adversary got and how far the team has brought things back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Situation {
    /// Hosts the adversary holds, encrypted ones included.
    pub compromised: u64,
    pub encrypted: u64,
    /// Hosts cut off the network by the team.
    pub isolated: u64,
    /// Compromised or encrypted hosts brought back from a backup, since the start.
    pub restored: u64,
    /// Compromised or encrypted hosts still on the network: where the adversary can act from.
    pub footholds: u64,
    /// Accounts whose working credentials the adversary holds.
    pub accounts_held: u64,
    pub services_down: u64,
}

impl Situation {
    /// The adversary can act from nowhere: no foothold host and no working account.
    pub fn contained(&self) -> bool {
        self.footholds == 0 && self.accounts_held == 0
    }

    /// Nothing of the adversary's is left: no host compromised or encrypted, no working account.
    pub fn eradicated(&self) -> bool {
        self.compromised == 0 && self.accounts_held == 0
    }

    /// Eradicated, and every business service is back.
    pub fn recovered(&self) -> bool {
        self.eradicated() && self.services_down == 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    TimeUp,
    ContainedAndRecovered,
    ImpactLimit,
    /// Every stage of the attack is stopped or can never start, nothing is held and every
    /// service is up: nothing more can happen.
    AttackStopped,
    DeclaredClosed,
    /// The facilitator ended the drill before the scenario did (`end` at the console).
    EndedByFacilitator,
}

impl EndReason {
    /// Why the drill ended, in words.
    pub fn text(self) -> &'static str {
        match self {
            EndReason::TimeUp => "time ran out",
            EndReason::ContainedAndRecovered => "the incident was contained and services recovered",
            EndReason::ImpactLimit => "the scenario's impact limit was reached",
            EndReason::AttackStopped => "the attack was stopped and nothing more can happen",
            EndReason::DeclaredClosed => "the team declared the incident closed",
            EndReason::EndedByFacilitator => "the facilitator ended the drill",
        }
    }
}

/// A whole run's record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub events: Vec<Event>,
}

impl Timeline {
    /// Appends an event at `time`, numbering it after the last.
    /// The seed the run was started with (0 for a timeline with no start).
    pub fn seed(&self) -> u64 {
        self.events
            .iter()
            .find_map(|e| if let EventKind::RunStarted { seed, .. } = e.kind { Some(seed) } else { None })
            .unwrap_or(0)
    }

    pub fn push(&mut self, time: u64, visible: bool, kind: EventKind) {
        let seq = self.events.len() as u64;
        self.events.push(Event { seq, time, visible, kind });
    }

    /// What the players could see: only visible events.
    pub fn player_view(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(|e| e.visible)
    }
}
