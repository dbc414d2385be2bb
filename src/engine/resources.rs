//! Resources: the run's global state — the compiled scenario and plan, the clock, the
//! adversary's progress, the team's pending actions, and the timeline.

use super::components::{Host, HostState, HostStatus};
use super::rng::Stream;
use crate::action::Action;
use crate::compile::{Compiled, DetectionIx, InjectIx, IocIx, SegmentIx, VulnIx};
use crate::cost::Cost;
use crate::timeline::{EndReason, EventKind, Situation, Timeline, WaitReason};
use bevy_ecs::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The compiled scenario and plan the run plays: shared, never changed.
#[derive(Resource, Clone)]
pub struct Setup(pub Arc<Compiled>);

impl std::ops::Deref for Setup {
    type Target = Compiled;

    fn deref(&self) -> &Compiled {
        &self.0
    }
}

/// Simulated time: the current tick's time in seconds since the start.
#[derive(Resource, Debug, Clone, Copy)]
pub struct SimClock {
    pub now: u64,
    pub tick: u64,
    pub max: u64,
}

/// The timeline being written.
#[derive(Resource, Default)]
pub struct Log {
    pub timeline: Timeline,
    /// Set once the drill has ended: the incident runs on hidden, so nothing more is seen.
    pub players_gone: bool,
}

impl Log {
    pub fn truth(&mut self, time: u64, kind: EventKind) {
        self.timeline.push(time, false, kind);
    }

    /// Something the players are shown, while the drill runs.
    pub fn seen(&mut self, time: u64, kind: EventKind) {
        self.timeline.push(time, !self.players_gone, kind);
    }

    /// The drill's end: the last thing the players see.
    pub fn drill_ended(&mut self, time: u64, reason: EndReason, cost: Cost) {
        self.seen(time, EventKind::RunEnded { reason, cost });
        self.players_gone = true;
    }
}

/// A decision waiting to be applied at the next tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub role: String,
    pub action: Action,
    pub rationale: String,
}

/// The facilitator's inputs waiting for the next tick, and the injects held back.
#[derive(Resource, Default)]
pub struct Inbox {
    pub decisions: Vec<Decision>,
    /// Injects to deliver at the next tick, whatever their trigger says.
    pub by_hand: Vec<crate::compile::InjectIx>,
    /// Injects kept back until released, even once their trigger holds.
    pub held: std::collections::BTreeSet<crate::compile::InjectIx>,
    /// Injects released since the last tick: the next tick runs, to deliver any whose trigger holds.
    pub released: Vec<crate::compile::InjectIx>,
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
    pub blocked_iocs: BTreeSet<IocIx>,
    pub patched: BTreeSet<VulnIx>,
    /// Every accepted decision's action with its time (in time order), and every action that took
    /// effect with its time: what triggers and the response's start are read from.
    pub decided: Vec<(u64, Action)>,
    pub done: Vec<(u64, Action)>,
    /// Each role's people at work: when the role answered its first call, and when each person
    /// on its roster is free again.
    pub crews: BTreeMap<String, Crew>,
    /// Each role, as a decision or an escalation names it, and when it was first engaged: it took
    /// a decision, or an escalation to it took effect. Response hours count from then.
    pub engaged: BTreeMap<String, u64>,
    /// Segments an investigation has finished in: their evidence is kept.
    pub investigated: BTreeSet<SegmentIx>,
    /// Hosts (by index) the players know are held: those an investigation found, until
    /// reimaged or found clean by a later one.
    pub known_held: BTreeSet<u32>,
    pub declared_closed: bool,
}

/// A role's people during the incident.
#[derive(Debug, Clone, Default)]
pub struct Crew {
    /// When the role answered its first call (its response time after that call), and whether
    /// that call came in business hours or off hours.
    pub engaged: Option<(u64, WaitReason)>,
    /// When each person on the roster is free again.
    pub free_at: Vec<u64>,
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
    pub alerts_due: BTreeMap<DetectionIx, u64>,
    pub alerts_delivered: BTreeMap<DetectionIx, u64>,
    pub injects_delivered: BTreeMap<InjectIx, u64>,
    pub records_exfiltrated: u64,
    /// Hosts the adversary holds (encrypted ones included) and hosts encrypted, as of this tick.
    pub hosts_compromised: u64,
    pub hosts_encrypted: u64,
    pub peak_compromised: u64,
    pub peak_encrypted: u64,
    /// Money stolen by the adversary, in the order it left.
    pub thefts: Vec<Theft>,
    /// Estimated cost so far, by component.
    pub cost: Cost,
    /// The situation as last recorded in the timeline.
    pub situation: Situation,
    /// When and why the drill ended (no more decisions).
    pub ended: Option<(u64, EndReason)>,
    /// Why the incident itself ended: the drill's own reason, or after a hidden run-on.
    pub incident_ended: Option<EndReason>,
}

