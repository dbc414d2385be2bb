//! The adversary's side: stages start when their preconditions hold and their chance comes up,
//! one-off effects happen on success, ongoing effects (spread, exfiltration, encryption) act
//! every tick after — until a countermeasure stops the stage.

use crate::engine::components::{Account, Backup, DataStore, Host, HostState, HostStatus, Segment};
use crate::engine::resources::{HostTally, Log, Progress, Setup, SimClock, StageState, Team};
use crate::engine::rng::{Dice, Purpose, Roll};
use crate::scenario::model::{Countermeasure, Effect, Requirement, Stage};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What the adversary can reach, by segment index.
struct Position {
    isolated: Vec<bool>,
    /// Segments holding a host the adversary controls.
    footholds: Vec<bool>,
    /// Footholds and every segment reachable from them over links, around isolated segments.
    reach: Vec<bool>,
}

impl Position {
    fn of(setup: &Setup, segments: &Query<&Segment>, hosts: &Query<(&Host, &mut HostStatus)>) -> Position {
        let count = setup.links.len();
        let mut isolated = vec![false; count];
        for s in segments {
            isolated[usize::from(s.index)] = s.isolated;
        }
        let mut footholds = vec![false; count];
        for (host, status) in hosts {
            footholds[usize::from(host.segment)] |= status.is_foothold();
        }
        let mut reach = footholds.clone();
        let mut frontier: Vec<usize> = (0..count).filter(|&s| footholds[s]).collect();
        while let Some(from) = frontier.pop() {
            for &to in &setup.links[from] {
                if !isolated[to] && !reach[to] {
                    reach[to] = true;
                    frontier.push(to);
                }
            }
        }
        Position { isolated, footholds, reach }
    }
}

/// Moves every stage of the attack one tick on.
pub fn advance_adversary(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    team: Res<Team>,
    dice: Res<Dice>,
    mut progress: ResMut<Progress>,
    mut log: ResMut<Log>,
    segments: Query<&Segment>,
    mut hosts: Query<(&Host, &mut HostStatus)>,
    mut accounts: Query<&mut Account>,
    mut stores: Query<&mut DataStore>,
    mut backups: Query<&mut Backup>,
    mut tally: ResMut<HostTally>,
) {
    let now = clock.now;
    // Both are full passes over the hosts: worked out only when a stage needs them, and the
    // position again only after a stage has changed it.
    let mut group_isolated: Option<Vec<bool>> = None;
    let mut position: Option<Position> = None;
    for (i, stage) in setup.scenario.adversary.stages.iter().enumerate() {
        if progress.stages[i] == StageState::Stopped {
            continue;
        }
        if stage.stopped_by.iter().any(|m| matches!(m, Countermeasure::IsolateHosts(_))) && group_isolated.is_none() {
            let mut all = vec![true; setup.groups.len()];
            for (h, s) in &hosts {
                all[usize::from(h.group)] &= s.isolated;
            }
            group_isolated = Some(all);
        }
        if let Some(by) = stopper(&setup, &team, stage, &segments, &accounts, group_isolated.as_deref().unwrap_or(&[]))
        {
            progress.stages[i] = StageState::Stopped;
            log.truth(now, EventKind::StageStopped { stage: stage.id.clone(), by });
            continue;
        }
        let needs_position = match progress.stages[i] {
            StageState::Waiting => stage.requires.iter().any(|r| matches!(r, Requirement::Foothold(_))),
            StageState::Succeeded(since) => {
                since < now
                    && stage.effects.iter().any(|e| matches!(e, Effect::Spread { .. } | Effect::Exfiltrate { .. }))
            }
            StageState::Stopped => false,
        };
        if needs_position && position.is_none() {
            position = Some(Position::of(&setup, &segments, &hosts));
        }
        match progress.stages[i] {
            StageState::Waiting => {
                let ready = stage.after.iter().all(|a| {
                    setup
                        .find("stage", a)
                        .is_some_and(|s| matches!(progress.stages[s], StageState::Succeeded(t) if t < now))
                }) && stage.requires.iter().all(|r| holds(&setup, &team, r, position.as_ref(), &accounts));
                if ready && dice.happens(Purpose::StageChance, i as u64, now, stage.chance) {
                    progress.stages[i] = StageState::Succeeded(now);
                    log.truth(
                        now,
                        EventKind::StageSucceeded { stage: stage.id.clone(), technique: stage.technique.clone() },
                    );
                    for (e, effect) in stage.effects.iter().enumerate() {
                        once(
                            &setup,
                            effect,
                            now,
                            dice.at(Purpose::Targets, effect_key(i, e), now),
                            &mut log,
                            &mut hosts,
                            &mut tally,
                            &mut accounts,
                            &mut backups,
                        );
                    }
                    position = None;
                }
            }
            StageState::Succeeded(since) if since < now => {
                for (e, effect) in stage.effects.iter().enumerate() {
                    ongoing(
                        &setup,
                        &team,
                        (effect, effect_key(i, e)),
                        now,
                        position.as_ref(),
                        &dice,
                        &mut progress,
                        &mut log,
                        &mut hosts,
                        &mut tally,
                        &mut stores,
                    );
                }
                if stage.effects.iter().any(|e| matches!(e, Effect::Spread { .. })) {
                    position = None;
                }
            }
            StageState::Succeeded(_) | StageState::Stopped => {}
        }
    }
}

