//! The end check and the clock: a run ends when the team declares the incident closed, an
//! impact limit is reached, the adversary is contained and services are back, or time is up.

use crate::engine::components::{Account, Service};
use crate::engine::resources::{HostTally, Log, Progress, Setup, SimClock, Team};
use crate::scenario::model::ImpactLimit;
use crate::timeline::{EndReason, EventKind};
use bevy_ecs::prelude::*;

pub fn check_end(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    team: Res<Team>,
    mut progress: ResMut<Progress>,
    mut log: ResMut<Log>,
    tally: Res<HostTally>,
    accounts: Query<&Account>,
    services: Query<&Service>,
) {
    let end = &setup.scenario.end;
    let limit_reached = end.impact.iter().any(|limit| match limit {
        ImpactLimit::HostsEncrypted(n) => progress.hosts_encrypted >= u64::from(*n),
        ImpactLimit::HostsCompromised(n) => progress.hosts_compromised >= u64::from(*n),
        ImpactLimit::RecordsExfiltrated(n) => progress.records_exfiltrated >= *n,
        ImpactLimit::CostAbove(amount) => progress.cost > *amount,
    });
    // Nothing is contained before the adversary has held something: a stage that needs no
    // foothold (reconnaissance, a beacon) succeeding or being stopped is not an eviction.
    let had_foothold = progress.peak_compromised > 0 || accounts.iter().any(|a| a.held_by_adversary);
    let contained_and_recovered = end.when_contained_and_recovered
        && had_foothold
        && progress.hosts_encrypted == 0
        && tally.footholds == 0
        && !accounts.iter().any(|a| a.held_by_adversary && !a.revoked)
        && services.iter().all(|s| s.down_since.is_none())
        && team.pending.is_empty();
    let reason = if team.declared_closed {
        Some(EndReason::DeclaredClosed)
    } else if limit_reached {
        Some(EndReason::ImpactLimit)
    } else if contained_and_recovered {
        Some(EndReason::ContainedAndRecovered)
    } else if clock.now + clock.tick >= clock.max {
        Some(EndReason::TimeUp)
    } else {
        None
    };
    if let Some(reason) = reason {
        let at = if reason == EndReason::TimeUp { clock.max } else { clock.now };
        progress.ended = Some(reason);
        log.seen(at, EventKind::RunEnded { reason, cost: progress.cost });
    }
}

/// Moves the clock to the next tick; once the run has ended it stays at the end (time up: the
/// scenario's full duration).
pub fn advance_clock(mut clock: ResMut<SimClock>, progress: Res<Progress>) {
    match progress.ended {
        None => clock.now += clock.tick,
        Some(EndReason::TimeUp) => clock.now = clock.max,
        Some(_) => {}
    }
}
