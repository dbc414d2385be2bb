//! The team's side: decisions become pending actions (or are rejected with a reason), and
//! pending actions take effect once their duration has passed.

use super::crew::{effective_at, schedule};
use super::evidence::finding;
use crate::action::{Action, ActionKind};
use crate::compile::{Artefact, SegmentIx};
use crate::engine::components::{Account, Backup, Host, HostState, HostStatus, Segment};
use crate::engine::resources::{HostTally, Inbox, Log, PendingAction, Progress, Setup, SimClock, Team};
use crate::engine::rng::Dice;
use crate::knowledge::Knowledge;
use crate::rejection::Rejection;
use crate::role;
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;

/// Accepts or rejects each decision of this tick, in the order taken.
pub fn apply_decisions(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    dice: Res<Dice>,
    mut inbox: ResMut<Inbox>,
    mut team: ResMut<Team>,
    mut log: ResMut<Log>,
    tally: Res<HostTally>,
    segments: Query<&Segment>,
    accounts: Query<&Account>,
    backups: Query<&Backup>,
) {
    let decisions = std::mem::take(&mut inbox.decisions);
    if decisions.is_empty() {
        return;
    }
    let world = WorldNow {
        groups_isolated: tally.groups_isolated(),
        segments_isolated: flags(segments.iter().map(|s| (s.index, s.isolated))),
        accounts_disabled: flags(accounts.iter().map(|a| (a.index, a.revoked))),
        backups_destroyed: flags(backups.iter().map(|b| (b.index, b.destroyed))),
    };
    let known = Knowledge::of(&setup, &log.timeline.events);
    for decision in decisions {
        let check = Check { setup: &setup, team: &team, world: &world, known: &known };
        if let Err(reason) = check.role(&decision.role).and_then(|()| check.action(&decision.action)) {
            log.seen(clock.now, EventKind::DecisionRejected { role: decision.role, action: decision.action, reason });
            continue;
        }
        let id = team.next_decision;
        team.next_decision += 1;
        let duration = setup.duration_of(&decision.action);
        let (starts_at, waits) = schedule(&setup, &dice, &mut team.crews, &decision.role, clock.now, duration);
        let effective_at = effective_at(clock.now, starts_at, duration, clock.tick);
        team.decided.push((clock.now, decision.action.clone()));
        team.engaged.entry(decision.role.clone()).or_insert(clock.now);
        team.pending.push(PendingAction { decision: id, action: decision.action.clone(), effective_at });
        log.seen(
            clock.now,
            EventKind::DecisionTaken {
                decision: id,
                role: decision.role,
                action: decision.action,
                rationale: decision.rationale,
                effective_at,
                waits,
            },
        );
    }
}

/// The facts a decision is checked against, by index.
struct WorldNow {
    groups_isolated: Vec<bool>,
    segments_isolated: Vec<bool>,
    accounts_disabled: Vec<bool>,
    backups_destroyed: Vec<bool>,
}

/// Flags by index, from (index, flag) pairs.
fn flags(pairs: impl Iterator<Item = (u16, bool)>) -> Vec<bool> {
    let mut out = Vec::new();
    for (index, flag) in pairs {
        let index = usize::from(index);
        if out.len() <= index {
            out.resize(index + 1, false);
        }
        out[index] = flag;
    }
    out
}

/// Why a decision cannot be carried out, checked against the world as it is now.
struct Check<'a> {
    setup: &'a Setup,
    team: &'a Team,
    world: &'a WorldNow,
    /// What the players have been shown so far.
    known: &'a Knowledge,
}

