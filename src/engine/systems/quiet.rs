//! Quiet ticks. Most ticks of a long drill change nothing: no action falls due, no inject, no
//! alert, no stage starts or acts, no detection fires. The dice are a pure function of what they
//! decide and when (`engine::rng`), so whether a ready stage or a watching detection comes up at
//! a later tick can be read off without running the ticks in between. `skip_quiet_ticks` moves
//! the clock straight to the next tick where anything can happen, and accrues what a quiet tick
//! accrues (service downtime), so that the run is the same, byte for byte, as one played tick by
//! tick; every draw that could change anything is still rolled, at its own tick.
//!
//! A tick is quiet when, with the world as the last tick left it: no decision waits, nor an
//! inject sent by hand or just released; no host acts
//! on its turn (nothing held, or no graph spread and no host check); no stage would be stopped;
//! no running stage's effect could act (`adversary::acts`); no ready stage's chance and no
//! watching detection's chance comes up; and no pending action, due alert, trigger time or
//! time-up falls on it. Services, situation and cost then change only by the clock; a scenario
//! with a cost limit, which the clock alone can reach, skips nothing.

use super::adversary::{Position, acts, ready, stopper};
use super::detection::may_fire;
use super::injects::cue_times;
use super::services::accrue;
use crate::compile::{Effect, InjectIx};
use crate::engine::components::{Account, DataStore, Segment, Service};
use crate::engine::resources::{HostTally, Inbox, Progress, Setup, SimClock, StageState, Team};
use crate::engine::rng::{Dice, Purpose};
use crate::scenario::model::ImpactLimit;
use bevy_ecs::prelude::*;

/// Moves the clock over the quiet ticks before `horizon`, stopping at the first tick where
/// anything can happen. The first tick of a run and the last one before the horizon always run.
pub fn skip_quiet_ticks(
    In(horizon): In<u64>,
    mut clock: ResMut<SimClock>,
    setup: Res<Setup>,
    dice: Res<Dice>,
    (inbox, team, progress, tally): (Res<Inbox>, Res<Team>, Res<Progress>, Res<HostTally>),
    segments: Query<&Segment>,
    accounts: Query<&Account>,
    stores: Query<&DataStore>,
    mut services: Query<&mut Service>,
) {
    let (now, tick) = (clock.now, clock.tick);
    let cost_limited = setup.scenario.end.impact.iter().any(|l| matches!(l, ImpactLimit::CostAbove(_)));
    // The facilitator's orders on injects take effect at the next tick: it runs.
    let ordered = !inbox.by_hand.is_empty() || !inbox.released.is_empty();
    if now == 0 || horizon <= now || !inbox.decisions.is_empty() || ordered || cost_limited {
        return;
    }
    // The first tick at or after a time.
    let tick_at = |t: u64| t.div_ceil(tick).saturating_mul(tick);
    let mut until = (horizon - 1) / tick * tick;
    until = until.min(tick_at(clock.max.saturating_sub(tick)));
    until = team.pending.iter().map(|p| tick_at(p.effective_at)).fold(until, u64::min);
    for (ix, at) in &progress.alerts_due {
        if !progress.alerts_delivered.contains_key(ix) {
            until = until.min(tick_at(*at));
        }
    }
    let mut times = Vec::new();
    for (i, inject) in setup.injects.iter().enumerate() {
        if !progress.injects_delivered.contains_key(&InjectIx(i as u16)) {
            cue_times(&inject.cue, &progress.injects_delivered, &mut times);
        }
    }
    // A clock part that came true before the last tick changed nothing since; one that came true
    // at it (an inject delivered then, with no delay) may be seen only now.
    until = times.into_iter().filter(|&t| t + tick >= now).map(tick_at).fold(until, u64::min);
    if until <= now || hosts_act(&setup, &progress, &tally) {
        return;
    }
    // The chances rolled each tick: ready stages' and watching detections'.
    let position = Position::of(&setup, &segments, &tally);
    let group_isolated = tally.groups_isolated();
    let mut chances: Vec<(Purpose, u64, f64)> = Vec::new();
    for (i, stage) in setup.stages.iter().enumerate() {
        match progress.stages[i] {
            StageState::Stopped => continue,
            _ if stopper(&team, stage, &segments, &accounts, &group_isolated).is_some() => return,
            StageState::Waiting if ready(&team, stage, now, Some(&position), &accounts, &progress.stages) => {
                chances.push((Purpose::StageChance, stage.key, stage.chance));
            }
            StageState::Waiting => {}
            StageState::Succeeded(_) => {
                if stage.effects.iter().any(|e| acts(&setup, &team, e, Some(&position), &tally, &stores)) {
                    return;
                }
            }
        }
    }
    for (i, detection) in setup.detections.iter().enumerate() {
        if may_fire(&setup, &progress, i) {
            chances.push((Purpose::Detection, detection.key, detection.chance));
        }
    }
    let mut next = now;
    while next < until && !chances.iter().any(|&(purpose, key, chance)| dice.happens(purpose, key, next, chance)) {
        next += tick;
    }
    for _ in (now..next).step_by(tick as usize) {
        services.iter_mut().for_each(|mut service| accrue(&mut service, tick));
    }
    clock.now = next;
}

/// Whether any host acts on its turn (`hosts`): something is held, and a graph spread runs or a
/// host check watches.
fn hosts_act(setup: &Setup, progress: &Progress, tally: &HostTally) -> bool {
    let spreading = setup.stages.iter().zip(&progress.stages).any(|(stage, state)| {
        matches!(state, StageState::Succeeded(_))
            && stage.effects.iter().any(|e| matches!(e, Effect::SpreadOnGraph { .. }))
    });
    tally.compromised.count() > 0 && (spreading || setup.groups.iter().any(|g| g.check.is_some()))
}