/// A sum a stage stole, and whether a recall got it back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theft {
    pub amount: f64,
    pub stolen_at: u64,
    /// The last time at which a recall taking effect still works.
    pub recall_by: u64,
    pub recovered: bool,
}

impl Progress {
    /// Money stolen and not recovered.
    pub fn funds_lost(&self) -> f64 {
        self.thefts.iter().filter(|t| !t.recovered).fold(0.0, |sum, t| sum + t.amount)
    }

    /// Whether the drill ended for a reason that leaves the incident running (a close or an
    /// `end` before the scenario's own end).
    pub fn runs_on_hidden(&self) -> bool {
        self.ended.is_some() && self.incident_ended.is_none()
    }
}

/// Host entities by index, the host graph, and scratch space for the hosts' turn order.
#[derive(Resource, Default)]
pub struct Hosts {
    pub entities: Vec<Entity>,
    /// Host group by host index (fixed for the run).
    pub groups: Vec<u16>,
    pub graph: HostGraph,
    /// (tick stamp, key) by host index; see `systems::hosts`.
    pub turns: Vec<(u64, u64)>,
    /// Each host's dice for spread across segments, drawn every tick a spread runs.
    pub segment_spread: Vec<Stream>,
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

/// Hosts by state, kept current by every system that changes a host's state (all through
/// [`HostTally::set`]), so that no system has to count the hosts again.
#[derive(Resource, Default)]
pub struct HostTally {
    /// The compromised (not encrypted) hosts, by index.
    pub compromised: HostSet,
    /// Encrypted hosts, per segment and in all.
    pub encrypted_in: Vec<u64>,
    pub encrypted: u64,
    /// Hosts cut off the network by the team: how many, and which.
    pub isolated: u64,
    pub cut_off: HostSet,
    /// Hosts the adversary could take (clean, connected, not immune), by index: lets the hosts'
    /// turns skip looking up neighbours that cannot change.
    pub exposed: HostSet,
    /// Compromised or encrypted hosts that are not isolated: where the adversary can act from;
    /// in all, and per segment.
    pub footholds: u64,
    pub footholds_in: Vec<u64>,
    /// Isolated hosts per host group, beside each group's size: whether a whole group is cut off.
    isolated_in: Vec<u32>,
    group_sizes: Vec<u32>,
    /// Compromised or encrypted hosts brought back clean from a backup, in all.
    pub restored: u64,
}

impl HostTally {
    pub fn new(compiled: &Compiled) -> Self {
        let (hosts, segments) = (compiled.hosts, compiled.segments());
        HostTally {
            compromised: HostSet::new(hosts),
            encrypted_in: vec![0; segments],
            cut_off: HostSet::new(hosts),
            exposed: HostSet::full(hosts),
            footholds_in: vec![0; segments],
            isolated_in: vec![0; compiled.groups.len()],
            group_sizes: compiled.groups.iter().map(|g| g.count).collect(),
            ..HostTally::default()
        }
    }

    /// Whether every host of each group is isolated, by group index (an empty group is).
    pub fn groups_isolated(&self) -> Vec<bool> {
        self.isolated_in.iter().zip(&self.group_sizes).map(|(isolated, size)| isolated == size).collect()
    }

    /// Counts a host's foothold in or out of the totals.
    fn count_foothold(&mut self, host: &Host, add: bool) {
        let segment = &mut self.footholds_in[usize::from(host.segment)];
        if add {
            self.footholds += 1;
            *segment += 1;
        } else {
            self.footholds -= 1;
            *segment -= 1;
        }
    }

    /// Keeps the exposed set in step with a host's status.
    fn expose(&mut self, host: u32, status: &HostStatus) {
        if status.is_exposed() {
            self.exposed.insert(host);
        } else {
            self.exposed.remove(host);
        }
    }

    /// Makes a host immune to compromise.
    pub fn set_immune(&mut self, host: &Host, status: &mut HostStatus) {
        status.immune = true;
        self.expose(host.index, status);
    }