impl Check<'_> {
    fn role(&self, id: &str) -> Result<(), Rejection> {
        if role::find(id).is_none() {
            return Err(Rejection::NotARole { role: id.into() });
        }
        if self.setup.plan.acting_role(id).is_none() {
            return Err(Rejection::RoleNotStaffed { role: id.into() });
        }
        Ok(())
    }

    fn action(&self, action: &Action) -> Result<(), Rejection> {
        let ids = &self.setup.lookup;
        match action {
            Action::IsolateHosts(id) => {
                if self.world.groups_isolated[ids.groups.find(id)?.get()] {
                    return Err(Rejection::HostsAlreadyIsolated { group: id.clone() });
                }
            }
            Action::IsolateSegment(id) => {
                if self.world.segments_isolated[ids.segments.find(id)?.get()] {
                    return Err(Rejection::SegmentAlreadyIsolated { segment: id.clone() });
                }
            }
            Action::IsolateKnownHosts(id) | Action::ReimageKnownHosts(id) => {
                let group = &self.setup.groups[ids.groups.find(id)?.get()];
                if self.team.known_held.range(group.first..group.first + group.count).next().is_none() {
                    return Err(Rejection::NoHostKnownHeld { group: id.clone() });
                }
            }
            Action::LiftIsolation(id) => match (ids.segments.get(id), ids.groups.get(id)) {
                (Some(s), _) if !self.world.segments_isolated[s.get()] => {
                    return Err(Rejection::SegmentNotIsolated { segment: id.clone() });
                }
                (None, None) => return Err(Rejection::NoSuch { what: "segment or host group".into(), id: id.clone() }),
                _ => {}
            },
            Action::CollectEvidence(id) => {
                ids.segments.find(id)?;
            }
            Action::DisableAccount(id) | Action::ResetCredentials(id) => {
                let a = ids.accounts.find(id)?;
                if matches!(action, Action::DisableAccount(_)) && self.world.accounts_disabled[a.get()] {
                    return Err(Rejection::AccountAlreadyDisabled { account: id.clone() });
                }
            }
            Action::BlockIoc(id) => {
                let ioc = ids.iocs.find(id)?;
                if !self.known.has(Artefact::Indicator(ioc)) {
                    return Err(Rejection::IndicatorNotSeen { indicator: id.clone() });
                }
                if self.team.blocked_iocs.contains(&ioc) {
                    return Err(Rejection::IndicatorAlreadyBlocked { indicator: id.clone() });
                }
            }
            Action::Patch(id) => {
                let v = ids.vulnerabilities.find(id)?;
                if !self.known.has(Artefact::Vulnerability(v)) {
                    return Err(Rejection::VulnerabilityNotSeen { vulnerability: id.clone() });
                }
                if self.team.patched.contains(&v) {
                    return Err(Rejection::AlreadyPatched { vulnerability: id.clone() });
                }
            }
            Action::RestoreFromBackup(id) => {
                if self.world.backups_destroyed[ids.backups.find(id)?.get()] {
                    return Err(Rejection::BackupDestroyed { backup: id.clone() });
                }
            }
            Action::Escalate(to) => self.role(to)?,
            Action::Custom(text) if text.trim().is_empty() => return Err(Rejection::EmptyCustomAction),
            Action::ClassifySeverity(_)
            | Action::Notify(_)
            | Action::Communicate(_)
            | Action::DetermineMateriality(_)
            | Action::RecallFunds
            | Action::DeclareClosed
            | Action::Custom(_) => {}
        }
        Ok(())
    }
}

