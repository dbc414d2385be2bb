//! Host by host, in a fresh random order each tick: a compromised host on a host graph tries
//! each clean neighbour, then the automated defences check it. Later hosts see earlier changes.
//!
//! Only compromised hosts do anything on their turn, so instead of shuffling every host the
//! order is drawn lazily: each compromised host gets an independent random key, hosts act in
//! key order, and a host compromised during the tick draws its key then — acting this tick only
//! if its key comes after the current one. Independent uniform keys order hosts exactly as a
//! uniform shuffle does, at the cost of the hosts that act rather than all of them.

use crate::compile::Effect;
use crate::engine::components::{Host, HostState, HostStatus};
use crate::engine::resources::{HostTally, Hosts, Log, Progress, Setup, SimClock, StageState};
use crate::engine::rng::{Dice, Purpose, effect_key};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Makes the timeline event for a group and a count.
type GroupEvent = fn(String, u32) -> EventKind;

/// Per-group counts of what happened this tick, logged once at the end.
struct TickCounts {
    compromised: Vec<u32>,
    cleaned: Vec<u32>,
    immune: Vec<u32>,
}

pub fn activate_hosts(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    mut index: ResMut<Hosts>,
    dice: Res<Dice>,
    progress: Res<Progress>,
    mut log: ResMut<Log>,
    mut hosts: Query<(&Host, &mut HostStatus)>,
    mut tally: ResMut<HostTally>,
) {
    let now = clock.now;
    // The graph spreads of stages that succeeded before this tick and still run, each with its
    // draw coordinate: (stage, effect) in the top 32 bits, leaving the low 32 for the neighbour.
    let mut spreading: Vec<(u64, f64)> = Vec::new();
    for (i, stage) in setup.stages.iter().enumerate() {
        if matches!(progress.stages[i], StageState::Succeeded(t) if t < now) {
            for (e, effect) in stage.effects.iter().enumerate() {
                if let Effect::SpreadOnGraph { chance } = effect {
                    spreading.push((effect_key(stage.key, e) << 32, *chance));
                }
            }
        }
    }
    let checks: Vec<Option<(f64, f64, f64)>> = setup.groups.iter().map(|g| g.check).collect();
    if spreading.is_empty() && checks.iter().all(Option::is_none) {
        return;
    }
    // Each host's turn this tick: its key, drawn once, when it first matters.
    let Hosts { entities, groups: group_of, graph, turns: scratch, .. } = &mut *index;
    let mut turn_of = TurnKeys::for_tick(scratch, now, &dice);
    let mut turns = Turns::default();
    for host in tally.compromised.iter() {
        turns.first.push((turn_of.key(host), host));
    }
    turns.first.sort_unstable_by(|a, b| b.cmp(a));
    let groups = setup.groups.len();
    let mut counts = TickCounts { compromised: vec![0; groups], cleaned: vec![0; groups], immune: vec![0; groups] };
    // Host state is read from the tally's bit sets; an entity is looked up only to change it.
    while let Some((key, host)) = turns.next() {
        let compromised = tally.compromised.contains(host);
        if compromised && !tally.cut_off.contains(host) {
            let roll = dice.at(Purpose::GraphSpread, u64::from(host), now);
            for &(effect, chance) in &spreading {
                for (k, &neighbour) in graph.neighbours_of(host).iter().enumerate() {
                    // Each susceptible neighbour gets its own independent chance, as in Mesa.
                    if !tally.exposed.contains(neighbour) || roll.unit(effect | k as u64) >= chance {
                        continue;
                    }
                    if let Ok((other, mut other_status)) = hosts.get_mut(entities[neighbour as usize]) {
                        tally.set(other, &mut other_status, HostState::Compromised);
                        counts.compromised[usize::from(other.group)] += 1;
                        let turn = turn_of.key(neighbour);
                        if (turn, neighbour) > (key, host) {
                            turns.later.push(Reverse((turn, neighbour)));
                        }
                    }
                }
            }
        }
        let group = usize::from(group_of[host as usize]);
        if let Some((check, recovery, immunity)) = checks[group] {
            // A compromised host is checked, then may recover, then may become immune (Mesa's order).
            let roll = dice.at(Purpose::Defences, u64::from(host), now);
            if compromised
                && roll.unit(0) < check
                && roll.unit(1) < recovery
                && let Ok((info, mut status)) = hosts.get_mut(entities[host as usize])
            {
                tally.set(info, &mut status, HostState::Clean);
                counts.cleaned[group] += 1;
                if roll.unit(2) < immunity {
                    tally.set_immune(info, &mut status);
                    counts.immune[group] += 1;
                }
            }
        }
    }
    let kinds: [(&[u32], GroupEvent); 3] = [
        (&counts.compromised, |group, count| EventKind::HostsCompromised { group, count }),
        (&counts.cleaned, |group, count| EventKind::HostsCleaned { group, count }),
        (&counts.immune, |group, count| EventKind::HostsImmune { group, count }),
    ];
    for (per_group, event) in kinds {
        for (group, &count) in setup.groups.iter().zip(per_group).filter(|(_, c)| **c > 0) {
            log.truth(now, event(group.id.clone(), count));
        }
    }
}

/// Turn keys drawn this tick, by host index; a key from an earlier tick counts as not drawn.
struct TurnKeys<'a> {
    scratch: &'a mut Vec<(u64, u64)>,
    now: u64,
    dice: &'a Dice,
}

impl<'a> TurnKeys<'a> {
    fn for_tick(scratch: &'a mut Vec<(u64, u64)>, now: u64, dice: &'a Dice) -> Self {
        TurnKeys { scratch, now, dice }
    }

    fn key(&mut self, host: u32) -> u64 {
        // Tick times start at 0; stamped one on, so that a zeroed slot never looks drawn.
        let slot = &mut self.scratch[host as usize];
        if slot.0 != self.now + 1 {
            *slot = (self.now + 1, self.dice.at(Purpose::TurnOrder, u64::from(host), self.now).bits(0));
        }
        slot.1
    }
}

/// Hosts waiting for their turn: those compromised at the start of the tick, sorted once (last
/// turn first, so the next is popped from the end), and those compromised during it, in a heap.
#[derive(Default)]
struct Turns {
    first: Vec<(u64, u32)>,
    later: BinaryHeap<Reverse<(u64, u32)>>,
}

impl Turns {
    /// The next host to act, in key order across both lists.
    fn next(&mut self) -> Option<(u64, u32)> {
        match (self.first.last(), self.later.peek()) {
            (Some(&a), Some(&Reverse(b))) if b < a => self.later.pop().map(|Reverse(t)| t),
            (Some(_), _) => self.first.pop(),
            (None, _) => self.later.pop().map(|Reverse(t)| t),
        }
    }
}
