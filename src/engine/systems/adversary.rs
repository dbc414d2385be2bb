//! The adversary's side: stages start when their preconditions hold and their chance comes up,
//! one-off effects happen on success (stolen funds among them), ongoing effects (spread,
//! exfiltration, encryption) act every tick after — until a countermeasure stops the stage.
//! Degraded services follow from the stages' state, in `services`.

use crate::compile::{Effect, Need, SegmentIx, Stage, Stop};
use crate::engine::components::{Account, Backup, DataStore, Host, HostState, HostStatus, Segment};
use crate::engine::resources::{HostTally, Hosts, Log, Progress, Setup, SimClock, StageState, Team, Theft};
use crate::engine::rng::{Dice, Purpose, Roll, effect_key};
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
    fn of(setup: &Setup, segments: &Query<&Segment>, tally: &HostTally) -> Position {
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
        if let Some(by) = stopper(&team, stage, &segments, &accounts, group_isolated.as_deref().unwrap_or(&[])) {
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
                let ready =
                    stage.after.iter().all(|a| matches!(progress.stages[a.get()], StageState::Succeeded(t) if t < now))
                        && stage.needs.iter().all(|r| holds(&team, *r, position.as_ref(), &accounts, &progress.stages));
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
                        &dice,
                        &mut progress,
                        &mut log,
                        &mut hosts,
                        &index.entities,
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
fn stopper(
    team: &Team,
    stage: &Stage,
    segments: &Query<&Segment>,
    accounts: &Query<&mut Account>,
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

fn holds(
    team: &Team,
    need: Need,
    position: Option<&Position>,
    accounts: &Query<&mut Account>,
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
    dice: &Dice,
    progress: &mut Progress,
    log: &mut Log,
    hosts: &mut Query<(&Host, &mut HostStatus)>,
    entities: &[Entity],
    tally: &mut HostTally,
    stores: &mut Query<&mut DataStore>,
) {
    let allowed = |mask: &Option<Vec<bool>>, segment: u16| mask.as_ref().is_none_or(|m| m[usize::from(segment)]);
    let group_id = |group: u16| setup.groups[usize::from(group)].id.clone();
    match effect {
        Effect::Spread { rate, segments } => {
            // Only exposed hosts within reach can be taken: each draws on its own.
            let mut taken_hosts: Vec<u32> = Vec::new();
            for segment in (0..setup.segments()).filter(|&s| position.is_some_and(|p| p.reach[s])) {
                if allowed(segments, segment as u16) {
                    let exposed = tally.exposed.iter_in(setup.hosts_in(segment));
                    taken_hosts.extend(
                        exposed.filter(|&h| dice.at(Purpose::SegmentSpread, u64::from(h), now).unit(key) < *rate),
                    );
                }
            }
            let mut taken: BTreeMap<u16, u32> = BTreeMap::new();
            for h in taken_hosts {
                if let Ok((host, mut status)) = hosts.get_mut(entities[h as usize]) {
                    tally.set(host, &mut status, HostState::Compromised);
                    *taken.entry(host.group).or_default() += 1;
                }
            }
            for (&group, &count) in &taken {
                log.truth(now, EventKind::HostsCompromised { group: group_id(group), count });
            }
        }
        Effect::Exfiltrate { store, records_per_tick, via } => {
            if via.is_some_and(|ioc| team.blocked_iocs.contains(&ioc)) {
                return;
            }
            let spec = &setup.stores[store.get()];
            let SegmentIx(segment) = spec.segment;
            let segment = usize::from(segment);
            if !position.is_some_and(|p| !p.isolated[segment] && p.reach[segment]) {
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
            // The first compromised, connected hosts in host order, segment by segment.
            let mut chosen: Vec<u32> = Vec::new();
            for segment in (0..setup.segments()).filter(|&s| allowed(segments, s as u16)) {
                let want = *hosts_per_tick as usize - chosen.len();
                let held = tally.compromised.iter_in(setup.hosts_in(segment));
                chosen.extend(held.filter(|&h| !tally.cut_off.contains(h)).take(want));
            }
            let mut done: BTreeMap<u16, u32> = BTreeMap::new();
            for h in chosen {
                if let Ok((host, mut status)) = hosts.get_mut(entities[h as usize]) {
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
