//! The end check and the clock. The drill ends when the team declares the incident closed or the
//! incident itself ends: an impact limit is reached, the adversary is evicted and services are
//! back, or time is up. Declaring closed contains nothing: the incident runs on hidden, with no
//! more decisions, until its own end, so the timeline shows what the early close cost.

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
    let limit_reached = end.impact.iter().any(|limit| match *limit {
        ImpactLimit::HostsEncrypted(n) => progress.hosts_encrypted >= u64::from(n),
        ImpactLimit::HostsCompromised(n) => progress.hosts_compromised >= u64::from(n),
        ImpactLimit::RecordsExfiltrated(n) => progress.records_exfiltrated >= n,
        ImpactLimit::CostAbove(amount) => progress.cost > amount,
    });
    // Nothing is contained before the adversary has held something (a stage that needs no
    // foothold, such as reconnaissance, succeeding or being stopped is not an eviction), nor
    // while it holds any host, isolated or not, or any working account.
    let had_foothold = progress.peak_compromised > 0 || accounts.iter().any(|a| a.held_by_adversary);
    let contained_and_recovered = end.when_contained_and_recovered
        && had_foothold
        && tally.held() == 0
        && !accounts.iter().any(|a| a.held_by_adversary && !a.revoked)
        && services.iter().all(|s| s.down_since.is_none())
        && team.pending.is_empty();
    let incident_end = if limit_reached {
        Some(EndReason::ImpactLimit)
    } else if contained_and_recovered {
        Some(EndReason::ContainedAndRecovered)
    } else if clock.now + clock.tick >= clock.max {
        Some(EndReason::TimeUp)
    } else {
        None
    };
    let at = |reason| if reason == EndReason::TimeUp { clock.max } else { clock.now };
    if progress.ended.is_none() {
        let closed = team.declared_closed.then_some(EndReason::DeclaredClosed);
        if let Some(reason) = incident_end.or(closed) {
            progress.ended = Some((at(reason), reason));
            progress.incident_ended = incident_end;
            log.drill_ended(at(reason), reason, progress.cost);
        }
    } else if let Some(reason) = incident_end {
        progress.incident_ended = Some(reason);
        log.truth(at(reason), EventKind::IncidentEnded { reason, cost: progress.cost });
    }
}

/// Moves the clock to the next tick while the incident goes on; once it has ended the clock
/// stays at its end (time up: the scenario's full duration).
pub fn advance_clock(mut clock: ResMut<SimClock>, progress: Res<Progress>) {
    match progress.incident_ended {
        None => clock.now += clock.tick,
        Some(EndReason::TimeUp) => clock.now = clock.max,
        Some(_) => {}
    }
}
