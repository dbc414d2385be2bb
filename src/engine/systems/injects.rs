//! The MSEL: each inject is delivered once, at the first tick its trigger holds.

use super::decisions::decided_by;
use crate::engine::components::{Backup, Service};
use crate::engine::resources::{Log, Progress, Setup, SimClock, StageState, Team};
use crate::scenario::model::Trigger;
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;
use std::collections::BTreeSet;

pub fn deliver_injects(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    team: Res<Team>,
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
    for (i, inject) in setup.scenario.injects.iter().enumerate() {
        if progress.injects_delivered.contains_key(&i) {
            continue;
        }
        let world = Facts {
            now,
            setup: &setup,
            team: &team,
            progress: &progress,
            backups_destroyed: &backups_destroyed,
            services_down: &services_down,
        };
        if world.holds(&inject.trigger) {
            progress.injects_delivered.insert(i, now);
            log.seen(
                now,
                EventKind::InjectDelivered {
                    inject: inject.id.clone(),
                    title: inject.title.clone(),
                    from: inject.from.clone(),
                    to: inject.to.clone(),
                    channel: inject.channel,
                    text: inject.text.clone(),
                },
            );
        }
    }
}

/// What a trigger can ask about, as of this tick.
struct Facts<'a> {
    now: u64,
    setup: &'a Setup,
    team: &'a Team,
    progress: &'a Progress,
    backups_destroyed: &'a BTreeSet<usize>,
    services_down: &'a BTreeSet<usize>,
}

impl Facts<'_> {
    fn holds(&self, trigger: &Trigger) -> bool {
        let seconds = |d: &crate::duration::HumanDuration| d.seconds().unwrap_or(u64::MAX);
        match trigger {
            Trigger::At(t) => self.now >= seconds(t),
            Trigger::StageSucceeded(id) => self
                .setup
                .find("stage", id)
                .is_some_and(|s| matches!(self.progress.stages[s], StageState::Succeeded(_))),
            Trigger::DetectionFired(id) => {
                self.setup.find("detection", id).is_some_and(|d| self.progress.alerts_delivered.contains_key(&d))
            }
            Trigger::AfterInject(id, delay) => self
                .setup
                .find("inject", id)
                .and_then(|i| self.progress.injects_delivered.get(&i))
                .is_some_and(|&at| self.now >= at.saturating_add(seconds(delay))),
            Trigger::HostsCompromised(n) => self.progress.hosts_compromised >= u64::from(*n),
            Trigger::HostsEncrypted(n) => self.progress.hosts_encrypted >= u64::from(*n),
            Trigger::RecordsExfiltrated(n) => self.progress.records_exfiltrated >= *n,
            Trigger::BackupDestroyed(id) => {
                self.setup.find("backup", id).is_some_and(|b| self.backups_destroyed.contains(&b))
            }
            Trigger::ServiceDown(id) => self.setup.find("service", id).is_some_and(|s| self.services_down.contains(&s)),
            Trigger::DecisionTaken(kind, by) => decided_by(self.team, *kind, seconds(by)),
            Trigger::DecisionNotTaken(kind, by) => {
                self.now >= seconds(by) && !decided_by(self.team, *kind, seconds(by))
            }
            Trigger::All(parts) => parts.iter().all(|p| self.holds(p)),
            Trigger::Any(parts) => parts.iter().any(|p| self.holds(p)),
        }
    }
}