    /// Cuts a host off the network, or reconnects it, keeping the tally.
    pub fn set_isolated(&mut self, host: &Host, status: &mut HostStatus, isolated: bool) {
        if status.isolated == isolated {
            return;
        }
        if status.state != HostState::Clean {
            self.count_foothold(host, !isolated);
        }
        let group = &mut self.isolated_in[usize::from(host.group)];
        if isolated {
            self.isolated += 1;
            *group += 1;
            self.cut_off.insert(host.index);
        } else {
            self.isolated -= 1;
            *group -= 1;
            self.cut_off.remove(host.index);
        }
        status.isolated = isolated;
        self.expose(host.index, status);
    }

    /// Moves a host to `state`, keeping the tally.
    pub fn set(&mut self, host: &Host, status: &mut HostStatus, state: HostState) {
        let segment = usize::from(host.segment);
        match status.state {
            HostState::Compromised => {
                self.compromised.remove(host.index);
            }
            HostState::Encrypted => {
                self.encrypted_in[segment] -= 1;
                self.encrypted -= 1;
            }
            HostState::Clean => {}
        }
        match state {
            HostState::Compromised => {
                self.compromised.insert(host.index);
            }
            HostState::Encrypted => {
                self.encrypted_in[segment] += 1;
                self.encrypted += 1;
            }
            HostState::Clean => {}
        }
        let (was, is) = (status.state != HostState::Clean, state != HostState::Clean);
        if !status.isolated && was != is {
            self.count_foothold(host, is);
        }
        status.state = state;
        self.expose(host.index, status);
    }

    /// Hosts in the adversary's hands, encrypted ones included.
    pub fn held(&self) -> u64 {
        self.compromised.count() as u64 + self.encrypted
    }
}

/// A set of host indices as a bit per host: constant-time changes, iteration in index order.
#[derive(Default)]
pub struct HostSet {
    words: Vec<u64>,
    len: usize,
}

impl HostSet {
    pub fn new(hosts: u32) -> Self {
        HostSet { words: vec![0; (hosts as usize).div_ceil(64)], len: 0 }
    }

    /// Every host in `0..hosts`.
    pub fn full(hosts: u32) -> Self {
        let mut set = HostSet::new(hosts);
        (0..hosts).for_each(|h| set.insert(h));
        set
    }

    pub fn contains(&self, host: u32) -> bool {
        self.words[(host / 64) as usize] & (1u64 << (host % 64)) != 0
    }

    pub fn insert(&mut self, host: u32) {
        let (word, bit) = ((host / 64) as usize, 1u64 << (host % 64));
        if self.words[word] & bit == 0 {
            self.words[word] |= bit;
            self.len += 1;
        }
    }

    pub fn remove(&mut self, host: u32) {
        let (word, bit) = ((host / 64) as usize, 1u64 << (host % 64));
        if self.words[word] & bit != 0 {
            self.words[word] &= !bit;
            self.len -= 1;
        }
    }

    /// How many hosts are in the set.
    pub fn count(&self) -> usize {
        self.len
    }

    /// The members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.iter_in(0..(self.words.len() * 64) as u32)
    }

    /// The members within `hosts`, in increasing order.
    pub fn iter_in(&self, hosts: std::ops::Range<u32>) -> impl Iterator<Item = u32> + '_ {
        let words = (hosts.start / 64) as usize..hosts.end.div_ceil(64) as usize;
        let offset = words.start;
        self.words[words].iter().enumerate().flat_map(move |(w, &word)| {
            let base = (w + offset) as u32 * 64;
            // Only the bits of this word that fall within the range.
            let (low, high) = (hosts.start.saturating_sub(base), (hosts.end - base).min(64));
            let mut rest = if high > low { word & ((u64::MAX >> (64 - (high - low))) << low) } else { 0 };
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    base + bit
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_set_lists_the_members_in_a_range_in_order() {
        let mut set = HostSet::new(200);
        for host in [0, 5, 63, 64, 65, 127, 128, 190, 199] {
            set.insert(host);
        }
        let within = |from, to| set.iter_in(from..to).collect::<Vec<_>>();
        assert_eq!(within(0, 200), set.iter().collect::<Vec<_>>());
        assert_eq!(within(5, 65), [5, 63, 64]);
        assert_eq!(within(64, 128), [64, 65, 127]);
        assert_eq!(within(66, 127), Vec::<u32>::new());
        assert_eq!(within(128, 128), Vec::<u32>::new());
        assert_eq!(within(190, 200), [190, 199]);
    }
}
