//! The end check and the clock. The drill ends when the team declares the incident closed or the
//! incident itself ends: an impact limit is reached, the adversary is evicted and services are
//! back, or time is up. Declaring closed contains nothing: the incident runs on hidden, with no
//! more decisions, until its own end, so the timeline shows what the early close cost.

use crate::compile::{Compiled, Effect, Need};
use crate::engine::components::{Account, Service};
use crate::engine::resources::{HostTally, Log, Progress, Setup, SimClock, StageState, Team};
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
        ImpactLimit::CostAbove(amount) => progress.cost.total() > amount,
    });
    // Nothing is contained before the adversary has held something (a stage that needs no
    // foothold, such as reconnaissance, succeeding or being stopped is not an eviction), nor
    // while it holds any host, isolated or not, or any working account.
    // Quiet: nothing held, every service up, nothing pending.
    let quiet = tally.held() == 0
        && !accounts.iter().any(|a| a.held_by_adversary && !a.revoked)
        && services.iter().all(|s| s.down_since.is_none())
        && team.pending.is_empty();
    let had_foothold = progress.peak_compromised > 0 || accounts.iter().any(|a| a.held_by_adversary);
    let contained_and_recovered = end.when_contained_and_recovered && had_foothold && quiet;
    let incident_end = if limit_reached {
        Some(EndReason::ImpactLimit)
    } else if contained_and_recovered {
        Some(EndReason::ContainedAndRecovered)
    } else if quiet && nothing_more_can_happen(&setup, &progress.stages) {
        Some(EndReason::AttackStopped)
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

/// Whether, with the adversary holding nothing, every stage is stopped, spent (succeeded, with
/// nothing that goes on acting) or waiting for something that can never come: a stage after one
/// stopped or dead, one needing a foothold or an account, or one needing another stopped that can
/// itself never run.
fn nothing_more_can_happen(compiled: &Compiled, stages: &[StageState]) -> bool {
    let ongoing = |i: usize| compiled.stages[i].effects.iter().any(Effect::goes_on);
    if (0..stages.len()).any(|i| matches!(stages[i], StageState::Succeeded(_)) && ongoing(i)) {
        return false;
    }
    // Dead: stopped, or waiting on the dead. Settled by passes (each pass settles at least one
    // more stage, so at most as many passes as stages).
    let mut dead: Vec<bool> = stages.iter().map(|s| *s == StageState::Stopped).collect();
    loop {
        let mut changed = false;
        for (i, stage) in compiled.stages.iter().enumerate() {
            if dead[i] || stages[i] != StageState::Waiting {
                continue;
            }
            // Called only when the adversary holds nothing: a foothold or an account it needs
            // could come back only through a stage that is still alive, and then that one is.
            let blocked = stage.after.iter().any(|a| dead[a.get()])
                || stage.needs.iter().any(|n| match *n {
                    Need::Stopped(s) => stages[s.get()] != StageState::Stopped && dead[s.get()],
                    Need::Foothold(_) | Need::Account(_) => true,
                    Need::Unpatched(_) => false,
                });
            if blocked {
                dead[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    (0..stages.len()).all(|i| dead[i] || matches!(stages[i], StageState::Succeeded(_)))
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
