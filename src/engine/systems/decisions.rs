//! The team's side: decisions become pending actions (or are rejected with a reason), and
//! pending actions take effect once their duration has passed.

use crate::action::{Action, ActionKind};
use crate::engine::components::{Account, Backup, Host, HostState, HostStatus, Segment};
use crate::engine::resources::{HostTally, Inbox, Log, PendingAction, Setup, SimClock, Team};
use crate::role;
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;

/// Accepts or rejects each decision of this tick, in the order taken.
pub fn apply_decisions(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    mut inbox: ResMut<Inbox>,
    mut team: ResMut<Team>,
    mut log: ResMut<Log>,
    hosts: Query<(&Host, &HostStatus)>,
    segments: Query<&Segment>,
    accounts: Query<&Account>,
    backups: Query<&Backup>,
) {
    let decisions = std::mem::take(&mut inbox.decisions);
    if decisions.is_empty() {
        return;
    }
    let mut groups_isolated = vec![true; setup.groups.len()];
    for (host, status) in &hosts {
        groups_isolated[usize::from(host.group)] &= status.isolated;
    }
    let world = WorldNow {
        groups_isolated,
        segments_isolated: flags(segments.iter().map(|s| (s.index, s.isolated))),
        accounts_disabled: flags(accounts.iter().map(|a| (a.index, a.revoked))),
        backups_destroyed: flags(backups.iter().map(|b| (b.index, b.destroyed))),
    };
    for decision in decisions {
        let check = Check { setup: &setup, team: &team, world: &world };
        if let Err(reason) = check.role(&decision.role).and_then(|()| check.action(&decision.action)) {
            log.seen(clock.now, EventKind::DecisionRejected { role: decision.role, action: decision.action, reason });
            continue;
        }
        let id = team.next_decision;
        team.next_decision += 1;
        let kind = decision.action.kind();
        let duration = match &decision.action {
            Action::RestoreFromBackup(b) => setup
                .find("backup", b)
                .and_then(|i| setup.scenario.environment.backups[i].restore_time.seconds().ok())
                .unwrap_or(0),
            _ => setup.durations.get(&kind).copied().unwrap_or_else(|| kind.default_seconds()),
        };
        // In effect at the first tick at or after the duration has passed.
        let effective_at = clock.now + duration.div_ceil(clock.tick) * clock.tick;
        team.first_decided.entry(kind).or_insert(clock.now);
        team.pending.push(PendingAction { decision: id, action: decision.action.clone(), effective_at });
        log.seen(
            clock.now,
            EventKind::DecisionTaken {
                decision: id,
                role: decision.role,
                action: decision.action,
                rationale: decision.rationale,
                effective_at,
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
}

impl Check<'_> {
    fn role(&self, id: &str) -> Result<(), String> {
        if role::find(id).is_none() {
            return Err(format!("`{id}` is not a role"));
        }
        if self.setup.plan.acting_role(id).is_none() {
            return Err(format!("the plan neither staffs nor covers `{id}`"));
        }
        Ok(())
    }

    fn find(&self, kind: &'static str, what: &str, id: &str) -> Result<usize, String> {
        self.setup.find(kind, id).ok_or_else(|| format!("there is no {what} `{id}`"))
    }

    fn action(&self, action: &Action) -> Result<(), String> {
        match action {
            Action::IsolateHosts(id) => {
                if self.world.groups_isolated[self.find("group", "host group", id)?] {
                    return Err(format!("every host of `{id}` is already isolated"));
                }
            }
            Action::IsolateSegment(id) => {
                if self.world.segments_isolated[self.find("segment", "segment", id)?] {
                    return Err(format!("segment `{id}` is already isolated"));
                }
            }
            Action::CollectEvidence(id) => {
                self.find("segment", "segment", id)?;
            }
            Action::DisableAccount(id) | Action::ResetCredentials(id) => {
                let a = self.find("account", "account", id)?;
                if matches!(action, Action::DisableAccount(_)) && self.world.accounts_disabled[a] {
                    return Err(format!("account `{id}` is already disabled"));
                }
            }
            Action::BlockIoc(id) => {
                if self.team.blocked_iocs.contains(&self.find("ioc", "indicator", id)?) {
                    return Err(format!("indicator `{id}` is already blocked"));
                }
            }
            Action::Patch(id) => {
                if self.team.patched.contains(&self.find("vulnerability", "vulnerability", id)?) {
                    return Err(format!("`{id}` is already patched"));
                }
            }
            Action::RestoreFromBackup(id) => {
                if self.world.backups_destroyed[self.find("backup", "backup", id)?] {
                    return Err(format!("backup `{id}` was destroyed and cannot be restored"));
                }
            }
            Action::Escalate(to) => self.role(to)?,
            Action::Custom(text) if text.trim().is_empty() => return Err("a custom action needs a description".into()),
            Action::ClassifySeverity(_)
            | Action::Notify(_)
            | Action::Communicate(_)
            | Action::DetermineMateriality(_)
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
        let outcome =
            apply(&pending.action, &setup, &mut team, &mut hosts, &mut tally, &mut segments, &mut accounts, &backups);
        let (decision, action) = (pending.decision, pending.action);
        match outcome {
            Ok(()) => log.seen(clock.now, EventKind::ActionTookEffect { decision, action }),
            Err(reason) => log.seen(clock.now, EventKind::ActionFailed { decision, action, reason }),
        }
    }
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
) -> Result<(), String> {
    match action {
        Action::IsolateHosts(id) => {
            let g = setup.find("group", id).unwrap_or(usize::MAX) as u16;
            hosts.iter_mut().filter(|(h, _)| h.group == g).for_each(|(h, mut s)| tally.set_isolated(h, &mut s, true));
        }
        Action::IsolateSegment(id) => {
            let index = setup.find("segment", id).unwrap_or(usize::MAX) as u16;
            segments.iter_mut().filter(|s| s.index == index).for_each(|mut s| s.isolated = true);
            hosts
                .iter_mut()
                .filter(|(h, _)| h.segment == index)
                .for_each(|(h, mut s)| tally.set_isolated(h, &mut s, true));
        }
        Action::DisableAccount(id) | Action::ResetCredentials(id) => {
            let index = setup.find("account", id).unwrap_or(usize::MAX) as u16;
            for mut account in accounts.iter_mut().filter(|a| a.index == index) {
                account.held_by_adversary = false;
                match action {
                    Action::DisableAccount(_) => account.revoked = true,
                    _ => account.reset = true,
                }
            }
        }
        Action::BlockIoc(id) => {
            team.blocked_iocs.extend(setup.find("ioc", id));
        }
        Action::Patch(id) => {
            team.patched.extend(setup.find("vulnerability", id));
        }
        Action::RestoreFromBackup(id) => {
            let index = setup.find("backup", id).unwrap_or(usize::MAX);
            if backups.iter().any(|b| usize::from(b.index) == index && b.destroyed) {
                return Err(format!("backup `{id}` was destroyed while the restore ran"));
            }
            let covered: Vec<u16> = setup.scenario.environment.backups[index]
                .covers
                .iter()
                .filter_map(|s| setup.find("segment", s))
                .map(|s| s as u16)
                .collect();
            segments.iter_mut().filter(|s| covered.contains(&s.index)).for_each(|mut s| s.isolated = false);
            for (host, mut status) in hosts.iter_mut().filter(|(h, _)| covered.contains(&h.segment)) {
                tally.restored += u64::from(status.state != HostState::Clean);
                tally.set(host, &mut status, HostState::Clean);
                tally.set_isolated(host, &mut status, false);
            }
        }
        Action::DeclareClosed => team.declared_closed = true,
        Action::CollectEvidence(_)
        | Action::ClassifySeverity(_)
        | Action::Escalate(_)
        | Action::Notify(_)
        | Action::Communicate(_)
        | Action::DetermineMateriality(_)
        | Action::Custom(_) => {}
    }
    Ok(())
}

/// Whether any decision of this kind was taken by `by` seconds.
pub fn decided_by(team: &Team, kind: ActionKind, by: u64) -> bool {
    team.first_decided.get(&kind).is_some_and(|&t| t <= by)
}