/// Applies every pending action whose time has come, in order of time then decision.
pub fn complete_actions(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    mut team: ResMut<Team>,
    mut progress: ResMut<Progress>,
    mut log: ResMut<Log>,
    mut hosts: Query<(&Host, &mut HostStatus)>,
    mut segments: Query<&mut Segment>,
    mut accounts: Query<&mut Account>,
    backups: Query<&Backup>,
    mut tally: ResMut<HostTally>,
) {
    let (mut due, waiting): (Vec<PendingAction>, Vec<PendingAction>) =
        std::mem::take(&mut team.pending).into_iter().partition(|p| p.effective_at <= clock.now);
    team.pending = waiting;
    due.sort_by_key(|p| (p.effective_at, p.decision));
    for pending in due {
        let lost = evidence_lost(&setup, &team, &pending.action, &hosts);
        let outcome = match pending.action {
            Action::RecallFunds => recall(&mut progress, &mut log, clock.now),
            _ => apply(
                &pending.action,
                &setup,
                &mut team,
                &mut hosts,
                &mut tally,
                &mut segments,
                &mut accounts,
                &backups,
            ),
        };
        let (decision, action) = (pending.decision, pending.action);
        let investigated = match &action {
            Action::CollectEvidence(id) => setup.lookup.segments.get(id),
            _ => None,
        };
        let outcome_ok = outcome.is_ok();
        if outcome_ok {
            if let Action::Escalate(to) = &action {
                team.engaged.entry(to.clone()).or_insert(clock.now);
            }
            team.done.push((clock.now, action.clone()));
        }
        match outcome {
            Ok(()) => log.seen(clock.now, EventKind::ActionTookEffect { decision, action }),
            Err(reason) => log.seen(clock.now, EventKind::ActionFailed { decision, action, reason }),
        }
        if let Some(segment) = investigated {
            team.investigated.insert(segment);
            // The players now know exactly which hosts there are held, and which are not.
            for (host, status) in hosts.iter().filter(|(h, _)| h.segment == segment.0) {
                if status.state == HostState::Clean {
                    team.known_held.remove(&host.index);
                } else {
                    team.known_held.insert(host.index);
                }
            }
            log.seen(clock.now, finding(&setup, &progress, decision, segment, &hosts, &accounts));
        }
        if outcome_ok {
            for (segment, hosts) in lost {
                let segment = setup.scenario.environment.segments[segment.get()].id.clone();
                log.truth(clock.now, EventKind::EvidenceLost { decision, segment, hosts });
            }
        }
    }
}

/// The segments a restore would wipe held hosts in before any investigation there, with how
/// many held hosts each: the root cause lost.
fn evidence_lost(
    setup: &Setup,
    team: &Team,
    action: &Action,
    hosts: &Query<(&Host, &mut HostStatus)>,
) -> Vec<(SegmentIx, u32)> {
    let Action::RestoreFromBackup(id) = action else { return Vec::new() };
    let Some(backup) = setup.lookup.backups.get(id) else { return Vec::new() };
    let mut lost = Vec::new();
    for &segment in setup.backups[backup.get()].covers.iter().filter(|s| !team.investigated.contains(s)) {
        let held = hosts.iter().filter(|(h, s)| h.segment == segment.0 && s.state != HostState::Clean).count();
        if held > 0 {
            lost.push((segment, held as u32));
        }
    }
    lost
}

