//! Host by host, in a fresh random order each tick: a compromised host on a host graph tries
//! each clean neighbour, then the automated defences check it. Later hosts see earlier changes.

use crate::engine::components::{Host, HostState, HostStatus};
use crate::engine::resources::{Hosts, Log, Progress, Setup, SimClock, StageState, Streams};
use crate::scenario::model::{Defence, Effect};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;
use rand::RngExt;
use std::collections::BTreeMap;

/// Per-group counts of what happened this tick, logged once at the end.
#[derive(Default)]
struct Tally {
    compromised: BTreeMap<u16, u32>,
    cleaned: BTreeMap<u16, u32>,
    immune: BTreeMap<u16, u32>,
}

pub fn activate_hosts(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    index: Res<Hosts>,
    mut streams: ResMut<Streams>,
    progress: Res<Progress>,
    mut log: ResMut<Log>,
    mut hosts: Query<(&Host, &mut HostStatus)>,
) {
    let now = clock.now;
    // The strongest graph spread among stages that succeeded before this tick and still run.
    let spreading: Vec<(usize, f64)> = setup
        .scenario
        .adversary
        .stages
        .iter()
        .enumerate()
        .filter(|(i, _)| matches!(progress.stages[*i], StageState::Succeeded(t) if t < now))
        .flat_map(|(i, s)| {
            s.effects
                .iter()
                .filter_map(move |e| if let Effect::SpreadOnGraph { chance } = e { Some((i, *chance)) } else { None })
        })
        .collect();
    let mut checks: Vec<Option<(f64, f64, f64)>> = vec![None; setup.groups.len()];
    for Defence::HostCheck { group, check_chance, recovery_chance, immunity_chance } in
        &setup.scenario.environment.defences
    {
        if let Some(g) = setup.find("group", group) {
            checks[g] = Some((*check_chance, *recovery_chance, *immunity_chance));
        }
    }
    if spreading.is_empty() && checks.iter().all(Option::is_none) {
        return;
    }
    let mut order: Vec<u32> = (0..setup.host_count()).collect();
    for k in (1..order.len()).rev() {
        let j = streams.spread.random_range(0..=k);
        order.swap(k, j);
    }
    let mut tally = Tally::default();
    for &host in &order {
        let entity = index.entities[host as usize];
        let Ok((&info, status)) = hosts.get(entity) else { continue };
        let status = *status;
        if status.state == HostState::Compromised && !status.isolated {
            for &(_, chance) in &spreading {
                for &neighbour in index.neighbours_of(host) {
                    let Ok((other, mut other_status)) = hosts.get_mut(index.entities[neighbour as usize]) else {
                        continue;
                    };
                    if other_status.is_exposed() && streams.spread.random::<f64>() < chance {
                        other_status.state = HostState::Compromised;
                        *tally.compromised.entry(other.group).or_default() += 1;
                    }
                }
            }
        }
        if let Some((check, recovery, immunity)) = checks[usize::from(info.group)] {
            let Ok((_, mut status)) = hosts.get_mut(entity) else { continue };
            // Draws in Mesa's order: the check, then recovery, then immunity.
            let checked = streams.defences.random::<f64>() < check && status.state == HostState::Compromised;
            if checked && streams.defences.random::<f64>() < recovery {
                status.state = HostState::Clean;
                *tally.cleaned.entry(info.group).or_default() += 1;
                if streams.defences.random::<f64>() < immunity {
                    status.immune = true;
                    *tally.immune.entry(info.group).or_default() += 1;
                }
            }
        }
    }
    let name = |g: &u16| setup.groups[usize::from(*g)].id.clone();
    for (g, &count) in &tally.compromised {
        log.truth(now, EventKind::HostsCompromised { group: name(g), count });
    }
    for (g, &count) in &tally.cleaned {
        log.truth(now, EventKind::HostsCleaned { group: name(g), count });
    }
    for (g, &count) in &tally.immune {
        log.truth(now, EventKind::HostsImmune { group: name(g), count });
    }
}