/// The first of the stage's countermeasures now in effect, described.
fn stopper(
    setup: &Setup,
    team: &Team,
    stage: &Stage,
    segments: &Query<&Segment>,
    accounts: &Query<&mut Account>,
    group_isolated: &[bool],
) -> Option<crate::action::Action> {
    stage.stopped_by.iter().find_map(|measure| {
        let in_effect = match measure {
            Countermeasure::IsolateSegment(id) => {
                let index = setup.find("segment", id)?;
                segments.iter().any(|s| usize::from(s.index) == index && s.isolated)
            }
            Countermeasure::IsolateHosts(id) => *group_isolated.get(setup.find("group", id)?)?,
            Countermeasure::DisableAccount(id) => {
                let index = setup.find("account", id)?;
                accounts.iter().any(|a| usize::from(a.index) == index && a.revoked)
            }
            Countermeasure::ResetCredentials(id) => {
                let index = setup.find("account", id)?;
                accounts.iter().any(|a| usize::from(a.index) == index && a.reset)
            }
            Countermeasure::BlockIoc(id) => team.blocked_iocs.contains(&setup.find("ioc", id)?),
            Countermeasure::Patch(id) => team.patched.contains(&setup.find("vulnerability", id)?),
        };
        in_effect.then(|| crate::action::Action::from(measure))
    })
}

fn holds(
    setup: &Setup,
    team: &Team,
    requirement: &Requirement,
    position: Option<&Position>,
    accounts: &Query<&mut Account>,
) -> bool {
    match requirement {
        Requirement::Foothold(id) => {
            setup.find("segment", id).is_some_and(|s| position.is_some_and(|p| p.footholds[s]))
        }
        Requirement::Account(id) => setup.find("account", id).is_some_and(|index| {
            accounts.iter().any(|a| usize::from(a.index) == index && a.held_by_adversary && !a.revoked)
        }),
        Requirement::Unpatched(id) => setup.find("vulnerability", id).is_some_and(|v| !team.patched.contains(&v)),
    }
}

/// A stage's effect as a draw coordinate: unique per (stage, effect), whatever else happens.
fn effect_key(stage: usize, effect: usize) -> u64 {
    (stage as u64) << 32 | effect as u64
}

/// One-off effects of a stage's success; `targets` are the effect's draws for whom it hits.
fn once(
    setup: &Setup,
    effect: &Effect,
    now: u64,
    targets: Roll,
    log: &mut Log,
    hosts: &mut Query<(&Host, &mut HostStatus)>,
    tally: &mut HostTally,
    accounts: &mut Query<&mut Account>,
    backups: &mut Query<&mut Backup>,
) {
    match effect {
        Effect::Compromise { group, hosts: wanted } => {
            let Some(g) = setup.find("group", group) else { return };
            let mut exposed: Vec<u32> = hosts
                .iter()
                .filter(|(h, s)| usize::from(h.group) == g && s.is_exposed())
                .map(|(h, _)| h.index)
                .collect();
            let take = (*wanted as usize).min(exposed.len());
            for k in 0..take {
                let pick = k + targets.below(k as u64, exposed.len() - k);
                exposed.swap(k, pick);
            }
            let chosen: BTreeSet<u32> = exposed[..take].iter().copied().collect();
            for (host, mut status) in hosts.iter_mut().filter(|(h, _)| chosen.contains(&h.index)) {
                tally.set(host, &mut status, HostState::Compromised);
            }
            if take > 0 {
                log.truth(now, EventKind::HostsCompromised { group: group.clone(), count: take as u32 });
            }
        }
        Effect::GainAccount(id) => {
            let index = setup.find("account", id).unwrap_or(usize::MAX);
            for mut account in accounts.iter_mut().filter(|a| usize::from(a.index) == index && !a.revoked) {
                account.held_by_adversary = true;
                log.truth(now, EventKind::AccountObtained { account: id.clone() });
            }
        }
        Effect::DestroyBackup(id) => {
            let index = setup.find("backup", id).unwrap_or(usize::MAX);
            if !setup.scenario.environment.backups.get(index).is_some_and(|b| b.reachable_by_adversary) {
                return;
            }
            for mut backup in backups.iter_mut().filter(|b| usize::from(b.index) == index && !b.destroyed) {
                backup.destroyed = true;
                log.truth(now, EventKind::BackupDestroyed { backup: id.clone() });
            }
        }
        Effect::Spread { .. } | Effect::SpreadOnGraph { .. } | Effect::Exfiltrate { .. } | Effect::Encrypt { .. } => {}
    }
}

