//! The simulation engine: a bevy_ecs world per run, advanced one tick at a time by a fixed
//! schedule. Same scenario, plan, seed and decisions give the same timeline, byte for byte.
//!
//! Each tick, in order: decisions are accepted or rejected → pending actions take effect →
//! hosts act in random order (graph spread, automated defences) → the adversary's stages
//! advance → detections fire → services and impact update → injects are delivered → the end
//! is checked and the clock moves on.

mod components;
mod resources;
pub(crate) mod rng;
mod setup;
mod systems;

pub use resources::Decision;

use crate::compile::Compiled;
use crate::compile::InjectIx;
use crate::timeline::{EndReason, Timeline};
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemId;
use resources::{Inbox, Log, Progress, SimClock};
use std::sync::Arc;

/// One run of a scenario against a plan.
pub struct Sim {
    world: World,
    schedule: Schedule,
    /// Moves the clock over quiet ticks (`systems::quiet`), up to a horizon.
    skip: SystemId<In<u64>>,
}

/// Running totals of the harm done.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Impact {
    pub peak_compromised: u64,
    pub peak_encrypted: u64,
    /// Hosts held (encrypted included) at the last tick.
    pub compromised: u64,
    pub records_exfiltrated: u64,
    /// Estimated cost in the scenario's currency, all components (see `engine::systems::cost`).
    pub cost: f64,
}

/// What the facilitator does with an inject that has not come yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InjectOrder {
    /// Deliver it at the next tick, whatever its trigger says.
    Send,
    /// Keep it back, even once its trigger holds.
    Hold,
    /// Let a held inject go: it comes at the first tick its trigger holds.
    Release,
}

/// Hosts by state; `clean` excludes the immune ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HostCounts {
    pub clean: u64,
    pub compromised: u64,
    pub encrypted: u64,
    pub immune: u64,
}

impl Sim {
    /// Sets up a run of a compiled scenario and plan (`compile::compile`).
    pub fn new(compiled: Arc<Compiled>, seed: u64) -> Sim {
        let mut world = setup::build_world(compiled, seed);
        let skip = world.register_system(systems::quiet::skip_quiet_ticks);
        Sim { world, schedule: systems::tick_schedule(), skip }
    }

    /// Takes a decision now; it is accepted or rejected (with a reason, in the timeline) at the
    /// current tick, and its action takes effect after its duration.
    pub fn apply(&mut self, decision: Decision) {
        self.world.resource_mut::<Inbox>().decisions.push(decision);
    }

    /// When a decision given now would take effect if accepted, and why its work would wait: the
    /// booking the engine makes at this tick, worked out on a copy of the roles' schedules after
    /// the decisions already given. Nothing changes.
    pub fn preview(&self, decision: &Decision) -> (u64, Option<crate::timeline::Wait>) {
        let mut bookings = self.bookings(Some(decision));
        bookings.pop().unwrap_or((self.now(), None))
    }

    /// For each decision given since the clock last moved, in order, when it would take effect if
    /// accepted and why its work would wait (as [`Sim::preview`]). Nothing changes.
    pub fn given_previews(&self) -> Vec<(u64, Option<crate::timeline::Wait>)> {
        self.bookings(None)
    }

    /// The bookings the engine would make at this tick for the decisions given, then `extra`.
    fn bookings(&self, extra: Option<&Decision>) -> Vec<(u64, Option<crate::timeline::Wait>)> {
        let setup = self.world.resource::<resources::Setup>();
        let dice = self.world.resource::<rng::Dice>();
        let clock = self.world.resource::<SimClock>();
        let mut crews = self.world.resource::<resources::Team>().crews.clone();
        let mut book = |decision: &Decision| {
            let duration = setup.duration_of(&decision.action);
            let (starts_at, wait) =
                systems::crew::schedule(setup, dice, &mut crews, &decision.role, clock.now, duration);
            (systems::crew::effective_at(clock.now, starts_at, duration, clock.tick), wait)
        };
        self.given().iter().chain(extra).map(&mut book).collect()
    }

    /// Whether the facilitator's order on an inject can be carried out: the inject exists and is
    /// not delivered yet, and is held to be released, not held to be held.
    pub fn check_inject(&self, id: &str, order: InjectOrder) -> Result<InjectIx, String> {
        let setup = self.world.resource::<resources::Setup>();
        let ix = setup.lookup.injects.get(id).ok_or_else(|| format!("no inject `{id}` in this scenario"))?;
        if self.world.resource::<Progress>().injects_delivered.contains_key(&ix) {
            return Err(format!("inject {id} has already been delivered"));
        }
        let held = self.world.resource::<Inbox>().held.contains(&ix);
        match order {
            InjectOrder::Hold if held => Err(format!("inject {id} is already held")),
            InjectOrder::Release if !held => Err(format!("inject {id} is not held")),
            _ => Ok(ix),
        }
    }

