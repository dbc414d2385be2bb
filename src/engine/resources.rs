//! Resources: the run's global state — the indexed scenario and plan, the clock, random
//! streams, the adversary's progress, the team's pending actions, and the timeline.

use crate::action::{Action, ActionKind};
use crate::plan::model::Plan;
use crate::scenario::model::{Scenario, Topology};
use crate::timeline::{EndReason, EventKind, Timeline};
use bevy_ecs::prelude::*;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, BTreeSet};

/// A host group's place in the run's host list.
#[derive(Debug, Clone)]
pub struct GroupInfo {
    pub id: String,
    pub segment: usize,
    pub first: u32,
    pub count: u32,
    pub topology: Topology,
}

/// The scenario and plan, checked and indexed: ids resolved once, at setup.
#[derive(Resource)]
pub struct Setup {
    pub scenario: Scenario,
    pub plan: Plan,
    pub seed: u64,
    pub groups: Vec<GroupInfo>,
    /// For each segment, the segments it can reach directly.
    pub links: Vec<Vec<usize>>,
    /// Kind (`segment`, `group`, `stage`…) → id → index.
    pub index: BTreeMap<&'static str, BTreeMap<String, usize>>,
    /// For each detection, the stages it watches.
    pub watched: Vec<Vec<usize>>,
    pub durations: BTreeMap<ActionKind, u64>,
}

impl Setup {
    /// The index of the thing of `kind` (`segment`, `group`, `stage`…) with this id.
    pub fn find(&self, kind: &'static str, id: &str) -> Option<usize> {
        self.index.get(kind)?.get(id).copied()
    }

    pub fn host_count(&self) -> u32 {
        self.groups.last().map_or(0, |g| g.first + g.count)
    }
}

/// Simulated time: the current tick's time in seconds since the start.
#[derive(Resource, Debug, Clone, Copy)]
pub struct SimClock {
    pub now: u64,
    pub tick: u64,
    pub max: u64,
}

/// One random stream per purpose.
#[derive(Resource)]
pub struct Streams {
    pub adversary: ChaCha8Rng,
    pub targets: ChaCha8Rng,
    pub spread: ChaCha8Rng,
    pub defences: ChaCha8Rng,
    pub detection: ChaCha8Rng,
}

/// The timeline being written.
#[derive(Resource, Default)]
pub struct Log {
    pub timeline: Timeline,
}

impl Log {
    pub fn truth(&mut self, time: u64, kind: EventKind) {
        self.timeline.push(time, false, kind);
    }

    pub fn seen(&mut self, time: u64, kind: EventKind) {
        self.timeline.push(time, true, kind);
    }
}

/// A decision waiting to be applied at the next tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub role: String,
    pub action: Action,
    pub rationale: String,
}

#[derive(Resource, Default)]
pub struct Inbox {
    pub decisions: Vec<Decision>,
}

/// An accepted decision whose action has not yet taken effect.
#[derive(Debug, Clone)]
pub struct PendingAction {
    pub decision: u64,
    pub action: Action,
    pub effective_at: u64,
}

/// What the team has done and decided.
#[derive(Resource, Default)]
pub struct Team {
    pub next_decision: u64,
    pub pending: Vec<PendingAction>,
    pub blocked_iocs: BTreeSet<usize>,
    pub patched: BTreeSet<usize>,
    /// When each kind of action was first decided.
    pub first_decided: BTreeMap<ActionKind, u64>,
    pub declared_closed: bool,
}

/// Where a stage of the attack stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageState {
    Waiting,
    /// Succeeded at this time; its ongoing effects run until it is stopped.
    Succeeded(u64),
    Stopped,
}

/// The adversary's progress, and the detections, injects and impact that follow from it.
#[derive(Resource, Default)]
pub struct Progress {
    pub stages: Vec<StageState>,
    /// Detection index → time its alert reaches the players.
    pub alerts_due: BTreeMap<usize, u64>,
    pub alerts_delivered: BTreeMap<usize, u64>,
    pub injects_delivered: BTreeMap<usize, u64>,
    pub records_exfiltrated: u64,
    /// Hosts the adversary holds (encrypted ones included) and hosts encrypted, as of this tick.
    pub hosts_compromised: u64,
    pub hosts_encrypted: u64,
    pub peak_compromised: u64,
    pub peak_encrypted: u64,
    /// Estimated cost so far, in the scenario's currency.
    pub cost: f64,
    pub ended: Option<EndReason>,
}

/// Host entities by index, the host graph, and scratch space for the hosts' turn order.
#[derive(Resource, Default)]
pub struct Hosts {
    pub entities: Vec<Entity>,
    pub graph: HostGraph,
    /// (tick stamp, key) by host index; see `systems::hosts`.
    pub turns: Vec<(u64, u64)>,
}

/// Neighbours by host index, in compressed form: `offsets[h]..offsets[h + 1]` indexes the
/// neighbours of host `h`.
#[derive(Default)]
pub struct HostGraph {
    pub offsets: Vec<u32>,
    pub neighbours: Vec<u32>,
}

impl HostGraph {
    pub fn neighbours_of(&self, host: u32) -> &[u32] {
        let (from, to) = (self.offsets[host as usize] as usize, self.offsets[host as usize + 1] as usize);
        &self.neighbours[from..to]
    }
}
