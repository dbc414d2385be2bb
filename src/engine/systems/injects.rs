//! The MSEL: each inject is delivered once, at the first tick its trigger holds, unless the
//! facilitator holds it back; or at once, when the facilitator sends it by hand.

use super::decisions::decided_by;
use crate::action::Action;
use crate::compile::{InjectCue, InjectIx};
use crate::engine::components::{Backup, Service};
use crate::engine::resources::{Inbox, Log, Progress, Setup, SimClock, StageState, Team};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub fn deliver_injects(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    team: Res<Team>,
    mut inbox: ResMut<Inbox>,
    mut progress: ResMut<Progress>,
    mut log: ResMut<Log>,
    backups: Query<&Backup>,
    services: Query<&Service>,
) {
    let now = clock.now;
    let mut backups_destroyed: BTreeSet<usize> = BTreeSet::new();
    backups_destroyed.extend(backups.iter().filter(|b| b.destroyed).map(|b| usize::from(b.index)));
    let services_down: BTreeSet<usize> =
        services.iter().filter(|s| s.down_since.is_some()).map(|s| usize::from(s.index)).collect();
    let by_hand = std::mem::take(&mut inbox.by_hand);
    inbox.released.clear();
    for (i, inject) in setup.injects.iter().enumerate() {
        let ix = InjectIx(i as u16);
        if progress.injects_delivered.contains_key(&ix) {
            continue;
        }
        let sent = by_hand.contains(&ix);
        if inbox.held.contains(&ix) && !sent {
            continue;
        }
        let world = Facts {
            now,
            team: &team,
            progress: &progress,
            backups_destroyed: &backups_destroyed,
            services_down: &services_down,
        };
        if sent || world.holds(&inject.cue) {
            let inject = &setup.scenario.injects[i];
            progress.injects_delivered.insert(ix, now);
            log.seen(
                now,
                EventKind::InjectDelivered {
                    inject: inject.id.clone(),
                    title: inject.title.clone(),
                    from: inject.from.clone(),
                    to: inject.to.clone(),
                    channel: inject.channel,
                    text: inject.text.clone(),
                    by_hand: sent,
                },
            );
        }
    }
}

/// What a trigger can ask about, as of this tick.
struct Facts<'a> {
    now: u64,
    team: &'a Team,
    progress: &'a Progress,
    backups_destroyed: &'a BTreeSet<usize>,
    services_down: &'a BTreeSet<usize>,
}

impl Facts<'_> {
    /// Whether this very action was decided by `by`.
    fn decided(&self, action: &Action, by: u64) -> bool {
        self.team.decided.iter().any(|(t, a)| a == action && *t <= by)
    }

    fn holds(&self, cue: &InjectCue) -> bool {
        match cue {
            InjectCue::At(t) => self.now >= *t,
            InjectCue::StageSucceeded(s) => matches!(self.progress.stages[s.get()], StageState::Succeeded(_)),
            InjectCue::DetectionFired(d) => self.progress.alerts_delivered.contains_key(d),
            InjectCue::AfterInject(i, delay) => {
                self.progress.injects_delivered.get(i).is_some_and(|&at| self.now >= at.saturating_add(*delay))
            }
            InjectCue::HostsCompromised(n) => self.progress.hosts_compromised >= *n,
            InjectCue::HostsEncrypted(n) => self.progress.hosts_encrypted >= *n,
            InjectCue::RecordsExfiltrated(n) => self.progress.records_exfiltrated >= *n,
            InjectCue::BackupDestroyed(b) => self.backups_destroyed.contains(&b.get()),
            InjectCue::ServiceDown(s) => self.services_down.contains(&s.get()),
            InjectCue::DecisionTaken(kind, by) => decided_by(self.team, *kind, *by),
            InjectCue::DecisionNotTaken(kind, by) => self.now >= *by && !decided_by(self.team, *kind, *by),
            InjectCue::ActionTaken(action, by) => self.decided(action, *by),
            InjectCue::ActionNotTaken(action, by) => self.now >= *by && !self.decided(action, *by),
            InjectCue::ActionTookEffect(action) => self.team.done.iter().any(|(_, a)| a == action),
            InjectCue::All(parts) => parts.iter().all(|p| self.holds(p)),
            InjectCue::Any(parts) => parts.iter().any(|p| self.holds(p)),
        }
    }
}

/// The times from which a trigger's clock parts hold (`At`, `AfterInject` once its inject is
/// delivered, the deadlines of `…NotTaken`): with nothing else changing, a trigger can change
/// only at one of them.
pub fn cue_times(cue: &InjectCue, delivered: &BTreeMap<InjectIx, u64>, times: &mut Vec<u64>) {
    match cue {
        InjectCue::At(t) | InjectCue::DecisionNotTaken(_, t) | InjectCue::ActionNotTaken(_, t) => times.push(*t),
        InjectCue::AfterInject(i, delay) => times.extend(delivered.get(i).map(|at| at.saturating_add(*delay))),
        InjectCue::All(parts) | InjectCue::Any(parts) => parts.iter().for_each(|p| cue_times(p, delivered, times)),
        InjectCue::StageSucceeded(_)
        | InjectCue::DetectionFired(_)
        | InjectCue::HostsCompromised(_)
        | InjectCue::HostsEncrypted(_)
        | InjectCue::RecordsExfiltrated(_)
        | InjectCue::BackupDestroyed(_)
        | InjectCue::ServiceDown(_)
        | InjectCue::DecisionTaken(..)
        | InjectCue::ActionTaken(..)
        | InjectCue::ActionTookEffect(_) => {}
    }
}
