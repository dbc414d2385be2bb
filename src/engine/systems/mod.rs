//! The systems of one tick and their fixed order. Each reads and writes plain components and
//! resources; none prints — everything that happens is recorded in the timeline.

mod adversary;
mod cost;
pub(super) mod crew;
mod decisions;
mod detection;
mod end;
mod evidence;
mod hosts;
mod injects;
pub(super) mod quiet;
mod services;
mod situation;

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{ExecutorKind, LogLevel, ScheduleBuildSettings};

/// One tick's phases, in the order they run.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TickSet {
    Decisions,
    Actions,
    Hosts,
    Adversary,
    Detection,
    Impact,
    Injects,
    End,
}

/// The schedule for one tick: every system in its set, the sets chained, single-threaded, and
/// any unordered pair of conflicting systems an error.
pub fn tick_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor_kind(ExecutorKind::SingleThreaded);
    schedule.set_build_settings(ScheduleBuildSettings { ambiguity_detection: LogLevel::Error, ..Default::default() });
    schedule.configure_sets(
        (
            TickSet::Decisions,
            TickSet::Actions,
            TickSet::Hosts,
            TickSet::Adversary,
            TickSet::Detection,
            TickSet::Impact,
            TickSet::Injects,
            TickSet::End,
        )
            .chain(),
    );
    schedule.add_systems((
        decisions::apply_decisions.in_set(TickSet::Decisions),
        decisions::complete_actions.in_set(TickSet::Actions),
        adversary::advance_adversary.in_set(TickSet::Adversary),
        hosts::activate_hosts.in_set(TickSet::Hosts),
        detection::fire_detections.in_set(TickSet::Detection),
        (services::update_services, cost::estimate_cost, situation::record_situation).chain().in_set(TickSet::Impact),
        injects::deliver_injects.in_set(TickSet::Injects),
        (end::check_end, end::advance_clock).chain().in_set(TickSet::End),
    ));
    schedule
}