/// Ongoing effects of a succeeded stage, for one tick; the effect comes with its draw coordinate.
fn ongoing(
    setup: &Setup,
    team: &Team,
    (effect, key): (&Effect, u64),
    now: u64,
    position: Option<&Position>,
    dice: &Dice,
    progress: &mut Progress,
    log: &mut Log,
    hosts: &mut Query<(&Host, &mut HostStatus)>,
    tally: &mut HostTally,
    stores: &mut Query<&mut DataStore>,
) {
    // The listed segments resolved once, not per host: `None` means every segment.
    let mask = |segments: &[String]| -> Option<Vec<bool>> {
        (!segments.is_empty()).then(|| {
            let mut allowed = vec![false; setup.links.len()];
            segments.iter().filter_map(|s| setup.find("segment", s)).for_each(|s| allowed[s] = true);
            allowed
        })
    };
    let allowed = |mask: &Option<Vec<bool>>, segment: usize| mask.as_ref().is_none_or(|m| m[segment]);
    match effect {
        Effect::Spread { rate, segments } => {
            let segments = mask(segments);
            let mut taken: BTreeMap<u16, u32> = BTreeMap::new();
            for (host, mut status) in hosts.iter_mut() {
                let segment = usize::from(host.segment);
                if status.is_exposed()
                    && position.is_some_and(|p| p.reach[segment])
                    && allowed(&segments, segment)
                    && dice.at(Purpose::SegmentSpread, u64::from(host.index), now).unit(key) < *rate
                {
                    tally.set(host, &mut status, HostState::Compromised);
                    *taken.entry(host.group).or_default() += 1;
                }
            }
            for (&group, &count) in &taken {
                log.truth(
                    now,
                    EventKind::HostsCompromised { group: setup.groups[usize::from(group)].id.clone(), count },
                );
            }
        }
        Effect::Exfiltrate { store, records_per_tick, via } => {
            if via.as_ref().is_some_and(|ioc| setup.find("ioc", ioc).is_some_and(|i| team.blocked_iocs.contains(&i))) {
                return;
            }
            let Some(index) = setup.find("store", store) else { return };
            let spec = &setup.scenario.environment.data_stores[index];
            let Some(segment) = setup.find("segment", &spec.segment) else { return };
            if !position.is_some_and(|p| !p.isolated[segment] && p.reach[segment]) {
                return;
            }
            let mut moved = 0;
            for mut data in stores.iter_mut().filter(|d| usize::from(d.index) == index) {
                moved = (*records_per_tick).min(spec.records - data.exfiltrated);
                data.exfiltrated += moved;
            }
            if moved > 0 {
                progress.records_exfiltrated += moved;
                log.truth(
                    now,
                    EventKind::RecordsExfiltrated {
                        store: store.clone(),
                        records: moved,
                        classes: spec.classes.clone(),
                    },
                );
            }
        }
        Effect::Encrypt { hosts_per_tick, segments } => {
            let segments = mask(segments);
            let mut left = *hosts_per_tick;
            let mut done: BTreeMap<u16, u32> = BTreeMap::new();
            for (host, mut status) in hosts.iter_mut() {
                if left == 0 {
                    break;
                }
                if status.state == HostState::Compromised
                    && !status.isolated
                    && allowed(&segments, usize::from(host.segment))
                {
                    tally.set(host, &mut status, HostState::Encrypted);
                    *done.entry(host.group).or_default() += 1;
                    left -= 1;
                }
            }
            for (&group, &count) in &done {
                log.truth(now, EventKind::HostsEncrypted { group: setup.groups[usize::from(group)].id.clone(), count });
            }
        }
        Effect::Compromise { .. }
        | Effect::SpreadOnGraph { .. }
        | Effect::GainAccount(_)
        | Effect::DestroyBackup(_) => {}
    }
}
