//! The adversary's side: stages start when their preconditions hold and their chance comes up,
//! one-off effects happen on success (stolen funds among them), ongoing effects (spread,
//! exfiltration, encryption) act every tick after — until a countermeasure stops the stage.
//! Degraded services follow from the stages' state, in `services`.

use crate::compile::{Effect, IocIx, Need, SegmentIx, Stage, Stop};
use crate::engine::components::{Account, Backup, DataStore, Host, HostState, HostStatus, Segment};
use crate::engine::resources::{HostTally, Hosts, Log, Progress, Setup, SimClock, StageState, Team, Theft};
use crate::engine::rng::{Dice, Purpose, Roll, effect_key};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What the adversary can reach, by segment index.
pub(super) struct Position {
    isolated: Vec<bool>,
    /// Segments holding a host the adversary controls.
    footholds: Vec<bool>,
    /// Footholds and every segment reachable from them over links, around isolated segments.
    reach: Vec<bool>,
}

impl Position {
    pub(super) fn of(setup: &Setup, segments: &Query<&Segment>, tally: &HostTally) -> Position {
        let count = setup.segments();
        let mut isolated = vec![false; count];
        for s in segments {
            isolated[usize::from(s.index)] = s.isolated;
        }
        let footholds: Vec<bool> = tally.footholds_in.iter().map(|&n| n > 0).collect();
        let mut reach = footholds.clone();
        let mut frontier: Vec<usize> = (0..count).filter(|&s| footholds[s]).collect();
        while let Some(from) = frontier.pop() {
            for to in setup.links[from].iter().map(|s| s.get()) {
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
    // The hosts by state, and the host entities by index.
    (mut tally, index): (ResMut<HostTally>, Res<Hosts>),
) {
    let now = clock.now;
    // Both are worked out only when a stage needs them, and the position again only after a
    // stage has changed it.
    let mut group_isolated: Option<Vec<bool>> = None;
    let mut position: Option<Position> = None;
    for (i, stage) in setup.stages.iter().enumerate() {
        if progress.stages[i] == StageState::Stopped {
            continue;
        }
        let text = &setup.scenario.adversary.stages[i];
        if stage.stopped_by.iter().any(|(m, _)| matches!(m, Stop::IsolateHosts(_))) && group_isolated.is_none() {
            group_isolated = Some(tally.groups_isolated());
        }
        let group_isolated = group_isolated.as_deref().unwrap_or(&[]);
        if let Some(by) = stopper(&team, stage, &segments, &accounts.as_readonly(), group_isolated) {
            progress.stages[i] = StageState::Stopped;
            log.truth(now, EventKind::StageStopped { stage: text.id.clone(), by });
            continue;
        }
        let needs_position = match progress.stages[i] {
            StageState::Waiting => stage.needs.iter().any(|r| matches!(r, Need::Foothold(_))),
            StageState::Succeeded(since) => {
                since < now
                    && stage.effects.iter().any(|e| matches!(e, Effect::Spread { .. } | Effect::Exfiltrate { .. }))
            }
            StageState::Stopped => false,
        };
        if needs_position && position.is_none() {
            position = Some(Position::of(&setup, &segments, &tally));
        }
        match progress.stages[i] {
            StageState::Waiting => {
                let ready = ready(&team, stage, now, position.as_ref(), &accounts.as_readonly(), &progress.stages);
                if ready && dice.happens(Purpose::StageChance, stage.key, now, stage.chance) {
                    progress.stages[i] = StageState::Succeeded(now);
                    log.truth(
                        now,
                        EventKind::StageSucceeded { stage: text.id.clone(), technique: text.technique.clone() },
                    );
                    for (e, effect) in stage.effects.iter().enumerate() {
                        once(
                            &setup,
                            (&text.id, effect),
                            now,
                            dice.at(Purpose::Targets, effect_key(stage.key, e), now),
                            &mut progress,
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
                        (effect, effect_key(stage.key, e)),
                        now,
                        position.as_ref(),
                        &mut progress,
                        &mut log,
                        &mut hosts,
                        &index,
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

/// The first of the stage's countermeasures now in effect, as the team action that did it.
pub(super) fn stopper(
    team: &Team,
    stage: &Stage,
    segments: &Query<&Segment>,
    accounts: &Query<&Account>,
    group_isolated: &[bool],
) -> Option<crate::action::Action> {
    stage.stopped_by.iter().find_map(|(measure, action)| {
        let in_effect = match *measure {
            Stop::IsolateSegment(s) => segments.iter().any(|x| x.index == s.0 && x.isolated),
            Stop::IsolateHosts(g) => group_isolated.get(g.get()).copied().unwrap_or(false),
            Stop::DisableAccount(a) => accounts.iter().any(|x| x.index == a.0 && x.revoked),
            Stop::ResetCredentials(a) => accounts.iter().any(|x| x.index == a.0 && x.reset),
            Stop::BlockIoc(ioc) => team.blocked_iocs.contains(&ioc),
            Stop::Patch(v) => team.patched.contains(&v),
        };
        in_effect.then(|| action.clone())
    })
}

/// Whether a waiting stage may start at `now`: the stages it comes after succeeded before it,
/// and what it needs holds. A ready stage rolls its chance.
pub(super) fn ready(
    team: &Team,
    stage: &Stage,
    now: u64,
    position: Option<&Position>,
    accounts: &Query<&Account>,
    stages: &[StageState],
) -> bool {
    stage.after.iter().all(|a| matches!(stages[a.get()], StageState::Succeeded(t) if t < now))
        && stage.needs.iter().all(|r| holds(team, *r, position, accounts, stages))
}

fn holds(
    team: &Team,
    need: Need,
    position: Option<&Position>,
    accounts: &Query<&Account>,
    stages: &[StageState],
) -> bool {
    match need {
        Need::Stopped(s) => stages[s.get()] == StageState::Stopped,
        Need::Foothold(s) => position.is_some_and(|p| p.footholds[s.get()]),
        Need::Account(a) => accounts.iter().any(|x| x.index == a.0 && x.held_by_adversary && !x.revoked),
        Need::Unpatched(v) => !team.patched.contains(&v),
    }
}

/// One-off effects of a stage's success; the effect comes with its stage's id, `targets` are
/// the effect's draws for whom it hits.
fn once(
    setup: &Setup,
    (stage, effect): (&str, &Effect),
    now: u64,
    targets: Roll,
    progress: &mut Progress,
    log: &mut Log,
    hosts: &mut Query<(&Host, &mut HostStatus)>,
    tally: &mut HostTally,
    accounts: &mut Query<&mut Account>,
    backups: &mut Query<&mut Backup>,
) {
    let env = &setup.scenario.environment;
    match *effect {
        Effect::Compromise { group, hosts: wanted } => {
            let mut exposed: Vec<u32> =
                hosts.iter().filter(|(h, s)| h.group == group.0 && s.is_exposed()).map(|(h, _)| h.index).collect();
            let take = (wanted as usize).min(exposed.len());
            for k in 0..take {
                let pick = k + targets.below(k as u64, exposed.len() - k);
                exposed.swap(k, pick);
            }
            let chosen: BTreeSet<u32> = exposed[..take].iter().copied().collect();
            for (host, mut status) in hosts.iter_mut().filter(|(h, _)| chosen.contains(&h.index)) {
                tally.set(host, &mut status, HostState::Compromised);
            }
            if take > 0 {
                let group = setup.groups[group.get()].id.clone();
                log.truth(now, EventKind::HostsCompromised { group, count: take as u32 });
            }
        }
        Effect::GainAccount(a) => {
            for mut account in accounts.iter_mut().filter(|x| x.index == a.0 && !x.revoked) {
                account.held_by_adversary = true;
                log.truth(now, EventKind::AccountObtained { account: env.accounts[a.get()].id.clone() });
            }
        }
        Effect::DestroyBackup(b) => {
            if !setup.backups[b.get()].reachable {
                return;
            }
            for mut backup in backups.iter_mut().filter(|x| x.index == b.0 && !x.destroyed) {
                backup.destroyed = true;
                log.truth(now, EventKind::BackupDestroyed { backup: env.backups[b.get()].id.clone() });
            }
        }
        Effect::StealFunds { amount, recall_within } => {
            let recall_by = now.saturating_add(recall_within);
            progress.thefts.push(Theft { amount, stolen_at: now, recall_by, recovered: false });
            log.truth(now, EventKind::FundsStolen { stage: stage.to_string(), amount, recall_by });
        }
        Effect::Spread { .. }
        | Effect::SpreadOnGraph { .. }
        | Effect::Exfiltrate { .. }
        | Effect::Encrypt { .. }
        | Effect::DegradeService { .. } => {}
    }
}

/// Ongoing effects of a succeeded stage, for one tick; the effect comes with its draw coordinate.
fn ongoing(
    setup: &Setup,
    team: &Team,
    (effect, key): (&Effect, u64),
    now: u64,
    position: Option<&Position>,
    progress: &mut Progress,
    log: &mut Log,
    hosts: &mut Query<(&Host, &mut HostStatus)>,
    index: &Hosts,
    tally: &mut HostTally,
    stores: &mut Query<&mut DataStore>,
) {
    let group_id = |group: u16| setup.groups[usize::from(group)].id.clone();
    match effect {
        Effect::Spread { rate, segments } => {
            // Only exposed hosts within reach can be taken: each draws on its own.
            let mut taken_hosts: Vec<u32> = Vec::new();
            for segment in spread_segments(setup, segments, position) {
                let exposed = tally.exposed.iter_in(setup.hosts_in(segment));
                let dice = &index.segment_spread;
                taken_hosts.extend(exposed.filter(|&h| dice[h as usize].at(now).unit(key) < *rate));
            }
            let mut taken: BTreeMap<u16, u32> = BTreeMap::new();
            for h in taken_hosts {
                if let Ok((host, mut status)) = hosts.get_mut(index.entities[h as usize]) {
                    tally.set(host, &mut status, HostState::Compromised);
                    *taken.entry(host.group).or_default() += 1;
                }
            }
            for (&group, &count) in &taken {
                log.truth(now, EventKind::HostsCompromised { group: group_id(group), count });
            }
        }
        Effect::Exfiltrate { store, records_per_tick, via } => {
            let spec = &setup.stores[store.get()];
            if !exfiltration_open(team, *via, spec.segment, position) {
                return;
            }
            let mut moved = 0;
            for mut data in stores.iter_mut().filter(|d| d.index == store.0) {
                moved = (*records_per_tick).min(spec.records - data.exfiltrated);
                data.exfiltrated += moved;
            }
            if moved > 0 {
                progress.records_exfiltrated += moved;
                let text = &setup.scenario.environment.data_stores[store.get()];
                log.truth(
                    now,
                    EventKind::RecordsExfiltrated {
                        store: text.id.clone(),
                        records: moved,
                        classes: text.classes.clone(),
                    },
                );
            }
        }
        Effect::Encrypt { hosts_per_tick, segments } => {
            let chosen: Vec<u32> = encryptable(setup, tally, segments).take(*hosts_per_tick as usize).collect();
            let mut done: BTreeMap<u16, u32> = BTreeMap::new();
            for h in chosen {
                if let Ok((host, mut status)) = hosts.get_mut(index.entities[h as usize]) {
                    tally.set(host, &mut status, HostState::Encrypted);
                    *done.entry(host.group).or_default() += 1;
                }
            }
            for (&group, &count) in &done {
                log.truth(now, EventKind::HostsEncrypted { group: group_id(group), count });
            }
        }
        Effect::Compromise { .. }
        | Effect::SpreadOnGraph { .. }
        | Effect::GainAccount(_)
        | Effect::DestroyBackup(_)
        | Effect::DegradeService { .. }
        | Effect::StealFunds { .. } => {}
    }
}

/// Whether a running stage's ongoing effect could change anything this tick: a spread with a
/// host it could take, an exfiltration with records left to move, an encryption with a host to
/// take. A tick in which none could, nor anything else, is quiet (`super::quiet`).
pub(super) fn acts(
    setup: &Setup,
    team: &Team,
    effect: &Effect,
    position: Option<&Position>,
    tally: &HostTally,
    stores: &Query<&DataStore>,
) -> bool {
    match effect {
        Effect::Spread { segments, .. } => spread_segments(setup, segments, position)
            .any(|segment| tally.exposed.iter_in(setup.hosts_in(segment)).next().is_some()),
        Effect::Exfiltrate { store, via, .. } => {
            let spec = &setup.stores[store.get()];
            exfiltration_open(team, *via, spec.segment, position)
                && stores.iter().any(|d| d.index == store.0 && d.exfiltrated < spec.records)
        }
        Effect::Encrypt { segments, .. } => encryptable(setup, tally, segments).next().is_some(),
        Effect::Compromise { .. }
        | Effect::SpreadOnGraph { .. }
        | Effect::GainAccount(_)
        | Effect::DestroyBackup(_)
        | Effect::DegradeService { .. }
        | Effect::StealFunds { .. } => false,
    }
}

/// Whether a segment is among an effect's own (all are, with no list).
fn allowed(mask: &Option<Vec<bool>>, segment: usize) -> bool {
    mask.as_ref().is_none_or(|m| m[segment])
}

/// The segments a spread can take hosts in now: its own, within the adversary's reach.
fn spread_segments<'a>(
    setup: &'a Setup,
    mask: &'a Option<Vec<bool>>,
    position: Option<&'a Position>,
) -> impl Iterator<Item = usize> + 'a {
    (0..setup.segments()).filter(move |&s| position.is_some_and(|p| p.reach[s]) && allowed(mask, s))
}

/// The hosts an encryption can take, in host order: compromised and connected, in its segments.
fn encryptable<'a>(
    setup: &'a Setup,
    tally: &'a HostTally,
    mask: &'a Option<Vec<bool>>,
) -> impl Iterator<Item = u32> + 'a {
    (0..setup.segments())
        .filter(move |&s| allowed(mask, s))
        .flat_map(move |s| tally.compromised.iter_in(setup.hosts_in(s)))
        .filter(move |&h| !tally.cut_off.contains(h))
}

/// Whether records can leave a store in `segment` now: the channel is not blocked, and the
/// segment is within reach and connected.
fn exfiltration_open(team: &Team, via: Option<IocIx>, segment: SegmentIx, position: Option<&Position>) -> bool {
    let segment = usize::from(segment.0);
    !via.is_some_and(|ioc| team.blocked_iocs.contains(&ioc))
        && position.is_some_and(|p| !p.isolated[segment] && p.reach[segment])
}