    /// Carries out the facilitator's order on an inject (see [`InjectOrder`]).
    pub fn order_inject(&mut self, id: &str, order: InjectOrder) -> Result<(), String> {
        let ix = self.check_inject(id, order)?;
        let mut inbox = self.world.resource_mut::<Inbox>();
        match order {
            InjectOrder::Send => {
                inbox.held.remove(&ix);
                inbox.by_hand.push(ix);
            }
            InjectOrder::Hold => {
                inbox.held.insert(ix);
            }
            InjectOrder::Release => {
                inbox.held.remove(&ix);
                inbox.released.push(ix);
            }
        }
        Ok(())
    }

    /// Decisions given since the clock last moved, not yet taken by the engine.
    pub fn given(&self) -> &[Decision] {
        &self.world.resource::<Inbox>().decisions
    }

    /// Takes back the last decision given since the clock last moved, if any.
    pub fn withdraw_last(&mut self) -> Option<Decision> {
        self.world.resource_mut::<Inbox>().decisions.pop()
    }

    /// Ends the drill now, as the facilitator decides. Decisions given since the clock last moved
    /// are taken first (one more tick), so that none is lost. The incident runs on hidden to its
    /// own end.
    pub fn end_now(&mut self) {
        if !self.world.resource::<Inbox>().decisions.is_empty() {
            self.step();
        }
        if self.is_over() {
            return;
        }
        let now = self.now();
        let reason = EndReason::EndedByFacilitator;
        let mut progress = self.world.resource_mut::<Progress>();
        progress.ended = Some((now, reason));
        let cost = progress.cost;
        self.world.resource_mut::<Log>().drill_ended(now, reason, cost);
        self.run_on_hidden();
    }

    /// Runs one tick, unless the drill is over. A drill that ends early runs on hidden, in the
    /// same call, to the incident's own end.
    pub fn step(&mut self) {
        if !self.is_over() {
            self.schedule.run(&mut self.world);
            self.run_on_hidden();
        }
    }

    /// Moves the clock over the quiet ticks before `horizon`: ticks in which nothing can happen
    /// (`systems::quiet`), so running them would change nothing but the clock and the downtime
    /// it accrues. The next `step` runs the first tick where something can, or the last one
    /// before the horizon.
    pub fn skip_quiet(&mut self, horizon: u64) {
        // The system is registered by `new` and its input is a plain number: it always runs.
        let _ = self.world.run_system_with(self.skip, horizon);
    }

    /// After an early end: the incident goes on with no more decisions until it ends by itself.
    fn run_on_hidden(&mut self) {
        while self.world.resource::<Progress>().runs_on_hidden() {
            self.skip_quiet(u64::MAX);
            self.schedule.run(&mut self.world);
        }
    }

    /// Runs ticks until the clock reaches `seconds` or the run ends.
    pub fn run_until(&mut self, seconds: u64) {
        while !self.is_over() && self.now() < seconds {
            self.skip_quiet(seconds);
            self.step();
        }
    }

    /// Runs to the natural end of the scenario.
    pub fn run_to_end(&mut self) {
        self.run_until(u64::MAX);
    }

    /// The time of the next tick to run, in seconds since the start; once the drill is over,
    /// the time it ended (the incident may have run on hidden past it).
    pub fn now(&self) -> u64 {
        match self.world.resource::<Progress>().ended {
            Some((at, _)) => at,
            None => self.world.resource::<SimClock>().now,
        }
    }

    /// Whether the drill is over: no more decisions.
    pub fn is_over(&self) -> bool {
        self.ended().is_some()
    }

    /// Why the drill ended, once it has.
    pub fn ended(&self) -> Option<EndReason> {
        self.world.resource::<Progress>().ended.map(|(_, reason)| reason)
    }

    /// Impact so far.
    pub fn impact(&self) -> Impact {
        let progress = self.world.resource::<Progress>();
        Impact {
            peak_compromised: progress.peak_compromised,
            peak_encrypted: progress.peak_encrypted,
            compromised: progress.hosts_compromised,
            records_exfiltrated: progress.records_exfiltrated,
            cost: progress.cost.total(),
        }
    }

    /// How many hosts are in each state now.
    pub fn host_counts(&mut self) -> HostCounts {
        let mut counts = HostCounts::default();
        for status in self.world.query::<&components::HostStatus>().iter(&self.world) {
            match status.state {
                components::HostState::Clean if status.immune => counts.immune += 1,
                components::HostState::Clean => counts.clean += 1,
                components::HostState::Compromised => counts.compromised += 1,
                components::HostState::Encrypted => counts.encrypted += 1,
            }
        }
        counts
    }

    /// Everything that happened so far.
    pub fn timeline(&self) -> &Timeline {
        &self.world.resource::<Log>().timeline
    }

    /// Only what the players could know.
    pub fn player_view(&self) -> Vec<&crate::timeline::Event> {
        self.timeline().player_view().collect()
    }
}