fn apply(
    action: &Action,
    setup: &Setup,
    team: &mut Team,
    hosts: &mut Query<(&Host, &mut HostStatus)>,
    tally: &mut HostTally,
    segments: &mut Query<&mut Segment>,
    accounts: &mut Query<&mut Account>,
    backups: &Query<&Backup>,
) -> Result<(), Rejection> {
    // Every target was resolved when the decision was accepted; one that is gone is no effect.
    let ids = &setup.lookup;
    match action {
        Action::IsolateHosts(id) => {
            let Some(g) = ids.groups.get(id) else { return Ok(()) };
            hosts.iter_mut().filter(|(h, _)| h.group == g.0).for_each(|(h, mut s)| tally.set_isolated(h, &mut s, true));
        }
        Action::IsolateSegment(id) => {
            let Some(segment) = ids.segments.get(id) else { return Ok(()) };
            segments.iter_mut().filter(|s| s.index == segment.0).for_each(|mut s| s.isolated = true);
            hosts
                .iter_mut()
                .filter(|(h, _)| h.segment == segment.0)
                .for_each(|(h, mut s)| tally.set_isolated(h, &mut s, true));
        }
        Action::IsolateKnownHosts(id) | Action::ReimageKnownHosts(id) => {
            let Some(g) = ids.groups.get(id) else { return Ok(()) };
            let reimage = matches!(action, Action::ReimageKnownHosts(_));
            let known = team.known_held.clone();
            for (host, mut status) in hosts.iter_mut().filter(|(h, _)| h.group == g.0 && known.contains(&h.index)) {
                if reimage {
                    tally.restored += u64::from(status.state != HostState::Clean);
                    tally.set(host, &mut status, HostState::Clean);
                    tally.set_isolated(host, &mut status, false);
                    team.known_held.remove(&host.index);
                } else {
                    tally.set_isolated(host, &mut status, true);
                }
            }
        }
        Action::LiftIsolation(id) => {
            // A segment and its hosts, or the hosts of a group: reconnected; their services come
            // back once nothing else keeps them down.
            if let Some(segment) = ids.segments.get(id) {
                segments.iter_mut().filter(|s| s.index == segment.0).for_each(|mut s| s.isolated = false);
                let mine = |h: &Host| h.segment == segment.0;
                hosts.iter_mut().filter(|(h, _)| mine(h)).for_each(|(h, mut s)| tally.set_isolated(h, &mut s, false));
            } else if let Some(g) = ids.groups.get(id) {
                let mine = |h: &Host| h.group == g.0;
                hosts.iter_mut().filter(|(h, _)| mine(h)).for_each(|(h, mut s)| tally.set_isolated(h, &mut s, false));
            }
        }
        Action::DisableAccount(id) | Action::ResetCredentials(id) => {
            let Some(a) = ids.accounts.get(id) else { return Ok(()) };
            for mut account in accounts.iter_mut().filter(|x| x.index == a.0) {
                account.held_by_adversary = false;
                match action {
                    Action::DisableAccount(_) => account.revoked = true,
                    _ => account.reset = true,
                }
            }
        }
        Action::BlockIoc(id) => {
            team.blocked_iocs.extend(ids.iocs.get(id));
        }
        Action::Patch(id) => {
            team.patched.extend(ids.vulnerabilities.get(id));
        }
        Action::RestoreFromBackup(id) => {
            let Some(b) = ids.backups.get(id) else { return Ok(()) };
            if backups.iter().any(|x| x.index == b.0 && x.destroyed) {
                return Err(Rejection::BackupDestroyedDuringRestore { backup: id.clone() });
            }
            let covered: Vec<u16> = setup.backups[b.get()].covers.iter().map(|s| s.0).collect();
            segments.iter_mut().filter(|s| covered.contains(&s.index)).for_each(|mut s| s.isolated = false);
            for (host, mut status) in hosts.iter_mut().filter(|(h, _)| covered.contains(&h.segment)) {
                tally.restored += u64::from(status.state != HostState::Clean);
                tally.set(host, &mut status, HostState::Clean);
                tally.set_isolated(host, &mut status, false);
            }
        }
        Action::DeclareClosed => team.declared_closed = true,
        // Money is the adversary's progress, not the estate's: `recall` does it.
        Action::RecallFunds
        | Action::CollectEvidence(_)
        | Action::ClassifySeverity(_)
        | Action::Escalate(_)
        | Action::Notify(_)
        | Action::Communicate(_)
        | Action::DetermineMateriality(_)
        | Action::Custom(_) => {}
    }
    Ok(())
}

/// A recall taking effect at `now`: every stolen sum still within its recall window comes back.
/// It fails when nothing was stolen, or when every loss is past its window.
fn recall(progress: &mut Progress, log: &mut Log, now: u64) -> Result<(), Rejection> {
    let mut late = None;
    let mut recovered = false;
    for theft in progress.thefts.iter_mut().filter(|t| !t.recovered) {
        if now <= theft.recall_by {
            theft.recovered = true;
            recovered = true;
            log.seen(now, EventKind::FundsRecovered { amount: theft.amount, stolen_at: theft.stolen_at });
        } else {
            late = Some(*theft);
        }
    }
    match late {
        _ if recovered => Ok(()),
        Some(theft) => {
            Err(Rejection::RecallTooLate { left_ago: now - theft.stolen_at, window: theft.recall_by - theft.stolen_at })
        }
        None => Err(Rejection::NothingToRecall),
    }
}

/// Whether any decision of this kind was taken by `by` seconds.
pub fn decided_by(team: &Team, kind: ActionKind, by: u64) -> bool {
    team.decided.iter().any(|(t, a)| a.kind() == kind && *t <= by)
}
