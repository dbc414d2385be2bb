//! The plan's people, at the plan's pace. A role (or the role covering it) answers its first
//! call in the incident after its response time from the plan, drawn in its business-hours or
//! off-hours range by the scenario's clock, and is engaged from then on. Each person on its
//! roster does one thing at a time; more work queues for the first one free.

use crate::compile::Compiled;
use crate::engine::resources::Crew;
use crate::engine::rng::{Dice, Purpose};
use crate::timeline::{Wait, WaitReason};
use std::collections::BTreeMap;

/// The tick at which work started at `starts_at` and lasting `duration` takes effect: the first
/// tick at or after it is done.
pub fn effective_at(now: u64, starts_at: u64, duration: u64, tick: u64) -> u64 {
    now + (starts_at + duration - now).div_ceil(tick) * tick
}

/// When work on a decision by `role` taken at `now`, lasting `duration` seconds, starts (and
/// why it waited, if it did); books the person who does it.
pub fn schedule(
    compiled: &Compiled,
    dice: &Dice,
    crews: &mut BTreeMap<String, Crew>,
    role: &str,
    now: u64,
    duration: u64,
) -> (u64, Option<Wait>) {
    // A covered role's work is done by the people of the role covering it.
    let Some(acting) = compiled.plan.acting_role(role) else { return (now, None) };
    let Some(speed) = compiled.roles.get(acting) else { return (now, None) };
    let crew = crews.entry(acting.to_string()).or_default();
    let (engaged_at, answer) = *crew.engaged.get_or_insert_with(|| {
        let business = compiled.calendar.is_business_hours(now);
        let (lo, hi) = if business { speed.business_hours } else { speed.off_hours };
        // Uniform in the range, by the minute.
        let minutes = (hi - lo) / 60;
        let drawn = dice.at(Purpose::Latency, speed.index, now).below(0, minutes as usize + 1) as u64;
        let why = if business { WaitReason::FirstResponseBusinessHours } else { WaitReason::FirstResponseOffHours };
        (now + lo + drawn * 60, why)
    });
    if crew.free_at.is_empty() {
        crew.free_at = vec![0; speed.people];
    }
    // The person free first (the lowest place on the roster among equals).
    let (person, free_at) = crew.free_at.iter().copied().enumerate().min_by_key(|&(i, t)| (t, i)).unwrap_or((0, 0));
    let ready = engaged_at.max(now);
    let starts_at = ready.max(free_at);
    if let Some(slot) = crew.free_at.get_mut(person) {
        *slot = starts_at + duration;
    }
    let why = if free_at > ready { WaitReason::RosterBusy } else { answer };
    (starts_at, (starts_at > now).then_some(Wait { starts_at, why }))
}
